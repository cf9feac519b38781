import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { CLEARANCES, ORG_KINDS, ROLES, type Clearance, type OrgId, type OrgKind, type Role, type UserId } from '../identity/ids.js';
import { createLogger, startPlatform, type Platform } from '../platform.js';
import { dropSchema, testDatabase } from '../testing/harness.js';
import { abilities, can, visibleTo } from './index.js';
import { CLEARANCE_RANK, TLPS, type Actor, type Marking, type Tlp } from './types.js';

const id = () => crypto.randomUUID();
const OWNER = id() as OrgId;
const RECIPIENT = id() as OrgId;
const UNRELATED = id() as OrgId;
const NAMED_USER = id() as UserId;
const CREATOR = id() as UserId;
const ADDRESSED_SECTOR = 'gas';

/** How an actor stands to the probe objects (all of which share one set of recipients). */
const RELATIONS = ['owner', 'recipient', 'in-addressed-sector', 'operates-for-recipient', 'named-user', 'creator', 'unrelated'] as const;
type Relation = (typeof RELATIONS)[number];

function actorFor(kind: OrgKind, role: Role, clearance: Clearance, relation: Relation): Actor {
  const government = ['national_hub', 'ministry', 'police', 'regulator'].includes(kind);
  const inSector = relation === 'in-addressed-sector';
  return {
    userId: relation === 'named-user' ? NAMED_USER : relation === 'creator' ? CREATOR : (id() as UserId),
    orgId: relation === 'owner' ? OWNER : relation === 'recipient' ? RECIPIENT : UNRELATED,
    orgKind: kind,
    role,
    clearance,
    // A company is in the sector; a government body is competent for it.
    orgSectors: inSector && !government ? [ADDRESSED_SECTOR] : ['finance'],
    authority: government ? 'x' : null,
    competentSectors: inSector && government ? [ADDRESSED_SECTOR] : [],
    operatesForOrgIds: relation === 'operates-for-recipient' ? [RECIPIENT] : [],
    via: 'session',
  };
}

function probeMarking(tlp: Tlp, clearance: Clearance): Marking {
  return {
    tlp,
    clearance,
    ownerOrgId: OWNER,
    createdBy: CREATOR,
    recipientOrgIds: [RECIPIENT],
    recipientSectors: [ADDRESSED_SECTOR],
    recipientUserIds: [NAMED_USER],
  };
}

/** DOMAIN.md §5 written as a table, independently of the policy code. */
const TLP_REACH: Record<Tlp, Relation[]> = {
  clear: [...RELATIONS],
  green: [...RELATIONS],
  'amber+strict': ['owner', 'recipient', 'in-addressed-sector'],
  amber: ['owner', 'recipient', 'in-addressed-sector', 'operates-for-recipient'],
  red: ['named-user', 'creator'],
};
const expected = (relation: Relation, actorClearance: Clearance, m: Marking) =>
  TLP_REACH[m.tlp].includes(relation) && CLEARANCE_RANK[actorClearance] >= CLEARANCE_RANK[m.clearance];

