import { and, eq, isNull, sql, type SQL } from 'drizzle-orm'
import type { Transaction } from '../platform/db/database.js'
import { contactDetails } from '../db/schema/index.js'

/**
 * Contact details hidden from someone (a parent's safe address kept from the other parent, say) must
 * not reach them through text a worker typed: "we met at Heron Court in Tarnbeck" on the map, a
 * meeting's place, a words and pictures page, the plan. This module turns the family's hidden values
 * into a matcher that finds every part of them in free text, so that every text built for a person
 * they are hidden from has them blanked as "[hidden]", and so that a worker can be warned as they type.
 *
 * Which parts of a value are matched, and why (case-insensitive, and always as whole words, so that
 * "Court" in "Family Court" or "4" in "4 weeks" is never touched):
 *
 * - The whole value, however its lines, commas and spaces were typed, so an address is one "[hidden]".
 * - A postcode in any spacing or case ("FS3 7QT", "fs37qt"), and its outward code alone ("FS3"): both
 *   hold a digit, so no ordinary word looks like them.
 * - A phone number with any spaces, dashes, dots or brackets between the digits, and "+44", "+44 (0)" or
 *   "0044" in place of the leading 0; never inside a longer run of digits.
 * - An email address, whole.
 * - Each line (or comma part) of an address: "4 Heron Court", "Flat 2", a house name ("Rose Cottage"),
 *   the town ("Tarnbeck"). A house number is matched only with its street ("4 Heron Court",
 *   "4, Heron Ct."), never alone, or every number in every text would go.
 * - The street name without its number ("Heron Court"), with the street word in full or abbreviated
 *   ("Heron Ct", "Heron Ct."). Its first word alone ("Heron") is not matched: it may be an ordinary word.
 * - A single-word line (a town or village, a one-word house or street name) is matched on its own as a
 *   whole word: a town names where someone lives as surely as a street does. So "Tarnbeck Primary School"
 *   becomes "[hidden] Primary School" for someone the Tarnbeck address is hidden from: that is on purpose,
 *   a school can give away where a child now lives. Words that say nothing about where ("England", "UK",
 *   the street words themselves) and words of fewer than three letters are never matched alone.
 */

export const HIDDEN_TEXT = '[hidden]'

/** A value hidden from someone, and whom it is hidden from (names, for the worker's warning). */
export interface HiddenValue {
  value: string
  hiddenFrom: readonly string[]
}

/** A part of a hidden value found in a text: as it was typed there, and whom it is hidden from. */
export interface HiddenPartFound {
  text: string
  hiddenFrom: string[]
}

export interface HiddenValueMatcher {
  /** True when nothing is hidden: every text is left as it is. */
  readonly empty: boolean
  /** The text with every part of a hidden value replaced by "[hidden]". */
  blank(text: string): string
  /** Every string in a page's model or a document, however deep, blanked; everything else kept as it is. */
  blankDeep<T>(value: T): T
  /** The parts of hidden values in a text, for warning the person typing it. */
  find(text: string): HiddenPartFound[]
}

const STREET_WORDS: Record<string, string[]> = {
  avenue: ['ave', 'av'], close: ['cl'], court: ['ct'], crescent: ['cres', 'cresc'], drive: ['dr'], gardens: ['gdns'], grove: ['gr', 'gro'],
  lane: ['ln'], place: ['pl'], road: ['rd'], square: ['sq'], street: ['st'], terrace: ['terr', 'ter'], way: [], view: [], walk: [], row: [],
  mews: [], rise: [], hill: [], park: ['pk'], green: ['grn'], yard: ['yd'],
}
const NOT_A_PLACE = new Set(['england', 'scotland', 'wales', 'uk', 'gb', 'united kingdom', 'great britain', 'flat', 'house', 'apartment', 'the', 'and', ...Object.keys(STREET_WORDS)])
const POSTCODE = /(?<![\p{L}\p{N}])([a-z]{1,2}\d[a-z\d]?)\s*(\d[a-z]{2})(?![\p{L}\p{N}])/giu
const EMAIL = /[^\s@,;<>()]+@[^\s@,;<>()]+\.[^\s@,;<>()]+/gu

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

const WORD_START = '(?<![\\p{L}\\p{N}])'
const WORD_END = '(?![\\p{L}\\p{N}])'
/** Between the words of a part: any spaces, line breaks and commas ("4 Heron Court" = "4, heron  court"). */
const BETWEEN = '[\\s,]+'

/** One word of an address as a pattern: a street word may be written in full or abbreviated, with or without a dot. */
function wordPattern(word: string): string {
  const forms = STREET_WORDS[word.toLowerCase()]
  if (forms === undefined || forms.length === 0) return escapeRegExp(word)
  return `(?:${escapeRegExp(word)}|(?:${forms.map(escapeRegExp).join('|')})\\.?)`
}

