import type { DatabaseHandle } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { NotFoundError } from '../../platform/http/errors.js'
import { todayInLondon } from '../../platform/time.js'
import type { CheckInResult, FamilyAccessKind, MapCategory } from '../../db/schema/index.js'
import {
  FAMILY_MEMBERS, childDisplayName, familyChildren, familyWords, valuesHiddenFrom, type AuditNote, type FamilyRecord, type FamilyUnit, type HiddenValue,
} from '../../family-record/index.js'
import { describeContributor, describeVoice, entriesAt, findFamilyMap } from '../map/index.js'
import { DEFAULT_TERMS, acronymsFor, type SpelledOutAcronym } from '../language/index.js'
import { findPlan, rulesAt, summarise } from '../plan/index.js'
import { agreedVersions } from '../booklets/index.js'
import { scalingRecords } from '../scaling/index.js'
import { outOfHours } from '../settings/index.js'
import type { Transaction } from '../../platform/db/database.js'
import * as repository from './family-space.repository.js'
import type { Reader, VisibleChildWords } from './family-space.repository.js'
import { FAMILY_SPACE_MESSAGES, type PlanAnswer } from './family-space.schema.js'

/** An entry on the family's version of the map: only these fields ever leave the service. */
export interface FamilyMapEntry {
  id: string
  category: MapCategory
  text: string
  by: string
  /** The child's own words: whose they are. */
  childSaid?: string
  picture?: { id: string; description: string }
  owner: string | null
  dueOn: string | null
  done: boolean
  /** A goal: the worry it answers, when the reader may see that worry. */
  answers?: string
}

export interface ReaderSummary { name: string; kind: FamilyAccessKind; familyName: string }

export type SaveResult = { outcome: 'saved' | 'already-saved' } | { outcome: 'refused'; field: string; reason: string }

/** Whose view a scale is, on the worker's scaling page. */
const PERSPECTIVES: Record<FamilyAccessKind, 'parent-carer' | 'child' | 'network-member'> = {
  'parent-carer': 'parent-carer', 'young-person': 'child', 'network-member': 'network-member',
}

/**
 * A family or network member's own space: their family's map, plan, words and pictures and meetings,
 * built for them alone, and what they add (comments, their scale, check-ins, what they think of the plan).
 * Every method finds the person's family from their own access first (there is no family id to ask
 * for), reads and writes in one transaction, and writes its audit row last.
 */
