import type { FastifyInstance } from 'fastify'
import multipart, { type MultipartFile } from '@fastify/multipart'

/** A file sent in a multipart form, read into memory (forms that take files limit their size). */
export interface UploadedFile {
  kind: 'uploaded-file'
  bytes: Buffer
  /** True when the file was larger than the limit and only its start arrived. */
  truncated: boolean
  filename: string
}

export const UPLOAD_LIMIT_BYTES = 5 * 1024 * 1024

export function isUploadedFile(value: unknown): value is UploadedFile {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'uploaded-file'
}

/**
 * Multipart forms (the ones with a picture) parse into the same flat body as other forms, with
 * each file as an UploadedFile. An oversized file is cut short and marked, not thrown, so the form
 * can say what went wrong next to the field and keep everything else that was typed.
 */
export async function setUpUploads(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 2, fields: 300, parts: 320, fieldSize: 8 * 1024 * 1024 },
    async onFile(part: MultipartFile) {
      const bytes = await part.toBuffer()
      const value: UploadedFile = { kind: 'uploaded-file', bytes, truncated: part.file.truncated, filename: part.filename.slice(0, 200) }
      ;(part as MultipartFile & { value: UploadedFile }).value = value
    },
  })
}
