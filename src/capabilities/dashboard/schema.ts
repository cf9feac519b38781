import { z } from 'zod';

/** Every tile the home dashboard knows; which of them an audience gets is decided in service.ts. */
export const TILES = ['incidents', 'overdue', 'exposure', 'notifications', 'warnings', 'alerts', 'supplyChain', 'suppliers', 'community'] as const;
export const Tile = z.enum(TILES);
export type Tile = z.infer<typeof Tile>;

/** The four homes: the same components, filled by the same policy filters. */
export type Audience = 'national' | 'ministry' | 'company' | 'isac';

export const TileParams = z.object({ tile: Tile });

/** Full drill-down lists that only the dashboard computes (overdue stages, correlations). */
export const DrillQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });
