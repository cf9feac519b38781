import type { FieldError } from '../../platform/http/errors.js';
import type { Lang } from '../../platform/i18n/messages.js';

/**
 * The advisories capability's own server texts, Japanese first. Field errors carry both languages
 * (FieldError.messageJa) and the error handler answers in the caller's, as for every 400.
 */
const TEXTS = {
  justification_not_applicable: {
    ja: 'VEX の根拠は「影響なし」を登録するときだけ指定できます。',
    en: 'A VEX justification belongs only to "not affected".',
  },
} as const satisfies Record<string, Record<Lang, string>>;

/** A field error in both languages, for ValidationError. */
export function fieldError(path: string, key: keyof typeof TEXTS): FieldError {
  return { path, message: TEXTS[key].en, messageJa: TEXTS[key].ja };
}
