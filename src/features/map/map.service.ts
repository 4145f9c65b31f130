import { eq, sql } from 'drizzle-orm'
import type { DatabaseHandle, Transaction } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.js'
import { languageTerms, mapEntries, mapEntryVersions, people, type MapCategory, type VoiceKind } from '../../db/schema/index.js'
import { DEFAULT_TERMS } from '../language/default-terms.js'
import { familiesVisibleTo, valuesHiddenFromFamily } from '../../family-record/index.js'
import { findVisibleFamily } from '../families/families.repository.js'
import * as repository from './map.repository.js'
import { childWordsKeptFrom } from '../voice/voice.service.js'
import type { EntryState } from './map.repository.js'

/** Who said it: whose view an entry is, kept visible beside it. */
export interface Voice { kind: VoiceKind; name: string }

export interface EntryFields {
  text: string
  saidBy: Voice
  owner?: string | null
  dueOn?: string | null
  done?: boolean
}

/**
 * A change to a map. Form posts build these today; the live meeting board will send the same
 * operations over a WebSocket, through the same `apply`, with the same checks.
 */
export type MapChange =
  | { type: 'add'; category: MapCategory; pairedEntryId?: string; childWordsId?: string; fields: EntryFields; submissionId: string }
  | { type: 'edit'; entryId: string; baseVersion: number; fields: EntryFields; submissionId: string }
  | { type: 'remove'; entryId: string; baseVersion: number; submissionId: string }

export type ChangeResult =
  | { outcome: 'saved'; entryId: string; version: number; mapVersion: number }
  | { outcome: 'already-saved'; entryId: string; version: number; mapVersion: number }
  | { outcome: 'conflict'; entryId: string; theirs: EntryState }
  | { outcome: 'refused'; reason: string }

const EDITING_ROLES = ['practitioner', 'team-manager', 'conference-chair']

/**
 * What a partner practitioner may add from their agency's view: worries, strengths, safety and what
 * is not known yet. Never statements, goals or next steps, and never a change to anyone's entry.
 */
export const PARTNER_CATEGORIES: readonly MapCategory[] = ['harm', 'complicating', 'strength', 'safety', 'grey-area']

function mayApply(actor: Actor, change: MapChange): boolean {
  if (EDITING_ROLES.includes(actor.role)) return true
  return actor.role === 'partner-practitioner' && change.type === 'add' && PARTNER_CATEGORIES.includes(change.category)
    && change.pairedEntryId === undefined && change.childWordsId === undefined && change.fields.saidBy.kind === 'partner-agency'
}