function phrasePattern(words: readonly string[]): string {
  return words.map(wordPattern).join(BETWEEN)
}

/** A phone number's digits with anything a person types between them, and the UK's +44 for a leading 0. */
function phonePattern(value: string): string | undefined {
  let digits = value.replace(/\D/g, '')
  if (/^\s*\+/.test(value) && digits.startsWith('44')) digits = `0${digits.slice(2)}`
  else if (digits.startsWith('0044')) digits = `0${digits.slice(4)}`
  if (digits.length < 7) return undefined
  const gap = '[\\s\\-.()]*'
  const rest = digits.slice(digits.startsWith('0') ? 1 : 0).split('').join(gap)
  const start = digits.startsWith('0') ? `(?:\\+${gap}44${gap}(?:\\(${gap}0${gap}\\)${gap})?|0044${gap}|\\(${gap}0|0)${gap}` : ''
  return `(?<![\\d+])${start}${rest}(?!\\d)`
}

/** A word that, alone, names a place: not a street word, a country or a word of under three letters. */
function isPlaceWord(word: string): boolean {
  return word.length >= 3 && /\p{L}/u.test(word) && !NOT_A_PLACE.has(word.toLowerCase())
}

function isPhone(value: string): boolean {
  return /^[\d\s+()\-.]+$/.test(value.trim()) && value.replace(/\D/g, '').length >= 7
}

/** The patterns for every part of one value, as described at the top of this file. */
export function partsOf(value: string): string[] {
  const trimmed = value.trim()
  if (trimmed === '') return []
  if (isPhone(trimmed)) {
    const phone = phonePattern(trimmed)
    return phone === undefined ? [] : [phone]
  }
  const patterns: string[] = []
  const words = (text: string): string[] => text.split(/[\s,]+/).filter((word) => word !== '')
  const whole = words(trimmed)
  if (whole.length > 1) patterns.push(`${WORD_START}${phrasePattern(whole)}${WORD_END}`)
  let rest = trimmed
  for (const email of trimmed.match(EMAIL) ?? []) {
    patterns.push(`${WORD_START}${escapeRegExp(email)}${WORD_END}`)
    rest = rest.replace(email, '\n')
  }
  for (const match of trimmed.matchAll(POSTCODE)) {
    const [, outward = '', inward = ''] = match
    patterns.push(`${WORD_START}${escapeRegExp(outward)}\\s*${escapeRegExp(inward)}${WORD_END}`, `${WORD_START}${escapeRegExp(outward)}${WORD_END}`)
    rest = rest.replace(match[0], '\n')
  }
  for (const line of rest.split(/[\n,;]/)) {
    const lineWords = words(line)
    if (lineWords.length === 0) continue
    const numbered = lineWords.some((word) => /\d/.test(word))
    if (lineWords.length > 1) patterns.push(`${WORD_START}${phrasePattern(lineWords)}${WORD_END}`)
    const named = lineWords.filter((word) => !/\d/.test(word))
    if (numbered && named.length > 1) {
      // The street without its number: "4 Heron Court" gives "Heron Court".
      patterns.push(`${WORD_START}${phrasePattern(named)}${WORD_END}`)
    } else if (named.length === 1 && (numbered || lineWords.length === 1) && isPlaceWord(named[0] ?? '')) {
      // A town or village, or a one-word street or house name ("12 Broadway"): matched alone.
      patterns.push(`${WORD_START}${escapeRegExp(named[0] ?? '')}${WORD_END}`)
    }
  }
  return patterns
}

