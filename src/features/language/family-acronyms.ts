import type { LanguageTerm } from './default-terms.js'
import type { Transaction } from '../../platform/db/database.js'
import { termsInUse } from './language.repository.js'
import { ACRONYMS, isAcronym } from './acronyms.js'

/** An acronym as a family's copy writes it out: the letters and the words they stand for. */
export interface SpelledOutAcronym { acronym: string; spelledOut: string }

/** A way of writing an acronym that is only its plural ("ICPCs", "ACE" for "ACEs"): written out as the acronym it belongs to would be wrong in number. */
function isPluralForm(form: string, acronym: string): boolean {
  return form === `${acronym}s` || acronym === `${form}s`
}

/**
 * The acronyms to write out for this organisation, in every copy a family reads: the table above
 * (with the other ways of writing each, such as "S47"), and any acronym the organisation has added to
 * its own plain-language list, written out as its suggestion. One everyone knows (GP) is written out
 * in the family's words ("family doctor"), the letters kept beside them.
 */
export function acronymsFor(terms: readonly LanguageTerm[]): SpelledOutAcronym[] {
  const table = ACRONYMS.flatMap((entry) => {
    const spelledOut = entry.familiar === true ? entry.plain.replace(/\s*\([^)]*\)$/, '') : entry.spelledOut
    return [entry.acronym, ...(entry.forms ?? []).filter((form) => !isPluralForm(form, entry.acronym))].map((acronym) => ({ acronym, spelledOut }))
  })
  const known = new Set(table.map((entry) => entry.acronym))
  const added = terms.filter((term) => isAcronym(term.term) && !known.has(term.term)).map((term) => ({ acronym: term.term, spelledOut: term.suggestion }))
  return [...table, ...added]
}

/** The acronyms to write out, for a family's copy built inside another feature's unit of work. */
export async function acronymsInUse(tx: Transaction): Promise<SpelledOutAcronym[]> {
  return acronymsFor(await termsInUse(tx))
}
