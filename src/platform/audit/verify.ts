import crypto from 'node:crypto'
import pg from 'pg'
import { GENESIS, sameSignature, signChainedEvent } from './chain.js'

/** The newest event of each chain at one moment, kept outside the database to detect later removals. */
export interface AuditAnchors {
  format: typeof ANCHOR_FORMAT
  writtenAt: string
  /** The closed legacy chain's last event, or null when it has none. */
  legacy: { id: number; hash: string } | null
  chains: { organisationId: string | null; sequence: number; hash: string }[]
}

export interface ChainSummary {
  organisationId: string | null
  /** How the chain is named in sentences, e.g. "Fellside Council's chain (organisation …)". */
  label: string
  events: number
  lastSequence: number
  lastHash: string
}

export type ChainVerdict =
  | { intact: true; events: number; chains: ChainSummary[]; legacy: { events: number; lastId: number; lastHash: string }; anchorsChecked: number }
  | {
    intact: false
    events: number
    /** The audit_events id of the first event that does not hold, when there is such a row. */
    brokenAt: number | null
    /** The chain it is in: an organisation id, null for the no-organisation chain, 'legacy' for the old chain. */
    chain: string | null
    reason: string
    /** One sentence naming the chain, the event and what is wrong. */
    sentence: string
  }

export interface VerifyOptions {
  /** The audit key (deriveAuditKey(SECRET_KEY)). */
  key: Buffer
  /** Check one organisation's chain alone (null: the no-organisation chain). Default: every chain and the legacy chain. */
  organisationId?: string | null
  /** Anchors written earlier: each chain must still hold those events with those hashes. */
  anchors?: AuditAnchors
}

export const ANCHOR_FORMAT = 'mapwell-audit-anchors/1'
const BATCH = 5000
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

class Broken extends Error {
  constructor(readonly brokenAt: number | null, readonly chain: string | null, readonly reason: string, readonly sentence: string) {
    super(sentence)
  }
}

interface ChainRow {
  id: string
  organisation_id: string | null
  chain_sequence: string
  occurred_at: string
  actor_user_id: string | null
  action: string
  outcome: string
  subject_type: string | null
  subject_id: string | null
  request_id: string | null
  details: unknown
  prev_hash: string
  hash: string
}

/**
 * Walks the closed legacy chain (SHA-256, as the old trigger made it) and then every organisation's
 * chain in order, recomputing each signature here in Node with the audit key. Reports the first event
 * whose signature, link or place does not hold, a chain head that records more than is there, and any
 * anchor the chains no longer contain.
 */
export async function verifyAuditChain(connectionString: string, options: VerifyOptions): Promise<ChainVerdict> {
  const client = new pg.Client({ connectionString })
  await client.connect()
  let events = 0
  try {
    const names = new Map((await client.query<{ id: string; name: string }>('select id::text, name from organisations')).rows.map((row) => [row.id, row.name]))
    const label = (organisationId: string | null): string => organisationId === null
      ? 'the chain of events with no organisation'
      : `${names.has(organisationId) ? `${names.get(organisationId) ?? ''}'s chain` : 'the chain'} (organisation ${organisationId})`

    const onlyOne = options.organisationId !== undefined
    let legacy = { events: 0, lastId: 0, lastHash: GENESIS }
    if (!onlyOne) {
      legacy = await verifyLegacy(client, options.anchors?.legacy ?? null, (n) => { events += n })
    }

    const heads = new Map((await client.query<{ organisation_id: string | null; first_prev_hash: string; last_sequence: string; last_hash: string }>(
      `select organisation_id::text, first_prev_hash, last_sequence::text, last_hash from audit_chains`)).rows
      .map((row) => [row.organisation_id, row]))
    let chainIds: (string | null)[]
    if (onlyOne) {
      chainIds = [options.organisationId ?? null]
    } else {
      const withEvents = (await client.query<{ organisation_id: string | null }>(
        'select distinct organisation_id::text from audit_events where chain_sequence is not null')).rows.map((row) => row.organisation_id)
      const anchored = (options.anchors?.chains ?? []).map((anchor) => anchor.organisationId)
      chainIds = [...new Set([...heads.keys(), ...withEvents, ...anchored])]
      chainIds.sort((a, b) => (a === null ? -1 : b === null ? 1 : label(a).localeCompare(label(b))))
    }

    const chains: ChainSummary[] = []
    let anchorsChecked = 0
    for (const organisationId of chainIds) {
      const head = heads.get(organisationId)
      const anchor = options.anchors?.chains.find((item) => item.organisationId === organisationId)
      const start = onlyOne ? (head?.first_prev_hash ?? null) : legacy.lastHash
      const summary = await verifyChain(client, options.key, organisationId, label(organisationId), start, anchor, (n) => { events += n })
      if (head !== undefined) checkHead(head, summary, onlyOne ? null : legacy.lastHash)
      if (anchor !== undefined) anchorsChecked += 1
      chains.push(summary)
    }
    return { intact: true, events, chains, legacy, anchorsChecked }
  } catch (error) {
    if (error instanceof Broken) {
      return { intact: false, events, brokenAt: error.brokenAt, chain: error.chain, reason: error.reason, sentence: error.sentence }
    }
    throw error
  } finally {
    await client.end()
  }
}

