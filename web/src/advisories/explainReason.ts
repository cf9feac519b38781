import type { TFunction } from 'i18next';
import { REASON_CASES, type MatchReason } from './types';

/**
 * The range as the engine wrote it (describeRanges in engine/match.ts), with its one English phrase —
 * "any version", and "any version except …" for a CVE record's default status — in the reader's
 * language. Bounds and the advisory's own free-text ranges stay as published.
 */
export function localRange(t: TFunction, range: string): string {
  if (range === 'any version') return t('advisories.reason.anyVersion');
  const except = /^any version except (.+)$/s.exec(range);
  return except ? t('advisories.reason.anyVersionExcept', { except: except[1] }) : range;
}

/**
 * The engine's explanation in the reader's language, from the case and details it recorded with the
 * match; null for a reason stored before it recorded them (the caller shows the English sentence).
 */
export function explainReason(t: TFunction, r: MatchReason): string | null {
  if (!r.because || !(REASON_CASES as readonly string[]).includes(r.because) || !r.status) return null;
  return t(`advisories.reason.because.${r.because}`, {
    version: r.assetVersion ?? '',
    range: localRange(t, r.range),
    what: r.key,
    marks: t(`advisories.reason.marks.${r.status}`),
    doubt: r.doubt ? t(`advisories.reason.doubt.${r.doubt.kind}`, { subject: r.doubt.subject }) : '',
    why: r.justification ? t('advisories.reason.why', { justification: t(`advisories.vex.${r.justification}`, { defaultValue: r.justification }) }) : '',
  });
}
