import { createHash } from 'node:crypto';
import type { HashKind } from '../../platform/observables/normalize.js';
import type { Tlp } from '../../platform/policy/types.js';
import type { Indicator } from './schema.js';

/** What STIX export and import share: TLP 2.0 markings, deterministic ids, kind ↔ STIX mapping. */

export type IndicatorKind = Indicator['kind'];

/**
 * The TLP 2.0 marking definitions published by the OASIS CTI TC (oasis-open/cti-stix-common-objects,
 * extension-definition-specifications/tlp-2.0: the extension's JSON schema pins each id and name, and
 * its examples give the objects). STIX 2.1 itself only predefines TLP 1.0 (white/green/amber/red),
 * which has different ids and no AMBER+STRICT / CLEAR.
 */
export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';
export const TLP2_MARKING_IDS: Record<Tlp, string> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

/** The published object, verbatim: a marking is recognised by its id, and the object must match it. */
export function tlpMarkingDefinition(tlp: Tlp) {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP2_MARKING_IDS[tlp],
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${tlp.toUpperCase()}`,
    extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: tlp } },
  };
}

/**
 * Renkei's own UUIDv5 namespace. STIX 2.1 §2.9 says SDOs/SROs SHOULD use UUIDv4, and that a producer
 * using something else needs a namespace that guarantees uniqueness and MUST NOT use the SCO namespace
 * 00abedb4-aa42-466c-9c01-fed23315a9b7. Deterministic ids are worth the SHOULD: see `stixId`.
 */
const RENKEI_STIX_NAMESPACE = '3aa360e1-d446-4f34-9b4e-77173d584edf';

/** RFC 4122 §4.3 name-based UUID (SHA-1, version 5). */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The STIX id of one object of a report's export: the same report and role give the same id, so a
 * re-export is a new version of the same objects rather than a copy. Roles differ per object, which
 * keeps the UUID part unique across types as STIX requires.
 */
export function stixId(type: string, reportId: string, role: string): string {
  return `${type}--${uuidV5(RENKEI_STIX_NAMESPACE, `${reportId}/${role}`)}`;
}

/** STIX timestamps are UTC with millisecond precision (the schemas require `.sssZ` on created/modified). */
export function stixTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`invalid timestamp: ${iso}`);
  return date.toISOString();
}

/** STIX `hashes` keys (hash-algorithm-ov) for the hash kinds of the form. */
export const HASH_KEYS: Record<HashKind, string> = { md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512' };

/** A `hashes` key as producers write it (`SHA-256`, `sha256`, `SHA_256`) → hash kind, or null. */
export function hashKindOfKey(key: string): HashKind | null {
  const k = key.toUpperCase().replace(/[-_]/g, '');
  const found = (Object.keys(HASH_KEYS) as HashKind[]).find((kind) => HASH_KEYS[kind].replace('-', '') === k);
  return found ?? null;
}

/** SCO type whose `value` property holds an indicator of that kind. */
export const VALUE_SCO_TYPES = {
  ipv4: 'ipv4-addr',
  ipv6: 'ipv6-addr',
  domain: 'domain-name',
  url: 'url',
  email: 'email-addr',
} as const satisfies Partial<Record<IndicatorKind, string>>;
export type ValueKind = keyof typeof VALUE_SCO_TYPES;

export function kindOfValueSco(type: string): ValueKind | null {
  const found = (Object.keys(VALUE_SCO_TYPES) as ValueKind[]).find((k) => VALUE_SCO_TYPES[k] === type);
  return found ?? null;
}

export function isHashKind(kind: IndicatorKind): kind is HashKind {
  return kind === 'md5' || kind === 'sha1' || kind === 'sha256' || kind === 'sha512';
}
