/** The family's map: what is working well, the worries, and what needs to happen. */
export { type MapService } from './map.service.js'
export { entriesAt, findFamilyMap } from './map.repository.js'
export { buildFamilyVersion, familyVersionPdf, type FamilyVersion } from './family-version.js'
export { categoryNames, describeContributor } from './map.vocabulary.js'
