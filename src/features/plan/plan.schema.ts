import { CHECK_IN_RESULTS, RULE_KINDS, type CheckInResult, type RuleKind } from '../../db/schema/plans.js'
import { formChoice, formList, formText } from '../../platform/http/form.js'
import { isAfterToday } from '../../platform/time.js'
import { parseDate } from '../families/index.js'
import type { CheckInEntry, RuleFields } from './plan.service.js'

export const PLAN_MESSAGES = {
  ruleMissing: 'Enter the rule, in the family\'s own everyday words',
  bottomLineMissing: 'Enter the bottom line: what must be true',
  tooLong: 'Keep it to 2,000 characters or fewer',
  statementMissing: 'Select the worry statement this rule answers',
  whoMissing: 'Enter the named people who make sure this happens',
  warningMissing: 'Enter the warning signs that the rule might not be kept',
  brokenMissing: 'Enter what happens if the rule is broken',
  agreedByMissing: 'Select or enter who agreed the plan',
  agreedOnInvalid: 'Enter the date it was agreed, like 27/3/2026',
  checkedOnInvalid: 'Enter the date of the check-in, like 27/3/2026',
  dateFuture: 'The date must be today or in the past',
  checkedByMissing: 'Enter who the check-in was with, for example "Jean (nan)"',
  noResults: 'Answer for at least one rule or goal',
  weeksInvalid: 'Enter a number of weeks from 1 to 104',
  titleMissing: 'Enter what happens at this stage, for example "Supervised time at the family centre"',
  startInvalid: 'Enter the date this stage starts, like 1/12/2026',
  reviewInvalid: 'Enter the review date, like 15/12/2026',
  reviewBeforeStart: 'The review date must be on or after the start date',
} as const

export function parseRule(body: unknown, kindFromPath?: RuleKind) {
  const values = {
    kind: kindFromPath ?? formText(body, 'kind', 20), text: formText(body, 'text', 2100), statement: formText(body, 'statement', 40),
    whoMakesSure: formText(body, 'whoMakesSure', 1000), warningSigns: formText(body, 'warningSigns', 2000), ifBroken: formText(body, 'ifBroken', 2000),
    childWords: formList(body, 'childWords', 100), submissionId: formText(body, 'submissionId', 40), baseVersion: formText(body, 'baseVersion', 10),
  }
  const kind: RuleKind = (RULE_KINDS as readonly string[]).includes(values.kind) ? values.kind as RuleKind : 'rule'
  const errors: Record<string, string> = {}
  if (values.text === '') errors.text = kind === 'rule' ? PLAN_MESSAGES.ruleMissing : PLAN_MESSAGES.bottomLineMissing
  else if (values.text.length > 2000) errors.text = PLAN_MESSAGES.tooLong
  if (kind === 'rule') {
    if (values.statement === '' || values.statement === 'none') errors.statement = PLAN_MESSAGES.statementMissing
    if (values.whoMakesSure === '') errors.whoMakesSure = PLAN_MESSAGES.whoMissing
    if (values.warningSigns === '') errors.warningSigns = PLAN_MESSAGES.warningMissing
    if (values.ifBroken === '') errors.ifBroken = PLAN_MESSAGES.brokenMissing
  }
  if (Object.keys(errors).length > 0) return { kind, values, errors }
  const fields: RuleFields = {
    text: values.text, statementEntryId: values.statement === '' || values.statement === 'none' ? null : values.statement,
    whoMakesSure: values.whoMakesSure, warningSigns: values.warningSigns, ifBroken: values.ifBroken, childWordsIds: [...new Set(values.childWords)],
  }
  return { kind, values, errors, fields }
}

