import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { freePort } from '../support/ports.js'
import { PROJECT_ROOT } from '../../src/platform/paths.js'

/**
 * `npm start` as a real process on the embedded database: first run, a second start on the same
 * folder, kill -9 and recovery, and a clean stop on SIGTERM.
 */
interface Running { child: ChildProcess; output: () => string; exited: Promise<number | null> }

function start(env: Record<string, string>): Running {
  let output = ''
  // The process under test uses its own embedded database, whatever this test run uses.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'DATABASE_URL'))
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'server.js')], {
    cwd: PROJECT_ROOT, env: { ...inherited, NODE_ENV: 'development', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const exited = new Promise<number | null>((resolve) => { child.on('exit', (code) => { resolve(code) }) })
  return { child, output: () => output, exited }
}

async function waitForHealth(port: number, running: Running, seconds = 45): Promise<number> {
  const started = Date.now()
  while (Date.now() - started < seconds * 1000) {
    if (running.child.exitCode !== null) throw new Error(`Server exited: ${running.output()}`)
    try {
      const response = await fetch(`http://127.0.0.1:${String(port)}/health`)
      if (response.status === 200) return Date.now() - started
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`Server not healthy after ${String(seconds)} s: ${running.output()}`)
}

describe('the server process on its embedded database', () => {
  let dataDirectory: string
  let env: Record<string, string>
  let httpPort: number
  let databasePort: number
  const processes: Running[] = []

  beforeAll(async () => {
    if (!fs.existsSync(path.join(PROJECT_ROOT, 'dist', 'server.js'))) execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'build.mjs')])
    dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'mapwell-process-'))
    fs.chmodSync(dataDirectory, 0o755)
    httpPort = await freePort()
    databasePort = await freePort()
    env = { PORT: String(httpPort), EMBEDDED_DATABASE_PORT: String(databasePort), DATA_DIR: dataDirectory }
  }, 120_000)

  afterAll(async () => {
    for (const running of processes) if (running.child.exitCode === null) running.child.kill('SIGKILL')
    // A postgres left running by a kill -9 step would hold the folder; stop it before removing it.
    const pidFile = path.join(dataDirectory, 'postgres', 'postmaster.pid')
    if (fs.existsSync(pidFile)) {
      try { process.kill(Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGKILL') } catch { /* gone */ }
    }
    fs.rmSync(dataDirectory, { recursive: true, force: true })
  })

  async function ownerQuery(sql: string, values: unknown[] = []): Promise<pg.QueryResult> {
    const password = fs.readFileSync(path.join(dataDirectory, 'database-password'), 'utf8').trim()
    const client = new pg.Client({ connectionString: `postgres://postgres:${password}@127.0.0.1:${String(databasePort)}/mapwell` })
    await client.connect()
    try { return await client.query(sql, values) } finally { await client.end() }
  }

  it('starts on a fresh folder, serves the sign-in page, refuses a second start, survives kill -9 and stops cleanly', async () => {
    const first = start(env)
    processes.push(first)
    const firstRunMs = await waitForHealth(httpPort, first)
    console.log(`METRIC first_start_to_healthy ${String(firstRunMs)} ms`)
    expect(firstRunMs).toBeLessThan(30_000)
    const signIn = await fetch(`http://127.0.0.1:${String(httpPort)}/sign-in`)
    expect(signIn.status).toBe(200)
    expect(await signIn.text()).toContain('Sign in to Mapwell')
    await ownerQuery(`insert into teams (organisation_id, name) select id, 'Team that must survive' from organisations where slug = 'fellside'`)

    // A second start on the same folder says why it cannot, exits non-zero, and harms nothing.
    const second = start({ ...env, PORT: String(await freePort()) })
    processes.push(second)
    const secondCode = await second.exited
    expect(secondCode).not.toBe(0)
    expect(second.output()).toMatch(/already running from .* \(process \d+\)/)
    expect((await fetch(`http://127.0.0.1:${String(httpPort)}/health`)).status).toBe(200)

    // kill -9 of the Node process leaves its database server running; the next start deals with it.
    first.child.kill('SIGKILL')
    await first.exited
    const third = start(env)
    processes.push(third)
    await waitForHealth(httpPort, third)
    const kept = await ownerQuery(`select name from teams where name = 'Team that must survive'`)
    expect(kept.rowCount).toBe(1)

    // kill -9 of both the Node process and its database server.
    const postmaster = Number(fs.readFileSync(path.join(dataDirectory, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0])
    third.child.kill('SIGKILL')
    process.kill(postmaster, 'SIGKILL')
    await third.exited
    const fourth = start(env)
    processes.push(fourth)
    await waitForHealth(httpPort, fourth)
    expect((await ownerQuery(`select name from teams where name = 'Team that must survive'`)).rowCount).toBe(1)

    // SIGTERM: finishes, stops the database cleanly and frees the folder.
    fourth.child.kill('SIGTERM')
    expect(await fourth.exited).toBe(0)
    expect(fourth.output()).toContain('stopped cleanly')
    expect(fs.existsSync(path.join(dataDirectory, 'postgres', 'postmaster.pid'))).toBe(false)
    expect(fs.existsSync(path.join(dataDirectory, 'mapwell.lock'))).toBe(false)
  }, 180_000)
})
