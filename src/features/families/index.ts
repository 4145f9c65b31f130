/** Families: the list, the record, and the level of help, with the words each level uses. */
export { LEVEL_VOCABULARY } from './levels.js'
export { parseDate } from './families.schema.js'
export { levelTag } from './families.presenter.js'
