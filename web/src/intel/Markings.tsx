import { useTranslation } from 'react-i18next';
import type { Clearance } from './types';

/**
 * TLP 2.0 as a badge in the standard's colours (text on black, every level ≥ 7:1), with the level
 * spelled out so colour is never the only signal; a clearance requirement beside it.
 */
export function TlpBadge({ tlp }: { tlp: string }) {
  const { t } = useTranslation();
  const cls = `badge badge-tlp tlp-${tlp.replace('+', '-')}`;
  return (
    <span className={cls} title={t(`intel.tlp.${tlpKey(tlp)}` as const)}>
      TLP:{tlp.toUpperCase()}
    </span>
  );
}

export function ClearanceBadge({ clearance }: { clearance: Clearance | string }) {
  const { t } = useTranslation();
  if (clearance === 'none') return null;
  return <span className="badge badge-clearance">{t('intel.markings.clearanceBadge', { level: t(`clearance.${clearance as Clearance}`) })}</span>;
}

export function Markings({ tlp, clearance }: { tlp: string; clearance: Clearance | string }) {
  return (
    <>
      <TlpBadge tlp={tlp} /> <ClearanceBadge clearance={clearance} />
    </>
  );
}

type TlpKey = 'clear' | 'green' | 'amber' | 'amberStrict' | 'red';
function tlpKey(tlp: string): TlpKey {
  return tlp === 'amber+strict' ? 'amberStrict' : (['clear', 'green', 'amber', 'red'] as const).find((k) => k === tlp) ?? 'amberStrict';
}
