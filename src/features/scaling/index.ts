/** Scaling: rounds of 0 to 10 scores on the map, blind until revealed, charted over time. */
export { createScalingService, type ScalingService, type ScoreInput } from './scaling.service.js'
export { scalingRoutes, PERSPECTIVE_NAMES, SCALING_MESSAGES } from './scaling.routes.js'
/** The scaling tables, for another feature that records a score inside its own unit of work. */
export * as scalingRecords from './scaling.repository.js'
