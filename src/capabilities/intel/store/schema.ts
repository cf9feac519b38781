import { z } from 'zod';
import { Clearance } from '../../../platform/identity/ids.js';

/** REST boundaries of the STIX store (request shapes; responses are built by present.ts). */

export const IngestQuery = z.object({
  collection: z.uuid(),
  /** Clearance the contributor requires of readers (raised to the collection's own). */
  clearance: Clearance.default('none'),
  /** May correlation name the contributing organisation to others. */
  nameReporter: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

/** The bundle envelope is checked here loosely; validateBundle judges it and each object precisely. */
export const BundleBody = z.object({ type: z.unknown(), id: z.unknown(), objects: z.array(z.unknown()).max(100_000) }).loose();

export const ObjectListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  type: z.string().regex(/^[a-z0-9-]+$/).max(250).optional(),
  collection: z.uuid().optional(),
  cursor: z.string().regex(/^\d+$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const StixIdParam = z.object({ id: z.string().regex(/^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-fA-F-]{36}$/).max(300) });
export const VersionParams = StixIdParam.extend({ modified: z.string().min(1).max(40) });

const Title = z.string().trim().min(1).max(200);
export const CollectionInput = z.object({
  title: Title,
  description: z.string().trim().max(2000).default(''),
  memberOrgIds: z.array(z.uuid()).max(1000).default([]),
  clearance: Clearance.default('none'),
});
export const CollectionPatch = z.object({
  title: Title.optional(),
  description: z.string().trim().max(2000).optional(),
  memberOrgIds: z.array(z.uuid()).max(1000).optional(),
  clearance: Clearance.optional(),
});
export type CollectionInput = z.infer<typeof CollectionInput>;
export type CollectionPatch = z.infer<typeof CollectionPatch>;
