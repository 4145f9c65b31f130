import zlib from 'node:zlib'
import { PNG } from 'pngjs'
import jpeg from 'jpeg-js'

/** A small PNG, coloured so tests can tell pictures apart. */
export function testPng(width = 12, height = 8, shade = 120): Buffer {
  const image = new PNG({ width, height })
  image.data.fill(shade)
  return PNG.sync.write(image)
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(body))
  return Buffer.concat([length, body, crc])
}

/** A PNG carrying a text chunk with the marker in it (as a location or comment would be). */
export function testPngWithText(marker: string): Buffer {
  const plain = testPng()
  return Buffer.concat([plain.subarray(0, 33), pngChunk('tEXt', Buffer.from(`Comment\u0000${marker}`, 'latin1')), plain.subarray(33)])
}

/** A JPEG whose EXIF segment carries the marker (as GPS data would). */
export function testJpegWithExif(marker: string): Buffer {
  const exif = Buffer.concat([Buffer.from('Exif\0\0II*\0\x08\0\0\0\0\0', 'latin1'), Buffer.from(`GPSLatitude ${marker}`, 'latin1')])
  return Buffer.from(jpeg.encode({ data: Buffer.alloc(16 * 8 * 4, 150), width: 16, height: 8, exifBuffer: exif } as Parameters<typeof jpeg.encode>[0], 90).data)
}

export const SVG_AS_PNG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script></svg>')
