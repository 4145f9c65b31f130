import crypto from 'node:crypto'
import type { CheckInResult, FamilyAccessKind, MapCategory } from '../../db/schema/index.js'
import { formatDate, formatDateAt, formatDateTime } from '../../platform/views/setup.js'
import type { OwnBookletComment } from './family-space.repository.js'
import { familyWords, type SpelledOut } from '../../family-record/index.js'
import { trajectoryStages, trajectorySvg, type Stage } from '../plan/index.js'
import type { BookletPage } from '../../db/schema/booklets.js'
import type { FamilyMapEntry, ReaderSummary } from './family-space.service.js'
import { familySpacePaths } from './family-space.paths.js'

/** Everything here is read by families, on a phone as often as not: plain words, no jargon, names not roles. */

export const KIND_TEXT: Record<FamilyAccessKind, string> = {
  'parent-carer': 'Parent or carer',
  'young-person': 'Young person',
  'network-member': 'Safety network',
}

export const RESULT_WORDS: Record<CheckInResult, string> = {
  'kept': 'The rule was kept',
  'not-kept': 'The rule was not kept',
  'not-tested': 'It did not come up',
}

export function listOf(names: readonly string[], none = 'the children'): string {
  if (names.length === 0) return none
  if (names.length === 1) return names[0] ?? none
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`
}

function header(reader: ReaderSummary) {
  return { familyName: reader.familyName, readerName: reader.name, homeHref: familySpacePaths.home }
}

/** A phone number as a link a phone can ring: the digits only, with the UK's 0 written as +44. */
export function telHref(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '').replace(/^00/, '+').replace(/^\+44(0)?/, '0')
  return `tel:${digits.replace(/^0/, '+44')}`
}

interface Meeting { id: string; title: string; heldOn: string; startsAt: string | null; place: string }

function meetingSummary(meeting: Meeting) {
  return { id: meeting.id, title: meeting.title, when: formatDateAt(meeting.heldOn, meeting.startsAt), place: meeting.place }
}

/** How many meetings the home page lists before pointing to the meetings page. */
export const HOME_MEETINGS = 3

/**
 * Who to ring, in sentences built from what is recorded: the family's worker and their work phone (or
 * what to do when there is neither), 999 for danger now, and the council's out-of-hours number.
 */
export function presentContacts(worker: { name: string; workPhone: string } | null, council: { phone: string; text: string; organisationName: string }) {
  const councilName = council.organisationName === '' ? 'the council' : council.organisationName
  const workerParts = worker === null
    ? [{ text: `Your family does not have a named worker at the moment. If you need to talk to someone about your family, ring ${councilName}'s children's services and ask for the duty worker.` }]
    : worker.workPhone === ''
      ? [{ text: `Your worker is ${worker.name}. Ask them for the best number to reach them at work.` }]
      : [{ text: `Your worker is ${worker.name}. Their work phone is ` }, { text: worker.workPhone, href: telHref(worker.workPhone) }, { text: '.' }]
  const outOfHoursParts = council.phone === ''
    ? [{ text: worker === null ? 'Ask the duty worker which number to ring when the office is closed.' : 'Ask your worker which number to ring when their office is closed.' }]
    : [{ text: `When ${worker === null ? 'the office is' : 'your worker\'s office is'} closed (evenings, weekends and bank holidays), ring ${councilName}'s out-of-hours team on ` }, { text: council.phone, href: telHref(council.phone) }, { text: '.' }]
  return {
    workerName: worker?.name,
    workerParts,
    emergency: 'If you are worried about a child\'s safety right now, call 999.',
    outOfHoursParts,
    outOfHoursText: council.text === '' ? undefined : council.text,
  }
}

