/** Families, their people and their level of help. */
export { contactDetailsFor, familyPeople, familyRelationships } from './families.repository.js'
export { parseDate } from './families.schema.js'
export { LEVEL_VOCABULARY } from './levels.js'
