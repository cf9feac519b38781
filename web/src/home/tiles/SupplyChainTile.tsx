import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, navigate } from '../../app/router';
import { currentLanguage } from '../../i18n';
import { localizedName } from '../../i18n/format';
import { levelMark } from '../../supply-chain/level';
import { Chart } from '../Chart';
import type { TileData } from '../api';
import { Figure, Figures, Tile } from '../Tile';
import { AXIS, SERIES } from './palette';

const LIST = '/supply-chain';
// The supply-chain pages' marks: SECURITY ACTION's ★/★★ are "SA ★"/"SA ★★", not ★1/★2 below ★3–★5.
const STARS = (n: number) => (n === 0 ? '—' : levelMark(n));

/** Nation-wide: links whose supplier is below the required level (stacked by actual level), and the hot spots. */
export function SupplyChainTile() {
  return <Tile tile="supplyChain" wide>{(d) => <SupplyChain d={d} />}</Tile>;
}

function SupplyChain({ d }: { d: TileData['supplyChain'] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const required = [...new Set(d.mismatches.map((m) => m.requiredLevel))].sort();
  const actual = [...new Set(d.mismatches.map((m) => m.actualLevel))].sort();
  const option = useMemo(
    () => ({
      aria: { enabled: true },
      color: SERIES,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { color: '#1b1f24' } },
      grid: { left: 36, right: 8, top: 32, bottom: 24 },
      xAxis: { type: 'category', data: required.map((r) => t('dashboard.tiles.supplyChain.required', { level: STARS(r) })), ...AXIS },
      yAxis: { type: 'value', minInterval: 1, ...AXIS },
      series: actual.map((a) => ({
        name: t('dashboard.tiles.supplyChain.actual', { level: STARS(a) }),
        type: 'bar',
        stack: 'm',
        data: required.map((r) => d.mismatches.find((m) => m.requiredLevel === r && m.actualLevel === a)?.links ?? 0),
      })),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [d, lang],
  );
  return (
    <>
      <Figures>
        <Figure id="supplyChain.mismatchedLinks" value={d.mismatchedLinks} label={t('dashboard.tiles.supplyChain.mismatched')} to={LIST} tone={d.mismatchedLinks > 0 ? 'warn' : undefined} />
      </Figures>
      <div className="home-charts">
        {d.mismatches.length > 0 && <Chart option={option} label={t('dashboard.tiles.supplyChain.chartLabel')} onClick={() => navigate(LIST)} height={180} />}
        <div>
          <h3>{t('dashboard.tiles.supplyChain.hotSpots')}</h3>
          <div className="home-table-wrap">
            <table className="home-table">
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.tiles.supplyChain.supplier')}</th>
                  <th scope="col">{t('dashboard.tiles.supplyChain.level')}</th>
                  <th scope="col">{t('dashboard.tiles.supplyChain.customers')}</th>
                  <th scope="col">{t('dashboard.tiles.supplyChain.below')}</th>
                  <th scope="col">{t('dashboard.tiles.supplyChain.alerts')}</th>
                </tr>
              </thead>
              <tbody>
                {d.hotSpots.map((h) => (
                  <tr key={h.orgId}>
                    <th scope="row">
                      <Link to={`${LIST}?org=${h.orgId}`}>{localizedName(h, lang)}</Link>
                    </th>
                    <td>{STARS(h.level)}</td>
                    <td>{h.customers}</td>
                    <td>{h.belowRequired}</td>
                    <td>{h.alerts}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </>
  );
}
