import { OBSERVABLE_KINDS, detectHashKind, normalizeObservable, type ObservableKind } from '../../../platform/observables/normalize.js';

/**
 * The canonical (kind, value) of what a user or a caller typed, so a lookup meets the spelling the
 * index stores: platform kinds through platform/observables, `hash:<algo>` like stix/observables.ts.
 */
export type CanonicalObservable = { kind: string; value: string };
export type CanonicalResult = { ok: true; observable: CanonicalObservable } | { ok: false; reason: string };

const PLATFORM_KINDS = new Set<string>(OBSERVABLE_KINDS);

export function canonicalObservable(kind: string, value: string): CanonicalResult {
  if (PLATFORM_KINDS.has(kind)) {
    const r = normalizeObservable(kind as ObservableKind, value);
    return r.ok ? { ok: true, observable: { kind: r.kind, value: r.value } } : { ok: false, reason: r.reason };
  }
  const algo = /^hash:([a-z0-9-]+)$/i.exec(kind)?.[1];
  if (!algo) return { ok: false, reason: `unknown observable kind ${kind}` };
  const v = value.trim();
  if (v === '') return { ok: false, reason: 'empty hash' };
  // Same folding as stix/observables.ts: only hex (and TLSH's T1 prefix) is case-insensitive.
  const hex = /^[0-9a-f]+$/i.test(v) || (algo.toLowerCase() === 'tlsh' && /^t1[0-9a-f]+$/i.test(v));
  return { ok: true, observable: { kind: `hash:${algo.toLowerCase()}`, value: hex ? v.toLowerCase() : v } };
}

/**
 * The kind a bare search term most likely is, tried most specific first: a URL needs a scheme, an
 * email an `@`, an IP parses strictly, a hex digest has a known length; else a domain.
 */
export function guessObservable(raw: string): CanonicalResult {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  const hash = detectHashKind(text);
  const order: ObservableKind[] = hash ? [hash] : [];
  if (/^[a-z][a-z0-9+.-]*(:|\[:)/i.test(text) && !/^[0-9a-f:]+(\/\d+)?$/i.test(text)) order.push('url');
  order.push('ipv4', 'ipv6');
  if (text.includes('@') || /\[at\]|\(at\)/i.test(text)) order.push('email');
  order.push('domain');
  for (const kind of order) {
    const r = canonicalObservable(kind, text);
    if (r.ok) return r;
  }
  return { ok: false, reason: 'not a recognisable observable' };
}

/** The `inet` text of an ipv4/ipv6 observable (its canonical value already is one), else null. */
export function ipOf(o: CanonicalObservable): string | null {
  return o.kind === 'ipv4' || o.kind === 'ipv6' ? o.value : null;
}
