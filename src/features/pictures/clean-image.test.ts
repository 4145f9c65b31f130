import { describe, expect, it } from 'vitest'
import jpeg from 'jpeg-js'
import { testJpegWithExif, testPng, testPngWithText } from '../../../test/support/pictures.js'
import { cleanImage, jpegOrientation, PICTURE_MESSAGES, sniffPicture } from './clean-image.js'
import { readPictureInput } from './picture-input.js'

const png = (width = 4, height = 3): Buffer => testPng(width, height, 200)
const pngWithLocation = (): Buffer => testPngWithText('54.5 N, 3.0 W secret-location')
const jpegWithExif = (orientation = 1): Buffer => testJpegWithExif('secret-location', orientation)

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
  it('takes an upload, a drawing, or nothing', async () => {
    const upload = { kind: 'uploaded-file', bytes: png(), truncated: false, filename: 'drawing.png' }
    expect(await readPictureInput({ picture: upload })).toMatchObject({ kind: 'picture', source: 'upload' })
    expect(await readPictureInput({ drawing: `data:image/png;base64,${png().toString('base64')}` })).toMatchObject({ kind: 'picture', source: 'drawn' })
    expect(await readPictureInput({ picture: { ...upload, bytes: Buffer.alloc(0) } })).toEqual({ kind: 'none' })
    expect(await readPictureInput({})).toEqual({ kind: 'none' })
  })

  it('says so when an upload was cut short by the size limit or a drawing is not a PNG', async () => {
    expect(await readPictureInput({ picture: { kind: 'uploaded-file', bytes: png(), truncated: true, filename: 'x.png' } })).toEqual({ kind: 'error', message: PICTURE_MESSAGES.truncatedUpload })
    expect(await readPictureInput({ drawing: 'data:text/html;base64,PHNjcmlwdD4=' })).toMatchObject({ kind: 'error' })
    expect(await readPictureInput({ drawing: `data:image/png;base64,${Buffer.from('<svg/>').toString('base64')}` })).toEqual({ kind: 'error', message: PICTURE_MESSAGES.markup })
  })
})
