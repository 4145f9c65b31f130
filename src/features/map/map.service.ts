import type { Transaction } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.js'
import type { MapCategory, PerspectiveKind, VoiceKind } from '../../db/schema/index.js'
import { sql, type SQL } from 'drizzle-orm'
import { CASEWORKERS, PARTNERS, applyVersioned, familyChildren, hiddenValuesQuery, valuesHiddenFromFamily, type AuditNote, type FamilyRecord } from '../../family-record/index.js'
import { acronymsInUse } from '../language/index.js'
import { childWordsKeptFrom } from '../voice/index.js'
import * as repository from './map.repository.js'
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
  /**
   * Someone else changed the entry since this person opened it, or removed it (`removed`: then
   * `theirs` is the entry as it was removed, typed by whoever removed it, when they did).
   */
  | { outcome: 'conflict'; entryId: string; theirs: EntryState; removed: boolean }
  | { outcome: 'refused'; reason: string }

/**
 * What a partner practitioner may add from their agency's view: worries, strengths, safety and what
 * is not known yet. Never statements, goals or next steps, and never a change to anyone's entry.
 */
export const PARTNER_CATEGORIES: readonly MapCategory[] = ['harm', 'complicating', 'strength', 'safety', 'grey-area']

/** Caseworkers change maps; partners add to them (see mayApply). */
const MAP_CHANGERS = [...CASEWORKERS, ...PARTNERS]

function mayApply(actor: Actor, change: MapChange): boolean {
  if ((CASEWORKERS as readonly string[]).includes(actor.role)) return true
  return actor.role === 'partner-practitioner' && change.type === 'add' && PARTNER_CATEGORIES.includes(change.category)
    && change.pairedEntryId === undefined && change.childWordsId === undefined && change.fields.saidBy.kind === 'partner-agency'
}

const CHANGE_WORDS = { add: 'added', edit: 'changed', remove: 'removed' } as const

type Written = { outcome: 'saved'; entryId: string; version: number; mapVersion: number; category?: MapCategory } | { outcome: 'refused'; reason: string }

/** One person's latest scale of the whole map that anyone may see (the scaling feature reads them). */
export interface LatestScale { perspectiveKind: PerspectiveKind; perspectiveName: string; score: number; heldOn: string; recordedAt: Date }

/** Newest first (as the scaling feature orders them). */
function sortLatestScales(scales: LatestScale[]): LatestScale[] {
  return scales.sort((a, b) => b.heldOn.localeCompare(a.heldOn) || b.recordedAt.getTime() - a.recordedAt.getTime())
}

/**
 * `latestScales` is the scaling feature's read, given by the composition root: the scaling feature
 * imports this one, so this one cannot import it back. Without it the map shows no scales.
 */
