export { authorize, can, abilities } from './authorize.js';
export { visibleTo } from './sql.js';
export { canReadMarked, tlpAllows, hasClearance, isMemberOf, hasRole, orgKindIs, inSectorScope, sectorScope } from './checks.js';
export type { Resource, Action } from './rules.js';
export * from './types.js';
