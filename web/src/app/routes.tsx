import type { ReactNode } from 'react';
import type { AbilityKey } from '../api/types';
import { HomePage } from '../home/HomePage';
import { TokensPage } from '../tokens/TokensPage';
import { UpcomingPage } from '../upcoming/UpcomingPage';
import type ja from '../i18n/ja.json';

export type PageKey = keyof typeof ja.nav;

export type RouteDef = {
  path: string;
  page: PageKey;
  /** Shown to users granted any of these; absent = every signed-in user. */
  anyOf?: readonly AbilityKey[];
  /** Where the entry sits in the navigation. */
  section: 'main' | 'settings';
  render: () => ReactNode;
};

// The one table of pages: navigation, titles and access all come from here. Advisories and alerts
// have no reading ability because every member organisation receives them; only publishing and
// issuing are restricted, and those actions will be gated on their own pages.
export const routes: readonly RouteDef[] = [
  { path: '/', page: 'home', section: 'main', render: () => <HomePage /> },
  {
    path: '/incidents',
    page: 'incidents',
    section: 'main',
    anyOf: ['incidents.read', 'incidents.create'],
    render: () => <UpcomingPage capability="incidents" />,
  },
  {
    path: '/assets',
    page: 'assets',
    section: 'main',
    anyOf: ['assets.manage'],
    render: () => <UpcomingPage capability="assets" />,
  },
  { path: '/advisories', page: 'advisories', section: 'main', render: () => <UpcomingPage capability="advisories" /> },
  {
    path: '/intel',
    page: 'intel',
    section: 'main',
    anyOf: ['intel.read', 'intel.publish'],
    render: () => <UpcomingPage capability="intel" />,
  },
  {
    path: '/supply-chain',
    page: 'supplyChain',
    section: 'main',
    anyOf: ['supplyChain.read'],
    render: () => <UpcomingPage capability="supplyChain" />,
  },
  { path: '/alerts', page: 'alerts', section: 'main', render: () => <UpcomingPage capability="alerts" /> },
  { path: '/tokens', page: 'tokens', section: 'settings', anyOf: ['tokens.manage'], render: () => <TokensPage /> },
];

export function findRoute(path: string): RouteDef | undefined {
  // Tolerate a trailing slash from hand-typed URLs.
  const normalized = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return routes.find((route) => route.path === normalized);
}
