import { useTranslation } from 'react-i18next';
import { Link } from '../../app/router';
import { levelMark } from '../../supply-chain/level';
import { Figure, Figures, Tile } from '../Tile';

const LIST = '/supply-chain';

/**
 * The company's own suppliers: how many, by level, how many below what it requires, and what it was
 * told about them; and, when customers named it as their supplier, what they require of it.
 */
export function SuppliersTile() {
  const { t } = useTranslation();
  // The supply-chain pages' marks (SA ★ / SA ★★ below ★3–★5): "★2" would read as one step below ★4.
  const levelText = (level: number) => (level === 0 ? t('dashboard.tiles.suppliers.unrated') : levelMark(level));
  return (
    <Tile tile="suppliers">
      {(d) => (
        <>
          <Figures>
            <Figure id="suppliers.total" value={d.suppliers} label={t('dashboard.tiles.suppliers.total')} to={LIST} />
            <Figure id="suppliers.belowRequired" value={d.belowRequired} label={t('dashboard.tiles.suppliers.below')} to={LIST} tone={d.belowRequired > 0 ? 'warn' : undefined} />
            <Figure id="suppliers.incidents" value={d.alerts.incident ?? 0} label={t('dashboard.tiles.suppliers.incidents')} to={LIST} tone={(d.alerts.incident ?? 0) > 0 ? 'alert' : undefined} />
            <Figure id="suppliers.advisories" value={d.alerts.advisory ?? 0} label={t('dashboard.tiles.suppliers.advisories')} to={LIST} />
          </Figures>
          {Object.keys(d.byLevel).length > 0 && (
            <>
              {/* Captioned in sight: "SA ★ 1" alone does not say it counts suppliers by level. */}
              <p className="home-list-meta" id="suppliers-by-level">{t('dashboard.tiles.suppliers.byLevel')}</p>
              <ul className="home-breakdown" aria-labelledby="suppliers-by-level">
                {Object.entries(d.byLevel).map(([level, n]) => (
                  <li key={level}>
                    {levelText(Number(level))} <strong>{n}</strong>
                  </li>
                ))}
              </ul>
            </>
          )}
          {d.asSupplier.customers > 0 && (
            <>
              <h3>{t('dashboard.tiles.suppliers.asSupplier')}</h3>
              <Figures>
                <Figure id="suppliers.asSupplier.customers" value={d.asSupplier.customers} label={t('dashboard.tiles.suppliers.customers')} to={LIST} />
                <Figure
                  id="suppliers.asSupplier.aboveOwn"
                  value={d.asSupplier.aboveOwn}
                  label={t('dashboard.tiles.suppliers.aboveOwn')}
                  to="/supply-chain/mismatches"
                  tone={d.asSupplier.aboveOwn > 0 ? 'warn' : undefined}
                />
              </Figures>
              <p className="home-list-meta">
                {t('dashboard.tiles.suppliers.levels', { own: levelText(d.asSupplier.ownLevel), required: levelText(d.asSupplier.highestRequired) })}
                {d.asSupplier.aboveOwn > 0 && (
                  <>
                    {' '}
                    <Link to="/supply-chain/assessment">{t('dashboard.tiles.suppliers.raise')}</Link>
                  </>
                )}
              </p>
            </>
          )}
        </>
      )}
    </Tile>
  );
}
