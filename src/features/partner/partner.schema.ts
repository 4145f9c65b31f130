import crypto from 'node:crypto'
import { formText, submissionIdOf } from '../../platform/http/form.js'
import { parseDate } from '../families/index.js'
import { parseClockTime } from '../../platform/time.js'

/** Error messages, the same words in the error summary and beside the field. */
export const PARTNER_MESSAGES = {
  textMissing: 'Enter what your agency wants to add',
  textTooLong: 'Keep it to 4,000 characters or fewer: split it into more than one entry',
  scoreMissing: 'Select a number from 0 to 10',
  whyMissing: 'Enter why your agency chose this number',
  higherMissing: 'Enter what one point higher would look like',
  worriesMissing: 'Enter what your agency is worried about',
  workingWellMissing: 'Enter what is working well',
  needsToHappenMissing: 'Enter what needs to happen',
  columnTooLong: 'Keep it to 8,000 characters or fewer',
  reportScaleInvalid: 'Select a number from 0 to 10, or "No scale"',
  reportReleased: 'This report has been released to the parents, so it can no longer be changed',
  meetingPassed: 'This meeting has already happened, so reports for it can no longer be written or changed',
  reportChanged: 'Your report was changed in another tab or window after you opened this page. Check the saved version below, then save yours if you still want to replace it',
  releaseChanged: 'Your report was changed after you checked it. Check it again before you release it',
  releaseNotWritten: 'Write your report before you release it',
  scalingClosed: 'This family\'s help has ended, so it can no longer be scaled',
  mapClosed: 'This family\'s help has ended, so nothing more can be added to its map',
  titleMissing: 'Enter what the meeting is, for example "Review child protection conference"',
  titleTooLong: 'Keep the name of the meeting to 200 characters or fewer',
  dateMissing: 'Enter the date of the meeting, like 27/3/2027',
  dateInvalid: 'Enter a real date for the meeting, like 27/3/2027',
  timeMissing: 'Enter the time the meeting starts, like 10:30 or 2pm',
  timeInvalid: 'Enter a real time, like 10:30, 14:30 or 2:30pm',
  placeTooLong: 'Keep the place to 300 characters or fewer',
} as const

type Errors = Record<string, string>

/** Reads one more character than allowed, so that too long is an error rather than silently cut. */
function longText(body: unknown, name: string, max: number): string {
  return formText(body, name, max + 1)
}

export function newSubmissionId(): string {
  return crypto.randomUUID()
}

export interface EntryValues { text: string; submissionId: string }

export function readEntry(body: unknown): { values: EntryValues; errors: Errors } {
  const values = { text: longText(body, 'text', 4000), submissionId: submissionIdOf(body, newSubmissionId) }
  const errors: Errors = {}
  if (values.text === '') errors.text = PARTNER_MESSAGES.textMissing
  else if (values.text.length > 4000) errors.text = PARTNER_MESSAGES.textTooLong
  return { values, errors }
}

export interface ScaleValues { score: string; why: string; onePointHigher: string; submissionId: string }

export function readScale(body: unknown): { values: ScaleValues; score?: number; errors: Errors } {
  const values = { score: formText(body, 'score', 3), why: longText(body, 'why', 4000), onePointHigher: longText(body, 'onePointHigher', 4000), submissionId: submissionIdOf(body, newSubmissionId) }
  const errors: Errors = {}
  const score = /^(10|[0-9])$/.test(values.score) ? Number(values.score) : undefined
  if (score === undefined) errors.score = PARTNER_MESSAGES.scoreMissing
  if (values.why === '') errors.why = PARTNER_MESSAGES.whyMissing
  else if (values.why.length > 4000) errors.why = PARTNER_MESSAGES.textTooLong
  if (values.onePointHigher === '') errors.onePointHigher = PARTNER_MESSAGES.higherMissing
  else if (values.onePointHigher.length > 4000) errors.onePointHigher = PARTNER_MESSAGES.textTooLong
  return { values, score, errors }
}

export interface ReportValues { worries: string; workingWell: string; needsToHappen: string; scale: string; baseVersion: string; submissionId: string }

export interface ReportInput { worries: string; workingWell: string; needsToHappen: string; scale: number | null }

/** The version a change was based on: a whole number, or none for a report not written when the form was opened. */
export function baseVersionOf(values: Pick<ReportValues, 'baseVersion'>): number | undefined {
  return /^\d{1,9}$/.test(values.baseVersion) ? Number(values.baseVersion) : undefined
}

/** The version a partner checked before releasing their report. */
export function releaseVersionOf(body: unknown): number | undefined {
  const version = formText(body, 'version', 10)
  return /^[1-9]\d{0,8}$/.test(version) ? Number(version) : undefined
}

export function readReport(body: unknown): { values: ReportValues; input?: ReportInput; errors: Errors } {
  const values = {
    worries: longText(body, 'worries', 8000), workingWell: longText(body, 'workingWell', 8000), needsToHappen: longText(body, 'needsToHappen', 8000),
    scale: formText(body, 'scale', 4), baseVersion: formText(body, 'baseVersion', 10), submissionId: submissionIdOf(body, newSubmissionId),
  }
  const errors: Errors = {}
  const required = [['worries', PARTNER_MESSAGES.worriesMissing], ['workingWell', PARTNER_MESSAGES.workingWellMissing], ['needsToHappen', PARTNER_MESSAGES.needsToHappenMissing]] as const
  for (const [field, message] of required) {
    if (values[field] === '') errors[field] = message
    else if (values[field].length > 8000) errors[field] = PARTNER_MESSAGES.columnTooLong
  }
  let scale: number | null = null
  if (/^(10|[0-9])$/.test(values.scale)) scale = Number(values.scale)
  else if (values.scale !== '' && values.scale !== 'none') errors.scale = PARTNER_MESSAGES.reportScaleInvalid
  if (Object.keys(errors).length > 0) return { values, errors }
  return { values, errors, input: { worries: values.worries, workingWell: values.workingWell, needsToHappen: values.needsToHappen, scale } }
}

export interface MeetingValues { title: string; heldOn: string; startsAt: string; place: string; submissionId: string }

export interface MeetingInput { title: string; heldOn: string; startsAt: string; place: string }

export function readMeeting(body: unknown): { values: MeetingValues; input?: MeetingInput; errors: Errors } {
  const values = {
    title: longText(body, 'title', 200), heldOn: formText(body, 'heldOn', 40), startsAt: formText(body, 'startsAt', 20), place: longText(body, 'place', 300),
    submissionId: submissionIdOf(body, newSubmissionId),
  }
  const errors: Errors = {}
  if (values.title === '') errors.title = PARTNER_MESSAGES.titleMissing
  else if (values.title.length > 200) errors.title = PARTNER_MESSAGES.titleTooLong
  const heldOn = parseDate(values.heldOn)
  if (heldOn === undefined) errors.heldOn = values.heldOn === '' ? PARTNER_MESSAGES.dateMissing : PARTNER_MESSAGES.dateInvalid
  const startsAt = parseClockTime(values.startsAt)
  if (startsAt === undefined) errors.startsAt = values.startsAt === '' ? PARTNER_MESSAGES.timeMissing : PARTNER_MESSAGES.timeInvalid
  if (values.place.length > 300) errors.place = PARTNER_MESSAGES.placeTooLong
  if (Object.keys(errors).length > 0 || heldOn === undefined || startsAt === undefined) return { values, errors }
  return { values, errors, input: { title: values.title, heldOn, startsAt, place: values.place } }
}
