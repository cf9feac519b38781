import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../app/router';
import { useMe } from '../auth/session';
import { useAssessors } from './api';

export type SupplyView = 'links' | 'assessment' | 'mismatches' | 'graph' | 'claims';

const views: { key: SupplyView; to: string }[] = [
  { key: 'links', to: '/supply-chain' },
  { key: 'assessment', to: '/supply-chain/assessment' },
  { key: 'mismatches', to: '/supply-chain/mismatches' },
  { key: 'graph', to: '/supply-chain/graph' },
  { key: 'claims', to: '/supply-chain/claims' },
];

/**
 * The supply chain's own tabs; the assessor tab only for a registered assessor organisation (the public
 * list of assessors says which; the claims API answers 404 to anyone else).
 */
export function SupplyNav({ current }: { current: SupplyView }) {
  const { t } = useTranslation();
  const me = useMe();
  const assessors = useAssessors();
  const isAssessor = assessors.data?.some((a) => a.orgId === me.organization.id) ?? false;
  // The hub and ministries assess no one's security as a supplier: no questionnaire of their own.
  const company = me.organization.kind !== 'national_hub' && me.organization.kind !== 'ministry';
  return (
    <nav aria-label={t('supplyChain.nav.label')} className="tabs tabs-wrap">
      {views
        .filter((v) => (v.key !== 'claims' || isAssessor) && (v.key !== 'assessment' || company || current === 'assessment'))
        .map((v) => (
          <Link key={v.key} to={v.to} aria-current={v.key === current ? 'page' : undefined}>
            {t(`supplyChain.nav.${v.key}`)}
          </Link>
        ))}
    </nav>
  );
}

/** The page frame every supply-chain view shares: title, tabs, lead text (unless the view says it has none for the caller). */
export function SupplyFrame({ current, lead = true, children }: { current: SupplyView; lead?: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('nav.supplyChain')}</h1>
      <SupplyNav current={current} />
      {lead && <p className="lead">{t(`supplyChain.intro.${current}`)}</p>}
      {children}
    </>
  );
}
