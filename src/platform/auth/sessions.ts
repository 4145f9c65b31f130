import { eq, sql } from 'drizzle-orm'
import type { DatabaseHandle, Transaction } from '../db/database.js'
import { endedSessions, sessions, type EndedSessionReason, type SessionStage } from '../../db/schema/sessions.js'
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

/**
 * For an hour after a signed-in session ends (it timed out and was noticed on the browser's next
 * request or removed by the sweeper, or an administrator ended it), the server remembers whose it
 * was, so a form that browser sends in that hour can be held for that person (see held-submissions.ts).
 * The sweeper runs every minute, so the hour starts within a minute of the session timing out.
 */
export const REMEMBER_ENDED_SESSION_SECONDS = 60 * 60

/** Whose a session was, once it has ended: enough to hold a form for them, nothing more. */
export interface EndedSession { sessionId: string; userId: string; organisationId: string }

export interface LoadedSession {
  session: CurrentSession
  user: StaffIdentity
}

export type SessionLookup =
  | { found: true; loaded: LoadedSession }
  | { found: false; reason: 'unknown' | 'disabled' }
  /** `ended` is known only for a session that had been fully signed in. */
  | { found: false; reason: EndedSessionReason; ended: EndedSession | undefined }

interface EndingSession { id: string; tokenHash: string; userId: string; organisationId: string; stage: SessionStage }

/** Remembers, inside the caller's transaction (in the session's organisation), whose the ended sessions were. */
async function rememberEnded(tx: Transaction, ended: readonly EndingSession[], reason: EndedSessionReason): Promise<void> {
  const signedIn = ended.filter((session) => session.stage === 'signed-in')
  if (signedIn.length === 0) return
  const forgetAt = new Date(Date.now() + REMEMBER_ENDED_SESSION_SECONDS * 1000)
  await tx.insert(endedSessions).values(signedIn.map((session) => ({
    tokenHash: session.tokenHash, sessionId: session.id, userId: session.userId, organisationId: session.organisationId, reason, forgetAt,
  }))).onConflictDoNothing()
}

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
      const tokenHash = sha256(token)
      const result = await db.execute<{
        session_id: string; stage: SessionStage; user_id: string; organisation_id: string; return_to: string | null
        last_active_at: Date; absolute_expires_at: Date; organisation_name: string; display_name: string; email: string
        role: UserRole; team_id: string | null; agency_id: string | null; status: string
      }>(sql`select * from mapwell_load_session(${tokenHash})`)
      const row = result.rows[0]
      if (row === undefined) {
        // Gone already (swept, or ended by an administrator): whose it was, if that is still remembered.
        const before = await db.execute<{ session_id: string; user_id: string; organisation_id: string; reason: EndedSessionReason }>(
          sql`select session_id, user_id, organisation_id, reason from mapwell_find_ended_session(${tokenHash})`)
        const ended = before.rows[0]
        if (ended === undefined) return { found: false, reason: 'unknown' }
        return { found: false, reason: ended.reason, ended: { sessionId: ended.session_id, userId: ended.user_id, organisationId: ended.organisation_id } }
      }
      const now = Date.now()
      const lastActiveAt = new Date(row.last_active_at)
      const absoluteExpiresAt = new Date(row.absolute_expires_at)
      const ending: EndingSession = { id: row.session_id, tokenHash, userId: row.user_id, organisationId: row.organisation_id, stage: row.stage }
      const end = async (reason: EndedSessionReason): Promise<EndedSession | undefined> => {
        await database.inOrganisation(row.organisation_id, async (tx) => {
          await tx.delete(sessions).where(eq(sessions.id, row.session_id))
          await rememberEnded(tx, [ending], reason)
        })
        return row.stage === 'signed-in' ? { sessionId: row.session_id, userId: row.user_id, organisationId: row.organisation_id } : undefined
      }
      if (absoluteExpiresAt.getTime() <= now) return { found: false, reason: 'absolute', ended: await end('absolute') }
      if (row.stage === 'signed-in' && lastActiveAt.getTime() + timeouts.idleTimeoutSeconds * 1000 <= now) {
        return { found: false, reason: 'idle', ended: await end('idle') }
      }
      if (row.status !== 'active') {
        await end('ended-by-administrator')
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

    /** Removes sessions that can no longer be used, remembering whose the signed-in ones were. */
    async sweep(): Promise<number> {
      const result = await db.execute<{ removed: number }>(
        sql`select mapwell_end_timed_out_sessions(${timeouts.idleTimeoutSeconds}::integer, ${REMEMBER_ENDED_SESSION_SECONDS}::integer) as removed`)
      return result.rows[0]?.removed ?? 0
    },
  }
}

export type SessionStore = ReturnType<typeof createSessionStore>

/**
 * Ends every session a user has, inside the caller's transaction (used when an administrator disables
 * an account or resets its sign-in), remembering whose they were so an unsaved form is not lost.
 */
export async function endAllSessionsOf(tx: Transaction, userId: string): Promise<number> {
  const removed = await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({
    id: sessions.id, tokenHash: sessions.tokenHash, userId: sessions.userId, organisationId: sessions.organisationId, stage: sessions.stage,
  })
  await rememberEnded(tx, removed, 'ended-by-administrator')
  return removed.length
}
