import type { LevelOfHelp } from '../../db/schema/families.js'
import type { MapCategory, VoiceKind } from '../../db/schema/maps.js'
import type { FamilyAccessKind } from '../../db/schema/sharing.js'
import { LEVEL_VOCABULARY } from '../families/index.js'

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** The name of each part of the map at a level of help: the words change, the structure does not. */
export function categoryNames(level: LevelOfHelp): Record<MapCategory, { plural: string; singular: string }> {
  const words = LEVEL_VOCABULARY[level]
  return {
    'harm': { plural: 'Harm', singular: 'harm statement' },
    'danger': { plural: capitalise(words.statements), singular: words.statement },
    'complicating': { plural: 'Complicating factors', singular: 'complicating factor' },
    'strength': { plural: 'Existing strengths', singular: 'strength' },
    'safety': { plural: 'Existing safety', singular: 'example of existing safety' },
    'goal': { plural: capitalise(words.goals), singular: words.goal },
    'next-step': { plural: 'Next steps', singular: 'next step' },
    'grey-area': { plural: 'Grey areas: what we do not know yet', singular: 'grey area' },
  }
}

export const CATEGORY_HINTS: Record<MapCategory, string> = {
  'harm': 'What has already happened to a child because of what a parent or carer did or did not do, and what it did to the child.',
  'danger': 'Who is worried, about what a parent or carer does, and what could happen to the child if nothing changes.',
  'complicating': 'Things that make the worries harder to sort out, like money, where the family lives, or people disagreeing. Not harm.',
  'strength': 'Good things in the family, their network and community.',
  'safety': 'Things people have actually done to keep a child safe when the danger was there.',
  'goal': 'What everyone needs to see the parents doing, for how long, before the agency steps back. What people will see, not what will stop.',
  'next-step': 'A small action, who will do it and by when.',
  'grey-area': 'Something we do not know yet, or people see differently.',
}

export const VOICE_NAMES: Record<VoiceKind, string> = {
  'family-member': 'Family member',
  'child': 'Child or young person',
  'worker': 'Worker',
  'partner-agency': 'Partner agency',
  'network-member': 'Network member',
}

/** What the coach checks each kind of entry as. */
export const COACH_KIND: Record<MapCategory, 'danger' | 'harm' | 'goal' | 'next-step' | 'strength' | 'safety' | 'complicating' | 'family'> = {
  'harm': 'harm', 'danger': 'danger', 'complicating': 'complicating', 'strength': 'strength', 'safety': 'safety', 'goal': 'goal', 'next-step': 'next-step', 'grey-area': 'family',
}

export const COLUMNS: { heading: string; categories: MapCategory[] }[] = [
  { heading: 'What are we worried about?', categories: ['harm', 'danger', 'complicating'] },
  { heading: 'What\'s working well?', categories: ['strength', 'safety'] },
  { heading: 'What needs to happen?', categories: ['goal', 'next-step'] },
]

/** "Claire (mum)" as written, or "Jean Pollard (network member)" when the name does not say who they are. */
export function describeVoice(name: string, kind: VoiceKind): string {
  return name.includes('(') ? name : `${name} (${VOICE_NAMES[kind].toLowerCase()})`
}

/** Who added something from their family's own space, as staff see it beside what they added. */
export const CONTRIBUTOR_LABELS: Record<FamilyAccessKind, string> = {
  'parent-carer': 'family',
  'young-person': 'young person',
  'network-member': 'safety network',
}

/** "Claire Ashworth (family)": someone who added this themselves, from their family's space. */
export function describeContributor(name: string, kind: FamilyAccessKind | null): string {
  return `${name} (${CONTRIBUTOR_LABELS[kind ?? 'parent-carer']})`
}
