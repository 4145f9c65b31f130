import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { PROJECT_ROOT } from '../../src/platform/paths.js'

/** Starting Mapwell as real processes (dist/server.js or `npm start`), and looking at what they leave running. */
export interface Running { child: ChildProcess; output: () => string; exited: Promise<number | null> }

/** The environment of the test run, without its DATABASE_URL: each process under test says which database it uses. */
export function inheritedEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[0] !== 'DATABASE_URL' && entry[1] !== undefined))
}

export function startProcess(command: string, args: string[], options: { cwd?: string; env: Record<string, string> }): Running {
  let output = ''
  const child = spawn(command, args, {
    cwd: options.cwd ?? PROJECT_ROOT, env: { ...inheritedEnv(), NODE_ENV: 'development', LOG_LEVEL: 'info', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.on('data', (chunk: Buffer) => { output = (output + chunk.toString()).slice(-200_000) })
  child.stderr.on('data', (chunk: Buffer) => { output = (output + chunk.toString()).slice(-200_000) })
  const exited = new Promise<number | null>((resolve) => { child.on('exit', (code) => { resolve(code) }) })
  return { child, output: () => output, exited }
}

export function startServer(env: Record<string, string>, cwd?: string): Running {
  return startProcess(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'server.js')], { env, ...(cwd === undefined ? {} : { cwd }) })
}

export async function healthStatus(port: number): Promise<number | 'refused'> {
  try {
    const response = await fetch(`http://127.0.0.1:${String(port)}/health`, { signal: AbortSignal.timeout(5000) })
    await response.arrayBuffer()
    return response.status
  } catch {
    return 'refused'
  }
}

/** Waits (bounded) for /health to answer 200; throws with the process's output if it exits or takes too long. */
export async function waitForHealth(port: number, running: Running, seconds = 60): Promise<number> {
  const started = Date.now()
  while (Date.now() - started < seconds * 1000) {
    if (running.child.exitCode !== null || running.child.signalCode !== null) throw new Error(`Server exited: ${running.output()}`)
    if (await healthStatus(port) === 200) return Date.now() - started
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`Server not healthy after ${String(seconds)} s: ${running.output().slice(-5000)}`)
}

interface ProcessInfo { pid: number; ppid: number; state: string; command: string }

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${String(pid)}/stat`, 'utf8')
    // pid (comm) state ppid ...: comm may hold spaces and brackets, so split after the last ')'.
    const close = stat.lastIndexOf(')')
    const [state = '', ppid = ''] = stat.slice(close + 2).split(' ')
    return { pid, ppid: Number(ppid), state, command: stat.slice(stat.indexOf('(') + 1, close) }
  } catch {
    return undefined
  }
}

/** The process and all its descendants, as they are now (Linux /proc). */
export function processTree(rootPid: number): ProcessInfo[] {
  const all = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map((name) => readProcess(Number(name))).filter((info) => info !== undefined)
  const tree: ProcessInfo[] = []
  const pending = [rootPid]
  while (pending.length > 0) {
    const pid = pending.pop()
    const info = all.find((candidate) => candidate.pid === pid)
    if (info === undefined) continue
    tree.push(info)
    for (const child of all) if (child.ppid === pid) pending.push(child.pid)
  }
  return tree
}

/** Whether a process has ended (gone, or a zombie waiting to be reaped). */
export function hasEnded(pid: number): boolean {
  const info = readProcess(pid)
  return info === undefined || info.state === 'Z'
}

export function listens(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port })
    socket.setTimeout(2000)
    socket.once('connect', () => { socket.destroy(); resolve(true) })
    socket.once('timeout', () => { socket.destroy(); resolve(false) })
    socket.once('error', () => { resolve(false) })
  })
}

/** The pid serving a cluster folder, from its postmaster.pid. */
export function postmasterPid(clusterDirectory: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(clusterDirectory, 'postmaster.pid'), 'utf8').split('\n')[0])
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

export function killQuietly(pid: number | undefined, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (pid === undefined) return
  try { process.kill(pid, signal) } catch { /* already gone */ }
}

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds))
}
