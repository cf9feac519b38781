import { useCallback, useState } from 'react';
import type { UploadListener, UploadPhase } from '../api/upload';

/** Nothing sent yet, bytes on their way, or the server at work since `since` (ms since the epoch). */
export type UploadProgressState = { phase: 'idle' } | Extract<UploadPhase, { phase: 'sending' }> | { phase: 'processing'; since: number };

/**
 * The progress of one upload at a time, for <UploadProgress>: hand `listener` to the upload (through
 * the mutation hook), and show the state while the mutation is pending.
 */
export function useUploadProgress(): { state: UploadProgressState; listener: UploadListener } {
  const [state, setState] = useState<UploadProgressState>({ phase: 'idle' });
  const listener = useCallback<UploadListener>((p) => setState(p.phase === 'processing' ? { phase: 'processing', since: Date.now() } : p), []);
  return { state, listener };
}
