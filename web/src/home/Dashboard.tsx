import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { useHome, type TileKey } from './api';
import { useLiveDashboard } from './live';
import { AlertsTile } from './tiles/AlertsTile';
import { CommunityTile } from './tiles/CommunityTile';
import { ExposureTile } from './tiles/ExposureTile';
import { IncidentsTile } from './tiles/IncidentsTile';
import { NotificationsTile } from './tiles/NotificationsTile';
import { OverdueTile } from './tiles/OverdueTile';
import { SuppliersTile } from './tiles/SuppliersTile';
import { SupplyChainTile } from './tiles/SupplyChainTile';
import { WarningsTile } from './tiles/WarningsTile';
import './home.css';

const TILES: Record<TileKey, ComponentType> = {
  incidents: IncidentsTile,
  overdue: OverdueTile,
  exposure: ExposureTile,
  notifications: NotificationsTile,
  warnings: WarningsTile,
  alerts: AlertsTile,
  supplyChain: SupplyChainTile,
  suppliers: SuppliersTile,
  community: CommunityTile,
};

/** The shared risk picture: the server says which tiles this caller's audience gets, in order. */
export function Dashboard() {
  const { t } = useTranslation();
  const home = useHome();
  useLiveDashboard();
  if (home.isPending) return <p>{t('dashboard.loading')}</p>;
  if (home.isError) return <p className="alert alert-error">{t('dashboard.loadFailed')}</p>;
  return (
    <section aria-labelledby="home-dashboard" data-audience={home.data.audience}>
      <h2 id="home-dashboard" className="visually-hidden">
        {t(`dashboard.audience.${home.data.audience}`)}
      </h2>
      <p className="home-audience">{t(`dashboard.audience.${home.data.audience}`)}</p>
      <div className="home-grid">
        {home.data.tiles.map((key) => {
          const TileComponent = TILES[key];
          return <TileComponent key={key} />;
        })}
      </div>
    </section>
  );
}
