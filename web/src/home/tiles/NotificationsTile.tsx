import { useTranslation } from 'react-i18next';
import { Link } from '../../app/router';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { Figure, Figures, Tile } from '../Tile';

const LIST = '/advisories?status=open';

/** The company's open notifications: how many, how many late or due soon, and the next deadlines. */
export function NotificationsTile() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <Tile tile="notifications">
      {(d) => (
        <>
          <Figures>
            <Figure id="notifications.open" value={d.open} label={t('dashboard.tiles.notifications.open')} to={LIST} />
            <Figure id="notifications.overdue" value={d.overdue} label={t('dashboard.tiles.notifications.overdue')} to={`${LIST}&by=overdue&value=true`} tone={d.overdue > 0 ? 'alert' : undefined} />
            <Figure id="notifications.dueSoon" value={d.dueSoon} label={t('dashboard.tiles.notifications.dueSoon', { days: d.soonDays })} to={LIST} tone={d.dueSoon > 0 ? 'warn' : undefined} />
            <Figure id="notifications.knownExploited" value={d.knownExploited} label={t('dashboard.tiles.exposure.kev')} to={`${LIST}&by=knownExploited&value=true`} />
          </Figures>
          {d.next.length > 0 && (
            <ul className="home-list">
              {d.next.map((n) => (
                <li key={n.id}>
                  <Link to={LIST}>{n.title}</Link>
                  <span className="home-list-meta">
                    {n.asset} · {t('dashboard.due', { time: formatDateTime(n.dueAt, lang) })}
                    {n.overdue && <span className="badge badge-overdue">{t('dashboard.overdue')}</span>}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Tile>
  );
}
