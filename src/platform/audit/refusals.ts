import type { FastifyInstance } from 'fastify'
import type { DatabaseHandle, Transaction } from '../db/database.js'
import { recordAudit } from './audit.js'
import { isId } from '../http/params.js'

/** How refusals are counted: per person, over a sliding window. */
export interface RefusalLimits {
  windowMs: number
  /** Refusals written to the audit trail per person per window; more are counted, not written, so the log cannot be flooded. */
  maxAudited: number
  /** A burst: this many refusals in one window raises one alert. */
  burst: number
}

export const REFUSAL_LIMITS: RefusalLimits = { windowMs: 10 * 60_000, maxAudited: 30, burst: 10 }

/** Who is told of a burst: the caller decides (the platform knows no feature). */
export type BurstAlert = (tx: Transaction, who: { organisationId: string; userId: string; displayName: string }, refusals: number) => Promise<void>

/**
 * Refused requests for a family's record leave a trace: an insider probing for records is seen.
 * Each refusal is audited (up to a limit per person, so they cannot flood the log), and a burst
 * alerts someone. The counts are kept in this process; with several instances each counts its own
 * share, which still catches a probe and keeps writes bounded.
 */
export function createRefusalLog(database: DatabaseHandle, options: { onBurst: BurstAlert; limits?: RefusalLimits; now?: () => number }) {
  const limits = options.limits ?? REFUSAL_LIMITS
  const now = options.now ?? Date.now
  const recent = new Map<string, number[]>()

  function count(userId: string): number {
    const since = now() - limits.windowMs
    const times = (recent.get(userId) ?? []).filter((time) => time > since)
    times.push(now())
    recent.set(userId, times)
    if (recent.size > 10_000) {
      for (const [key, value] of recent) if ((value.at(-1) ?? 0) <= since) recent.delete(key)
    }
    return times.length
  }

  return {
    async record(who: { organisationId: string; userId: string; displayName: string; requestId: string }, refused: { method: string; path: string; status: number; familyId?: string }): Promise<void> {
      const inWindow = count(who.userId)
      if (inWindow > limits.maxAudited && inWindow !== limits.burst) return
      await database.inOrganisation(who.organisationId, async (tx) => {
        if (inWindow === limits.burst) await options.onBurst(tx, who, inWindow)
        if (inWindow <= limits.maxAudited) {
          await recordAudit(tx, {
            organisationId: who.organisationId, actorUserId: who.userId, action: 'access.refused', outcome: 'denied',
            subjectType: 'request', subjectId: refused.path.slice(0, 300), requestId: who.requestId,
            details: { method: refused.method, status: refused.status, refusalsInWindow: inWindow, ...(refused.familyId === undefined ? {} : { familyId: refused.familyId }) },
          })
        }
      })
    },
  }
}

export type RefusalLog = ReturnType<typeof createRefusalLog>


/** When a signed-in person's request for a family's record is refused (404 or 403), audit the refusal. */
export function setUpRefusalAudit(app: FastifyInstance, refusals: RefusalLog, isRecordPath: (path: string) => boolean): void {
  // Before the answer goes, so that the trace exists by the time the person sees the refusal.
  app.addHook('onSend', async (request, reply, payload) => {
    const actor = request.actor
    if (actor === undefined || (reply.statusCode !== 404 && reply.statusCode !== 403)) return payload
    const path = request.url.split('?')[0] ?? '/'
    if (!isRecordPath(path)) return payload
    try {
      // The family asked for, when the route names one and it is an id (anything else names nothing).
      const asked = (request.params as { familyId?: unknown } | undefined)?.familyId
      await refusals.record(actor, { method: request.method, path, status: reply.statusCode, ...(isId(asked) ? { familyId: asked.toLowerCase() } : {}) })
    } catch (error) {
      // The refusal stands either way; one that could not be audited is at least in the log.
      request.log.error({ err: error }, 'could not audit a refused request')
    }
    return payload
  })
}
