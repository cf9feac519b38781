import { useCallback, useEffect, useRef, useState } from 'react';
import { saveAnswer } from './api';
import type { Answer } from './types';

export type AutosaveState = 'idle' | 'saving' | 'saved' | 'error';
type Entry = { answer: Answer; note: string | null };

const NOTE_DEBOUNCE_MS = 800;

/**
 * Saves questionnaire answers as they are given: a choice at once, a note after a short pause. Writes go
 * one at a time so the last word on an item is the one stored; when the tab is hidden or closed, every
 * answer not yet sent goes out at once with `keepalive`, so a closed tab loses nothing.
 */
export function useAnswerAutosave(onSaved: (metLevel: number) => void) {
  const [state, setState] = useState<AutosaveState>('idle');
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const dirty = useRef(new Map<string, Entry>());
  const running = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const onSavedRef = useRef(onSaved);
  onSavedRef.current = onSaved;

  const pump = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    try {
      while (dirty.current.size > 0) {
        const [itemId, entry] = dirty.current.entries().next().value as [string, Entry];
        dirty.current.delete(itemId);
        setState('saving');
        try {
          const saved = await saveAnswer(itemId, entry.answer, entry.note, true);
          onSavedRef.current(saved.metLevel);
        } catch {
          // Keep it for a retry unless a newer answer for the item arrived meanwhile.
          if (!dirty.current.has(itemId)) dirty.current.set(itemId, entry);
          setState('error');
          return;
        }
      }
      setState('saved');
      setSavedAt(new Date());
    } finally {
      running.current = false;
    }
  }, []);

  /** A choice was made: send it now (with the note as it stands). */
  const answer = useCallback(
    (itemId: string, entry: Entry) => {
      dirty.current.set(itemId, entry);
      void pump();
    },
    [pump],
  );

  /** A note was typed: send it after a pause. */
  const note = useCallback(
    (itemId: string, entry: Entry) => {
      dirty.current.set(itemId, entry);
      setState('saving');
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void pump(), NOTE_DEBOUNCE_MS);
    },
    [pump],
  );

  const retry = useCallback(() => void pump(), [pump]);

  useEffect(() => {
    // The tab is going away: everything still waiting leaves now, in parallel, with keepalive.
    const flushAll = () => {
      clearTimeout(timer.current);
      for (const [itemId, entry] of dirty.current) void saveAnswer(itemId, entry.answer, entry.note, true).catch(() => undefined);
      dirty.current.clear();
    };
    const onHide = () => {
      if (document.visibilityState === 'hidden') flushAll();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', flushAll);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', flushAll);
      // Leaving the page inside the app: what was typed is still sent.
      flushAll();
    };
  }, []);

  return { state, savedAt, answer, note, retry };
}