describe('policy: every role × org kind × TLP × clearance', () => {
  let platform: Platform;
  const database = testDatabase();
  const probes: { n: number; marking: Marking }[] = [];

  beforeAll(async () => {
    const config = loadConfig({ RENKEI_ENV: 'test', LOG_LEVEL: 'silent' }, { database });
    platform = await startPlatform(config, createLogger(config));
    await sql`create table policy_probe (
      n int primary key, tlp text not null, clearance text not null, owner_org_id uuid, created_by uuid,
      recipient_org_ids uuid[] not null, recipient_sectors text[] not null, recipient_user_ids uuid[] not null)`.execute(platform.db);
    let n = 0;
    for (const tlp of TLPS)
      for (const clearance of CLEARANCES) {
        const m = probeMarking(tlp, clearance);
        probes.push({ n, marking: m });
        await sql`insert into policy_probe values (${n}, ${tlp}, ${clearance}, ${OWNER}::uuid, ${CREATOR}::uuid,
          ${[RECIPIENT]}::uuid[], ${[ADDRESSED_SECTOR]}::text[], ${[NAMED_USER]}::uuid[])`.execute(platform.db);
        n++;
      }
  });
  afterAll(async () => {
    await platform.close();
    if (database.kind === 'postgres') await dropSchema(database.schema);
  });

  it('authorize() and the SQL list filter agree with the TLP 2.0 / clearance table for all 10,080 cases', async () => {
    let checked = 0;
    const disagreements: string[] = [];
    for (const kind of ORG_KINDS)
      for (const role of ROLES)
        for (const clearance of CLEARANCES)
          for (const relation of RELATIONS) {
            const actor = actorFor(kind, role, clearance, relation);
            const { rows } = await sql<{ n: number }>`select n from policy_probe p where ${visibleTo(actor, 'p')} order by n`.execute(platform.db);
            const bySql = new Set(rows.map((r) => r.n));
            for (const { n, marking } of probes) {
              const want = expected(relation, clearance, marking);
              const byCode = can(actor, 'read', { type: 'marked', marking });
              if (byCode !== want || bySql.has(n) !== want) {
                disagreements.push(`${kind}/${role}/${clearance}/${relation} on ${marking.tlp}+${marking.clearance}: want ${want}, authorize ${byCode}, sql ${bySql.has(n)}`);
              }
              checked++;
            }
          }
    expect(disagreements.slice(0, 10)).toEqual([]);
    expect(checked).toBe(ORG_KINDS.length * ROLES.length * CLEARANCES.length * RELATIONS.length * TLPS.length * CLEARANCES.length);
  });

  it('anonymous callers see only TLP:CLEAR without clearance, in code and in SQL', async () => {
    const { rows } = await sql<{ n: number }>`select n from policy_probe p where ${visibleTo(null, 'p')}`.execute(platform.db);
    const visible = probes.filter((p) => can(null, 'read', { type: 'marked', marking: p.marking })).map((p) => p.n);
    expect(rows.map((r) => r.n)).toEqual(visible);
    expect(visible).toHaveLength(1);
    expect(probes[visible[0]!]!.marking).toMatchObject({ tlp: 'clear', clearance: 'none' });
  });
});

describe('policy: capability abilities per role and org kind', () => {
  const a = (kind: OrgKind, role: Role) => abilities(actorFor(kind, role, 'none', 'unrelated'));

  it('only admins manage tokens and users, in every kind of organisation', () => {
    for (const kind of ORG_KINDS)
      for (const role of ROLES) {
        expect(a(kind, role)['tokens.manage']).toBe(role === 'admin');
        expect(a(kind, role)['users.manage']).toBe(role === 'admin');
      }
  });

  it('advisories and alerts are issued, and exercises run, by the hub and ministries (analysts, admins) only', () => {
    for (const kind of ORG_KINDS)
      for (const role of ROLES) {
        const want = ['national_hub', 'ministry'].includes(kind) && ['admin', 'analyst'].includes(role);
        expect(a(kind, role)['advisories.publish']).toBe(want);
        expect(a(kind, role)['alerts.issue']).toBe(want);
        expect(a(kind, role)['exercises.create']).toBe(want);
      }
  });

  it('incident reports are filed by companies, never by viewers', () => {
    for (const kind of ORG_KINDS)
      for (const role of ROLES) {
        const want = ['operator', 'vendor', 'isac', 'sme'].includes(kind) && role !== 'viewer';
        expect(a(kind, role)['incidents.create']).toBe(want);
      }
  });

  it('the whole audit chain is for the national hub’s admins; each org admin reads its own', () => {
    for (const kind of ORG_KINDS)
      for (const role of ROLES) {
        expect(a(kind, role)['audit.readAll']).toBe(kind === 'national_hub' && role === 'admin');
        expect(a(kind, role)['audit.read']).toBe(role === 'admin');
      }
  });

  it('a token belongs to its organisation: another organisation’s admin cannot touch it', () => {
    const admin = actorFor('operator', 'admin', 'none', 'owner');
    expect(can(admin, 'delete', { type: 'api_token', orgId: OWNER, userId: id() as UserId })).toBe(true);
    expect(can(admin, 'delete', { type: 'api_token', orgId: RECIPIENT, userId: id() as UserId })).toBe(false);
  });
});
