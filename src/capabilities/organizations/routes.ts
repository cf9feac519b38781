import { z } from 'zod';
import type { CapabilityRoutes } from '../../platform/http/app.js';
import { UnauthorizedError } from '../../platform/http/errors.js';
import { presentContacts, presentOrganization } from './present.js';
import { Contacts, ContactsBody, Organization, OrganizationListQuery, OrgIdParams } from './schema.js';
import { organizationsService } from './service.js';

const tags = ['organizations'];

export const organizationsRoutes: CapabilityRoutes = (app, platform) => {
  const service = organizationsService(platform);

  app.get(
    '/api/organizations',
    { schema: { tags, summary: 'Directory of member organisations', querystring: OrganizationListQuery, response: { 200: z.object({ items: z.array(Organization) }) } } },
    async (req) => {
      if (!req.actor) throw new UnauthorizedError();
      const actor = req.actor;
      const rows = await service.list(actor, req.query);
      return { items: rows.map((o) => presentOrganization(o, { manage: o.id === actor.orgId && actor.role === 'admin', readContacts: false })) };
    },
  );

  app.get('/api/organizations/:id', { schema: { tags, summary: 'One organisation', params: OrgIdParams, response: { 200: Organization } } }, async (req) => {
    if (!req.actor) throw new UnauthorizedError();
    const { org, abilities } = await service.get(req.actor, req.params.id);
    return presentOrganization(org, abilities);
  });

  app.get(
    '/api/organizations/:id/contacts',
    { schema: { tags, summary: 'Emergency contacts (TLP:AMBER, audited)', params: OrgIdParams, response: { 200: Contacts } } },
    async (req) => {
      if (!req.actor) throw new UnauthorizedError();
      return presentContacts(await service.getContacts(req.actor, req.params.id));
    },
  );

  app.put(
    '/api/organizations/:id/contacts',
    { schema: { tags, summary: 'Set emergency contacts (organisation admins)', params: OrgIdParams, body: ContactsBody, response: { 200: Contacts } } },
    async (req) => {
      if (!req.actor) throw new UnauthorizedError();
      return presentContacts(await service.setContacts(req.actor, req.params.id, req.body));
    },
  );
};
