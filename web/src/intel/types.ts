import type { WhereSeenRecord } from './WhereSeen';

// Shapes of /api/intel (src/capabilities/intel/store/present.ts and routes.ts), written by hand.

export type Tlp = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';
export type Clearance = 'none' | 'cei' | 'sds';
export type CollectionKind = 'national' | 'sector' | 'isac' | 'org';

export type IntelCollection = {
  id: string;
  key: string;
  title: string;
  description: string;
  kind: CollectionKind;
  sector: string | null;
  orgId: string | null;
  clearance: Clearance;
  /** Present only for those who manage the collection. */
  memberOrgIds?: string[];
  canRead: boolean;
  canWrite: boolean;
  canManage: boolean;
  /** Objects the caller may see in it; null right after an edit (not recounted). */
  objectCount: number | null;
};

export type ObjectListItem = {
  id: string;
  type: string;
  name: string | null;
  relationshipType?: string;
  /** A relationship's ends, by name, where the viewer may see them and they have one. */
  sourceName?: string | null;
  targetName?: string | null;
  modified: string | null;
  tlp: Tlp;
  clearance: Clearance;
};

export type StixObject = Record<string, unknown> & { id: string; type: string; name?: string; modified?: string; created?: string };

export type Relationship = {
  id: string;
  relationshipType: string | null;
  sourceRef: string;
  targetRef: string;
  other: { id: string; type: string; name: string | null; visible: boolean };
};

export type ObjectPageData = {
  object: StixObject;
  /** Version keys, oldest first ('' for an unversioned SCO). */
  versions: string[];
  tlp: Tlp;
  clearance: Clearance;
  collections: Array<{ id: string; key: string; title: string; kind: CollectionKind }>;
  relationships: Relationship[];
  /** The objects its `*_ref(s)` name that the viewer may see; any other referenced id is not here. */
  references: NamedReference[];
  observables: Array<{ kind: string; value: string }>;
};

export type NamedReference = { id: string; type: string; name: string | null; relationshipType: string | null };

export type StixIssue = { path: string; message: string };

export type IngestResult = {
  accepted: number;
  added: number;
  rejected: Array<{ index: number; id: string | null; errors: StixIssue[] }>;
  /** Each accepted object; tlp and clearance (the marking in force here) only when it was added. */
  objects: Array<{ index: number; id: string; added: boolean; tlp: string | null; clearance: string | null }>;
  correlations: WhereSeenRecord[];
};
