/** The plain-language coach and the organisation's list of words to avoid, with what to say instead. */
export { createLanguageService, type LanguageService, type TermChange } from './language.service.js'
export { languageRoutes } from './language.routes.js'
export { coach, TEXT_KINDS, type CoachResult, type TextKind } from './coach.js'
export { DEFAULT_TERMS, formsOf, type LanguageTerm } from './default-terms.js'
/** Acronyms with their plain words, and the function that writes them out in a family's copy. */
export { ACRONYMS, isAcronym, spellOutAcronyms, type Acronym } from './acronyms.js'
/** The list in use (the organisation's, or the recommended one), for a document built inside another feature's unit of work. */
export { termsInUse } from './language.repository.js'
