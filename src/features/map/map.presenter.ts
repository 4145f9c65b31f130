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

export function presentMap(familyId: string, familyName: string, level: LevelOfHelp, entries: EntryState[], options: { editable: boolean; version: number; latest: boolean; goalWords?: GoalWords; familyComments?: readonly FamilyCommentRow[] }) {
  const names = categoryNames(level)
  // Every goal shows which of the children's words it answers (the child's view governs the plan).
  const withComments = (entry: EntryState) => ({ ...presentEntry(familyId, entry, options.editable), familyComments: familyCommentsOn(entry.entryId, options.familyComments ?? []) })
  const presentGoal = (goal: EntryState) => ({
    ...withComments(goal),
    childWords: (options.goalWords?.get(goal.entryId) ?? []).map((item) => ({ childName: item.childName, words: item.words })),
    childWordsHref: options.editable ? `/families/${familyId}/map/entries/${goal.entryId}/child-words` : undefined,
  })
  const byCategory = (category: MapCategory) => entries.filter((entry) => entry.category === category)
  const goals = byCategory('goal')
  const section = (category: MapCategory) => ({
    category,
    heading: names[category].plural,
    hint: CATEGORY_HINTS[category],
    addHref: options.editable && category !== 'goal' ? mapPaths.add(familyId, category) : undefined,
    addText: `Add ${/^[aeiou]/.test(names[category].singular) ? 'an' : 'a'} ${names[category].singular}`,
    entries: byCategory(category).map((entry) => {
      const presented = withComments(entry)
      if (category === 'danger') {
        const goal = goals.find((candidate) => candidate.pairedEntryId === entry.entryId)
        return { ...presented, goal: goal === undefined ? undefined : presentGoal(goal),
          addGoalHref: goal === undefined && options.editable ? `${mapPaths.add(familyId, 'goal')}?statement=${entry.entryId}` : undefined }
      }
      if (category === 'goal') {
        const statement = entries.find((candidate) => candidate.entryId === entry.pairedEntryId)
        return { ...presentGoal(entry), answers: statement === undefined ? undefined : statement.text }
      }
      return presented
    }),
  })
  const unpaired = byCategory('danger').filter((statement) => !goals.some((goal) => goal.pairedEntryId === statement.entryId)).length
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
