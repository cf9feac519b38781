import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { visibleTo } from '../../../platform/policy/sql.js';
import type { Actor } from '../../../platform/policy/types.js';
import { referencedIds, type StixObject } from '../stix/classify.js';

/**
 * Issue 5 item 3: an object is withheld from everyone who may not see it, and so is everything that
 * references it — a relationship or a report pointing at a TLP:RED indicator would otherwise tell its
 * readers that the indicator exists, and what it is tied to. Checked at read time (entries carry the
 * ids they point at), so it holds whatever order the objects arrived in and whenever markings change.
 */

/**
 * The ids a version points at that can be withheld: marking definitions are left out (they are the
 * markings themselves — the public TLP ids above all — not intelligence), and so is the object itself.
 */
export function withholdingRefs(obj: StixObject): string[] {
  return referencedIds(obj).filter((ref) => ref !== obj.id && !ref.startsWith('marking-definition--'));
}

/**
 * SQL over the entry alias `e`: none of its references is to an object the store holds but the actor
 * may see no version of, in any collection. A reference to an object the store does not hold withholds
 * nothing (there is nothing to protect); most objects reference nothing or only objects everyone may
 * see (`refs_open`, kept at ingest and cleared on removal: migration 0028), and pay only the first tests.
 */
export function referencesVisibleTo(actor: Actor, alias: string): RawBuilder<SqlBool> {
  const refs = sql.ref(`${alias}.refs`);
  // refs_open: every referenced object is known to be visible to every signed-in reader (migration 0028).
  return sql<SqlBool>`(${sql.ref(`${alias}.refs_open`)} or ${refs} = '{}'::text[] or not exists (
      select 1 from unnest(${refs}) as r(id)
      where exists (select 1 from stix_collection_objects rx where rx.object_id = r.id)
        and not exists (select 1 from stix_collection_objects rx where rx.object_id = r.id and ${visibleTo(actor, 'rx')})))`;
}
