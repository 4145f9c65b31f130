import type { LevelOfHelp, PersonKind } from '../../db/schema/families.js'
import { TOLD_ITEMS } from '../../db/schema/network.js'
import { formatDate, formatDateTime } from '../../platform/views/setup.js'
import { escapeHtml } from '../../platform/views/presenters.js'
import { LEVEL_VOCABULARY } from '../families/index.js'
import { categoryNames } from '../map/index.js'
import { familyTree } from './family-tree.js'
import { CLOSENESS, CLOSENESS_LEVELS, isCloseness, networkPicture, type Closeness } from './network-picture.js'
import type { MapChangeThatDay, MeetingRow, MemberRow, ToldRow } from './network.repository.js'
import type { NetworkService } from './network.service.js'
import { asTyped, type FormValues } from './network.schema.js'

/** Typed URL builders for the network pages. */
export const networkPaths = {
  network: (familyId: string) => `/families/${familyId}/network`,
  familyTree: (familyId: string) => `/families/${familyId}/network/family-tree`,
  addMember: (familyId: string) => `/families/${familyId}/network/members/new`,
  changeMember: (familyId: string, memberId: string) => `/families/${familyId}/network/members/${memberId}/edit`,
  told: (familyId: string, memberId: string) => `/families/${familyId}/network/members/${memberId}/told`,
  addMeeting: (familyId: string) => `/families/${familyId}/network/meetings/new`,
  family: (familyId: string) => `/families/${familyId}`,
  addContact: (familyId: string, personId: string) => `/families/${familyId}/people/${personId}/contact-details/new`,
  changePerson: (familyId: string, personId: string) => `/families/${familyId}/people/${personId}/edit`,
  mapAt: (familyId: string, version: number) => `/families/${familyId}/map?version=${String(version)}`,
}

const MAP_CHANGE_WORDS = { added: 'Added', changed: 'Changed', removed: 'Removed' } as const
const LATEST_TOLD = 3

type Overview = Awaited<ReturnType<NetworkService['overview']>>
type Tree = Awaited<ReturnType<NetworkService['familyTree']>>

function closenessOf(value: number): Closeness {
  return isCloseness(value) ? value : 3
}

export function memberName(member: { givenName: string; familyName: string }): string {
  return `${member.givenName} ${member.familyName}`
}

function personName(person: { kind: PersonKind; givenName: string; familyNameOfPerson: string }): string {
  const name = `${person.givenName} ${person.familyNameOfPerson}`
  return person.kind === 'unborn-child' ? `${name} (unborn)` : name
}

function statementsWord(level: LevelOfHelp | null): string {
  return level === null ? 'danger statements' : LEVEL_VOCABULARY[level].statements
}

