/**
 * Typed errors, mapped to status codes and localized messages in exactly one place (http/error-handler).
 * Services throw these; they never build HTTP responses.
 */
import type { Lang } from '../i18n/messages.js';

export interface FieldError {
  path: string;
  message: string;
  /** The same in Japanese, where the thrower wrote both (STIX validation runs before a language is known). */
  messageJa?: string;
}

/** Field errors as a caller reads them: one message each, in its language where the thrower had both. */
export function fieldsIn(fields: readonly FieldError[], lang: Lang): { path: string; message: string }[] {
  return fields.map((f) => ({ path: f.path, message: lang === 'ja' && f.messageJa ? f.messageJa : f.message }));
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  /** Message parameters for the localized text. */
  readonly params: Record<string, string | number>;
  constructor(params: Record<string, string | number> = {}, detail?: string) {
    super(detail ?? new.target.name);
    this.params = params;
  }
}

export class ValidationError extends AppError {
  readonly status = 400;
  readonly code = 'invalid_request';
  constructor(readonly fields: FieldError[]) {
    super({}, fields.map((f) => `${f.path}: ${f.message}`).join('; '));
  }
}

export class UnauthorizedError extends AppError {
  readonly status = 401;
  readonly code = 'unauthenticated';
}

export class InvalidCredentialsError extends AppError {
  readonly status = 401;
  readonly code = 'invalid_credentials';
}

/** Forbidden and missing look the same from outside: both are this error. */
export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code = 'not_found';
}

export class CsrfError extends AppError {
  readonly status = 403;
  readonly code = 'csrf_failed';
}

export class ConflictError extends AppError {
  readonly status = 409;
  readonly code: string;
  constructor(code = 'conflict', params: Record<string, string | number> = {}) {
    super(params);
    this.code = code;
  }
}

export class IdempotencyMismatchError extends AppError {
  readonly status = 422;
  readonly code = 'idempotency_key_reused';
}

export class RateLimitedError extends AppError {
  readonly status = 429;
  readonly code = 'rate_limited';
  /** When known, how long until a retry can succeed: sent as Retry-After. */
  constructor(readonly retryAfterSeconds?: number) {
    super();
  }
}
