import { formatDate } from '../../platform/views/setup.js'
import { familyWords, type SpelledOut } from '../../family-record/index.js'
import type { FamilyVersion } from '../map/index.js'
import type { ChildWordsItem } from '../voice/index.js'
import type { RuleState } from './plan.repository.js'
import type { Summary } from './check-in-summary.js'
import type { TrajectoryStage } from './trajectory.js'

export interface PlanDocumentInput {
  familyName: string
  readerName: string
  forNetworkMember: boolean
  childNames: string[]
  planVersion: number
  agreement?: { agreedBy: string; agreedOn: string; planVersion: number }
  rules: RuleState[]
  statements: { id: string; text: string }[]
  /** Only the words the child chose to share with this reader. */
  words: ChildWordsItem[]
  summaries: Map<string, Summary>
  stages: TrajectoryStage[]
  today: string
  /** Written out in every copy, as on the family's map. */
  acronyms: readonly SpelledOut[]
}

function listOf(names: string[]): string {
  if (names.length === 0) return 'the children'
  if (names.length === 1) return names[0] ?? ''
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`
}

/**
 * The safety plan as its reader has it: the family's rules in their words first, then the agency's
 * bottom lines, then the steps ahead. One model feeds the print page and the PDF.
 */
export function buildPlanDocument(input: PlanDocumentInput): FamilyVersion {
  const children = listOf(input.childNames)
  const agreed = input.agreement === undefined ? 'This plan has not been agreed yet.'
    : input.agreement.planVersion === input.planVersion ? `Agreed by ${input.agreement.agreedBy} on ${formatDate(input.agreement.agreedOn)}.`
      : `An earlier version was agreed by ${input.agreement.agreedBy} on ${formatDate(input.agreement.agreedOn)}. This version has changed since.`
  const plain = (text: string): string => familyWords(text, input.acronyms)
  const ruleItem = (rule: RuleState) => {
    const statement = input.statements.find((candidate) => candidate.id === rule.statementEntryId)
    const said = input.words.filter((item) => rule.childWordsIds.includes(item.id) && item.words !== '')
    const lines = [
      statement === undefined ? '' : `Why: ${plain(statement.text)}`,
      rule.whoMakesSure === '' ? '' : `Who makes sure: ${plain(rule.whoMakesSure)}`,
      rule.warningSigns === '' ? '' : `Warning signs: ${plain(rule.warningSigns)}`,
      rule.ifBroken === '' ? '' : `If the rule is broken: ${plain(rule.ifBroken)}`,
      ...said.map((item) => `${item.childName} said: "${item.words}"`),
      rule.kind === 'rule' ? `How it is going: ${input.summaries.get(rule.ruleId)?.text ?? 'Not checked yet'}.` : '',
    ].filter((line) => line !== '')
    return { text: plain(rule.text), detail: lines.join('\n') }
  }
  return {
    title: input.forNetworkMember ? `The safety plan for ${children}: a copy for ${input.readerName}` : `Our safety plan for ${children}`,
    intro: `${input.forNetworkMember ? `${input.readerName}, you are part of the safety network for ${children}. ` : ''}This is the plan the family made with their safety network to keep ${children} safe. Version ${String(input.planVersion)}. ${agreed}`,
    date: formatDate(input.today),
    sections: [
      {
        heading: 'Our rules', explanation: 'The family\'s rules for everyday life, who makes sure each one happens, and what everyone does if a rule is broken. A broken rule means the network meets again: it is a call to regroup, not a failure.',
        items: input.rules.filter((rule) => rule.kind === 'rule').map(ruleItem),
      },
      {
        heading: 'What children\'s services need to see', explanation: 'These must be true. The family decides how.',
        items: input.rules.filter((rule) => rule.kind === 'bottom-line').map(ruleItem),
      },
      {
        heading: 'The steps ahead', explanation: 'The stages the family is working through, and when each one will be looked at again.',
        items: input.stages.map((stage) => ({ text: stage.sentence, detail: stage.description === '' ? undefined : stage.description })),
      },
    ],
  }
}
