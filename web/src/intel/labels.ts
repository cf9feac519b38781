import type { Language } from '../i18n';

/**
 * Standard collections are titled "日本語 / English" by the server; show the half for the UI
 * language. Titles typed by an admin are shown as they are.
 */
export function collectionTitle(title: string, lang: Language): string {
  const parts = title.split(' / ');
  if (parts.length !== 2) return title;
  return (lang === 'en' ? parts[1] : parts[0])!.trim() || title;
}

/**
 * What a list shows for an object: its name; for a relationship, which has none, its ends and type when
 * a list item names an end (`KuroKumo C2 → indicates → KuroKumo`, an unnamed end as `…`), else its type
 * and the start of its id (`indicates · relationship--9a8b7c6d…`, also for the STIX object itself); else its id.
 */
export const objectLabel = (o: { id: string; name?: string | null | unknown; relationshipType?: string | null; relationship_type?: unknown; sourceName?: string | null; targetName?: string | null }) => {
  if (typeof o.name === 'string' && o.name !== '') return o.name;
  const rel = o.relationshipType ?? o.relationship_type;
  if (typeof rel !== 'string' || rel === '') return o.id;
  if (o.sourceName || o.targetName) return `${o.sourceName || '…'} → ${rel} → ${o.targetName || '…'}`;
  return `${rel} · ${o.id.slice(0, 'relationship--'.length + 8)}…`;
};

export const objectPath = (id: string) => `/intel/objects/${encodeURIComponent(id)}`;
