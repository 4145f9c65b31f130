import { formatDate } from '../../platform/views/setup.js'
import type { ChildWordsItem } from '../voice/index.js'
import { sharingText } from '../voice/index.js'
import type { RuleState } from './plan.repository.js'
import type { Summary } from './check-in-summary.js'
import { todayInLondon } from '../../platform/time.js'

export const planPaths = {
  plan: (familyId: string) => `/families/${familyId}/plan`,
  newRule: (familyId: string, kind: 'rule' | 'bottom-line') => `/families/${familyId}/plan/rules/new?kind=${kind}`,
  editRule: (familyId: string, ruleId: string) => `/families/${familyId}/plan/rules/${ruleId}/edit`,
  removeRule: (familyId: string, ruleId: string) => `/families/${familyId}/plan/rules/${ruleId}/remove`,
  agree: (familyId: string) => `/families/${familyId}/plan/agree`,
  checkIns: (familyId: string) => `/families/${familyId}/plan/check-ins/new`,
  goalTimes: (familyId: string) => `/families/${familyId}/plan/goal-times`,
  newStage: (familyId: string) => `/families/${familyId}/plan/stages/new`,
  removeStage: (familyId: string, stageId: string) => `/families/${familyId}/plan/stages/${stageId}/remove`,
  print: (familyId: string, reader = 'family') => `/families/${familyId}/plan/print?for=${reader}`,
  pdf: (familyId: string, reader = 'family') => `/families/${familyId}/plan/plan.pdf?for=${reader}`,
}

/** A rule as the plan page shows it: what it answers, who makes sure, and how it is going. */
export function presentRule(familyId: string, rule: RuleState, context: { statements: { id: string; text: string }[]; words: ChildWordsItem[]; summaries: Map<string, Summary>; editable: boolean }) {
  const summary = context.summaries.get(rule.ruleId)
  return {
    id: rule.ruleId, kind: rule.kind, text: rule.text, version: rule.version,
    statement: context.statements.find((statement) => statement.id === rule.statementEntryId)?.text,
    whoMakesSure: rule.whoMakesSure, warningSigns: rule.warningSigns, ifBroken: rule.ifBroken,
    childWords: context.words.filter((item) => rule.childWordsIds.includes(item.id)).map((item) => ({
      words: item.words, childName: item.childName, workersOnly: !item.parentsMaySee && !item.networkMaySee, sharing: sharingText(item.parentsMaySee, item.networkMaySee, item.childName),
    })),
    summary: summary?.text ?? 'Not checked yet',
    last: summary?.last === undefined ? undefined : `${formatDate(summary.last.checkedOn)}: ${summary.last.result === 'kept' ? 'kept' : summary.last.result === 'not-kept' ? 'not kept' : 'not tested'}`,
    typed: `Written by ${rule.typedByName}, ${formatDate(todayInLondon(rule.typedAt))}`,
    editHref: context.editable ? planPaths.editRule(familyId, rule.ruleId) : undefined,
    removeHref: context.editable ? planPaths.removeRule(familyId, rule.ruleId) : undefined,
  }
}

export const RESULT_TEXT = { 'kept': 'Kept', 'not-kept': 'Not kept', 'not-tested': 'Not tested' } as const
