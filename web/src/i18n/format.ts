import sectorsData from '../../../law/sectors.json';
import type { Language } from './index';

const locales: Record<Language, string> = { ja: 'ja-JP', en: 'en-GB' };

/** Date and time in the user's time zone, written the way each language expects. */
export function formatDateTime(iso: string, lang: Language): string {
  return new Intl.DateTimeFormat(locales[lang], { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatTime(date: Date, lang: Language): string {
  return new Intl.DateTimeFormat(locales[lang], { timeStyle: 'medium' }).format(date);
}

/** Anything carrying the platform's bilingual naming convention (name = Japanese, nameEn = English). */
export type Bilingual = { name: string; nameEn: string };

export function localizedName(item: Bilingual, lang: Language): string {
  return lang === 'en' ? item.nameEn : item.name;
}

// Sector names come from the same law/ data file the server loads, so a change of law is one edit.
const sectors = new Map<string, Bilingual>(sectorsData.sectors.map((s) => [s.code, s]));

/** A sector's display name; an unknown code is shown as-is rather than hidden. */
export function sectorName(code: string, lang: Language): string {
  const sector = sectors.get(code);
  return sector ? localizedName(sector, lang) : code;
}
