import { normalizeObservable } from '../../platform/observables/normalize.js';
import type { FieldError } from '../../platform/http/errors.js';
import type { Lang } from '../../platform/i18n/messages.js';
import type { Indicator } from './schema.js';

/**
 * Normalises a report's indicators (case, trailing dots, default ports, IDNA, defanging) so the same
 * one is indexed once however it was written. Returns per-field errors for values that are not what
 * their kind says.
 */
export function normalizeIndicators(indicators: Indicator[], lang: Lang, pathPrefix = 'report.indicators') {
  const normalized: { kind: string; value: string; note?: string }[] = [];
  const errors: FieldError[] = [];
  indicators.forEach((ind, i) => {
    const r = normalizeObservable(ind.kind, ind.value);
    if (r.ok) normalized.push({ kind: r.kind, value: r.value, ...(ind.note ? { note: ind.note } : {}) });
    else errors.push({ path: `${pathPrefix}[${i}].value`, message: lang === 'ja' ? `${ind.kind} として読み取れません（${r.reason}）` : `Not a valid ${ind.kind} (${r.reason})` });
  });
  const seen = new Set<string>();
  const unique = normalized.filter((n) => !seen.has(`${n.kind} ${n.value}`) && seen.add(`${n.kind} ${n.value}`));
  return { indicators: unique, errors };
}
