/**
 * The advisory-matching core: pure functions, no I/O. Parsing of identifiers and versions, advisory
 * extraction (CVE JSON 5, CSAF 2.0, CISA KEV) into affected statements, and matching with reasons.
 */
export * from './model.js';
export { parseCpe, cpeKey, cpeKeyOf, cpeVersionValue, cpeConstraints, formatCpe23, type Cpe, type CpeValue, type CpeAttribute } from './cpe.js';
export { parsePurl, makePurl, purlKey, purlKeyOf, purlVersion, formatPurl, type Purl } from './purl.js';
export { detectScheme, schemeFromHint, compareVersions, sameVersion, versionKey, type Scheme, type Comparison, type VersionKey } from './versions.js';
export { inRange, inAnyRange, isBounded, formatRange, parseVers, parseRangeExpression, type VersionRange, type Bound, type RangeTest } from './ranges.js';
export { nameKey, aliasIndex, toAliasIndex, resolveKey, assetIdentity, assetIndexKeys, entryIndexKey, type AliasIndex, type Aliases, type AssetIdentity } from './identity.js';
export { collectionIdentity } from './collections.js';
export { cveVersionStatements } from './cve-versions.js';
export { matchAsset, matchAdvisory, matchAdvisoryPrepared, matchPrepared } from './match.js';
export { extractCve } from './extract-cve.js';
export { extractCsaf } from './extract-csaf.js';
export { parseKev, kevDelta, kevAffected, type Kev, type KevEntry, type KevDelta, type KevChange } from './kev.js';
