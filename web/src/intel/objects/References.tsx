import { useTranslation } from 'react-i18next';
import { Link } from '../../app/router';
import { objectPath } from '../labels';
import type { StixObject } from '../types';

/** `*_ref` / `*_refs` properties (a report's object_refs, created_by_ref …) as links; markings excluded. */
export function References({ object }: { object: StixObject }) {
  const { t } = useTranslation();
  const refs: Array<{ property: string; id: string }> = [];
  for (const [property, value] of Object.entries(object)) {
    if (property === 'object_marking_refs' || property === 'id') continue;
    if (property.endsWith('_ref') && typeof value === 'string') refs.push({ property, id: value });
    if (property.endsWith('_refs') && Array.isArray(value)) for (const v of value) if (typeof v === 'string') refs.push({ property, id: v });
  }
  if (refs.length === 0) return null;
  return (
    <section className="card" aria-labelledby="refs-title">
      <h2 id="refs-title">{t('intel.references.title', { count: refs.length })}</h2>
      <p className="field-hint">{t('intel.references.hint')}</p>
      <ul className="plain-list">
        {refs.slice(0, 500).map((r, i) => (
          <li key={`${r.property}-${r.id}-${i}`}>
            <code className="muted-inline">{r.property}</code> <Link to={objectPath(r.id)}><code className="object-id">{r.id}</code></Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
