import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, navigate } from '../../app/router';
import { currentLanguage } from '../../i18n';
import { sectorName } from '../../i18n/format';
import { Chart } from '../Chart';
import type { TileData } from '../api';
import { Figure, Figures, Tile } from '../Tile';
import { SERIES } from './palette';
import { dailyLine } from './series';

const LIST = '/intel/warnings';

/** Early warnings from correlation: how many, per day, and which sectors they touch. */
export function WarningsTile() {
  return <Tile tile="warnings">{(d) => <Warnings d={d} />}</Tile>;
}

function Warnings({ d }: { d: TileData['warnings'] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const option = useMemo(() => dailyLine(t('dashboard.tiles.warnings.title'), d.since, d.byDay, SERIES[2]!), [d, t]);
  const sectors = Object.entries(d.bySector).sort((a, b) => b[1] - a[1]);
  return (
    <>
      <Figures>
        <Figure id="warnings.total" value={d.total} label={t('dashboard.tiles.warnings.total')} to={LIST} tone={d.total > 0 ? 'warn' : undefined} />
      </Figures>
      <Chart option={option} label={t('dashboard.tiles.warnings.chartLabel')} onClick={() => navigate(LIST)} height={150} />
      {sectors.length > 0 && (
        <ul className="home-breakdown">
          {sectors.map(([s, n]) => (
            <li key={s}>
              <Link to={LIST}>
                {sectorName(s, lang)} <strong>{n}</strong>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
