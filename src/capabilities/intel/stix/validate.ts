import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { IDENTIFIER, isCustomType, isObservableLike, isRecord, type StixObject } from './classify.js';
import { checkRules, type Issue } from './rules.js';
import { issue, moved, say, schemaRuleText, type StixText } from './messages.js';
import { commonSchema, schemaForType } from './schemas.js';

/**
 * Acceptance of STIX 2.1 objects: the official OASIS JSON schema of the object's own type, then the
 * spec rules those schemas miss (rules.ts). Objects are returned as received — never coerced,
 * defaulted or stripped — so custom `x-` types and `x_` properties survive byte for byte.
 */

export type StixIssue = Issue;
export type StixValidation =
  | { ok: true; object: StixObject; warnings: StixIssue[] }
  | { ok: false; errors: StixIssue[]; warnings: StixIssue[] };
export type BundleEntry =
  | { index: number; ok: true; object: StixObject; warnings: StixIssue[] }
  | { index: number; ok: false; id?: string; errors: StixIssue[]; warnings: StixIssue[] };
/** `errors` concern the bundle envelope itself; each object is judged on its own in `objects`. */
export type BundleValidation = { errors: StixIssue[]; objects: BundleEntry[] };

const BUNDLE_ID = /^bundle--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;

export function validateStixObject(obj: unknown): StixValidation {
  return validateAt(obj, '');
}

/**
 * Each object of a bundle separately, against its own type's schema. Not through the official
 * bundle.json: its list of object schemas lacks `incident`, and one bad object would fail the whole
 * bundle with an unreadable anyOf error instead of saying which object is wrong and why.
 */
export function validateBundle(bundle: unknown): BundleValidation {
  if (!isRecord(bundle)) return { errors: [issue('', say.bundleNotObject())], objects: [] };
  const errors: StixIssue[] = [];
  if (bundle['type'] !== 'bundle') errors.push(issue('type', say.bundleType()));
  const id = bundle['id'];
  if (typeof id !== 'string' || !BUNDLE_ID.test(id)) errors.push(issue('id', say.bundleId()));
  const objects = bundle['objects'];
  if (objects === undefined) return { errors, objects: [] };
  if (!Array.isArray(objects)) return { errors: [...errors, issue('objects', say.objectList())], objects: [] };
  return {
    errors,
    objects: objects.map((obj: unknown, index): BundleEntry => {
      const result = validateAt(obj, `objects[${index}]`);
      if (result.ok) return { index, ...result };
      const objectId = isRecord(obj) && typeof obj['id'] === 'string' ? obj['id'] : undefined;
      return objectId === undefined ? { index, ...result } : { index, ok: false, id: objectId, errors: result.errors, warnings: result.warnings };
    }),
  };
}

function validateAt(obj: unknown, prefix: string): StixValidation {
  const at = (path: string): string => (prefix === '' ? path : path === '' ? prefix : `${prefix}.${path}`);
  const fail = (issues: StixIssue[], warnings: StixIssue[] = []): StixValidation => ({
    ok: false,
    errors: issues.map((i) => moved(i, at(i.path))),
    warnings: warnings.map((i) => moved(i, at(i.path))),
  });
  if (!isRecord(obj)) return fail([issue('', say.notObject())]);
  const unstorable = storageProblem(obj);
  if (unstorable) return fail([unstorable]);
  const type = obj['type'];
  if (typeof type !== 'string') return fail([issue('type', say.typeRequired())]);
  const typed = obj as Record<string, unknown> & { type: string };

  const standard = schemaForType(type);
  let validate: ValidateFunction;
  if (standard) validate = standard.validate;
  else if (isCustomType(typed)) validate = commonSchema(isObservableLike(typed) ? 'observable' : 'core');
  else {
    return fail([issue('type', say.unknownType(type))]);
  }

  const raw = validate(obj) ? [] : (validate.errors ?? []);
  const schemaIssues = schemaErrors(type === 'marking-definition' ? markingBranch(raw, obj) : raw, obj);
  const rules = checkRules(typed);
  // A spec rule's message is more specific than a schema's for the same property (e.g. an id of the
  // wrong type beside "must match pattern ^indicator--"), so it replaces it.
  const ruled = new Set(rules.errors.map((e) => e.path));
  const errors = dedupe([...schemaIssues.filter((e) => !ruled.has(e.path)), ...rules.errors]);
  if (errors.length > 0) return fail(errors, rules.warnings);
  return { ok: true, object: obj as StixObject, warnings: rules.warnings.map((w) => moved(w, at(w.path))) };
}

