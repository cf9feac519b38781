/**
 * CVE JSON 5 names packages by `collectionURL` + `packageName`. For the collections that have a purl type
 * we turn the pair into a purl identity, so a record naming `https://registry.npmjs.org` + `ws` matches an
 * SBOM component `pkg:npm/ws` directly. Other collections (WordPress plugins, project home pages) become
 * an alias-only key `collection:<host/path>:<package>`: precise, but matched only through the alias table.
 */
import { normaliseName } from './identity.js';
import type { Identity } from './model.js';
import { makePurl, purlKey } from './purl.js';

type Splitter = (pkg: string) => { namespace?: string; name: string } | null;

/** `a/b/c` → namespace `a/b`, name `c` (npm scopes, Go module paths, Composer vendors). */
const lastSlash: Splitter = (pkg) => {
  const i = pkg.lastIndexOf('/');
  return i > 0 ? { namespace: pkg.slice(0, i), name: pkg.slice(i + 1) } : { name: pkg };
};
const plain: Splitter = (pkg) => (pkg.includes('/') ? null : { name: pkg });
// Maven coordinates are written `group:artifact` or `group/artifact`.
const maven: Splitter = (pkg) => {
  const m = /^([^:/]+)[:/]([^:/]+)$/.exec(pkg);
  return m?.[1] && m[2] ? { namespace: m[1], name: m[2] } : null;
};
const fixed =
  (namespace: string): Splitter =>
  (pkg) =>
    pkg.includes('/') ? null : { namespace, name: pkg };

/** Host (and path prefix) → purl type and how packageName splits. Keys are lower-case, without scheme or `www.`. */
const COLLECTIONS: [string, string, Splitter][] = [
  ['registry.npmjs.org', 'npm', lastSlash],
  ['npmjs.com', 'npm', lastSlash],
  ['pypi.org', 'pypi', plain],
  ['pypi.python.org', 'pypi', plain],
  ['repo.maven.apache.org/maven2', 'maven', maven],
  ['repo1.maven.org/maven2', 'maven', maven],
  ['rubygems.org', 'gem', plain],
  ['crates.io', 'cargo', plain],
  ['nuget.org', 'nuget', plain],
  ['packagist.org', 'composer', lastSlash],
  ['pkg.go.dev', 'golang', lastSlash],
  ['proxy.golang.org', 'golang', lastSlash],
  ['golang.org/pkg', 'golang', lastSlash],
  ['repo.hex.pm', 'hex', plain],
  ['pub.dev', 'pub', plain],
  ['packages.debian.org', 'deb', fixed('debian')],
  ['access.redhat.com/downloads/content/package-browser', 'rpm', fixed('redhat')],
];

/** `https://www.Example.org/plugins/` → `example.org/plugins`. */
export function normaliseCollection(url: string): string {
  return url
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '');
}

/** The identity of a collection package: a purl where the collection has a purl type, else an alias key. */
export function collectionIdentity(collectionURL: string | undefined, packageName: string): Identity | null {
  const pkg = packageName.trim();
  if (!pkg || normaliseName(pkg) === '') return null;
  const collection = collectionURL ? normaliseCollection(collectionURL) : '';
  for (const [prefix, type, split] of COLLECTIONS) {
    if (collection !== prefix && !collection.startsWith(`${prefix}/`)) continue;
    const parts = split(pkg);
    const p = parts ? makePurl(type, parts.namespace, parts.name) : null;
    if (p?.ok) return { kind: 'purl', key: purlKey(p.purl) };
    break;
  }
  const where = collection.replace(/:/g, '\\:');
  return { kind: 'alias', key: `collection:${where}:${normaliseName(pkg).replace(/:/g, '\\:')}` };
}
