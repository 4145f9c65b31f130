import type { Readable } from 'node:stream'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import multipart, { type Multipart, type MultipartFile } from '@fastify/multipart'
import { decideAccess } from '../access/policy.js'

/** A file sent in a multipart form, read into memory (forms that take files limit their size). */
export interface UploadedFile {
  kind: 'uploaded-file'
  bytes: Buffer
  /** True when the file was larger than the limit and only its start arrived. */
  truncated: boolean
  filename: string
}

/** What a route that takes files accepts. Only such routes read multipart bodies; every other route refuses them unread. */
export interface UploadsConfig {
  /** The most the whole body may hold: files, fields and the multipart framing. */
  maxBytes: number
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route takes files (a multipart form), up to this size in all. */
    uploads?: UploadsConfig
  }
}

export const UPLOAD_LIMIT_BYTES = 5 * 1024 * 1024
/** The longest text field a multipart form may send: room for a drawing made on screen (a PNG data URL of a 600 × 400 canvas). */
const FIELD_LIMIT_BYTES = 2 * 1024 * 1024
/**
 * A form with one picture: the picture (5 MB), a drawing made on screen instead (up to 2 MB as a data URL)
 * and the typed text. A picture a little over its limit is cut short while the fields after it still
 * arrive; a body past this total is not read any further.
 */
export const PICTURE_FORM_MAX_BYTES = UPLOAD_LIMIT_BYTES + 3 * 1024 * 1024

export function isUploadedFile(value: unknown): value is UploadedFile {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'uploaded-file'
}

function sendsMultipart(request: FastifyRequest): boolean {
  return /^\s*multipart\//i.test(request.headers['content-type'] ?? '')
}

/** An error that refuses the request before its body is read; the connection is closed after the answer, so the rest is never read either. */
function refuseUnread(reply: FastifyReply, statusCode: 413 | 415, message: string): Error {
  reply.header('Connection', 'close')
  return Object.assign(new Error(message), { statusCode, code: statusCode === 415 ? 'MAPWELL_MULTIPART_NOT_ACCEPTED' : 'MAPWELL_UPLOAD_TOO_LARGE' })
}

/**
 * Multipart forms (the ones with a picture) parse into the same flat body as other forms, with
 * each file as an UploadedFile. An oversized file is cut short and marked, not thrown, so the form
 * can say what went wrong next to the field and keep everything else that was typed.
 *
 * Only routes that declare `config.uploads` read multipart at all: anywhere else it is refused at once,
 * unread (415). On an upload route the body is read only once the session allows the route (or to
 * keep the form of a session that has just ended); a signed-out request is answered without reading
 * it. The body is read up to the route's total, then no further.
 */
export async function setUpUploads(app: FastifyInstance): Promise<void> {
  // Parsing is done here (not by the plugin's attachFieldsToBody), so that it can wait for the access check and stop at the total.
  await app.register(multipart, { throwFileSizeLimit: false })

  app.addHook('onRequest', async (request, reply) => {
    if (!sendsMultipart(request)) return
    if (request.routeOptions.config.uploads === undefined) throw refuseUnread(reply, 415, 'a multipart body was sent to a route that takes no files')
  })

  // preValidation runs after the session is loaded (onRequest) and before the route's access check (preHandler).
  app.addHook('preValidation', async (request, reply) => {
    const uploads = request.routeOptions.config.uploads
    if (uploads === undefined || !request.isMultipart()) return
    const policy = request.routeOptions.config.access ?? { kind: 'public' as const }
    const session = request.currentSession
    const decision = decideAccess(policy, session === undefined ? undefined : { stage: session.stage, role: request.actor?.role ?? 'practitioner' })
    // Refused anyway (by the access check next): not worth reading. A session that has just ended is the
    // exception, so that what was typed can be kept and given back after signing in.
    if (decision !== 'allow' && request.endedSessionOwner === undefined) {
      reply.header('Connection', 'close')
      request.body = {}
      return
    }
    const declared = Number(request.headers['content-length'])
    if (Number.isFinite(declared) && declared > uploads.maxBytes * 4) throw refuseUnread(reply, 413, 'a multipart body far over the route\'s total was announced')
    const read = await readMultipart(request, uploads.maxBytes)
    if (read.cutShort) {
      reply.header('Connection', 'close')
      // Cut short in a file: the form says so next to the picture and keeps what was typed before it.
      if (!read.fileCut) throw Object.assign(new Error('a multipart body was over the route\'s total'), { statusCode: 413, code: 'MAPWELL_UPLOAD_TOO_LARGE' })
    }
    request.body = read.body
  })
}

interface ReadBody { body: Record<string, unknown>; cutShort: boolean; fileCut: boolean }

/** Reads the parts of a multipart body into a flat object, stopping (and no longer reading the connection) past maxBytes. */
async function readMultipart(request: FastifyRequest, maxBytes: number): Promise<ReadBody> {
  const body: Record<string, unknown> = {}
  const add = (name: string, value: unknown): void => {
    const existing = Object.hasOwn(body, name) ? body[name] : undefined
    body[name] = existing === undefined ? value : Array.isArray(existing) ? [...(existing as unknown[]), value] : [existing, value]
  }
  const parts = request.parts({ limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 2, fields: 300, parts: 320, fieldSize: FIELD_LIMIT_BYTES } })
  // Calling next() starts the parser (it pipes the request into it), so the byte count below misses nothing.
  let pending = parts.next()
  const raw = request.raw
  let received = 0
  let stop: () => void = () => undefined
  const over = new Promise<'over'>((resolve) => { stop = () => { resolve('over') } })
  const count = (chunk: Buffer): void => {
    received += chunk.length
    if (received > maxBytes) {
      raw.off('data', count)
      raw.unpipe()
      raw.pause()
      // What the parser already has (it parses each chunk as it is written) is still taken: a chunk can hold a whole body.
      setTimeout(stop, 10)
    }
  }
  raw.on('data', count)
  let fileTruncated = false
  try {
    for (;;) {
      const next = await Promise.race([pending, over])
      // Past the total while the rest of a file already cut short was still arriving: that file is what was too large.
      if (next === 'over') return { body, cutShort: true, fileCut: fileTruncated }
      if (next.done === true) return { body, cutShort: false, fileCut: false }
      const part: Multipart = next.value
      if (part.type === 'file') {
        const file = await readFile(part, over)
        add(part.fieldname, file.value)
        if (file.cut) return { body, cutShort: true, fileCut: true }
        fileTruncated ||= file.value.truncated
      } else {
        add(part.fieldname, part.value)
      }
      pending = parts.next()
    }
  } finally {
    raw.off('data', count)
  }
}

/** One file's bytes (busboy stops passing them on at the file size limit), or as much as came before the body's total was reached. */
function readFile(part: MultipartFile, over: Promise<'over'>): Promise<{ value: UploadedFile; cut: boolean }> {
  const stream: Readable = part.file
  const chunks: Buffer[] = []
  const value = (truncated: boolean): UploadedFile => ({ kind: 'uploaded-file', bytes: Buffer.concat(chunks), truncated, filename: part.filename.slice(0, 200) })
  return new Promise((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => { chunks.push(chunk) })
    stream.once('end', () => { resolve({ value: value(part.file.truncated), cut: false }) })
    stream.once('error', reject)
    void over.then(() => {
      stream.pause()
      resolve({ value: value(true), cut: true })
    })
  })
}
