import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import { agencies, familyAccess, familySharingChoices, networkMembers, organisations, partnerAccess, people, users, type FamilyAccessKind, type PartnerBasis } from '../../db/schema/index.js'

export async function youngPersonMinimumAge(tx: Transaction, organisationId: string): Promise<number> {
  const [organisation] = await tx.select({ minimumAge: organisations.youngPersonMinimumAge }).from(organisations).where(eq(organisations.id, organisationId))
  return organisation?.minimumAge ?? 12
}

export async function familyPeopleForInvitation(tx: Transaction, familyId: string) {
  return tx.select({ id: people.id, kind: people.kind, givenName: people.givenName, familyName: people.familyNameOfPerson, dateOfBirth: people.dateOfBirth })
    .from(people).where(eq(people.familyId, familyId)).orderBy(asc(people.givenName))
}

export async function currentNetworkPersonIds(tx: Transaction, familyId: string): Promise<Set<string>> {
  return new Set((await tx.select({ personId: networkMembers.personId }).from(networkMembers).where(and(eq(networkMembers.familyId, familyId), isNull(networkMembers.leftOn)))).map((row) => row.personId))
}

export async function familyMembersWithAccess(tx: Transaction, familyId: string) {
  return tx.select({
    id: familyAccess.id, kind: familyAccess.kind, name: sql<string>`${people.givenName} || ' ' || ${people.familyNameOfPerson}`, invitedAt: familyAccess.invitedAt,
    codeExpiresAt: familyAccess.codeExpiresAt, codeUsedAt: familyAccess.codeUsedAt, endedAt: familyAccess.endedAt, joined: sql<boolean>`${familyAccess.userId} is not null`,
  }).from(familyAccess).innerJoin(people, eq(people.id, familyAccess.personId)).where(eq(familyAccess.familyId, familyId)).orderBy(desc(familyAccess.invitedAt))
}

export async function partnersWithAccess(tx: Transaction, familyId: string) {
  return tx.select({
    id: partnerAccess.id, name: users.displayName, agency: agencies.name, basis: partnerAccess.basis, consentGivenBy: partnerAccess.consentGivenBy,
    consentGivenOn: partnerAccess.consentGivenOn, lawfulReason: partnerAccess.lawfulReason, invitedAt: partnerAccess.invitedAt, endedAt: partnerAccess.endedAt, endedReason: partnerAccess.endedReason,
  }).from(partnerAccess).innerJoin(users, eq(users.id, partnerAccess.userId)).innerJoin(agencies, eq(agencies.id, partnerAccess.agencyId))
    .where(eq(partnerAccess.familyId, familyId)).orderBy(desc(partnerAccess.invitedAt))
}

export async function invitationBySubmission(tx: Transaction, familyId: string, submissionId: string) {
  const [earlier] = await tx.select({ id: familyAccess.id }).from(familyAccess).where(and(eq(familyAccess.familyId, familyId), eq(familyAccess.submissionId, submissionId)))
  return earlier
}

/** Locks the person's row, so that two invitations sent at the same moment are made one after the other. */
export async function lockPerson(tx: Transaction, familyId: string, personId: string): Promise<void> {
  await tx.select({ id: people.id }).from(people).where(and(eq(people.id, personId), eq(people.familyId, familyId))).for('update')
}

export async function liveInvitationOf(tx: Transaction, personId: string) {
  const [live] = await tx.select({ id: familyAccess.id }).from(familyAccess)
    .where(and(eq(familyAccess.personId, personId), isNull(familyAccess.endedAt), sql`(${familyAccess.userId} is not null or ${familyAccess.codeExpiresAt} > now())`))
  return live
}

export async function insertInvitation(tx: Transaction, values: { organisationId: string; familyId: string; personId: string; kind: FamilyAccessKind; codeHash: string; codeExpiresAt: Date; invitedBy: string; submissionId: string }): Promise<string> {
  const [row] = await tx.insert(familyAccess).values(values).returning({ id: familyAccess.id })
  if (row === undefined) throw new Error('invitation not made')
  return row.id
}

/** Ends a family member's invitation or access; their account is disabled so its sessions stop at once. */
export async function endFamilyAccess(tx: Transaction, familyId: string, accessId: string, endedBy: string): Promise<boolean> {
  const ended = await tx.update(familyAccess).set({ endedAt: new Date(), endedBy })
    .where(and(eq(familyAccess.id, accessId), eq(familyAccess.familyId, familyId), isNull(familyAccess.endedAt))).returning({ userId: familyAccess.userId })
  if (ended.length === 0) return false
  const userId = ended[0]?.userId
  if (userId !== null && userId !== undefined) await tx.update(users).set({ status: 'disabled', updatedAt: new Date() }).where(eq(users.id, userId))
  return true
}

export async function activePartnerPractitioners(tx: Transaction) {
  return tx.select({ id: users.id, name: users.displayName, agency: agencies.name, agencyId: agencies.id })
    .from(users).innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(and(eq(users.role, 'partner-practitioner'), eq(users.status, 'active'))).orderBy(asc(agencies.name), asc(users.displayName))
}

export async function parentNames(tx: Transaction, familyId: string): Promise<string[]> {
  const parents = await tx.select({ name: sql<string>`${people.givenName} || ' ' || ${people.familyNameOfPerson}` }).from(people)
    .where(and(eq(people.familyId, familyId), eq(people.kind, 'parent-carer')))
  return parents.map((row) => row.name)
}

