import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { PICTURE_MESSAGES, refuseBeforeDecoding, type CleanResult } from './clean-image.js'

/**
 * Decoding and re-encoding a picture of up to 16 megapixels takes seconds of CPU; on the main thread
 * it would hold up every other request (about 8 seconds for 4000 × 4000 here). Pictures are cleaned in
 * worker threads instead: at most `concurrency` at once (each worker may need a few hundred megabytes while it works), with up to
 * `queueLimit` more waiting. Past that the answer is at once "busy, try again".
 */
export interface PoolOptions {
  concurrency: number
  queueLimit: number
  /** A decode that takes longer than this is stopped (its worker is ended and replaced) and the picture refused. */
  timeoutMilliseconds: number
}

/** Two at once, but always leaving a core for the event loop (one at once on a two-core machine). */
export const DEFAULT_POOL_OPTIONS: PoolOptions = { concurrency: Math.max(1, Math.min(2, os.availableParallelism() - 1)), queueLimit: 8, timeoutMilliseconds: 60_000 }

interface Job { bytes: Buffer; resolve: (result: CleanResult) => void }
interface Slot { worker: Worker; job: Job | undefined; timer: NodeJS.Timeout | undefined; id: number; ready: boolean }

const here = fileURLToPath(import.meta.url)
const fromSource = path.extname(here) === '.ts'
const workerFile = path.join(path.dirname(here), `clean-image.worker${path.extname(here)}`)

/** Built, the worker is JavaScript beside this file; run from source (in tests), it is TypeScript, loaded through tsx. */
function startWorker(): Worker {
  if (!fromSource) return new Worker(workerFile)
  // The ESM entry of tsx's API (require.resolve finds the CommonJS one beside it).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href
  const source = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(workerFile).href)}) })`
  return new Worker(source, { eval: true })
}

export class CleanImagePool {
  private readonly slots: Slot[] = []
  private readonly queue: Job[] = []
  private nextId = 1

  constructor(private readonly options: PoolOptions = DEFAULT_POOL_OPTIONS) {}

  /** How many pictures are being cleaned and how many wait. */
  get load(): { running: number; queued: number } {
    return { running: this.slots.filter((slot) => slot.job !== undefined).length, queued: this.queue.length }
  }

  clean(bytes: Buffer): Promise<CleanResult> {
    return new Promise((resolve) => {
      const job: Job = { bytes, resolve }
      const idle = this.idleSlot()
      if (idle !== undefined) { this.start(idle, job); return }
      if (this.queue.length >= this.options.queueLimit) { resolve({ ok: false, message: PICTURE_MESSAGES.busy }); return }
      this.queue.push(job)
    })
  }

  /** Ends the workers (waiting pictures are answered busy). */
  async close(): Promise<void> {
    for (const job of this.queue.splice(0)) job.resolve({ ok: false, message: PICTURE_MESSAGES.busy })
    await Promise.all(this.slots.splice(0).map(async (slot) => {
      if (slot.timer !== undefined) clearTimeout(slot.timer)
      slot.job?.resolve({ ok: false, message: PICTURE_MESSAGES.busy })
      await slot.worker.terminate()
    }))
  }

  private idleSlot(): Slot | undefined {
    const idle = this.slots.find((slot) => slot.job === undefined)
    if (idle !== undefined) return idle
    if (this.slots.length >= this.options.concurrency) return undefined
    const slot = this.newSlot()
    this.slots.push(slot)
    return slot
  }

  private newSlot(): Slot {
    const worker = startWorker()
    // Idle workers must not keep the process alive.
    worker.unref()
    const slot: Slot = { worker, job: undefined, timer: undefined, id: 0, ready: false }
    worker.on('message', (message: { id: number; result: CleanResult | undefined } | { ready: true }) => {
      if ('ready' in message) {
        slot.ready = true
        if (slot.job !== undefined) this.startTimer(slot)
        return
      }
      if (message.id !== slot.id || slot.job === undefined) return
      const result: CleanResult = message.result === undefined
        ? { ok: false, message: PICTURE_MESSAGES.damaged }
        : message.result.ok ? { ...message.result, bytes: Buffer.from(message.result.bytes) } : message.result
      this.finish(slot, result)
    })
    // A worker that dies (out of memory on a hostile file, say) refuses its picture and is replaced.
    worker.on('error', () => { this.replace(slot, { ok: false, message: PICTURE_MESSAGES.damaged }) })
    worker.on('exit', () => { this.replace(slot, { ok: false, message: PICTURE_MESSAGES.damaged }) })
    return slot
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job
    slot.id = this.nextId
    this.nextId += 1
    if (slot.ready) this.startTimer(slot)
    slot.worker.ref()
    slot.worker.postMessage({ id: slot.id, bytes: job.bytes })
  }

  private startTimer(slot: Slot): void {
    slot.timer = setTimeout(() => {
      void slot.worker.terminate()
      this.replace(slot, { ok: false, message: PICTURE_MESSAGES.tooBig })
    }, this.options.timeoutMilliseconds)
    slot.timer.unref()
  }

  private finish(slot: Slot, result: CleanResult): void {
    const job = slot.job
    if (slot.timer !== undefined) clearTimeout(slot.timer)
    slot.timer = undefined
    slot.job = undefined
    slot.worker.unref()
    job?.resolve(result)
    const next = this.queue.shift()
    if (next !== undefined) this.start(this.idleSlot() ?? slot, next)
  }

  private replace(slot: Slot, result: CleanResult): void {
    const index = this.slots.indexOf(slot)
    if (index === -1) return
    this.slots.splice(index, 1)
    if (slot.timer !== undefined) clearTimeout(slot.timer)
    const job = slot.job
    slot.job = undefined
    job?.resolve(result)
    const next = this.queue.shift()
    if (next !== undefined) {
      const fresh = this.idleSlot()
      if (fresh !== undefined) this.start(fresh, next)
      else this.queue.unshift(next)
    }
  }
}

let shared: CleanImagePool | undefined

/** Cleans a picture (see cleanImage) in the shared worker pool. The checks that need no decoding are made here, at once. */
export async function cleanImageOffThread(bytes: Buffer): Promise<CleanResult> {
  const refused = refuseBeforeDecoding(bytes)
  if (refused !== undefined) return refused
  shared ??= new CleanImagePool()
  return shared.clean(bytes)
}
