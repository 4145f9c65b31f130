import type { DatabaseHandle } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import * as repository from './account.repository.js'

/** A signed-in person's own account: what it is, and whether their authenticator app is set up. */
export function createAccountService(deps: { database: DatabaseHandle }) {
  return {
    async mine(actor: Actor) {
      return deps.database.inOrganisation(actor.organisationId, async (tx) => repository.accountOf(tx, actor.userId))
    },
    async authenticatorSetUp(actor: Pick<Actor, 'organisationId' | 'userId'>): Promise<boolean> {
      const account = await deps.database.inOrganisation(actor.organisationId, async (tx) => repository.accountOf(tx, actor.userId))
      return account?.totpEnabledAt != null
    },
  }
}

export type AccountService = ReturnType<typeof createAccountService>