/** "the danger statements (map version 12), the words and pictures ("Leo's words and pictures", version 2) and the safety plan (version 3)". */
export function describeTold(record: Pick<ToldRow, 'items' | 'mapVersion' | 'planVersion' | 'booklets'>, level: LevelOfHelp | null): string {
  const parts = TOLD_ITEMS.filter((item) => record.items.includes(item)).map((item) => {
    switch (item) {
      case 'danger-statements':
        return `the ${statementsWord(level)}${record.mapVersion === null ? '' : ` (map version ${String(record.mapVersion)})`}`
      case 'words-and-pictures':
        return record.booklets.length === 0 ? 'the words and pictures'
          : `the words and pictures (${record.booklets.map((booklet) => `"${booklet.title}", version ${String(booklet.version)}`).join('; ')})`
      case 'safety-plan':
        return `the safety plan${record.planVersion === null ? '' : ` (version ${String(record.planVersion)})`}`
    }
  })
  if (parts.length <= 1) return parts.join('')
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`
}

function toldHtml(familyId: string, record: ToldRow, level: LevelOfHelp | null): string {
  let description = escapeHtml(describeTold(record, level))
  if (record.mapVersion !== null) {
    const words = escapeHtml(`map version ${String(record.mapVersion)}`)
    description = description.replace(words, `<a class="govuk-link" href="${escapeHtml(networkPaths.mapAt(familyId, record.mapVersion))}">${words}</a>`)
  }
  return `<strong>${escapeHtml(formatDate(record.toldOn))}</strong>: ${description}. Told by ${escapeHtml(record.toldBy)}.` +
    (record.note === '' ? '' : ` <span class="govuk-body-s">${escapeHtml(record.note)}</span>`)
}

function multiline(value: string): string {
  return escapeHtml(value).replace(/\n/g, '<br>')
}

function presentMember(familyId: string, member: MemberRow, overview: Overview, names: Map<string, string>) {
  const name = memberName(member)
  const contacts = overview.contacts.filter((contact) => contact.personId === member.personId)
  const told = overview.told.filter((record) => record.memberId === member.id)
  const closeness = CLOSENESS[closenessOf(member.closeness)]
  const contactHtml = contacts.length === 0 ? 'None recorded'
    : contacts.map((contact) => {
      const kind = contact.kind === 'address' ? 'Address' : contact.kind === 'phone' ? 'Phone' : 'Email'
      const hidden = contact.hiddenFromPersonIds.length === 0 ? ''
        : `<br><strong class="govuk-tag govuk-tag--yellow">Hidden from ${escapeHtml(contact.hiddenFromPersonIds.map((id) => names.get(id) ?? 'someone').join(', '))}</strong>`
      return `<p class="govuk-body govuk-!-margin-bottom-2"><span class="govuk-!-font-weight-bold">${kind}:</span> ${multiline(contact.value)}${hidden}</p>`
    }).join('')
  const toldRows = told.slice(0, LATEST_TOLD)
  const toldValue = toldRows.length === 0 ? 'Nothing recorded yet'
    : `<ul class="govuk-list">${toldRows.map((record) => `<li>${toldHtml(familyId, record, overview.level)}</li>`).join('')}</ul>` +
      (told.length > LATEST_TOLD ? `<p class="govuk-body-s">Showing the latest ${String(LATEST_TOLD)} of ${String(told.length)}.</p>` : '')
  const rows = [
    { key: { text: 'Relationship to the children' }, value: { text: member.relationshipToChild } },
    { key: { text: 'How close' }, value: { text: `${closeness.name}: ${closeness.description}` } },
    { key: { text: member.leftOn === null ? 'In the network since' : 'In the network' }, value: { text: member.leftOn === null ? formatDate(member.joinedOn) : `${formatDate(member.joinedOn)} to ${formatDate(member.leftOn)}` } },
    { key: { text: 'Their commitments' }, value: member.commitments === '' ? { text: 'None recorded yet' } : { html: multiline(member.commitments) } },
    {
      key: { text: 'Contact details' }, value: { html: contactHtml },
      actions: { items: [{ href: networkPaths.addContact(familyId, member.personId), text: 'Add', visuallyHiddenText: 'a contact detail' }] },
    },
    { key: { text: 'What they have been told' }, value: { html: toldValue } },
  ]
  return {
    id: member.id,
    name,
    card: {
      card: {
        title: { text: name, headingLevel: 3 },
        attributes: { id: `member-${member.id}` },
        actions: { items: [
          { href: networkPaths.changeMember(familyId, member.id), text: 'Change', visuallyHiddenText: 'their place in the network' },
          { href: networkPaths.told(familyId, member.id), text: 'Record what they were told' },
        ] },
      },
      rows,
    },
  }
}

function presentMeeting(meeting: MeetingRow, members: MemberRow[], changes: MapChangeThatDay[], level: LevelOfHelp | null) {
  const names = categoryNames(level ?? 'child-protection')
  const came = [
    ...meeting.attendeeMemberIds.map((id) => { const found = members.find((member) => member.id === id); return found === undefined ? 'Someone no longer in the record' : memberName(found) }),
    ...(meeting.otherAttendees === '' ? [] : [meeting.otherAttendees]),
  ]
  const thatDay = changes.filter((change) => change.day === meeting.heldOn)
  return {
    id: meeting.id,
    heading: `Network meeting, ${formatDate(meeting.heldOn)}`,
    rows: [
      { key: { text: 'Who came' }, value: { html: came.map(multiline).join('<br>') } },
      { key: { text: 'What was agreed' }, value: { html: multiline(meeting.agreed) } },
      { key: { text: 'Recorded by' }, value: { text: `${meeting.recordedByName}, ${formatDateTime(meeting.recordedAt)}` } },
    ],
    mapChanges: thatDay.map((change) => [
      { text: names[change.category].singular.replace(/^./, (letter) => letter.toUpperCase()) },
      { text: `${MAP_CHANGE_WORDS[change.change]} (map version ${String(change.mapVersion)})` },
      { text: change.text },
    ]),
  }
}

/** The network page: the picture and its text equivalent, the members, and the meetings. */
export function presentNetwork(overview: Overview) {
  const familyId = overview.family.id
  const names = new Map(overview.people.map((person) => [person.id, `${person.givenName} ${person.familyNameOfPerson}`]))
  const current = overview.members.filter((member) => member.leftOn === null)
  const left = overview.members.filter((member) => member.leftOn !== null)
  const children = overview.people.filter((person) => person.kind === 'child' || person.kind === 'unborn-child').map(personName)
  const picture = networkPicture(children, current.map((member) => ({ name: memberName(member), relationship: member.relationshipToChild, closeness: closenessOf(member.closeness) })), {
    title: `${overview.family.familyName}: the safety network`, idPrefix: 'network-picture',
  })
  return {
    familyId,
    familyName: overview.family.familyName,
    picture,
    pictureRows: picture.rings.map((ring) => [
      { text: `${ring.name}: ${ring.description}` },
      { html: ring.people.length === 0 ? 'Nobody yet' : `<ul class="govuk-list">${ring.people.map((person) => `<li><span class="app-network-picture__listed-name">${escapeHtml(person.name)}</span>, ${escapeHtml(person.relationship)}</li>`).join('')}</ul>` },
    ]),
    centre: picture.centre.length === 0 ? 'The children' : picture.centre.join(', '),
    members: current.map((member) => presentMember(familyId, member, overview, names)),
    leftRows: left.map((member) => [
      { text: memberName(member) },
      { text: member.relationshipToChild },
      { text: `${formatDate(member.joinedOn)} to ${formatDate(member.leftOn)}` },
      { html: `<a class="govuk-link" href="${escapeHtml(networkPaths.changeMember(familyId, member.id))}">Change<span class="govuk-visually-hidden"> ${escapeHtml(memberName(member))}'s place in the network</span></a>` },
    ]),
    meetings: overview.meetings.map((meeting) => presentMeeting(meeting, overview.members, overview.mapChanges, overview.level)),
    paths: {
      family: networkPaths.family(familyId), addMember: networkPaths.addMember(familyId), addMeeting: networkPaths.addMeeting(familyId),
      familyTree: networkPaths.familyTree(familyId),
    },
  }
}