/** `now` is when the form was sent: a date is in the future only after today in London. */
export function parseAgreement(body: unknown, now: Date = new Date()) {
  const values = { agreedBy: formList(body, 'agreedBy', 50), others: formText(body, 'others', 500), agreedOn: formText(body, 'agreedOn', 30), planVersion: formText(body, 'planVersion', 10) }
  const errors: Record<string, string> = {}
  const names = [...values.agreedBy.map((name) => name.trim().slice(0, 200)), ...values.others.split(/[,\n]/).map((name) => name.trim())].filter((name) => name !== '')
  if (names.length === 0) errors.agreedBy = PLAN_MESSAGES.agreedByMissing
  const agreedOn = parseDate(values.agreedOn)
  if (agreedOn === undefined) errors.agreedOn = PLAN_MESSAGES.agreedOnInvalid
  else if (isAfterToday(agreedOn, now)) errors.agreedOn = PLAN_MESSAGES.dateFuture
  const planVersion = /^\d{1,9}$/.test(values.planVersion) ? Number(values.planVersion) : -1
  if (Object.keys(errors).length > 0 || agreedOn === undefined) return { values, errors }
  return { values, errors, fields: { agreedBy: names, agreedOn, planVersion } }
}

export function parseCheckIns(body: unknown, subjects: { ruleIds: string[]; goalIds: string[] }, now: Date = new Date()) {
  const values: Record<string, string> = { checkedOn: formText(body, 'checkedOn', 30), checkedBy: formText(body, 'checkedBy', 200) }
  const entries: CheckInEntry[] = []
  const read = (key: string, subject: { ruleId: string } | { goalEntryId: string }) => {
    const result = formChoice<CheckInResult>(body, `result-${key}`, CHECK_IN_RESULTS)
    const note = formText(body, `note-${key}`, 1000)
    values[`result-${key}`] = result ?? ''
    values[`note-${key}`] = note
    if (result !== undefined) entries.push({ ...subject, result, note })
  }
  for (const ruleId of subjects.ruleIds) read(ruleId, { ruleId })
  for (const goalId of subjects.goalIds) read(goalId, { goalEntryId: goalId })
  const errors: Record<string, string> = {}
  const checkedOn = parseDate(values.checkedOn ?? '')
  if (checkedOn === undefined) errors.checkedOn = PLAN_MESSAGES.checkedOnInvalid
  else if (isAfterToday(checkedOn, now)) errors.checkedOn = PLAN_MESSAGES.dateFuture
  if (values.checkedBy === '') errors.checkedBy = PLAN_MESSAGES.checkedByMissing
  if (entries.length === 0) errors.results = PLAN_MESSAGES.noResults
  if (Object.keys(errors).length > 0 || checkedOn === undefined) return { values, errors }
  return { values, errors, fields: { checkedOn, checkedBy: values.checkedBy ?? '', entries } }
}

export function parseStage(body: unknown) {
  const values = { title: formText(body, 'title', 300), description: formText(body, 'description', 2000), startsOn: formText(body, 'startsOn', 30), reviewOn: formText(body, 'reviewOn', 30) }
  const errors: Record<string, string> = {}
  if (values.title === '') errors.title = PLAN_MESSAGES.titleMissing
  const startsOn = parseDate(values.startsOn)
  const reviewOn = parseDate(values.reviewOn)
  if (startsOn === undefined) errors.startsOn = PLAN_MESSAGES.startInvalid
  if (reviewOn === undefined) errors.reviewOn = PLAN_MESSAGES.reviewInvalid
  else if (startsOn !== undefined && reviewOn < startsOn) errors.reviewOn = PLAN_MESSAGES.reviewBeforeStart
  if (Object.keys(errors).length > 0 || startsOn === undefined || reviewOn === undefined) return { values, errors }
  return { values, errors, fields: { title: values.title, description: values.description, startsOn, reviewOn } }
}

export function parseGoalTimes(body: unknown, goalIds: string[]) {
  const values: Record<string, string> = {}
  const errors: Record<string, string> = {}
  const weeks = new Map<string, number>()
  for (const goalId of goalIds) {
    const value = formText(body, `weeks-${goalId}`, 10)
    values[goalId] = value
    if (value === '') continue
    if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > 104) errors[`weeks-${goalId}`] = PLAN_MESSAGES.weeksInvalid
    else weeks.set(goalId, Number(value))
  }
  return { values, errors, weeks }
}
