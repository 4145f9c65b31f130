import { and, eq } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import { pictures } from '../../db/schema/index.js'
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

/** One picture of this family: its stored type and bytes. */
export async function findPicture(tx: Transaction, familyId: string, pictureId: string) {
  const [picture] = await tx.select({ mediaType: pictures.mediaType, bytes: pictures.bytes }).from(pictures)
    .where(and(eq(pictures.id, pictureId), eq(pictures.familyId, familyId)))
  return picture
}