export function createFamilySpaceService(deps: { database: DatabaseHandle; familyRecord: FamilyRecord }) {
  const { database, familyRecord } = deps

  /**
   * Which family this person's own access is to (there is no family id to ask for): the one piece of
   * work done before the family's unit of work, because it is what finds the family.
   */
  async function ownFamilyId(actor: Actor): Promise<string | undefined> {
    if (actor.role !== 'family-member') return undefined
    return database.inOrganisation(actor.organisationId, (tx) => repository.memberFamilyId(tx, actor.userId))
  }

  /**
   * A piece of work on the person's own family, through the family's unit of work (their access is
   * checked again there, and the audit row written last), with who they are in the family: the same
   * 404 as a page that does not exist when their access has ended.
   */
  async function asReader<T>(actor: Actor, action: string, work: (unit: FamilyUnit & { reader: Reader }) => Promise<T>, familyId?: string): Promise<T> {
    const id = familyId ?? await ownFamilyId(actor)
    if (id === undefined) throw new NotFoundError('family')
    return familyRecord.withFamily(actor, id, { action, roles: FAMILY_MEMBERS }, async (unit) => {
      const member = await repository.memberAccess(unit.tx, unit.family.id, actor.userId)
      if (member === undefined) throw new NotFoundError('family')
      const reader: Reader = {
        userId: actor.userId, familyId: unit.family.id, familyName: unit.family.familyName, accessId: member.accessId, kind: member.kind, personId: member.personId,
        name: await repository.personName(unit.tx, unit.family.id, member.personId),
      }
      unit.audit.details = { accessId: reader.accessId, accessKind: reader.kind }
      return work({ ...unit, reader })
    })
  }

  /** Adds to what the audit row says about the work. */
  function note(audit: AuditNote, details: Record<string, unknown>): void {
    audit.details = { ...audit.details, ...details }
  }

  /** The contact details kept from this reader, read only so that what is built for them can leave them out. */
  function hiddenFrom(tx: Transaction, reader: Reader): Promise<HiddenValue[]> {
    return valuesHiddenFrom(tx, reader.familyId, { userId: reader.userId, personId: reader.personId })
  }

  function summaryOf(reader: Reader): ReaderSummary {
    return { name: reader.name, kind: reader.kind, familyName: reader.familyName }
  }

  /** The map as this reader may see it: entries holding a child's words the child kept from them are left out. */
  async function visibleMap(tx: Transaction, reader: Reader) {
    const map = await findFamilyMap(tx, reader.familyId)
    if (map === undefined) return { map: undefined, entries: [] as FamilyMapEntry[], words: [] as VisibleChildWords[] }
    const words = await repository.visibleChildWords(tx, reader)
    const wordsById = new Map(words.map((item) => [item.id, item]))
    const states = (await entriesAt(tx, map.id)).filter((entry) => entry.childWordsId === null || wordsById.has(entry.childWordsId))
    const entries = states.map((entry): FamilyMapEntry => {
      const said = entry.childWordsId === null ? undefined : wordsById.get(entry.childWordsId)
      const statement = entry.pairedEntryId === null ? undefined : states.find((candidate) => candidate.entryId === entry.pairedEntryId)
      return {
        id: entry.entryId, category: entry.category, text: entry.text, by: describeVoice(entry.saidByName, entry.saidByKind),
        childSaid: said === undefined ? undefined : entry.saidByName,
        picture: said?.pictureId === null || said?.pictureId === undefined ? undefined : { id: said.pictureId, description: said.pictureDescription ?? '' },
        owner: entry.owner, dueOn: entry.dueOn, done: entry.done, answers: statement?.text,
      }
    })
    return { map, entries, words }
  }

  /** The acronyms written out for the family, from the organisation's plain-language list. */
  async function acronyms(tx: Transaction): Promise<readonly SpelledOutAcronym[]> {
    const rows = await repository.organisationTerms(tx)
    return acronymsFor(rows.length === 0 ? DEFAULT_TERMS : rows)
  }

  /** The words and pictures booklets this reader may see: a parent, every child's; a young person, their own; the network, none. */
  async function readableBooklets(tx: Transaction, reader: Reader) {
    if (reader.kind === 'network-member') return []
    const list = await repository.familyBooklets(tx, reader.familyId, reader.kind === 'young-person' ? reader.personId : undefined)
    const result = []
    const written = await acronyms(tx)
    for (const booklet of list) {
      const { responses, sharedVersions } = await repository.bookletMilestones(tx, booklet.id)
      // The version the parents agreed or the child was given, whichever is latest; a booklet with neither yet shows as it stands.
      const settled = [...agreedVersions(responses), ...sharedVersions]
      // A young person sees their booklet only once it is agreed or shared with them, never a draft.
      if (settled.length === 0 && reader.kind === 'young-person') continue
      const version = settled.length === 0 ? booklet.currentVersion : Math.max(...settled)
      const shown = await repository.bookletVersion(tx, booklet.id, version)
      if (shown === undefined) continue
      // A young person's own booklet holds all their own additions; a parent gets only those the child let them see.
      const additions = await repository.bookletAdditionsFor(tx, booklet.id, { parentsMaySeeOnly: reader.kind !== 'young-person' })
      result.push({ id: booklet.id, childName: booklet.knownAs ?? booklet.givenName, title: familyWords(shown.title, written), version, pages: shown.pages.map((page) => ({ ...page, text: familyWords(page.text, written) })), additions, own: booklet.childPersonId === reader.personId })
    }
    return result
  }

  function pictureIdsOf(booklets: Awaited<ReturnType<typeof readableBooklets>>): string[] {
    return booklets.flatMap((booklet) => [...booklet.pages.map((page) => page.pictureId), ...booklet.additions.map((addition) => addition.pictureId)])
      .filter((id): id is string => id !== null)
  }

  /** The plan's rules for this reader: the children's words in them only where the child shared them with this reader. */
  async function planFor(tx: Transaction, reader: Reader) {
    const plan = await findPlan(tx, reader.familyId)
    if (plan === undefined) return undefined
    const { entries, words } = await visibleMap(tx, reader)
    const rules = await rulesAt(tx, plan.id)
    const checkIns = await repository.planCheckIns(tx, plan.id)
    const wordsById = new Map(words.map((item) => [item.id, item]))
    // Acronyms on the organisation's list are written out for the family, as on their map.
    const list = await acronyms(tx)
    const plain = (text: string): string => familyWords(text, list)
    const statement = (id: string | null): string | undefined => {
      const found = entries.find((entry) => entry.id === id)
      return found === undefined ? undefined : plain(found.text)
    }
    return {
      id: plan.id, version: plan.version,
      agreement: await repository.latestAgreement(tx, plan.id),
      rules: rules.map((rule) => ({
        id: rule.ruleId, kind: rule.kind, text: plain(rule.text),
        statement: statement(rule.statementEntryId),
        whoMakesSure: plain(rule.whoMakesSure), warningSigns: plain(rule.warningSigns), ifBroken: plain(rule.ifBroken),
        childWords: rule.childWordsIds.flatMap((id) => {
          const item = wordsById.get(id)
          return item === undefined || item.words === '' ? [] : [{ childName: item.childName, words: item.words }]
        }),
        summary: summarise(checkIns.filter((checkIn) => checkIn.ruleId === rule.ruleId)).text,
      })),
      checkIns,
    }
  }

  return {
    /** Their home page, or, when their access has ended, nothing about the family at all. */
    async home(actor: Actor) {
      const familyId = await ownFamilyId(actor)
      if (familyId !== undefined) {
        try {
          return await asReader(actor, 'family-space.home-viewed', async ({ tx, reader }) => {
            const worker = await repository.workerContact(tx, reader.familyId)
            const council = await outOfHours(tx, actor.organisationId)
            const meetings = await repository.upcomingMeetings(tx, reader.familyId, todayInLondon())
            return { outcome: 'open' as const, reader: summaryOf(reader), worker, council, meetings, hidden: await hiddenFrom(tx, reader) }
          }, familyId)
        } catch (error) {
          // Their access ended between finding the family and opening it: the same page as when it had ended before.
          if (!(error instanceof NotFoundError)) throw error
        }
      }
      // Not about a family: there is none this person may see any more.
      await database.inOrganisation(actor.organisationId, (tx) =>
        recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'family-space.access-ended-seen', requestId: actor.requestId }))
      return { outcome: 'ended' as const }
    },

    async map(actor: Actor) {
      return asReader(actor, 'family-space.map-viewed', async ({ tx, reader, audit }) => {
        const { map, entries } = await visibleMap(tx, reader)
        const shown = new Set(entries.map((entry) => entry.id))
        const comments = (await repository.ownComments(tx, reader.familyId, reader.userId, 'map-entry')).filter((comment) => comment.entryId !== null && shown.has(comment.entryId))
        const children = (await familyChildren(tx, reader.familyId)).map((child) => childDisplayName(child))
        note(audit, { mapVersion: map?.version ?? null, entries: entries.length })
        return { reader: summaryOf(reader), entries, comments, children, acronyms: await acronyms(tx), hidden: await hiddenFrom(tx, reader), level: map?.level }
      })
    },

    async commentForm(actor: Actor, entryId: string) {
      return asReader(actor, 'family-space.comment-form-viewed', async ({ tx, reader, audit }) => {
        const { entries } = await visibleMap(tx, reader)
        const entry = entries.find((candidate) => candidate.id === entryId)
        if (entry === undefined) throw new NotFoundError('entry')
        const comments = (await repository.ownComments(tx, reader.familyId, reader.userId, 'map-entry')).filter((comment) => comment.entryId === entryId)
        note(audit, { entryId })
        return { reader: summaryOf(reader), entry, comments, acronyms: await acronyms(tx), hidden: await hiddenFrom(tx, reader) }
      })
    },

    /** A comment on an entry they can see, saved once however many times the form is sent. */
    async addComment(actor: Actor, entryId: string, text: string, submissionId: string): Promise<SaveResult> {
      return asReader(actor, 'family-space.comment-added', async ({ tx, reader, audit }) => {
        const { entries } = await visibleMap(tx, reader)
        if (!entries.some((entry) => entry.id === entryId)) throw new NotFoundError('entry')
        const saved = await repository.commentSaved(tx, reader.familyId, submissionId) ? undefined
          : await repository.insertComment(tx, { organisationId: actor.organisationId, familyId: reader.familyId, entryId, about: 'map-entry', text, authorId: actor.userId, submissionId })
        if (saved === undefined) audit.action = 'family-space.comment-repeated'
        note(audit, { entryId, commentId: saved ?? null })
        return { outcome: saved === undefined ? 'already-saved' as const : 'saved' as const }
      })
    },

    async scale(actor: Actor) {
      return asReader(actor, 'family-space.scale-viewed', async ({ tx, reader }) => {
        const map = await findFamilyMap(tx, reader.familyId)
        const scores = map === undefined ? [] : await scalingRecords.scoresRecordedBy(tx, map.id, actor.userId)
        return { reader: summaryOf(reader), hasMap: map !== undefined, scores, hidden: await hiddenFrom(tx, reader) }
      })
    },

    /**
     * Their own scale, in a round of its own on the family's map (open, not blind: nobody else is
     * scaling with them), so it shows on the worker's scaling page and chart under their name.
     */
    async giveScale(actor: Actor, fields: { score: number; why: string; onePointHigher: string }, submissionId: string): Promise<SaveResult> {
      return asReader(actor, 'family-space.scale-given', async ({ tx, reader, audit }) => {
        const map = await findFamilyMap(tx, reader.familyId)
        if (map === undefined) throw new NotFoundError('map')
        await repository.lockSubmission(tx, 'scale', reader.familyId, submissionId)
        if (await scalingRecords.scoreOnMapWithSubmission(tx, map.id, submissionId)) {
          audit.action = 'family-space.scale-repeated'
          return { outcome: 'already-saved' as const }
        }
        const roundId = await scalingRecords.recordScaleOnItsOwn(tx, {
          organisationId: actor.organisationId, mapId: map.id, heldOn: todayInLondon(), recordedBy: actor.userId, perspectiveKind: PERSPECTIVES[reader.kind],
          perspectiveName: describeContributor(reader.name, reader.kind), ...fields, submissionId,
        })
        note(audit, { roundId })
        return { outcome: 'saved' as const }
      })
    },

    async plan(actor: Actor) {
      return asReader(actor, 'family-space.plan-viewed', async ({ tx, reader, audit }) => {
        const plan = await planFor(tx, reader)
        const stages = plan === undefined ? [] : await repository.stages(tx, plan.id)
        const network = await repository.networkCommitments(tx, reader.familyId)
        const responses = await repository.ownComments(tx, reader.familyId, reader.userId, 'plan')
        const children = (await familyChildren(tx, reader.familyId)).filter((child) => child.kind === 'child').map((child) => childDisplayName(child))
        const ownCheckIns = (plan?.checkIns ?? []).filter((checkIn) => checkIn.recordedBy === actor.userId).map((checkIn) => ({
          ruleText: plan?.rules.find((rule) => rule.id === checkIn.ruleId)?.text ?? 'A rule that is no longer in the plan', checkedOn: checkIn.checkedOn, result: checkIn.result, note: checkIn.note,
        }))
        note(audit, { planVersion: plan?.version ?? null })
        return {
          reader: summaryOf(reader), children, stages, responses, ownCheckIns,
          plan: plan === undefined ? undefined : { version: plan.version, agreement: plan.agreement, rules: plan.rules },
          network: network.map((member) => ({ name: `${member.givenName} ${member.familyName}`, relationship: member.relationship, commitments: member.commitments })),
          hidden: await hiddenFrom(tx, reader),
        }
      })
    },

    async checkInForm(actor: Actor) {
      return asReader(actor, 'family-space.check-in-form-viewed', async ({ tx, reader }) => {
        const plan = await planFor(tx, reader)
        const rules = (plan?.rules ?? []).filter((rule) => rule.kind === 'rule').map((rule) => ({ id: rule.id, text: rule.text, summary: rule.summary }))
        return { reader: summaryOf(reader), rules, hidden: await hiddenFrom(tx, reader) }
      })
    },

    /** "I had the children on Saturday, the rule was kept": one rule, one date, in their name. */
    async recordCheckIn(actor: Actor, fields: { ruleId: string; result: CheckInResult; checkedOn: string; note: string }, submissionId: string): Promise<SaveResult> {
      return asReader(actor, 'family-space.check-in-recorded', async ({ tx, reader, audit }) => {
        note(audit, { ruleId: fields.ruleId, result: fields.result, checkedOn: fields.checkedOn })
        const refused = (): SaveResult => {
          audit.outcome = 'failure'
          return { outcome: 'refused', field: 'rule', reason: FAMILY_SPACE_MESSAGES.ruleGone }
        }
        const plan = await findPlan(tx, reader.familyId)
        if (plan === undefined) return refused()
        if (await repository.checkInSaved(tx, plan.id, submissionId)) {
          audit.action = 'family-space.check-in-repeated'
          audit.details = { accessId: reader.accessId, accessKind: reader.kind }
          return { outcome: 'already-saved' as const }
        }
        const rules = await rulesAt(tx, plan.id)
        if (!rules.some((rule) => rule.ruleId === fields.ruleId && rule.kind === 'rule')) return refused()
        const inserted = await repository.insertCheckIn(tx, {
          organisationId: actor.organisationId, planId: plan.id, ruleId: fields.ruleId, checkedOn: fields.checkedOn, result: fields.result, checkedBy: reader.name,
          note: fields.note, recordedBy: actor.userId, submissionId,
        })
        if (!inserted) audit.action = 'family-space.check-in-repeated'
        return { outcome: inserted ? 'saved' as const : 'already-saved' as const }
      })
    },

    async responseForm(actor: Actor) {
      return asReader(actor, 'family-space.plan-response-form-viewed', async ({ tx, reader, audit }) => {
        const plan = await findPlan(tx, reader.familyId)
        const responses = await repository.ownComments(tx, reader.familyId, reader.userId, 'plan')
        note(audit, { planVersion: plan?.version ?? null })
        return { reader: summaryOf(reader), planVersion: plan?.version ?? 0, responses, hidden: await hiddenFrom(tx, reader) }
      })
    },

    /**
     * What they think of this version of the plan: their view, for the worker to see. It is not the
     * formal agreement, which the worker records with everyone.
     */
    async respondToPlan(actor: Actor, fields: { answer: PlanAnswer; change: string; planVersion: number }, submissionId: string): Promise<SaveResult> {
      return asReader(actor, 'family-space.plan-response-given', async ({ tx, reader, audit }) => {
        const plan = await findPlan(tx, reader.familyId)
        if (plan === undefined || plan.version === 0) {
          audit.outcome = 'failure'
          return { outcome: 'refused' as const, field: 'answer', reason: FAMILY_SPACE_MESSAGES.noPlan }
        }
        if (await repository.commentSaved(tx, reader.familyId, submissionId)) {
          audit.action = 'family-space.plan-response-repeated'
          return { outcome: 'already-saved' as const }
        }
        if (plan.version !== fields.planVersion) {
          audit.outcome = 'failure'
          note(audit, { planVersion: plan.version })
          return { outcome: 'refused' as const, field: 'answer', reason: FAMILY_SPACE_MESSAGES.planChanged }
        }
        const version = String(plan.version)
        const text = fields.answer === 'agree' ? `I agree with version ${version} of the plan.` : `I would change this in version ${version} of the plan: ${fields.change}`
        const saved = await repository.insertComment(tx, { organisationId: actor.organisationId, familyId: reader.familyId, entryId: null, about: 'plan', text, authorId: actor.userId, submissionId })
        if (saved === undefined) audit.action = 'family-space.plan-response-repeated'
        note(audit, { planVersion: plan.version, agrees: fields.answer === 'agree' })
        return { outcome: saved === undefined ? 'already-saved' as const : 'saved' as const }
      })
    },

    async wordsAndPictures(actor: Actor) {
      return asReader(actor, 'family-space.words-and-pictures-viewed', async ({ tx, reader, audit }) => {
        const booklets = await readableBooklets(tx, reader)
        const descriptions = await repository.pictureDescriptions(tx, reader.familyId, pictureIdsOf(booklets))
        const comments = await repository.ownBookletComments(tx, reader.familyId, reader.userId, booklets.map((booklet) => booklet.id))
        note(audit, { booklets: booklets.length })
        return { reader: summaryOf(reader), booklets, descriptions, comments, hidden: await hiddenFrom(tx, reader) }
      })
    },

    /** One story they may read (and one page of it, when asked), to comment on, with what they said before. */
    async bookletCommentForm(actor: Actor, bookletId: string, pageNumber: number | undefined) {
      return asReader(actor, 'family-space.booklet-comment-form-viewed', async ({ tx, reader, audit }) => {
        const booklet = (await readableBooklets(tx, reader)).find((candidate) => candidate.id === bookletId)
        if (booklet === undefined) throw new NotFoundError('booklet')
        if (pageNumber !== undefined && (pageNumber < 1 || pageNumber > booklet.pages.length)) throw new NotFoundError('page')
        const descriptions = await repository.pictureDescriptions(tx, reader.familyId, pictureIdsOf([booklet]))
        const comments = (await repository.ownBookletComments(tx, reader.familyId, reader.userId, [booklet.id])).filter((comment) => comment.pageNumber === (pageNumber ?? null))
        note(audit, { bookletId, pageNumber: pageNumber ?? null })
        return { reader: summaryOf(reader), booklet, pageNumber, descriptions, comments, hidden: await hiddenFrom(tx, reader) }
      })
    },

    /**
     * What they think of a story written for their family, on the whole of it or on one page of the
     * version they read: for the worker, with their name. It never changes the story. Saved once
     * however many times the form is sent.
     */
    async addBookletComment(actor: Actor, bookletId: string, pageNumber: number | undefined, text: string, submissionId: string): Promise<SaveResult> {
      return asReader(actor, 'family-space.booklet-comment-added', async ({ tx, reader, audit }) => {
        const booklet = (await readableBooklets(tx, reader)).find((candidate) => candidate.id === bookletId)
        if (booklet === undefined) throw new NotFoundError('booklet')
        if (pageNumber !== undefined && (pageNumber < 1 || pageNumber > booklet.pages.length)) throw new NotFoundError('page')
        const saved = await repository.bookletCommentSaved(tx, reader.familyId, submissionId) ? undefined : await repository.insertBookletComment(tx, {
          organisationId: actor.organisationId, familyId: reader.familyId, bookletId, bookletVersion: booklet.version, pageNumber: pageNumber ?? null,
          text, authorId: actor.userId, authorName: reader.name, submissionId,
        })
        if (saved === undefined) audit.action = 'family-space.booklet-comment-repeated'
        note(audit, { bookletId, version: booklet.version, pageNumber: pageNumber ?? null, commentId: saved ?? null })
        return { outcome: saved === undefined ? 'already-saved' as const : 'saved' as const }
      })
    },

    /** Meetings from today on; to parents, with the partners' reports the worker has released to them. */
    async meetings(actor: Actor) {
      return asReader(actor, 'family-space.meetings-viewed', async ({ tx, reader, audit }) => {
        const meetings = await repository.upcomingMeetings(tx, reader.familyId, todayInLondon())
        const reports = reader.kind === 'parent-carer' ? await repository.releasedReports(tx, reader.familyId, meetings.map((meeting) => meeting.id)) : []
        note(audit, { meetings: meetings.length, reports: reports.length })
        return {
          reader: summaryOf(reader), reportsShared: reader.kind === 'parent-carer',
          meetings: meetings.map((meeting) => ({ ...meeting, reports: reports.filter((report) => report.meetingId === meeting.id) })),
          hidden: await hiddenFrom(tx, reader),
        }
      })
    },

    /** A picture, only when it is in something this reader may see: a child's words shared with them, or a booklet of theirs. */
    async picture(actor: Actor, pictureId: string) {
      return asReader(actor, 'family-space.picture-viewed', async ({ tx, reader, audit }) => {
        const words = await repository.visibleChildWords(tx, reader)
        const allowed = new Set([...words.map((item) => item.pictureId), ...pictureIdsOf(await readableBooklets(tx, reader))])
        if (!allowed.has(pictureId)) throw new NotFoundError('picture')
        const picture = await repository.pictureFile(tx, reader.familyId, pictureId)
        if (picture === undefined) throw new NotFoundError('picture')
        note(audit, { pictureId })
        return picture
      })
    },
  }
}

export type FamilySpaceService = ReturnType<typeof createFamilySpaceService>
