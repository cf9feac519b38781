import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isResponseSerializationError } from 'fastify-type-provider-zod';
import { localizeIssue, message, pickLang, type Lang } from '../i18n/messages.js';
import { AppError, RateLimitedError, ValidationError, fieldsIn, type FieldError } from './errors.js';
import { isZodValidationItems } from './validation.js';

export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldError[] };
}

export function errorBody(code: string, lang: Lang, params: Record<string, string | number> = {}, fields?: FieldError[]): ErrorBody {
  return { error: { code, message: message(code, lang, params), ...(fields ? { fields: fieldsIn(fields, lang) } : {}) } };
}

/** Joins a path the way users read it: `indicators[2].value`. */
export function formatPath(path: readonly PropertyKey[], prefix?: string): string {
  let out = prefix ?? '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || '(root)';
}

/** The one place where errors become HTTP responses. */
export function installErrorHandler(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const lang = req.lang ?? pickLang(req.headers['accept-language']);
    if (isZodValidationItems(err.validation)) {
      const where = err.validationContext && err.validationContext !== 'body' ? err.validationContext : undefined;
      const fields = err.validation.map((v) => ({
        path: formatPath(v.zodIssue.path, where),
        message: localizeIssue(v.zodIssue, lang),
      }));
      return reply.status(400).send(errorBody('invalid_request', lang, {}, fields));
    }
    if (err instanceof ValidationError) return reply.status(400).send(errorBody(err.code, lang, {}, err.fields));
    if (err instanceof AppError) {
      if (err.status === 401) reply.header('WWW-Authenticate', 'Bearer realm="renkei"');
      if (err instanceof RateLimitedError && err.retryAfterSeconds) reply.header('Retry-After', String(err.retryAfterSeconds));
      return reply.status(err.status).send(errorBody(err.code, lang, err.params));
    }
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.status(413).send(errorBody('payload_too_large', lang, { limit: bodyLimit }));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply.status(415).send(errorBody('unsupported_media_type', lang));
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return reply.status(400).send(errorBody('invalid_json', lang));
    }
    if (err.statusCode === 429) return reply.status(429).send(errorBody('rate_limited', lang));
    if (err instanceof SyntaxError && err.statusCode === 400) return reply.status(400).send(errorBody('invalid_json', lang));
    if (isResponseSerializationError(err as never)) req.log.error({ err, cause: err.cause }, 'response did not match its schema');
    else if ((err.statusCode ?? 500) < 500) return reply.status(err.statusCode!).send(errorBody('invalid_request', lang));
    else req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(errorBody('internal_error', lang));
  });
  app.setNotFoundHandler((req, reply) => {
    const lang = req.lang ?? pickLang(req.headers['accept-language']);
    reply.status(404).send(errorBody('not_found', lang));
  });
}
