import { parentPort } from 'node:worker_threads'
import { cleanImage } from './clean-image.js'

/** Cleans pictures off the main thread: one job at a time, each answered with its id. */
parentPort?.on('message', (job: { id: number; bytes: Uint8Array }) => {
  let result
  try {
    result = cleanImage(Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength))
  } catch {
    result = undefined
  }
  // Copied, not transferred: a small Buffer's memory is shared with others from Node's pool.
  parentPort?.postMessage({ id: job.id, result })
})

// Loaded: the pool starts timing jobs from here, not from the worker's start-up.
parentPort?.postMessage({ ready: true })
