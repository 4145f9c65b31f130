import crypto from 'node:crypto'
import { formChoice, formText, submissionIdOf } from '../../platform/http/form.js'
import { CHECK_IN_RESULTS, type CheckInResult } from '../../db/schema/plans.js'
import { parseDate } from '../families/index.js'
import { isId } from '../../platform/http/params.js'

/** What a family or network member is told when something they sent needs changing: plain words, saying what to do. */
export const FAMILY_SPACE_MESSAGES = {
  commentMissing: 'Write your comment',
  commentTooLong: 'Your comment must be 2,000 characters or fewer',
  scoreMissing: 'Choose a number from 0 to 10',
  whyTooLong: 'Why you chose this number must be 2,000 characters or fewer',
  higherTooLong: 'What one point higher would look like must be 2,000 characters or fewer',
  ruleMissing: 'Choose the rule you are telling us about',
  resultMissing: 'Choose whether the rule was kept',
  dateMissing: 'Enter the date, like 21/11/2026',
  dateInvalid: 'Enter a real date, like 21/11/2026',
  dateFuture: 'The date must be today or before today',
  dateTooOld: 'The date must be in the last year',
  noteTooLong: 'What happened must be 2,000 characters or fewer',
  answerMissing: 'Choose whether you agree with the plan or would change something',
  changeMissing: 'Say what you would change',
  changeTooLong: 'What you would change must be 2,000 characters or fewer',
  planChanged: 'The plan has changed since you opened this page. Read it again, then tell us what you think.',
  ruleGone: 'That rule has changed since you opened this page. Choose the rule again.',
  noPlan: 'There is no plan to agree with yet.',
} as const

export const LONGEST_TEXT = 2000

type Errors = Record<string, string>

/** A text field, kept as typed (up to a little more than allowed, so that "too long" can be said rather than cut off silently). */
function longText(body: unknown, name: string): string {
  return formText(body, name, LONGEST_TEXT + 1)
}

export function parseComment(body: unknown) {
  const values = { text: longText(body, 'comment'), submissionId: submissionIdOf(body, () => crypto.randomUUID()) }
  const errors: Errors = {}
  if (values.text === '') errors.comment = FAMILY_SPACE_MESSAGES.commentMissing
  else if (values.text.length > LONGEST_TEXT) errors.comment = FAMILY_SPACE_MESSAGES.commentTooLong
  return { values, errors, text: Object.keys(errors).length === 0 ? values.text : undefined }
}

export function parseScale(body: unknown) {
  const values = {
    score: formText(body, 'score', 3), why: longText(body, 'why'), onePointHigher: longText(body, 'onePointHigher'),
    submissionId: submissionIdOf(body, () => crypto.randomUUID()),
  }
  const errors: Errors = {}
  const score = /^(10|\d)$/.test(values.score) ? Number(values.score) : undefined
  if (score === undefined) errors.score = FAMILY_SPACE_MESSAGES.scoreMissing
  // Only the number is asked of a parent: why, and what one point higher would look like, are theirs to add or leave.
  if (values.why.length > LONGEST_TEXT) errors.why = FAMILY_SPACE_MESSAGES.whyTooLong
  if (values.onePointHigher.length > LONGEST_TEXT) errors.onePointHigher = FAMILY_SPACE_MESSAGES.higherTooLong
  const fields = Object.keys(errors).length > 0 || score === undefined ? undefined : { score, why: values.why, onePointHigher: values.onePointHigher }
  return { values, errors, fields }
}

const DAY_MS = 86_400_000

/** A date someone typed for when something happened: a real date, in the last year, not in the future. */
export function parsePastDate(text: string, today: string): { date?: string; error?: string } {
  if (text.trim() === '') return { error: FAMILY_SPACE_MESSAGES.dateMissing }
  const date = parseDate(text)
  if (date === undefined) return { error: FAMILY_SPACE_MESSAGES.dateInvalid }
  if (date > today) return { error: FAMILY_SPACE_MESSAGES.dateFuture }
  if (new Date(`${today}T00:00:00Z`).getTime() - new Date(`${date}T00:00:00Z`).getTime() > 366 * DAY_MS) return { error: FAMILY_SPACE_MESSAGES.dateTooOld }
  return { date }
}

/** A check-in as sent. Whether the rule chosen is still in the plan is the service's to say. */
export function parseCheckIn(body: unknown, today: string) {
  const values = {
    rule: formText(body, 'rule', 40), result: formText(body, 'result', 20), checkedOn: formText(body, 'checkedOn', 30), note: longText(body, 'note'),
    submissionId: submissionIdOf(body, () => crypto.randomUUID()),
  }
  const errors: Errors = {}
  if (!isId(values.rule)) errors.rule = FAMILY_SPACE_MESSAGES.ruleMissing
  const result = formChoice<CheckInResult>(body, 'result', CHECK_IN_RESULTS)
  if (result === undefined) errors.result = FAMILY_SPACE_MESSAGES.resultMissing
  const checked = parsePastDate(values.checkedOn, today)
  if (checked.error !== undefined) errors.checkedOn = checked.error
  if (values.note.length > LONGEST_TEXT) errors.note = FAMILY_SPACE_MESSAGES.noteTooLong
  const fields = Object.keys(errors).length > 0 || result === undefined || checked.date === undefined ? undefined
    : { ruleId: values.rule, result, checkedOn: checked.date, note: values.note }
  return { values, errors, fields }
}

export type PlanAnswer = 'agree' | 'change'

export function parseResponse(body: unknown) {
  const values = {
    answer: formText(body, 'answer', 10), change: longText(body, 'change'), planVersion: formText(body, 'planVersion', 10),
    submissionId: submissionIdOf(body, () => crypto.randomUUID()),
  }
  const errors: Errors = {}
  const answer = formChoice<PlanAnswer>(body, 'answer', ['agree', 'change'])
  if (answer === undefined) errors.answer = FAMILY_SPACE_MESSAGES.answerMissing
  else if (answer === 'change' && values.change === '') errors.change = FAMILY_SPACE_MESSAGES.changeMissing
  else if (answer === 'change' && values.change.length > LONGEST_TEXT) errors.change = FAMILY_SPACE_MESSAGES.changeTooLong
  const planVersion = /^\d{1,9}$/.test(values.planVersion) ? Number(values.planVersion) : undefined
  if (planVersion === undefined && answer !== undefined) errors.answer = FAMILY_SPACE_MESSAGES.planChanged
  const fields = Object.keys(errors).length > 0 || answer === undefined || planVersion === undefined ? undefined
    : { answer, change: answer === 'change' ? values.change : '', planVersion }
  return { values, errors, fields }
}
