import fs from 'node:fs'
import path from 'node:path'
import type { Config } from '../../config.js'
import { randomToken } from '../auth/secrets.js'
import { acquireDataDirectoryLock, startEmbeddedDatabase } from './embedded.js'
import { applyMigrations, withSetUpLock } from './migrate.js'
import { applyApplicationRole } from './roles.js'
import { applicationUrl } from './database.js'

export interface PreparedDatabase {
  ownerUrl: string
  applicationUrl: string
  embedded: boolean
  /** Stops the embedded server (if any) and releases the data directory. */
  release(): Promise<void>
}

/** The embedded cluster's superuser password: made on first run, kept beside the data, readable by this user only. */
export function embeddedSuperuserPassword(dataDirectory: string): string {
  const file = path.join(dataDirectory, 'database-password')
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomToken(24), { mode: 0o600, flag: 'wx' })
  return fs.readFileSync(file, 'utf8').trim()
}

/** Finds or starts the database, applies migrations and sets up the application's role. */
export async function prepareDatabase(config: Config, log: (message: string) => void, warn: (message: string) => void = log): Promise<PreparedDatabase> {
  let ownerUrl: string
  let release: () => Promise<void> = async () => undefined
  let embedded = false
  if (config.databaseUrl !== undefined) {
    ownerUrl = config.databaseUrl
  } else {
    const releaseLock = acquireDataDirectoryLock(config.dataDirectory)
    try {
      const server = await startEmbeddedDatabase({
        dataDirectory: config.dataDirectory,
        port: config.embeddedDatabasePort,
        superuserPassword: embeddedSuperuserPassword(config.dataDirectory),
        log,
        warn,
      })
      ownerUrl = server.ownerUrl
      embedded = true
      release = async () => {
        try { await server.stop() } finally { releaseLock() }
      }
    } catch (error) {
      releaseLock()
      throw error
    }
  }
  try {
    // One lock over all of it: instances started at the same moment must not grant at the same time
    // (PostgreSQL fails one of two concurrent GRANTs on the same object with "tuple concurrently updated").
    await withSetUpLock(ownerUrl, async (client) => {
      await applyMigrations(client)
      await applyApplicationRole(client, config.databaseAppRole, config.databaseAppPassword)
    })
  } catch (error) {
    await release()
    throw error
  }
  return {
    ownerUrl,
    applicationUrl: applicationUrl(ownerUrl, config.databaseAppRole, config.databaseAppPassword),
    embedded,
    release,
  }
}