export function presentHome(data: { reader: ReaderSummary; worker: { name: string; workPhone: string } | null; council: { phone: string; text: string; organisationName: string }; meetings: Meeting[] }) {
  const reader = data.reader
  const isNetwork = reader.kind === 'network-member'
  const more = data.meetings.length - HOME_MEETINGS
  return {
    ...header(reader),
    kindText: KIND_TEXT[reader.kind],
    contacts: presentContacts(data.worker, data.council),
    meetings: data.meetings.slice(0, HOME_MEETINGS).map(meetingSummary),
    moreMeetings: more <= 0 ? undefined : `and ${String(more)} more ${more === 1 ? 'meeting' : 'meetings'}`,
    meetingsHref: familySpacePaths.meetings,
    links: [
      { href: familySpacePaths.map, text: 'The map', hint: 'What\'s going well, the worries, and what needs to happen. You can comment on anything.' },
      { href: familySpacePaths.plan, text: 'The plan', hint: 'The family\'s rules to keep the children safe, the steps ahead, and what the safety network will do.' },
      { href: familySpacePaths.checkIn, text: 'Tell us how a rule went', hint: 'For example, "I had the children on Saturday and the rule was kept".' },
      { href: familySpacePaths.scale, text: 'Give your own number on the scale', hint: 'From 0 to 10, and why.' },
      { href: familySpacePaths.response, text: 'Say what you think of the plan', hint: 'Whether you agree with it, or what you would change.' },
      ...(isNetwork ? [] : [{ href: familySpacePaths.wordsAndPictures, text: 'Words and pictures', hint: reader.kind === 'young-person' ? 'Your own story of why people are helping your family.' : 'The story for each child of why people are helping your family.' }]),
      { href: familySpacePaths.meetings, text: 'Meetings coming up', hint: reader.kind === 'parent-carer' ? 'And what other services have written for them.' : 'When and where people will meet about the family.' },
    ],
  }
}

interface MapPart { category: MapCategory; heading?: string }
const MAP_SECTIONS: { id: string; heading: string; explanation: string; parts: MapPart[] }[] = [
  {
    id: 'going-well', heading: 'What\'s going well', explanation: 'Good things about your family, and times people kept the children safe.',
    parts: [{ category: 'strength', heading: 'Good things' }, { category: 'safety', heading: 'Times the children were kept safe' }],
  },
  {
    id: 'worries', heading: 'Worries', explanation: 'What has happened, what people are worried could happen if nothing changes, and what makes things harder.',
    parts: [{ category: 'harm', heading: 'What has happened' }, { category: 'danger', heading: 'What people are worried could happen' }, { category: 'complicating', heading: 'What makes things harder' }],
  },
  {
    id: 'needs-to-happen', heading: 'What needs to happen', explanation: 'What everyone needs to see, for how long, and the next small steps.',
    parts: [{ category: 'goal', heading: 'What everyone needs to see' }, { category: 'next-step', heading: 'Next steps' }],
  },
  { id: 'not-known', heading: 'What we don\'t know yet', explanation: 'Questions we still need to answer together.', parts: [{ category: 'grey-area' }] },
]

function entryDetail(entry: FamilyMapEntry): string | undefined {
  if (entry.category !== 'next-step') return undefined
  const parts = [entry.owner === null ? undefined : `Who: ${entry.owner}`, entry.dueOn === null ? undefined : `By: ${formatDate(entry.dueOn)}`, entry.done ? 'Done' : undefined]
  const detail = parts.filter((part): part is string => part !== undefined).join('. ')
  return detail === '' ? undefined : detail
}

export function presentEntry(entry: FamilyMapEntry, acronyms: readonly SpelledOut[]) {
  return {
    id: entry.id,
    text: familyWords(entry.text, acronyms),
    by: entry.by,
    childSaid: entry.childSaid,
    picture: entry.picture === undefined ? undefined : { src: familySpacePaths.picture(entry.picture.id), alt: entry.picture.description.trim() === '' ? `A drawing by ${entry.childSaid ?? 'a child'}` : entry.picture.description },
    detail: entryDetail(entry),
    answers: entry.answers === undefined ? undefined : familyWords(entry.answers, acronyms),
    commentHref: familySpacePaths.comment(entry.id),
  }
}

