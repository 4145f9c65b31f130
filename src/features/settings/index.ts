/** An organisation's settings: who must use a second factor, readiness threshold and the like. */
export { createSettingsService, type SettingsService, OPTIONAL_SECOND_FACTOR_ROLES } from './settings.service.js'
export { settingsRoutes } from './settings.routes.js'
export { outOfHours } from './settings.repository.js'
