/**
 * Crash safety check (run by npm test): saves 1,000 map entries through HTTP, kills the server with
 * SIGKILL part-way (and its database server too, half the time it is not), restarts it, and proves
 * that every entry whose save was acknowledged (a 303 came back) is in the database.
 * Prints `METRIC lost_acknowledged_writes <n> count` and exits non-zero if any was lost.
 */
import crypto from 'node:crypto'
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { PROJECT_ROOT } from '../src/platform/paths.js'
import { DEMO_PASSWORD } from '../src/demo/demo-data.js'
import { freePort } from '../test/support/ports.js'

const TOTAL = Number(process.env.CRASH_CHECK_ENTRIES ?? 1000)
const KILL_AFTER = Math.floor(TOTAL * 0.4)
const CONCURRENCY = 8

const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'mapwell-crash-'))
fs.chmodSync(dataDirectory, 0o755)
const port = await freePort()
const databasePort = await freePort()
const base = `http://127.0.0.1:${String(port)}`
const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'DATABASE_URL'))

function startServer(): ChildProcess {
  return spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'server.js')], {
    env: { ...inherited, NODE_ENV: 'development', LOG_LEVEL: 'warn', PORT: String(port), EMBEDDED_DATABASE_PORT: String(databasePort), DATA_DIR: dataDirectory },
    stdio: ['ignore', 'ignore', 'ignore'],
  })
}

async function waitForHealth(): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    try { if ((await fetch(`${base}/health`)).ok) return } catch { /* starting */ }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('server did not become healthy')
}

async function signIn(): Promise<{ cookie: string; csrf: string; familyId: string }> {
  const jar = new Map<string, string>()
  const remember = (response: Response): void => {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';')
      const [name, value] = (pair ?? '').split('=')
      if (name !== undefined && value !== undefined) jar.set(name, value)
    }
  }
  const cookie = (): string => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  const form = await fetch(`${base}/sign-in`)
  remember(form)
  remember(await fetch(`${base}/sign-in`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ _csrf: /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '', email: 'practitioner@fellside.example', password: DEMO_PASSWORD }).toString(),
  }))
  const list = await (await fetch(`${base}/families?search=Ashworth`, { headers: { cookie: cookie() } })).text()
  const familyId = /href="\/families\/([0-9a-f-]{36})"/.exec(list)?.[1] ?? ''
  const page = await (await fetch(`${base}/families/${familyId}/map/add/strength`, { headers: { cookie: cookie() } })).text()
  return { cookie: cookie(), csrf: /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '', familyId }
}

let server = startServer()
const acknowledged: string[] = []
let attempted = 0
let killed = false
try {
  await waitForHealth()
  let session = await signIn()
  let nextIndex = 0
  const save = async (index: number): Promise<void> => {
    const text = `Crash check entry ${String(index)} ${crypto.randomUUID()}`
    attempted += 1
    try {
      const response = await fetch(`${base}/families/${session.familyId}/map/add/strength`, {
        method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session.cookie },
        body: new URLSearchParams({ _csrf: session.csrf, submissionId: crypto.randomUUID(), text, saidByKind: 'worker', saidByName: 'Crash check' }).toString(),
      })
      if (response.status === 303) acknowledged.push(text)
    } catch { /* the server is down: not acknowledged */ }
  }
  // While the server is being restarted, the other senders wait rather than fail.
  let ready: Promise<void> = Promise.resolve()
  const worker = async (): Promise<void> => {
    while (nextIndex < TOTAL) {
      const index = nextIndex++
      await ready
      if (!killed && index === KILL_AFTER) {
        killed = true
        let restarted: () => void = () => undefined
        ready = new Promise((resolve) => { restarted = resolve })
        server.kill('SIGKILL')
        // Half the time the database server goes with it (as after a power cut); the rest of the time it is left orphaned.
        if (Math.random() < 0.5) {
          const pidFile = path.join(dataDirectory, 'postgres', 'postmaster.pid')
          if (fs.existsSync(pidFile)) try { process.kill(Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGKILL') } catch { /* gone */ }
        }
        await new Promise((resolve) => server.on('exit', resolve))
        server = startServer()
        await waitForHealth()
        session = await signIn()
        restarted()
      }
      await save(index)
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  const password = fs.readFileSync(path.join(dataDirectory, 'database-password'), 'utf8').trim()
  const owner = new pg.Client({ connectionString: `postgres://postgres:${password}@127.0.0.1:${String(databasePort)}/mapwell` })
  await owner.connect()
  const stored = new Set((await owner.query<{ text: string }>(`select text from map_entry_versions where said_by_name = 'Crash check'`)).rows.map((row) => row.text))
  await owner.end()
  const lost = acknowledged.filter((text) => !stored.has(text))
  console.log(`Saved ${String(attempted)} entries through HTTP, killed the server after ${String(KILL_AFTER)}, restarted it; ${String(acknowledged.length)} saves were acknowledged.`)
  console.log(`METRIC acknowledged_writes ${String(acknowledged.length)} count`)
  console.log(`METRIC lost_acknowledged_writes ${String(lost.length)} count`)
  if (lost.length > 0 || acknowledged.length < TOTAL * 0.9) process.exitCode = 1
} finally {
  server.kill('SIGTERM')
  await new Promise((resolve) => { if (server.exitCode !== null) resolve(undefined); else server.on('exit', resolve) })
  fs.rmSync(dataDirectory, { recursive: true, force: true })
}
