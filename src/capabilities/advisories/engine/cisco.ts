/**
 * Cisco release trains: classic IOS `15.2(4)M3`, `12.4(24)T`, `12.2(55)SE10`, ASA interim builds
 * `9.8(4.10)`, NX-OS `7.0(3)I7(5a)`, DCNM `11.2(1)`. Fixes ship per train, so a version of one train says
 * nothing about another: `15.2(4)M6` fixing the M train does not tell whether `15.2(4)T2` is fixed. We
 * therefore compare only within a train and report the rest as incomparable, which the matcher turns into
 * "possible" rather than guessing. (IOS-XE `17.3.4a` is dotted and handled by the dotted scheme.)
 */

export type CiscoVersion = {
  /** `major.minor` plus the train letters (and, for NX-OS, the inner release): what must be equal. */
  train: string;
  /** Numbers/letters ordered inside the train: rebuild, its letter, interim, maintenance, its letter. */
  parts: (number | string)[];
};

// 15.2(4)M3a, 12.4(24)T, 11.2(1), 7.2(2a), 9.8(4.10), 10.3(2)IPFM; letters are upper-cased first.
const CLASSIC = /^(\d+)\.(\d+)\((\d+)(?:\.(\d+))?([A-Z]?)\)([A-Z]*)(\d*)([A-Z]?)$/;
// 7.0(3)I7(5a), 10.3(1)R(1): a second parenthesised maintenance number after a train tag.
const NXOS = /^(\d+)\.(\d+)\((\d+)\)([A-Z]+\d*)\((\d+)([A-Z]?)\)$/;

/** Whether a string has the shape of a Cisco train version (used by scheme detection). */
export function looksCisco(text: string): boolean {
  return parseCisco(text) !== null;
}

export function parseCisco(text: string): CiscoVersion | null {
  const t = text.trim().toUpperCase();
  const n = NXOS.exec(t);
  if (n) {
    const [, maj, min, reb, tag, maint, letter] = n;
    return { train: `${Number(maj)}.${Number(min)}(${Number(reb)})${tag}`, parts: [Number(maint), letter ?? ''] };
  }
  const m = CLASSIC.exec(t);
  if (!m) return null;
  const [, maj, min, reb, interim, rebLetter, letters, maint, maintLetter] = m;
  return {
    train: `${Number(maj)}.${Number(min)}${letters ?? ''}`,
    // An absent maintenance number is the train's first release (M == M0), an absent letter sorts first.
    parts: [Number(reb), rebLetter ?? '', interim ? Number(interim) : 0, maint ? Number(maint) : 0, maintLetter ?? ''],
  };
}

/** -1/0/1 within one train; null when either side is not a Cisco version or the trains differ. */
export function compareCisco(a: string, b: string): -1 | 0 | 1 | null {
  const x = parseCisco(a);
  const y = parseCisco(b);
  if (!x || !y || x.train !== y.train) return null;
  for (let i = 0; i < Math.max(x.parts.length, y.parts.length); i++) {
    const p = x.parts[i] ?? 0;
    const q = y.parts[i] ?? 0;
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}
