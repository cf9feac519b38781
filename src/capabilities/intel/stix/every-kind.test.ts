import { describe, expect, it } from 'vitest';
import { SCO_TYPES, SDO_TYPES, SRO_TYPES, kindOf } from './classify.js';
import { CUSTOM, EVERY_KIND } from './every-kind.fixtures.js';
import { english } from './stix.fixtures.js';
import { standardTypes } from './schemas.js';
import { validateBundle, validateStixObject } from './validate.js';

/** Issue 5 item 1: every STIX 2.1 object kind is accepted, validated and kept as received. */

const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const errorsOf = (obj: unknown) => {
  const r = validateStixObject(obj);
  return r.ok ? [] : english(r.errors);
};

describe('every STIX 2.1 object kind', () => {
  it('the fixtures cover exactly the types the official schemas define', () => {
    expect(Object.keys(EVERY_KIND).sort()).toEqual([...standardTypes().keys()].sort());
    expect(standardTypes().size).toBe(SDO_TYPES.size + SCO_TYPES.size + SRO_TYPES.size + 3);
    expect([...SDO_TYPES].every((t) => standardTypes().get(t) === 'sdos')).toBe(true);
    expect([...SCO_TYPES].every((t) => standardTypes().get(t) === 'observables')).toBe(true);
    expect([...SRO_TYPES].every((t) => standardTypes().get(t) === 'sros')).toBe(true);
  });

  it.each(Object.entries({ ...EVERY_KIND, ...CUSTOM }))('accepts %s unchanged, without warnings', (_, obj) => {
    const before = JSON.stringify(obj);
    const r = validateStixObject(obj);
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true, warnings: [] });
    if (r.ok) expect(r.object).toBe(obj);
    expect(JSON.stringify(obj)).toBe(before);
  });

  it.each(Object.entries(EVERY_KIND))('%s: an id of another type is refused at `id`', (type, obj) => {
    const other = type === 'malware' ? 'tool' : 'malware';
    const wrong = { ...copy(obj), id: (obj['id'] as string).replace(/^[a-z0-9-]+--/, `${other}--`) };
    expect(errorsOf(wrong)).toContainEqual({ path: 'id', message: `names type '${other}' but the object's type is '${type}'` });
  });

  it.each(Object.entries(EVERY_KIND).filter(([t]) => kindOf({ type: t }) !== 'sco' && t !== 'marking-definition'))('%s: modified before created is refused', (_, obj) => {
    expect(errorsOf({ ...copy(obj), modified: '2025-12-31T23:59:59.999Z' })).toContainEqual({ path: 'modified', message: 'must be later than or equal to created (2026-01-01T00:00:00.000Z)' });
  });

  it.each(Object.entries(EVERY_KIND).filter(([t]) => kindOf({ type: t }) !== 'sco'))('%s: a timestamp that is no RFC 3339 UTC instant is refused', (_, obj) => {
    expect(errorsOf({ ...copy(obj), created: '2026-01-01 00:00:00' })).toContainEqual({ path: 'created', message: 'must be an RFC 3339 timestamp in UTC, like 2016-05-12T08:17:27.000Z' });
  });

  it.each([
    ["[ipv4-addr:value = '198.51.100.7'", 'expected'],
    ["[ipv4-addr:value = '198.51.100.7'] AND", 'expected'],
    ['ipv4-addr:value = 1', 'expected'],
    ["[ipv4-addr:value = '1.2.3.4'] REPEATS 2", ''],
    ["[file:hashes.'SHA-256' LIKE]", ''],
  ])('indicator pattern %j is refused at `pattern`', (pattern) => {
    const errors = errorsOf({ ...copy(EVERY_KIND['indicator']!), pattern });
    expect(errors.map((e) => e.path)).toContain('pattern');
    expect(errors.find((e) => e.path === 'pattern')!.message).toMatch(/^is not a valid STIX pattern: /);
  });

  it('a bundle of every kind, each one broken differently, reports every object by its STIX path and reason', () => {
    const entries = Object.entries(EVERY_KIND);
    const objects = entries.map(([type, obj], i) => {
      const broken: Record<string, unknown> = copy(obj);
      if (i % 3 === 0) broken['spec_version'] = '2.0';
      else if (i % 3 === 1) broken['object_marking_refs'] = ['tlp:green'];
      else broken['id'] = `${type}--not-a-uuid`;
      return broken;
    });
    const good = copy(EVERY_KIND['malware']!);
    const result = validateBundle({ type: 'bundle', id: 'bundle--0b1c2d3e-4f50-4a6b-8c7d-000000000001', objects: [...objects, good] });
    expect(result.errors).toEqual([]);
    expect(result.objects.at(-1)).toMatchObject({ ok: true });
    entries.forEach(([type], i) => {
      const r = result.objects[i]!;
      expect(r.ok, type).toBe(false);
      if (r.ok) return;
      const expected =
        i % 3 === 0 ? { path: `objects[${i}].spec_version`, message: 'must be \'2.1\', not "2.0"' }
        : i % 3 === 1 ? { path: `objects[${i}].object_marking_refs[0]`, message: 'must be an identifier (<type>--<UUID>)' }
        : { path: `objects[${i}].id`, message: `"${type}--not-a-uuid" is not an identifier (<type>--<RFC 4122 UUID>)` };
      expect(english(r.errors), type).toContainEqual(expected);
      // Each error belongs to its own object.
      for (const e of r.errors) expect(e.path.startsWith(`objects[${i}]`)).toBe(true);
    });
  });
});
