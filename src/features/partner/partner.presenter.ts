import type { LevelOfHelp, PersonKind } from '../../db/schema/families.js'
import type { MapCategory, PartnerBasis } from '../../db/schema/index.js'
import { formatDate, formatDateAt, formatDateTime } from '../../platform/views/setup.js'
import { ageOn } from '../../family-record/index.js'
import { CATEGORY_HINTS, COLUMNS, PARTNER_CATEGORIES, categoryNames, describeVoice } from '../map/index.js'
import type { PartnerEntry } from './partner.repository.js'
import type { ReportAdvice, ReportText } from './partner.service.js'
import type { MemberCommitment, RuleInWords } from './plan-for-partner.js'
import { meetingPaths, partnerPaths } from './partner.paths.js'

export const BASIS_TEXT: Record<PartnerBasis, string> = {
  'consent': 'With the family\'s consent',
  'without-consent': 'Without the family\'s consent, for a lawful reason',
}

export const NOT_RELEASED = 'Not released to the parents yet'

export function releasedText(releasedAt: Date | null): string {
  return releasedAt === null ? NOT_RELEASED : `Released to the parents on ${formatDate(releasedAt)}`
}

const REPORT_PARTS = [
  { field: 'worries', heading: 'What are we worried about?' },
  { field: 'workingWell', heading: 'What\'s working well?' },
  { field: 'needsToHappen', heading: 'What needs to happen?' },
] as const

export function scaleText(scale: number | null): string {
  return scale === null ? 'No scale given' : `${String(scale)} out of 10`
}

/** A report's three parts and its scale, as the parents read them. */
export function presentReportRows(report: ReportText) {
  return [
    ...REPORT_PARTS.map((part) => ({ key: { text: part.heading }, value: { text: report[part.field] } })),
    { key: { text: 'Scale' }, value: { text: scaleText(report.scale) } },
  ]
}

/** The coach's advice on each part: findings to think about, and how easy it is to read. */
export function presentReportAdvice(advice: ReportAdvice) {
  const parts = REPORT_PARTS.map((part) => {
    const result = advice[part.field]
    return {
      field: part.field, heading: part.heading,
      advice: result === undefined ? undefined : { findings: result.findings.map((finding) => `${finding.message} Try: ${finding.suggestion}`), band: result.readability.band },
    }
  })
  return { parts, count: parts.reduce((total, part) => total + (part.advice?.findings.length ?? 0), 0) }
}

/** "Leo, 7 years old": a child's first name and age, and nothing else about them. */
export function presentChild(child: { givenName: string; knownAs: string | null; kind: PersonKind; dateOfBirth: string | null }, today = new Date()) {
  if (child.kind === 'unborn-child') return { name: 'Unborn baby', age: 'not born yet' }
  const name = child.knownAs ?? child.givenName
  if (child.dateOfBirth === null) return { name, age: 'age not known' }
  const age = ageOn(child.dateOfBirth, today)
  return { name, age: age < 1 ? 'under 1 year old' : `${String(age)} ${age === 1 ? 'year' : 'years'} old` }
}

function addText(singular: string): string {
  return `Add ${/^[aeiou]/.test(singular) ? 'an' : 'a'} ${singular}`
}

/** The map as a partner sees it: each entry's text and whose view it is, under the headings of the family's level of help. */
export function presentPartnerMap(familyId: string, level: LevelOfHelp | undefined, entries: PartnerEntry[], open: boolean) {
  const names = categoryNames(level ?? 'early-help')
  const section = (category: MapCategory) => ({
    category,
    heading: names[category].plural,
    entries: entries.filter((entry) => entry.category === category).map((entry) => ({ text: entry.text, voice: describeVoice(entry.saidByName, entry.saidByKind), voiceKind: entry.saidByKind })),
    addHref: open && PARTNER_CATEGORIES.includes(category) ? partnerPaths.add(familyId, category) : undefined,
    addText: addText(names[category].singular),
  })
  return { columns: COLUMNS.map((column) => ({ heading: column.heading, sections: column.categories.map(section) })), greyAreas: section('grey-area') }
}

export function presentEntryForm(familyId: string, level: LevelOfHelp, category: MapCategory) {
  const name = categoryNames(level)[category].singular
  return { heading: addText(name), hint: CATEGORY_HINTS[category], action: partnerPaths.add(familyId, category), familyHref: partnerPaths.family(familyId) }
}

interface ViewData {
  invitation: { familyName: string; agencyName: string; basis: PartnerBasis; invitedAt: Date }
  level: LevelOfHelp | undefined
  open: boolean
  entries: PartnerEntry[]
  children: { givenName: string; knownAs: string | null; kind: PersonKind; dateOfBirth: string | null }[]
  meetings: { id: string; title: string; heldOn: string; startsAt: string | null; place: string; reportId: string | null; reportSubmittedAt: Date | null; reportReleasedAt: Date | null }[]
  reports: { id: string; meetingTitle: string; meetingHeldOn: string; meetingStartsAt: string | null; authorName: string; worries: string; workingWell: string; needsToHappen: string; scale: number | null; submittedAt: Date; releasedAt: Date | null }[]
  scores: { perspectiveName: string; score: number; why: string; onePointHigher: string; heldOn: string }[]
  plan: { rules: RuleInWords[]; commitments: MemberCommitment[] } | undefined
}

