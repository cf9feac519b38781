import type { OrgId } from '../../platform/identity/ids.js';
import { emit } from '../../platform/events/outbox.js';
import { NotFoundError } from '../../platform/http/errors.js';
import type { Platform } from '../../platform/platform.js';
import { authorize, can, marking, markingOf, raiseMarking, type Marking } from '../../platform/policy/index.js';
import type { Actor } from '../../platform/policy/types.js';
import { organizationsRepository as repo } from './repository.js';

type ContactsRow = NonNullable<Awaited<ReturnType<typeof repo.findContacts>>>;

export const contactsMarking = (row: ContactsRow): Marking => markingOf(row);

export function organizationsService(platform: Platform) {
  const { db } = platform;
  return {
    list: (actor: Actor, filter: { kind?: string; sector?: string }) => {
      authorize(actor, 'list', { type: 'organization', orgId: actor.orgId });
      return repo.list(db, filter);
    },

    async get(actor: Actor, id: string) {
      const org = await repo.find(db, id);
      if (!org) throw new NotFoundError();
      authorize(actor, 'read', { type: 'organization', orgId: org.id as OrgId });
      const contacts = await repo.findContacts(db, id);
      return {
        org,
        abilities: {
          manage: can(actor, 'manage', { type: 'organization', orgId: org.id as OrgId }),
          readContacts: contacts ? can(actor, 'read', { type: 'org_contacts', orgId: org.id as OrgId, marking: contactsMarking(contacts) }) : false,
        },
      };
    },

    /**
     * A restricted read: fetched by key, checked by the policy (whose SQL twin filters lists), and
     * written to the audit chain before it is answered.
     */
    async getContacts(actor: Actor, orgId: string) {
      const row = await repo.findContacts(db, orgId);
      if (!row) throw new NotFoundError();
      authorize(actor, 'read', { type: 'org_contacts', orgId: orgId as OrgId, marking: contactsMarking(row) });
      await platform.audit.record({ actor, action: 'org_contacts.read', resourceType: 'org_contacts', resourceId: orgId });
      return row;
    },

    /**
     * Sets the contacts. Recipients are the national hub and the competent authorities of the
     * organisation's sectors (named as organisations: other companies of the sector are not
     * recipients); an update can raise the TLP but never lower it.
     */
    async setContacts(actor: Actor, orgId: string, input: { phone24h: string; csirtEmail: string; escalation: string; tlp: 'amber' | 'amber+strict' }) {
      const org = await repo.find(db, orgId);
      if (!org) throw new NotFoundError();
      const existing = await repo.findContacts(db, orgId);
      const current = existing ? contactsMarking(existing) : marking({ tlp: 'amber', ownerOrgId: org.id as OrgId });
      authorize(actor, 'update', { type: 'org_contacts', orgId: org.id as OrgId, marking: current });
      const raised = raiseMarking(current, { tlp: input.tlp, clearance: 'none' });
      const authorities = [...new Set(org.sectors.flatMap((s) => platform.law.sector(s)?.competentAuthorities ?? []))];
      const recipients = (await repo.authorityOrgIds(db, authorities)).map((r) => r.id);
      return platform.transaction(async (trx) => {
        await repo.upsertContacts(trx, {
          org_id: orgId,
          phone_24h: input.phone24h,
          csirt_email: input.csirtEmail,
          escalation: input.escalation,
          tlp: raised.tlp,
          owner_org_id: orgId,
          created_by: existing?.created_by ?? actor.userId,
          recipient_org_ids: recipients,
          recipient_sectors: [],
        });
        await platform.audit.inTransaction(trx, [{ actor, action: 'org_contacts.update', resourceType: 'org_contacts', resourceId: orgId, detail: { tlp: raised.tlp } }]);
        const row = (await repo.findContacts(trx, orgId))!;
        await emit(trx, [{ type: 'org_contacts.updated', payload: { orgId }, visibility: contactsMarking(row) }]);
        return row;
      });
    },
  };
}
