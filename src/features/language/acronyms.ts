import type { LanguageTerm } from './default-terms.js'
import type { Transaction } from '../../platform/db/database.js'
import { termsInUse } from './language.repository.js'

/**
 * Acronyms written out in full wherever a family reads a worker's text. Each keeps the letters in
 * brackets after the words, because the same letters reach the family on letters and invitations.
 */
export interface Acronym { acronym: string; spelledOut: string }

export const ACRONYMS: readonly Acronym[] = [
  { acronym: 'ICPC', spelledOut: 'initial child protection conference' },
  { acronym: 'RCPC', spelledOut: 'review child protection conference' },
  { acronym: 'CIN', spelledOut: 'child in need' },
  { acronym: 'CP', spelledOut: 'child protection' },
  { acronym: 'LAC', spelledOut: 'looked-after child' },
  { acronym: 'CLA', spelledOut: 'child looked after' },
  { acronym: 's47', spelledOut: 'section 47 enquiry' },
  { acronym: 'MASH', spelledOut: 'multi-agency safeguarding hub' },
  { acronym: 'TAF', spelledOut: 'team around the family' },
  { acronym: 'IRO', spelledOut: 'independent reviewing officer' },
  { acronym: 'EHA', spelledOut: 'early help assessment' },
  { acronym: 'LADO', spelledOut: 'local authority designated officer' },
  { acronym: 'PLO', spelledOut: 'public law outline' },
  { acronym: 'CAMHS', spelledOut: 'child and adolescent mental health services' },
]

const LOOKS_LIKE_AN_ACRONYM = /^(?:[A-Z0-9]{2,}|s\d+)$/

/**
 * The acronyms to write out for this organisation: the table above, and any acronym the
 * organisation has added to its own plain-language list, written out as its suggestion.
 */
export function acronymsFor(terms: readonly LanguageTerm[]): Acronym[] {
  const known = new Set(ACRONYMS.map((entry) => entry.acronym))
  const added = terms.filter((term) => LOOKS_LIKE_AN_ACRONYM.test(term.term) && !known.has(term.term))
    .map((term) => ({ acronym: term.term, spelledOut: term.suggestion }))
  return [...ACRONYMS, ...added]
}

/** The acronyms to write out, for a family's copy built inside another feature's unit of work. */
export async function acronymsInUse(tx: Transaction): Promise<Acronym[]> {
  return acronymsFor(await termsInUse(tx))
}
