import type { LevelOfHelp } from '../../db/schema/families.js'
import type { MapCategory } from '../../db/schema/maps.js'
import { formatDate, formatDateTime } from '../../platform/views/setup.js'
import { LEVEL_VOCABULARY, levelTag } from '../families/index.js'
import type { EntryState, FamilyCommentRow } from './map.repository.js'
import type { LatestScale } from './map.service.js'
import { CATEGORY_HINTS, COLUMNS, categoryNames, describeContributor, describeVoice } from './map.vocabulary.js'

export const mapPaths = {
  map: (familyId: string) => `/families/${familyId}/map`,
  add: (familyId: string, category: MapCategory) => `/families/${familyId}/map/add/${category}`,
  edit: (familyId: string, entryId: string) => `/families/${familyId}/map/entries/${entryId}/edit`,
  remove: (familyId: string, entryId: string) => `/families/${familyId}/map/entries/${entryId}/remove`,
  history: (familyId: string) => `/families/${familyId}/map/history`,
  compare: (familyId: string) => `/families/${familyId}/map/compare`,
}

export function presentEntry(familyId: string, entry: EntryState, editable: boolean) {
  return {
    id: entry.entryId,
    text: entry.text,
    voice: describeVoice(entry.saidByName, entry.saidByKind),
    voiceKind: entry.saidByKind,
    /** The child's own words, shown in their own style: "Ava said…". */
    childSaid: entry.childWordsId === null ? undefined : entry.saidByName,
    typed: `Typed by ${entry.typedByName}, ${formatDateTime(entry.typedAt)}`,
    owner: entry.owner,
    due: entry.dueOn === null ? undefined : formatDate(entry.dueOn),
    done: entry.done,
    editHref: editable ? mapPaths.edit(familyId, entry.entryId) : undefined,
    removeHref: editable ? mapPaths.remove(familyId, entry.entryId) : undefined,
  }
}

/** The latest scales, for the map page and its print: the number, who gave it and when; a sentence when there are none. */
export function presentScales(scales: readonly LatestScale[]) {
  return {
    rows: scales.map((scale) => ({ score: scale.score, who: scale.perspectiveName, when: formatDate(scale.heldOn) })),
    nobody: scales.length === 0 ? 'No one has scaled yet.' : undefined,
  }
}

export type GoalWords = Map<string, { childName: string; words: string }[]>

/** What family and network members said about an entry from their own space, marked as theirs. */
export function familyCommentsOn(entryId: string, comments: readonly FamilyCommentRow[]) {
  return comments.filter((comment) => comment.entryId === entryId)
    .map((comment) => ({ who: `Comment from ${describeContributor(comment.authorName, comment.authorKind)}, ${formatDate(comment.createdAt)}`, text: comment.text }))
}

/** How many entries of a section the map page shows before "Show all": the newest ones. */
export const SECTION_LIMIT = 10

/** "Show all 40 harm statements": each kind of entry as counted. */
function countedNames(level: LevelOfHelp): Record<MapCategory, string> {
  const words = LEVEL_VOCABULARY[level]
  return {
    'harm': 'harm statements', 'danger': words.statements, 'complicating': 'complicating factors', 'strength': 'strengths',
    'safety': 'examples of existing safety', 'goal': words.goals, 'next-step': 'next steps', 'grey-area': 'grey areas',
  }
}

