import { loadConfig } from '../../config.js'
import { acquireDataDirectoryLock, embeddedOwnerUrl, liveLockHolder, startEmbeddedDatabase } from '../db/embedded.js'
import { embeddedSuperuserPassword } from '../db/bootstrap.js'
import { verifyAuditChain, type ChainVerdict } from './verify.js'

/**
 * npm run audit:verify — checks the whole audit chain and names the first broken event.
 * Uses DATABASE_URL, or the embedded database (the running server's, or started just for this).
 */
async function main(): Promise<number> {
  const config = loadConfig()
  let verdict: ChainVerdict
  if (config.databaseUrl !== undefined) {
    verdict = await verifyAuditChain(config.databaseUrl)
  } else if (liveLockHolder(config.dataDirectory) !== undefined) {
    verdict = await verifyAuditChain(embeddedOwnerUrl(config.embeddedDatabasePort, embeddedSuperuserPassword(config.dataDirectory)))
  } else {
    const release = acquireDataDirectoryLock(config.dataDirectory)
    try {
      const server = await startEmbeddedDatabase({
        dataDirectory: config.dataDirectory, port: config.embeddedDatabasePort,
        superuserPassword: embeddedSuperuserPassword(config.dataDirectory), log: () => undefined,
      })
      try {
        verdict = await verifyAuditChain(server.ownerUrl)
      } finally {
        await server.stop()
      }
    } finally {
      release()
    }
  }
  if (verdict.intact) {
    process.stdout.write(`Audit chain intact: ${String(verdict.events)} events checked.\n`)
    return 0
  }
  process.stdout.write(`Audit chain BROKEN at event ${String(verdict.brokenAt)}: ${verdict.reason}. ` +
    `${String(verdict.events)} events before it are intact.\n`)
  return 1
}

main().then((code) => { process.exit(code) }, (error: unknown) => {
  process.stderr.write(`Could not check the audit chain: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(2)
})
