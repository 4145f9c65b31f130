import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import { agencies, recoveryCodes, teams, users, type StaffRole } from '../../db/schema/index.js'

const STAFF_ONLY = sql`${users.role} <> 'family-member'`

export interface UserFilter { search: string; role: StaffRole | ''; status: 'active' | 'disabled' | '' }

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`)
}

function filterCondition(filter: UserFilter): SQL | undefined {
  const conditions: SQL[] = [STAFF_ONLY]
  if (filter.search !== '') {
    const pattern = `%${escapeLike(filter.search)}%`
    const match = or(ilike(users.displayName, pattern), ilike(users.email, pattern))
    if (match !== undefined) conditions.push(match)
  }
  if (filter.role !== '') conditions.push(eq(users.role, filter.role))
  if (filter.status !== '') conditions.push(eq(users.status, filter.status))
  return and(...conditions)
}

const listColumns = {
  // Family members' accounts belong to their family's space and are managed by their worker, not here.
  id: users.id, displayName: users.displayName, email: users.email, role: sql<StaffRole>`${users.role}`, status: users.status,
  teamName: teams.name, agencyName: agencies.name, lastSignedInAt: users.lastSignedInAt,
}

export async function listUsers(tx: Transaction, filter: UserFilter, limit: number, offset: number) {
  const where = filterCondition(filter)
  const rows = await tx.select(listColumns).from(users)
    .leftJoin(teams, eq(teams.id, users.teamId)).leftJoin(agencies, eq(agencies.id, users.agencyId))
    .where(where).orderBy(asc(users.displayName), asc(users.id)).limit(limit).offset(offset)
  const [total] = await tx.select({ n: count() }).from(users).where(where)
  return { rows, total: total?.n ?? 0 }
}

export async function findUser(tx: Transaction, id: string, lock = false) {
  const query = tx.select({
    ...listColumns, workPhone: users.workPhone, teamId: users.teamId, agencyId: users.agencyId, version: users.version,
    totpEnabledAt: users.totpEnabledAt, passwordMustChange: users.passwordMustChange, createdAt: users.createdAt, updatedAt: users.updatedAt,
  }).from(users).leftJoin(teams, eq(teams.id, users.teamId)).leftJoin(agencies, eq(agencies.id, users.agencyId)).where(and(eq(users.id, id), STAFF_ONLY))
  const [row] = lock ? await query.for('update', { of: users }) : await query
  return row
}

export async function emailInUse(tx: Transaction, email: string, exceptUserId?: string): Promise<boolean> {
  // Addresses are unique across every organisation; ask the sign-in lookup, which can see them all.
  const result = await tx.execute<{ user_id: string }>(sql`select user_id from mapwell_find_account_for_sign_in(${email})`)
  const found = result.rows[0]
  return found !== undefined && found.user_id !== exceptUserId
}

export interface UserFields { displayName: string; email: string; workPhone: string; role: StaffRole; teamId: string | null; agencyId: string | null }

export async function insertUser(tx: Transaction, organisationId: string, fields: UserFields, passwordHash: string): Promise<string> {
  const [row] = await tx.insert(users).values({ organisationId, ...fields, passwordHash, passwordMustChange: true }).returning({ id: users.id })
  if (row === undefined) throw new Error('User was not created')
  return row.id
}

/** Updates only if nobody has changed the user since `baseVersion`; false if someone has. */
export async function updateUser(tx: Transaction, id: string, baseVersion: number, fields: Partial<UserFields> & { status?: 'active' | 'disabled' }): Promise<boolean> {
  const updated = await tx.update(users).set({ ...fields, updatedAt: new Date(), version: sql`${users.version} + 1` })
    .where(and(eq(users.id, id), eq(users.version, baseVersion))).returning({ id: users.id })
  return updated.length > 0
}

export async function clearSecondFactor(tx: Transaction, id: string): Promise<void> {
  await tx.update(users).set({ totpSecretEncrypted: null, totpEnabledAt: null, totpLastStep: null, updatedAt: new Date(), version: sql`${users.version} + 1` }).where(eq(users.id, id))
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, id))
}

export async function setTemporaryPassword(tx: Transaction, id: string, passwordHash: string): Promise<void> {
  await tx.update(users).set({ passwordHash, passwordMustChange: true, updatedAt: new Date(), version: sql`${users.version} + 1` }).where(eq(users.id, id))
}

export async function listTeams(tx: Transaction) {
  return tx.select({ id: teams.id, name: teams.name }).from(teams).orderBy(asc(teams.name))
}

export async function listAgencies(tx: Transaction) {
  return tx.select({ id: agencies.id, name: agencies.name, kind: agencies.kind }).from(agencies).orderBy(asc(agencies.name))
}
