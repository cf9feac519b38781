import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { Link } from '../../app/router';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { LoadError, Loading } from '../../ui/Status';
import { useIntelObject } from '../api';
import { collectionTitle, objectLabel } from '../labels';
import { Markings } from '../Markings';
import type { NamedReference, ObjectPageData, StixObject } from '../types';
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
  const named = useMemo(() => new Map((query.data?.references ?? []).map((r) => [r.id, r])), [query.data]);
  if (query.isPending) return <><Back /><Loading /></>;
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404) return <NotFound />;
    return <><Back /><LoadError error={query.error} onRetry={() => void query.refetch()} /></>;
  }
  const data = query.data;
  return (
    <>
      <Back />
      <Header data={data} named={named} />
      <VersionsPanel id={id} versions={data.versions} />
      <Relationships id={id} relationships={data.relationships} />
      <References object={data.object} named={named} />
      <ObservablesPanel observables={data.observables} />
      <RawJson object={data.object} />
    </>
  );
}

/**
 * The page's title: the object's name; for a relationship, its two ends and its type
 * (`KuroKumo C2 → indicates → KuroKumo ransomware`); for a sighting, what was sighted. An end the
 * store does not hold, or the viewer may not see, is named by its type only.
 */
function useTitle(o: StixObject, named: ReadonlyMap<string, NamedReference>): string {
  const { t } = useTranslation();
  const end = (ref: unknown) => {
    if (typeof ref !== 'string') return '?';
    const n = named.get(ref);
    return n ? objectLabel(n) : t('intel.object.hiddenEnd', { type: ref.split('--')[0] });
  };
  if (o.type === 'relationship' && typeof o['relationship_type'] === 'string') return `${end(o['source_ref'])} → ${o['relationship_type']} → ${end(o['target_ref'])}`;
  if (o.type === 'sighting' && typeof o['sighting_of_ref'] === 'string') return t('intel.object.sightingOf', { what: end(o['sighting_of_ref']) });
  return objectLabel(o);
}

function Header({ data, named }: { data: ObjectPageData; named: ReadonlyMap<string, NamedReference> }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const o = data.object;
  const title = useTitle(o, named);
  const description = typeof o['description'] === 'string' ? o['description'] : null;
  const created = typeof o.created === 'string' ? o.created : null;
  const modified = typeof o.modified === 'string' ? o.modified : null;
  return (
    <header className="report-header">
      <p className="reference">
        <span className="badge">{o.type}</span> <Markings tlp={data.tlp} clearance={data.clearance} />
      </p>
      <h1>{title}</h1>
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
