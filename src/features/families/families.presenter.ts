import type { LevelOfHelp, PersonKind } from '../../db/schema/families.js'
import { formatDate, formatDateTime } from '../../platform/views/setup.js'
import { escapeHtml } from '../../platform/views/presenters.js'
import { DISABILITY_CODES, ETHNICITY_CODES, SEX_CODES, describeCode } from './census-codes.js'
import { LEVEL_VOCABULARY } from './levels.js'
import { formatNhsNumber } from './nhs-number.js'
import { familyPaths } from './families.paths.js'
import { ageInWords } from '../../family-record/index.js'
import { describeRelationship, relationshipFromSideOf } from './record.schema.js'

const LEVEL_TAG_CLASSES: Record<LevelOfHelp, string> = {
  'early-help': 'govuk-tag--green', 'child-in-need': 'govuk-tag--blue', 'child-protection': 'govuk-tag--red', 'child-looked-after': 'govuk-tag--purple',
}

const KIND_NAMES: Record<PersonKind, string> = {
  'child': 'Child', 'unborn-child': 'Unborn baby', 'parent-carer': 'Parent or carer', 'other-adult': 'Other adult',
}

export function levelTag(level: LevelOfHelp | undefined) {
  if (level === undefined) return { text: 'Closed', classes: 'govuk-tag--grey' }
  return { text: LEVEL_VOCABULARY[level].name, classes: LEVEL_TAG_CLASSES[level] }
}

interface Member { familyId: string; kind: PersonKind; givenName: string; familyName: string; dateOfBirth: string | null; expectedDate: string | null }

function describeChild(member: Member): string {
  if (member.kind === 'unborn-child') return `${member.givenName === '' ? 'Unborn baby' : member.givenName} (due ${formatDate(member.expectedDate)})`
  return member.dateOfBirth === null ? member.givenName : `${member.givenName} ${member.familyName}, ${ageInWords(member.dateOfBirth)}`
}

export function presentFamilyList(result: {
  rows: { id: string; familyName: string; teamName: string | null; workerName: string | null }[]
  members: Member[]; openEpisodes: { familyId: string; level: LevelOfHelp }[]; total: number; page: number; pageCount: number
}) {
  return {
    total: result.total,
    families: result.rows.map((row) => {
      const members = result.members.filter((member) => member.familyId === row.id)
      const children = members.filter((member) => member.kind === 'child' || member.kind === 'unborn-child')
      const adults = members.filter((member) => member.kind === 'parent-carer' || member.kind === 'other-adult')
      return {
        href: familyPaths.show(row.id),
        familyName: row.familyName,
        children: children.map(describeChild).join('; '),
        adults: adults.map((adult) => `${adult.givenName} ${adult.familyName}`).join(', '),
        tag: levelTag(result.openEpisodes.find((episode) => episode.familyId === row.id)?.level),
        worker: row.workerName ?? 'Not allocated',
        team: row.teamName ?? '',
      }
    }),
  }
}

type Record_ = Awaited<ReturnType<import('./families.service.js').FamiliesService['view']>>

