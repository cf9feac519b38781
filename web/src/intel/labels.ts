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

/** A STIX object's display name: its name, else its id. */
export const objectLabel = (o: { id: string; name?: string | null | unknown }) => (typeof o.name === 'string' && o.name !== '' ? o.name : o.id);

export const objectPath = (id: string) => `/intel/objects/${encodeURIComponent(id)}`;