/** The safety plan rules and commitments a partner is part of, or why there are none to show. */
function presentPlanParts(agencyName: string, plan: ViewData['plan']) {
  if (plan === undefined) return { shared: false, rules: [], commitments: [], emptyText: 'The family has not agreed to share their safety plan with partners.' }
  const optional = (key: string, value: string) => (value.trim() === '' ? [] : [{ key: { text: key }, value: { text: value } }])
  return {
    shared: true,
    emptyText: plan.rules.length === 0 && plan.commitments.length === 0 ? `No part of the family's safety plan names you or ${agencyName} yet.` : undefined,
    rules: plan.rules.map((rule) => ({
      heading: rule.kind === 'bottom-line' ? 'Bottom line' : 'Family rule',
      rows: [
        { key: { text: 'The rule' }, value: { text: rule.text } },
        ...optional('Who makes sure it happens', rule.whoMakesSure), ...optional('Warning signs', rule.warningSigns), ...optional('If it is broken', rule.ifBroken),
      ],
    })),
    commitments: plan.commitments.map((member) => ({ who: `${member.knownAs ?? member.givenName} ${member.familyName} (${member.relationshipToChild})`, text: member.commitments })),
  }
}

export function presentPartnerFamily(familyId: string, data: ViewData) {
  const names = categoryNames(data.level ?? 'early-help')
  return {
    familyId,
    familyName: data.invitation.familyName,
    agencyName: data.invitation.agencyName,
    invitation: [
      { key: { text: 'Your agency' }, value: { text: data.invitation.agencyName } },
      { key: { text: 'Invited on' }, value: { text: formatDate(data.invitation.invitedAt) } },
      { key: { text: 'Shared' }, value: { text: BASIS_TEXT[data.invitation.basis] } },
    ],
    children: data.children.map((child) => presentChild(child)),
    map: presentPartnerMap(familyId, data.level, data.entries, data.open),
    scaleHref: data.open ? partnerPaths.scale(familyId) : undefined,
    meetings: data.meetings.map((meeting) => ({
      title: meeting.title, date: formatDateAt(meeting.heldOn, meeting.startsAt), place: meeting.place,
      status: meeting.reportId === null ? 'Not written yet' : meeting.reportReleasedAt === null ? `Written ${formatDateTime(meeting.reportSubmittedAt)}. ${NOT_RELEASED}` : releasedText(meeting.reportReleasedAt),
      href: meeting.reportId !== null && meeting.reportReleasedAt === null ? partnerPaths.releaseReport(familyId, meeting.id) : partnerPaths.report(familyId, meeting.id),
      linkText: meeting.reportId === null ? 'Write your report' : meeting.reportReleasedAt === null ? 'Check, change or release your report' : 'See your report',
    })),
    reports: data.reports.map((report) => ({
      heading: `${report.meetingTitle}, ${formatDateAt(report.meetingHeldOn, report.meetingStartsAt)}`,
      rows: [
        { key: { text: 'Written by' }, value: { text: `${report.authorName}, ${formatDateTime(report.submittedAt)}` } },
        ...presentReportRows(report),
        { key: { text: 'The parents' }, value: { text: releasedText(report.releasedAt) } },
      ],
    })),
    plan: presentPlanParts(data.invitation.agencyName, data.plan),
    scores: data.scores.map((score) => ({ date: formatDate(score.heldOn), by: score.perspectiveName, score: score.score, why: score.why, onePointHigher: score.onePointHigher })),
    ourEntries: data.entries.filter((entry) => entry.ours).map((entry) => ({ kind: names[entry.category].singular, text: entry.text, voice: describeVoice(entry.saidByName, entry.saidByKind) })),
  }
}

interface MeetingData {
  id: string; title: string; heldOn: string; startsAt: string | null; place: string; upcoming: boolean
  reports: { id: string; agencyName: string; authorName: string; worries: string; workingWell: string; needsToHappen: string; scale: number | null; submittedAt: Date; releasedAt: Date | null; releasedByName: string | null }[]
}

/** The worker's page: every meeting, and every partner's report for it with whether the parents have it yet. */
export function presentMeetings(familyId: string, meetings: MeetingData[]) {
  const present = (meeting: MeetingData) => ({
    title: meeting.title, date: formatDateAt(meeting.heldOn, meeting.startsAt), place: meeting.place,
    reports: meeting.reports.map((report) => ({
      id: report.id,
      heading: `${report.agencyName}: ${report.authorName}`,
      rows: [
        { key: { text: 'What are we worried about?' }, value: { text: report.worries } },
        { key: { text: 'What\'s working well?' }, value: { text: report.workingWell } },
        { key: { text: 'What needs to happen?' }, value: { text: report.needsToHappen } },
        { key: { text: 'Scale' }, value: { text: report.scale === null ? 'No scale given' : `${String(report.scale)} out of 10` } },
        { key: { text: 'Submitted' }, value: { text: formatDateTime(report.submittedAt) } },
        { key: { text: 'The parents' }, value: { text: report.releasedAt === null ? NOT_RELEASED : `${releasedText(report.releasedAt)}${report.releasedByName === null ? '' : ` by ${report.releasedByName}`}` } },
      ],
      releaseAction: report.releasedAt === null ? meetingPaths.release(familyId, meeting.id, report.id) : undefined,
      released: report.releasedAt !== null,
    })),
  })
  return {
    upcoming: meetings.filter((meeting) => meeting.upcoming).reverse().map(present),
    past: meetings.filter((meeting) => !meeting.upcoming).map(present),
  }
}
