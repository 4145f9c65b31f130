/** The family's map: what is working well, the worries, and what needs to happen. */
export { createMapService, diffEntries, PARTNER_CATEGORIES, type MapService, type MapChange, type ChangeResult, type EntryFields, type Voice } from './map.service.js'
export { mapRoutes } from './map.routes.js'
export { mapPaths } from './map.presenter.js'
export { entriesAt, findFamilyMap, type EntryState } from './map.repository.js'
export { buildFamilyVersion, familyVersionPdf, type FamilyVersion } from './family-version.js'
export { CATEGORY_HINTS, COACH_KIND, COLUMNS, categoryNames, describeContributor, describeVoice } from './map.vocabulary.js'
