import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { Link } from '../../app/router';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { LoadError, Loading } from '../../ui/Status';
import { useIntelObject } from '../api';
import { collectionTitle, objectLabel } from '../labels';
import { Markings } from '../Markings';
import type { ObjectPageData } from '../types';
import { ExportObject } from './ExportObject';
import { ObservablesPanel } from './ObservablesPanel';
import { RawJson } from './RawJson';
import { References } from './References';
import { Relationships } from './Relationships';
import { VersionsPanel } from './VersionsPanel';
import '../intel.css';

const STIX_ID = /^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-fA-F-]{36}$/;

/**
 * /intel/objects/:id — one STIX object as far as the viewer may see it: markings, every visible
 * version, relationships in both directions, where its observables were seen, the raw JSON.
 * An object the viewer may not see looks exactly like one that does not exist.
 */
export function ObjectPage({ id }: { id: string }) {
  return STIX_ID.test(id) ? <Loaded id={id} key={id} /> : <NotFound />;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <>
      <Back />
      <h1>{t('intel.object.notFoundTitle')}</h1>
      <p>{t('intel.object.notFound')}</p>
    </>
  );
}

function Back() {
  const { t } = useTranslation();
  return (
    <p className="breadcrumb">
      <Link to="/intel">{t('intel.object.back')}</Link>
    </p>
  );
}

function Loaded({ id }: { id: string }) {
  const query = useIntelObject(id);
  if (query.isPending) return <><Back /><Loading /></>;
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404) return <NotFound />;
    return <><Back /><LoadError error={query.error} onRetry={() => void query.refetch()} /></>;
  }
  const data = query.data;
  return (
    <>
      <Back />
      <Header data={data} />
      <VersionsPanel id={id} versions={data.versions} />
      <Relationships id={id} relationships={data.relationships} />
      <References object={data.object} />
      <ObservablesPanel observables={data.observables} />
      <RawJson object={data.object} />
    </>
  );
}

function Header({ data }: { data: ObjectPageData }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const o = data.object;
  const description = typeof o['description'] === 'string' ? o['description'] : null;
  const created = typeof o.created === 'string' ? o.created : null;
  const modified = typeof o.modified === 'string' ? o.modified : null;
  return (
    <header className="report-header">
      <p className="reference">
        <span className="badge">{o.type}</span> <Markings tlp={data.tlp} clearance={data.clearance} />
      </p>
      <h1>{objectLabel(o)}</h1>
      {description && <p className="lead pre-wrap">{description}</p>}
      <dl className="facts">
        <dt>{t('intel.object.type')}</dt>
        <dd><code>{o.type}</code></dd>
        <dt>{t('intel.object.id')}</dt>
        <dd><code className="object-id">{o.id}</code></dd>
        <dt>{t('intel.object.markings')}</dt>
        <dd>
          <Markings tlp={data.tlp} clearance={data.clearance} />{' '}
          <span className="muted-inline">{t('intel.object.markingNote')}</span>
        </dd>
        {created && (
          <>
            <dt>{t('intel.object.created')}</dt>
            <dd><time dateTime={created}>{formatDateTime(created, lang)}</time></dd>
          </>
        )}
        {modified && (
          <>
            <dt>{t('intel.object.modified')}</dt>
            <dd><time dateTime={modified}>{formatDateTime(modified, lang)}</time></dd>
          </>
        )}
        <dt>{t('intel.object.versionCount')}</dt>
        <dd>{data.versions.length}</dd>
        <dt>{t('intel.object.collections')}</dt>
        <dd>{data.collections.length ? data.collections.map((c) => collectionTitle(c.title, lang)).join(lang === 'ja' ? '、' : ', ') : '—'}</dd>
      </dl>
      <ExportObject data={data} />
    </header>
  );
}
