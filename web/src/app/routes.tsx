import type { ReactNode } from 'react';
import type { AbilityKey } from '../api/types';
import { NotificationsPage } from '../advisories/NotificationsPage';
import { AlertDetailPage } from '../alerts/AlertDetailPage';
import { AlertsPage } from '../alerts/AlertsPage';
import { IssueAlertPage } from '../alerts/IssueAlertPage';
import { WebhookPage } from '../alerts/WebhookPage';
import { ExerciseDetailPage } from '../exercises/ExerciseDetailPage';
import { ExercisesPage } from '../exercises/ExercisesPage';
import { NewExercisePage } from '../exercises/NewExercisePage';
import { PublishPage } from '../advisories/PublishPage';
import { AssetsPage } from '../assets/AssetsPage';
import { EditAssetPage } from '../assets/EditAssetPage';
import { ImportPage } from '../assets/ImportPage';
import { MinistryPage } from '../assets/MinistryPage';
import { NewAssetPage } from '../assets/NewAssetPage';
import { HomePage } from '../home/HomePage';
import { IncidentDetailPage } from '../incidents/detail/IncidentDetailPage';
import { IncidentListPage } from '../incidents/IncidentListPage';
import { NewReportPage } from '../incidents/NewReportPage';
import { PrintPage } from '../incidents/print/PrintPage';
import { StageReportPage } from '../incidents/StageReportPage';
import { TokensPage } from '../tokens/TokensPage';
import { SearchPage as IntelSearchPage } from '../intel/search/SearchPage';
import { CollectionsPage as IntelCollectionsPage } from '../intel/collections/CollectionsPage';
import { IntelHomePage } from '../intel/home/IntelHomePage';
import { ObjectPage as IntelObjectPage } from '../intel/objects/ObjectPage';
import { WarningsPage as IntelWarningsPage } from '../intel/warnings/WarningsPage';
import { UpcomingPage } from '../upcoming/UpcomingPage';
import { AssessmentPage } from '../supply-chain/AssessmentPage';
import { ClaimsPage } from '../supply-chain/ClaimsPage';
import { GraphPage } from '../supply-chain/GraphPage';
import { LinksPage } from '../supply-chain/LinksPage';
import { MismatchesPage } from '../supply-chain/MismatchesPage';
import type ja from '../i18n/ja.json';
import { matchPath } from './router';

export type PageKey = keyof typeof ja.nav;

export type RouteDef = {
  /** A path, with `:name` for a parameter segment. */
  path: string;
  page: PageKey;
  /** Shown to users granted any of these; absent = every signed-in user. */
  anyOf?: readonly AbilityKey[];
  /** Where the entry sits in the navigation; absent = reached by links, not listed. */
  section?: 'main' | 'settings';
  /** Rendered without the header and navigation (printable pages). */
  bare?: boolean;
  render: (params: Record<string, string>) => ReactNode;
};

const incidentReaders: readonly AbilityKey[] = ['incidents.read', 'incidents.create'];

