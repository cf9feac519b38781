/** What changed between two versions of a STIX object, property path by property path. */
export type Change = { path: string; before: unknown; after: unknown };

/** Leaves of a JSON value by path (`a.b[2].c`); empty objects and arrays are leaves themselves. */
function flatten(value: unknown, path: string, out: Map<string, unknown>): void {
  if (Array.isArray(value) && value.length > 0) {
    value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, path ? `${path}.${k}` : k, out);
  } else {
    out.set(path, value);
  }
}

export function diffJson(before: unknown, after: unknown): Change[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(before, '', a);
  flatten(after, '', b);
  const changes: Change[] = [];
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(path);
    const y = b.get(path);
    if (JSON.stringify(x) !== JSON.stringify(y)) changes.push({ path, before: x, after: y });
  }
  return changes;
}

export const showValue = (value: unknown, absent: string): string => (value === undefined ? absent : typeof value === 'string' ? value : JSON.stringify(value));
