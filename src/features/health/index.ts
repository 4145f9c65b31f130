/** Readiness (/health, with the database) and liveness (/ping) for load balancers. */
export { healthRoutes } from './health.routes.js'
