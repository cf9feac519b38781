import type { Language } from '../i18n';

/** A list written as each language writes one: 「A、B」 / "A, B". */
export function joinList(items: readonly string[], lang: Language): string {
  return items.join(lang === 'ja' ? '、' : ', ');
}

/** An aside in brackets: full-width in Japanese, spaced half-width in English. */
export function aside(text: string, lang: Language): string {
  return lang === 'ja' ? `（${text}）` : ` (${text})`;
}
