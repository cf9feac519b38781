/** One changed value between two versions of a report, at a readable path (`indicators[2].value`). */
export interface Change {
  path: string;
  before: unknown;
  after: unknown;
}

function join(base: string, key: string | number): string {
  return typeof key === 'number' ? `${base}[${key}]` : base ? `${base}.${key}` : key;
}

/** Structural difference of two JSON values; arrays compare position by position. */
export function diffJson(before: unknown, after: unknown, path = ''): Change[] {
  if (Object.is(before, after)) return [];
  const bothObjects = before !== null && after !== null && typeof before === 'object' && typeof after === 'object';
  if (!bothObjects || Array.isArray(before) !== Array.isArray(after)) return [{ path: path || '(root)', before, after }];
  if (Array.isArray(before) && Array.isArray(after)) {
    const out: Change[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) out.push(...diffJson(before[i], after[i], join(path, i)));
    return out;
  }
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  return keys.flatMap((k) => diffJson(b[k], a[k], join(path, k)));
}
