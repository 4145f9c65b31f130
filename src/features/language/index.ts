/** Plain language: the organisation's list of words to write out, and advice on what is typed. */
export { type LanguageService } from './language.service.js'
export { DEFAULT_TERMS, type LanguageTerm } from './default-terms.js'
