/**
 * What kind of STIX 2.1 object something is, which version of it it is, and what it points at.
 * Pure functions over already-validated objects; no schema loading, so callers on hot paths (marking
 * checks, correlation) pay nothing for them.
 */

/** A validated STIX object, kept exactly as received (custom properties and key order included). */
export type StixObject = { type: string; id: string; [property: string]: unknown };

export type StixKind = 'sdo' | 'sco' | 'sro' | 'marking-definition' | 'language-content' | 'extension-definition' | 'custom';

/** STIX 2.1 §4 (SDOs), §6 (SCOs), §5 (SROs): the types the standard defines. */
export const SDO_TYPES: ReadonlySet<string> = new Set([
  'attack-pattern', 'campaign', 'course-of-action', 'grouping', 'identity', 'incident', 'indicator',
  'infrastructure', 'intrusion-set', 'location', 'malware', 'malware-analysis', 'note', 'observed-data',
  'opinion', 'report', 'threat-actor', 'tool', 'vulnerability',
]);
export const SCO_TYPES: ReadonlySet<string> = new Set([
  'artifact', 'autonomous-system', 'directory', 'domain-name', 'email-addr', 'email-message', 'file',
  'ipv4-addr', 'ipv6-addr', 'mac-addr', 'mutex', 'network-traffic', 'process', 'software', 'url',
  'user-account', 'windows-registry-key', 'x509-certificate',
]);
export const SRO_TYPES: ReadonlySet<string> = new Set(['relationship', 'sighting']);

/** STIX 2.1 §2.9: `<type>--<RFC 4122 UUID>`; the same shape the official identifier.json enforces. */
export const IDENTIFIER = /^([a-z][a-z0-9-]+[a-z0-9])--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;

/**
 * A custom object type: the legacy `x-` prefix (STIX 2.0 style, still common in feeds) or a type
 * introduced by a `new-sdo` / `new-sco` / `new-sro` extension (STIX 2.1 §7.3), which may have any name.
 */
export function isCustomType(obj: { type: string; extensions?: unknown }): boolean {
  if (/^x-[a-z0-9-]+$/.test(obj.type)) return true;
  return newObjectExtension(obj) !== null;
}

/** The `new-sdo` / `new-sco` / `new-sro` extension type an object declares itself by, if any. */
export function newObjectExtension(obj: { extensions?: unknown }): 'new-sdo' | 'new-sco' | 'new-sro' | null {
  if (!isRecord(obj.extensions)) return null;
  for (const [key, ext] of Object.entries(obj.extensions)) {
    if (!key.startsWith('extension-definition--') || !isRecord(ext)) continue;
    const t = ext['extension_type'];
    if (t === 'new-sdo' || t === 'new-sco' || t === 'new-sro') return t;
  }
  return null;
}

export function kindOf(obj: { type: string }): StixKind {
  const t = obj.type;
  if (SDO_TYPES.has(t)) return 'sdo';
  if (SCO_TYPES.has(t)) return 'sco';
  if (SRO_TYPES.has(t)) return 'sro';
  if (t === 'marking-definition' || t === 'language-content' || t === 'extension-definition') return t;
  return 'custom';
}

/**
 * Whether an object is versioned like an SDO (created/modified) or unversioned like an SCO.
 * A custom object counts as SCO-like when it declares `new-sco`, or declares nothing and carries
 * neither `created` nor `modified` (then half a version stamp is an error, not an SCO).
 */
export function isObservableLike(obj: { type: string; created?: unknown; modified?: unknown; extensions?: unknown }): boolean {
  const kind = kindOf(obj);
  if (kind === 'sco') return true;
  if (kind !== 'custom') return false;
  const declared = newObjectExtension(obj);
  return declared === 'new-sco' || (declared === null && obj.created === undefined && obj.modified === undefined);
}

/**
 * The key one stored version is kept under. STIX 2.1 §3.6: a version of an SDO/SRO (and of language
 * content and extension definitions) is its `id` plus `modified`; marking definitions cannot be
 * versioned, so `created` stands in; SCOs have no versions (deterministic ids make repeats the same
 * object), so `version` is null.
 */
export function versionKey(obj: StixObject): { id: string; version: string | null } {
  if (isObservableLike(obj)) return { id: obj.id, version: null };
  const stamp = obj.type === 'marking-definition' ? obj['created'] : (obj['modified'] ?? obj['created']);
  return { id: obj.id, version: typeof stamp === 'string' ? canonicalTimestamp(stamp) : null };
}

/**
 * One spelling per instant, so `…:00Z`, `…:00.000Z` and `…:00.000000Z` are the same version:
 * the fraction is padded to milliseconds and trailing zeros beyond them dropped.
 */
export function canonicalTimestamp(stamp: string): string {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(stamp);
  if (!m) return stamp;
  const fraction = (m[2] ?? '').padEnd(3, '0').replace(/(?<=\d{3})0+$/, '');
  return `${m[1]}.${fraction}Z`;
}

/**
 * Every identifier the object points at through a `*_ref` / `*_refs` property, at any depth (granular
 * marking `marking_ref`, extension properties, custom `x_…_ref`s), in first-seen order without
 * repeats. Values that are not identifiers are skipped: the validator reports those.
 */
export function referencedIds(obj: StixObject): string[] {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!isRecord(value)) return;
    for (const [key, v] of Object.entries(value)) {
      if (/_refs?$/.test(key)) {
        for (const ref of Array.isArray(v) ? v : [v]) if (typeof ref === 'string' && IDENTIFIER.test(ref)) found.add(ref);
      } else {
        visit(v);
      }
    }
  };
  visit(obj);
  return [...found];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
