import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, navigate } from '../../app/router';
import { Chart } from '../Chart';
import type { TileData } from '../api';
import { Figure, Figures, Tile } from '../Tile';
import { SERIES } from './palette';
import { dailyLine } from './series';

/** The ISAC's community: objects shared per collection and per day, and indicators several members saw. */
export function CommunityTile() {
  return <Tile tile="community" wide>{(d) => <Community d={d} />}</Tile>;
}

function Community({ d }: { d: TileData['community'] }) {
  const { t } = useTranslation();
  const option = useMemo(() => dailyLine(t('dashboard.tiles.community.added'), d.since, d.byDay, SERIES[1]!), [d, t]);
  return (
    <>
      <Figures>
        {d.collections.map((c) => (
          <Figure key={c.id} id={`community.collection.${c.id}`} value={c.objects} label={c.title} to={`/intel/search?collection=${c.id}`} />
        ))}
        <Figure id="community.correlations" value={d.correlations.total} label={t('dashboard.tiles.community.correlations')} to="/intel/search" tone={d.correlations.total > 0 ? 'warn' : undefined} />
      </Figures>
      <div className="home-charts">
        <div>
          <h3>{t('dashboard.tiles.community.added')}</h3>
          <Chart option={option} label={t('dashboard.tiles.community.chartLabel')} onClick={() => navigate('/intel/search')} height={150} />
        </div>
        <div>
          <h3>{t('dashboard.tiles.community.top')}</h3>
          {d.correlations.top.length === 0 ? (
            <p className="home-empty">{t('dashboard.tiles.community.noCorrelations')}</p>
          ) : (
            <ul className="home-list">
              {d.correlations.top.map((c) => (
                <li key={`${c.kind}:${c.value}`}>
                  <Link to={`/intel/search?q=${encodeURIComponent(c.value)}`}>
                    <code>{c.value}</code>
                  </Link>
                  <span className="home-list-meta">{t('dashboard.tiles.community.seenBy', { organisations: c.organisations, sightings: c.sightings })}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </>
  );
}