export function createMapService(deps: { database: DatabaseHandle }) {
  const { database } = deps

  /** The family, if this person may see it; otherwise the same 404 as a family that does not exist. */
  async function visibleFamily(tx: Transaction, actor: Actor, familyId: string) {
    const family = await findVisibleFamily(tx, familyId, familiesVisibleTo(actor))
    if (family === undefined) throw new NotFoundError('family')
    return family
  }

  async function liveMap(tx: Transaction, familyId: string, forUpdate = false) {
    const map = await repository.findFamilyMap(tx, familyId, forUpdate)
    if (map === undefined) throw new NotFoundError('map')
    return map
  }

  return {
    async view(actor: Actor, familyId: string, atVersion?: number) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const found = await repository.findVisibleFamilyMap(tx, familyId, familiesVisibleTo(actor))
        if (found === undefined) throw new NotFoundError('family')
        const { family, map } = found
        const version = atVersion === undefined ? map.version : Math.min(Math.max(atVersion, 0), map.version)
        const entries = await repository.entriesAt(tx, map.id, atVersion === undefined ? undefined : version)
        const { goalWords, familyComments } = await repository.whatOthersSaid(tx, familyId)
        await recordAudit(tx, {
          organisationId: actor.organisationId, actorUserId: actor.userId, action: 'map.viewed', subjectType: 'family', subjectId: familyId,
          requestId: actor.requestId, details: { mapVersion: version },
        })
        // Read only to warn the worker when what they wrote holds something hidden from the family.
        const hidden = await valuesHiddenFromFamily(tx, familyId)
        return { family, map: { ...map, shownVersion: version, latest: version === map.version }, entries, goalWords, familyComments, hidden }
      })
    },

    async entry(actor: Actor, familyId: string, entryId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        const map = await liveMap(tx, familyId)
        const entries = await repository.entriesAt(tx, map.id)
        const entry = entries.find((candidate) => candidate.entryId === entryId)
        if (entry === undefined) throw new NotFoundError('entry')
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'map.entry-viewed', subjectType: 'map-entry', subjectId: entryId, requestId: actor.requestId, details: { familyId } })
        return { family, map, entry, entries }
      })
    },

    /** Applies one change in one transaction: access, idempotency, conflict and pairing checks, the new version, the audit row. */
    async apply(actor: Actor, familyId: string, change: MapChange): Promise<ChangeResult> {
      if (!mayApply(actor, change)) throw new ForbiddenError('This role cannot make this change to maps')
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        const map = await liveMap(tx, familyId, true)
        if (map.closedOn !== null) return { outcome: 'refused' as const, reason: 'This family\'s help has ended, so its map can no longer be changed.' }
        const earlier = await repository.findSubmission(tx, map.id, change.submissionId)
        if (earlier !== undefined) return { outcome: 'already-saved' as const, ...earlier }

        let entryId: string
        let version: number
        let category: MapCategory
        let fields: EntryFields | undefined
        if (change.type === 'add') {
          category = change.category
          if (category === 'goal') {
            const statement = change.pairedEntryId === undefined ? undefined : await repository.findEntry(tx, map.id, change.pairedEntryId, true)
            if (statement?.category !== 'danger' || statement.removedAt !== null) return { outcome: 'refused' as const, reason: 'A goal must answer one statement on this map.' }
            if (await repository.liveGoalFor(tx, statement.id) !== undefined) return { outcome: 'refused' as const, reason: 'That statement already has a goal. Change the goal it has.' }
          }
          const [created] = await tx.insert(mapEntries).values({
            organisationId: actor.organisationId, mapId: map.id, category, pairedEntryId: category === 'goal' ? change.pairedEntryId ?? null : null,
            childWordsId: change.childWordsId ?? null,
          }).returning({ id: mapEntries.id })
          if (created === undefined) throw new Error('entry not created')
          entryId = created.id
          version = 1
          fields = change.fields
        } else {
          const entry = await repository.findEntry(tx, map.id, change.entryId, true)
          if (entry === undefined || entry.removedAt !== null) throw new NotFoundError('entry')
          category = entry.category
          if (entry.currentVersion !== change.baseVersion) {
            const theirs = (await repository.entriesAt(tx, map.id)).find((candidate) => candidate.entryId === entry.id)
            if (theirs === undefined) throw new NotFoundError('entry')
            return { outcome: 'conflict' as const, entryId: entry.id, theirs }
          }
          entryId = entry.id
          version = entry.currentVersion + 1
          if (change.type === 'remove') {
            if (category === 'danger' && await repository.liveGoalFor(tx, entry.id) !== undefined) {
              return { outcome: 'refused' as const, reason: 'Remove or move this statement\'s goal first: every goal answers a statement.' }
            }
            const current = (await repository.entriesAt(tx, map.id)).find((candidate) => candidate.entryId === entry.id)
            fields = current === undefined ? undefined : { text: current.text, saidBy: { kind: current.saidByKind, name: current.saidByName }, owner: current.owner, dueOn: current.dueOn, done: current.done }
          } else {
            fields = change.fields
          }
          await tx.update(mapEntries).set({ currentVersion: version, removedAt: change.type === 'remove' ? new Date() : null }).where(eq(mapEntries.id, entry.id))
        }
        if (fields === undefined) throw new NotFoundError('entry')
        const mapVersion = await repository.bumpMapVersion(tx, map.id)
        await tx.insert(mapEntryVersions).values({
          organisationId: actor.organisationId, entryId, mapId: map.id, version, mapVersion,
          change: change.type === 'add' ? 'added' : change.type === 'edit' ? 'changed' : 'removed',
          text: fields.text, saidByKind: fields.saidBy.kind, saidByName: fields.saidBy.name,
          owner: fields.owner ?? null, dueOn: fields.dueOn ?? null, done: fields.done ?? false,
          typedBy: actor.userId, submissionId: change.submissionId,
        })
        await recordAudit(tx, {
          organisationId: actor.organisationId, actorUserId: actor.userId, action: `map.entry-${change.type === 'add' ? 'added' : change.type === 'edit' ? 'changed' : 'removed'}`,
          subjectType: 'map-entry', subjectId: entryId, requestId: actor.requestId, details: { familyId, category, version, mapVersion },
        })
        return { outcome: 'saved' as const, entryId, version, mapVersion }
      })
    },

    async history(actor: Actor, familyId: string, page: number) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        const map = await liveMap(tx, familyId)
        const changes = await repository.history(tx, map.id, 50, (page - 1) * 50)
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'map.history-viewed', subjectType: 'family', subjectId: familyId, requestId: actor.requestId })
        return { family, map, changes, pageCount: Math.max(1, Math.ceil(map.version / 50)) }
      })
    },

    /** What changed between two versions of the map: entries added, changed and removed. */
    async compare(actor: Actor, familyId: string, from: number, to: number) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        const map = await liveMap(tx, familyId)
        const clamp = (value: number): number => Math.min(Math.max(value, 0), map.version)
        const before = await repository.entriesAt(tx, map.id, clamp(from))
        const after = await repository.entriesAt(tx, map.id, clamp(to))
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'map.versions-compared', subjectType: 'family', subjectId: familyId, requestId: actor.requestId, details: { from, to } })
        return { family, map, from: clamp(from), to: clamp(to), ...diffEntries(before, after) }
      })
    },

    /** What the family version of the map needs: the current entries, the children's names and the organisation's list. */
    async familyVersionData(actor: Actor, familyId: string, format: 'print' | 'pdf' | 'json') {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        const map = await liveMap(tx, familyId)
        // Anything a child chose to keep from their parents is left out of the family's version.
        const keptFromParents = await childWordsKeptFrom(tx, familyId, 'parents')
        const entries = (await repository.entriesAt(tx, map.id)).filter((entry) => entry.childWordsId === null || !keptFromParents.has(entry.childWordsId))
        const children = await tx.select({ givenName: people.givenName, kind: people.kind }).from(people)
          .where(sql`${people.familyId} = ${familyId} and ${people.kind} in ('child', 'unborn-child')`).orderBy(people.dateOfBirth)
        const terms = await tx.select({ term: languageTerms.term, suggestion: languageTerms.suggestion, explanation: languageTerms.explanation }).from(languageTerms)
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'map.family-version', subjectType: 'family', subjectId: familyId, requestId: actor.requestId, details: { format, mapVersion: map.version } })
        return {
          family, entries, terms: terms.length === 0 ? DEFAULT_TERMS : terms,
          childNames: children.map((child) => child.kind === 'unborn-child' ? 'the baby' : child.givenName),
          // What is hidden from anyone in the family, to be blanked in every copy made for them.
          hidden: await valuesHiddenFromFamily(tx, familyId),
        }
      })
    },

    async countLiveEntries(actor: Actor, familyId: string): Promise<number> {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        const map = await liveMap(tx, familyId)
        const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(mapEntries).where(sql`${mapEntries.mapId} = ${map.id} and ${mapEntries.removedAt} is null`)
        return row?.n ?? 0
      })
    },
  }
}

export function diffEntries(before: EntryState[], after: EntryState[]) {
  const beforeById = new Map(before.map((entry) => [entry.entryId, entry]))
  const afterById = new Map(after.map((entry) => [entry.entryId, entry]))
  return {
    added: after.filter((entry) => !beforeById.has(entry.entryId)),
    removed: before.filter((entry) => !afterById.has(entry.entryId)),
    changed: after.flatMap((entry) => {
      const earlier = beforeById.get(entry.entryId)
      return earlier !== undefined && earlier.version !== entry.version ? [{ before: earlier, after: entry }] : []
    }),
  }
}

export type MapService = ReturnType<typeof createMapService>
