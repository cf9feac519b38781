import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { hashPassword } from '../platform/auth/secrets.js';
import { Clearance, OrgKind, Role } from '../platform/identity/ids.js';
import type { Law } from '../platform/law/law.js';
import type { Platform } from '../platform/platform.js';
import { seedDemoSupplyChain } from './supply-chain.js';

/** Every demo login shares this password; it exists only in the demo world (never in production). */
export const DEMO_PASSWORD = 'renkei-demo-2026';

const WORLD_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'world.json');

const World = z.object({
  organizations: z.array(
    z.object({
      slug: z.string().regex(/^[a-z0-9-]+$/),
      name: z.string().min(1),
      nameEn: z.string().min(1),
      kind: OrgKind,
      authority: z.string().nullable(),
      sectors: z.array(z.string()),
      designated: z.boolean(),
      designatedBusinessTypes: z.array(z.string()),
      contacts: z.object({ phone24h: z.string(), csirtEmail: z.email(), escalation: z.string() }).optional(),
    }),
  ),
  users: z.array(z.object({ email: z.email(), displayName: z.string(), org: z.string(), role: Role, clearance: Clearance })),
  partners: z.array(z.object({ vendor: z.string(), operator: z.string(), relation: z.literal('operates_systems') })),
});
export type World = z.infer<typeof World>;

/** Reads the demo world and checks it against the law data (sectors, authorities, business types). */
export function loadWorld(law: Law): World {
  const world = World.parse(JSON.parse(fs.readFileSync(WORLD_FILE, 'utf8')));
  const slugs = new Set(world.organizations.map((o) => o.slug));
  const sectors = new Set(law.sectors.map((s) => s.code));
  const types = new Set(law.businessTypes.map((b) => b.code));
  const authorities = new Set(law.authorities.map((a) => a.code));
  for (const o of world.organizations) {
    for (const s of o.sectors) if (!sectors.has(s)) throw new Error(`demo world: ${o.slug} has unknown sector ${s}`);
    for (const t of o.designatedBusinessTypes) if (!types.has(t)) throw new Error(`demo world: ${o.slug} has unknown business type ${t}`);
    if (o.authority && !authorities.has(o.authority)) throw new Error(`demo world: ${o.slug} has unknown authority ${o.authority}`);
  }
  for (const u of world.users) if (!slugs.has(u.org)) throw new Error(`demo world: ${u.email} belongs to unknown ${u.org}`);
  for (const p of world.partners)
    if (!slugs.has(p.vendor) || !slugs.has(p.operator)) throw new Error(`demo world: partner ${p.vendor}→${p.operator} unknown`);
  return world;
}

export async function isSeeded(platform: Platform): Promise<boolean> {
  return (await demoState(platform)) !== 'absent';
}

/** Written by seedDemoContent when the demo's work in flight is all in (migration 0071 marks older databases). */
export const DEMO_CONTENT_MARKER = 'demo_content_seeded_at';

/**
 * Whether this database holds the demo: `interrupted` when its world was seeded but the content that
 * follows was not finished (a first start stopped part-way: Ctrl-C during the seconds it takes).
 */
export async function demoState(platform: Platform): Promise<'absent' | 'complete' | 'interrupted'> {
  const keys = new Set(
    (await platform.db.selectFrom('platform_meta').select('key').where('key', 'in', ['demo_seeded_at', DEMO_CONTENT_MARKER]).execute()).map((r) => r.key),
  );
  if (!keys.has('demo_seeded_at')) return 'absent';
  return keys.has(DEMO_CONTENT_MARKER) ? 'complete' : 'interrupted';
}

/**
 * Seeds the demo world once. Refuses in production: demo passwords must never exist there.
 * Returns false when it was already seeded.
 */
export async function seedDemoWorld(platform: Platform): Promise<boolean> {
  if (platform.config.env === 'production') throw new Error('Refusing to seed the demo world in production (RENKEI_ENV=production).');
  if (await isSeeded(platform)) return false;
  const world = loadWorld(platform.law);
  // Each user gets their own salted hash; done in parallel because argon2 is deliberately slow.
  const hashes = await Promise.all(world.users.map(() => hashPassword(DEMO_PASSWORD)));
  await platform.transaction(async (trx) => {
    const orgIds = new Map<string, string>();
    for (const o of world.organizations) {
      const id = crypto.randomUUID();
      orgIds.set(o.slug, id);
      await trx
        .insertInto('organizations')
        .values({
          id,
          slug: o.slug,
          name: o.name,
          name_en: o.nameEn,
          kind: o.kind,
          authority: o.authority,
          sectors: o.sectors,
          designated: o.designated,
          designated_business_types: o.designatedBusinessTypes,
        })
        .execute();
    }
    // Contacts go to the national hub and the competent authorities of the organisation's sectors.
    const contactRecipients = (sectors: string[]) => {
      const authorities = new Set(sectors.flatMap((s) => platform.law.sector(s)?.competentAuthorities ?? []));
      return world.organizations
        .filter((g) => g.kind === 'national_hub' || (g.authority !== null && authorities.has(g.authority)))
        .map((g) => orgIds.get(g.slug)!);
    };
    for (const o of world.organizations) {
      if (!o.contacts) continue;
      await trx
        .insertInto('org_contacts')
        .values({
          org_id: orgIds.get(o.slug)!,
          phone_24h: o.contacts.phone24h,
          csirt_email: o.contacts.csirtEmail,
          escalation: o.contacts.escalation,
          tlp: 'amber',
          clearance: 'none',
          owner_org_id: orgIds.get(o.slug)!,
          created_by: null,
          recipient_org_ids: contactRecipients(o.sectors),
          recipient_sectors: [],
          recipient_user_ids: [],
        })
        .execute();
    }
    for (const [i, u] of world.users.entries()) {
      const id = crypto.randomUUID();
      await trx.insertInto('users').values({ id, email: u.email, display_name: u.displayName, password_hash: hashes[i]!, clearance: u.clearance }).execute();
      await trx.insertInto('memberships').values({ user_id: id, org_id: orgIds.get(u.org)!, role: u.role }).execute();
    }
    for (const p of world.partners) {
      await trx.insertInto('org_partners').values({ org_id: orgIds.get(p.operator)!, partner_org_id: orgIds.get(p.vendor)!, relation: p.relation }).execute();
    }
    await seedDemoSupplyChain(platform, trx, orgIds);
    await trx.insertInto('platform_meta').values({ key: 'demo_seeded_at', value: JSON.stringify(new Date().toISOString()) }).execute();
    await platform.audit.inTransaction(trx, [
      { actor: null, action: 'demo.seed', resourceType: 'platform', detail: { organizations: world.organizations.length, users: world.users.length } },
    ]);
  });
  return true;
}

/** The logins printed at start and listed in the README. */
export const DEMO_LOGINS: { email: string; what: string }[] = [
  { email: 'hub@renkei.example', what: '国家サイバー統括室 analyst (sds)' },
  { email: 'fsa@renkei.example', what: '金融庁 analyst' },
  { email: 'ppc@renkei.example', what: '個人情報保護委員会 analyst' },
  { email: 'police@renkei.example', what: '警察庁 analyst' },
  { email: 'bank@renkei.example', what: 'さくら中央銀行 admin (finance)' },
  { email: 'msp@renkei.example', what: 'つばさシステムサービス admin (runs the bank’s systems)' },
  { email: 'isac@renkei.example', what: '金融ISAC analyst' },
  { email: 'sme@renkei.example', what: 'こもれび印刷 admin (supplier of the bank)' },
];
