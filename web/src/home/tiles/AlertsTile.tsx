import { useTranslation } from 'react-i18next';
import { Figure, Figures, Tile } from '../Tile';

/** National alerts: those addressed to the caller still to acknowledge, and the acknowledgement rate of those it oversees. */
export function AlertsTile() {
  const { t } = useTranslation();
  return (
    <Tile tile="alerts">
      {(d) => (
        <Figures>
          <Figure id="alerts.total" value={d.total} label={t('dashboard.tiles.alerts.total')} to="/alerts?box=all" />
          {d.received > 0 && <Figure id="alerts.received" value={d.received} label={t('dashboard.tiles.alerts.received')} to="/alerts?box=received" />}
          {d.received > 0 && (
            <Figure id="alerts.unacknowledged" value={d.unacknowledged} label={t('dashboard.tiles.alerts.unacknowledged')} to="/alerts?box=received" tone={d.unacknowledged > 0 ? 'alert' : undefined} />
          )}
          {d.acknowledgement.recipients > 0 && (
            <Figure
              id="alerts.rate"
              value={d.acknowledgement.rate === null ? '—' : `${Math.round(d.acknowledgement.rate * 100)}%`}
              label={t('dashboard.tiles.alerts.rate', { acknowledged: d.acknowledgement.acknowledged, recipients: d.acknowledgement.recipients })}
              to={d.issued > 0 ? '/alerts?box=issued' : '/alerts?box=all'}
            />
          )}
        </Figures>
      )}
    </Tile>
  );
}
