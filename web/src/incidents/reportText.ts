import type { TFunction } from 'i18next';
import type { Language } from '../i18n';
import { formatDeadline } from '../i18n/format';
import ja from '../i18n/ja.json';
import { aside } from './text';
import { BUSINESS_IMPACTS, INCIDENT_TYPES, INDICATOR_KINDS, INTRUSION_ROUTES } from './types';

// The words for a report's fields and values, shared by the report page, the form's error summary
// and the version comparison, so each says a field and its value the same way.

type FieldKey = keyof typeof ja.incidents.fields;
const isFieldKey = (key: string): key is FieldKey => Object.hasOwn(ja.incidents.fields, key);

// Paths whose label is not named by their last segment (`contact.email` → contactEmail).
const LABEL_KEYS: Record<string, FieldKey> = {
  'contact.name': 'contactName',
  'contact.email': 'contactEmail',
  'contact.phone': 'contactPhone',
  'personalData.involved': 'personalDataInvolved',
};

/** The label of a report field by its dotted path without list positions (`contact.email`); null when it has none. */
export function fieldLabel(t: TFunction, path: string): string | null {
  const key = LABEL_KEYS[path] ?? path.split('.').pop() ?? path;
  return isFieldKey(key) ? t(`incidents.fields.${key}`) : null;
}

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/** The label of an enumerated field's code (`businessImpact: 'stopped'` → 停止); null for free text or an unknown code. */
export function codeLabel(t: TFunction, field: string, code: string): string | null {
  if (field === 'type' && isOneOf(INCIDENT_TYPES, code)) return t(`incidents.types.${code}`);
  if (field === 'intrusionRoute' && isOneOf(INTRUSION_ROUTES, code)) return t(`incidents.intrusionRoutes.${code}`);
  if (field === 'businessImpact' && isOneOf(BUSINESS_IMPACTS, code)) return t(`incidents.impacts.${code}`);
  if (field === 'kind' && isOneOf(INDICATOR_KINDS, code)) return t(`incidents.indicatorKinds.${code}`);
  return null;
}

const TIMES: ReadonlySet<string> = new Set(['detectedAt', 'startedAt', 'paidAt']);

/**
 * One value of the field named `field`, as the report page shows it: a code as its label, an instant
 * in local time, a number grouped, a yes/no as はい/いいえ; free text as written.
 */
export function valueText(t: TFunction, lang: Language, field: string, value: string | number | boolean): string {
  if (typeof value === 'boolean') return t(value ? 'incidents.detail.yes' : 'incidents.detail.no');
  if (typeof value === 'number') return value.toLocaleString(lang);
  // With the time zone, as deadlines are shown: recipients abroad read the same report.
  if (TIMES.has(field) && !Number.isNaN(Date.parse(value))) return formatDeadline(value, lang);
  return codeLabel(t, field, value) ?? value;
}

/** An indicator in words, kind first and its note aside: 「IPv4 アドレス 203.0.113.77（C2 サーバ）」. */
export function indicatorText(t: TFunction, lang: Language, indicator: { kind: string; value: string; note?: string }): string {
  const kind = codeLabel(t, 'kind', indicator.kind) ?? indicator.kind;
  return `${kind} ${indicator.value}${indicator.note ? aside(indicator.note, lang) : ''}`;
}
