import crypto from 'node:crypto'

/** The start of a chain with nothing before it (the legacy chain began here too). */
export const GENESIS = '0'.repeat(64)

/** The chain of events about no organisation, such as an unknown e-mail address at sign-in. */
export const NO_ORGANISATION_CHAIN = '00000000-0000-0000-0000-000000000000'

/**
 * The key audit rows are signed with: derived from SECRET_KEY with its own label, so it is never the
 * key of anything else, and never stored in or sent to the database.
 */
export function deriveAuditKey(secretKey: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', secretKey, 'mapwell', 'audit-chain', 32))
}

/** Everything one signature covers: the event, its place in its chain and the signature before it. */
export interface ChainedEvent {
  organisationId: string | null
  /** 1 for a chain's first event; text so that no size is ever rounded. */
  sequence: string
  /** UTC, microseconds, as the chain head gave it: YYYY-MM-DDTHH:MM:SS.ffffffZ */
  occurredAt: string
  actorUserId: string | null
  action: string
  outcome: string
  subjectType: string | null
  subjectId: string | null
  requestId: string | null
  /** As parsed from JSON (what was sent, or what jsonb gives back: they are the same values). */
  details: unknown
  prevHash: string
}

const FORMAT = 'mapwell-audit/2'

/**
 * One string both the writer and the verifier build in Node from the same values. Object keys are
 * sorted, because jsonb does not keep the order they were written in.
 */
export function canonicalChainedEvent(event: ChainedEvent): string {
  return canonicalJson([FORMAT, event.organisationId, event.sequence, event.occurredAt, event.actorUserId, event.action,
    event.outcome, event.subjectType, event.subjectId, event.requestId, event.details, event.prevHash])
}

export function signChainedEvent(key: Buffer, event: ChainedEvent): string {
  return crypto.createHmac('sha256', key).update(canonicalChainedEvent(event), 'utf8').digest('hex')
}

/** Constant-time comparison of two hex signatures. */
export function sameSignature(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8')
  const right = Buffer.from(b, 'utf8')
  return left.length === right.length && crypto.timingSafeEqual(left, right)
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>
    return `{${Object.keys(record).sort().map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`
  }
  // JSON.stringify gives undefined for undefined, which parsed JSON never holds; write null, as arrays do.
  return value === undefined ? 'null' : JSON.stringify(value)
}
