import fs from 'node:fs'
import path from 'node:path'
import { loadConfig } from '../../config.js'
import { acquireDataDirectoryLock, embeddedOwnerUrl, liveLockHolder, startEmbeddedDatabase } from '../db/embedded.js'
import { embeddedSuperuserPassword } from '../db/bootstrap.js'
import { deriveAuditKey } from './chain.js'
import { anchorsFrom, parseAnchors, verifyAuditChain, type AuditAnchors, type ChainVerdict, type VerifyOptions } from './verify.js'

const USAGE = 'Usage: npm run audit:verify [-- [--anchor FILE] [--anchor-out FILE] [--organisation ID|none]]'

class UsageError extends Error {}

interface Arguments { anchor?: string; anchorOut?: string; organisationId?: string | null }

function parseArguments(argv: string[]): Arguments {
  const result: Arguments = {}
  for (let index = 0; index < argv.length; index += 1) {
    const name = argv[index]
    const value = argv[index + 1]
    if (name !== '--anchor' && name !== '--anchor-out' && name !== '--organisation') throw new UsageError(`"${String(name)}" is not an option. ${USAGE}`)
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value. ${USAGE}`)
    index += 1
    if (name === '--anchor') result.anchor = value
    else if (name === '--anchor-out') result.anchorOut = value
    else if (value === 'none') result.organisationId = null
    else if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) result.organisationId = value.toLowerCase()
    else throw new UsageError(`--organisation needs an organisation id (a UUID) or "none" (got "${value}")`)
  }
  return result
}

/** npm runs scripts in the project folder, so a relative file name is taken from there. */
function resolveFile(file: string): string {
  return path.resolve(file)
}

function readAnchors(file: string): AuditAnchors {
  let text: string
  try {
    text = fs.readFileSync(resolveFile(file), 'utf8')
  } catch (error) {
    throw new UsageError(`Could not read the anchor file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
  try {
    return parseAnchors(text)
  } catch (error) {
    throw new UsageError(`Could not use the anchor file ${file}: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/**
 * npm run audit:verify — checks every audit chain with the audit key (from SECRET_KEY) and names the
 * first broken event. --anchor-out FILE writes each chain's newest event; --anchor FILE checks later
 * that the chains still hold them. Uses DATABASE_URL, or the embedded database (the running server's,
 * or started just for this).
 */
async function main(): Promise<number> {
  const args = parseArguments(process.argv.slice(2))
  const config = loadConfig()
  const options: VerifyOptions = {
    key: deriveAuditKey(config.secretKey),
    ...(args.anchor === undefined ? {} : { anchors: readAnchors(args.anchor) }),
    ...(args.organisationId === undefined ? {} : { organisationId: args.organisationId }),
  }
  let verdict: ChainVerdict
  if (config.databaseUrl !== undefined) {
    verdict = await verifyAuditChain(config.databaseUrl, options)
  } else if (liveLockHolder(config.dataDirectory) !== undefined) {
    verdict = await verifyAuditChain(embeddedOwnerUrl(config.embeddedDatabasePort, embeddedSuperuserPassword(config.dataDirectory)), options)
  } else {
    const release = acquireDataDirectoryLock(config.dataDirectory)
    try {
      const server = await startEmbeddedDatabase({
        dataDirectory: config.dataDirectory, port: config.embeddedDatabasePort,
        superuserPassword: embeddedSuperuserPassword(config.dataDirectory), log: () => undefined,
      })
      try {
        verdict = await verifyAuditChain(server.ownerUrl, options)
      } finally {
        await server.stop()
      }
    } finally {
      release()
    }
  }
  if (!verdict.intact) {
    process.stdout.write(`Audit trail BROKEN: ${verdict.sentence} ${String(verdict.events)} events before it are intact.\n`)
    return 1
  }
  const anchored = args.anchor === undefined ? '' : `, and all ${String(verdict.anchorsChecked)} anchored events in ${args.anchor} are still there`
  process.stdout.write(`Audit trail intact: ${String(verdict.events)} events in ${String(verdict.chains.length)} chains` +
    `${args.organisationId === undefined ? ' and the legacy chain' : ''} checked${anchored}.\n`)
  if (args.anchorOut !== undefined) {
    const target = resolveFile(args.anchorOut)
    const temporary = `${target}.${String(process.pid)}.tmp`
    fs.writeFileSync(temporary, `${JSON.stringify(anchorsFrom(verdict), null, 2)}\n`, { mode: 0o600 })
    fs.renameSync(temporary, target)
    process.stdout.write(`Anchors for ${String(verdict.chains.filter((chain) => chain.events > 0).length)} chains written to ${args.anchorOut}: keep a copy where the database's owner cannot change it.\n`)
  }
  return 0
}

main().then((code) => { process.exit(code) }, (error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n`)
    process.exit(2)
  }
  process.stderr.write(`Could not check the audit trail: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(2)
})
