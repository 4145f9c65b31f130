/** A signed-in person's own account page and authenticator app. */
export { createAccountService, type AccountService } from './account.service.js'
export { accountRoutes } from './account.routes.js'
