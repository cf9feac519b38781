import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';
import { formatTime } from '../../i18n/format';
import type { AutosaveState } from './useDraftAutosave';

/** "下書き保存済み 10:31:05", or what the autosave is doing now; announced politely. */
export function AutosaveStatus({ state, savedAt }: { state: AutosaveState; savedAt: Date | null }) {
  const { t } = useTranslation();
  let text = '';
  if (state === 'pending' || state === 'saving') text = t('incidents.draft.saving');
  else if (state === 'error') text = t('incidents.draft.failed');
  else if (state === 'signedOut') text = t('incidents.draft.signedOut');
  else if (state === 'saved' && savedAt) text = t('incidents.draft.savedAt', { time: formatTime(savedAt, currentLanguage()) });
  return (
    <p role="status" className={state === 'error' || state === 'signedOut' ? 'autosave field-error' : 'autosave muted'} data-state={state}>
      {text}
    </p>
  );
}
