import { LEVELS_OF_HELP, PERSON_KINDS, CONTACT_KINDS, type LevelOfHelp, type PersonKind, type ContactKind } from '../../db/schema/families.js'
import { DISABILITY_CODES, ETHNICITY_CODES, SEX_CODES, isCode } from './census-codes.js'
import { isValidNhsNumber, normaliseNhsNumber } from './nhs-number.js'
import { parseDate } from './families.schema.js'
import { isAfterToday } from '../../platform/time.js'

export const RECORD_MESSAGES = {
  kindMissing: 'Select who this person is',
  givenMissing: 'Enter their first name',
  familyMissing: 'Enter their last name',
  dobInvalid: 'Enter a real date of birth, like 27/3/2019',
  dobFuture: 'Date of birth must be today or in the past',
  expectedMissing: 'Enter the date the baby is due, like 20/1/2027',
  nhsInvalid: 'Enter a real NHS number: 10 digits, like 999 123 4560. Check the last digit',
  sexInvalid: 'Select their sex from the list',
  ethnicityInvalid: 'Select their ethnicity from the list',
  disabilityInvalid: 'Select disabilities from the list',
  contactKindMissing: 'Select what kind of contact detail this is',
  contactValueMissing: 'Enter the address, phone number or email address',
  hiddenFromUnknown: 'Select people from this family only',
  hiddenReasonMissing: 'Say why it is hidden, so colleagues keep it hidden too',
  eventDateInvalid: 'Enter the date it happened, like 27/3/2026',
  eventTitleMissing: 'Enter what happened, in a few words',
  familyNameMissing: 'Enter how the family is known, for example "The Ashworth family"',
  levelMissing: 'Select the level of help',
  reasonMissing: 'Enter why the family needs help, in words they would understand',
  childKindMissing: 'Select whether the child is born or not yet born',
} as const

type Body = Record<string, unknown>

function text(body: unknown, name: string, max = 500): string {
  const value = (body as Body | undefined)?.[name]
  return typeof value === 'string' ? value.trim().slice(0, max) : ''
}

function list(body: unknown, name: string): string[] {
  const value = (body as Body | undefined)?.[name]
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((item): item is string => typeof item === 'string')
}


export interface PersonFields {
  kind: PersonKind; givenName: string; familyName: string; knownAs: string | null; dateOfBirth: string | null; expectedDate: string | null
  nhsNumber: string | null; sex: string | null; ethnicity: string | null; disabilities: string[]
}

export function parsePerson(body: unknown): { values: Record<string, string | string[]>; errors: Record<string, string>; fields?: PersonFields } {
  const values = {
    kind: text(body, 'kind', 30), givenName: text(body, 'givenName', 100), familyName: text(body, 'familyName', 100), knownAs: text(body, 'knownAs', 100),
    dateOfBirth: text(body, 'dateOfBirth', 30), expectedDate: text(body, 'expectedDate', 30), nhsNumber: text(body, 'nhsNumber', 20),
    sex: text(body, 'sex', 5), ethnicity: text(body, 'ethnicity', 10), disabilities: list(body, 'disabilities'),
  }
  const errors: Record<string, string> = {}
  const kind = (PERSON_KINDS as readonly string[]).includes(values.kind) ? values.kind as PersonKind : undefined
  if (kind === undefined) errors.kind = RECORD_MESSAGES.kindMissing
  if (values.givenName === '' && kind !== 'unborn-child') errors.givenName = RECORD_MESSAGES.givenMissing
  if (values.familyName === '') errors.familyName = RECORD_MESSAGES.familyMissing
  let dateOfBirth: string | null = null
  let expectedDate: string | null = null
  if (kind === 'unborn-child') {
    expectedDate = parseDate(values.expectedDate) ?? null
    if (expectedDate === null) errors.expectedDate = RECORD_MESSAGES.expectedMissing
  } else if (values.dateOfBirth !== '') {
    dateOfBirth = parseDate(values.dateOfBirth) ?? null
    if (dateOfBirth === null) errors.dateOfBirth = RECORD_MESSAGES.dobInvalid
    else if (isAfterToday(dateOfBirth)) errors.dateOfBirth = RECORD_MESSAGES.dobFuture
  }
  if (values.nhsNumber !== '' && !isValidNhsNumber(values.nhsNumber)) errors.nhsNumber = RECORD_MESSAGES.nhsInvalid
  if (values.sex !== '' && !isCode(SEX_CODES, values.sex)) errors.sex = RECORD_MESSAGES.sexInvalid
  if (values.ethnicity !== '' && !isCode(ETHNICITY_CODES, values.ethnicity)) errors.ethnicity = RECORD_MESSAGES.ethnicityInvalid
  if (values.disabilities.some((code) => !isCode(DISABILITY_CODES, code))) errors.disabilities = RECORD_MESSAGES.disabilityInvalid
  if (Object.keys(errors).length > 0 || kind === undefined) return { values, errors }
  return {
    values, errors,
    fields: {
      kind, givenName: values.givenName === '' ? 'Baby' : values.givenName, familyName: values.familyName, knownAs: values.knownAs === '' ? null : values.knownAs,
      dateOfBirth, expectedDate, nhsNumber: values.nhsNumber === '' ? null : normaliseNhsNumber(values.nhsNumber),
      sex: values.sex === '' ? null : values.sex, ethnicity: values.ethnicity === '' ? null : values.ethnicity, disabilities: values.disabilities,
    },
  }
}