export function presentFamilyTree(tree: Tree) {
  const members = new Map(tree.members.map((member) => [member.personId, member]))
  const drawn = familyTree(tree.people.map((person) => {
    const member = members.get(person.id)
    return {
      id: person.id, name: personName(person), kind: person.kind, inNetwork: member !== undefined && member.leftOn === null,
      ...(member === undefined ? {} : { networkRelationship: member.relationshipToChild }),
    }
  }), tree.relationships, { title: `${tree.family.familyName}: family tree`, idPrefix: 'family-tree' })
  return {
    familyId: tree.family.id,
    familyName: tree.family.familyName,
    tree: drawn,
    paths: { network: networkPaths.network(tree.family.id), family: networkPaths.family(tree.family.id) },
  }
}

/** Radios for how close someone is, described in words. */
export function closenessItems(chosen: string) {
  return CLOSENESS_LEVELS.map((closeness) => ({
    value: String(closeness), text: CLOSENESS[closeness].name, hint: { text: `${CLOSENESS[closeness].description.replace(/^./, (letter) => letter.toUpperCase())}.` }, checked: chosen === String(closeness),
  }))
}

/** The member's saved values, as the change form shows them. */
export function memberValues(member: MemberRow): FormValues {
  return {
    relationship: member.relationshipToChild, closeness: String(member.closeness), joinedOn: asTyped(member.joinedOn), commitments: member.commitments,
    leftOn: asTyped(member.leftOn), version: String(member.version),
  }
}

/** What a conflicting save changed, for the conflict message. */
export function describeMember(member: MemberRow): { key: { text: string }; value: { text: string } }[] {
  const closeness = CLOSENESS[closenessOf(member.closeness)]
  return [
    { key: { text: 'Relationship to the children' }, value: { text: member.relationshipToChild } },
    { key: { text: 'How close' }, value: { text: closeness.name } },
    { key: { text: 'Joined' }, value: { text: formatDate(member.joinedOn) } },
    { key: { text: 'Their commitments' }, value: { text: member.commitments === '' ? 'None recorded' : member.commitments } },
    { key: { text: 'Left' }, value: { text: member.leftOn === null ? 'Still in the network' : formatDate(member.leftOn) } },
  ]
}

