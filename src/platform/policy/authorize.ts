import { NotFoundError, UnauthorizedError } from '../http/errors.js';
import { RULES, type Action, type Resource } from './rules.js';
import type { Actor } from './types.js';

/** True when the actor may perform the action on the resource. Unknown actions are denied. */
export function can(actor: Actor | null, action: Action, resource: Resource): boolean {
  if (actor === null) {
    // Anonymous callers reach only TLP:CLEAR marked data; everything else needs a login.
    return action === 'read' && 'marking' in resource && resource.marking.tlp === 'clear' && resource.marking.clearance === 'none';
  }
  const rules = RULES[resource.type] as Partial<Record<Action, (a: Actor, r: Resource) => boolean>>;
  const rule = rules[action];
  return rule ? rule(actor, resource) : false;
}

/**
 * Throws unless allowed. A denial looks exactly like a missing object (404), so callers learn nothing
 * about what exists; an anonymous caller is told to log in (401).
 */
export function authorize(actor: Actor | null, action: Action, resource: Resource): asserts actor is Actor {
  if (can(actor, action, resource)) return;
  if (actor === null) throw new UnauthorizedError();
  throw new NotFoundError();
}

/** What the caller may do, sent with /api/me so the UI hides what the server would refuse. */
export function abilities(actor: Actor): Record<string, boolean> {
  const own = { orgId: actor.orgId, userId: actor.userId };
  return {
    'organizations.read': can(actor, 'list', { type: 'organization', orgId: actor.orgId }),
    'users.manage': can(actor, 'manage', { type: 'user', ...own }),
    'tokens.manage': can(actor, 'create', { type: 'api_token', ...own }),
    'audit.read': can(actor, 'read', { type: 'audit_log', orgId: actor.orgId }),
    'audit.readAll': can(actor, 'read', { type: 'audit_log', orgId: null }),
    'incidents.read': can(actor, 'list', { type: 'incidents' }),
    'incidents.create': can(actor, 'create', { type: 'incidents' }),
    'assets.manage': can(actor, 'manage', { type: 'assets' }),
    'advisories.publish': can(actor, 'publish', { type: 'advisories' }),
    'intel.read': can(actor, 'list', { type: 'intel' }),
    'intel.publish': can(actor, 'publish', { type: 'intel' }),
    'supplyChain.read': can(actor, 'list', { type: 'supply_chain' }),
    'supplyChain.create': can(actor, 'create', { type: 'supply_chain' }),
    'alerts.read': can(actor, 'list', { type: 'alerts' }),
    'alerts.issue': can(actor, 'issue', { type: 'alerts' }),
    'exercises.create': can(actor, 'create', { type: 'exercises' }),
  };
}