// The one table of pages: navigation, titles and access all come from here. Advisories and alerts
// have no reading ability because every member organisation receives them; only publishing and
// issuing are restricted, and those actions will be gated on their own pages.
export const routes: readonly RouteDef[] = [
  { path: '/', page: 'home', section: 'main', render: () => <HomePage /> },
  { path: '/incidents', page: 'incidents', section: 'main', anyOf: incidentReaders, render: () => <IncidentListPage /> },
  // More specific paths first: `/incidents/new` is not a report id.
  { path: '/incidents/new', page: 'incidents', anyOf: ['incidents.create'], render: () => <NewReportPage /> },
  { path: '/incidents/:id', page: 'incidents', anyOf: incidentReaders, render: (p) => <IncidentDetailPage id={p.id!} /> },
  { path: '/incidents/:id/print', page: 'incidents', anyOf: incidentReaders, bare: true, render: (p) => <PrintPage id={p.id!} /> },
  {
    path: '/incidents/:id/stages/:stage',
    page: 'incidents',
    anyOf: ['incidents.create'],
    render: (p) => <StageReportPage id={p.id!} stage={p.stage === 'final' ? 'final' : 'update'} />,
  },
  { path: '/assets', page: 'assets', section: 'main', anyOf: ['assets.manage'], render: () => <AssetsPage /> },
  { path: '/assets/new', page: 'assets', anyOf: ['assets.manage'], render: () => <NewAssetPage /> },
  { path: '/assets/import', page: 'assets', anyOf: ['assets.manage'], render: () => <ImportPage /> },
  { path: '/assets/ministry', page: 'assets', anyOf: ['assets.manage'], render: () => <MinistryPage /> },
  { path: '/assets/:id/edit', page: 'assets', anyOf: ['assets.manage'], render: (p) => <EditAssetPage id={p.id!} /> },
  { path: '/advisories', page: 'advisories', section: 'main', render: () => <NotificationsPage /> },
  { path: '/advisories/publish', page: 'advisories', anyOf: ['advisories.publish'], render: () => <PublishPage /> },
  {
    path: '/intel',
    page: 'intel',
    section: 'main',
    anyOf: ['intel.read', 'intel.publish'],
    render: () => <IntelHomePage />,
  },
  { path: '/intel/search', page: 'intelSearch', section: 'main', anyOf: ['intel.read'], render: () => <IntelSearchPage /> },
  { path: '/intel/warnings', page: 'intelWarnings', section: 'main', anyOf: ['intel.read'], render: () => <IntelWarningsPage /> },
  { path: '/intel/collections', page: 'intelCollections', section: 'main', anyOf: ['intel.read'], render: () => <IntelCollectionsPage /> },
  { path: '/intel/objects/:id', page: 'intel', anyOf: ['intel.read'], render: (p) => <IntelObjectPage id={p.id!} /> },
  { path: '/supply-chain', page: 'supplyChain', section: 'main', anyOf: ['supplyChain.read'], render: () => <LinksPage /> },
  { path: '/supply-chain/assessment', page: 'supplyChain', anyOf: ['supplyChain.read'], render: () => <AssessmentPage /> },
  { path: '/supply-chain/mismatches', page: 'supplyChain', anyOf: ['supplyChain.read'], render: () => <MismatchesPage /> },
  { path: '/supply-chain/graph', page: 'supplyChain', anyOf: ['supplyChain.read'], render: () => <GraphPage /> },
  { path: '/supply-chain/claims', page: 'supplyChain', anyOf: ['supplyChain.read'], render: () => <ClaimsPage /> },
  { path: '/alerts', page: 'alerts', section: 'main', render: () => <AlertsPage /> },
  { path: '/alerts/new', page: 'alerts', anyOf: ['alerts.issue'], render: () => <IssueAlertPage /> },
  { path: '/alerts/webhook', page: 'alerts', render: () => <WebhookPage /> },
  { path: '/alerts/:id', page: 'alerts', render: (p) => <AlertDetailPage id={p.id!} /> },
  { path: '/exercises', page: 'exercises', section: 'main', render: () => <ExercisesPage /> },
  { path: '/exercises/new', page: 'exercises', anyOf: ['exercises.create'], render: () => <NewExercisePage /> },
  { path: '/exercises/:id', page: 'exercises', render: (p) => <ExerciseDetailPage id={p.id!} /> },
  { path: '/tokens', page: 'tokens', section: 'settings', anyOf: ['tokens.manage'], render: () => <TokensPage /> },
];

export function findRoute(path: string): { route: RouteDef; params: Record<string, string> } | undefined {
  // Tolerate a trailing slash from hand-typed URLs.
  const normalized = path.length > 1 ? path.replace(/\/+$/, '') : path;
  for (const route of routes) {
    const params = matchPath(route.path, normalized);
    if (params) return { route, params };
  }
  return undefined;
}
