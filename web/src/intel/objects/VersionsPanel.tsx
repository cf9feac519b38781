import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { LoadError, Loading } from '../../ui/Status';
import { useObjectVersion } from '../api';
import { diffJson, showValue } from './jsonDiff';

type View = 'json' | 'diff';

/**
 * Every version the viewer may see, oldest first. Pick one to read its JSON as stored, or compare
 * it with another version (by default the one before it).
 */
export function VersionsPanel({ id, versions }: { id: string; versions: string[] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const latest = versions.length - 1;
  const [picked, setPicked] = useState(latest);
  const [base, setBase] = useState(Math.max(0, latest - 1));
  const [view, setView] = useState<View>('json');
  const label = (i: number) => {
    const v = versions[i]!;
    // SCOs (an IP address, a file) have no versions: "version 1 (unversioned)" read as a contradiction.
    if (v === '') return t('intel.versions.unversionedLabel');
    return t('intel.versions.label', { n: i + 1, when: formatDateTime(v, lang) });
  };
  const pick = (i: number) => {
    setPicked(i);
    setBase(Math.max(0, i - 1));
  };

  return (
    <section className="card" aria-labelledby="versions-title">
      <h2 id="versions-title">{t('intel.versions.title', { count: versions.length })}</h2>
      <ol className="version-list">
        {versions.map((v, i) => (
          <li key={v || 'unversioned'}>
            <span>{label(i)}</span>
            {v !== '' && <code className="muted-inline">{v}</code>}
            {i === latest && <span className="badge badge-done">{t('intel.versions.latest')}</span>}
            <button type="button" className="button button-small" aria-pressed={picked === i} onClick={() => pick(i)}>
              {picked === i ? t('intel.versions.shown') : t('intel.versions.show')}
              <span className="visually-hidden"> {label(i)}</span>
            </button>
          </li>
        ))}
      </ol>
      <div className="view-switch" role="group" aria-label={t('intel.versions.viewLabel')}>
        <button type="button" className="button button-small" aria-pressed={view === 'json'} onClick={() => setView('json')}>{t('intel.versions.json')}</button>
        <button type="button" className="button button-small" aria-pressed={view === 'diff'} disabled={versions.length < 2} onClick={() => setView('diff')}>{t('intel.versions.diff')}</button>
      </div>
      {view === 'json' || versions.length < 2 ? (
        <VersionJson id={id} version={versions[picked]!} title={label(picked)} />
      ) : (
        <>
          <div className="field">
            <label htmlFor="version-base">{t('intel.versions.compareWith')}</label>
            <select id="version-base" value={base} onChange={(e) => setBase(Number(e.target.value))}>
              {versions.map((v, i) => (
                <option key={v || 'unversioned'} value={i}>{label(i)}</option>
              ))}
            </select>
          </div>
          <VersionDiff id={id} from={versions[base]!} to={versions[picked]!} caption={t('intel.versions.caption', { from: label(base), to: label(picked) })} />
        </>
      )}
    </section>
  );
}

function VersionJson({ id, version, title }: { id: string; version: string; title: string }) {
  const q = useObjectVersion(id, version);
  if (q.isPending) return <Loading />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <pre className="json-view" tabIndex={0} aria-label={title} data-testid="version-json">{JSON.stringify(q.data, null, 2)}</pre>
  );
}

function VersionDiff({ id, from, to, caption }: { id: string; from: string; to: string; caption: string }) {
  const { t } = useTranslation();
  const a = useObjectVersion(id, from);
  const b = useObjectVersion(id, to);
  if (from === to) return <p className="muted">{t('intel.versions.same')}</p>;
  if (a.isError || b.isError) return <LoadError error={a.error ?? b.error} onRetry={() => void Promise.all([a.refetch(), b.refetch()])} />;
  if (!a.data || !b.data) return <Loading />;
  const changes = diffJson(a.data, b.data);
  if (changes.length === 0) return <p>{t('intel.versions.noChanges')}</p>;
  const absent = t('intel.versions.absent');
  return (
    <div className="table-wrap" aria-live="polite">
      <table className="diff-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('intel.versions.property')}</th>
            <th scope="col">{t('intel.versions.before')}</th>
            <th scope="col">{t('intel.versions.after')}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.path}>
              <th scope="row"><code>{c.path}</code></th>
              <td className="cell-wrap diff-before">{showValue(c.before, absent)}</td>
              <td className="cell-wrap diff-after">{showValue(c.after, absent)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
