import { createSecrets } from '../../src/platform/auth/secrets.js'
import { newTotpSecret } from '../../src/platform/auth/totp.js'
import { hashPassword } from '../../src/platform/auth/passwords.js'
import { DEVELOPMENT_SECRET_KEY } from '../../src/config.js'
import type { StaffRole } from '../../src/db/schema/organisations.js'
import type { TestDatabase } from './database.js'

/** Gives an existing account a working authenticator app; returns the secret so tests can make codes. */
export async function withAuthenticatorApp(db: TestDatabase, email: string, secretKey = DEVELOPMENT_SECRET_KEY): Promise<string> {
  const secret = newTotpSecret()
  const encrypted = createSecrets(secretKey).encrypt(secret)
  const result = await db.owner('update users set totp_secret_encrypted = $1, totp_enabled_at = now() where lower(email) = lower($2)', [encrypted, email])
  if (result.rowCount !== 1) throw new Error(`No account ${email}`)
  return secret
}

export async function userId(db: TestDatabase, email: string): Promise<string> {
  const { rows } = await db.owner<{ id: string }>('select id from users where lower(email) = lower($1)', [email])
  if (rows[0] === undefined) throw new Error(`No account ${email}`)
  return rows[0].id
}

export async function organisationId(db: TestDatabase, slug: string): Promise<string> {
  const { rows } = await db.owner<{ id: string }>('select id from organisations where slug = $1', [slug])
  if (rows[0] === undefined) throw new Error(`No organisation ${slug}`)
  return rows[0].id
}

let sequence = 0
/** A new account in a named state: active with a chosen password unless told otherwise. */
export async function createUser(db: TestDatabase, options: {
  organisation?: string; role?: StaffRole; email?: string; password?: string; displayName?: string; status?: 'active' | 'disabled'
} = {}): Promise<{ id: string; email: string; password: string }> {
  sequence += 1
  const email = options.email ?? `person${String(sequence)}.${Math.random().toString(36).slice(2, 6)}@${options.organisation ?? 'fellside'}.example`
  const password = options.password ?? 'a-long-test-password'
  const organisation = await organisationId(db, options.organisation ?? 'fellside')
  const { rows } = await db.owner<{ id: string }>(
    `insert into users (organisation_id, email, display_name, role, password_hash, status) values ($1, $2, $3, $4, $5, $6) returning id`,
    [organisation, email, options.displayName ?? `Test Person ${String(sequence)}`, options.role ?? 'practitioner', await hashPassword(password), options.status ?? 'active'])
  if (rows[0] === undefined) throw new Error('user not created')
  return { id: rows[0].id, email, password }
}

/** A demo family's id, by the name it is known by. */
export async function familyIdNamed(db: TestDatabase, familyName: string): Promise<string> {
  const { rows } = await db.owner<{ id: string }>('select id from families where family_name = $1', [familyName])
  if (rows[0] === undefined) throw new Error(`No family ${familyName}`)
  return rows[0].id
}

/** A person's id in a family's record, by their first name. */
export async function personIdNamed(db: TestDatabase, familyId: string, givenName: string): Promise<string> {
  const { rows } = await db.owner<{ id: string }>('select id from people where family_id = $1 and given_name = $2', [familyId, givenName])
  if (rows[0] === undefined) throw new Error(`No ${givenName} in that family`)
  return rows[0].id
}
