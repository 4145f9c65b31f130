import { and, eq, gt } from 'drizzle-orm'
import type { DatabaseHandle } from '../db/database.js'
import type { Secrets } from '../auth/secrets.js'
import { heldSubmissions } from '../../db/schema/index.js'

/**
 * "The full hour": a held form is given back for an hour from the moment it was held (when the
 * browser posted it), and only to the person whose session that browser last had. A form is held
 * if it is posted within an hour of that session ending (REMEMBER_ENDED_SESSION_SECONDS in
 * platform/auth/sessions.ts), however long ago the sweeper removed the session itself.
 */
export const KEEP_FOR_MS = 60 * 60 * 1000

export type HeldFields = Record<string, string>

/** Forms sent after the sender's session ended, kept so that nothing they typed is lost. */
export function createHeldSubmissions(database: DatabaseHandle, secrets: Secrets) {
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

    /** The fields held for this person at this path, if there are any. Only the person who typed them gets them. */
    async find(owner: { userId: string; organisationId: string }, id: string, path: string): Promise<HeldFields | undefined> {
      return database.inOrganisation(owner.organisationId, async (tx) => {
        const [row] = await tx.select({ fieldsEncrypted: heldSubmissions.fieldsEncrypted }).from(heldSubmissions)
          .where(and(eq(heldSubmissions.id, id), eq(heldSubmissions.userId, owner.userId), eq(heldSubmissions.path, path), gt(heldSubmissions.expiresAt, new Date())))
        return row === undefined ? undefined : JSON.parse(secrets.decrypt(row.fieldsEncrypted)) as HeldFields
      })
    },
  }
}

export type HeldSubmissions = ReturnType<typeof createHeldSubmissions>

/** Text fields of a parsed form body, without the CSRF token. */
export function formFields(body: unknown): HeldFields {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {}
  return Object.fromEntries(Object.entries(body as Record<string, unknown>)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== '_csrf'))
}
