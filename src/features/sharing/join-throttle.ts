import { and, count, eq, gt } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import type { Secrets } from '../../platform/auth/secrets.js'
import { signInFailures } from '../../db/schema/index.js'

/**
 * Refused attempts to join (a code that cannot be used, or an email address already in use) that
 * one code, and one network address, may have in the window before joining is refused for a while.
 * Counted in the sign-in throttle's table, so the sweeper forgets them after its window.
 */
export const JOIN_LIMITS = { perCode: 5, perAddress: 20, windowSeconds: 15 * 60 } as const

export const JOIN_THROTTLED = 'You have tried to join too many times. Wait 15 minutes, then try again, or ask your worker for help'

export interface JoinKeys { code: string; address: string }

/** Keyed hashes, so the table holds neither the code nor the network address. */
export function joinKeys(secrets: Secrets, codeHash: string, address: string): JoinKeys {
  return { code: secrets.hmac('join-code', codeHash), address: secrets.hmac('join-address', address) }
}

export async function joinThrottled(tx: Transaction, keys: JoinKeys): Promise<boolean> {
  const since = new Date(Date.now() - JOIN_LIMITS.windowSeconds * 1000)
  const counted = async (condition: ReturnType<typeof eq>): Promise<number> => {
    const [row] = await tx.select({ n: count() }).from(signInFailures).where(and(condition, eq(signInFailures.kind, 'join'), gt(signInFailures.occurredAt, since)))
    return row?.n ?? 0
  }
  return await counted(eq(signInFailures.accountKey, keys.code)) >= JOIN_LIMITS.perCode
    || await counted(eq(signInFailures.addressKey, keys.address)) >= JOIN_LIMITS.perAddress
}

export async function recordRefusedJoin(tx: Transaction, keys: JoinKeys): Promise<void> {
  await tx.insert(signInFailures).values({ accountKey: keys.code, addressKey: keys.address, kind: 'join' })
}
