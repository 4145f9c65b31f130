import type { DatabaseHandle, Transaction } from '../platform/db/database.js'
import type { Actor } from '../platform/http/types.js'
import { recordAudit } from '../platform/audit/audit.js'
import { NotFoundError } from '../platform/http/errors.js'
import type { AuditOutcome } from '../db/schema/audit.js'
import { findVisibleFamily, type VisibleFamily } from './family.repository.js'
import type { RoleSet } from './roles.js'
import { familiesVisibleTo } from './visibility.js'

/** What a piece of work on a family's record is: the audit action it is written as, and who may do it. */
export interface FamilyPurpose {
  /** The audit action, for example `map.viewed` or `plan.rule-added`. */
  action: string
  /** The roles that may do this at all; anyone else gets the family's 404 before it is looked for. */
  roles: RoleSet
  /** Lock the family's row for the transaction (for changes that must not interleave). */
  lockFamily?: boolean
}

/**
 * The audit row a unit of work writes when it is done. The work may say more about what it did
 * (details, the thing it was about, or that it was refused), but cannot leave the row out.
 */
export interface AuditNote {
  action: string
  outcome: AuditOutcome
  subjectType: string
  subjectId: string
  details: Record<string, unknown>
}

export interface FamilyUnit {
  tx: Transaction
  actor: Actor
  family: VisibleFamily
  audit: AuditNote
}

export type FamilyWork<T> = (unit: FamilyUnit) => Promise<T>

/**
 * One call for everything every feature must do with a family's record: open the organisation's
 * transaction, check the role, find the family this person may see (the same 404 as a family that
 * does not exist, sealed and break-the-glass rules included), run the work, and write the audit row
 * for it last, in the same transaction. If the audit row cannot be written, nothing is returned.
 * Services reach families' data only through here, so a read without an audit row cannot be written.
 */
export function createFamilyRecord(deps: { database: DatabaseHandle }) {
  const { database } = deps

  async function withFamily<T>(actor: Actor, familyId: string, purpose: FamilyPurpose, work: FamilyWork<T>): Promise<T> {
    // Whichever rule refuses, the answer is the same as for a family that does not exist.
    if (!purpose.roles.includes(actor.role)) throw new NotFoundError('family')
    return database.inOrganisation(actor.organisationId, async (tx) => {
      const family = await findVisibleFamily(tx, familyId, familiesVisibleTo(actor), purpose.lockFamily === true)
      if (family === undefined) throw new NotFoundError('family')
      const audit: AuditNote = { action: purpose.action, outcome: 'success', subjectType: 'family', subjectId: familyId, details: {} }
      const result = await work({ tx, actor, family, audit })
      // Everything about the family is in the details, so the access log finds the row by either.
      const details = audit.subjectType === 'family' ? audit.details : { familyId, ...audit.details }
      await recordAudit(tx, {
        organisationId: actor.organisationId, actorUserId: actor.userId, action: audit.action, outcome: audit.outcome,
        subjectType: audit.subjectType, subjectId: audit.subjectId, requestId: actor.requestId, details,
      })
      return result
    })
  }

  return { withFamily }
}

export type FamilyRecord = ReturnType<typeof createFamilyRecord>
