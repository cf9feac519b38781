import i18n, { currentLanguage } from '../i18n';

export type FieldError = { path: string; message: string };

/** Every failed call becomes one of these; `message` is already in the user's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The server's message for one form field, if it sent one. */
  fieldMessage(path: string): string | undefined {
    return this.fields.find((f) => f.path === path)?.message;
  }
}

// Kept in memory from the last `Me`; the readable cookie is the fallback after a reload race.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

function csrfFromCookie(): string | null {
  const entry = document.cookie.split('; ').find((c) => c.startsWith('renkei_csrf='));
  return entry ? decodeURIComponent(entry.slice('renkei_csrf='.length)) : null;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

function isErrorBody(value: unknown): value is { error: { code: string; message: string; fields?: FieldError[] } } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

/**
 * Calls the Renkei API with the session cookie. Adds Accept-Language on every call and the CSRF
 * header on every write, so no page can forget either.
 */
export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': currentLanguage() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') {
    const token = csrfToken ?? csrfFromCookie();
    if (token) headers['X-CSRF-Token'] = token;
  }

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network', i18n.t('errors.network'));
  }

  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => undefined);
  if (response.ok) return payload as T;

  if (isErrorBody(payload)) {
    const { code, message, fields } = payload.error;
    throw new ApiError(response.status, code, message, fields ?? []);
  }
  // A proxy or crash page rather than the API: say so in the user's language.
  throw new ApiError(response.status, 'unexpected', i18n.t('errors.unexpected'));
}

/** A message fit to show for any thrown value. */
export function errorMessage(error: unknown): string {
  return error instanceof ApiError ? error.message : i18n.t('errors.unexpected');
}
