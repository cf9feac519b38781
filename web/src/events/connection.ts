import { useSyncExternalStore } from 'react';
import type { LiveState } from './useLiveEvents';

/**
 * The live stream's health for pages (the header's LiveStatus owns the stream itself): its state and
 * when it last (re)opened. Anything fetched before `openedAt` may have missed events, so pages that
 * show figures as current compare their data's time against it.
 */
export type Connection = { state: LiveState; openedAt: number | null };

let current: Connection = { state: 'connecting', openedAt: null };
const listeners = new Set<() => void>();

export function setConnection(state: LiveState): void {
  if (state === current.state) return;
  current = { state, openedAt: state === 'live' ? Date.now() : current.openedAt };
  for (const listener of listeners) listener();
}

export function useConnection(): Connection {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
