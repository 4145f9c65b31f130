/** The home page: alerts, and what is coming up for a member of staff. */
export { createHomeService, type HomeService } from './home.service.js'
export { homeRoutes } from './home.routes.js'
