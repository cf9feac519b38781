import { useTranslation } from 'react-i18next';
import { Link } from '../../app/router';
import { objectLabel, objectPath } from '../labels';
import type { NamedReference, StixObject } from '../types';

/** The `*_ref` / `*_refs` properties of an object (a report's object_refs, created_by_ref …), markings excluded. */
export function referencesOf(object: StixObject): Array<{ property: string; id: string }> {
  const refs: Array<{ property: string; id: string }> = [];
  for (const [property, value] of Object.entries(object)) {
    if (property === 'object_marking_refs' || property === 'id') continue;
    if (property.endsWith('_ref') && typeof value === 'string') refs.push({ property, id: value });
    if (property.endsWith('_refs') && Array.isArray(value)) for (const v of value) if (typeof v === 'string') refs.push({ property, id: v });
  }
  return refs;
}

/**
 * The references as links, each named with its type when the viewer may see the object; otherwise the
 * id alone, which says no more than the object itself does: an id the store does not hold and one the
 * viewer may not see look alike (both open as "not found").
 */
export function References({ object, named }: { object: StixObject; named: ReadonlyMap<string, NamedReference> }) {
  const { t } = useTranslation();
  const refs = referencesOf(object);
  if (refs.length === 0) return null;
  return (
    <section className="card" aria-labelledby="refs-title">
      <h2 id="refs-title">{t('intel.references.title', { count: refs.length })}</h2>
      <ul className="plain-list">
        {refs.slice(0, 500).map((r, i) => {
          const n = named.get(r.id);
          return (
            <li key={`${r.property}-${r.id}-${i}`}>
              <code className="muted-inline">{r.property}</code>{' '}
              {n ? (
                <>
                  <Link to={objectPath(r.id)}>{objectLabel(n)}</Link>{' '}
                  <span className="badge">{n.type}</span>
                </>
              ) : (
                <>
                  <code className="object-id">{r.id}</code> <span className="muted-inline">{t('intel.references.notVisible')}</span>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
