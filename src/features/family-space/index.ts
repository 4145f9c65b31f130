/** A family or network member's own space: their family's map, plan, words and pictures and meetings, and what they add. */
export { createFamilySpaceService, type FamilySpaceService } from './family-space.service.js'
export { familySpaceRoutes } from './family-space.routes.js'
export { familySpacePaths } from './family-space.paths.js'
