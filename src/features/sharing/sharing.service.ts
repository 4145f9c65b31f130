import type { DatabaseHandle, Transaction } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import type { Secrets } from '../../platform/auth/secrets.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { hashPassword } from '../../platform/auth/passwords.js'
import { NotFoundError } from '../../platform/http/errors.js'
import type { FamilyAccessKind, PartnerBasis } from '../../db/schema/index.js'
import { CASEWORKERS, ageOn, type FamilyRecord } from '../../family-record/index.js'
import { CODE_DAYS, newInvitationCode } from './invitation-code.js'
import { JOIN_THROTTLED, joinKeys, joinThrottled, recordRefusedJoin } from './join-throttle.js'
import * as repository from './sharing.repository.js'

export interface Invitee { personId: string; name: string; kind: FamilyAccessKind; note?: string }

export function createSharingService(deps: { database: DatabaseHandle; familyRecord: FamilyRecord; secrets: Secrets }) {
  const { database, familyRecord, secrets } = deps
  const codeHash = (code: string): string => secrets.hmac('family-invitation', code)
  const casework = (action: string) => ({ action, roles: CASEWORKERS })

  /** Who can be invited: parents and carers, young people old enough, and the safety network. */
  async function invitees(tx: Transaction, organisationId: string, familyId: string): Promise<{ invitees: Invitee[]; minimumAge: number }> {
    const minimumAge = await repository.youngPersonMinimumAge(tx, organisationId)
    const everyone = await repository.familyPeopleForInvitation(tx, familyId)
    const network = await repository.currentNetworkPersonIds(tx, familyId)
    const result: Invitee[] = []
    for (const person of everyone) {
      const name = `${person.givenName} ${person.familyName}`
      if (person.kind === 'parent-carer') result.push({ personId: person.id, name, kind: 'parent-carer' })
      else if (person.kind === 'child' && person.dateOfBirth !== null) {
        const age = ageOn(person.dateOfBirth)
        if (age >= minimumAge) result.push({ personId: person.id, name, kind: 'young-person', note: `${String(age)} years old` })
      } else if (network.has(person.id)) result.push({ personId: person.id, name, kind: 'network-member' })
    }
    return { invitees: result, minimumAge }
  }

  return {
    async overview(actor: Actor, familyId: string) {
      return familyRecord.withFamily(actor, familyId, casework('sharing.viewed'), async ({ tx, family }) =>
        ({ family, members: await repository.familyMembersWithAccess(tx, familyId), partners: await repository.partnersWithAccess(tx, familyId), choice: await repository.sharingChoice(tx, familyId) }))
    },

    /**
     * Records whether the family agreed that invited partners see the safety plan rules that name them,
     * their agency, or a network member linked to them, and who agreed. Off until set.
     */
    async setPartnerPlanRules(actor: Actor, familyId: string, input: { share: boolean; agreedBy: string }): Promise<void> {
      await familyRecord.withFamily(actor, familyId, casework('sharing.partner-plan-rules-changed'), async ({ tx, audit }) => {
        const before = await repository.partnersMaySeePlanRules(tx, familyId)
        await repository.saveSharingChoice(tx, { organisationId: actor.organisationId, familyId, planRulesWithPartners: input.share, agreedBy: input.share ? input.agreedBy : '', changedBy: actor.userId })
        audit.details = { before, after: input.share }
      })
    },

    async invitees(actor: Actor, familyId: string) {
      return familyRecord.withFamily(actor, familyId, casework('sharing.invitees-viewed'), async ({ tx, family }) =>
        ({ family, ...await invitees(tx, actor.organisationId, familyId) }))
    },

    /** Makes an invitation and returns its code: shown once, to be handed over, and kept only as a hash. */
    async invite(actor: Actor, familyId: string, personId: string, submissionId: string): Promise<{ outcome: 'invited'; code: string; accessId: string; name: string } | { outcome: 'already'; accessId: string } | { outcome: 'refused'; reason: string }> {
      return familyRecord.withFamily(actor, familyId, casework('sharing.family-member-invited'), async ({ tx, audit }) => {
        const earlier = await repository.invitationBySubmission(tx, familyId, submissionId)
        if (earlier !== undefined) { audit.action = 'sharing.family-member-invite-repeated'; return { outcome: 'already' as const, accessId: earlier.id } }
        audit.outcome = 'failure'
        // One live invitation per person, even when two forms are sent at the same moment.
        await repository.lockPerson(tx, familyId, personId)
        const invitee = (await invitees(tx, actor.organisationId, familyId)).invitees.find((candidate) => candidate.personId === personId)
        if (invitee === undefined) return { outcome: 'refused' as const, reason: 'Select someone from this family who can be invited' }
        if (await repository.liveInvitationOf(tx, personId) !== undefined) return { outcome: 'refused' as const, reason: `${invitee.name} already has an invitation or access. End it first to make a new code.` }
        const code = newInvitationCode()
        const accessId = await repository.insertInvitation(tx, {
          organisationId: actor.organisationId, familyId, personId, kind: invitee.kind, codeHash: codeHash(code),
          codeExpiresAt: new Date(Date.now() + CODE_DAYS * 86_400_000), invitedBy: actor.userId, submissionId,
        })
        audit.outcome = 'success'
        audit.details = { accessId, kind: invitee.kind }
        return { outcome: 'invited' as const, code, accessId, name: invitee.name }
      })
    },

    /** Ends an invitation or a family member's access at once; their sessions stop working on the next request. */
    async endMemberAccess(actor: Actor, familyId: string, accessId: string): Promise<void> {
      await familyRecord.withFamily(actor, familyId, casework('sharing.family-member-ended'), async ({ tx, audit }) => {
        if (!await repository.endFamilyAccess(tx, familyId, accessId, actor.userId)) throw new NotFoundError('access')
        audit.details = { accessId }
      })
    },

    async partnersToInvite(actor: Actor, familyId: string) {
      return familyRecord.withFamily(actor, familyId, casework('sharing.partner-invite-viewed'), async ({ tx, family }) =>
        ({ family, partners: await repository.activePartnerPractitioners(tx), parents: await repository.parentNames(tx, familyId) }))
    },

    async invitePartner(actor: Actor, familyId: string, input: { userId: string; basis: PartnerBasis; consentGivenBy: string; consentGivenOn: string | null; lawfulReason: string }, submissionId: string): Promise<{ outcome: 'invited' } | { outcome: 'refused'; field: string; reason: string }> {
      return familyRecord.withFamily(actor, familyId, casework('sharing.partner-invited'), async ({ tx, audit }) => {
        if (await repository.partnerInvitationBySubmission(tx, familyId, submissionId) !== undefined) { audit.action = 'sharing.partner-invite-repeated'; return { outcome: 'invited' as const } }
        audit.outcome = 'failure'
        const partner = await repository.activePartnerPractitioner(tx, input.userId)
        if (partner?.agencyId === null || partner?.agencyId === undefined) return { outcome: 'refused' as const, field: 'partner', reason: 'Select a partner practitioner from the list' }
        if (await repository.livePartnerAccess(tx, familyId, input.userId) !== undefined) return { outcome: 'refused' as const, field: 'partner', reason: 'This partner is already invited to this family' }
        await repository.insertPartnerAccess(tx, {
          organisationId: actor.organisationId, familyId, userId: partner.id, agencyId: partner.agencyId, basis: input.basis,
          consentGivenBy: input.basis === 'consent' ? input.consentGivenBy : '', consentGivenOn: input.basis === 'consent' ? input.consentGivenOn : null,
          lawfulReason: input.basis === 'without-consent' ? input.lawfulReason : '', invitedBy: actor.userId, submissionId,
        })
        audit.outcome = 'success'
        audit.details = { partnerUserId: partner.id, basis: input.basis }
        return { outcome: 'invited' as const }
      })
    },

    /** Consent withdrawn, or the invitation ended: the partner's next request is refused. */
    async endPartnerAccess(actor: Actor, familyId: string, accessId: string, reason: 'consent-withdrawn' | 'invitation-ended'): Promise<void> {
      await familyRecord.withFamily(actor, familyId, casework(`sharing.partner-${reason}`), async ({ tx, audit }) => {
        if (!await repository.endPartnerAccess(tx, familyId, accessId, reason, actor.userId)) throw new NotFoundError('partner access')
        audit.details = { accessId }
      })
    },

    /**
     * Joining with a code: checks it, makes the account, and uses the code up. The code never signs anyone in.
     * An email address already in use gets the same answer as joining ('email-in-use' must be shown as
     * 'joined'), so a code does not tell its holder who has an account; the code stays usable.
     */
    async join(input: { code: string; email: string; password: string; address: string; requestId: string }): Promise<{ outcome: 'joined'; name: string } | { outcome: 'email-in-use' } | { outcome: 'refused'; field: 'code' | 'email'; reason: string }> {
      const hash = codeHash(input.code)
      const keys = joinKeys(secrets, hash, input.address)
      if (await database.withoutOrganisation((tx) => joinThrottled(tx, keys))) return { outcome: 'refused', field: 'code', reason: JOIN_THROTTLED }
      // Hashed before anything is checked, so every answer takes as long.
      const passwordHash = await hashPassword(input.password)
      const found = await database.withoutOrganisation(async (tx) => repository.findInvitation(tx, hash))
      const unusable = { outcome: 'refused' as const, field: 'code' as const, reason: 'This code cannot be used. Check it, or ask your worker for a new one: codes work once and for 14 days' }
      if (found === undefined) {
        await database.withoutOrganisation((tx) => recordRefusedJoin(tx, keys))
        return unusable
      }
      return database.inOrganisation(found.organisation_id, async (tx) => {
        const access = await repository.invitationForJoining(tx, found.access_id)
        if (access === undefined || access.codeUsedAt !== null || access.endedAt !== null || access.codeExpiresAt.getTime() < Date.now()) {
          await recordRefusedJoin(tx, keys)
          return unusable
        }
        if (await repository.emailHasAccount(tx, input.email)) {
          await recordRefusedJoin(tx, keys)
          await recordAudit(tx, { organisationId: found.organisation_id, actorUserId: null, action: 'sharing.join-refused', outcome: 'failure', subjectType: 'family', subjectId: access.familyId, requestId: input.requestId, details: { accessId: access.id, reason: 'email address already used' } })
          return { outcome: 'email-in-use' as const }
        }
        const name = await repository.personName(tx, access.personId)
        const userId = await repository.joinWithAccount(tx, { organisationId: found.organisation_id, accessId: access.id, email: input.email, displayName: name, passwordHash })
        await recordAudit(tx, { organisationId: found.organisation_id, actorUserId: userId, action: 'sharing.family-member-joined', subjectType: 'family', subjectId: access.familyId, requestId: input.requestId, details: { accessId: access.id } })
        return { outcome: 'joined' as const, name }
      })
    },
  }
}

export type SharingService = ReturnType<typeof createSharingService>