async function verifyChain(client: pg.Client, key: Buffer, organisationId: string | null, label: string, start: string | null,
  anchor: AuditAnchors['chains'][number] | undefined, counted: (n: number) => void): Promise<ChainSummary> {
  let previousHash = start
  let previousSequence = 0
  let events = 0
  let anchorSeen = false
  const where = organisationId === null ? 'organisation_id is null' : 'organisation_id = $3'
  for (;;) {
    const { rows } = await client.query<ChainRow>(
      `select id::text, organisation_id::text, chain_sequence::text,
              to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at,
              actor_user_id::text, action, outcome, subject_type, subject_id, request_id, details, prev_hash, hash
         from audit_events where ${where} and chain_sequence > $1 order by audit_events.chain_sequence limit $2`,
      organisationId === null ? [previousSequence, BATCH] : [previousSequence, BATCH, organisationId])
    if (rows.length === 0) break
    for (const row of rows) {
      const id = Number(row.id)
      const sequence = Number(row.chain_sequence)
      const event = `Event ${row.chain_sequence} (id ${row.id}) of ${label}`
      if (sequence !== previousSequence + 1) {
        throw new Broken(id, organisationId, 'the events before it are missing',
          `${capital(label)} is missing event ${String(previousSequence + 1)}${sequence > previousSequence + 2 ? ` to ${String(sequence - 1)}` : ''}: the next event found is ${row.chain_sequence} (id ${row.id}).`)
      }
      if (previousHash !== null && row.prev_hash !== previousHash) {
        throw new Broken(id, organisationId, sequence === 1 ? 'it does not start where the legacy chain ends' : 'its link to the event before it does not match',
          sequence === 1
            ? `${event} does not start where the legacy chain ends: the legacy chain's newest events were removed or changed.`
            : `${event} does not link to the event before it: an event was removed, reordered or changed.`)
      }
      const expected = signChainedEvent(key, {
        organisationId: row.organisation_id, sequence: row.chain_sequence, occurredAt: row.occurred_at, actorUserId: row.actor_user_id,
        action: row.action, outcome: row.outcome, subjectType: row.subject_type, subjectId: row.subject_id, requestId: row.request_id,
        details: row.details, prevHash: row.prev_hash,
      })
      if (!sameSignature(expected, row.hash)) {
        throw new Broken(id, organisationId, 'its contents do not match its signature',
          `${event} has contents that do not match its signature: the event was changed, or the chain was rewritten without the audit key (or SECRET_KEY is not the one it was written with).`)
      }
      if (anchor !== undefined && sequence === anchor.sequence) {
        if (row.hash !== anchor.hash) {
          throw new Broken(id, organisationId, 'it does not match the anchor',
            `${event} does not match the anchor, which recorded a different event there: the chain was rewritten.`)
        }
        anchorSeen = true
      }
      previousHash = row.hash
      previousSequence = sequence
      events += 1
      counted(1)
    }
  }
  if (anchor !== undefined && !anchorSeen) {
    throw new Broken(null, organisationId, 'an anchored event is missing', events === 0
      ? `${capital(label)} is missing: the anchor records it up to event ${String(anchor.sequence)}.`
      : `${capital(label)} ends at event ${String(previousSequence)}, but the anchor records event ${String(anchor.sequence)}: the newest events were removed.`)
  }
  return { organisationId, label, events, lastSequence: previousSequence, lastHash: previousHash ?? GENESIS }
}

/** The head row is the database's own record of where the chain ends; an owner can change it, anchors cannot be. */
function checkHead(head: { first_prev_hash: string; last_sequence: string; last_hash: string }, summary: ChainSummary, legacyEnd: string | null): void {
  const chain = capital(summary.label)
  if (legacyEnd !== null && head.first_prev_hash !== legacyEnd) {
    throw new Broken(null, summary.organisationId, 'it does not start where the legacy chain ends',
      `The legacy chain no longer ends where ${summary.label} begins: the legacy chain's newest events were removed or changed.`)
  }
  if (Number(head.last_sequence) > summary.lastSequence) {
    throw new Broken(null, summary.organisationId, 'its head records a newer event than the chain holds',
      `${chain} ends at event ${String(summary.lastSequence)}, but its head records event ${head.last_sequence}: the newest events were removed.`)
  }
  if (Number(head.last_sequence) !== summary.lastSequence || head.last_hash !== summary.lastHash) {
    throw new Broken(null, summary.organisationId, 'its head does not match its newest event',
      `${chain} ends at event ${String(summary.lastSequence)}, but its head records event ${head.last_sequence} with another hash: the chain or its head was rewritten.`)
  }
}

