import { useTranslation } from 'react-i18next';
import { Link } from '../../app/router';
import { currentLanguage } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { regimeStageNames } from '../../incidents/recipients';
import { Figure, Figures, Tile } from '../Tile';

/** Report stages past their deadline: owed to the caller (authorities) or by it (reporters), oldest first. */
export function OverdueTile() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <Tile tile="overdue">
      {(d) => (
        <>
          <Figures>
            <Figure id="overdue.total" value={d.total} label={t(`dashboard.tiles.overdue.${d.side}`)} to={d.side === 'reporter' ? '/incidents?box=sent' : '/incidents?box=inbox'} tone={d.total > 0 ? 'alert' : undefined} />
          </Figures>
          {d.oldest.length > 0 && (
            <ul className="home-list">
              {d.oldest.map((o) => {
                // One line per recipient regime and stage, worded as that regime's law does (確報, not 最終報).
                const names = regimeStageNames(o.regime, o.stage, lang);
                return (
                  <li key={`${o.reportId}-${o.regime}-${o.stage}`}>
                    <Link to={`/incidents/${o.reportId}`}>
                      {o.reference} {o.title}
                    </Link>
                    <span className="home-list-meta">
                      {names.regime} · {names.stage} · {t('dashboard.due', { time: formatDateTime(o.dueAt, lang) })}
                    </span>
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
    </Tile>
  );
}
