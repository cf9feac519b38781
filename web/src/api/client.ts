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

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

function isErrorBody(value: unknown): value is { error: { code: string; message: string; fields?: FieldError[] } } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

export type ApiOptions = {
  /** Extra headers, e.g. Idempotency-Key. */
  headers?: Record<string, string>;
  /** Another media type (a STIX bundle); a string body is then sent as it is. */
  contentType?: string;
  /** Lets the request outlive the page (autosave while the tab closes). */
  keepalive?: boolean;
};

/**
 * Calls the Renkei API with the session cookie. Adds Accept-Language on every call and the CSRF
 * header on every write, so no page can forget either.
 */
export async function api<T>(method: Method, path: string, body?: unknown, options: ApiOptions = {}): Promise<T> {
  const headers = requestHeaders(method, body !== undefined, options);

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' && options.contentType ? body : JSON.stringify(body),
      credentials: 'same-origin',
      keepalive: options.keepalive,
    });
  } catch {
    throw new ApiError(0, 'network', i18n.t('errors.network'));
  }

  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => undefined);
  if (response.ok) return payload as T;
  throw failure(response.status, payload);
}

/**
 * The headers of every API call: JSON accepted, the UI language, and on every write the CSRF token.
 * Shared with `upload()` so a request sent another way cannot forget either.
 */
export function requestHeaders(method: Method, hasBody: boolean, options: ApiOptions = {}): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': currentLanguage(), ...options.headers };
  if (hasBody) headers['Content-Type'] = options.contentType ?? 'application/json';
  if (method !== 'GET') {
    const token = csrfToken ?? csrfFromCookie();
    if (token) headers['X-CSRF-Token'] = token;
  }
  return headers;
}

/** The error a failed response (already parsed, or undefined if not JSON) stands for. */
export function failure(status: number, payload: unknown): ApiError {
  if (isErrorBody(payload)) {
    const { code, message, fields } = payload.error;
    return new ApiError(status, code, message, fields ?? []);
  }
  // A proxy or crash page rather than the API: say so in the user's language.
  return new ApiError(status, 'unexpected', i18n.t('errors.unexpected'));
}

/** A message fit to show for any thrown value. */
export function errorMessage(error: unknown): string {
  return error instanceof ApiError ? error.message : i18n.t('errors.unexpected');
}

/**
 * Fetches a file with the session cookie and the UI language (which a plain link would not send as
 * Accept-Language) and hands it to the browser as a download, named as the server suggests.
 */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { 'Accept-Language': currentLanguage() }, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', i18n.t('errors.network'));
  }
  if (!response.ok) {
    const payload: unknown = await response.json().catch(() => undefined);
    throw failure(response.status, payload);
  }
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers start reading the blob only after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
