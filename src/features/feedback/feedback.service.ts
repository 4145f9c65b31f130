import type { DatabaseHandle } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { ForbiddenError } from '../../platform/http/errors.js'
import * as repository from './feedback.repository.js'
import type { FeedbackFields } from './feedback.schema.js'

export const FEEDBACK_PAGE_SIZE = 20

export function createFeedbackService(deps: { database: DatabaseHandle }) {
  const { database } = deps
  return {
    /**
     * Keeps what someone told us. Signed in, it belongs to their organisation (and names a member of
     * staff, never a family member); not signed in, to no organisation. It never points at a family.
     */
    async send(actor: Actor | undefined, fields: FeedbackFields): Promise<void> {
      if (actor === undefined) {
        await database.withoutOrganisation(async (tx) => {
          await repository.insertUnsignedFeedback(tx, fields)
        })
        return
      }
      await database.inOrganisation(actor.organisationId, async (tx) => {
        const id = await repository.insertFeedback(tx, { ...fields, organisationId: actor.organisationId, userId: actor.role === 'family-member' ? null : actor.userId })
        await recordAudit(tx, {
          organisationId: actor.organisationId, actorUserId: actor.userId, action: 'feedback.sent', subjectType: 'feedback', subjectId: id, requestId: actor.requestId,
          details: { withContactEmail: fields.contactEmail !== null },
        })
      })
    },

    /** The organisation's feedback for its administrators, newest first. */
    async list(actor: Actor, page: number) {
      if (actor.role !== 'organisation-administrator') throw new ForbiddenError('Only administrators read feedback')
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const result = await repository.feedbackPage(tx, actor.organisationId, FEEDBACK_PAGE_SIZE, (page - 1) * FEEDBACK_PAGE_SIZE)
        await recordAudit(tx, {
          organisationId: actor.organisationId, actorUserId: actor.userId, action: 'feedback.listed', subjectType: 'organisation', subjectId: actor.organisationId, requestId: actor.requestId,
          details: { page, results: result.rows.length },
        })
        return { ...result, page, pageCount: Math.max(1, Math.ceil(result.total / FEEDBACK_PAGE_SIZE)) }
      })
    },
  }
}

export type FeedbackService = ReturnType<typeof createFeedbackService>
