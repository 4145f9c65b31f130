/** Whether a family is ready to step down or close, worked out from the record. */
export { createReadinessService, type ReadinessService, type MapReader } from './readiness.service.js'
export { readinessRoutes } from './readiness.routes.js'
