import type { ChildTool } from '../../db/schema/voice.js'

export interface ToolPart { part: string; heading: string; hint: string; kind: 'worry' | 'good' | 'dream' | 'safety' }

/** The child's tools, each with its parts, in the words a worker uses with a child. */
export const TOOLS: Record<ChildTool, { name: string; description: string; parts: ToolPart[] }> = {
  'three-houses': {
    name: 'Three houses',
    description: 'The house of worries, the house of good things and the house of dreams.',
    parts: [
      { part: 'worries', heading: 'House of worries', hint: 'What the child worries about, in their own words.', kind: 'worry' },
      { part: 'good-things', heading: 'House of good things', hint: 'What is good in the child\'s life.', kind: 'good' },
      { part: 'dreams', heading: 'House of dreams', hint: 'How the child would like things to be.', kind: 'dream' },
    ],
  },
  'wizard-fairy': {
    name: 'Wizard or fairy',
    description: 'The same three questions for younger children, through a wizard or fairy the child draws.',
    parts: [
      { part: 'worries', heading: 'Worries the wizard or fairy would take away', hint: 'What the child worries about, in their own words.', kind: 'worry' },
      { part: 'good-things', heading: 'Good things they would keep', hint: 'What is good in the child\'s life.', kind: 'good' },
      { part: 'dreams', heading: 'Wishes they would make come true', hint: 'How the child would like things to be.', kind: 'dream' },
    ],
  },
  'safety-house': {
    name: 'Safety house',
    description: 'Who lives in the child\'s safe house, who visits, the house rules, and who the child does not feel safe with.',
    parts: [
      { part: 'lives-there', heading: 'Who lives in the safe house', hint: 'The people the child wants living with them.', kind: 'safety' },
      { part: 'visits', heading: 'Who visits', hint: 'People who may visit, and anything the child says about how.', kind: 'safety' },
      { part: 'rules', heading: 'The house rules', hint: 'The rules that keep the child safe, in the child\'s words.', kind: 'safety' },
      { part: 'not-safe', heading: 'People the child does not feel safe with', hint: 'Outside the house: who, and why, in the child\'s words.', kind: 'worry' },
    ],
  },
}

export function partOf(tool: ChildTool, part: string): ToolPart | undefined {
  return TOOLS[tool].parts.find((candidate) => candidate.part === part)
}

/** Who beyond the workers may see something the child said, in words for staff screens. */
export function sharingText(parentsMaySee: boolean, networkMaySee: boolean, childName: string): string {
  if (parentsMaySee && networkMaySee) return 'Parents and the safety network may see this'
  if (parentsMaySee) return 'Parents may see this, not the safety network'
  if (networkMaySee) return 'The safety network may see this, not parents'
  return `Workers only: ${childName} chose not to share this`
}