const COMBINATORS = new Set(['anyOf', 'oneOf', 'allOf', 'if', '$ref']);

/**
 * Ajv errors as STIX paths and plain reasons. Combinator errors ("must match a schema in anyOf") are
 * dropped when a more specific error explains the same property, and the alternatives of an anyOf
 * ("must be string", "must be integer", …) are joined into one reason per property.
 */
function schemaErrors(raw: ErrorObject[], data: unknown): StixIssue[] {
  const issues = raw.map((e) => ({ keyword: e.keyword, ...describe(e, data) }));
  const specific = issues.filter((i) => !COMBINATORS.has(i.keyword));
  const explained = (i: { path: string }): boolean =>
    i.path === '' ? specific.length > 0 : specific.some((s) => s.path === i.path || s.path.startsWith(`${i.path}.`) || s.path.startsWith(`${i.path}[`));
  const alternatives = new Map<string, Set<string>>();
  for (const e of raw) {
    if (e.keyword !== 'type' && e.keyword !== 'enum') continue;
    const key = `${e.keyword} ${pointerToPath(e.instancePath, data)}`;
    const params = e.params as Record<string, unknown>;
    const allowed = e.keyword === 'type' ? [params['type']].flat().map(String) : (params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v));
    alternatives.set(key, new Set([...(alternatives.get(key) ?? []), ...allowed]));
  }
  const out: StixIssue[] = [];
  const joined = new Set<string>();
  for (const i of issues) {
    if (COMBINATORS.has(i.keyword) && explained(i)) continue;
    const options = alternatives.get(`${i.keyword} ${i.path}`);
    if (!options) out.push({ path: i.path, message: i.message, messageJa: i.messageJa });
    else if (!joined.has(`${i.keyword} ${i.path}`)) {
      // The alternatives of one property, said once.
      joined.add(`${i.keyword} ${i.path}`);
      const list = [...options];
      out.push(issue(i.path, i.keyword === 'type' ? say.oneOfTypes(list) : say.oneOfValues(list)));
    }
  }
  return out;
}

/**
 * marking-definition.json is a oneOf of a TLP 1.0 form, a statement form and any other form; a failing
 * object fails every branch. Only the branch its `definition_type` chose explains what is wrong.
 */
function markingBranch(raw: ErrorObject[], obj: Record<string, unknown>): ErrorObject[] {
  const kind = obj['definition_type'];
  const irrelevant =
    kind === 'tlp' ? ['#/oneOf/0/', '#/definitions/statement']
    : kind === 'statement' ? ['#/oneOf/1/', '#/definitions/tlp_', '#/oneOf/0/oneOf/1/']
    : ['#/oneOf/1/', '#/definitions/tlp_', '#/oneOf/0/oneOf/0/', '#/definitions/statement'];
  return raw.filter((e) => !irrelevant.some((p) => e.schemaPath.startsWith(p)));
}

function describe(e: ErrorObject, data: unknown): StixIssue {
  const path = pointerToPath(e.instancePath, data);
  const child = (name: string): string => (path === '' ? name : `${path}.${name}`);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return issue(child(String(params['missingProperty'])), say.required());
    case 'additionalProperties':
      return issue(child(String(params['additionalProperty'])), say.notAllowedProperty());
    case 'pattern':
      return issue(path, patternText(String(params['pattern'])));
    case 'not':
      return issue(
        path,
        // core.json and cyber-observable-core.json forbid the names STIX 2.1 reserves (§3.1).
        path === '' && (e.schemaPath === '#/not' || e.schemaPath.endsWith('core.json/not'))
          ? say.reservedNames()
          : path === '' ? say.forbiddenCombination() : say.forbiddenValue(),
      );
    default:
      return issue(path, schemaRuleText(e));
  }
}

