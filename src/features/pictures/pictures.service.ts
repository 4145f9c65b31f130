import { and, eq } from 'drizzle-orm'
import type { DatabaseHandle, Transaction } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { NotFoundError } from '../../platform/http/errors.js'
import { pictures } from '../../db/schema/index.js'
import { familiesVisibleTo } from '../../family-record/index.js'
import { findVisibleFamily } from '../families/families.repository.js'
import type { CleanedPicture } from './clean-image.js'

/** Stores a cleaned picture in the caller's transaction, so it is saved with the record that uses it or not at all. */
export async function insertPicture(tx: Transaction, values: {
  organisationId: string; familyId: string; picture: CleanedPicture; source: 'upload' | 'drawn'; description?: string; uploadedBy: string
}): Promise<string> {
  const [row] = await tx.insert(pictures).values({
    organisationId: values.organisationId, familyId: values.familyId, mediaType: values.picture.mediaType, bytes: values.picture.bytes,
    width: values.picture.width, height: values.picture.height, source: values.source, description: values.description ?? '', uploadedBy: values.uploadedBy,
  }).returning({ id: pictures.id })
  if (row === undefined) throw new Error('picture not stored')
  return row.id
}

export function picturePath(familyId: string, pictureId: string): string {
  return `/families/${familyId}/pictures/${pictureId}`
}

export function createPicturesService(deps: { database: DatabaseHandle }) {
  const { database } = deps
  return {
    /** One picture of a family the person may see, or the same 404 as one that does not exist. */
    async fetch(actor: Actor, familyId: string, pictureId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await findVisibleFamily(tx, familyId, familiesVisibleTo(actor))
        if (family === undefined) throw new NotFoundError('family')
        const [picture] = await tx.select({ mediaType: pictures.mediaType, bytes: pictures.bytes }).from(pictures)
          .where(and(eq(pictures.id, pictureId), eq(pictures.familyId, familyId)))
        if (picture === undefined) throw new NotFoundError('picture')
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'picture.viewed', subjectType: 'picture', subjectId: pictureId, requestId: actor.requestId, details: { familyId } })
        return picture
      })
    },
  }
}

export type PicturesService = ReturnType<typeof createPicturesService>