export function createMapService(deps: {
  familyRecord: FamilyRecord
  latestScales?: (tx: Transaction, mapId: string) => Promise<LatestScale[]>
  /** The same read as a query (rows of perspective_kind, perspective_name, score, held_on, recorded_at), for the map page's one statement. */
  latestScalesQuery?: (mapId: SQL) => SQL
}) {
  const { familyRecord } = deps
  const latestScales = deps.latestScales ?? (async () => [])
  const latestScalesQuery = deps.latestScalesQuery ?? (() => sql`select null::text as perspective_kind, null::text as perspective_name, null::int as score, null::text as held_on, null::text as recorded_at where false`)

  async function liveMap(tx: Transaction, familyId: string, forUpdate = false) {
    const map = await repository.findFamilyMap(tx, familyId, forUpdate)
    if (map === undefined) throw new NotFoundError('map')
    return map
  }

  /** Writes one change as a new version of the entry and of the map. */
  async function writeVersion(tx: Transaction, actor: Actor, mapId: string, change: MapChange, entryId: string, version: number, fields: EntryFields) {
    const mapVersion = await repository.bumpMapVersion(tx, mapId)
    await repository.insertEntryVersion(tx, {
      organisationId: actor.organisationId, entryId, mapId, version, mapVersion, change: CHANGE_WORDS[change.type],
      text: fields.text, saidByKind: fields.saidBy.kind, saidByName: fields.saidBy.name,
      owner: fields.owner ?? null, dueOn: fields.dueOn ?? null, done: fields.done ?? false,
      typedBy: actor.userId, submissionId: change.submissionId,
    })
    return mapVersion
  }

  /** The rules for each kind of change, once the versioning rule has let it through. */
  async function write(tx: Transaction, actor: Actor, mapId: string, change: MapChange, version: number): Promise<Written> {
    if (change.type === 'add') {
      if (change.category === 'goal') {
        const statement = change.pairedEntryId === undefined ? undefined : await repository.findEntry(tx, mapId, change.pairedEntryId, true)
        if (statement?.category !== 'danger' || statement.removedAt !== null) return { outcome: 'refused', reason: 'A goal must answer one statement on this map.' }
        if (await repository.liveGoalFor(tx, statement.id) !== undefined) return { outcome: 'refused', reason: 'That statement already has a goal. Change the goal it has.' }
      }
      const entryId = await repository.insertEntry(tx, {
        organisationId: actor.organisationId, mapId, category: change.category, pairedEntryId: change.category === 'goal' ? change.pairedEntryId ?? null : null,
        childWordsId: change.childWordsId ?? null,
      })
      const mapVersion = await writeVersion(tx, actor, mapId, change, entryId, version, change.fields)
      return { outcome: 'saved', entryId, version, mapVersion, category: change.category }
    }
    const current = await repository.entryAsItStands(tx, mapId, change.entryId)
    if (current === undefined) throw new NotFoundError('entry')
    let fields: EntryFields
    if (change.type === 'remove') {
      if (current.category === 'danger' && await repository.liveGoalFor(tx, change.entryId) !== undefined) {
        return { outcome: 'refused', reason: 'Remove or move this statement\'s goal first: every goal answers a statement.' }
      }
      fields = { text: current.text, saidBy: { kind: current.saidByKind, name: current.saidByName }, owner: current.owner, dueOn: current.dueOn, done: current.done }
    } else {
      fields = change.fields
    }
    await repository.setEntryVersion(tx, change.entryId, version, change.type === 'remove')
    const mapVersion = await writeVersion(tx, actor, mapId, change, change.entryId, version, fields)
    return { outcome: 'saved', entryId: change.entryId, version, mapVersion, category: current.category }
  }

  function refused(audit: AuditNote, reason: string): ChangeResult {
    audit.outcome = 'failure'
    audit.details = { ...audit.details, refused: reason }
    return { outcome: 'refused', reason }
  }

  return {
    async view(actor: Actor, familyId: string, atVersion?: number) {
      return familyRecord.withFamily(actor, familyId, { action: 'map.viewed', roles: CASEWORKERS }, async ({ tx, family, audit }) => {
        // One statement for everything the page shows: the map page is the busiest page there is.
        const read = await repository.mapPage(tx, familyId, atVersion, { hidden: hiddenValuesQuery(familyId), scales: latestScalesQuery })
        if (read === undefined) throw new NotFoundError('map')
        const { map, shownVersion: version, entries, goalWords, familyComments } = read
        audit.details = { mapVersion: version }
        // Read only to warn the worker when what they wrote holds something hidden from the family.
        const hidden = read.hidden.map((row) => ({ value: row.value, hiddenFrom: row.hidden_from ?? [] }))
        const scales = sortLatestScales(read.scales.map((row) => ({
          perspectiveKind: row.perspective_kind as PerspectiveKind, perspectiveName: row.perspective_name, score: row.score, heldOn: row.held_on, recordedAt: new Date(row.recorded_at),
        })))
        return { family, map: { ...map, shownVersion: version, latest: version === map.version }, entries, goalWords, familyComments, hidden, scales }
      })
    },

    /**
     * One live entry, with the map's other entries. With `evenIfRemoved`, an entry removed since
     * is given too (flagged `removed`), so a change to it can still be read and answered as a conflict.
     */
    async entry(actor: Actor, familyId: string, entryId: string, options: { evenIfRemoved?: boolean } = {}) {
      return familyRecord.withFamily(actor, familyId, { action: 'map.entry-viewed', roles: CASEWORKERS }, async ({ tx, family, audit }) => {
        const map = await liveMap(tx, familyId)
        const entries = await repository.entriesAt(tx, map.id)
        const live = entries.find((candidate) => candidate.entryId === entryId)
        const stands = live === undefined && options.evenIfRemoved === true ? await repository.entryAsItStands(tx, map.id, entryId) : undefined
        const entry = live ?? (stands?.removed === true ? stands : undefined)
        if (entry === undefined) throw new NotFoundError('entry')
        audit.subjectType = 'map-entry'
        audit.subjectId = entryId
        return { family, map, entry, entries, removed: live === undefined }
      })
    },

    /** Applies one change in one unit of work: access, idempotency, conflict and pairing checks, the new version, the audit row. */
    async apply(actor: Actor, familyId: string, change: MapChange): Promise<ChangeResult> {
      if (!mayApply(actor, change)) throw new ForbiddenError('This role cannot make this change to maps')
      return familyRecord.withFamily(actor, familyId, { action: `map.entry-${CHANGE_WORDS[change.type]}`, roles: MAP_CHANGERS }, async ({ tx, audit }): Promise<ChangeResult> => {
        const map = await liveMap(tx, familyId, true)
        audit.subjectType = 'map-entry'
        if (change.type !== 'add') audit.subjectId = change.entryId
        if (map.closedOn !== null) return refused(audit, 'This family\'s help has ended, so its map can no longer be changed.')
        const result = await applyVersioned<EntryState & { removed: boolean }, Written>({
          earlier: async () => {
            const earlier = await repository.findSubmission(tx, map.id, change.submissionId)
            return earlier === undefined ? undefined : { outcome: 'saved', ...earlier }
          },
          ...(change.type === 'add' ? {} : {
            base: {
              version: change.baseVersion,
              current: async () => {
                const entry = await repository.findEntry(tx, map.id, change.entryId, true)
                if (entry === undefined) return undefined
                const state = await repository.entryAsItStands(tx, map.id, entry.id)
                if (state === undefined) return undefined
                return { version: entry.currentVersion, removed: entry.removedAt !== null, state }
              },
            },
          }),
          write: async (version) => write(tx, actor, map.id, change, version),
        })
        if (result.outcome === 'conflict') {
          // Nothing is written: the person sees theirs beside what they typed, or that it was removed and by whom.
          audit.outcome = 'failure'
          audit.details = { conflict: result.removed ? 'removed' : 'changed', baseVersion: change.type === 'add' ? undefined : change.baseVersion, currentVersion: result.theirs.version }
          const { removed, ...theirs } = result.theirs
          return { outcome: 'conflict', entryId: theirs.entryId, theirs, removed }
        }
        if (result.saved.outcome === 'refused') return refused(audit, result.saved.reason)
        const { entryId, version, mapVersion } = result.saved
        audit.subjectId = entryId
        if (result.outcome === 'already-saved') {
          audit.details = { alreadySaved: true, version, mapVersion }
          return { outcome: 'already-saved', entryId, version, mapVersion }
        }
        audit.details = { category: result.saved.category, version, mapVersion }
        return { outcome: 'saved', entryId, version, mapVersion }
      })
    },

    async history(actor: Actor, familyId: string, page: number) {
      return familyRecord.withFamily(actor, familyId, { action: 'map.history-viewed', roles: CASEWORKERS }, async ({ tx, family }) => {
        const map = await liveMap(tx, familyId)
        const changes = await repository.history(tx, map.id, 50, (page - 1) * 50)
        return { family, map, changes, pageCount: Math.max(1, Math.ceil(map.version / 50)) }
      })
    },

    /** What changed between two versions of the map: entries added, changed and removed. */
    async compare(actor: Actor, familyId: string, from: number, to: number) {
      return familyRecord.withFamily(actor, familyId, { action: 'map.versions-compared', roles: CASEWORKERS }, async ({ tx, family, audit }) => {
        const map = await liveMap(tx, familyId)
        const clamp = (value: number): number => Math.min(Math.max(value, 0), map.version)
        const before = await repository.entriesAt(tx, map.id, clamp(from))
        const after = await repository.entriesAt(tx, map.id, clamp(to))
        audit.details = { from, to }
        return { family, map, from: clamp(from), to: clamp(to), ...diffEntries(before, after) }
      })
    },

    /** What the family version of the map needs: the current entries, the children's names and the organisation's list. */
    async familyVersionData(actor: Actor, familyId: string, format: 'print' | 'pdf' | 'json') {
      return familyRecord.withFamily(actor, familyId, { action: 'map.family-version', roles: CASEWORKERS }, async ({ tx, family, audit }) => {
        const map = await liveMap(tx, familyId)
        // Anything a child chose to keep from their parents is left out of the family's version.
        const keptFromParents = await childWordsKeptFrom(tx, familyId, 'parents')
        const entries = (await repository.entriesAt(tx, map.id)).filter((entry) => entry.childWordsId === null || !keptFromParents.has(entry.childWordsId))
        const children = await familyChildren(tx, familyId)
        const acronyms = await acronymsInUse(tx)
        audit.details = { format, mapVersion: map.version }
        return {
          family, entries, acronyms,
          childNames: children.map((child) => child.kind === 'unborn-child' ? 'the baby' : child.givenName),
          // What is hidden from anyone in the family, to be blanked in every copy made for them.
          hidden: await valuesHiddenFromFamily(tx, familyId),
          scales: await latestScales(tx, map.id),
        }
      })
    },

    async countLiveEntries(actor: Actor, familyId: string): Promise<number> {
      return familyRecord.withFamily(actor, familyId, { action: 'map.entries-counted', roles: CASEWORKERS }, async ({ tx }) => {
        const map = await liveMap(tx, familyId)
        return repository.countLiveEntries(tx, map.id)
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
