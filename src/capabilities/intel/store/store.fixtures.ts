import crypto from 'node:crypto';
import { TLP2_MARKING_IDS } from '../../incidents/stix-common.js';
import type { Tlp } from '../../../platform/policy/types.js';

/** Valid STIX objects for the store's tests (random ids unless given). */

export const T0 = '2026-01-01T00:00:00.000Z';
export const uid = (type: string) => `${type}--${crypto.randomUUID()}`;

export function indicatorOf(ip: string, o: { id?: string; modified?: string; tlp?: Tlp; name?: string; extra?: Record<string, unknown> } = {}) {
  return {
    type: 'indicator', spec_version: '2.1', id: o.id ?? uid('indicator'), created: T0, modified: o.modified ?? T0,
    name: o.name ?? `C2 ${ip}`, indicator_types: ['malicious-activity'], pattern: `[ipv4-addr:value = '${ip}']`, pattern_type: 'stix', valid_from: T0,
    ...(o.tlp ? { object_marking_refs: [TLP2_MARKING_IDS[o.tlp]] } : {}),
    ...o.extra,
  };
}

export function malwareOf(name: string, o: { id?: string; tlp?: Tlp } = {}) {
  return { type: 'malware', spec_version: '2.1', id: o.id ?? uid('malware'), created: T0, modified: T0, name, is_family: true, ...(o.tlp ? { object_marking_refs: [TLP2_MARKING_IDS[o.tlp]] } : {}) };
}

export function relationshipOf(source: string, target: string, type = 'indicates', o: { tlp?: Tlp } = {}) {
  return { type: 'relationship', spec_version: '2.1', id: uid('relationship'), created: T0, modified: T0, relationship_type: type, source_ref: source, target_ref: target, ...(o.tlp ? { object_marking_refs: [TLP2_MARKING_IDS[o.tlp]] } : {}) };
}

export function ipv4Of(ip: string) {
  return { type: 'ipv4-addr', spec_version: '2.1', id: `ipv4-addr--${crypto.createHash('sha1').update(ip).digest('hex').replace(/^(.{8})(.{4})(.{3})(.{3})(.{12}).*$/, '$1-$2-5$3-a$4-$5')}`, value: ip };
}

export const bundleOf = (objects: unknown[]) => ({ type: 'bundle', id: uid('bundle'), objects });
