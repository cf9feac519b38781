import { fillText, message, type Lang } from '../../../platform/i18n/messages.js';

/**
 * The TAXII server's own error texts (titles and descriptions of §3.6 error messages), Japanese first,
 * so that every TAXII error follows Accept-Language like the platform's 401 and 404 do. Texts the
 * platform already has (unsupported media type, invalid JSON) come from its catalogue.
 */
const TEXTS = {
  not_acceptable: { ja: 'この形式では応答できません。', en: 'Not acceptable.' },
  answers_taxii: { ja: 'このサーバーは {media} で応答します。', en: 'This server answers {media}.' },
  send_taxii: { ja: '本文は {media} で送ってください。', en: 'Send the body as {media}.' },
  bad_request: { ja: 'リクエストに誤りがあります。', en: 'Bad request.' },
  method_not_allowed: { ja: 'このメソッドは使えません。', en: 'Method not allowed.' },
  allowed_methods: { ja: 'このリソースで使えるメソッド: {allow}', en: 'This resource allows: {allow}' },
  forbidden: { ja: 'この操作は許可されていません。', en: 'Forbidden.' },
  read_only_collection: { ja: 'このコレクションには書き込めません（can_write が false です）。', en: 'You cannot write to this collection (can_write is false).' },
  envelope_required: { ja: '本文は objects の配列を持つエンベロープにしてください。', en: 'The body must be an envelope with an objects list.' },
  limit_positive: { ja: 'limit は正の整数にしてください。', en: 'limit must be a positive integer.' },
  next_unknown: { ja: 'next はこのサーバーが発行したトークンではありません。', en: 'next is not a token this server issued.' },
  next_other_filters: {
    ja: 'next は別の絞り込み条件（match[...]・added_after）に対して発行されたものです。発行時と同じ条件を付けて送るか、next なしで最初から問い合わせてください。',
    en: 'next was issued for other filters (match[...], added_after): send it with the filters it was issued for, or start again without next.',
  },
  added_after_format: { ja: 'added_after は 2026-01-01T00:00:00.000Z のような日時にしてください。', en: 'added_after must be a timestamp like 2026-01-01T00:00:00.000Z.' },
  match_type_format: { ja: 'match[type] には STIX の型を並べてください。', en: 'match[type] must list STIX types.' },
  match_version_format: { ja: 'match[version] は last・first・all または日時にしてください。', en: 'match[version] must be last, first, all or timestamps.' },
} as const satisfies Record<string, Record<Lang, string>>;

/** A TAXII text key, or one of the platform's messages used here. */
export type TaxiiText = keyof typeof TEXTS | 'unsupported_media_type' | 'invalid_json';

/** The text in the caller's language, `{name}` placeholders filled from `params`. */
export function taxiiText(key: TaxiiText, lang: Lang, params: Record<string, string | number> = {}): string {
  if (key === 'unsupported_media_type' || key === 'invalid_json') return message(key, lang, params);
  return fillText(TEXTS[key][lang], lang, params);
}
