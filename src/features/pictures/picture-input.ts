import { isUploadedFile } from '../../platform/http/uploads.js'
import { PICTURE_MESSAGES, type CleanedPicture } from './clean-image.js'
import { cleanImageOffThread } from './clean-image-pool.js'

export type PictureInput =
  | { kind: 'none' }
  | { kind: 'picture'; picture: CleanedPicture; source: 'upload' | 'drawn' }
  | { kind: 'error'; message: string }

const DATA_URL = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/

/**
 * The picture sent with a form: an uploaded file (field `upload`) or, with JavaScript, a drawing
 * made on screen (field `drawing`, a PNG data URL). Either way it is cleaned before anything else,
 * off the main thread (see clean-image-pool.ts).
 */
export async function readPictureInput(body: unknown, names: { upload: string; drawing: string } = { upload: 'picture', drawing: 'drawing' }): Promise<PictureInput> {
  const fields = typeof body === 'object' && body !== null ? body as Record<string, unknown> : {}
  const upload = fields[names.upload]
  if (isUploadedFile(upload) && upload.bytes.length > 0) {
    if (upload.truncated) return { kind: 'error', message: PICTURE_MESSAGES.truncatedUpload }
    const cleaned = await cleanImageOffThread(upload.bytes)
    return cleaned.ok ? { kind: 'picture', picture: cleaned, source: 'upload' } : { kind: 'error', message: cleaned.message }
  }
  const drawing = fields[names.drawing]
  if (typeof drawing === 'string' && drawing !== '') {
    const match = DATA_URL.exec(drawing)
    if (match?.[1] === undefined) return { kind: 'error', message: 'The drawing could not be read. Draw it again, or upload a photo of it' }
    const cleaned = await cleanImageOffThread(Buffer.from(match[1], 'base64'))
    if (!cleaned.ok) return { kind: 'error', message: cleaned.message }
    return { kind: 'picture', picture: cleaned, source: 'drawn' }
  }
  return { kind: 'none' }
}
