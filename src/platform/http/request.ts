import type { Lang } from '../i18n/messages.js';
import type { Actor } from '../policy/types.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller, or null. Set by the auth hook before any handler runs. */
    actor: Actor | null;
    lang: Lang;
    /** The session id from the cookie when the caller authenticated with one. */
    sessionId: string | null;
  }
}
