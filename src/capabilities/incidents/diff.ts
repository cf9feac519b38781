/** One changed value between two versions of a report, at a readable path (`indicators[2].value`). */
export interface Change {
  path: string;
  before: unknown;
  after: unknown;
}

function join(base: string, key: string | number): string {
  return typeof key === 'number' ? `${base}[${key}]` : base ? `${base}.${key}` : key;
}

/**
 * Structural difference of two JSON values. Arrays are aligned on their unchanged elements first, so
 * removing the second of twenty indicators reads as one removal, not as eighteen changed entries; what
 * lies between two unchanged elements is compared in order (an edited note stays one field's change),
 * the surplus of either side is removed or added. An element's path is its index in the version that
 * has it (the later one when both do).
 */
export function diffJson(before: unknown, after: unknown, path = ''): Change[] {
  if (Object.is(before, after)) return [];
  const bothObjects = before !== null && after !== null && typeof before === 'object' && typeof after === 'object';
  if (!bothObjects || Array.isArray(before) !== Array.isArray(after)) return [{ path: path || '(root)', before, after }];
  if (Array.isArray(before) && Array.isArray(after)) return diffArrays(before, after, path);
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  return keys.flatMap((k) => diffJson(b[k], a[k], join(path, k)));
}

/**
 * Unchanged elements matched in order: each element of `after` takes the first not yet matched equal
 * element of `before` past the last match (equal = same JSON text), which keeps matches in order in
 * one pass per side, however long the lists (a report may carry 10,000 indicators).
 */
function unchangedPairs(before: unknown[], after: unknown[]): Array<[number, number]> {
  const text = (v: unknown) => JSON.stringify(v) ?? 'undefined';
  // Per distinct element, its indices in `before` and how many of them are used up or passed.
  const positions = new Map<string, { at: number[]; next: number }>();
  before.forEach((v, i) => {
    const k = text(v);
    const entry = positions.get(k);
    if (entry) entry.at.push(i);
    else positions.set(k, { at: [i], next: 0 });
  });
  const pairs: Array<[number, number]> = [];
  let last = -1;
  after.forEach((v, j) => {
    const entry = positions.get(text(v));
    if (!entry) return;
    while (entry.next < entry.at.length && entry.at[entry.next]! <= last) entry.next += 1;
    const i = entry.at[entry.next];
    if (i === undefined) return;
    entry.next += 1;
    pairs.push([i, j]);
    last = i;
  });
  return pairs;
}

function diffArrays(before: unknown[], after: unknown[], path: string): Change[] {
  const out: Change[] = [];
  let bi = 0;
  let aj = 0;
  // Each stretch between two unchanged elements (and after the last one) is compared in order.
  for (const [i, j] of [...unchangedPairs(before, after), [before.length, after.length] as [number, number]]) {
    const removed = before.slice(bi, i);
    const added = after.slice(aj, j);
    const common = Math.min(removed.length, added.length);
    for (let k = 0; k < common; k++) out.push(...diffJson(removed[k], added[k], join(path, aj + k)));
    for (let k = common; k < removed.length; k++) out.push({ path: join(path, bi + k), before: removed[k], after: undefined });
    for (let k = common; k < added.length; k++) out.push({ path: join(path, aj + k), before: undefined, after: added[k] });
    bi = i + 1;
    aj = j + 1;
  }
  return out;
}
