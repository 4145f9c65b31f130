/** Sealing families, breaking the glass with a reason, alerts, and who has seen a record. */
export { createProtectionService, type ProtectionService, type AccessLogFilter } from './protection.service.js'
export { protectionRoutes } from './protection.routes.js'
export { insertAlerts, activeAdministrators } from './protection.repository.js'
