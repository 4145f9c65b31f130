/** Words and pictures: each child's booklet, its versions, the parents' comments, and what the child added. */
export { createBookletsService, agreedVersions, type BookletsService } from './booklets.service.js'
export { bookletsRoutes } from './booklets.routes.js'
export { bookletPaths } from './booklets.paths.js'
/** A booklet's words, for the check before it goes to the parents. */
export { bookletText, type BookletText } from './booklet-text.js'