export function presentMap(data: { reader: ReaderSummary; entries: FamilyMapEntry[]; comments: { entryId: string | null; text: string; createdAt: Date }[]; children: string[]; acronyms: readonly SpelledOut[] }, saved: boolean) {
  return {
    ...header(data.reader),
    children: listOf(data.children),
    saved,
    sections: MAP_SECTIONS.map((section) => ({
      id: section.id, heading: section.heading, explanation: section.explanation,
      parts: section.parts.map((part) => ({
        heading: part.heading,
        entries: data.entries.filter((entry) => entry.category === part.category).map((entry) => ({
          ...presentEntry(entry, data.acronyms),
          comments: data.comments.filter((comment) => comment.entryId === entry.id).map((comment) => ({ when: formatDate(comment.createdAt), text: comment.text })),
        })),
      })),
    })),
  }
}

export function presentCommentForm(data: { reader: ReaderSummary; entry: FamilyMapEntry; comments: { text: string; createdAt: Date }[]; acronyms: readonly SpelledOut[] }, values: { text: string; submissionId: string }) {
  return {
    ...header(data.reader),
    entry: presentEntry(data.entry, data.acronyms),
    comments: data.comments.map((comment) => ({ when: formatDate(comment.createdAt), text: comment.text })),
    values, action: familySpacePaths.comment(data.entry.id), backHref: `${familySpacePaths.map}#entry-${data.entry.id}`,
  }
}

export function presentScale(data: { reader: ReaderSummary; hasMap: boolean; scores: { score: number; why: string; onePointHigher: string; heldOn: string }[] }, values: ScaleValues, saved: boolean) {
  return {
    ...header(data.reader),
    saved, hasMap: data.hasMap, values,
    scoreItems: Array.from({ length: 11 }, (_, score) => ({ value: String(score), text: String(score), checked: values.score === String(score) })),
    scores: data.scores.map((score) => ({ when: formatDate(score.heldOn), score: score.score, why: score.why, onePointHigher: score.onePointHigher })),
    action: familySpacePaths.scale,
  }
}

export interface ScaleValues { score: string; why: string; onePointHigher: string; submissionId: string }
export interface CheckInValues { rule: string; result: string; checkedOn: string; note: string; submissionId: string }
export interface ResponseValues { answer: string; change: string; planVersion: string; submissionId: string }

export function newScaleValues(): ScaleValues {
  return { score: '', why: '', onePointHigher: '', submissionId: crypto.randomUUID() }
}

interface PlanRule {
  id: string; kind: 'rule' | 'bottom-line'; text: string; statement?: string; whoMakesSure: string; warningSigns: string; ifBroken: string
  childWords: { childName: string; words: string }[]; summary: string
}

