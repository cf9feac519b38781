/**
 * Synthetic, schema-valid STIX 2.1 for the intel bench: deterministic per index, in groups of 20 that
 * look like what a feed sends — one report with its malware, indicators, observables and relationships.
 *
 *   per group: 1 malware, 4 indicators (STIX patterns on an address, a domain, a URL, a file hash),
 *              9 SCOs (4 ipv4-addr, 2 domain-name, 1 url, 2 file with MD5 + SHA-256),
 *              5 relationships (4 indicator→indicates→malware, 1 malware→communicates-with→ipv4-addr),
 *              1 report whose object_refs name the other 19.
 *
 * Markings: 70 % of groups TLP:CLEAR/GREEN, 25 % AMBER, 5 % unmarked. One indicator in four points at a
 * value from a small popular pool (what many reporters see), so correlation finds repeat sightings.
 */
import crypto from 'node:crypto';
import { TLP2_MARKING_IDS } from '../../src/capabilities/incidents/stix-common.js';

export const GROUP_SIZE = 20;
/** Bumped whenever the generator changes, so a cached data file of an older generator is not reused. */
export const DATA_VERSION = 2;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const POPULAR = 5000;

const digest = (s: string) => crypto.createHash('sha256').update(s).digest();

/** A v4-shaped UUID from a seed (deterministic, so the file is the same every run). */
function uuid4(seed: string): string {
  const h = digest(seed).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
/** A v5-shaped UUID from an SCO's value (SCO ids are deterministic per value, §2.9). */
function uuid5(seed: string): string {
  const h = crypto.createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const FIRST_OCTETS = [11, 23, 45, 62, 77, 91, 103, 118, 141, 157, 176, 185, 193, 203, 212];
/**
 * The i-th address of the groups' SCOs: the low 24 bits are i itself, so no two groups share an
 * address (a shared SCO id with another marking would be a refused lowering, not a new object).
 */
function ipv4At(i: number): string {
  const first = FIRST_OCTETS[digest(`first-${i}`)[0]! % FIRST_OCTETS.length]!;
  return `${first}.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}
/** A popular address (indicator patterns only), from 10.0.0.0/8: never one of the SCOs' addresses. */
const popularIpv4 = (k: number) => `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`;
const domain = (seed: string) => `h${digest(seed).toString('hex', 0, 6)}.example`;

/** The 20 objects of group `g`, each as a JSON text (what arrives over the wire). */
export function group(g: number): string[] {
  const at = new Date(T0 + g * 1000).toISOString();
  const roll = digest(`tlp-${g}`)[0]! / 256;
  const tlp = roll < 0.35 ? 'clear' : roll < 0.7 ? 'green' : roll < 0.95 ? 'amber' : null;
  const marks = tlp ? { object_marking_refs: [TLP2_MARKING_IDS[tlp]] } : {};
  const sdo = (type: string, n: number) => ({ type, spec_version: '2.1', id: `${type}--${uuid4(`${type}-${g}-${n}`)}`, created: at, modified: at });

  const ips = [0, 1, 2, 3].map((n) => ipv4At(g * 4 + n));
  const domains = [0, 1].map((n) => domain(`dom-${g}-${n}`));
  const url = `https://${domain(`url-${g}`)}/p/${digest(`path-${g}`).toString('hex', 0, 4)}`;
  const files = [0, 1].map((n) => ({ md5: digest(`md5-${g}-${n}`).toString('hex', 0, 16), sha256: digest(`sha-${g}-${n}`).toString('hex') }));

  const scos: Record<string, unknown>[] = [
    ...ips.map((value) => ({ type: 'ipv4-addr', spec_version: '2.1', id: `ipv4-addr--${uuid5(`ipv4:${value}`)}`, value, ...marks })),
    ...domains.map((value) => ({ type: 'domain-name', spec_version: '2.1', id: `domain-name--${uuid5(`domain:${value}`)}`, value, ...marks })),
    { type: 'url', spec_version: '2.1', id: `url--${uuid5(`url:${url}`)}`, value: url, ...marks },
    ...files.map((f, n) => ({ type: 'file', spec_version: '2.1', id: `file--${uuid5(`file:${f.sha256}`)}`, name: `payload-${g}-${n}.exe`, size: 4096 + n, hashes: { MD5: f.md5, 'SHA-256': f.sha256 }, ...marks })),
  ];
  const malware = { ...sdo('malware', 0), name: `Family ${g % 997}`, is_family: true, malware_types: ['trojan'], ...marks };
  const popular = digest(`pop-${g}`).readUInt16BE(0) % 4 === 0 ? popularIpv4(digest(`pp-${g}`).readUInt32BE(0) % POPULAR) : ips[0]!;
  const patterns = [
    `[ipv4-addr:value = '${popular}']`,
    `[domain-name:value = '${domains[0]}'] OR [ipv4-addr:value = '${ips[1]}']`,
    `[url:value = '${url}']`,
    `[file:hashes.'SHA-256' = '${files[0]!.sha256}']`,
  ];
  const indicators = patterns.map((pattern, n) => ({
    ...sdo('indicator', n), name: `Indicator ${g}/${n}`, indicator_types: ['malicious-activity'], pattern, pattern_type: 'stix', valid_from: at, ...marks,
  }));
  const relationships = [
    ...indicators.map((ind, n) => ({ ...sdo('relationship', n), relationship_type: 'indicates', source_ref: ind.id, target_ref: malware.id, ...marks })),
    { ...sdo('relationship', 4), relationship_type: 'communicates-with', source_ref: malware.id, target_ref: scos[0]!['id'], ...marks },
  ];
  const members = [malware, ...indicators, ...scos, ...relationships];
  const report = { ...sdo('report', 0), name: `Campaign report ${g}`, published: at, report_types: ['threat-report'], object_refs: members.map((m) => m['id']), ...marks };
  return [...members, report].map((o) => JSON.stringify(o));
}
