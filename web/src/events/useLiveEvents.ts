import { useEffect, useState } from 'react';
import { parseFrame, publish } from './bus';
import { setConnection } from './connection';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

const firstRetryMs = 1_000;
const maxRetryMs = 30_000;

/**
 * Follows the platform's live event stream (SSE, cookie-authenticated), hands each event to the pages
 * listening (events/bus.ts), and reports its health and the time of the last event. `onGaveUp` runs
 * when the browser stops retrying by itself, which is what happens on a 401 — the caller uses it to
 * re-check the session.
 */
export function useLiveEvents(onGaveUp: () => void): { state: LiveState; lastEventAt: Date | null } {
  const [state, setLocalState] = useState<LiveState>('connecting');
  // Pages (the home dashboard) mark their figures stale while the stream is down.
  const setState = (next: LiveState) => {
    setConnection(next);
    setLocalState(next);
  };
  const [lastEventAt, setLastEventAt] = useState<Date | null>(null);

  useEffect(() => {
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let retryMs = firstRetryMs;
    // After the first connection, every later open is a resumption that may have missed events.
    let opened = false;

    const connect = () => {
      source = new EventSource('/api/events', { withCredentials: true });
      source.onopen = () => {
        retryMs = firstRetryMs;
        setState('live');
        if (opened) publish({ kind: 'resumed' });
        opened = true;
      };
      // Only events without an `event:` name reach onmessage; see the report on the event format.
      source.onmessage = (message: MessageEvent) => {
        setLastEventAt(new Date());
        const event = parseFrame(message.data);
        if (event) publish({ kind: 'event', event });
      };
      source.onerror = () => {
        setState('reconnecting');
        // While CONNECTING the browser retries on its own; once CLOSED (an HTTP error or a reply that
        // is not text/event-stream) it never will, so retry here with a growing delay.
        if (source?.readyState !== EventSource.CLOSED) return;
        source.close();
        onGaveUp();
        retryTimer = setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, maxRetryMs);
      };
    };

    connect();
    return () => {
      clearTimeout(retryTimer);
      source?.close();
    };
    // The stream belongs to the signed-in shell's lifetime, not to each render's callback identity.
  }, []);

  return { state, lastEventAt };
}
