import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, navigate } from '../../app/router';
import { currentLanguage } from '../../i18n';
import { sectorName } from '../../i18n/format';
import type { TileData } from '../api';
import { Chart } from '../Chart';
import { Figure, Figures, Tile } from '../Tile';
import { AXIS, SERIES } from './palette';

const LIST = '/advisories?status=open';

/** Open exposures of the nation / a ministry's sectors, split by known exploitation per sector (stacked bars). */
export function ExposureTile() {
  return <Tile tile="exposure" wide>{(d) => <Exposure d={d} />}</Tile>;
}

function Exposure({ d }: { d: TileData['exposure'] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const sectors = Object.keys(d.bySector).sort((a, b) => d.bySector[b]!.knownExploited - d.bySector[a]!.knownExploited || a.localeCompare(b));
  const label = (c: string) => (c === 'none' ? t('dashboard.noSector') : sectorName(c, lang));
  const option = useMemo(
    () => ({
      aria: { enabled: true },
      color: [SERIES[3]!, SERIES[1]!],
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { color: '#1b1f24' } },
      grid: { left: 110, right: 12, top: 32, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1, ...AXIS },
      yAxis: { type: 'category', data: sectors.map(label), ...AXIS },
      series: [
        { name: t('dashboard.tiles.exposure.kev'), type: 'bar', stack: 'e', data: sectors.map((s) => d.bySector[s]!.knownExploited) },
        { name: t('dashboard.tiles.exposure.other'), type: 'bar', stack: 'e', data: sectors.map((s) => d.bySector[s]!.open - d.bySector[s]!.knownExploited) },
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [d, lang],
  );
  return (
    <>
      <Figures>
        <Figure id="exposure.open" value={d.open} label={t('dashboard.tiles.exposure.open')} to={LIST} />
        <Figure id="exposure.knownExploited" value={d.knownExploited} label={t('dashboard.tiles.exposure.kev')} to={`${LIST}&by=knownExploited&value=true`} tone={d.knownExploited > 0 ? 'alert' : undefined} />
        <Figure id="exposure.overdue" value={d.overdue} label={t('dashboard.tiles.exposure.overdue')} to={`${LIST}&by=overdue&value=true`} tone={d.overdue > 0 ? 'warn' : undefined} />
      </Figures>
      {sectors.length > 0 ? (
        <>
          <h3>{t('dashboard.tiles.exposure.bySector')}</h3>
          <Chart option={option} label={t('dashboard.tiles.exposure.chartLabel')} onClick={() => navigate(`${LIST}&by=knownExploited&value=true`)} height={Math.max(140, 50 + sectors.length * 28)} />
          <ul className="home-breakdown">
            {sectors.map((s) => (
              <li key={s}>
                <Link to={`${LIST}&by=sector&value=${encodeURIComponent(s)}`} data-figure={`exposure.sector.${s}`}>
                  {label(s)} <strong>{d.bySector[s]!.knownExploited}</strong> / {d.bySector[s]!.open}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="home-empty">{t('dashboard.tiles.exposure.none')}</p>
      )}
    </>
  );
}
