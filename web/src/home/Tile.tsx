import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../app/router';
import { currentLanguage } from '../i18n';
import { formatTime } from '../i18n/format';
import { useTile, type TileData, type TileKey } from './api';
import { useIsStale } from './live';

/**
 * The frame every tile shares: title, the time its figures are from, and a stale mark while the live
 * stream is down or has reconnected since (then the figures are those of the time shown, not now).
 */
export function Tile<K extends TileKey>({ tile, wide, children }: { tile: K; wide?: boolean; children: (data: TileData[K]) => ReactNode }) {
  const { t } = useTranslation();
  const q = useTile(tile);
  const stale = useIsStale(q.dataUpdatedAt);
  const titleId = `tile-${tile}-title`;
  const asOf = q.data ? formatTime(new Date(q.data.asOf), currentLanguage()) : null;
  return (
    <section className={`home-tile${wide ? ' home-tile-wide' : ''}${stale && q.data ? ' is-stale' : ''}`} aria-labelledby={titleId} data-tile={tile} data-stale={stale ? 'true' : 'false'} aria-busy={q.isFetching}>
      <header className="home-tile-head">
        <h2 id={titleId}>{t(`dashboard.tiles.${tile}.title`)}</h2>
        {asOf && (
          <p className="home-tile-time" data-testid={`${tile}-updated`}>
            {stale ? <span className="badge badge-stale">{t('dashboard.stale', { time: asOf })}</span> : t('dashboard.updated', { time: asOf })}
          </p>
        )}
      </header>
      {q.isError && <p className="alert alert-error">{t('dashboard.loadFailed')}</p>}
      {q.isPending && <p className="home-tile-loading">{t('dashboard.loading')}</p>}
      {q.data && children(q.data.data as TileData[K])}
    </section>
  );
}

/** One figure: a number that is a link to the list it counts. */
export function Figure({ id, value, label, to, tone }: { id: string; value: number | string; label: string; to: string; tone?: 'alert' | 'warn' }) {
  return (
    <Link to={to} className={`home-figure${tone ? ` home-figure-${tone}` : ''}`} data-figure={id}>
      <span className="home-figure-value">{value}</span>
      <span className="home-figure-label">{label}</span>
    </Link>
  );
}

export function Figures({ children }: { children: ReactNode }) {
  return <div className="home-figures">{children}</div>;
}
