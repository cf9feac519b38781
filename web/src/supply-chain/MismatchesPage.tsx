import { useTranslation } from 'react-i18next';
import { Link } from '../app/router';
import { useMe } from '../auth/session';
import { currentLanguage } from '../i18n';
import { LoadError, Loading } from '../ui/Status';
import { useMismatches, useMismatchSummary } from './api';
import { LevelBadge, orgLabel } from './level';
import { LinkStatusBadge } from './LinkTables';
import { useLiveSupplyChain } from './live';
import { SupplyFrame } from './SupplyNav';
import type { GapItem, Mismatch } from './types';
import '../assets/assets.css';
import './supply-chain.css';

/** /supply-chain/mismatches: suppliers below what I require, and customers whose requirement I miss. */
export function MismatchesPage() {
  const { t } = useTranslation();
  const me = useMe();
  useLiveSupplyChain();
  // The hub and ministries are party to no link: they see the nation-wide picture instead.
  const oversees = me.organization.kind === 'national_hub' || me.organization.kind === 'ministry';
  if (oversees)
    return (
      <SupplyFrame current="mismatches">
        <NationSummary />
      </SupplyFrame>
    );
  return (
    <SupplyFrame current="mismatches">
      <section aria-labelledby="mm-customer" className="section">
        <h2 id="mm-customer">{t('supplyChain.mismatches.customerTitle')}</h2>
        <p className="muted-inline">{t('supplyChain.mismatches.customerIntro')}</p>
        <MismatchList side="customer" />
      </section>
      <section aria-labelledby="mm-supplier" className="section">
        <h2 id="mm-supplier">{t('supplyChain.mismatches.supplierTitle')}</h2>
        <p className="muted-inline">{t('supplyChain.mismatches.supplierIntro')}</p>
        <MismatchList side="supplier" />
      </section>
    </SupplyFrame>
  );
}

function GapList({ items, count }: { items: GapItem[]; count: number }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <details className="gap-details">
      <summary>{t('supplyChain.mismatches.gapSummary', { count })}</summary>
      <ul className="missing-list">
        {items.map((g) => (
          <li key={g.id}>
            <span className="question-id">{g.id}</span> <LevelBadge level={g.level} /> {lang === 'en' ? g.textEn : g.text}
          </li>
        ))}
      </ul>
    </details>
  );
}

function MismatchList({ side }: { side: 'customer' | 'supplier' }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const q = useMismatches(side);
  const anon = t('supplyChain.anonymous');
  if (q.isPending) return <Loading />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data.length === 0) return <p className="alert alert-info">{t(side === 'customer' ? 'supplyChain.mismatches.noneCustomer' : 'supplyChain.mismatches.noneSupplier')}</p>;
  const who = (m: Mismatch) => orgLabel(side === 'customer' ? m.supplier : m.customer, lang, anon);
  return (
    <>
      {side === 'supplier' && (
        <p>
          <Link to="/supply-chain/assessment">{t('supplyChain.mismatches.toAssessment')}</Link>
        </p>
      )}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t(side === 'customer' ? 'supplyChain.mismatches.customerTitle' : 'supplyChain.mismatches.supplierTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t(side === 'customer' ? 'supplyChain.links.supplier' : 'supplyChain.links.customer')}</th>
              <th scope="col">{t('supplyChain.links.provides')}</th>
              <th scope="col">{t('supplyChain.mismatches.required')}</th>
              <th scope="col">{t('supplyChain.mismatches.actual')}</th>
              <th scope="col">{t('supplyChain.mismatches.gap')}</th>
            </tr>
          </thead>
          <tbody>
            {q.data.map((m) => (
              <tr key={m.linkId}>
                <th scope="row">
                  {who(m)}
                  {m.status === 'pending' && <LinkStatusBadge status={m.status} />}
                </th>
                <td className="cell-wrap">{m.provides}</td>
                <td><LevelBadge level={m.requiredLevel} /></td>
                <td><LevelBadge level={m.actualLevel} /></td>
                <td className="cell-wrap"><GapList items={m.gapItems} count={m.gapCount} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function NationSummary() {
  const { t } = useTranslation();
  const q = useMismatchSummary(true);
  return (
    <section aria-labelledby="mm-nation" className="section">
      <h2 id="mm-nation">{t('supplyChain.mismatches.nationTitle')}</h2>
      <p className="muted-inline">{t('supplyChain.mismatches.nationIntro')}</p>
      {q.isPending && <Loading />}
      {q.isError && <LoadError error={q.error} onRetry={() => void q.refetch()} />}
      {q.data &&
        (q.data.length === 0 ? (
          <p className="alert alert-info">{t('supplyChain.mismatches.nationNone')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('supplyChain.mismatches.nationTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('supplyChain.mismatches.required')}</th>
                  <th scope="col">{t('supplyChain.mismatches.actual')}</th>
                  <th scope="col">{t('supplyChain.mismatches.links')}</th>
                  <th scope="col">{t('supplyChain.mismatches.suppliers')}</th>
                </tr>
              </thead>
              <tbody>
                {q.data.map((r) => (
                  <tr key={`${r.required_level}-${r.actual_level}`}>
                    <th scope="row"><LevelBadge level={r.required_level} /></th>
                    <td><LevelBadge level={r.actual_level} /></td>
                    <td>{r.links}</td>
                    <td>{r.suppliers}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}
