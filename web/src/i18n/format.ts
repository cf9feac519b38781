import sectorsData from '../../../law/sectors.json';
import type { Language } from './index';

const locales: Record<Language, string> = { ja: 'ja-JP', en: 'en-GB' };

/** Date and time in the user's time zone, written the way each language expects. */
export function formatDateTime(iso: string, lang: Language): string {
  return new Intl.DateTimeFormat(locales[lang], { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/**
 * A deadline, with the time zone it is written in (「2026/12/08 10:00 JST」): reports go to authorities
 * abroad as well (CIRCIA, NIS2), and a reporter travelling or a vendor abroad reads them too.
 */
export function formatDeadline(iso: string, lang: Language): string {
  const date = lang === 'ja' ? ({ year: 'numeric', month: '2-digit', day: '2-digit' } as const) : ({ year: 'numeric', month: 'short', day: 'numeric' } as const);
  return new Intl.DateTimeFormat(locales[lang], { ...date, hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(new Date(iso));
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
