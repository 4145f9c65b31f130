export { createSignInService, secondFactorRequired, ROLES_ALWAYS_NEEDING_SECOND_FACTOR, type SignInService } from './sign-in.service.js'
export { signInRoutes } from './sign-in.routes.js'
export { parseEnrolment } from './sign-in.schema.js'