export function presentPlan(data: {
  reader: ReaderSummary; children: string[]; stages: Stage[]
  plan?: { version: number; agreement?: { planVersion: number; agreedBy: string; agreedOn: string }; rules: PlanRule[] }
  network: { name: string; relationship: string; commitments: string }[]
  responses: { text: string; createdAt: Date }[]
  ownCheckIns: { ruleText: string; checkedOn: string; result: CheckInResult; note: string }[]
}, saved: string | undefined, today: string) {
  const children = listOf(data.children)
  const plan = data.plan
  const agreement = plan?.agreement
  const status = plan === undefined || plan.version === 0 ? undefined
    : agreement === undefined ? `This is version ${String(plan.version)} of the plan. It has not been agreed yet.`
      : agreement.planVersion === plan.version ? `This is version ${String(plan.version)} of the plan. It was agreed by ${agreement.agreedBy} on ${formatDate(agreement.agreedOn)}.`
        : `This is version ${String(plan.version)} of the plan. An earlier version was agreed by ${agreement.agreedBy} on ${formatDate(agreement.agreedOn)}; it has changed since.`
  const rule = (item: PlanRule) => ({
    id: item.id, text: item.text, why: item.statement, whoMakesSure: item.whoMakesSure, warningSigns: item.warningSigns, ifBroken: item.ifBroken,
    childWords: item.childWords, summary: item.kind === 'rule' ? item.summary : undefined,
  })
  const stages = trajectoryStages(data.stages, today)
  return {
    ...header(data.reader),
    children, saved,
    forNetwork: data.reader.kind === 'network-member',
    hasPlan: plan !== undefined && plan.version > 0,
    status,
    rules: (plan?.rules ?? []).filter((item) => item.kind === 'rule').map(rule),
    bottomLines: (plan?.rules ?? []).filter((item) => item.kind === 'bottom-line').map(rule),
    stages: stages.map((stage) => ({ sentence: stage.sentence, description: stage.description })),
    trajectorySvg: stages.length === 0 ? undefined : trajectorySvg(stages, today, `The steps ahead for ${children}`),
    network: data.network.map((member) => ({ name: member.name, relationship: member.relationship, commitments: member.commitments })),
    responses: [...data.responses].reverse().map((response) => ({ when: formatDate(response.createdAt), text: response.text })),
    ownCheckIns: data.ownCheckIns.map((checkIn) => ({ when: formatDate(checkIn.checkedOn), rule: checkIn.ruleText, result: RESULT_WORDS[checkIn.result], note: checkIn.note })),
    paths: { checkIn: familySpacePaths.checkIn, response: familySpacePaths.response },
  }
}

export const asTyped = (date: string): string => date.split('-').reverse().map((part) => part.replace(/^0/, '')).join('/')

export function newCheckInValues(today: string): CheckInValues {
  return { rule: '', result: '', checkedOn: asTyped(today), note: '', submissionId: crypto.randomUUID() }
}

export function presentCheckInForm(data: { reader: ReaderSummary; rules: { id: string; text: string; summary: string }[] }, values: CheckInValues) {
  return {
    ...header(data.reader),
    values, hasRules: data.rules.length > 0, action: familySpacePaths.checkIn, backHref: familySpacePaths.plan,
    ruleItems: data.rules.map((rule) => ({ value: rule.id, text: rule.text, hint: { text: `So far: ${rule.summary.charAt(0).toLowerCase()}${rule.summary.slice(1)}` }, checked: values.rule === rule.id || (data.rules.length === 1 && values.rule === '') })),
    resultItems: (['kept', 'not-kept', 'not-tested'] as const).map((result) => ({ value: result, text: RESULT_WORDS[result], checked: values.result === result })),
  }
}

export function newResponseValues(planVersion: number): ResponseValues {
  return { answer: '', change: '', planVersion: String(planVersion), submissionId: crypto.randomUUID() }
}

export function presentResponseForm(data: { reader: ReaderSummary; planVersion: number; responses: { text: string; createdAt: Date }[] }, values: ResponseValues) {
  return {
    ...header(data.reader),
    values, hasPlan: data.planVersion > 0, version: String(data.planVersion), action: familySpacePaths.response, backHref: familySpacePaths.plan,
    responses: [...data.responses].reverse().map((response) => ({ when: formatDate(response.createdAt), text: response.text })),
  }
}

function pictureOf(pictureId: string | null, descriptions: ReadonlyMap<string, string>, fallback: string) {
  if (pictureId === null) return undefined
  const description = descriptions.get(pictureId) ?? ''
  return { src: familySpacePaths.picture(pictureId), alt: description.trim() === '' ? fallback : description }
}

interface FamilyBooklet { id: string; childName: string; title: string; version: number; pages: BookletPage[]; additions: { addedOn: string; words: string; pictureId: string | null }[]; own: boolean }

