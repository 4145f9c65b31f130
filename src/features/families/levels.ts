import type { LevelOfHelp } from '../../db/schema/families.js'

/**
 * The words follow the level of help; the structure does not. One table, used by every page,
 * document and check, so stepping up or down changes the words everywhere at once.
 */
export interface LevelVocabulary {
  name: string
  framework: string
  statement: string
  statements: string
  goal: string
  goals: string
  scale: string
}

export const LEVEL_VOCABULARY: Record<LevelOfHelp, LevelVocabulary> = {
  'early-help': { name: 'Early help', framework: 'Signs of Wellbeing', statement: 'worry statement', statements: 'worry statements', goal: 'wellbeing goal', goals: 'wellbeing goals', scale: 'wellbeing scale' },
  'child-in-need': { name: 'Child in need', framework: 'Signs of Safety', statement: 'danger statement', statements: 'danger statements', goal: 'safety goal', goals: 'safety goals', scale: 'safety scale' },
  'child-protection': { name: 'Child protection', framework: 'Signs of Safety', statement: 'danger statement', statements: 'danger statements', goal: 'safety goal', goals: 'safety goals', scale: 'safety scale' },
  'child-looked-after': { name: 'Child looked after', framework: 'Signs of Success', statement: 'worry statement', statements: 'worry statements', goal: 'success goal', goals: 'success goals', scale: 'success scale' },
}

const ORDER: LevelOfHelp[] = ['early-help', 'child-in-need', 'child-protection', 'child-looked-after']

/** Moving to a higher level of help is a step up; to a lower one, a step down. */
export function directionOfChange(from: LevelOfHelp, to: LevelOfHelp): 'step-up' | 'step-down' | 'same' {
  const difference = ORDER.indexOf(to) - ORDER.indexOf(from)
  return difference > 0 ? 'step-up' : difference < 0 ? 'step-down' : 'same'
}
