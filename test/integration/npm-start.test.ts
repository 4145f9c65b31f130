import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freePort } from '../support/ports.js'
import { PROJECT_ROOT } from '../../src/platform/paths.js'
import { CLUSTER_LOCATION_FILE } from '../../src/platform/db/embedded.js'
import { hasEnded, killQuietly, listens, processTree, sleep, startProcess, waitForHealth, type Running } from './running-server.js'

/**
 * `npm start` the way a container runs it: from a copy of the project in a folder only its owner may
 * enter (a clone in /root, say; as root, PostgreSQL must then run as another user that cannot enter
 * it), then SIGTERM to npm, as `docker stop` sends to `CMD npm start`. Every process it started must
 * end, and nothing may listen any more.
 */
describe('npm start from a private folder, stopped by SIGTERM', () => {
  let privateFolder: string
  let project: string
  let httpPort: number
  let databasePort: number
  let running: Running | undefined
  const seen = new Set<number>()

  beforeAll(async () => {
    privateFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'mapwell-private-'))
    fs.chmodSync(privateFolder, 0o700)
    project = path.join(privateFolder, 'mapwell')
    fs.mkdirSync(project)
    // A copy of what `npm start` needs (its own dist/, so that other tests' dist/ is left alone).
    for (const entry of ['package.json', 'scripts', 'src']) fs.cpSync(path.join(PROJECT_ROOT, entry), path.join(project, entry), { recursive: true })
    fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(project, 'node_modules'))
    httpPort = await freePort()
    databasePort = await freePort()
  })

  afterAll(async () => {
    for (const pid of seen) killQuietly(pid)
    if (running !== undefined) killQuietly(running.child.pid)
    await sleep(200)
    const location = path.join(project, 'data', CLUSTER_LOCATION_FILE)
    if (fs.existsSync(location)) fs.rmSync(fs.readFileSync(location, 'utf8').trim(), { recursive: true, force: true })
    fs.rmSync(privateFolder, { recursive: true, force: true })
  })

  it('serves, and on SIGTERM to npm ends node and PostgreSQL cleanly within the grace period', async () => {
    running = startProcess('npm', ['start'], { cwd: project, env: { PORT: String(httpPort), EMBEDDED_DATABASE_PORT: String(databasePort), SHUTDOWN_GRACE_SECONDS: '10' } })
    await waitForHealth(httpPort, running, 120)
    const npmPid = running.child.pid ?? 0
    const tree = processTree(npmPid)
    for (const info of tree) seen.add(info.pid)
    // npm, the server (node, with no shell left between them) and the database server with its own processes.
    const commands = tree.map((info) => info.command)
    expect(commands.filter((command) => /^(node|npm)/.test(command)).length, commands.join(', ')).toBeGreaterThanOrEqual(2)
    expect(commands.filter((command) => command === 'sh').length, commands.join(', ')).toBe(0)
    expect(commands.includes('postgres'), commands.join(', ')).toBe(true)
    expect(running.output()).not.toMatch(/EACCES|\n\s+at /)

    running.child.kill('SIGTERM')
    const started = Date.now()
    while (Date.now() - started < 15_000 && ![...seen].every(hasEnded)) await sleep(100)
    const left = [...seen].filter((pid) => !hasEnded(pid))
    expect(left, `still running: ${JSON.stringify(processTree(npmPid))}`).toEqual([])
    await running.exited
    expect(running.output()).toContain('stopped cleanly')
    expect(await listens(httpPort)).toBe(false)
    expect(await listens(databasePort)).toBe(false)
  }, 180_000)
})