export function presentFamily(record: Record_) {
  const names = new Map(record.people.map((person) => [person.id, `${person.givenName} ${person.familyNameOfPerson}`]))
  const openEpisode = record.episodes.find((episode) => episode.closedOn === null)
  return {
    familyId: record.family.id,
    familyName: record.family.familyName,
    tag: levelTag(openEpisode?.level),
    vocabulary: openEpisode === undefined ? undefined : LEVEL_VOCABULARY[openEpisode.level],
    worker: record.family.workerName ?? 'Not allocated',
    team: record.family.teamName ?? 'No team',
    hasMap: record.episodes.length > 0,
    people: record.people.map((person) => {
      // Each relationship shows on both people's entries: "half-brother of Mia" on Alfie's, "half-sibling of Alfie" on Mia's.
      const relations = record.relationships.filter((relation) => relation.personId === person.id || relation.relatedPersonId === person.id)
        .map((relation) => relationshipFromSideOf(relation, person.id))
        .map((side) => describeRelationship(side.words, names.get(side.otherId) ?? 'someone not in this record'))
      const contacts = record.contacts.filter((contact) => contact.personId === person.id)
      const rows = [
        { key: { text: 'Who they are' }, value: { text: KIND_NAMES[person.kind] } },
        person.kind === 'unborn-child'
          ? { key: { text: 'Expected date' }, value: { text: formatDate(person.expectedDate) } }
          : { key: { text: 'Date of birth' }, value: { text: person.dateOfBirth === null ? 'Not known' : `${formatDate(person.dateOfBirth)} (${ageInWords(person.dateOfBirth)})` } },
        { key: { text: 'NHS number' }, value: { text: person.nhsNumber === null ? 'Not recorded' : formatNhsNumber(person.nhsNumber) } },
        { key: { text: 'Sex' }, value: { text: describeCode(SEX_CODES, person.sex) } },
        { key: { text: 'Ethnicity' }, value: { text: describeCode(ETHNICITY_CODES, person.ethnicity) } },
        { key: { text: 'Disability' }, value: { text: person.disabilities.length === 0 ? 'Not recorded' : person.disabilities.map((code) => describeCode(DISABILITY_CODES, code)).join(', ') } },
        ...(relations.length === 0 ? [] : [{ key: { text: 'Related to' }, value: { text: relations.join('; ') } }]),
        ...contacts.map((contact) => ({
          actions: { items: [
            { href: `/families/${record.family.id}/contact-details/${contact.id}/edit`, text: 'Change', visuallyHiddenText: `${contact.kind} for ${person.givenName}` },
            { href: `/families/${record.family.id}/contact-details/${contact.id}/remove`, text: 'Remove', visuallyHiddenText: `${contact.kind} for ${person.givenName}` },
          ] },
          key: { text: contact.kind === 'address' ? 'Address' : contact.kind === 'phone' ? 'Phone' : 'Email' },
          value: {
            html: escapeHtml(contact.value).replace(/\n/g, '<br>') + (contact.hiddenFromPersonIds.length === 0 ? '' :
              `<br><strong class="govuk-tag govuk-tag--yellow">Hidden from ${escapeHtml(contact.hiddenFromPersonIds.map((id) => names.get(id) ?? 'someone').join(', '))}</strong>` +
              (contact.hiddenReason === null ? '' : ` <span class="govuk-body-s">${escapeHtml(contact.hiddenReason)}</span>`)),
          },
        })),
      ]
      return { id: person.id, name: `${person.givenName} ${person.familyNameOfPerson}${person.knownAs === null ? '' : ` (known as ${person.knownAs})`}`, rows }
    }),
    episodes: record.episodes.map((episode) => ({
      heading: `${LEVEL_VOCABULARY[episode.level].name}, from ${formatDate(episode.startedOn)}${episode.closedOn === null ? '' : ` to ${formatDate(episode.closedOn)}`}`,
      open: episode.closedOn === null,
      changes: record.changes.filter((change) => change.episodeId === episode.id).map((change) => ({
        date: formatDate(change.changedOn),
        what: change.change === 'start' ? `Started at ${LEVEL_VOCABULARY[change.toLevel ?? 'early-help'].name.toLowerCase()}`
          : change.change === 'closure' ? 'Closed'
            : `${change.change === 'step-up' ? 'Stepped up' : 'Stepped down'} from ${LEVEL_VOCABULARY[change.fromLevel ?? 'early-help'].name.toLowerCase()} to ${LEVEL_VOCABULARY[change.toLevel ?? 'early-help'].name.toLowerCase()}`,
        reason: change.reason,
        by: change.recordedByName ?? '',
      })),
    })),
    timeline: record.chronology.map((event) => ({
      label: { text: event.title },
      text: event.description ?? '',
      datetime: { timestamp: event.occurredOn },
      byline: event.recordedByName === null ? undefined : { text: event.recordedByName },
    })),
  }
}

/** A step-down or closure waiting for a team manager, or the last one a manager returned, for the family's page. */
export function presentLevelRequest(record: Pick<Record_, 'family' | 'pendingLevelChange' | 'returnedLevelChange'>, canDecide: boolean) {
  const pending = record.pendingLevelChange
  const returned = record.returnedLevelChange
  return {
    pendingLevelChange: pending === undefined ? undefined : {
      by: pending.requestedByName, at: formatDateTime(pending.requestedAt),
      to: pending.toLevel === null ? 'help ends' : `step down to ${LEVEL_VOCABULARY[pending.toLevel].name.toLowerCase()}`,
      href: canDecide ? `/families/${record.family.id}/level-requests/${pending.id}` : undefined,
    },
    returnedLevelChange: returned === undefined ? undefined : { at: formatDateTime(returned.decidedAt), reason: returned.decisionReason ?? '' },
  }
}
