import { ValidationError } from '../../platform/http/errors.js';
import type { Lang } from '../../platform/i18n/messages.js';

/** This capability's own field messages (rules the zod schema cannot express). */
const TEXTS = {
  unknown_org: { ja: 'この組織は存在しません。', en: 'No such organisation.' },
  own_org: { ja: '主催組織は参加組織になれません。', en: 'The organising body cannot take part in its own exercise.' },
  report_required: { ja: 'インシデント報告の概要を入力してください。', en: 'Write the summary of the incident report.' },
  not_draft: { ja: 'この演習はすでに開始されています。', en: 'This exercise has already started.' },
  not_running: { ja: 'この演習は実施中ではありません。', en: 'This exercise is not running.' },
} as const;

export type ExerciseText = keyof typeof TEXTS;

/** A 400 naming the fields, worded in the caller's language. */
export function invalid(lang: Lang, fields: { path: string; text: ExerciseText }[]): ValidationError {
  return new ValidationError(fields.map((f) => ({ path: f.path, message: TEXTS[f.text][lang] })));
}
