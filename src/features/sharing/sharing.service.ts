import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import type { DatabaseHandle, Transaction } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import type { Secrets } from '../../platform/auth/secrets.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { hashPassword } from '../../platform/auth/passwords.js'
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.js'
import { agencies, families, familyAccess, networkMembers, organisations, partnerAccess, people, users, type FamilyAccessKind, type PartnerBasis } from '../../db/schema/index.js'
import { familiesVisibleTo, familyMemberAccess } from '../../family-record/index.js'
import { findVisibleFamily } from '../families/families.repository.js'
import { CODE_DAYS, newInvitationCode } from './invitation-code.js'
import { JOIN_THROTTLED, joinKeys, joinThrottled, recordRefusedJoin } from './join-throttle.js'

const CASEWORK = ['practitioner', 'team-manager', 'conference-chair']

export interface Invitee { personId: string; name: string; kind: FamilyAccessKind; note?: string }

/** How old someone is today, from a date of birth (yyyy-mm-dd). */
export function ageOn(dateOfBirth: string, today = new Date()): number {
  const born = new Date(`${dateOfBirth}T00:00:00Z`)
  let age = today.getUTCFullYear() - born.getUTCFullYear()
  const beforeBirthday = today.getUTCMonth() < born.getUTCMonth() || (today.getUTCMonth() === born.getUTCMonth() && today.getUTCDate() < born.getUTCDate())
  if (beforeBirthday) age -= 1
  return age
}

/**
 * The family a family or network member's account belongs to, while their access lasts; otherwise
 * undefined (their worker ended it, or the family's help ended longer ago than the grace period).
 */
export async function memberFamily(tx: Transaction, actor: Actor) {
  if (actor.role !== 'family-member') return undefined
  const [row] = await tx.select({ familyId: families.id, familyName: families.familyName, accessId: familyAccess.id, kind: familyAccess.kind, personId: familyAccess.personId })
    .from(familyAccess).innerJoin(families, eq(families.id, familyAccess.familyId))
    .where(and(eq(familyAccess.userId, actor.userId), familyMemberAccess(actor.userId)))
  return row
}

