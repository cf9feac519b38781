import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, navigate } from '../../app/router';
import { can, useMe } from '../../auth/session';
import { currentLanguage } from '../../i18n';
import { sectorName } from '../../i18n/format';
import type { TileData } from '../api';
import { Chart } from '../Chart';
import { Figure, Figures, Tile } from '../Tile';
import { AXIS, HEAT, SERIES } from './palette';

const STAGES = ['initial', 'update', 'final'] as const;

/** Reports by type over time (stacked weekly bars) and by reporter sector × type (heat map). */
export function IncidentsTile() {
  return <Tile tile="incidents" wide>{(d) => <Incidents d={d} />}</Tile>;
}

function Incidents({ d }: { d: TileData['incidents'] }) {
  const { t } = useTranslation();
  const me = useMe();
  const lang = currentLanguage();
  const list = `/incidents?box=${d.box === 'sent' ? 'sent' : 'inbox'}`;
  const types = Object.keys(d.byType).sort();
  const sectors = Object.keys(d.bySector).sort();
  const typeName = (c: string) => t(`incidents.types.${c}`, { defaultValue: c });
  const sectorLabel = (c: string) => (c === 'none' ? t('dashboard.noSector') : sectorName(c, lang));

  const weeks = useMemo(() => {
    const out: string[] = [];
    const start = new Date(d.series.since);
    // Monday-based weeks, as date_trunc('week') buckets them on the server.
    const first = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() - ((start.getUTCDay() + 6) % 7)));
    for (let w = new Date(first); w <= new Date(); w.setUTCDate(w.getUTCDate() + 7)) out.push(w.toISOString().slice(0, 10));
    return out;
  }, [d.series.since]);

  const bars = useMemo(
    () => ({
      aria: { enabled: true },
      color: SERIES,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { color: '#1b1f24' } },
      grid: { left: 36, right: 8, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: weeks.map((w) => w.slice(5)), ...AXIS },
      yAxis: { type: 'value', minInterval: 1, ...AXIS },
      series: types.map((type) => ({
        name: typeName(type),
        type: 'bar',
        stack: 'type',
        data: weeks.map((w) => d.series.weeks.filter((r) => r.type === type && r.week.slice(0, 10) === w).reduce((a, r) => a + r.n, 0)),
      })),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [d, weeks, lang],
  );

  const heat = useMemo(() => {
    const cells = sectors.flatMap((s, y) => types.map((type, x) => [x, y, d.bySector[s]?.[type] ?? 0]));
    return {
      aria: { enabled: true },
      tooltip: { position: 'top' },
      grid: { left: 110, right: 8, top: 8, bottom: 56 },
      xAxis: { type: 'category', data: types.map(typeName), ...AXIS, axisLabel: { ...AXIS.axisLabel, interval: 0, rotate: 20 } },
      yAxis: { type: 'category', data: sectors.map(sectorLabel), ...AXIS },
      visualMap: { min: 0, max: Math.max(1, ...cells.map((c) => c[2] as number)), show: false, inRange: { color: HEAT } },
      series: [{ name: t('dashboard.tiles.incidents.heat'), type: 'heatmap', data: cells, label: { show: true, color: '#1b1f24', backgroundColor: '#ffffff', padding: 2 } }],
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [d, lang]);

  return (
    <>
      <Figures>
        <Figure id="incidents.total" value={d.total} label={t(d.box === 'sent' ? 'dashboard.tiles.incidents.sent' : 'dashboard.tiles.incidents.total')} to={list} />
        {STAGES.map((s) => (
          <Figure key={s} id={`incidents.stage.${s}`} value={d.byStage[s] ?? 0} label={t(`incidents.stages.${s}`)} to={list} />
        ))}
      </Figures>
      <div className="home-charts">
        <div>
          <h3>{t('dashboard.tiles.incidents.overTime', { weeks: weeks.length })}</h3>
          {/* Empty axes say less than a sentence, and a reporter's next step is to file. */}
          {d.series.weeks.length === 0 ? (
            <p className="muted">
              {t(d.box === 'sent' ? 'dashboard.tiles.incidents.noneSent' : 'dashboard.tiles.incidents.noneReceived', { weeks: weeks.length })}
              {d.box === 'sent' && can(me, 'incidents.create') && (
                <>
                  {' '}
                  <Link to="/incidents/new">{t('incidents.list.new')}</Link>
                </>
              )}
            </p>
          ) : (
            <Chart option={bars} label={t('dashboard.tiles.incidents.overTimeLabel')} onClick={() => navigate(list)} />
          )}
        </div>
        {sectors.length > 0 && (
          <div>
            <h3>{t('dashboard.tiles.incidents.heat')}</h3>
            <Chart option={heat} label={t('dashboard.tiles.incidents.heatLabel')} onClick={() => navigate(list)} height={Math.max(160, 40 + sectors.length * 34)} />
          </div>
        )}
      </div>
      <ul className="home-breakdown" aria-label={t('dashboard.tiles.incidents.byType')}>
        {types.map((type) => (
          <li key={type}>
            <Link to={list} data-figure={`incidents.type.${type}`}>
              {typeName(type)} <strong>{d.byType[type]}</strong>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
