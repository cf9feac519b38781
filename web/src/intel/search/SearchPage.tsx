import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { Link, navigate, useSearchParams } from '../../app/router';
import { LoadError, Loading } from '../../ui/Status';
import { objectLabel, objectPath } from '../labels';
import { Markings } from '../Markings';
import { WhereSeen } from '../WhereSeen';
import '../intel.css';
import { useObjectSearch, useObservableLookup, type ObservableLookup } from './api';

/**
 * /intel/search?q=…: one box for any observable (IP, CIDR, domain, URL, hash, email — the server
 * guesses the kind and normalises it) or object (id prefix or name). The term lives in the URL, so a
 * search can be linked and reloaded.
 */
export function SearchPage() {
  const { t } = useTranslation();
  const params = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const type = params.get('type') ?? '';
  const [draft, setDraft] = useState(q);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(`/intel/search?${new URLSearchParams({ q: draft.trim(), ...(type ? { type } : {}) })}`);
  };
  return (
    <>
      <div className="page-head">
        <h1>{t('intel.search.title')}</h1>
        <Link to="/intel/warnings" className="button">{t('intel.search.warningsLink')}</Link>
      </div>
      <p className="lead">{t('intel.search.intro')}</p>
      <form role="search" className="inline-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="intel-search">{t('intel.search.label')}</label>
          <p id="intel-search-hint" className="field-hint">{t('intel.search.hint')}</p>
          <input id="intel-search" type="search" value={draft} maxLength={4096} aria-describedby="intel-search-hint" onChange={(e) => setDraft(e.target.value)} />
        </div>
        <button type="submit" className="button button-primary">{t('intel.search.submit')}</button>
      </form>
      {q !== '' && <Results q={q} type={type} />}
    </>
  );
}

/** STIX types offered as a filter of the object results (the store accepts any type name). */
const TYPES = ['indicator', 'malware', 'threat-actor', 'intrusion-set', 'campaign', 'attack-pattern', 'tool', 'vulnerability', 'infrastructure', 'report', 'identity', 'relationship', 'sighting', 'observed-data', 'course-of-action', 'note', 'ipv4-addr', 'ipv6-addr', 'domain-name', 'url', 'file', 'email-addr'];

function Results({ q, type }: { q: string; type: string }) {
  const { t } = useTranslation();
  const observable = useObservableLookup(q);
  const objects = useObjectSearch(q, type);
  const setType = (next: string) => navigate(`/intel/search?${new URLSearchParams({ q, ...(next ? { type: next } : {}) })}`, { replace: true });
  const notObservable = observable.error instanceof ApiError && observable.error.status === 400;
  return (
    <div aria-live="polite">
      {observable.isPending && <Loading />}
      {observable.isError && !notObservable && <LoadError error={observable.error} onRetry={() => void observable.refetch()} />}
      {notObservable && <p className="muted">{t('intel.search.notObservable')}</p>}
      {observable.data === null && <p className="alert alert-info">{t('intel.search.notSeen', { value: q })}</p>}
      {observable.data && <ObservableResult result={observable.data} />}
      <section className="sub-section" aria-labelledby="intel-object-hits">
        <h2 id="intel-object-hits">{t('intel.search.objectsTitle')}</h2>
        <div className="field type-filter">
          <label htmlFor="intel-type">{t('intel.search.typeFilter')}</label>
          <select id="intel-type" value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">{t('intel.search.anyType')}</option>
            {[...new Set([...TYPES, ...(type ? [type] : [])])].map((x) => (
              <option key={x} value={x}>{x}</option>
            ))}
          </select>
        </div>
        {objects.isPending && <Loading />}
        {objects.isError && <LoadError error={objects.error} onRetry={() => void objects.refetch()} />}
        {objects.data && objects.data.length === 0 && <p className="muted">{t('intel.search.noObjects')}</p>}
        {objects.data && objects.data.length > 0 && (
          <ul className="plain-list">
            {objects.data.map((o) => (
              <li key={o.id}>
                <Link to={objectPath(o.id)}>{objectLabel(o)}</Link>{' '}
                <span className="badge">{o.type}</span> <Markings tlp={o.tlp} clearance={o.clearance} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function ObservableResult({ result }: { result: ObservableLookup }) {
  const { t } = useTranslation();
  return (
    <>
      <WhereSeen record={result} />
      <section className="sub-section" aria-labelledby="intel-mentions">
        <h2 id="intel-mentions">{t('intel.search.mentionsTitle')}</h2>
        {result.objects.length === 0 ? (
          <p className="muted">{t('intel.search.noMentions')}</p>
        ) : (
          <ul className="plain-list">
            {result.objects.map((o) => (
              <li key={o.id}>
                {o.type === 'incident-report' ? (
                  // Its reporter and recipients open it; anyone else gets the report page's not-found.
                  <Link to={`/incidents/${o.id.slice('incident-report--'.length)}`}>{t('intel.search.incidentReport')}</Link>
                ) : (
                  <Link to={objectPath(o.id)}>{objectLabel(o)}</Link>
                )}{' '}
                <span className="badge">{o.type}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
