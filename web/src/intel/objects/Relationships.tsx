import { useTranslation } from 'react-i18next';
import { Link } from '../../app/router';
import { objectPath } from '../labels';
import type { Relationship } from '../types';

/**
 * Relationships from and to the object. The other end is a link only when the viewer may see it;
 * otherwise its id is all that is shown (the relationship itself told the viewer that much).
 */
export function Relationships({ id, relationships }: { id: string; relationships: Relationship[] }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="rel-title">
      <h2 id="rel-title">{t('intel.relationships.title', { count: relationships.length })}</h2>
      {relationships.length === 0 ? (
        <p className="muted">{t('intel.relationships.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('intel.relationships.title', { count: relationships.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('intel.relationships.direction')}</th>
                <th scope="col">{t('intel.relationships.type')}</th>
                <th scope="col">{t('intel.relationships.other')}</th>
                <th scope="col">{t('intel.relationships.relationship')}</th>
              </tr>
            </thead>
            <tbody>
              {relationships.map((r) => {
                const outgoing = r.sourceRef === id;
                return (
                  <tr key={r.id}>
                    <td>
                      <span aria-hidden="true">{outgoing ? '→ ' : '← '}</span>
                      <span className="rel-direction">{t(outgoing ? 'intel.relationships.outgoing' : 'intel.relationships.incoming')}</span>
                    </td>
                    <td><code>{r.relationshipType ?? '—'}</code></td>
                    <td className="cell-wrap">
                      {r.other.visible ? (
                        <Link to={objectPath(r.other.id)}>{r.other.name ?? r.other.id}</Link>
                      ) : (
                        <>
                          <code className="object-id">{r.other.id}</code>{' '}
                          <span className="muted-inline">{t('intel.relationships.notVisible')}</span>
                        </>
                      )}{' '}
                      <span className="badge">{r.other.type}</span>
                    </td>
                    <td className="cell-wrap">
                      <Link to={objectPath(r.id)}>
                        <span className="visually-hidden">{t('intel.relationships.open')} </span>
                        <code className="object-id">{r.id.slice(0, 22)}…</code>
                      </Link>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
