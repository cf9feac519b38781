import type { Language } from '../i18n';
import type { Asset } from './types';

/** The identifiers the matching engine uses, as written: CPE and/or package URL. */
export function Identity({ asset }: { asset: Pick<Asset, 'cpe' | 'purl'> }) {
  if (!asset.cpe && !asset.purl) return null;
  return (
    <>
      {asset.cpe && <code className="identity">{asset.cpe}</code>}
      {asset.purl && <code className="identity">{asset.purl}</code>}
    </>
  );
}

export function operatorName(a: Asset, lang: Language, ownStaff: string): string {
  if (!a.operator) return ownStaff;
  const name = lang === 'en' ? a.operator.nameEn : a.operator.name;
  return name ?? a.operator.orgId;
}

export function ownerName(a: Asset, lang: Language): string {
  return (lang === 'en' ? a.orgNameEn : a.orgName) ?? a.orgId;
}