function patternText(pattern: string): StixText {
  if (pattern.startsWith('^[0-9]{4}-(0[1-9]')) return say.timestamp();
  if (pattern.startsWith('T\\d{2}:\\d{2}:\\d{2}\\.\\d{3,}Z')) return say.timestampMillis();
  if (pattern === IDENTIFIER_SCHEMA_PATTERN) return say.identifier();
  // ipv4-addr.json's and ipv6-addr.json's value patterns: a regex of a screen and more is no help to anyone.
  if (pattern.startsWith('^(([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])')) return say.ipValue('IPv4');
  if (pattern.startsWith('^s*((([0-9A-Fa-f]{1,4}:){7}')) return say.ipValue('IPv6');
  const prefix = /^\^([a-z0-9-]+--)$/.exec(pattern);
  if (prefix) return say.startsWith(prefix[1]!);
  return say.matchPattern(pattern);
}

/** The identifier pattern of the official identifier.json (same shape as IDENTIFIER). */
const IDENTIFIER_SCHEMA_PATTERN = IDENTIFIER.source.replace('([a-z][a-z0-9-]+[a-z0-9])', '[a-z][a-z0-9-]+[a-z0-9]');

/** JSON pointer → STIX path (`external_references[0].url`), walking the data to tell lists from keys. */
function pointerToPath(pointer: string, data: unknown): string {
  if (pointer === '') return '';
  let path = '';
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const step = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path += `[${step}]`;
      node = node[Number(step)];
    } else {
      path += path === '' ? step : `.${step}`;
      node = isRecord(node) ? node[step] : undefined;
    }
  }
  return path;
}

function dedupe(issues: StixIssue[]): StixIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Deeper than any STIX object needs (extensions nest a handful of levels), shallow enough for every client's parser. */
export const MAX_NESTING = 100;

/**
 * What would break storing or serving one object, found before anything else so that it is that
 * object's rejection, not the whole envelope's 500: a NUL character (PostgreSQL's jsonb cannot hold
 * \u0000; real feeds do carry them) and nesting deeper than MAX_NESTING (re-serialising it overflowed
 * the stack, and a 1,000-deep object that was stored broke Python consumers of the whole collection).
 * Iterative, so the check itself cannot overflow.
 */
function storageProblem(obj: Record<string, unknown>): StixIssue | null {
  // The common case pays no path strings: only an object that has a problem is walked again to name it.
  return storable(obj) ? null : locateProblem(obj);
}

/** Whether `root` has no NUL character and no nesting beyond MAX_NESTING (iterative). */
function storable(root: unknown): boolean {
  const values: unknown[] = [root];
  const depths: number[] = [1];
  while (values.length) {
    const value = values.pop();
    const depth = depths.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return false;
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_NESTING) return false;
    if (Array.isArray(value)) {
      for (const v of value) {
        values.push(v);
        depths.push(depth + 1);
      }
    } else {
      for (const k in value) {
        if (k.includes('\u0000')) return false;
        values.push((value as Record<string, unknown>)[k]);
        depths.push(depth + 1);
      }
    }
  }
  return true;
}

function locateProblem(obj: Record<string, unknown>): StixIssue | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: obj, path: '', depth: 1 }];
  const join = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`);
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return issue(path, say.nulCharacter());
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_NESTING) return issue(path, say.tooDeep(MAX_NESTING));
    if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, path: join(path, i), depth: depth + 1 }));
    else
      for (const [k, v] of Object.entries(value)) {
        if (k.includes('\u0000')) return issue(path, say.nulCharacter());
        stack.push({ value: v, path: join(path, k), depth: depth + 1 });
      }
  }
  return null;
}
