import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { createDraft, saveDraft } from '../api';
import { dropUnsaved, keepUnsaved } from './unsaved';

/** `signedOut`: the server refused the save because the session ended (what was typed is kept in the tab). */
export type AutosaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'error' | 'signedOut';

const DEBOUNCE_MS = 1_000;

type Options = {
  /** Before the draft exists, the tab keeps edits under this slot (a stage form's own, so it never lands in the new-report form's). */
  blankSlot?: string | null;
  /**
   * Content holding nothing the user entered: no draft is created for it (a form only opened, or
   * typed in and cleared again), so the list of drafts does not fill with empty ones.
   */
  isBlank?: (content: Record<string, unknown>) => boolean;
};

/**
 * Keeps a server-side draft in step with the form: edits save it a second after typing stops — the
 * first save creates it (POST), later ones update it (PUT) — and leaving a field, hiding the tab or
 * closing it saves at once. Saves run one after another, so a quick second edit can never create two
 * drafts. Every edit is also kept in the tab (unsaved.ts) until the server has it, for `userId`.
 */
export function useDraftAutosave(userId: string, initialId: string | null, onCreated: (id: string) => void, { blankSlot = null, isBlank }: Options = {}) {
  const idRef = useRef(initialId);
  const latest = useRef<Record<string, unknown> | null>(null);
  const savedJson = useRef<string | null>(null);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const stopped = useRef(false);
  const mounted = useRef(true);
  const createdRef = useRef(onCreated);
  createdRef.current = onCreated;
  const [state, setState] = useState<AutosaveState>('idle');
  const [savedAt, setSavedAt] = useState<Date | null>(null);

  const saveNow = useCallback(async (keepalive: boolean) => {
    const content = latest.current;
    if (stopped.current || !content) return;
    if (!idRef.current && isBlank?.(content)) {
      // Nothing entered yet (a form only opened, or typed in and cleared again): no draft to create.
      dropUnsaved(userId, blankSlot);
      setState('idle');
      return;
    }
    const json = JSON.stringify(content);
    if (json === savedJson.current) return;
    setState('saving');
    try {
      if (idRef.current) await saveDraft(idRef.current, content, keepalive);
      else {
        const draft = await createDraft(content, keepalive);
        idRef.current = draft.id;
        // The tab's copy moves from the blank form's entry to the draft's.
        dropUnsaved(userId, blankSlot);
        // Created as the page was left (its last save): the page is gone, and its URL is not to be
        // taken back to the form.
        if (mounted.current) createdRef.current(draft.id);
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
  }, [userId, blankSlot, isBlank]);

  /** Queues a save behind any running one; resolves when it is done. */
  const flush = useCallback(
    (keepalive = false) => {
      clearTimeout(timer.current);
      chain.current = chain.current.then(() => saveNow(keepalive));
      return chain.current;
    },
    [saveNow],
  );

  /**
   * The user changed the form: save once typing stops. The first save waits too: an IME's first
   * letter, or a character typed and deleted, is not yet something to keep as a draft.
   */
  const changed = useCallback(
    (content: Record<string, unknown>) => {
      if (stopped.current) return;
      latest.current = content;
      if (JSON.stringify(content) === savedJson.current) return;
      keepUnsaved(userId, idRef.current ?? blankSlot, content);
      setState('pending');
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), DEBOUNCE_MS);
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
    mounted.current = true;
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
      mounted.current = false;
      void flush();
    };
  }, [flush]);

  return { state, savedAt, changed, flush, loaded, stop, draftId: () => idRef.current };
}
