import { hash, verify } from '@node-rs/argon2'

/** @node-rs/argon2's Algorithm.Argon2id (a const enum, which isolated modules cannot import). */
const ARGON2ID = 2

// OWASP's argon2id recommendation: 19 MiB, 2 passes, 1 lane.
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export const MINIMUM_PASSWORD_LENGTH = 12
export const MAXIMUM_PASSWORD_LENGTH = 256

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

let dummyHash: Promise<string> | undefined
/** Verifying against a throwaway hash makes an unknown account take as long as a wrong password. */
export async function spendPasswordCheckTime(password: string): Promise<void> {
  dummyHash ??= hashPassword('mapwell-not-a-real-account-password')
  await verifyPassword(await dummyHash, password)
}

/** Why a new password is not acceptable, or undefined if it is. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MINIMUM_PASSWORD_LENGTH) return `Password must be ${String(MINIMUM_PASSWORD_LENGTH)} characters or more`
  if (password.length > MAXIMUM_PASSWORD_LENGTH) return `Password must be ${String(MAXIMUM_PASSWORD_LENGTH)} characters or fewer`
  if (new Set(password).size < 5) return 'Password must not repeat the same few characters'
  return undefined
}
