import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate, useSearchParams } from '../app/router';
import { can, useMe } from '../auth/session';
import { LoadError, Loading } from '../ui/Status';
import { AddLinkForm } from './AddLinkForm';
import { useLinks } from './api';
import { LinkCsvImport } from './LinkCsvImport';
import { SupplierAlerts } from './SupplierAlerts';
import { CustomerTable, OverseenTable, SupplierTable } from './LinkTables';
import { useLiveSupplyChain } from './live';
import { SupplyFrame } from './SupplyNav';
import '../assets/assets.css';
import './supply-chain.css';

/** /supply-chain: my suppliers and my customers (pending links shown as pending), declaring and importing suppliers. */
export function LinksPage() {
  const { t } = useTranslation();
  const me = useMe();
  const links = useLinks();
  useLiveSupplyChain();
  const own = me.organization.id;
  const declares = can(me, 'supplyChain.create');
  const org = useSearchParams().get('org');
  const oversees = me.organization.kind === 'national_hub' || me.organization.kind === 'ministry';
  // The dashboard links an organisation as /supply-chain?org=…: for those who oversee, that is its graph.
  useEffect(() => {
    if (org && oversees) navigate(`/supply-chain/graph?org=${encodeURIComponent(org)}`, { replace: true });
  }, [org, oversees]);

  const all = links.data ?? [];
  const suppliers = all.filter((l) => l.customer.orgId === own);
  const customers = all.filter((l) => l.supplier.orgId === own);
  const overseen = all.filter((l) => l.customer.orgId !== own && l.supplier.orgId !== own);
  const pending = customers.filter((l) => l.abilities.confirm).length;

  return (
    <SupplyFrame current="links">
      {links.isPending && <Loading />}
      {links.isError && <LoadError error={links.error} onRetry={() => void links.refetch()} />}
      {links.data && (
        <>
          {pending > 0 && <p className="alert alert-warning">{t('supplyChain.links.pendingForYou', { count: pending })}</p>}
          <SupplierAlerts />
          <section aria-labelledby="links-suppliers" className="section">
            <h2 id="links-suppliers" tabIndex={-1}>{t('supplyChain.links.suppliersTitle')}</h2>
            <SupplierTable links={suppliers} />
          </section>
          <section aria-labelledby="links-customers" className="section">
            <h2 id="links-customers" tabIndex={-1}>{t('supplyChain.links.customersTitle')}</h2>
            <p className="muted-inline">{t('supplyChain.links.customersIntro')}</p>
            <CustomerTable links={customers} />
          </section>
          {overseen.length > 0 && (
            <section aria-labelledby="links-overseen" className="section">
              <h2 id="links-overseen">{t('supplyChain.links.overseenTitle')}</h2>
              <OverseenTable links={overseen} />
            </section>
          )}
        </>
      )}
      {declares && (
        <>
          <AddLinkForm />
          <LinkCsvImport />
        </>
      )}
    </SupplyFrame>
  );
}
