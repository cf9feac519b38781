import crypto from 'node:crypto';
import { NotFoundError } from '../../platform/http/errors.js';
import type { OrgId, UserId } from '../../platform/identity/ids.js';
import type { Platform } from '../../platform/platform.js';
import { authorize } from '../../platform/policy/index.js';
import type { Actor } from '../../platform/policy/types.js';
import { incidentsRepository as repo } from './repository.js';

/** Autosaved report drafts: a closed tab or a crash loses nothing the form had sent. */
export function incidentDrafts(platform: Platform) {
  const { db } = platform;
  const present = (d: { id: string; content: Record<string, unknown>; created_at: Date; updated_at: Date }) => ({
    id: d.id,
    content: d.content,
    createdAt: d.created_at.toISOString(),
    updatedAt: d.updated_at.toISOString(),
  });
  async function owned(actor: Actor, id: string, action: 'read' | 'update' | 'delete') {
    const d = await repo.drafts.find(db, id);
    if (!d) throw new NotFoundError();
    authorize(actor, action, { type: 'incident_draft', orgId: d.org_id as OrgId, userId: d.user_id as UserId });
    return d;
  }
  return {
    async list(actor: Actor) {
      authorize(actor, 'create', { type: 'incidents' });
      return (await repo.drafts.list(db, actor.userId)).map(present);
    },
    async create(actor: Actor, content: Record<string, unknown>) {
      authorize(actor, 'create', { type: 'incidents' });
      const id = crypto.randomUUID();
      await repo.drafts.insert(db, { id, org_id: actor.orgId, user_id: actor.userId, content: JSON.stringify(content) });
      return present((await repo.drafts.find(db, id))!);
    },
    async get(actor: Actor, id: string) {
      return present(await owned(actor, id, 'read'));
    },
    async save(actor: Actor, id: string, content: Record<string, unknown>) {
      await owned(actor, id, 'update');
      await repo.drafts.update(db, id, JSON.stringify(content));
      return present((await repo.drafts.find(db, id))!);
    },
    async remove(actor: Actor, id: string) {
      await owned(actor, id, 'delete');
      await repo.drafts.remove(db, id);
    },
  };
}
