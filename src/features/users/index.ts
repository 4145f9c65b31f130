/** Administrators' user management: adding, changing, disabling and resetting staff accounts. */
export { createUsersService, type UsersService } from './users.service.js'
export { usersRoutes } from './users.routes.js'
export { userPaths } from './users.paths.js'
