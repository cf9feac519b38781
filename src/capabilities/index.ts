import type { CapabilityRoutes } from '../platform/http/app.js';
import { registerEventStream } from '../platform/events/sse.js';
import { accountsRoutes } from './accounts/routes.js';
import { advisoriesRoutes } from './advisories/routes.js';
import { alertsRoutes } from './alerts/routes.js';
import { assetsRoutes } from './assets/routes.js';
import { auditRoutes } from './audit/routes.js';
import { dashboardRoutes } from './dashboard/routes.js';
import { exercisesRoutes } from './exercises/routes.js';
import { incidentsRoutes } from './incidents/routes.js';
import { intelRoutes } from './intel/routes.js';
import { organizationsRoutes } from './organizations/routes.js';
import { supplyChainRoutes } from './supply-chain/routes.js';

/** Every capability's routes, in the order they are registered. */
export const CAPABILITIES: CapabilityRoutes[] = [registerEventStream, accountsRoutes, organizationsRoutes, auditRoutes, incidentsRoutes, assetsRoutes, advisoriesRoutes, intelRoutes, alertsRoutes, exercisesRoutes, supplyChainRoutes, dashboardRoutes];
