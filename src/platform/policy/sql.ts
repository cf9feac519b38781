import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { sectorScope } from './checks.js';
import { CLEARANCES } from '../identity/ids.js';
import { CLEARANCE_RANK, type Actor } from './types.js';

/**
 * The SQL twin of canReadMarked(): a WHERE condition over the marked columns of `alias`
 * (tlp, clearance, owner_org_id, created_by, recipient_org_ids, recipient_sectors, recipient_user_ids),
 * so lists are filtered by the database with exactly the rules authorize() applies to one object.
 */
export function visibleTo(actor: Actor | null, alias: string): RawBuilder<SqlBool> {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  if (actor === null) return sql<SqlBool>`(${col('tlp')} = 'clear' and ${col('clearance')} = 'none')`;
  const allowedClearances = CLEARANCES.filter((c) => CLEARANCE_RANK[c] <= CLEARANCE_RANK[actor.clearance]);
  const namedOrg = sql<SqlBool>`(${col('owner_org_id')} = ${actor.orgId}::uuid
      or ${col('recipient_org_ids')} && ${sql.val([actor.orgId])}::uuid[]
      or ${col('recipient_sectors')} && ${sql.val(sectorScope(actor))}::text[])`;
  const partners = [...actor.operatesForOrgIds];
  const needToKnow = partners.length
    ? sql<SqlBool>`(${col('owner_org_id')} = any(${sql.val(partners)}::uuid[])
        or ${col('recipient_org_ids')} && ${sql.val(partners)}::uuid[])`
    : sql<SqlBool>`false`;
  return sql<SqlBool>`(${col('clearance')} = any(${sql.val(allowedClearances)}::text[]) and (
      ${col('tlp')} in ('clear', 'green')
      or (${col('tlp')} = 'amber+strict' and ${namedOrg})
      or (${col('tlp')} = 'amber' and (${namedOrg} or ${needToKnow}))
      or (${col('tlp')} = 'red' and (${col('created_by')} = ${actor.userId}::uuid
          or ${col('recipient_user_ids')} && ${sql.val([actor.userId])}::uuid[]))))`;
}
