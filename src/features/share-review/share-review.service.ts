import type { Transaction } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import type { MapCategory, LevelOfHelp } from '../../db/schema/index.js'
import { CASEWORKERS, familyWords, hiddenValueMatcher, valuesHiddenFromFamily, type FamilyRecord } from '../../family-record/index.js'
import { acronymsFor, coach, termsInUse, type TextKind } from '../language/index.js'
import { COACH_KIND, describeVoice, entriesAt, findFamilyMap } from '../map/index.js'
import { findPlan, rulesAt } from '../plan/index.js'
import { childWordsKeptFrom } from '../voice/index.js'
import { bookletText } from '../booklets/index.js'
import { NotFoundError } from '../../platform/http/errors.js'

/** One piece of advice from the coach on a text. */
export interface Advice { message: string; suggestion: string }

/** One text that will reach the family, as written and as the family will read it, with the coach's advice on it. */
export interface ReviewedText {
  /** The field of the entry or rule ("Who makes sure"), when the thing has more than one. */
  field?: string
  written: string
  /** As the family's copies will have it (acronyms written out, anything hidden from the family blanked). */
  familyReads: string
  advice: Advice[]
}

/** Something the worker can change, holding one or more texts: a map entry or a plan rule. */
export interface ReviewedThing {
  id: string
  kind: 'map-entry' | 'plan-rule'
  category?: MapCategory
  ruleKind?: 'rule' | 'bottom-line'
  by?: string
  texts: ReviewedText[]
}

export interface FamilyCopyReview {
  mapVersion: number
  planVersion: number
  level: LevelOfHelp | undefined
  entries: ReviewedThing[]
  rules: ReviewedThing[]
}

export type ShareResult = { outcome: 'shared' } | { outcome: 'changed'; mapVersion: number; planVersion: number }

const RULE_FIELDS = [
  { key: 'text', name: 'The rule' },
  { key: 'whoMakesSure', name: 'Who makes sure' },
  { key: 'warningSigns', name: 'Warning signs' },
  { key: 'ifBroken', name: 'If the rule is broken' },
] as const

/**
 * The check before sharing with a family: every text their copies of the map and the plan hold,
 * the coach's advice beside each, and the worker's confirmation that they have checked it.
 */
export function createShareReviewService(deps: { familyRecord: FamilyRecord }) {
  const { familyRecord } = deps

  /** How to check a text: the coach's advice, and what the family will read. */
  async function checker(tx: Transaction, familyId: string) {
    const terms = await termsInUse(tx)
    const acronyms = acronymsFor(terms)
    const hidden = hiddenValueMatcher(await valuesHiddenFromFamily(tx, familyId))
    const spelledOut = new Map(acronyms.map((entry) => [entry.acronym, entry.spelledOut]))
    return (written: string, kind: TextKind, field?: string): ReviewedText => ({
      ...(field === undefined ? {} : { field }),
      written,
      familyReads: hidden.blank(familyWords(written, acronyms)),
      advice: coach(written, kind, terms).findings.map((finding) => {
        // An acronym the family's copies write out: say what they will read, so the worker can decide whether that is plain enough.
        const words = finding.rule === 'acronym' ? spelledOut.get(written.slice(finding.start, finding.end)) : undefined
        return {
          message: finding.message,
          suggestion: words === undefined ? finding.suggestion : `The family's copies will write it out as "${words}". If that is still hard to follow, say it in everyday words, for example: ${finding.suggestion}.`,
        }
      }),
    })
  }

  return {
    async familyCopy(actor: Actor, familyId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'share-review.viewed', roles: CASEWORKERS }, async ({ tx, family, audit }) => {
        const reviewed = await checker(tx, familyId)

        const map = await findFamilyMap(tx, familyId)
        // What a child chose to keep from their parents never reaches the family's copies, so it is not checked here.
        const keptFromParents = await childWordsKeptFrom(tx, familyId, 'parents')
        const entries = map === undefined ? [] : (await entriesAt(tx, map.id)).filter((entry) => entry.childWordsId === null || !keptFromParents.has(entry.childWordsId))
        const plan = await findPlan(tx, familyId)
        const rules = plan === undefined ? [] : await rulesAt(tx, plan.id)

        const review: FamilyCopyReview = {
          mapVersion: map?.version ?? 0,
          planVersion: plan?.version ?? 0,
          level: map?.level,
          entries: entries.map((entry) => ({
            id: entry.entryId, kind: 'map-entry', category: entry.category, by: describeVoice(entry.saidByName, entry.saidByKind),
            texts: [reviewed(entry.text, COACH_KIND[entry.category])],
          })),
          rules: rules.map((rule) => ({
            id: rule.ruleId, kind: 'plan-rule', ruleKind: rule.kind,
            texts: RULE_FIELDS.filter((field) => rule[field.key].trim() !== '')
              .map((field) => reviewed(rule[field.key], 'family', rule.kind === 'bottom-line' && field.key === 'text' ? 'The bottom line' : field.name)),
          })),
        }
        const texts = [...review.entries, ...review.rules].flatMap((thing) => thing.texts)
        audit.details = { mapVersion: review.mapVersion, planVersion: review.planVersion, texts: texts.length, withAdvice: texts.filter((text) => text.advice.length > 0).length }
        return { family, review }
      })
    },

    /** A words and pictures booklet before it goes to the parents for their comments: its title and each page, written for a child. */
    async booklet(actor: Actor, familyId: string, bookletId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'share-review.booklet-viewed', roles: CASEWORKERS }, async ({ tx, family, audit }) => {
        const booklet = await bookletText(tx, familyId, bookletId)
        if (booklet === undefined) throw new NotFoundError('booklet')
        const reviewed = await checker(tx, familyId)
        const texts = [reviewed(booklet.title, 'family', 'Title'), ...booklet.pages.map((page, index) => reviewed(page, 'child', `Page ${String(index + 1)}`))]
        audit.subjectType = 'booklet'
        audit.subjectId = booklet.id
        audit.details = { version: booklet.version, texts: texts.length, withAdvice: texts.filter((text) => text.advice.length > 0).length }
        return { family, booklet, texts }
      })
    },

    /**
     * The worker has checked every text and shares the family's copies. Refused when the map or
     * the plan changed since the page was opened, so what was checked is what is shared.
     */
    async shareFamilyCopy(actor: Actor, familyId: string, checked: { mapVersion: number; planVersion: number }): Promise<ShareResult> {
      return familyRecord.withFamily(actor, familyId, { action: 'share-review.shared', roles: CASEWORKERS }, async ({ tx, audit }) => {
        const mapVersion = (await findFamilyMap(tx, familyId))?.version ?? 0
        const planVersion = (await findPlan(tx, familyId))?.version ?? 0
        if (mapVersion !== checked.mapVersion || planVersion !== checked.planVersion) {
          audit.outcome = 'failure'
          audit.details = { reason: 'changed-since', checked, mapVersion, planVersion }
          return { outcome: 'changed', mapVersion, planVersion }
        }
        audit.details = { mapVersion, planVersion }
        return { outcome: 'shared' }
      })
    },
  }
}

export type ShareReviewService = ReturnType<typeof createShareReviewService>
