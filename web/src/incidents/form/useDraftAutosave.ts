import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { createDraft, saveDraft } from '../api';
import { dropUnsaved, keepUnsaved } from './unsaved';

/** `signedOut`: the server refused the save because the session ended (what was typed is kept in the tab). */
export type AutosaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'error' | 'signedOut';

const DEBOUNCE_MS = 1_000;

/**
 * Keeps a server-side draft in step with the form: the first edit creates it (POST), later edits
 * save it (PUT) a second after typing stops, and leaving a field, hiding the tab or closing it
 * saves at once. Saves run one after another, so a quick second edit can never create two drafts.
 * Every edit is also kept in the tab (unsaved.ts) until the server has it, for `userId`; before the
 * draft exists, under `blankSlot` (a stage form's own, so it never lands in the new-report form's).
 */
export function useDraftAutosave(userId: string, initialId: string | null, onCreated: (id: string) => void, blankSlot: string | null = null) {
  const idRef = useRef(initialId);
  const latest = useRef<Record<string, unknown> | null>(null);
  const savedJson = useRef<string | null>(null);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const stopped = useRef(false);
  const createdRef = useRef(onCreated);
  createdRef.current = onCreated;
  const [state, setState] = useState<AutosaveState>('idle');
  const [savedAt, setSavedAt] = useState<Date | null>(null);

  const saveNow = useCallback(async (keepalive: boolean) => {
    const content = latest.current;
    if (stopped.current || !content) return;
    const json = JSON.stringify(content);
    if (json === savedJson.current) return;
    setState('saving');
    try {
      if (idRef.current) await saveDraft(idRef.current, content, keepalive);
      else {
        const draft = await createDraft(content);
        idRef.current = draft.id;
        // The tab's copy moves from the blank form's entry to the draft's.
        dropUnsaved(userId, blankSlot);
        createdRef.current(draft.id);
      }
      savedJson.current = json;
      setSavedAt(new Date());
      // Edited again while this save was on its way: that edit is still to be saved.
      const upToDate = JSON.stringify(latest.current) === json;
      if (upToDate) dropUnsaved(userId, idRef.current);
      else if (latest.current) keepUnsaved(userId, idRef.current ?? blankSlot, latest.current);
      setState(upToDate ? 'saved' : 'pending');
    } catch (error) {
      setState(error instanceof ApiError && error.status === 401 ? 'signedOut' : 'error');
    }
  }, [userId, blankSlot]);

  /** Queues a save behind any running one; resolves when it is done. */
  const flush = useCallback(
    (keepalive = false) => {
      clearTimeout(timer.current);
      chain.current = chain.current.then(() => saveNow(keepalive));
      return chain.current;
    },
    [saveNow],
  );

  /** The user changed the form: save soon (at once when there is no draft yet). */
  const changed = useCallback(
    (content: Record<string, unknown>) => {
      if (stopped.current) return;
      latest.current = content;
      if (JSON.stringify(content) === savedJson.current) return;
      keepUnsaved(userId, idRef.current ?? blankSlot, content);
      setState('pending');
      clearTimeout(timer.current);
      if (!idRef.current) void flush();
      else timer.current = setTimeout(() => void flush(), DEBOUNCE_MS);
    },
    [flush, userId, blankSlot],
  );

  /** A draft was loaded into the form: that content is already saved. */
  const loaded = useCallback((content: Record<string, unknown>) => {
    latest.current = content;
    savedJson.current = JSON.stringify(content);
  }, []);

  /** The report was filed (and its draft removed by the server): save nothing more. */
  const stop = useCallback(() => {
    stopped.current = true;
    clearTimeout(timer.current);
    dropUnsaved(userId, blankSlot);
    if (idRef.current) dropUnsaved(userId, idRef.current);
  }, [userId, blankSlot]);

  useEffect(() => {
    // `hidden` is also what a closing tab reports; keepalive lets that last request finish.
    const onHide = () => {
      if (document.visibilityState === 'hidden') void flush(true);
    };
    const onPageHide = () => void flush(true);
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onPageHide);
      // Leaving the page inside the app: keep what was typed.
      void flush();
    };
  }, [flush]);

  return { state, savedAt, changed, flush, loaded, stop, draftId: () => idRef.current };
}
