import fs from 'node:fs'
import path from 'node:path'
import pino from 'pino'
import { ConfigError, loadConfig, type Config } from './config.js'
import { buildApp } from './app.js'
import { connectDatabase } from './platform/db/database.js'
import { deriveAuditKey } from './platform/audit/chain.js'
import { prepareDatabase, type PreparedDatabase } from './platform/db/bootstrap.js'
import { DataDirectoryInUseError } from './platform/db/embedded.js'
import { PROJECT_ROOT } from './platform/paths.js'
import { loadDemoData } from './demo/demo-data.js'
import { createSessionStore } from './platform/auth/sessions.js'
import { sweepExpired } from './platform/auth/sweep.js'

/** Start-up: configuration, database (embedded or DATABASE_URL), migrations, demo data, listen; and a clean stop. */
async function main(): Promise<void> {
  let config: Config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Mapwell cannot start.\n${error.message}\n`)
      process.exit(78)
    }
    throw error
  }
  const log = pino({ level: config.logLevel })
  const version = (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version

  // Stopping is ours alone: after in-flight requests have finished, then the database.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeAllListeners(signal)

  let prepared: PreparedDatabase
  try {
    prepared = await prepareDatabase(config, (message) => { log.info(message) }, (message) => { log.warn(message) })
  } catch (error) {
    if (error instanceof DataDirectoryInUseError) {
      process.stderr.write(`Mapwell cannot start: ${error.message}\n`)
      process.exit(75)
    }
    cannotStart(error)
  }
  const database = connectDatabase(prepared.applicationUrl, { auditKey: deriveAuditKey(config.secretKey) })

  if (config.demoData) {
    const created = await loadDemoData(prepared.ownerUrl, { sharing: true })
    if (created) log.info('Demo councils, teams and accounts created (see README.md)')
  }

  const { app } = await buildApp({ config, database, version })
  const sessions = createSessionStore(database, config.session)
  const sweeper = setInterval(() => { void sweepSessions() }, 60_000)
  sweeper.unref()
  async function sweepSessions(): Promise<void> {
    try {
      await sweepExpired(database, sessions, config.signInThrottle.windowSeconds)
    } catch (error) {
      log.warn({ err: error }, 'could not remove expired sessions')
    }
  }

  let stopping = false
  async function stop(signal: string): Promise<void> {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'stopping: finishing requests in progress')
    const force = setTimeout(() => {
      log.error('requests did not finish in time; stopping anyway')
      process.exit(1)
    }, config.shutdownGraceSeconds * 1000)
    force.unref()
    clearInterval(sweeper)
    try {
      await app.close()
      await database.close()
      await prepared.release()
      log.info('stopped cleanly')
      process.exit(0)
    } catch (error) {
      log.error({ err: error }, 'error while stopping')
      process.exit(1)
    }
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => { void stop(signal) })

  try {
    await app.listen({ host: config.host, port: config.port })
  } catch (error) {
    process.stderr.write(`Mapwell cannot start: ${error instanceof Error ? error.message : String(error)}\n`)
    clearInterval(sweeper)
    await database.close()
    await prepared.release()
    process.exit(1)
  }
  started = true
  log.info(`Mapwell is ready at http://localhost:${String(config.port)}`)
}

/** Whether start-up is over: until then any failure ends in one sentence on stderr, never a stack trace. */
let started = false

function cannotStart(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error)
  process.stderr.write(`Mapwell cannot start: ${message.trim()}${/[.!?]$/.test(message.trim()) ? '' : '.'}\n`)
  process.exit(1)
}

for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (error: unknown) => {
    if (!started) cannotStart(error)
    process.stderr.write(`${JSON.stringify({ level: 60, time: Date.now(), msg: 'Mapwell stopped on an unexpected error', err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) })}\n`)
    process.exit(1)
  })
}

main().catch(cannotStart)
