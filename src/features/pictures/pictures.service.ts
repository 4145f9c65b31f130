import type { Actor } from '../../platform/http/types.js'
import { NotFoundError } from '../../platform/http/errors.js'
import { CASEWORKERS, type FamilyRecord } from '../../family-record/index.js'
import { findPicture } from './pictures.repository.js'

// Kept here too while other features still import it from this file; new code imports it from index.ts.
export { insertPicture } from './pictures.repository.js'

export function picturePath(familyId: string, pictureId: string): string {
  return `/families/${familyId}/pictures/${pictureId}`
}

export function createPicturesService(deps: { familyRecord: FamilyRecord }) {
  const { familyRecord } = deps
  return {
    /** One picture of a family the person may see, or the same 404 as one that does not exist. */
    async fetch(actor: Actor, familyId: string, pictureId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'picture.viewed', roles: CASEWORKERS }, async ({ tx, audit }) => {
        const picture = await findPicture(tx, familyId, pictureId)
        if (picture === undefined) throw new NotFoundError('picture')
        audit.subjectType = 'picture'
        audit.subjectId = pictureId
        return picture
      })
    },
  }
}

export type PicturesService = ReturnType<typeof createPicturesService>
