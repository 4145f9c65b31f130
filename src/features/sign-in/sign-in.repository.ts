import { and, eq, gt, isNull, sql, count } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import { organisations, recoveryCodes, signInFailures, users } from '../../db/schema/index.js'

export async function findAccountForSignIn(tx: Transaction, email: string) {
  const result = await tx.execute<{ user_id: string; organisation_id: string; password_hash: string; status: string }>(
    sql`select user_id, organisation_id, password_hash, status from mapwell_find_account_for_sign_in(${email})`)
  return result.rows[0]
}

export async function countRecentFailures(tx: Transaction, key: { accountKey?: string; addressKey?: string }, since: Date): Promise<number> {
  const condition = key.accountKey !== undefined ? eq(signInFailures.accountKey, key.accountKey) : eq(signInFailures.addressKey, key.addressKey ?? '')
  const [row] = await tx.select({ n: count() }).from(signInFailures).where(and(condition, gt(signInFailures.occurredAt, since)))
  return row?.n ?? 0
}

export async function recordFailure(tx: Transaction, accountKey: string, addressKey: string): Promise<void> {
  await tx.insert(signInFailures).values({ accountKey, addressKey })
}

export async function clearFailures(tx: Transaction, accountKey: string): Promise<void> {
  await tx.delete(signInFailures).where(eq(signInFailures.accountKey, accountKey))
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
