/** The map: the family's danger statements, goals, strengths and next steps, every version kept. */
export { createMapService, diffEntries, PARTNER_CATEGORIES, type MapService, type MapChange, type ChangeResult, type EntryFields, type Voice } from './map.service.js'
export { mapRoutes } from './map.routes.js'
export { mapPaths } from './map.presenter.js'
export { findFamilyMap, entriesAt, type EntryState } from './map.repository.js'
export { CATEGORY_HINTS, COLUMNS, categoryNames, describeContributor, describeVoice } from './map.vocabulary.js'
export { buildFamilyVersion, familyVersionPdf, writeOutAcronyms, type FamilyVersion } from './family-version.js'
