import { PNG } from 'pngjs'
import jpeg from 'jpeg-js'
import type { PictureType } from '../../db/schema/voice.js'

export const MAX_PICTURE_BYTES = 5 * 1024 * 1024
const MAX_SIDE = 6000
const MAX_PIXELS = 16_000_000

export const PICTURE_MESSAGES = {
  empty: 'Choose a picture to upload',
  tooLarge: 'The picture must be smaller than 5 MB',
  truncatedUpload: 'The picture must be smaller than 5 MB: only part of it arrived',
  markup: 'This file is not a picture: it looks like an SVG or web page. Upload a PNG or JPEG photo or scan',
  wrongType: 'The picture must be a PNG or JPEG photo or scan',
  tooBig: 'The picture is too big to use: it must be smaller than 6,000 pixels on each side',
  damaged: 'The picture could not be read: it may be damaged or only partly saved. Try saving it again',
  busy: 'Too many pictures are being saved at the moment. Wait a minute, then send the form again',
} as const

export type CleanedPicture = { ok: true; mediaType: PictureType; bytes: Buffer; width: number; height: number }
export type CleanResult = CleanedPicture | { ok: false; message: string }

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** What the bytes are, from their content: never from the file's name or the type the browser claimed. */
export function sniffPicture(bytes: Buffer): PictureType | 'markup' | undefined {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png'
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  const start = bytes.subarray(0, 1024).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase()
  if (start.startsWith('<') || /<(svg|html|script|!doctype)/.test(start)) return 'markup'
  return undefined
}

function sizeAllowed(width: number, height: number): boolean {
  return width > 0 && height > 0 && width <= MAX_SIDE && height <= MAX_SIDE && width * height <= MAX_PIXELS
}

/** EXIF orientation (1–8) from a JPEG's APP1 segment, so photos of drawings come out the right way up. */
export function jpegOrientation(exif: Uint8Array | undefined): number {
  if (exif === undefined || exif.length < 14) return 1
  const view = Buffer.from(exif)
  // The decoder gives the segment after "Exif\0", so the TIFF header starts after the second \0.
  const tiff = [0, 1, 6].find((at) => ['II', 'MM'].includes(view.subarray(at, at + 2).toString('latin1')))
  if (tiff === undefined) return 1
  const order = view.subarray(tiff, tiff + 2).toString('latin1')
  const little = order === 'II'
  const read16 = (at: number): number => (at + 2 <= view.length ? (little ? view.readUInt16LE(at) : view.readUInt16BE(at)) : 0)
  const read32 = (at: number): number => (at + 4 <= view.length ? (little ? view.readUInt32LE(at) : view.readUInt32BE(at)) : 0)
  const ifd = tiff + read32(tiff + 4)
  const count = read16(ifd)
  for (let index = 0; index < count && index < 200; index += 1) {
    const entry = ifd + 2 + index * 12
    if (read16(entry) === 0x0112) {
      const value = read16(entry + 8)
      return value >= 1 && value <= 8 ? value : 1
    }
  }
  return 1
}

/** Turns RGBA pixels the way EXIF orientation 3, 6 or 8 says (the common camera rotations). */
export function rotatePixels(data: Uint8Array, width: number, height: number, orientation: number): { data: Uint8Array; width: number; height: number } {
  if (orientation !== 3 && orientation !== 6 && orientation !== 8) return { data, width, height }
  const turned = orientation !== 3
  const outWidth = turned ? height : width
  const outHeight = turned ? width : height
  const out = new Uint8Array(data.length)
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      let nx: number
      let ny: number
      if (orientation === 3) { nx = width - 1 - x; ny = height - 1 - y } else if (orientation === 6) { nx = height - 1 - y; ny = x } else { nx = y; ny = width - 1 - x }
      const from = (y * width + x) * 4
      const to = (ny * outWidth + nx) * 4
      out[to] = data[from] ?? 0
      out[to + 1] = data[from + 1] ?? 0
      out[to + 2] = data[from + 2] ?? 0
      out[to + 3] = data[from + 3] ?? 255
    }
  }
  return { data: out, width: outWidth, height: outHeight }
}

function cleanPng(bytes: Buffer): CleanResult {
  if (bytes.length < 33 || bytes.subarray(12, 16).toString('latin1') !== 'IHDR') return { ok: false, message: PICTURE_MESSAGES.damaged }
  // Check the size before decoding, so a small file cannot ask for gigabytes of pixels.
  const width = bytes.readUInt32BE(16)
  const height = bytes.readUInt32BE(20)
  if (!sizeAllowed(width, height)) return { ok: false, message: PICTURE_MESSAGES.tooBig }
  let decoded: PNG
  try {
    decoded = PNG.sync.read(bytes)
  } catch {
    return { ok: false, message: PICTURE_MESSAGES.damaged }
  }
  const clean = new PNG({ width: decoded.width, height: decoded.height })
  decoded.data.copy(clean.data)
  return { ok: true, mediaType: 'image/png', bytes: PNG.sync.write(clean, { colorType: 6 }), width: decoded.width, height: decoded.height }
}

function cleanJpeg(bytes: Buffer): CleanResult {
  // A JPEG ends with the end-of-image marker; a file cut short does not.
  let end = bytes.length
  while (end > 2 && bytes[end - 1] === 0x00) end -= 1
  if (!(bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9)) return { ok: false, message: PICTURE_MESSAGES.damaged }
  let decoded: { width: number; height: number; data: Uint8Array; exifBuffer?: Uint8Array }
  try {
    decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, tolerantDecoding: false, maxResolutionInMP: MAX_PIXELS / 1_000_000, maxMemoryUsageInMB: 256 })
  } catch (error) {
    return { ok: false, message: /resolution|memory/i.test(error instanceof Error ? error.message : '') ? PICTURE_MESSAGES.tooBig : PICTURE_MESSAGES.damaged }
  }
  if (!sizeAllowed(decoded.width, decoded.height)) return { ok: false, message: PICTURE_MESSAGES.tooBig }
  const upright = rotatePixels(decoded.data, decoded.width, decoded.height, jpegOrientation(decoded.exifBuffer))
  // Encoding the pixels afresh writes no EXIF, so location, camera and dates are gone.
  const encoded = jpeg.encode({ data: upright.data, width: upright.width, height: upright.height }, 85)
  return { ok: true, mediaType: 'image/jpeg', bytes: Buffer.from(encoded.data), width: upright.width, height: upright.height }
}

/**
 * Checks a picture by its content and rebuilds it from its pixels alone. Anything that is not a
 * readable PNG or JPEG is refused; what is stored never contains the sender's metadata or bytes.
 */
export function cleanImage(bytes: Buffer): CleanResult {
  const refused = refuseBeforeDecoding(bytes)
  if (refused !== undefined) return refused
  return sniffPicture(bytes) === 'image/png' ? cleanPng(bytes) : cleanJpeg(bytes)
}

/** The checks that need no decoding (empty, too many bytes, not a PNG or JPEG): quick enough for the main thread. */
export function refuseBeforeDecoding(bytes: Buffer): { ok: false; message: string } | undefined {
  if (bytes.length === 0) return { ok: false, message: PICTURE_MESSAGES.empty }
  if (bytes.length > MAX_PICTURE_BYTES) return { ok: false, message: PICTURE_MESSAGES.tooLarge }
  const kind = sniffPicture(bytes)
  if (kind === 'markup') return { ok: false, message: PICTURE_MESSAGES.markup }
  if (kind === 'image/png' || kind === 'image/jpeg') return undefined
  return { ok: false, message: PICTURE_MESSAGES.wrongType }
}
