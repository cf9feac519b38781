import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { meKey } from '../auth/session';
import { useLiveEvents } from '../events/useLiveEvents';
import { currentLanguage } from '../i18n';
import { formatTime } from '../i18n/format';

/** Header indicator: is the live stream connected, and when did the last event arrive. */
export function LiveStatus() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  // A closed stream is most often an expired session: re-checking /api/me shows the login page if so.
  const { state, lastEventAt } = useLiveEvents(() => void queryClient.invalidateQueries({ queryKey: meKey }));

  return (
    <div className="live-status">
      {/* Only the connection state is a live region; the clock would be too chatty to announce. */}
      <span role="status" className={`live-state live-${state}`}>
        <span className="live-dot" aria-hidden="true" />
        {t(`live.${state}`)}
      </span>
      <span className="live-last">
        {lastEventAt ? (
          t('live.lastEvent', { time: formatTime(lastEventAt, currentLanguage()) })
        ) : (
          t('live.noEvents')
        )}
      </span>
    </div>
  );
}
