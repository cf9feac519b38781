/**
 * Package URLs (`pkg:type/namespace/name@version?qualifiers#subpath`), parsed and normalised by the purl
 * project's own reference library (packageurl-js), which applies the per-type rules of PURL-TYPES
 * (npm/pypi/github… lower-cased, pypi `_` → `-`, required namespaces). Identity is
 * `purl:<type>/<namespace>/<name>`: the version, qualifiers and subpath describe one build, not the package.
 */
import { PackageURL } from 'packageurl-js';

export type Purl = {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  qualifiers: Record<string, string>;
  subpath?: string;
};

export type PurlParse = { ok: true; purl: Purl } | { ok: false; message: string };

/**
 * PyPI treats runs of `-`, `_` and `.` as the same project name (PEP 503); the purl spec only folds `_`,
 * so `zope.interface` and `zope-interface` would otherwise be two identities for one package.
 */
function canonicalName(type: string, name: string): string {
  return type === 'pypi' ? name.replace(/[-_.]+/g, '-') : name;
}

function fromLibrary(p: PackageURL): Purl {
  const out: Purl = { type: p.type, name: canonicalName(p.type, p.name), qualifiers: { ...(p.qualifiers ?? {}) } };
  if (p.namespace) out.namespace = p.namespace;
  if (p.version) out.version = p.version;
  if (p.subpath) out.subpath = p.subpath;
  return out;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function parsePurl(text: string): PurlParse {
  try {
    return { ok: true, purl: fromLibrary(PackageURL.fromString(text.trim())) };
  } catch (e) {
    return { ok: false, message: message(e) };
  }
}

/** Builds (and normalises) a purl from parts, e.g. a CVE record's collectionURL + packageName. */
export function makePurl(type: string, namespace: string | undefined, name: string, version?: string): PurlParse {
  try {
    return { ok: true, purl: fromLibrary(new PackageURL(type, namespace ?? null, name, version ?? null, null, null)) };
  } catch (e) {
    return { ok: false, message: message(e) };
  }
}

/** `purl:npm/@angular/core`, `purl:pypi/django`, `purl:maven/org.apache.logging.log4j/log4j-core`. */
export function purlKey(p: Purl): string {
  return p.namespace ? `purl:${p.type}/${p.namespace}/${p.name}` : `purl:${p.type}/${p.name}`;
}

export function purlKeyOf(text: string): string | null {
  const p = parsePurl(text);
  return p.ok ? purlKey(p.purl) : null;
}

/**
 * The version to compare. RPM purls carry the epoch as a qualifier (`?epoch=1`) while advisories write
 * `1:1.0.2k-19.el7`; folding it back keeps an epoch bump from looking like a downgrade.
 */
export function purlVersion(p: Purl): string | null {
  if (!p.version) return null;
  const epoch = p.qualifiers['epoch'];
  return p.type === 'rpm' && epoch && !/^\d+:/.test(p.version) ? `${epoch}:${p.version}` : p.version;
}

/** The canonical string form (the library's encoding), for storage and display. */
export function formatPurl(p: Purl): string {
  return new PackageURL(p.type, p.namespace ?? null, p.name, p.version ?? null, Object.keys(p.qualifiers).length ? p.qualifiers : null, p.subpath ?? null).toString();
}
