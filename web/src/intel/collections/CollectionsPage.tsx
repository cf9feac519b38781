import { useTranslation } from 'react-i18next';
import { Link } from '../../app/router';
import { useMe } from '../../auth/session';
import { LoadError, Loading } from '../../ui/Status';
import { useCollections, useLiveIntel } from '../api';
import { CollectionTable } from './CollectionTable';
import { CreateCollection } from './CreateCollection';
import { UploadBundle } from './UploadBundle';
import '../intel.css';

/** Hub admins create collections; ISAC admins too, owned by their ISAC (the server decides; this only hides the form). */
const mayCreate = (kind: string, role: string) => role === 'admin' && (kind === 'national_hub' || kind === 'isac');

/**
 * /intel/collections: the collections the viewer belongs to and what it may do in each. Members add
 * STIX bundles where they may write; hub admins and an ISAC's admins edit the collections they manage.
 */
export function CollectionsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const collections = useCollections();
  useLiveIntel();
  const list = collections.data ?? [];
  const writable = list.filter((c) => c.canWrite);
  return (
    <>
      <p className="breadcrumb"><Link to="/intel">{t('intel.object.back')}</Link></p>
      <h1>{t('intel.collections.title')}</h1>
      <p className="lead">{t('intel.collections.intro')}</p>
      {collections.isPending && <Loading />}
      {collections.isError && <LoadError error={collections.error} onRetry={() => void collections.refetch()} />}
      {writable.length > 0 && <UploadBundle collections={writable} />}
      {mayCreate(me.organization.kind, me.role) && <CreateCollection />}
      {collections.data && (
        <section aria-labelledby="collections-list">
          <h2 id="collections-list">{t('intel.collections.listTitle', { count: list.length })}</h2>
          {list.length === 0 && <p className="muted">{t('intel.collections.none')}</p>}
          {list.length > 0 && <CollectionTable collections={list} />}
        </section>
      )}
    </>
  );
}
