import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, RateLimitedError, ValidationError, fieldsIn } from '../../../platform/http/errors.js';
import { message, pickLang } from '../../../platform/i18n/messages.js';
import { taxiiText, type TaxiiText } from './texts.js';

/** TAXII 2.1 §1.6.8 media types and §3.6 error messages. */
export const TAXII_MEDIA = 'application/taxii+json;version=2.1';
export const STIX_MEDIA = 'application/stix+json;version=2.1';

/** A media type's parameters by name, values unquoted (RFC 9110 allows `version="2.1"`). */
function parameters(params: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of params) {
    const eq = p.indexOf('=');
    if (eq <= 0) continue;
    const value = p.slice(eq + 1).trim();
    out.set(p.slice(0, eq).trim(), value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value);
  }
  return out;
}

/**
 * An Accept header a TAXII 2.1 response satisfies (absent, any, or TAXII JSON without another version);
 * a range the client weighted q=0 is one it refuses.
 */
export function acceptsTaxii(accept: string | undefined): boolean {
  // What TAXII clients send on every request: answered without taking the header apart.
  if (!accept || accept === TAXII_MEDIA) return true;
  return accept.split(',').some((part) => {
    const [type, ...rest] = part.trim().toLowerCase().split(';').map((s) => s.trim());
    const params = parameters(rest);
    if (params.has('q') && Number(params.get('q')) === 0) return false;
    if (type === '*/*' || type === 'application/*') return true;
    if (type !== 'application/taxii+json') return false;
    const version = params.get('version');
    return version === undefined || version === '2.1';
  });
}

/** A request body in TAXII 2.1 JSON (the version parameter, when given, must be 2.1). */
export function isTaxiiContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [type, ...rest] = contentType.toLowerCase().split(';').map((s) => s.trim());
  const version = parameters(rest).get('version');
  return type === 'application/taxii+json' && (version === undefined || version === '2.1');
}

/**
 * A TAXII error message to send: its title and description are text keys, worded in the caller's
 * language (Accept-Language) only when the response is written.
 */
export class TaxiiError extends Error {
  constructor(
    readonly status: number,
    readonly title: TaxiiText,
    readonly description?: TaxiiText,
    readonly params: Record<string, string | number> = {},
  ) {
    super(description ? `${title}: ${description}` : title);
  }
}

export function sendTaxii(reply: FastifyReply, status: number, body: string | object): FastifyReply {
  // Sent as a Buffer: for a string Fastify rewrites the type to 'version="2.1"; charset=utf-8', which
  // strict TAXII clients do not recognise as the TAXII media type.
  return reply.status(status).header('content-type', TAXII_MEDIA).send(Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)));
}

/** Every error under /taxii2/ as a TAXII error message, in the TAXII media type. */
export function taxiiErrorHandler(err: FastifyError | TaxiiError | AppError, req: FastifyRequest, reply: FastifyReply) {
  const lang = req.lang ?? pickLang(req.headers['accept-language']);
  let status: number;
  let title: string;
  let description: string | undefined;
  if (err instanceof TaxiiError) {
    status = err.status;
    title = taxiiText(err.title, lang, err.params);
    description = err.description && taxiiText(err.description, lang, err.params);
  } else if (err instanceof AppError) {
    status = err.status;
    title = message(err.code, lang, err.params);
    description = err instanceof ValidationError ? fieldsIn(err.fields, lang).map((f) => `${f.path}: ${f.message}`).join('; ') : undefined;
  } else {
    const e = err as FastifyError;
    status = e.statusCode && e.statusCode < 500 ? e.statusCode : 500;
    const code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : status === 400 ? 'invalid_json' : status === 429 ? 'rate_limited' : status < 500 ? 'invalid_request' : 'internal_error';
    title = message(code, lang, { limit: 64 * 1024 * 1024 });
    // Bodies Fastify has no parser for (forms, multipart, octet-stream) end here: say what to send, as the routes' own 415 does.
    if (status === 415) description = taxiiText('send_taxii', lang, { media: TAXII_MEDIA });
    if (status === 500) req.log.error({ err }, 'unhandled TAXII error');
  }
  if (status === 401) reply.header('WWW-Authenticate', 'Basic realm="renkei-taxii", Bearer realm="renkei"');
  if (err instanceof RateLimitedError && err.retryAfterSeconds) reply.header('Retry-After', String(err.retryAfterSeconds));
  return sendTaxii(reply, status, { title, ...(description ? { description } : {}), http_status: String(status) });
}
