import type { LevelOfHelp } from '../../db/schema/index.js'
import { categoryNames, mapPaths } from '../map/index.js'
import { planPaths } from '../plan/index.js'
import { bookletPaths, type BookletText } from '../booklets/index.js'
import type { FamilyCopyReview, ReviewedText, ReviewedThing } from './share-review.service.js'

export const shareReviewPaths = {
  familyCopy: (familyId: string) => `/families/${familyId}/share-review`,
  booklet: (familyId: string, bookletId: string) => bookletPaths.check(familyId, bookletId),
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function plural(count: number, one: string, many: string): string {
  return `${String(count)} ${count === 1 ? one : many}`
}

/** What the coach found, said in one sentence worked out from the texts themselves. */
export function adviceSummary(texts: number, withAdvice: number, nothingYet: string): string {
  if (texts === 0) return nothingYet
  if (withAdvice === 0) return `The coach has no advice on any of the ${plural(texts, 'text', 'texts')}.`
  return `The coach has advice on ${String(withAdvice)} of the ${plural(texts, 'text', 'texts')}.`
}

function thingName(thing: ReviewedThing, level: LevelOfHelp): string {
  if (thing.kind === 'plan-rule') return thing.ruleKind === 'bottom-line' ? 'Bottom line' : 'Rule'
  return capitalise(categoryNames(level)[thing.category ?? 'strength'].singular)
}

/** Each card's title names it uniquely ("Danger statement 2"), because the title is what each "Change" link is read out with. */
function presentThings(familyId: string, things: ReviewedThing[], level: LevelOfHelp, changed: string | undefined) {
  const totals = new Map<string, number>()
  for (const thing of things) totals.set(thingName(thing, level), (totals.get(thingName(thing, level)) ?? 0) + 1)
  const seen = new Map<string, number>()
  return things.map((thing) => {
    const name = thingName(thing, level)
    const number = (seen.get(name) ?? 0) + 1
    seen.set(name, number)
    return presentThing(familyId, thing, (totals.get(name) ?? 0) > 1 ? `${name} ${String(number)}` : name, changed)
  })
}

function presentThing(familyId: string, thing: ReviewedThing, name: string, changed: string | undefined) {
  const back = shareReviewPaths.familyCopy(familyId)
  const edit = thing.kind === 'map-entry' ? mapPaths.edit(familyId, thing.id) : planPaths.editRule(familyId, thing.id)
  return {
    anchor: `text-${thing.id}`,
    title: thing.by === undefined ? name : `${name}, said by ${thing.by}`,
    changeHref: `${edit}?returnTo=${encodeURIComponent(back)}`,
    changed: thing.id === changed,
    rows: thing.texts.map((text) => ({
      key: text.field ?? 'Text',
      written: text.written,
      familyReads: text.familyReads === text.written ? undefined : text.familyReads,
      advice: text.advice,
    })),
  }
}

export function presentFamilyCopyReview(familyId: string, familyName: string, review: FamilyCopyReview, options: { changed?: string; shared: boolean }) {
  const level = review.level ?? 'child-protection'
  const things = [...review.entries, ...review.rules]
  const texts = things.flatMap((thing) => thing.texts)
  const withAdvice = texts.filter((text) => text.advice.length > 0).length
  const writtenOut = texts.filter((text) => text.familyReads !== text.written).length
  return {
    familyName, familyId,
    mapVersion: review.mapVersion, planVersion: review.planVersion,
    summary: adviceSummary(texts.length, withAdvice, 'There is nothing on the map or the plan to share yet.'),
    writtenOut: writtenOut === 0 ? undefined : `${plural(writtenOut, 'text will', 'texts will')} read differently in the family's copies: acronyms are written out, and anything kept from the family is left out.`,
    hasAdvice: withAdvice > 0,
    nothing: texts.length === 0,
    changed: options.changed !== undefined && things.some((thing) => thing.id === options.changed),
    shared: options.shared,
    sections: [
      { id: 'map', heading: 'The map', empty: 'There is nothing on the map yet.', things: presentThings(familyId, review.entries, level, options.changed) },
      { id: 'plan', heading: 'The safety plan', empty: 'There are no rules in the plan yet.', things: presentThings(familyId, review.rules, level, options.changed) },
    ],
    copies: [
      { name: 'The map (family version)', print: `${mapPaths.map(familyId)}/print`, pdf: `${mapPaths.map(familyId)}/family-version.pdf` },
      { name: 'The safety plan (family copy)', print: planPaths.print(familyId), pdf: planPaths.pdf(familyId) },
    ],
    paths: { action: shareReviewPaths.familyCopy(familyId), map: mapPaths.map(familyId), plan: planPaths.plan(familyId), sharing: `/families/${familyId}/sharing`, family: `/families/${familyId}` },
  }
}

const BOOKLET_STATUS_TEXT = {
  'with-parents': 'This booklet is already with the parents for their comments.',
  'agreed': 'The parents have agreed this booklet.',
} as const

/** A booklet before it goes to the parents: the title and each page, each with its own "Change" link back to here. */
export function presentBookletReview(familyId: string, familyName: string, booklet: BookletText, texts: ReviewedText[], options: { changed?: string }) {
  const back = shareReviewPaths.booklet(familyId, booklet.id)
  const withAdvice = texts.filter((text) => text.advice.length > 0).length
  return {
    familyName, familyId, childName: booklet.childName, title: booklet.title, version: booklet.version,
    summary: adviceSummary(texts.length, withAdvice, 'There is nothing in this booklet yet.'),
    hasAdvice: withAdvice > 0,
    changed: options.changed !== undefined && /^page-\d+$/.test(options.changed),
    draft: booklet.status === 'draft',
    statusText: booklet.status === 'draft' ? undefined : BOOKLET_STATUS_TEXT[booklet.status],
    things: texts.map((text, index) => {
      // Each page is changed on its own form; the title is set when the booklet is started.
      const anchor = index === 0 ? 'text-title' : `text-page-${String(index)}`
      return {
        anchor, title: text.field ?? '', changed: options.changed === `page-${String(index)}`,
        changeHref: index === 0 ? undefined : `${bookletPaths.editPage(familyId, booklet.id, index)}?returnTo=${encodeURIComponent(back)}`,
        rows: [{ key: 'Text', written: text.written, familyReads: text.familyReads === text.written ? undefined : text.familyReads, advice: text.advice }],
      }
    }),
    paths: { booklet: bookletPaths.booklet(familyId, booklet.id), status: bookletPaths.status(familyId, booklet.id) },
  }
}
