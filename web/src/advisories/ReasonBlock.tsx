import { useTranslation } from 'react-i18next';
import { explainReason, localRange } from './explainReason';
import type { Notification } from './types';

/** "Why it matched": the statement's key, the range it marks, the asset's version, and the engine's sentence in the reader's language. */
export function ReasonBlock({ n }: { n: Notification }) {
  const { t } = useTranslation();
  const r = n.reason;
  const explained = explainReason(t, r);
  return (
    <section className="reason" aria-label={t('advisories.reason.title')}>
      <h4>{t('advisories.reason.title')}</h4>
      <p>{t(`advisories.reason.verdict.${n.verdict}`)}</p>
      <dl className="facts">
        <dt>{t('advisories.reason.range')}</dt>
        <dd><code className="range">{localRange(t, r.range)}</code></dd>
        <dt>{t('advisories.reason.assetVersion')}</dt>
        <dd>{r.assetVersion ? <code>{r.assetVersion}</code> : t('advisories.reason.noVersion')}</dd>
        <dt>{t('advisories.reason.key')}</dt>
        <dd>
          <code>{r.key}</code> <span className="muted-inline">{t(`advisories.reason.identifiers.${r.identifier}`, { defaultValue: r.identifier })}</span>
        </dd>
        <dt>{t('advisories.reason.explanation')}</dt>
        {/* Reasons stored before the engine recorded its case have only the English sentence. */}
        {explained === null ? <dd lang="en">{r.explanation}</dd> : <dd>{explained}</dd>}
      </dl>
    </section>
  );
}
