import { z } from 'zod';

export type Lang = 'ja' | 'en';

/** Server-side texts, Japanese first. Keys are error codes (and a few other server strings). */
const MESSAGES: Record<string, Record<Lang, string>> = {
  invalid_request: { ja: '入力内容に誤りがあります。', en: 'The request has invalid fields.' },
  invalid_json: { ja: 'JSON として読み取れません。', en: 'The body is not valid JSON.' },
  unsupported_media_type: { ja: 'この形式の本文は受け付けていません。', en: 'This content type is not accepted.' },
  unauthenticated: { ja: 'ログインが必要です。', en: 'You need to log in.' },
  invalid_credentials: { ja: 'メールアドレスまたはパスワードが正しくありません。', en: 'The e-mail address or password is incorrect.' },
  not_found: { ja: '見つかりません。', en: 'Not found.' },
  csrf_failed: { ja: 'CSRF トークンが一致しません。ページを再読み込みしてください。', en: 'The CSRF token is missing or wrong. Reload the page.' },
  conflict: { ja: '他の変更と競合しました。', en: 'This conflicts with another change.' },
  idempotency_key_reused: {
    ja: '同じ Idempotency-Key が異なる内容で再利用されました。',
    en: 'The same Idempotency-Key was reused with a different request.',
  },
  rate_limited: { ja: 'リクエストが多すぎます。しばらく待ってから再試行してください。', en: 'Too many requests. Wait a moment and try again.' },
  payload_too_large: { ja: '本文が大きすぎます（上限 {limit} バイト）。', en: 'The body is too large (limit {limit} bytes).' },
  internal_error: { ja: 'サーバー内部でエラーが発生しました。', en: 'Something went wrong on the server.' },
  slug_taken: { ja: 'この識別子は既に使われています。', en: 'This identifier is already taken.' },
  email_taken: { ja: 'このメールアドレスは既に登録されています。', en: 'This e-mail address is already registered.' },
  required: { ja: '必須項目です。', en: 'Required.' },
  asset_identity_required: { ja: 'CPE・purl・メーカーと製品名のいずれかを入力してください。', en: 'Give a CPE, a package URL, or maker and product.' },
  cpe_format: { ja: 'CPE 2.3（cpe:2.3:…）または 2.2（cpe:/…）の形式で入力してください。', en: 'Use CPE 2.3 (cpe:2.3:…) or 2.2 (cpe:/…) format.' },
  purl_format: { ja: 'package URL（pkg:type/…）の形式で入力してください。', en: 'Use package URL format (pkg:type/…).' },
  justification_required: { ja: '「影響なし」には VEX の根拠を選んでください。', en: 'Choose a VEX justification for "not affected".' },
  report_final: { ja: 'この報告は最終報が提出済みのため、これ以上更新できません。', en: 'The final report was already submitted; the report cannot change any more.' },
  startedAt_after_detectedAt: { ja: '発生日時は検知日時より前である必要があります。', en: 'The start must be before the detection time.' },
  indicator_invalid: { ja: '{kind}として正しくない値です。', en: 'Not a valid {kind}.' },
  detectedAt_in_future: { ja: '検知日時に未来の日時は指定できません。', en: 'The detection time cannot be in the future.' },
  paidAt_in_future: { ja: '支払日時に未来の日時は指定できません。', en: 'The payment time cannot be in the future.' },
  phone_invalid: { ja: '電話番号は数字と「-」「+」「()」で入力してください（例: 03-1234-5678、内線は「内線 123」）。', en: 'Use digits with "-", "+" or "()" for the phone number (e.g. +81 3-1234-5678; an extension as "ext. 123").' },
  paidAt_required: { ja: '支払った場合は支払日時を入力してください。', en: 'Give the payment time when a ransom was paid.' },
};

/** A parameter is one text for both languages, or one per language (a kind's name, say). */
type Param = string | number | Record<Lang, string>;

/** `{name}` placeholders of a text in `lang` filled from `params` (capabilities' own text tables use it too). */
export function fillText(text: string, lang: Lang, params: Record<string, Param> = {}): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => {
    const p = params[k];
    return p === undefined ? '' : typeof p === 'object' ? p[lang] : String(p);
  });
}

export function message(code: string, lang: Lang, params: Record<string, Param> = {}): string {
  const entry = MESSAGES[code] ?? MESSAGES.internal_error!;
  return fillText(entry[lang], lang, params);
}

/** Picks ja or en from an Accept-Language header; Japanese unless English is preferred. */
export function pickLang(header: string | undefined): Lang {
  if (!header) return 'ja';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.split('=')[1]) : 1 };
    })
    .filter((x) => x.tag.startsWith('ja') || x.tag.startsWith('en'))
    .sort((a, b) => b.q - a.q);
  return ranked[0]?.tag.startsWith('en') ? 'en' : 'ja';
}

