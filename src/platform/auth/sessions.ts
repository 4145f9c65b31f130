import { and, eq, lt, or, sql } from 'drizzle-orm'
import type { DatabaseHandle, Transaction } from '../db/database.js'
import { sessions, type SessionStage } from '../../db/schema/sessions.js'
import type { UserRole } from '../../db/schema/organisations.js'
import { randomToken, sha256 } from './secrets.js'
import type { CurrentSession, StaffIdentity } from '../http/types.js'

export interface SessionTimeouts {
  idleTimeoutSeconds: number
  absoluteTimeoutSeconds: number
}

/** A part-way sign-in (second factor, new password) has ten minutes to finish. */
const PENDING_STAGE_SECONDS = 10 * 60
/** Activity is written at most this often, so browsing is not a write per request. */
const TOUCH_INTERVAL_SECONDS = 15

export interface LoadedSession {
  session: CurrentSession
  user: StaffIdentity
}

export type SessionLookup =
  | { found: true; loaded: LoadedSession }
  | { found: false; reason: 'unknown' | 'disabled' }
  | { found: false; reason: 'idle' | 'absolute'; owner: { userId: string; organisationId: string } }

export function createSessionStore(database: DatabaseHandle, timeouts: SessionTimeouts) {
  const { db } = database

  function expiresAt(stage: SessionStage, createdAt = new Date()): Date {
    const seconds = stage === 'signed-in' ? timeouts.absoluteTimeoutSeconds : PENDING_STAGE_SECONDS
    return new Date(createdAt.getTime() + seconds * 1000)
  }

  return {
    /** Starts a new session (a new id: any earlier session of this browser should be ended by the caller). */
    async create(input: { userId: string; organisationId: string; stage: SessionStage; returnTo: string | null }): Promise<{ token: string; id: string }> {
      const token = randomToken()
      const [row] = await db.insert(sessions).values({
        tokenHash: sha256(token),
        userId: input.userId,
        organisationId: input.organisationId,
        stage: input.stage,
        returnTo: input.returnTo,
        absoluteExpiresAt: expiresAt(input.stage),
      }).returning({ id: sessions.id })
      if (row === undefined) throw new Error('Session was not created')
      return { token, id: row.id }
    },

    /**
     * Moves a session to its next stage under a new token, so the identifier an attacker might have
     * planted or seen before sign-in is worthless after it.
     */
    async advance(sessionId: string, stage: SessionStage): Promise<{ token: string }> {
      const token = randomToken()
      const now = new Date()
      await db.update(sessions).set({
        tokenHash: sha256(token), stage, lastActiveAt: now,
        absoluteExpiresAt: expiresAt(stage, now),
      }).where(eq(sessions.id, sessionId))
      return { token }
    },

    async lookup(token: string): Promise<SessionLookup> {
      const result = await db.execute<{
        session_id: string; stage: SessionStage; user_id: string; organisation_id: string; return_to: string | null
        last_active_at: Date; absolute_expires_at: Date; organisation_name: string; display_name: string; email: string
        role: UserRole; team_id: string | null; agency_id: string | null; status: string
      }>(sql`select * from mapwell_load_session(${sha256(token)})`)
      const row = result.rows[0]
      if (row === undefined) return { found: false, reason: 'unknown' }
      const now = Date.now()
      const lastActiveAt = new Date(row.last_active_at)
      const absoluteExpiresAt = new Date(row.absolute_expires_at)
      const owner = { userId: row.user_id, organisationId: row.organisation_id }
      if (absoluteExpiresAt.getTime() <= now) {
        await db.delete(sessions).where(eq(sessions.id, row.session_id))
        return { found: false, reason: 'absolute', owner }
      }
      if (row.stage === 'signed-in' && lastActiveAt.getTime() + timeouts.idleTimeoutSeconds * 1000 <= now) {
        await db.delete(sessions).where(eq(sessions.id, row.session_id))
        return { found: false, reason: 'idle', owner }
      }
      if (row.status !== 'active') {
        await db.delete(sessions).where(eq(sessions.id, row.session_id))
        return { found: false, reason: 'disabled' }
      }
      return {
        found: true,
        loaded: {
          session: {
            id: row.session_id, stage: row.stage, userId: row.user_id, organisationId: row.organisation_id,
            returnTo: row.return_to, lastActiveAt, absoluteExpiresAt,
          },
          user: {
            userId: row.user_id, organisationId: row.organisation_id, organisationName: row.organisation_name,
            displayName: row.display_name, email: row.email, role: row.role, teamId: row.team_id, agencyId: row.agency_id,
          },
        },
      }
    },

    /** Records activity; returns the new last-active time. */
    async touch(session: CurrentSession, force = false): Promise<Date> {
      const now = new Date()
      if (!force && now.getTime() - session.lastActiveAt.getTime() < TOUCH_INTERVAL_SECONDS * 1000) return session.lastActiveAt
      await db.update(sessions).set({ lastActiveAt: now }).where(eq(sessions.id, session.id))
      return now
    },

    async end(sessionId: string): Promise<void> {
      await db.delete(sessions).where(eq(sessions.id, sessionId))
    },

    /** Seconds of inactivity left before the idle timeout, capped by the absolute timeout. */
    secondsLeft(session: Pick<CurrentSession, 'lastActiveAt' | 'absoluteExpiresAt'>, now = Date.now()): number {
      const idleEnds = session.lastActiveAt.getTime() + timeouts.idleTimeoutSeconds * 1000
      return Math.max(0, Math.floor((Math.min(idleEnds, session.absoluteExpiresAt.getTime()) - now) / 1000))
    },

    /** Removes sessions that can no longer be used. */
    async sweep(): Promise<number> {
      const idleCutoff = new Date(Date.now() - timeouts.idleTimeoutSeconds * 1000)
      const removed = await db.delete(sessions).where(or(
        lt(sessions.absoluteExpiresAt, new Date()),
        and(eq(sessions.stage, 'signed-in'), lt(sessions.lastActiveAt, idleCutoff)),
      )).returning({ id: sessions.id })
      return removed.length
    },
  }
}

export type SessionStore = ReturnType<typeof createSessionStore>

/** Ends every session a user has, inside the caller's transaction (used when an account is disabled). */
export async function endAllSessionsOf(tx: Transaction, userId: string): Promise<number> {
  const removed = await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id })
  return removed.length
}