export function parseContact(body: unknown, familyPeople: string[]) {
  const values = { kind: text(body, 'kind', 20), value: text(body, 'value', 1000), hiddenFrom: list(body, 'hiddenFrom'), hiddenReason: text(body, 'hiddenReason', 500) }
  const errors: Record<string, string> = {}
  if (!(CONTACT_KINDS as readonly string[]).includes(values.kind)) errors.kind = RECORD_MESSAGES.contactKindMissing
  if (values.value === '') errors.value = RECORD_MESSAGES.contactValueMissing
  if (values.hiddenFrom.some((id) => !familyPeople.includes(id))) errors.hiddenFrom = RECORD_MESSAGES.hiddenFromUnknown
  else if (values.hiddenFrom.length > 0 && values.hiddenReason === '') errors.hiddenReason = RECORD_MESSAGES.hiddenReasonMissing
  return { values, errors, fields: Object.keys(errors).length > 0 ? undefined : { kind: values.kind as ContactKind, value: values.value, hiddenFrom: values.hiddenFrom, hiddenReason: values.hiddenReason === '' ? null : values.hiddenReason } }
}

export function parseEvent(body: unknown) {
  const values = { occurredOn: text(body, 'occurredOn', 30), title: text(body, 'title', 200), description: text(body, 'description', 4000) }
  const errors: Record<string, string> = {}
  const occurredOn = parseDate(values.occurredOn)
  if (occurredOn === undefined || isAfterToday(occurredOn)) errors.occurredOn = RECORD_MESSAGES.eventDateInvalid
  if (values.title === '') errors.title = RECORD_MESSAGES.eventTitleMissing
  return { values, errors, fields: Object.keys(errors).length > 0 || occurredOn === undefined ? undefined : { occurredOn, title: values.title, description: values.description === '' ? null : values.description } }
}

export function parseNewFamily(body: unknown) {
  const person = parsePerson({ ...(body as Body), kind: text(body, 'childKind', 30) || 'child' })
  const values = { ...person.values, familyLabel: text(body, 'familyLabel', 150), level: text(body, 'level', 30), reason: text(body, 'reason', 2000), childKind: text(body, 'childKind', 30) || 'child' }
  const errors = { ...person.errors }
  delete errors.kind
  if (values.childKind !== 'child' && values.childKind !== 'unborn-child') errors.childKind = RECORD_MESSAGES.childKindMissing
  if (values.familyLabel === '') errors.familyLabel = RECORD_MESSAGES.familyNameMissing
  if (!(LEVELS_OF_HELP as readonly string[]).includes(values.level)) errors.level = RECORD_MESSAGES.levelMissing
  if (values.reason === '') errors.reason = RECORD_MESSAGES.reasonMissing
  return { values, errors, fields: Object.keys(errors).length > 0 || person.fields === undefined ? undefined : { familyLabel: values.familyLabel, level: values.level as LevelOfHelp, reason: values.reason, child: person.fields } }
}

