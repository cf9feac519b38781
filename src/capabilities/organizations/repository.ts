import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.js';

export const organizationsRepository = {
  list(db: Db, filter: { kind?: string; sector?: string }) {
    let q = db.selectFrom('organizations').selectAll().orderBy('kind').orderBy('slug');
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    if (filter.sector) q = q.where(sql<boolean>`${filter.sector} = any(sectors)`);
    return q.execute();
  },

  find(db: Db, id: string) {
    return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
  },

  findContacts(db: Db, orgId: string) {
    return db.selectFrom('org_contacts').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  },

  upsertContacts(
    db: Db,
    row: {
      org_id: string;
      phone_24h: string;
      csirt_email: string;
      escalation: string;
      tlp: string;
      owner_org_id: string;
      created_by: string | null;
      recipient_org_ids: string[];
      recipient_sectors: string[];
    },
  ) {
    return db
      .insertInto('org_contacts')
      .values({ ...row, clearance: 'none', recipient_user_ids: [] })
      .onConflict((oc) =>
        oc.column('org_id').doUpdateSet({
          phone_24h: row.phone_24h,
          csirt_email: row.csirt_email,
          escalation: row.escalation,
          tlp: row.tlp,
          recipient_org_ids: row.recipient_org_ids,
          recipient_sectors: row.recipient_sectors,
          updated_at: new Date(),
        }),
      )
      .execute();
  },

  /** The national hub and the given authorities (e.g. the competent ministries of a sector). */
  authorityOrgIds(db: Db, authorities: string[]) {
    let q = db.selectFrom('organizations').select('id');
    q = authorities.length
      ? q.where((eb) => eb.or([eb('kind', '=', 'national_hub'), eb('authority', 'in', authorities)]))
      : q.where('kind', '=', 'national_hub');
    return q.execute();
  },
};
