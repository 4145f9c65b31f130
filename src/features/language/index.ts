/** The plain-language coach and the organisation's list of words to avoid, with what to say instead. */
export { createLanguageService, type LanguageService, type TermChange } from './language.service.js'
export { languageRoutes } from './language.routes.js'
export { coach, TEXT_KINDS, type CoachResult, type TextKind } from './coach.js'
export { DEFAULT_TERMS, formsOf, type LanguageTerm } from './default-terms.js'
/** The list in use (the organisation's, or the recommended one), for a document built inside another feature's unit of work. */
export { termsInUse } from './language.repository.js'
/** Acronyms and what they stand for, written out in every copy a family reads. */
export { ACRONYMS, isAcronym, type Acronym } from './acronyms.js'
export { acronymsFor, acronymsInUse, type SpelledOutAcronym } from './family-acronyms.js'
