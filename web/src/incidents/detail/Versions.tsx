import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { LoadError } from '../../ui/Status';
import { useDiff } from '../api';
import type { IncidentView } from '../types';
import { describeChange, type Shown } from './changes';

/** Every stage as submitted, and what changed between any two of them. */
export function Versions({ view }: { view: IncidentView }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const versions = view.versions;
  const latest = versions.at(-1)?.version ?? 1;
  const [from, setFrom] = useState(Math.max(1, latest - 1));
  const [to, setTo] = useState(latest);
  const canDiff = versions.length > 1;
  const diff = useDiff(view.id, from, to, canDiff && from !== to);
  const label = (v: IncidentView['versions'][number]) => t('incidents.versions.label', { version: v.version, stage: t(`incidents.stages.${v.stage}`) });

  return (
    <section className="card" aria-labelledby="versions-title">
      <h2 id="versions-title">{t('incidents.versions.title')}</h2>
      <ol className="plain-list">
        {versions.map((v) => (
          <li key={v.version}>
            {label(v)} — <time dateTime={v.submittedAt}>{formatDateTime(v.submittedAt, lang)}</time>
          </li>
        ))}
      </ol>
      {canDiff && (
        <>
          <h3>{t('incidents.versions.diffTitle')}</h3>
          <div className="inline-form">
            {(
              [
                ['diff-from', t('incidents.versions.from'), from, setFrom],
                ['diff-to', t('incidents.versions.to'), to, setTo],
              ] as const
            ).map(([id, text, value, set]) => (
              <div className="field" key={id}>
                <label htmlFor={id}>{text}</label>
                <select id={id} value={value} onChange={(e) => set(Number(e.target.value))}>
                  {versions.map((v) => (
                    <option key={v.version} value={v.version}>
                      {label(v)}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </div>
          {from === to && <p className="muted">{t('incidents.versions.same')}</p>}
          {diff.isError && <LoadError error={diff.error} onRetry={() => void diff.refetch()} />}
          {from !== to && diff.data && (
            diff.data.changes.length === 0 ? (
              <p>{t('incidents.versions.noChanges')}</p>
            ) : (
              <div className="table-wrap" aria-live="polite">
                <table className="diff-table">
                  <caption className="visually-hidden">{t('incidents.versions.caption', { from: diff.data.from, to: diff.data.to })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('incidents.versions.field')}</th>
                      <th scope="col">{t('incidents.versions.before')}</th>
                      <th scope="col">{t('incidents.versions.after')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {diff.data.changes.map((c) => {
                      const row = describeChange(c, t, lang);
                      return (
                        <tr key={c.path}>
                          <th scope="row" className="cell-wrap">
                            {row.path === null ? row.label : <code>{row.path}</code>}
                          </th>
                          <td className="cell-wrap diff-before">
                            <ShownValue value={row.before} />
                          </td>
                          <td className="cell-wrap diff-after">
                            <ShownValue value={row.after} />
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )
          )}
        </>
      )}
    </section>
  );
}

/** A compared value as the report page would show it: text, a list, or an object's fields with their labels. */
function ShownValue({ value }: { value: Shown }) {
  if ('text' in value) return <span className="pre-wrap">{value.text}</span>;
  if ('list' in value) {
    return (
      <ul className="plain-list">
        {value.list.map((x, i) => (
          <li key={i}>{x}</li>
        ))}
      </ul>
    );
  }
  return (
    <dl className="facts">
      {value.fields.map((f) => (
        <Fragment key={f.label}>
          <dt>{f.label}</dt>
          <dd className="pre-wrap">{f.value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
