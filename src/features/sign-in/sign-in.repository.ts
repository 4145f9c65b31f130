import { and, eq, gt, isNull, sql, count } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import { endedDeviceTrust, organisations, recoveryCodes, sessions, signInFailures, users, type SignInFailureKind } from '../../db/schema/index.js'

export async function findAccountForSignIn(tx: Transaction, email: string) {
  const result = await tx.execute<{ user_id: string; organisation_id: string; password_hash: string; status: string }>(
    sql`select user_id, organisation_id, password_hash, status from mapwell_find_account_for_sign_in(${email})`)
  return result.rows[0]
}

/** Failures of every kind for an account, or from a network address or a trusted device, since a time. */
export async function countRecentFailures(tx: Transaction, key: { accountKey: string } | { addressKey: string } | { deviceKey: string }, since: Date): Promise<number> {
  const condition = 'accountKey' in key ? eq(signInFailures.accountKey, key.accountKey)
    : 'addressKey' in key ? eq(signInFailures.addressKey, key.addressKey) : eq(signInFailures.deviceKey, key.deviceKey)
  const [row] = await tx.select({ n: count() }).from(signInFailures).where(and(condition, gt(signInFailures.occurredAt, since)))
  return row?.n ?? 0
}

export async function recordFailure(tx: Transaction, failure: { accountKey: string; addressKey: string; kind: SignInFailureKind; deviceKey?: string | undefined }): Promise<void> {
  await tx.insert(signInFailures).values({ accountKey: failure.accountKey, addressKey: failure.addressKey, kind: failure.kind, deviceKey: failure.deviceKey ?? null })
}

/** Forgets an account's failures: only wrong passwords after a right password, all of them after a full sign-in. */
export async function clearFailures(tx: Transaction, accountKey: string, kind?: SignInFailureKind): Promise<void> {
  await tx.delete(signInFailures).where(and(eq(signInFailures.accountKey, accountKey), kind === undefined ? undefined : eq(signInFailures.kind, kind)))
}

/** Counts a wrong code in a part-way sign-in; returns how many that sign-in has had. */
export async function countFailedCode(tx: Transaction, sessionId: string): Promise<number> {
  const [row] = await tx.update(sessions).set({ failedCodes: sql`${sessions.failedCodes} + 1` })
    .where(eq(sessions.id, sessionId)).returning({ failedCodes: sessions.failedCodes })
  return row?.failedCodes ?? 0
}

export async function endSession(tx: Transaction, sessionId: string): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.id, sessionId))
}

export async function deviceTrustEnded(tx: Transaction, tokenHash: string): Promise<boolean> {
  const [row] = await tx.select({ tokenHash: endedDeviceTrust.tokenHash }).from(endedDeviceTrust).where(eq(endedDeviceTrust.tokenHash, tokenHash))
  return row !== undefined
}

export async function endDeviceTrust(tx: Transaction, tokenHash: string, forgetAt: Date): Promise<void> {
  await tx.insert(endedDeviceTrust).values({ tokenHash, forgetAt }).onConflictDoNothing()
}

/** What the later sign-in steps need to know about the account. Runs in the account's organisation. */
export async function findSignInState(tx: Transaction, userId: string) {
  const [row] = await tx.select({
    id: users.id, email: users.email, role: users.role, status: users.status, passwordMustChange: users.passwordMustChange,
    totpSecretEncrypted: users.totpSecretEncrypted, totpEnabledAt: users.totpEnabledAt, totpLastStep: users.totpLastStep,
    secondFactorRoles: organisations.secondFactorRoles, organisationName: organisations.name,
  }).from(users).innerJoin(organisations, eq(organisations.id, users.organisationId)).where(eq(users.id, userId))
  return row
}

export async function recordSignedIn(tx: Transaction, userId: string): Promise<void> {
  await tx.update(users).set({ lastSignedInAt: new Date() }).where(eq(users.id, userId))
}

export async function saveTotpStep(tx: Transaction, userId: string, step: number): Promise<void> {
  await tx.update(users).set({ totpLastStep: step }).where(eq(users.id, userId))
}

export async function enableTotp(tx: Transaction, userId: string, encryptedSecret: string, step: number): Promise<void> {
  await tx.update(users).set({ totpSecretEncrypted: encryptedSecret, totpEnabledAt: new Date(), totpLastStep: step, updatedAt: new Date(), version: sql`${users.version} + 1` }).where(eq(users.id, userId))
}

export async function replaceRecoveryCodes(tx: Transaction, organisationId: string, userId: string, codeHashes: string[]): Promise<void> {
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId))
  await tx.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ organisationId, userId, codeHash })))
}

/** Marks the code used if it is one of the user's unused codes; true if it was. */
export async function useRecoveryCode(tx: Transaction, userId: string, codeHash: string): Promise<boolean> {
  const used = await tx.update(recoveryCodes).set({ usedAt: new Date() })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id })
  return used.length > 0
}

export async function countUnusedRecoveryCodes(tx: Transaction, userId: string): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
  return row?.n ?? 0
}

export async function setPassword(tx: Transaction, userId: string, passwordHash: string): Promise<void> {
  await tx.update(users).set({ passwordHash, passwordMustChange: false, updatedAt: new Date(), version: sql`${users.version} + 1` }).where(eq(users.id, userId))
}
