import zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { PNG } from 'pngjs'
import jpeg from 'jpeg-js'
import { cleanImage, jpegOrientation, PICTURE_MESSAGES, sniffPicture } from './clean-image.js'
import { readPictureInput } from './picture-input.js'

function png(width = 4, height = 3): Buffer {
  const image = new PNG({ width, height })
  image.data.fill(200)
  return PNG.sync.write(image)
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(body))
  return Buffer.concat([length, body, crc])
}

/** A PNG with a text chunk carrying a location, inserted after the header. */
function pngWithLocation(): Buffer {
  const plain = png()
  const afterHeader = 8 + 25
  return Buffer.concat([plain.subarray(0, afterHeader), chunk('tEXt', Buffer.from('GPSPosition\u000054.5 N, 3.0 W secret-location', 'latin1')), plain.subarray(afterHeader)])
}

/** A JPEG with an EXIF segment naming a location (and an orientation of 6: turned a quarter). */
function jpegWithExif(orientation = 1): Buffer {
  const tiff = Buffer.alloc(26)
  tiff.write('II', 0, 'latin1')
  tiff.writeUInt16LE(42, 2)
  tiff.writeUInt32LE(8, 4)
  tiff.writeUInt16LE(1, 8)
  tiff.writeUInt16LE(0x0112, 10)
  tiff.writeUInt16LE(3, 12)
  tiff.writeUInt32LE(1, 14)
  tiff.writeUInt16LE(orientation, 18)
  const exif = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff, Buffer.from('GPSLatitude secret-location', 'latin1')])
  const data = Buffer.alloc(8 * 4 * 4, 180)
  return Buffer.from(jpeg.encode({ data, width: 8, height: 4, exifBuffer: exif } as Parameters<typeof jpeg.encode>[0], 90).data)
}

describe('cleaning pictures', () => {
  it('keeps a PNG as a PNG of the same size', () => {
    const result = cleanImage(png(5, 7))
    expect(result).toMatchObject({ ok: true, mediaType: 'image/png', width: 5, height: 7 })
  })

  it('drops text chunks, such as a location, from a PNG', () => {
    const sent = pngWithLocation()
    expect(sent.includes('secret-location')).toBe(true)
    const result = cleanImage(sent)
    if (!result.ok) throw new Error(result.message)
    expect(result.bytes.includes('secret-location')).toBe(false)
    expect(result.bytes.includes('tEXt')).toBe(false)
  })

  it('drops EXIF (location, camera) from a JPEG and turns it upright', () => {
    const sent = jpegWithExif(6)
    expect(sent.includes('secret-location')).toBe(true)
    const result = cleanImage(sent)
    if (!result.ok) throw new Error(result.message)
    expect(result.mediaType).toBe('image/jpeg')
    expect(result.bytes.includes('secret-location')).toBe(false)
    expect(result.bytes.includes('Exif')).toBe(false)
    expect([result.width, result.height]).toEqual([4, 8])
  })

  it('reads the orientation from EXIF', () => {
    const decoded = jpeg.decode(jpegWithExif(8), { useTArray: true }) as { exifBuffer?: Uint8Array }
    expect(jpegOrientation(decoded.exifBuffer)).toBe(8)
    expect(jpegOrientation(undefined)).toBe(1)
  })

  it('refuses an SVG or web page renamed as a picture', () => {
    const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>')
    expect(cleanImage(svg)).toEqual({ ok: false, message: PICTURE_MESSAGES.markup })
    expect(cleanImage(Buffer.from('\uFEFF  <!DOCTYPE html><html><body>hi</body></html>'))).toEqual({ ok: false, message: PICTURE_MESSAGES.markup })
  })

  it('refuses files that are not PNG or JPEG', () => {
    expect(cleanImage(Buffer.from('GIF89a\x01\x00\x01\x00'))).toEqual({ ok: false, message: PICTURE_MESSAGES.wrongType })
    expect(cleanImage(Buffer.from('%PDF-1.7'))).toEqual({ ok: false, message: PICTURE_MESSAGES.wrongType })
    expect(cleanImage(Buffer.alloc(0))).toEqual({ ok: false, message: PICTURE_MESSAGES.empty })
  })

  it('refuses truncated pictures', () => {
    const whole = png(40, 40)
    expect(cleanImage(whole.subarray(0, whole.length - 20))).toEqual({ ok: false, message: PICTURE_MESSAGES.damaged })
    const photo = jpegWithExif()
    expect(cleanImage(photo.subarray(0, Math.floor(photo.length * 0.7)))).toEqual({ ok: false, message: PICTURE_MESSAGES.damaged })
  })

  it('refuses pictures that are too large, in bytes or in pixels, before decoding them', () => {
    expect(cleanImage(Buffer.concat([png(), Buffer.alloc(5 * 1024 * 1024)]))).toEqual({ ok: false, message: PICTURE_MESSAGES.tooLarge })
    const huge = Buffer.from(png())
    huge.writeUInt32BE(50_000, 16)
    expect(cleanImage(huge)).toEqual({ ok: false, message: PICTURE_MESSAGES.tooBig })
  })

  it('tells types apart by content, not by name', () => {
    expect(sniffPicture(png())).toBe('image/png')
    expect(sniffPicture(jpegWithExif())).toBe('image/jpeg')
    expect(sniffPicture(Buffer.from('<svg/>'))).toBe('markup')
  })
})

describe('reading a picture from a form', () => {
  it('takes an upload, a drawing, or nothing', () => {
    const upload = { kind: 'uploaded-file', bytes: png(), truncated: false, filename: 'drawing.png' }
    expect(readPictureInput({ picture: upload })).toMatchObject({ kind: 'picture', source: 'upload' })
    expect(readPictureInput({ drawing: `data:image/png;base64,${png().toString('base64')}` })).toMatchObject({ kind: 'picture', source: 'drawn' })
    expect(readPictureInput({ picture: { ...upload, bytes: Buffer.alloc(0) } })).toEqual({ kind: 'none' })
    expect(readPictureInput({})).toEqual({ kind: 'none' })
  })

  it('says so when an upload was cut short by the size limit or a drawing is not a PNG', () => {
    expect(readPictureInput({ picture: { kind: 'uploaded-file', bytes: png(), truncated: true, filename: 'x.png' } })).toEqual({ kind: 'error', message: PICTURE_MESSAGES.truncatedUpload })
    expect(readPictureInput({ drawing: 'data:text/html;base64,PHNjcmlwdD4=' })).toMatchObject({ kind: 'error' })
    expect(readPictureInput({ drawing: `data:image/png;base64,${Buffer.from('<svg/>').toString('base64')}` })).toEqual({ kind: 'error', message: PICTURE_MESSAGES.markup })
  })
})
