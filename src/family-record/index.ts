/**
 * Below every feature: what every piece of work on a family's record must do, done once.
 * Features import only from here (and from the platform), never another feature's internals.
 */
export { createFamilyRecord, type FamilyRecord, type FamilyPurpose, type FamilyUnit, type FamilyWork, type AuditNote } from './unit-of-work.js'
export { applyVersioned, type CurrentVersion, type VersionedChange, type VersionedOutcome } from './versioned.js'
export { ANYONE_WITH_A_FAMILY, CASEWORK_POLICY, MANAGER_POLICY, CASEWORKERS, FAMILY_MEMBERS, MANAGERS, PARTNERS, isCaseworker, type RoleSet } from './roles.js'
export { BREAK_GLASS_MINUTES, canSearchFamilies, familiesVisibleTo, familyMemberAccess } from './visibility.js'
export { familyChildren, findVisibleFamily, type VisibleFamily } from './family.repository.js'
export { ageInWords, ageOn, childDisplayName } from './children.js'
export { memberFamily } from './member-family.js'
export { HIDDEN_TEXT, hiddenPartsWarning, hiddenValueMatcher, hiddenValuesQuery, valuesHiddenFrom, valuesHiddenFromFamily, type HiddenPartFound, type HiddenValue, type HiddenValueMatcher } from './hidden-values.js'
export { goalDuration, weeksNeeded, type GoalDuration } from './goal-duration.js'
export { familyWords, type SpelledOut } from './family-words.js'
export { returnPathWithin, withReturnPath } from './return-path.js'