/** The chain written before organisations had chains of their own, hashed in the database by the old trigger. */
async function verifyLegacy(client: pg.Client, anchor: AuditAnchors['legacy'], counted: (n: number) => void): Promise<{ events: number; lastId: number; lastHash: string }> {
  let previousHash = GENESIS
  let previousId = 0
  let events = 0
  let anchorSeen = anchor === null
  for (;;) {
    const { rows } = await client.query<{ id: string; canonical: string; prev_hash: string; hash: string }>(
      `select id, prev_hash, hash,
              mapwell_audit_canonical(id, occurred_at, organisation_id, actor_user_id, action, outcome,
                                      subject_type, subject_id, request_id, details, prev_hash) as canonical
         from audit_events where chain_sequence is null and id > $1 order by id limit $2`, [previousId, BATCH])
    if (rows.length === 0) break
    for (const row of rows) {
      const id = Number(row.id)
      if (row.prev_hash !== previousHash) {
        throw new Broken(id, 'legacy', 'its link to the event before it does not match',
          `Event ${row.id} of the legacy chain does not link to the event before it: an event was removed, reordered or changed.`)
      }
      const expected = crypto.createHash('sha256').update(row.canonical, 'utf8').digest('hex')
      if (expected !== row.hash) {
        throw new Broken(id, 'legacy', 'its contents do not match its hash', `Event ${row.id} of the legacy chain has contents that do not match its hash: the event was changed.`)
      }
      if (anchor !== null && id === anchor.id) {
        if (row.hash !== anchor.hash) {
          throw new Broken(id, 'legacy', 'it does not match the anchor', `Event ${row.id} of the legacy chain does not match the anchor: the chain was rewritten.`)
        }
        anchorSeen = true
      }
      previousHash = row.hash
      previousId = id
      events += 1
      counted(1)
    }
  }
  if (!anchorSeen) {
    throw new Broken(null, 'legacy', 'an anchored event is missing',
      `The legacy chain ends at event ${String(previousId)}, but the anchor records event ${String(anchor?.id ?? 0)}: its newest events were removed.`)
  }
  return { events, lastId: previousId, lastHash: previousHash }
}

/** The newest event of every chain just verified, to keep somewhere the database's owner cannot reach. */
export function anchorsFrom(verdict: Extract<ChainVerdict, { intact: true }>, writtenAt = new Date()): AuditAnchors {
  return {
    format: ANCHOR_FORMAT,
    writtenAt: writtenAt.toISOString(),
    legacy: verdict.legacy.events === 0 ? null : { id: verdict.legacy.lastId, hash: verdict.legacy.lastHash },
    chains: verdict.chains.filter((chain) => chain.events > 0)
      .map((chain) => ({ organisationId: chain.organisationId, sequence: chain.lastSequence, hash: chain.lastHash })),
  }
}

export class AnchorFileError extends Error {}

/** Reads an anchor file's text, refusing anything that is not one this program wrote. */
export function parseAnchors(text: string): AuditAnchors {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new AnchorFileError('the anchor file is not JSON')
  }
  const record = value as Partial<AuditAnchors> | null
  if (record === null || typeof record !== 'object' || record.format !== ANCHOR_FORMAT || !Array.isArray(record.chains) || typeof record.writtenAt !== 'string') {
    throw new AnchorFileError(`the anchor file is not a Mapwell audit anchor file (format ${ANCHOR_FORMAT})`)
  }
  const hex = (item: unknown): boolean => typeof item === 'string' && /^[0-9a-f]{64}$/.test(item)
  const legacy = record.legacy
  if (legacy !== null && (typeof legacy !== 'object' || !Number.isSafeInteger(legacy.id) || !hex(legacy.hash))) {
    throw new AnchorFileError('the anchor file\'s legacy entry needs a whole-number id and a 64-character hash')
  }
  const seen = new Set<string | null>()
  for (const chain of record.chains as unknown[]) {
    const item = chain as Partial<AuditAnchors['chains'][number]> | null
    if (item === null || typeof item !== 'object' || !(item.organisationId === null || (typeof item.organisationId === 'string' && UUID.test(item.organisationId))) ||
      !Number.isSafeInteger(item.sequence) || (item.sequence ?? 0) < 1 || !hex(item.hash)) {
      throw new AnchorFileError('every chain in the anchor file needs an organisationId (a UUID or null), a sequence of 1 or more and a 64-character hash')
    }
    if (seen.has(item.organisationId ?? null)) throw new AnchorFileError(`the anchor file names organisation ${String(item.organisationId)} twice`)
    seen.add(item.organisationId ?? null)
  }
  return record as AuditAnchors
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
