/**
 * What was typed into a report form and not yet saved as a server draft, kept in this tab's
 * sessionStorage: a session that ends while an engineer types (expiry, logout in another tab) then
 * loses nothing — after logging in again, the form reopens with it. One entry per user and per draft
 * ('new' until the server has given the draft an id); removed once the server holds the same content,
 * when the report is filed, and on logout. sessionStorage rather than localStorage: it ends with the
 * tab, so an incident's details do not outlive it on a shared machine.
 */
const PREFIX = 'renkei.unsaved.';
const keyOf = (userId: string, draftId: string | null) => `${PREFIX}${userId}.${draftId ?? 'new'}`;

/** Storage may be full or switched off: keeping a copy is a best effort that never breaks typing. */
function store(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function keepUnsaved(userId: string, draftId: string | null, content: Record<string, unknown>): void {
  try {
    store()?.setItem(keyOf(userId, draftId), JSON.stringify(content));
  } catch {
    // Quota exceeded: the server draft is still being saved as usual.
  }
}

export function takeUnsaved(userId: string, draftId: string | null): Record<string, unknown> | null {
  const raw = store()?.getItem(keyOf(userId, draftId));
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function dropUnsaved(userId: string, draftId: string | null): void {
  store()?.removeItem(keyOf(userId, draftId));
}

/** On logout: nothing typed by anyone stays in the tab. */
export function dropAllUnsaved(): void {
  const s = store();
  if (!s) return;
  for (const key of Object.keys(s)) if (key.startsWith(PREFIX)) s.removeItem(key);
}
