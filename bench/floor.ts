/**
 * A page's floor: the SQL one real request runs, captured at the pg driver, then replayed straight
 * through a pg pool with the same concurrency as the load test of the page. What the page costs above
 * its floor is HTTP, sessions, rendering and the ORM; app/floor near 1 means the database is the limit.
 *
 * - captureRequestStatements(run): every statement (BEGIN and COMMIT too) any pg client sends while
 *   run() makes one request, in order, with its parameters;
 * - replayStatementsFloor(...): replays them at N connections for some seconds; the audit row each
 *   read writes is re-placed on its chain (next sequence, previous signature, fresh signature), as the
 *   application does, so replays take the chain head lock and add real rows just as requests do;
 * - loadTestPage(...): an autocannon load test of one page that keeps every response time, so the
 *   95th percentile is exact rather than autocannon's nearest bucket.
 */
import autocannon from 'autocannon'
import pg from 'pg'
import { signChainedEvent } from '../src/platform/audit/chain.js'

export interface FloorStatement { text: string; values: unknown[]; rowMode?: string; types?: unknown }
export interface FloorFigures { requestsPerSecond: number; p50: number; p95: number; count: number }

export function floorPercentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
}

type QueryFunction = (this: pg.Client, ...args: unknown[]) => unknown

/** Runs `run` (one request, made in this process) and returns the statements every pg client sent meanwhile. */
export async function captureRequestStatements(run: () => Promise<void>): Promise<FloorStatement[]> {
  const captured: FloorStatement[] = []
  const prototype = pg.Client.prototype as unknown as { query: QueryFunction }
  const original = prototype.query
  prototype.query = function capture(this: pg.Client, ...args: unknown[]) {
    const [first, second] = args
    if (typeof first === 'string') {
      captured.push({ text: first, values: Array.isArray(second) ? [...(second as unknown[])] : [] })
    } else if (first !== null && typeof first === 'object' && 'text' in first) {
      const config = first as { text: string; values?: unknown[]; rowMode?: string; types?: unknown }
      captured.push({
        text: config.text, values: [...(config.values ?? (Array.isArray(second) ? second as unknown[] : []))],
        ...(config.rowMode === undefined ? {} : { rowMode: config.rowMode }), ...(config.types === undefined ? {} : { types: config.types }),
      })
    }
    return original.apply(this, args)
  }
  try {
    await run()
  } finally {
    prototype.query = original
  }
  return captured
}

const AUDIT_HEAD = /mapwell_audit_chain_head/
const AUDIT_INSERT = /insert into audit_events\s*\(organisation_id, chain_sequence, occurred_at, actor_user_id, action, outcome, subject_type, subject_id, request_id, details, prev_hash, hash\)/

/** The audit insert's values re-placed after the chain head just read, and signed as the application signs them. */
function replacedAuditValues(values: unknown[], head: { next_sequence: string; prev_hash: string; occurred_at: string }, auditKey: Buffer): unknown[] {
  const [organisationId, , , actorUserId, action, outcome, subjectType, subjectId, requestId, details] = values as (string | null)[]
  const event = {
    organisationId: organisationId ?? null, sequence: head.next_sequence, occurredAt: head.occurred_at, actorUserId: actorUserId ?? null,
    action: action ?? '', outcome: outcome ?? 'success', subjectType: subjectType ?? null, subjectId: subjectId ?? null, requestId: requestId ?? null,
    details: JSON.parse(details ?? '{}') as unknown, prevHash: head.prev_hash,
  }
  return [organisationId, head.next_sequence, head.occurred_at, actorUserId, action, outcome, subjectType, subjectId, requestId, details, head.prev_hash, signChainedEvent(auditKey, event)]
}

/** Replays one request's statements over and over at `connections` connections for `seconds`. */
export async function replayStatementsFloor(options: {
  connectionString: string; statements: FloorStatement[]; connections: number; seconds: number; auditKey: Buffer
  /** Applied to every parameter of a pass, to spread the passes over many families (none: replayed as captured). */
  substitute?: (pass: number) => (value: unknown) => unknown
}): Promise<FloorFigures> {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.connections })
  pool.on('error', () => undefined)
  const latencies: number[] = []
  let pass = 0
  const deadline = Date.now() + options.seconds * 1000
  const began = performance.now()
  try {
    await Promise.all(Array.from({ length: options.connections }, async () => {
      const client = await pool.connect()
      try {
        while (Date.now() < deadline) {
          const swap = options.substitute?.(pass++) ?? ((value: unknown) => value)
          const startedAt = performance.now()
          let head: { next_sequence: string; prev_hash: string; occurred_at: string } | undefined
          for (const statement of options.statements) {
            const given = statement.values.map(swap)
            const values = AUDIT_INSERT.test(statement.text) && head !== undefined ? replacedAuditValues(given, head, options.auditKey) : given
            const result = await client.query({
              text: statement.text, values, ...(statement.rowMode === undefined ? {} : { rowMode: statement.rowMode as 'array' }),
              ...(statement.types === undefined ? {} : { types: statement.types as pg.CustomTypesConfig }),
            })
            if (AUDIT_HEAD.test(statement.text)) head = result.rows[0] as typeof head
          }
          latencies.push(performance.now() - startedAt)
        }
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw error
      } finally {
        client.release()
      }
    }))
  } finally {
    await pool.end()
  }
  const elapsed = (performance.now() - began) / 1000
  return { requestsPerSecond: latencies.length / elapsed, p50: floorPercentile(latencies, 50), p95: floorPercentile(latencies, 95), count: latencies.length }
}

/** An autocannon load test of one page, keeping every response's time. */
export async function loadTestPage(options: { url: string; cookie?: string; connections: number; seconds: number }): Promise<FloorFigures & { failed: number }> {
  const latencies: number[] = []
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const tracker = autocannon({
      url: options.url, connections: options.connections, duration: options.seconds, headers: options.cookie === undefined ? {} : { cookie: options.cookie },
    }, (error, outcome) => { if (error === null) resolve(outcome); else reject(error instanceof Error ? error : new Error(String(error))) })
    tracker.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => { latencies.push(responseTime) })
  })
  return {
    requestsPerSecond: result.requests.average, p50: floorPercentile(latencies, 50), p95: floorPercentile(latencies, 95),
    count: latencies.length, failed: result.non2xx + result.errors,
  }
}
