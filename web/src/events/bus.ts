import { useEffect, useRef } from 'react';

/** One frame of /api/events, as the server sends it (the type travels inside the data). */
export type LiveEvent = {
  id: string;
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  createdAt: string;
};

/**
 * What pages hear from the one stream the header holds open: each event, and `resumed` after a
 * reconnection, when anything may have been missed (the server's replay is not trusted alone, see
 * docs/decisions.md) and pages should refetch.
 */
export type LiveNotice = { kind: 'event'; event: LiveEvent } | { kind: 'resumed' };

const listeners = new Set<(notice: LiveNotice) => void>();

export function publish(notice: LiveNotice): void {
  for (const listener of listeners) listener(notice);
}

export function parseFrame(data: unknown): LiveEvent | null {
  if (typeof data !== 'string') return null;
  try {
    const value = JSON.parse(data) as Partial<LiveEvent>;
    if (typeof value.type !== 'string' || typeof value.payload !== 'object' || value.payload === null) return null;
    return value as LiveEvent;
  } catch {
    return null;
  }
}

/** Calls `onNotice` for every live notice while the component is mounted. */
export function useLiveNotices(onNotice: (notice: LiveNotice) => void): void {
  // The latest callback without re-subscribing on every render.
  const ref = useRef(onNotice);
  useEffect(() => {
    ref.current = onNotice;
  });
  useEffect(() => {
    const listener = (notice: LiveNotice) => ref.current(notice);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
}
