/**
 * The floor of a page benchmark: the SQL one real request of the page runs, captured where it leaves
 * for PostgreSQL (every statement the pg driver sends: the session lookup, BEGIN, the reads, the audit
 * row, COMMIT, whether built by the ORM or written by hand, prepared or not), then replayed straight
 * through pg at the same concurrency. What the page costs above its floor is HTTP, sessions, rendering
 * and the ORM.
 *
 * The audit row cannot be replayed as it was: each row must follow the newest of its chain and be
 * signed over its place in it. So the replay signs it afresh with the chain head it was just given,
 * as the application does (that work is part of the floor).
 */
import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import { signChainedEvent, type ChainedEvent } from '../src/platform/audit/chain.js'

export interface CapturedStatement { text: string; values: unknown[]; name?: string; rowMode?: string }

type QueryArgument = string | { text: string; values?: unknown[]; name?: string; rowMode?: string }

/** Records every statement a pool's clients send while `capture` runs. */
export function statementRecorder(pool: pg.Pool) {
  const captured: CapturedStatement[] = []
  let recording = false
  pool.on('connect', (client) => {
    const original = client.query.bind(client) as (...args: unknown[]) => unknown
    ;(client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      if (recording) {
        const [first, second] = args as [QueryArgument, unknown]
        const values = Array.isArray(second) ? second : typeof first === 'object' ? first.values ?? [] : []
        captured.push(typeof first === 'string'
          ? { text: first, values }
          : { text: first.text, values, ...(first.name === undefined ? {} : { name: first.name }), ...(first.rowMode === undefined ? {} : { rowMode: first.rowMode }) })
      }
      return original(...args)
    }
  })
  return {
    async capture(app: FastifyInstance, url: string, cookie: string): Promise<CapturedStatement[]> {
      captured.length = 0
      recording = true
      try {
        const response = await app.inject({ method: 'GET', url, headers: { cookie } })
        if (response.statusCode !== 200) throw new Error(`captured request answered ${String(response.statusCode)}`)
      } finally {
        recording = false
      }
      return [...captured]
    },
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
}

const AUDIT_INSERT = /^\s*insert into audit_events/i
const AUDIT_HEAD = /mapwell_audit_chain_head/

/**
 * Replays the statements at `connections` connections for `seconds`, each pass with `substitute`
 * applied to every parameter (to spread the passes over many families). Gives passes a second and the
 * 95th percentile of a pass, in milliseconds.
 */
export async function replayFloor(options: {
  connectionString: string; statements: CapturedStatement[]; connections: number; seconds: number; auditKey: Buffer
  substitute: (pass: number) => (value: unknown) => unknown
}): Promise<{ perSecond: number; p95: number; passes: number }> {
  const { statements, connections, seconds, auditKey } = options
  const pool = new pg.Pool({ connectionString: options.connectionString, max: connections })
  const latencies: number[] = []
  let pass = 0
  const deadline = Date.now() + seconds * 1000
  try {
    await Promise.all(Array.from({ length: connections }, async () => {
      const client = await pool.connect()
      try {
        while (Date.now() < deadline) {
          const swap = options.substitute(pass++)
          const startedAt = performance.now()
          let head: { next_sequence: string; prev_hash: string; occurred_at: string } | undefined
          for (const statement of statements) {
            let values = statement.values.map(swap)
            if (AUDIT_INSERT.test(statement.text) && head !== undefined) values = resign(values, head, auditKey)
            const result = await client.query({ text: statement.text, values, ...(statement.name === undefined ? {} : { name: statement.name }), ...(statement.rowMode === 'array' ? { rowMode: 'array' as const } : {}) })
            if (AUDIT_HEAD.test(statement.text)) {
              const row: unknown = result.rows[0]
              head = Array.isArray(row) ? { next_sequence: String(row[0]), prev_hash: String(row[1]), occurred_at: String(row[2]) } : row as typeof head
            }
          }
          latencies.push(performance.now() - startedAt)
        }
      } finally {
        client.release()
      }
    }))
  } finally {
    await pool.end()
  }
  return { perSecond: latencies.length / seconds, p95: percentile(latencies, 95), passes: latencies.length }
}

/**
 * The audit insert's values are, in order: organisation, sequence, occurred at, actor, action, outcome,
 * subject type, subject id, request id, details (JSON), previous signature, signature.
 */
function resign(values: unknown[], head: { next_sequence: string; prev_hash: string; occurred_at: string }, key: Buffer): unknown[] {
  const [organisationId, , , actorUserId, action, outcome, subjectType, subjectId, requestId, details] = values as (string | null)[]
  const event: ChainedEvent = {
    organisationId: organisationId ?? null, sequence: head.next_sequence, occurredAt: head.occurred_at, actorUserId: actorUserId ?? null,
    action: action ?? '', outcome: outcome ?? 'success', subjectType: subjectType ?? null, subjectId: subjectId ?? null, requestId: requestId ?? null,
    details: JSON.parse(details ?? '{}'), prevHash: head.prev_hash,
  }
  const next = [...values]
  next[1] = head.next_sequence
  next[2] = head.occurred_at
  next[10] = head.prev_hash
  next[11] = signChainedEvent(key, event)
  return next
}
