import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadSupplyChainLaw } from '../capabilities/supply-chain/law.js';
import { expiresAt, requiredLevel } from '../capabilities/supply-chain/levels.js';
import { hashPassword } from '../platform/auth/secrets.js';
import type { Db } from '../platform/db/database.js';
import type { Platform } from '../platform/platform.js';

const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'supply-chain.json');

const DemoSupplyChain = z.object({
  assessor: z.object({
    slug: z.string(),
    name: z.string(),
    nameEn: z.string(),
    registrationNo: z.string(),
    user: z.object({ email: z.email(), displayName: z.string(), role: z.enum(['admin', 'analyst']) }),
  }),
  links: z.array(
    z.object({
      customer: z.string(),
      supplier: z.string(),
      provides: z.string(),
      holdsKeyData: z.boolean(),
      networkAccess: z.boolean(),
      outageUnacceptable: z.boolean(),
      criticality: z.enum(['low', 'medium', 'high', 'critical']),
      status: z.enum(['pending', 'confirmed']),
    }),
  ),
  assessments: z.array(
    z.object({
      org: z.string(),
      answerLevels: z.array(z.number().int().min(1).max(5)),
      extra: z.array(z.string()),
      rating: z.object({ level: z.number().int().min(1).max(5), basis: z.enum(['self', 'third_party']), grantedDaysAgo: z.number().int().min(0) }),
    }),
  ),
  pendingClaims: z.array(z.object({ org: z.string(), level: z.number().int().min(4).max(5) })),
});

/**
 * Seeds the demo supply chain inside the demo world's transaction: a registered assessor organisation
 * (with one login), supplier links among the seeded organisations, answers and ratings.
 */
export async function seedDemoSupplyChain(platform: Platform, trx: Db, orgIds: Map<string, string>): Promise<void> {
  const demo = DemoSupplyChain.parse(JSON.parse(fs.readFileSync(FILE, 'utf8')));
  const law = loadSupplyChainLaw();
  const id = (slug: string) => {
    const v = orgIds.get(slug);
    if (!v) throw new Error(`demo supply chain: unknown organisation ${slug}`);
    return v;
  };
  const a = demo.assessor;
  const assessorId = crypto.randomUUID();
  orgIds.set(a.slug, assessorId);
  await trx.insertInto('organizations').values({ id: assessorId, slug: a.slug, name: a.name, name_en: a.nameEn, kind: 'vendor', authority: null, sectors: [], designated: false, designated_business_types: [] }).execute();
  const userId = crypto.randomUUID();
  const { DEMO_PASSWORD } = await import('./seed.js');
  await trx.insertInto('users').values({ id: userId, email: a.user.email, display_name: a.user.displayName, password_hash: await hashPassword(DEMO_PASSWORD), clearance: 'none' }).execute();
  await trx.insertInto('memberships').values({ user_id: userId, org_id: assessorId, role: a.user.role }).execute();
  await trx.insertInto('supply_assessors').values({ org_id: assessorId, registration_no: a.registrationNo, registered_by: null }).execute();

  const orgs = await trx.selectFrom('organizations').select(['id', 'kind', 'authority', 'sectors']).execute();
  const overseersOf = (sectors: string[]) => {
    const authorities = new Set(sectors.flatMap((s) => platform.law.sector(s)?.competentAuthorities ?? []));
    return orgs.filter((o) => o.kind === 'national_hub' || (o.authority !== null && authorities.has(o.authority))).map((o) => o.id);
  };
  const now = Date.now();
  for (const l of demo.links) {
    const customer = orgs.find((o) => o.id === id(l.customer))!;
    const req = requiredLevel(law.requiredRules, l);
    await trx
      .insertInto('supply_links')
      .values({
        id: crypto.randomUUID(),
        customer_org_id: customer.id,
        supplier_org_id: id(l.supplier),
        provides: l.provides,
        holds_key_data: l.holdsKeyData,
        network_access: l.networkAccess,
        outage_unacceptable: l.outageUnacceptable,
        criticality: l.criticality,
        required_level: req.level,
        required_rule: req.rule.name,
        rules_version: law.requiredVersion,
        status: l.status,
        decided_at: l.status === 'confirmed' ? new Date(now - 20 * 86_400_000) : null,
        decided_by: null,
        source: 'demo',
        created_by: null,
        tlp: 'amber+strict',
        clearance: 'none',
        owner_org_id: customer.id,
        recipient_org_ids: [...new Set([id(l.supplier), ...overseersOf(customer.sectors)])],
        recipient_sectors: [],
        recipient_user_ids: [],
      })
      .execute();
  }
  for (const s of demo.assessments) {
    const orgId = id(s.org);
    const items = [...law.catalogue.levels.filter((l) => s.answerLevels.includes(l.level)).flatMap((l) => l.requirements.map((r) => r.id)), ...s.extra];
    if (items.length) await trx.insertInto('supply_answers').values(items.map((item) => ({ org_id: orgId, item_id: item, answer: 'yes', note: null, answered_by: null }))).execute();
    const granted = new Date(now - s.rating.grantedDaysAgo * 86_400_000);
    const level = law.catalogue.levels[s.rating.level - 1]!;
    const thirdParty = s.rating.basis === 'third_party';
    await trx
      .insertInto('supply_ratings')
      .values({ id: crypto.randomUUID(), org_id: orgId, level: level.level, basis: s.rating.basis, status: 'active', catalogue_version: law.catalogue.version, assessor_org_id: thirdParty ? assessorId : null, requested_by: null, decided_by: null, decided_at: granted, note: null, granted_at: granted, expires_at: expiresAt(level, granted) })
      .execute();
  }
  for (const c of demo.pendingClaims) {
    await trx
      .insertInto('supply_ratings')
      .values({ id: crypto.randomUUID(), org_id: id(c.org), level: c.level, basis: 'third_party', status: 'pending', catalogue_version: law.catalogue.version, assessor_org_id: assessorId, requested_by: null, decided_by: null, decided_at: null, note: null, granted_at: null, expires_at: null })
      .execute();
  }
}