export async function partnerInvitationBySubmission(tx: Transaction, familyId: string, submissionId: string) {
  const [earlier] = await tx.select({ id: partnerAccess.id }).from(partnerAccess).where(and(eq(partnerAccess.familyId, familyId), eq(partnerAccess.submissionId, submissionId)))
  return earlier
}

export async function activePartnerPractitioner(tx: Transaction, userId: string) {
  const [partner] = await tx.select({ id: users.id, agencyId: users.agencyId }).from(users)
    .where(and(eq(users.id, userId), eq(users.role, 'partner-practitioner'), eq(users.status, 'active')))
  return partner
}

export async function livePartnerAccess(tx: Transaction, familyId: string, userId: string) {
  const [live] = await tx.select({ id: partnerAccess.id }).from(partnerAccess).where(and(eq(partnerAccess.familyId, familyId), eq(partnerAccess.userId, userId), isNull(partnerAccess.endedAt)))
  return live
}

export async function insertPartnerAccess(tx: Transaction, values: {
  organisationId: string; familyId: string; userId: string; agencyId: string; basis: PartnerBasis; consentGivenBy: string; consentGivenOn: string | null; lawfulReason: string; invitedBy: string; submissionId: string
}): Promise<void> {
  await tx.insert(partnerAccess).values(values)
}

export async function endPartnerAccess(tx: Transaction, familyId: string, accessId: string, reason: 'consent-withdrawn' | 'invitation-ended', endedBy: string): Promise<boolean> {
  const ended = await tx.update(partnerAccess).set({ endedAt: new Date(), endedReason: reason, endedBy })
    .where(and(eq(partnerAccess.id, accessId), eq(partnerAccess.familyId, familyId), isNull(partnerAccess.endedAt))).returning({ id: partnerAccess.id })
  return ended.length > 0
}

/** The invitation a code leads to, across organisations (the one way in before anyone is known). */
export async function findInvitation(tx: Transaction, codeHash: string) {
  const result = await tx.execute<{ access_id: string; organisation_id: string }>(sql`select access_id, organisation_id from mapwell_find_invitation(${codeHash})`)
  return result.rows[0]
}

export async function invitationForJoining(tx: Transaction, accessId: string) {
  const [access] = await tx.select({ id: familyAccess.id, familyId: familyAccess.familyId, personId: familyAccess.personId, codeUsedAt: familyAccess.codeUsedAt, codeExpiresAt: familyAccess.codeExpiresAt, endedAt: familyAccess.endedAt })
    .from(familyAccess).where(eq(familyAccess.id, accessId)).for('update')
  return access
}

export async function emailHasAccount(tx: Transaction, email: string): Promise<boolean> {
  const [taken] = await tx.execute<{ taken: boolean }>(sql`select exists (select 1 from mapwell_find_account_for_sign_in(${email})) as taken`).then((result) => result.rows)
  return taken?.taken === true
}

export async function personName(tx: Transaction, personId: string): Promise<string> {
  const [person] = await tx.select({ givenName: people.givenName, familyName: people.familyNameOfPerson }).from(people).where(eq(people.id, personId))
  return `${person?.givenName ?? ''} ${person?.familyName ?? ''}`.trim()
}

/** Makes the family member's account and uses the code up. */
export async function joinWithAccount(tx: Transaction, input: { organisationId: string; accessId: string; email: string; displayName: string; passwordHash: string }): Promise<string> {
  const [user] = await tx.insert(users).values({
    organisationId: input.organisationId, email: input.email, displayName: input.displayName, role: 'family-member', passwordHash: input.passwordHash,
  }).returning({ id: users.id })
  if (user === undefined) throw new Error('account not made')
  await tx.update(familyAccess).set({ codeUsedAt: new Date(), userId: user.id }).where(eq(familyAccess.id, input.accessId))
  return user.id
}

/** What the family agreed to share with invited partners beyond the partner view (nothing until they agree). */
export async function sharingChoice(tx: Transaction, familyId: string) {
  const [row] = await tx.select({ planRulesWithPartners: familySharingChoices.planRulesWithPartners, agreedBy: familySharingChoices.agreedBy, changedAt: familySharingChoices.changedAt, changedByName: users.displayName })
    .from(familySharingChoices).innerJoin(users, eq(users.id, familySharingChoices.changedBy)).where(eq(familySharingChoices.familyId, familyId))
  return row
}

/** Whether invited partners may see the safety plan rules that name them: only if the family agreed. */
export async function partnersMaySeePlanRules(tx: Transaction, familyId: string): Promise<boolean> {
  return (await sharingChoice(tx, familyId))?.planRulesWithPartners === true
}

export async function saveSharingChoice(tx: Transaction, values: { organisationId: string; familyId: string; planRulesWithPartners: boolean; agreedBy: string; changedBy: string }): Promise<void> {
  const changed = { planRulesWithPartners: values.planRulesWithPartners, agreedBy: values.agreedBy, changedBy: values.changedBy, changedAt: new Date() }
  await tx.insert(familySharingChoices).values({ ...values, changedAt: changed.changedAt }).onConflictDoUpdate({ target: familySharingChoices.familyId, set: changed })
}