const LOCALES = { ja: z.locales.ja(), en: z.locales.en() };

type LocaleIssue = Parameters<NonNullable<ReturnType<typeof z.locales.en>['localeError']>>[0];

/** Re-words one zod issue in the caller's language (issues keep the facts zod's locales need). */
export function localizeIssue(issue: z.core.$ZodIssue, lang: Lang): string {
  // Schemas name their own messages by key (refinements, regex formats); those come from our texts.
  if (MESSAGES[issue.message]) return message(issue.message, lang, issue.code === 'custom' ? ((issue.params ?? {}) as Record<string, Param>) : {});
  if (issue.code === 'custom') return issue.message;
  if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined) return message('required', lang);
  const plain = plainWords(issue, lang);
  if (plain !== null) return plain;
  const fn = LOCALES[lang].localeError;
  const text = fn?.(issue as unknown as LocaleIssue);
  if (typeof text === 'string') return text;
  if (text && typeof text === 'object' && 'message' in text) return String(text.message);
  return issue.message;
}

const TYPE_WORDS: Record<string, { ja: string; en: string }> = {
  string: { ja: '文字列', en: 'text' },
  number: { ja: '数値', en: 'a number' },
  int: { ja: '整数', en: 'a whole number' },
  boolean: { ja: 'true または false', en: 'true or false' },
  array: { ja: '一覧（配列）', en: 'a list' },
  object: { ja: '項目のまとまり（オブジェクト）', en: 'an object' },
};
const FORMAT_WORDS: Record<string, { ja: string; en: string }> = {
  email: { ja: 'メールアドレスの形式で入力してください。', en: 'Enter an e-mail address.' },
  url: { ja: 'URL の形式（https://…）で入力してください。', en: 'Enter a URL (https://…).' },
  uuid: { ja: '正しい ID の形式ではありません。', en: 'Not a valid id.' },
  datetime: { ja: '日時は 2026-12-07T09:00:00+09:00 の形式で入力してください。', en: 'Give a date and time such as 2026-12-07T09:00:00+09:00.' },
  date: { ja: '日付は 2026-12-07 の形式で入力してください。', en: 'Give a date such as 2026-12-07.' },
  base64: { ja: '内容を読み取れません。base64 で送ってください。', en: 'The content must be base64-encoded.' },
};
/** At most this many allowed values are listed in a message; the rest are summarised. */
const LISTED_VALUES = 8;

/**
 * The common issues in words a person filling a form reads without knowing the schema library: zod's
 * own locales say 「小さすぎる値: stringは1文字以上である必要があります」 and name JavaScript types.
 * Null leaves the issue to zod's locale.
 */
function plainWords(issue: z.core.$ZodIssue, lang: Lang): string | null {
  const ja = lang === 'ja';
  switch (issue.code) {
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? message('required', lang) : ja ? `${min} 文字以上で入力してください。` : `Use at least ${min} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set') return ja ? `${min} 件以上指定してください。` : `Give at least ${min}.`;
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        return issue.inclusive === false ? (ja ? `${min} より大きい値を入力してください。` : `Enter a value above ${min}.`) : ja ? `${min} 以上の値を入力してください。` : `Enter ${min} or more.`;
      }
      return null;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return ja ? `${max.toLocaleString('ja-JP')} 文字以内で入力してください。` : `Use at most ${max.toLocaleString('en-GB')} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set') return ja ? `${max.toLocaleString('ja-JP')} 件までです。` : `At most ${max.toLocaleString('en-GB')}.`;
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        return issue.inclusive === false ? (ja ? `${max} より小さい値を入力してください。` : `Enter a value below ${max}.`) : ja ? `${max} 以下の値を入力してください。` : `Enter ${max} or less.`;
      }
      return null;
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => String(v));
      const shown = values.slice(0, LISTED_VALUES).join(ja ? '、' : ', ');
      const more = values.length > LISTED_VALUES ? (ja ? ` ほか ${values.length - LISTED_VALUES} 件` : ` and ${values.length - LISTED_VALUES} more`) : '';
      if (values.length === 1) return ja ? `${shown} を指定してください。` : `Must be ${shown}.`;
      return ja ? `次のいずれかを指定してください: ${shown}${more}` : `Choose one of: ${shown}${more}.`;
    }
    case 'invalid_format': {
      const words = FORMAT_WORDS[issue.format];
      return words ? words[lang] : null;
    }
    case 'invalid_type': {
      const words = TYPE_WORDS[issue.expected];
      return words ? (ja ? `${words.ja}で指定してください。` : `Expected ${words.en}.`) : null;
    }
    default:
      return null;
  }
}
