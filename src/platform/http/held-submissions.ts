import { and, eq, gt } from 'drizzle-orm'
import type { DatabaseHandle } from '../db/database.js'
import { safeEqual, type Secrets } from '../auth/secrets.js'
import { endedSessions, heldSubmissions, sessions, unclaimedHeldSubmissions } from '../../db/schema/index.js'

/**
 * "The full hour": a held form is given back for an hour from the moment it was held (when the
 * browser posted it), and only to the person whose session that browser last had. A form is held
 * if it is posted within an hour of that session ending (REMEMBER_ENDED_SESSION_SECONDS in
 * platform/auth/sessions.ts), however long ago the sweeper removed the session itself.
 */
export const KEEP_FOR_MS = 60 * 60 * 1000

/** Every field of a form as sent: a checkbox group (or any repeated name) is a list. */
export type HeldFields = Record<string, string | string[]>

/** What an unclaimed form keeps besides its fields: the CSRF token of the page it came from. */
interface UnclaimedContent { fields: HeldFields; csrf: string }

/** Forms sent after the sender's session ended, kept so that nothing they typed is lost. */
export function createHeldSubmissions(database: DatabaseHandle, secrets: Secrets) {
  async function claim(owner: { userId: string; organisationId: string }, id: string, path: string): Promise<HeldFields | undefined> {
    const unclaimed = await database.withoutOrganisation(async (tx) => {
      const [row] = await tx.select().from(unclaimedHeldSubmissions)
        .where(and(eq(unclaimedHeldSubmissions.id, id), eq(unclaimedHeldSubmissions.path, path), gt(unclaimedHeldSubmissions.expiresAt, new Date())))
      return row
    })
    if (unclaimed === undefined) return undefined
    const content = JSON.parse(secrets.decrypt(unclaimed.fieldsEncrypted)) as UnclaimedContent
    return database.inOrganisation(owner.organisationId, async (tx) => {
      const live = await tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, owner.userId))
      const ended = await tx.select({ id: endedSessions.sessionId }).from(endedSessions).where(eq(endedSessions.userId, owner.userId))
      const theirs = [...live, ...ended].some((session) => safeEqual(content.csrf, secrets.hmac('csrf', `session:${session.id}`)))
      if (!theirs) return undefined
      const [taken] = await tx.delete(unclaimedHeldSubmissions).where(eq(unclaimedHeldSubmissions.id, id)).returning({ id: unclaimedHeldSubmissions.id })
      if (taken === undefined) return undefined
      await tx.insert(heldSubmissions).values({
        id, organisationId: owner.organisationId, userId: owner.userId, path,
        fieldsEncrypted: secrets.encrypt(JSON.stringify(content.fields)), expiresAt: unclaimed.expiresAt,
      })
      return content.fields
    })
  }

  return {
    async hold(owner: { userId: string; organisationId: string }, path: string, fields: HeldFields): Promise<string> {
      return database.inOrganisation(owner.organisationId, async (tx) => {
        const [row] = await tx.insert(heldSubmissions).values({
          organisationId: owner.organisationId, userId: owner.userId, path,
          fieldsEncrypted: secrets.encrypt(JSON.stringify(fields)), expiresAt: new Date(Date.now() + KEEP_FOR_MS),
        }).returning({ id: heldSubmissions.id })
        if (row === undefined) throw new Error('not held')
        return row.id
      })
    },

    /**
     * A form sent with no session (the cookie had gone, or the server no longer knew it): held for
     * nobody yet, with the CSRF token it carried, which only a page of its sender's session had.
     */
    async holdUnclaimed(path: string, fields: HeldFields, csrf: string): Promise<string> {
      const content: UnclaimedContent = { fields, csrf }
      return database.withoutOrganisation(async (tx) => {
        const [row] = await tx.insert(unclaimedHeldSubmissions).values({
          path, fieldsEncrypted: secrets.encrypt(JSON.stringify(content)), expiresAt: new Date(Date.now() + KEEP_FOR_MS),
        }).returning({ id: unclaimedHeldSubmissions.id })
        if (row === undefined) throw new Error('not held')
        return row.id
      })
    },

    /**
     * The fields held for this person at this path, if there are any. Only the person who typed them
     * gets them: a form held for nobody becomes theirs only if its CSRF token is one that a session of
     * theirs (still there, or remembered after it ended) gave out, and then it is held for them.
     */
    async find(owner: { userId: string; organisationId: string }, id: string, path: string): Promise<HeldFields | undefined> {
      const owned = await database.inOrganisation(owner.organisationId, async (tx) => {
        const [row] = await tx.select({ fieldsEncrypted: heldSubmissions.fieldsEncrypted }).from(heldSubmissions)
          .where(and(eq(heldSubmissions.id, id), eq(heldSubmissions.userId, owner.userId), eq(heldSubmissions.path, path), gt(heldSubmissions.expiresAt, new Date())))
        return row === undefined ? undefined : JSON.parse(secrets.decrypt(row.fieldsEncrypted)) as HeldFields
      })
      return owned ?? claim(owner, id, path)
    },

  }
}

export type HeldSubmissions = ReturnType<typeof createHeldSubmissions>

/** Every field of a parsed form body (text, radios, checkbox lists), without the CSRF token. */
export function formFields(body: unknown): HeldFields {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {}
  const fields: HeldFields = {}
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (name === '_csrf') continue
    if (typeof value === 'string') fields[name] = value
    else if (Array.isArray(value)) fields[name] = value.filter((item): item is string => typeof item === 'string')
  }
  return fields
}

/** One field of held fields as text: the first of a list, or empty. */
export function heldText(fields: HeldFields, name: string): string {
  const value = fields[name]
  return typeof value === 'string' ? value : Array.isArray(value) ? value[0] ?? '' : ''
}

/** Held fields for a form whose every field is one value (no checkbox lists): each as text. */
export function heldTextFields(fields: HeldFields): Record<string, string> {
  return Object.fromEntries(Object.keys(fields).map((name) => [name, heldText(fields, name)]))
}