/** What they said about a story, and the worker's replies, in their own words: "You said on 6 December 2026". */
function presentOwnComments(comments: readonly OwnBookletComment[]) {
  return comments.map((comment) => ({
    id: comment.id, when: formatDateTime(comment.createdAt), text: comment.text,
    replies: comment.replies.map((reply) => ({ by: reply.by, when: formatDateTime(reply.createdAt), text: reply.text })),
  }))
}

function presentBookletPage(page: BookletPage, index: number, descriptions: ReadonlyMap<string, string>) {
  return {
    number: index + 1, paragraphs: page.text.split('\n').map((line) => line.trim()).filter((line) => line !== ''),
    picture: pictureOf(page.pictureId, descriptions, `A picture for page ${String(index + 1)}`),
  }
}

export function presentWordsAndPictures(data: {
  reader: ReaderSummary
  booklets: FamilyBooklet[]
  descriptions: ReadonlyMap<string, string>
  comments: readonly OwnBookletComment[]
}, saved: boolean) {
  const commentsOn = (bookletId: string, pageNumber: number | null) => presentOwnComments(data.comments.filter((comment) => comment.bookletId === bookletId && comment.pageNumber === pageNumber))
  return {
    ...header(data.reader),
    saved,
    forNetwork: data.reader.kind === 'network-member',
    youngPerson: data.reader.kind === 'young-person',
    booklets: data.booklets.map((booklet) => ({
      id: booklet.id, title: booklet.title, childName: booklet.childName,
      commentHref: familySpacePaths.bookletComment(booklet.id),
      comments: commentsOn(booklet.id, null),
      pages: booklet.pages.map((page, index) => ({
        ...presentBookletPage(page, index, data.descriptions),
        commentHref: familySpacePaths.bookletComment(booklet.id, index + 1),
        comments: commentsOn(booklet.id, index + 1),
      })),
      additionsHeading: booklet.own ? 'What you added' : `What ${booklet.childName} added`,
      additions: booklet.additions.map((addition) => ({ when: `Added on ${formatDate(addition.addedOn)}`, text: addition.words, picture: pictureOf(addition.pictureId, data.descriptions, `A drawing by ${booklet.childName}`) })),
    })),
  }
}

export function presentMeetings(data: {
  reader: ReaderSummary; reportsShared: boolean
  meetings: (Meeting & { reports: { agency: string; author: string; worries: string; workingWell: string; needsToHappen: string; scale: number | null }[] })[]
}) {
  return {
    ...header(data.reader),
    reportsShared: data.reportsShared,
    meetings: data.meetings.map((meeting) => ({
      ...meetingSummary(meeting),
      reports: meeting.reports.map((report) => ({
        from: `${report.author}, ${report.agency}`, worries: report.worries, workingWell: report.workingWell, needsToHappen: report.needsToHappen,
        scale: report.scale === null ? undefined : `${String(report.scale)} out of 10`,
      })),
    })),
  }
}

export interface BookletCommentValues { text: string; submissionId: string }

/** The form to comment on a story, or on one page of it: the words they are commenting on shown above it. */
export function presentBookletCommentForm(data: {
  reader: ReaderSummary; booklet: FamilyBooklet; pageNumber: number | undefined; descriptions: ReadonlyMap<string, string>; comments: readonly OwnBookletComment[]
}, values: BookletCommentValues) {
  const { booklet, pageNumber } = data
  const page = pageNumber === undefined ? undefined : booklet.pages[pageNumber - 1]
  return {
    ...header(data.reader),
    values, title: booklet.title, childName: booklet.childName,
    heading: pageNumber === undefined ? `Comment on "${booklet.title}"` : `Comment on page ${String(pageNumber)} of "${booklet.title}"`,
    page: page === undefined || pageNumber === undefined ? undefined : presentBookletPage(page, pageNumber - 1, data.descriptions),
    pageCount: booklet.pages.length,
    comments: presentOwnComments(data.comments),
    action: familySpacePaths.bookletComment(booklet.id, pageNumber),
    backHref: `${familySpacePaths.wordsAndPictures}#booklet-${booklet.id}`,
  }
}
