export { entriesAt, findFamilyMap } from './map.repository.js'
