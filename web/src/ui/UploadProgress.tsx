import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n';
import type { UploadProgressState } from './useUploadProgress';

const locales = { ja: 'ja-JP', en: 'en-GB' } as const;

/** A size as people read it: kilobytes below one megabyte, megabytes above. */
function size(bytes: number): string {
  const [unit, divisor] = bytes < 1_000_000 ? (['kilobyte', 1_000] as const) : (['megabyte', 1_000_000] as const);
  return new Intl.NumberFormat(locales[currentLanguage()], { style: 'unit', unit, minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(bytes / divisor);
}

/** Whole seconds since `since`, ticking once a second while `since` is set. */
function useElapsedSeconds(since: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [since]);
  return since === null ? 0 : Math.max(0, Math.floor((now - since) / 1000));
}

/**
 * How far a long operation has got: a bar with the share of the file sent and its percentage, then an
 * indeterminate bar with the time the server has been working, so a big import never looks stuck.
 * Shown only while `active` (the mutation is pending). The phase, not every percent, is announced.
 */
export function UploadProgress({ state, active }: { state: UploadProgressState; active: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const elapsed = useElapsedSeconds(active && state.phase === 'processing' ? state.since : null);
  if (!active || state.phase === 'idle') return null;

  const sending = state.phase === 'sending';
  const percent = sending ? (state.total > 0 ? Math.floor((state.loaded / state.total) * 100) : 0) : 100;
  return (
    <div className="upload-progress" data-phase={state.phase}>
      <label htmlFor={id} className="upload-progress-label">{sending ? t('progress.sending') : t('progress.processing')}</label>
      {/* Without a value the bar is indeterminate: the server does not say how far it has got. */}
      {sending ? <progress id={id} value={state.loaded} max={Math.max(state.total, 1)} /> : <progress id={id} />}
      <span className="upload-progress-figure">
        {sending ? t('progress.sent', { percent, sent: size(state.loaded), total: size(state.total) }) : t('progress.elapsed', { count: elapsed })}
      </span>
      <span role="status" className="visually-hidden">{sending ? t('progress.sending') : t('progress.processing')}</span>
    </div>
  );
}