export function presentMap(familyId: string, familyName: string, level: LevelOfHelp, entries: EntryState[], options: {
  editable: boolean; version: number; latest: boolean; goalWords?: GoalWords; familyComments?: readonly FamilyCommentRow[]
  /** The section shown in full; every other shows its newest SECTION_LIMIT entries. */
  expanded?: MapCategory
}) {
  const names = categoryNames(level)
  const counted = countedNames(level)
  // Every goal shows which of the children's words it answers (the child's view governs the plan).
  const commentsByEntry = new Map<string, FamilyCommentRow[]>()
  for (const comment of options.familyComments ?? []) commentsByEntry.set(comment.entryId, [...(commentsByEntry.get(comment.entryId) ?? []), comment])
  const withComments = (entry: EntryState) => ({ ...presentEntry(familyId, entry, options.editable), familyComments: familyCommentsOn(entry.entryId, commentsByEntry.get(entry.entryId) ?? []) })
  const presentGoal = (goal: EntryState) => ({
    ...withComments(goal),
    childWords: (options.goalWords?.get(goal.entryId) ?? []).map((item) => ({ childName: item.childName, words: item.words })),
    childWordsHref: options.editable ? `/families/${familyId}/map/entries/${goal.entryId}/child-words` : undefined,
  })
  const byCategory = new Map<MapCategory, EntryState[]>()
  for (const entry of entries) byCategory.set(entry.category, [...(byCategory.get(entry.category) ?? []), entry])
  const goals = byCategory.get('goal') ?? []
  const goalOf = new Map(goals.flatMap((goal) => (goal.pairedEntryId === null ? [] : [[goal.pairedEntryId, goal] as const])))
  const byId = new Map(entries.map((entry) => [entry.entryId, entry]))
  // Links between a statement and its goal reach the goal even when its section shows only the newest.
  const versionQuery = options.latest ? '' : `version=${String(options.version)}&`
  const mapHref = mapPaths.map(familyId)
  const shownIn = (category: MapCategory): readonly EntryState[] => {
    const all = byCategory.get(category) ?? []
    return category === options.expanded || all.length <= SECTION_LIMIT ? all : all.slice(-SECTION_LIMIT)
  }
  const shownGoals = new Set(shownIn('goal').map((goal) => goal.entryId))
  const section = (category: MapCategory) => {
    const all = byCategory.get(category) ?? []
    const shown = shownIn(category)
    return {
      category,
      heading: names[category].plural,
      hint: CATEGORY_HINTS[category],
      addHref: options.editable && category !== 'goal' ? mapPaths.add(familyId, category) : undefined,
      addText: `Add ${/^[aeiou]/.test(names[category].singular) ? 'an' : 'a'} ${names[category].singular}`,
      total: all.length,
      limit: SECTION_LIMIT,
      hiddenCount: all.length - shown.length,
      countedName: counted[category],
      showAllHref: shown.length < all.length ? `${mapHref}?${versionQuery}all=${category}#section-${category}` : undefined,
      showFewerHref: category === options.expanded && all.length > SECTION_LIMIT ? `${mapHref}${options.latest ? '' : `?version=${String(options.version)}`}#section-${category}` : undefined,
      entries: shown.map((entry) => {
        if (category === 'danger') {
          const goal = goalOf.get(entry.entryId)
          return { ...withComments(entry),
            goal: goal === undefined ? undefined : { id: goal.entryId, text: goal.text, href: shownGoals.has(goal.entryId) ? `#entry-${goal.entryId}` : `${mapHref}?${versionQuery}all=goal#entry-${goal.entryId}` },
            addGoalHref: goal === undefined && options.editable ? `${mapPaths.add(familyId, 'goal')}?statement=${entry.entryId}` : undefined }
        }
        if (category === 'goal') {
          const statement = entry.pairedEntryId === null ? undefined : byId.get(entry.pairedEntryId)
          return { ...presentGoal(entry), answers: statement === undefined ? undefined : statement.text }
        }
        return withComments(entry)
      }),
    }
  }
  const unpaired = (byCategory.get('danger') ?? []).filter((statement) => !goalOf.has(statement.entryId)).length
  return {
    familyId, familyName,
    tag: levelTag(level),
    vocabulary: LEVEL_VOCABULARY[level],
    names,
    columns: COLUMNS.map((column) => ({ heading: column.heading, sections: column.categories.map(section) })),
    greyAreas: section('grey-area'),
    unpaired,
    version: options.version,
    latest: options.latest,
    editable: options.editable,
    paths: { map: mapPaths.map(familyId), history: mapPaths.history(familyId), compare: mapPaths.compare(familyId), family: `/families/${familyId}` },
  }
}
