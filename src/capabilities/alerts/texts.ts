import type { Lang } from '../../platform/i18n/messages.js';
import { ValidationError } from '../../platform/http/errors.js';

/** This capability's own field messages (business rules the zod schema cannot express). */
const TEXTS = {
  unknown_sector: { ja: 'law/sectors.json にない分野コードです。', en: 'Not a sector code of law/sectors.json.' },
  unknown_org: { ja: 'この組織は存在しません。', en: 'No such organisation.' },
  no_addressee: { ja: '宛先の分野または組織を 1 つ以上指定してください。', en: 'Address at least one sector or organisation.' },
  private_orgs_only: { ja: '限定（Private）の警報は組織宛てにのみ送れます。', en: 'A Private alert is addressed to organisations only.' },
  references_required: { ja: '更新・取消では元の警報を指定してください。', en: 'An Update or Cancel must reference the earlier alerts.' },
  references_not_allowed: { ja: '新規の警報は他の警報を参照できません。', en: 'A new Alert cannot reference other alerts.' },
  expires_past: { ja: '有効期限は未来の日時にしてください。', en: 'The expiry must be in the future.' },
  webhook_https: { ja: '本番環境では https の URL が必要です。', en: 'An https URL is required in production.' },
} as const;

export type AlertText = keyof typeof TEXTS;

/** A 400 naming the fields, worded in the caller's language. */
export function invalid(lang: Lang, fields: { path: string; text: AlertText }[]): ValidationError {
  return new ValidationError(fields.map((f) => ({ path: f.path, message: TEXTS[f.text][lang] })));
}
