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

/** A PNG carrying a text chunk with the marker in it (as a location or comment would be), after the header. */
export function testPngWithText(marker: string): Buffer {
  const plain = testPng()
  return Buffer.concat([plain.subarray(0, 33), pngChunk('tEXt', Buffer.from(`GPSPosition\u0000${marker}`, 'latin1')), plain.subarray(33)])
}

/** An 8×4 JPEG whose EXIF segment has an orientation (6 is a quarter turn) and carries the marker, as GPS data would. */
export function testJpegWithExif(marker: string, orientation = 1): Buffer {
  const tiff = Buffer.alloc(26)
  tiff.write('II', 0, 'latin1')
  tiff.writeUInt16LE(42, 2)
  tiff.writeUInt32LE(8, 4)
  tiff.writeUInt16LE(1, 8)
  tiff.writeUInt16LE(0x0112, 10)
  tiff.writeUInt16LE(3, 12)
  tiff.writeUInt32LE(1, 14)
  tiff.writeUInt16LE(orientation, 18)
  const exif = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff, Buffer.from(`GPSLatitude ${marker}`, 'latin1')])
  return Buffer.from(jpeg.encode({ data: Buffer.alloc(8 * 4 * 4, 180), width: 8, height: 4, exifBuffer: exif } as Parameters<typeof jpeg.encode>[0], 90).data)
}

export const SVG_AS_PNG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script></svg>')