/** The words of relationships the record knows, each with the words for the other way round. Anything else reads as "related to". */
export const RELATIONSHIP_INVERSES: Record<string, string> = {
  'mother': 'child', 'father': 'child', 'parent': 'child', 'step-mother': 'step-child', 'step-father': 'step-child', 'step-parent': 'step-child',
  'child': 'parent', 'son': 'parent', 'daughter': 'parent', 'step-child': 'step-parent',
  'grandmother': 'grandchild', 'grandfather': 'grandchild', 'grandparent': 'grandchild', 'grandchild': 'grandparent', 'grandson': 'grandparent', 'granddaughter': 'grandparent',
  'brother': 'sibling', 'sister': 'sibling', 'sibling': 'sibling',
  'half-brother': 'half-sibling', 'half-sister': 'half-sibling', 'half-sibling': 'half-sibling',
  'step-brother': 'step-sibling', 'step-sister': 'step-sibling', 'step-sibling': 'step-sibling',
  'aunt': 'niece or nephew', 'uncle': 'niece or nephew', 'niece': 'aunt or uncle', 'nephew': 'aunt or uncle', 'cousin': 'cousin',
  'partner': 'partner', 'ex-partner': 'ex-partner', 'husband': 'partner', 'wife': 'partner',
  'foster carer': 'foster child', 'foster child': 'foster carer', 'special guardian': 'child in the care', 'friend': 'friend',
}

/** A relationship as stored: "mother", from typed words such as "Mother of". */
export function relationshipWords(typed: string): string {
  return typed.trim().toLowerCase().replace(/\s+/g, ' ').replace(/ of$/, '')
}

/** How one end of a stored relationship ("person is <words> of related person") reads from either person's side. */
export function relationshipFromSideOf(relation: { personId: string; relatedPersonId: string; relationship: string }, personId: string): { words: string; otherId: string } {
  if (relation.personId === personId) return { words: relation.relationship, otherId: relation.relatedPersonId }
  return { words: RELATIONSHIP_INVERSES[relationshipWords(relation.relationship)] ?? 'related to', otherId: relation.personId }
}

/** "mother of Mia Ashworth", or "related to Mia Ashworth" for words the record does not know the inverse of. */
export function describeRelationship(words: string, otherName: string): string {
  return words === 'related to' ? `related to ${otherName}` : `${words} of ${otherName}`
}

/** One row of the "is … of [person]" rows on the person form; id is that of a relationship already recorded. */
export interface RelationshipRow { id: string; words: string; otherId: string; remove?: boolean }

export const RELATIONSHIP_MESSAGES = {
  wordsMissing: 'Say how they are related, for example "mother"',
  personMissing: 'Select who they are related to',
  self: 'A person cannot be related to themselves: select someone else',
  notInFamily: 'Select someone in this family',
  duplicate: 'They already have a relationship with this person: change that one instead',
} as const

export const EMPTY_RELATIONSHIP_ROWS = 2
const MOST_ROWS = 30
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The relationship rows as typed (kept for re-showing), the ones filled in, the recorded ones to remove
 * (ticked "Remove", or emptied), with errors for half-filled rows.
 */
export function parseRelationshipRows(body: unknown): { rows: RelationshipRow[]; filled: { index: number; row: RelationshipRow }[]; clearedIds: string[]; errors: Record<string, string> } {
  const removing = list(body, 'relRemove')
  const clearedIds: string[] = []
  const ids = list(body, 'relId').slice(0, MOST_ROWS)
  const words = list(body, 'relWords').slice(0, MOST_ROWS)
  const others = list(body, 'relWith').slice(0, MOST_ROWS)
  const count = Math.max(ids.length, words.length, others.length)
  const rows: RelationshipRow[] = []
  const filled: { index: number; row: RelationshipRow }[] = []
  const errors: Record<string, string> = {}
  for (let index = 0; index < count; index += 1) {
    const row = { id: UUID.test(ids[index] ?? '') ? ids[index] ?? '' : '', words: (words[index] ?? '').trim().slice(0, 60), otherId: (others[index] ?? '').trim().slice(0, 40) }
    const remove = row.id !== '' && removing.includes(row.id)
    rows.push(remove ? { ...row, remove } : row)
    if (remove || (row.words === '' && row.otherId === '')) { if (row.id !== '') clearedIds.push(row.id); continue }
    if (row.words === '') errors[`relWords-${String(index)}`] = RELATIONSHIP_MESSAGES.wordsMissing
    else if (row.otherId === '') errors[`relWith-${String(index)}`] = RELATIONSHIP_MESSAGES.personMissing
    else filled.push({ index, row })
  }
  return { rows, filled, clearedIds, errors }
}
