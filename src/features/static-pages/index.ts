/** Pages anyone may read: cookies, accessibility and the like. */
export { staticPageRoutes } from './static-pages.routes.js'