export function createSharingService(deps: { database: DatabaseHandle; secrets: Secrets }) {
  const { database, secrets } = deps
  const codeHash = (code: string): string => secrets.hmac('family-invitation', code)

  async function visibleFamily(tx: Transaction, actor: Actor, familyId: string) {
    if (!CASEWORK.includes(actor.role)) throw new ForbiddenError('Only caseworkers share a family\'s space')
    const family = await findVisibleFamily(tx, familyId, familiesVisibleTo(actor))
    if (family === undefined) throw new NotFoundError('family')
    return family
  }

  async function audit(tx: Transaction, actor: Actor, action: string, familyId: string, details?: Record<string, unknown>) {
    await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action, subjectType: 'family', subjectId: familyId, requestId: actor.requestId, details })
  }

  /** Who can be invited: parents and carers, young people old enough, and the safety network. */
  async function invitees(tx: Transaction, organisationId: string, familyId: string): Promise<{ invitees: Invitee[]; minimumAge: number }> {
    const [organisation] = await tx.select({ minimumAge: organisations.youngPersonMinimumAge }).from(organisations).where(eq(organisations.id, organisationId))
    const minimumAge = organisation?.minimumAge ?? 12
    const everyone = await tx.select({ id: people.id, kind: people.kind, givenName: people.givenName, familyName: people.familyNameOfPerson, dateOfBirth: people.dateOfBirth })
      .from(people).where(eq(people.familyId, familyId)).orderBy(asc(people.givenName))
    const network = new Set((await tx.select({ personId: networkMembers.personId }).from(networkMembers).where(and(eq(networkMembers.familyId, familyId), isNull(networkMembers.leftOn)))).map((row) => row.personId))
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
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        const members = await tx.select({
          id: familyAccess.id, kind: familyAccess.kind, name: sql<string>`${people.givenName} || ' ' || ${people.familyNameOfPerson}`, invitedAt: familyAccess.invitedAt,
          codeExpiresAt: familyAccess.codeExpiresAt, codeUsedAt: familyAccess.codeUsedAt, endedAt: familyAccess.endedAt, joined: sql<boolean>`${familyAccess.userId} is not null`,
        }).from(familyAccess).innerJoin(people, eq(people.id, familyAccess.personId)).where(eq(familyAccess.familyId, familyId)).orderBy(desc(familyAccess.invitedAt))
        const partners = await tx.select({
          id: partnerAccess.id, name: users.displayName, agency: agencies.name, basis: partnerAccess.basis, consentGivenBy: partnerAccess.consentGivenBy,
          consentGivenOn: partnerAccess.consentGivenOn, lawfulReason: partnerAccess.lawfulReason, invitedAt: partnerAccess.invitedAt, endedAt: partnerAccess.endedAt, endedReason: partnerAccess.endedReason,
        }).from(partnerAccess).innerJoin(users, eq(users.id, partnerAccess.userId)).innerJoin(agencies, eq(agencies.id, partnerAccess.agencyId))
          .where(eq(partnerAccess.familyId, familyId)).orderBy(desc(partnerAccess.invitedAt))
        await audit(tx, actor, 'sharing.viewed', familyId)
        return { family, members, partners }
      })
    },

    async invitees(actor: Actor, familyId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        const found = await invitees(tx, actor.organisationId, familyId)
        await audit(tx, actor, 'sharing.invitees-viewed', familyId)
        return { family, ...found }
      })
    },

    /** Makes an invitation and returns its code: shown once, to be handed over, and kept only as a hash. */
    async invite(actor: Actor, familyId: string, personId: string, submissionId: string): Promise<{ outcome: 'invited'; code: string; accessId: string; name: string } | { outcome: 'already'; accessId: string } | { outcome: 'refused'; reason: string }> {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        const [earlier] = await tx.select({ id: familyAccess.id }).from(familyAccess).where(and(eq(familyAccess.familyId, familyId), eq(familyAccess.submissionId, submissionId)))
        if (earlier !== undefined) return { outcome: 'already' as const, accessId: earlier.id }
        // One live invitation per person, even when two forms are sent at the same moment.
        await tx.select({ id: people.id }).from(people).where(and(eq(people.id, personId), eq(people.familyId, familyId))).for('update')
        const invitee = (await invitees(tx, actor.organisationId, familyId)).invitees.find((candidate) => candidate.personId === personId)
        if (invitee === undefined) return { outcome: 'refused' as const, reason: 'Select someone from this family who can be invited' }
        const [live] = await tx.select({ id: familyAccess.id }).from(familyAccess)
          .where(and(eq(familyAccess.personId, personId), isNull(familyAccess.endedAt), sql`(${familyAccess.userId} is not null or ${familyAccess.codeExpiresAt} > now())`))
        if (live !== undefined) return { outcome: 'refused' as const, reason: `${invitee.name} already has an invitation or access. End it first to make a new code.` }
        const code = newInvitationCode()
        const [row] = await tx.insert(familyAccess).values({
          organisationId: actor.organisationId, familyId, personId, kind: invitee.kind, codeHash: codeHash(code),
          codeExpiresAt: new Date(Date.now() + CODE_DAYS * 86_400_000), invitedBy: actor.userId, submissionId,
        }).returning({ id: familyAccess.id })
        if (row === undefined) throw new Error('invitation not made')
        await audit(tx, actor, 'sharing.family-member-invited', familyId, { accessId: row.id, kind: invitee.kind })
        return { outcome: 'invited' as const, code, accessId: row.id, name: invitee.name }
      })
    },

    /** Ends an invitation or a family member's access at once; their sessions stop working on the next request. */
    async endMemberAccess(actor: Actor, familyId: string, accessId: string): Promise<void> {
      await database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        const ended = await tx.update(familyAccess).set({ endedAt: new Date(), endedBy: actor.userId })
          .where(and(eq(familyAccess.id, accessId), eq(familyAccess.familyId, familyId), isNull(familyAccess.endedAt))).returning({ userId: familyAccess.userId })
        if (ended.length === 0) throw new NotFoundError('access')
        const userId = ended[0]?.userId
        if (userId !== null && userId !== undefined) await tx.update(users).set({ status: 'disabled', updatedAt: new Date() }).where(eq(users.id, userId))
        await audit(tx, actor, 'sharing.family-member-ended', familyId, { accessId })
      })
    },

    async partnersToInvite(actor: Actor, familyId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        const partners = await tx.select({ id: users.id, name: users.displayName, agency: agencies.name, agencyId: agencies.id })
          .from(users).innerJoin(agencies, eq(agencies.id, users.agencyId))
          .where(and(eq(users.role, 'partner-practitioner'), eq(users.status, 'active'))).orderBy(asc(agencies.name), asc(users.displayName))
        const parents = await tx.select({ name: sql<string>`${people.givenName} || ' ' || ${people.familyNameOfPerson}` }).from(people)
          .where(and(eq(people.familyId, familyId), eq(people.kind, 'parent-carer')))
        await audit(tx, actor, 'sharing.partner-invite-viewed', familyId)
        return { family, partners, parents: parents.map((row) => row.name) }
      })
    },

    async invitePartner(actor: Actor, familyId: string, input: { userId: string; basis: PartnerBasis; consentGivenBy: string; consentGivenOn: string | null; lawfulReason: string }, submissionId: string): Promise<{ outcome: 'invited' } | { outcome: 'refused'; field: string; reason: string }> {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        const [earlier] = await tx.select({ id: partnerAccess.id }).from(partnerAccess).where(and(eq(partnerAccess.familyId, familyId), eq(partnerAccess.submissionId, submissionId)))
        if (earlier !== undefined) return { outcome: 'invited' as const }
        const [partner] = await tx.select({ id: users.id, agencyId: users.agencyId }).from(users)
          .where(and(eq(users.id, input.userId), eq(users.role, 'partner-practitioner'), eq(users.status, 'active')))
        if (partner?.agencyId === null || partner?.agencyId === undefined) return { outcome: 'refused' as const, field: 'partner', reason: 'Select a partner practitioner from the list' }
        const [live] = await tx.select({ id: partnerAccess.id }).from(partnerAccess).where(and(eq(partnerAccess.familyId, familyId), eq(partnerAccess.userId, input.userId), isNull(partnerAccess.endedAt)))
        if (live !== undefined) return { outcome: 'refused' as const, field: 'partner', reason: 'This partner is already invited to this family' }
        await tx.insert(partnerAccess).values({
          organisationId: actor.organisationId, familyId, userId: partner.id, agencyId: partner.agencyId, basis: input.basis,
          consentGivenBy: input.basis === 'consent' ? input.consentGivenBy : '', consentGivenOn: input.basis === 'consent' ? input.consentGivenOn : null,
          lawfulReason: input.basis === 'without-consent' ? input.lawfulReason : '', invitedBy: actor.userId, submissionId,
        })
        await audit(tx, actor, 'sharing.partner-invited', familyId, { partnerUserId: partner.id, basis: input.basis })
        return { outcome: 'invited' as const }
      })
    },

    /** Consent withdrawn, or the invitation ended: the partner's next request is refused. */
    async endPartnerAccess(actor: Actor, familyId: string, accessId: string, reason: 'consent-withdrawn' | 'invitation-ended'): Promise<void> {
      await database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        const ended = await tx.update(partnerAccess).set({ endedAt: new Date(), endedReason: reason, endedBy: actor.userId })
          .where(and(eq(partnerAccess.id, accessId), eq(partnerAccess.familyId, familyId), isNull(partnerAccess.endedAt))).returning({ id: partnerAccess.id })
        if (ended.length === 0) throw new NotFoundError('partner access')
        await audit(tx, actor, `sharing.partner-${reason}`, familyId, { accessId })
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
      const found = await database.withoutOrganisation(async (tx) => {
        const result = await tx.execute<{ access_id: string; organisation_id: string }>(sql`select access_id, organisation_id from mapwell_find_invitation(${hash})`)
        return result.rows[0]
      })
      const unusable = { outcome: 'refused' as const, field: 'code' as const, reason: 'This code cannot be used. Check it, or ask your worker for a new one: codes work once and for 14 days' }
      if (found === undefined) {
        await database.withoutOrganisation((tx) => recordRefusedJoin(tx, keys))
        return unusable
      }
      return database.inOrganisation(found.organisation_id, async (tx) => {
        const [access] = await tx.select({ id: familyAccess.id, familyId: familyAccess.familyId, personId: familyAccess.personId, codeUsedAt: familyAccess.codeUsedAt, codeExpiresAt: familyAccess.codeExpiresAt, endedAt: familyAccess.endedAt })
          .from(familyAccess).where(eq(familyAccess.id, found.access_id)).for('update')
        if (access === undefined || access.codeUsedAt !== null || access.endedAt !== null || access.codeExpiresAt.getTime() < Date.now()) {
          await recordRefusedJoin(tx, keys)
          return unusable
        }
        const [taken] = await tx.execute<{ taken: boolean }>(sql`select exists (select 1 from mapwell_find_account_for_sign_in(${input.email})) as taken`).then((result) => result.rows)
        if (taken?.taken === true) {
          await recordRefusedJoin(tx, keys)
          await recordAudit(tx, { organisationId: found.organisation_id, actorUserId: null, action: 'sharing.join-refused', outcome: 'failure', subjectType: 'family', subjectId: access.familyId, requestId: input.requestId, details: { accessId: access.id, reason: 'email address already used' } })
          return { outcome: 'email-in-use' as const }
        }
        const [person] = await tx.select({ givenName: people.givenName, familyName: people.familyNameOfPerson }).from(people).where(eq(people.id, access.personId))
        const name = `${person?.givenName ?? ''} ${person?.familyName ?? ''}`.trim()
        const [user] = await tx.insert(users).values({
          organisationId: found.organisation_id, email: input.email, displayName: name, role: 'family-member', passwordHash,
        }).returning({ id: users.id })
        if (user === undefined) throw new Error('account not made')
        await tx.update(familyAccess).set({ codeUsedAt: new Date(), userId: user.id }).where(eq(familyAccess.id, access.id))
        await recordAudit(tx, { organisationId: found.organisation_id, actorUserId: user.id, action: 'sharing.family-member-joined', subjectType: 'family', subjectId: access.familyId, requestId: input.requestId, details: { accessId: access.id } })
        return { outcome: 'joined' as const, name }
      })
    },
  }
}

export type SharingService = ReturnType<typeof createSharingService>
