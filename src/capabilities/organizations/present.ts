import type { z } from 'zod';
import type { OrganizationsTable, OrgContactsTable } from '../../platform/db/schema.js';
import type { Contacts, Organization } from './schema.js';

type Row<T> = { [K in keyof T]: T[K] extends import('kysely').ColumnType<infer S, unknown, unknown> ? S : T[K] };

export function presentOrganization(
  org: Row<OrganizationsTable>,
  abilities: z.infer<typeof Organization>['abilities'],
): z.infer<typeof Organization> {
  return {
    id: org.id,
    slug: org.slug,
    name: org.name,
    nameEn: org.name_en,
    kind: org.kind as z.infer<typeof Organization>['kind'],
    authority: org.authority,
    sectors: org.sectors,
    designated: org.designated,
    designatedBusinessTypes: org.designated_business_types,
    abilities,
  };
}

/** Contacts leave the server without their recipient lists. */
export function presentContacts(row: Row<OrgContactsTable>): z.infer<typeof Contacts> {
  return {
    orgId: row.org_id,
    phone24h: row.phone_24h,
    csirtEmail: row.csirt_email,
    escalation: row.escalation,
    tlp: row.tlp as z.infer<typeof Contacts>['tlp'],
    updatedAt: row.updated_at.toISOString(),
  };
}