/** Builds the matcher for the values hidden from one reader (or, for a family's copies, from any family member). */
export function hiddenValueMatcher(values: readonly (string | HiddenValue)[]): HiddenValueMatcher {
  const parts: { source: string; hiddenFrom: readonly string[] }[] = []
  for (const item of values) {
    const value = typeof item === 'string' ? { value: item, hiddenFrom: [] } : item
    for (const source of partsOf(value.value)) parts.push({ source, hiddenFrom: value.hiddenFrom })
  }
  // Longest first, so that a whole address is blanked as one rather than line by line.
  const sources = [...new Set(parts.map((part) => part.source))].sort((a, b) => b.length - a.length)
  const pattern = sources.length === 0 ? undefined : new RegExp(sources.map((source) => `(?:${source})`).join('|'), 'giu')
  const singles = parts.map((part) => ({ ...part, test: new RegExp(`^(?:${part.source})$`, 'iu') }))

  function blank(text: string): string {
    if (pattern === undefined || text === '') return text
    // Parts next to each other ("[hidden], [hidden]") read as one.
    return text.replace(pattern, HIDDEN_TEXT).replace(/\[hidden\](?:[ \t,]+\[hidden\])+/g, HIDDEN_TEXT)
  }

  function blankDeep<T>(value: T): T {
    if (pattern === undefined) return value
    const walk = (item: unknown): unknown => {
      if (typeof item === 'string') return blank(item)
      if (Array.isArray(item)) return item.map(walk)
      if (item instanceof Map) return new Map([...item.entries()].map(([key, inner]) => [key, walk(inner)]))
      if (item !== null && typeof item === 'object' && Object.getPrototypeOf(item) === Object.prototype) {
        return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, walk(inner)]))
      }
      return item
    }
    return walk(value) as T
  }

  function find(text: string): HiddenPartFound[] {
    if (pattern === undefined) return []
    const found = new Map<string, { text: string; names: Set<string> }>()
    for (const match of text.matchAll(pattern)) {
      const typed = match[0].replace(/\s+/g, ' ').trim()
      const seen = found.get(typed.toLowerCase()) ?? { text: typed, names: new Set<string>() }
      for (const part of singles) if (part.test.test(match[0])) for (const name of part.hiddenFrom) seen.names.add(name)
      found.set(typed.toLowerCase(), seen)
    }
    return [...found.values()].map((seen) => ({ text: seen.text, hiddenFrom: [...seen.names].sort() }))
  }

  return { empty: pattern === undefined, blank, blankDeep, find }
}

/**
 * The family's contact details hidden from this reader: by their person in the family, or by their
 * user account. Read only so that what is built for them can leave them out; never shown.
 */
export async function valuesHiddenFrom(tx: Transaction, familyId: string, reader: { userId: string; personId?: string | null }): Promise<HiddenValue[]> {
  const person = reader.personId ?? null
  const rows = await tx.select({ value: contactDetails.value }).from(contactDetails)
    .where(and(eq(contactDetails.familyId, familyId), isNull(contactDetails.removedAt),
      sql`((${person}::uuid is not null and ${person}::uuid = any(${contactDetails.hiddenFromPersonIds})) or ${reader.userId}::uuid = any(${contactDetails.hiddenFromUserIds}))`))
  return rows.map((row) => ({ value: row.value, hiddenFrom: [] }))
}

/**
 * The family's contact details hidden from any member of the family or its network (a person in the
 * family, or a family member's account), with whom each is hidden from: for the family's printed,
 * downloaded and exported copies, which can be passed to anyone in the family, and for warning staff.
 */
export async function valuesHiddenFromFamily(tx: Transaction, familyId: string): Promise<HiddenValue[]> {
  const result = await tx.execute<{ value: string; hidden_from: string[] | null }>(hiddenValuesQuery(familyId))
  return result.rows.map((row) => ({ value: row.value, hiddenFrom: row.hidden_from ?? [] }))
}

/**
 * The same read as one SQL query giving rows of (value, hidden_from), for a page that gathers all its
 * reads into one statement (the map page): the rule stays here, written once.
 */
export function hiddenValuesQuery(familyId: string | SQL): SQL {
  return sql`
    select detail.value,
           array(select concat_ws(' ', person.given_name, person.family_name) from people person where person.id = any(detail.hidden_from_person_ids) order by person.given_name)
           || array(select member.display_name from users member join family_access access on access.user_id = member.id and access.family_id = detail.family_id
                     where member.id = any(detail.hidden_from_user_ids) and access.person_id <> all(detail.hidden_from_person_ids) order by member.display_name) as hidden_from
      from contact_details detail
     where detail.family_id = ${familyId} and detail.removed_at is null
       and (cardinality(detail.hidden_from_person_ids) > 0
            or exists (select 1 from family_access access where access.family_id = detail.family_id and access.user_id = any(detail.hidden_from_user_ids)))`
}

/**
 * The warning a worker sees when text they saved for the family holds parts of a hidden value:
 * "This includes “Heron Court” and “Tarnbeck”, which are hidden from Dean Ashworth; the family's
 * copies will show [hidden]". Undefined when the text holds none.
 */
export function hiddenPartsWarning(found: readonly HiddenPartFound[]): string | undefined {
  if (found.length === 0) return undefined
  const quoted = found.map((part) => `“${part.text}”`)
  const parts = quoted.length === 1 ? quoted[0] ?? '' : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1] ?? ''}`
  const names = [...new Set(found.flatMap((part) => part.hiddenFrom))].sort()
  const whom = names.length === 0 ? 'someone in the family' : names.length === 1 ? names[0] ?? '' : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`
  return `This includes ${parts}, which ${found.length === 1 ? 'is' : 'are'} hidden from ${whom}; the family's copies will show ${HIDDEN_TEXT}`
}
