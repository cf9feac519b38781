import type { TFunction } from 'i18next';
import type { Language } from '../../i18n';
import { fieldLabel, indicatorText, valueText } from '../reportText';
import { joinList } from '../text';
import type { Change } from '../types';

/** A value as the comparison shows it: a line of text, a list, or an object field by field. */
export type Shown = { text: string } | { list: string[] } | { fields: { label: string; value: string }[] };

/** One row of the comparison; `path` is set only when the field has no label to show instead. */
export type ChangeRow = { label: string; path: string | null; before: Shown; after: Shown };

const INDICATOR_PARTS = { kind: 'indicatorKind', value: 'indicatorValue', note: 'indicatorNote' } as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/**
 * One change between two versions (the server's structural diff, at paths like `indicators[20]`) in
 * the words of the report page: field labels for paths, labels for codes, local dates, はい/いいえ,
 * an indicator as 「IPv4 アドレス 203.0.113.77」, an added or removed object field by field.
 */
export function describeChange(change: Change, t: TFunction, lang: Language): ChangeRow {
  // `contact.phone`, `affectedServices[1]`, `indicators[20]`, `indicators[2].note`, `affectedSystems[0].description`.
  const m = /^([^[]*)(?:\[(\d+)\](?:\.(.+))?)?$/.exec(change.path);
  const [bare, index, rest] = m ? [m[1]!, m[2], m[3]] : [change.path, undefined, undefined];
  const n = Number(index ?? 0) + 1;
  const row = (label: string, path: string | null, field: string, item: boolean): ChangeRow => ({
    label,
    path,
    before: shown(t, lang, field, change.before, item),
    after: shown(t, lang, field, change.after, item),
  });

  if (bare === 'indicators' && index !== undefined) {
    if (rest === undefined) return row(t('incidents.versions.indicator', { n }), null, 'indicators', true);
    if (Object.hasOwn(INDICATOR_PARTS, rest)) {
      const part = INDICATOR_PARTS[rest as keyof typeof INDICATOR_PARTS];
      return row(t('incidents.form.indicatorPart', { what: t(`incidents.fields.${part}`), n }), null, rest, true);
    }
  }
  const label = fieldLabel(t, bare);
  if (!label) return row(change.path, change.path, change.path, false);
  if (index === undefined) return row(label, null, bare, false);
  // A list entry, or a part of one (an affected system's description): the entry names the row.
  return row(t('incidents.versions.item', { what: label, n }), null, bare, true);
}

/**
 * `value` of the field at the dotted `path` (its last segment decides how a scalar is written);
 * `item`: one entry of that field's list rather than the field itself.
 */
function shown(t: TFunction, lang: Language, path: string, value: unknown, item: boolean): Shown {
  const field = path.split('.').pop() ?? path;
  if (value === undefined || value === null) return { text: t('incidents.versions.absent') };
  if (Array.isArray(value) && !item) return value.length === 0 ? { text: t('incidents.detail.none') } : { list: value.map((v) => entryText(t, lang, field, v)) };
  if (item || !isRecord(value)) return { text: entryText(t, lang, field, value) };
  return {
    fields: Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([key, v]) => ({
        label: fieldLabel(t, `${path}.${key}`) ?? key,
        value: Array.isArray(v) ? (v.length === 0 ? t('incidents.detail.none') : joinList(v.map((x) => entryText(t, lang, key, x)), lang)) : entryText(t, lang, key, v),
      })),
  };
}

/** One scalar, or one entry of a list field (an indicator, an affected system), as a line of text. */
function entryText(t: TFunction, lang: Language, field: string, value: unknown): string {
  if (isScalar(value)) return valueText(t, lang, field, value);
  if (isRecord(value)) {
    if (field === 'indicators' && typeof value.kind === 'string' && typeof value.value === 'string') {
      return indicatorText(t, lang, { kind: value.kind, value: value.value, note: typeof value.note === 'string' ? value.note : undefined });
    }
    if (field === 'affectedSystems' && typeof value.description === 'string') return value.description;
  }
  // A shape this client does not know: shown as data rather than hidden.
  return JSON.stringify(value);
}
