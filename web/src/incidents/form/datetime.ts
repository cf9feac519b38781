// <input type="datetime-local"> speaks wall-clock time without a zone; the API wants ISO 8601 with an
// offset. The offset is the browser's for that moment (so summer time abroad is right too).

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-11-20T01:00` (local) → `2026-11-20T01:00:00+09:00`, or null when it is not a time. */
export function localToIso(local: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match;
  const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  if (Number.isNaN(date.getTime())) return null;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Any ISO time → the value a datetime-local input shows for it in the browser's zone. */
export function isoToLocal(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The browser's current offset, written as `UTC+09:00`, to say which zone the inputs use. */
export function browserZoneLabel(): string {
  const offset = -new Date().getTimezoneOffset();
  const abs = Math.abs(offset);
  return `UTC${offset >= 0 ? '+' : '-'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
