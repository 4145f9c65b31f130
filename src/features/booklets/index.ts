/** Words and pictures booklets: what each child is told, written with the parents. */
export { agreedVersions } from './booklets.service.js'
