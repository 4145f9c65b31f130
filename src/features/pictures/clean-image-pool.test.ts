import { afterAll, describe, expect, it } from 'vitest'
import { testJpegWithExif, testPng } from '../../../test/support/pictures.js'
import { cleanImage, PICTURE_MESSAGES } from './clean-image.js'
import { CleanImagePool, cleanImageOffThread } from './clean-image-pool.js'

/** A 2000 × 2000 PNG of a gradient: small in bytes, 4 megapixels to decode. */
function largePng(): Buffer {
  return testPng(2000, 2000, 90)
}

describe('cleaning pictures off the main thread', () => {
  const pools: CleanImagePool[] = []
  afterAll(async () => { await Promise.all(pools.map(async (pool) => pool.close())) })

  it('gives the same result as cleaning on the main thread', async () => {
    const photo = testJpegWithExif('secret-location', 6)
    const offThread = await cleanImageOffThread(photo)
    const onThread = cleanImage(photo)
    if (!offThread.ok || !onThread.ok) throw new Error('both should clean')
    expect(Buffer.isBuffer(offThread.bytes)).toBe(true)
    expect(offThread.bytes.equals(onThread.bytes)).toBe(true)
    expect(offThread.bytes.includes('secret-location')).toBe(false)
    expect([offThread.width, offThread.height]).toEqual([4, 8])
    expect(await cleanImageOffThread(testPng(5, 7))).toMatchObject({ ok: true, mediaType: 'image/png', width: 5, height: 7 })
  })

  it('keeps the messages for pictures it refuses, with or without decoding', async () => {
    expect(await cleanImageOffThread(Buffer.from('<svg onload="alert(1)"/>'))).toEqual({ ok: false, message: PICTURE_MESSAGES.markup })
    expect(await cleanImageOffThread(Buffer.alloc(0))).toEqual({ ok: false, message: PICTURE_MESSAGES.empty })
    const whole = testPng(40, 40)
    expect(await cleanImageOffThread(whole.subarray(0, whole.length - 20))).toEqual({ ok: false, message: PICTURE_MESSAGES.damaged })
    const huge = Buffer.from(testPng())
    huge.writeUInt32BE(50_000, 16)
    expect(await cleanImageOffThread(huge)).toEqual({ ok: false, message: PICTURE_MESSAGES.tooBig })
  })

  it('cleans at most its limit at once, queues a few more and answers busy beyond that', async () => {
    const pool = new CleanImagePool({ concurrency: 2, queueLimit: 1, timeoutMilliseconds: 60_000 })
    pools.push(pool)
    const picture = largePng()
    const results = [pool.clean(picture), pool.clean(picture), pool.clean(picture)]
    expect(pool.load).toEqual({ running: 2, queued: 1 })
    expect(await pool.clean(picture)).toEqual({ ok: false, message: PICTURE_MESSAGES.busy })
    const settled = await Promise.all(results)
    expect(settled.map((result) => result.ok)).toEqual([true, true, true])
    expect(pool.load).toEqual({ running: 0, queued: 0 })
  }, 60_000)

  it('stops a decode that takes too long, refuses that picture and carries on with the next', async () => {
    const pool = new CleanImagePool({ concurrency: 1, queueLimit: 2, timeoutMilliseconds: 50 })
    pools.push(pool)
    const slow = pool.clean(largePng())
    const next = pool.clean(testPng(3, 3))
    expect(await slow).toEqual({ ok: false, message: PICTURE_MESSAGES.tooBig })
    expect(await next).toMatchObject({ ok: true, width: 3, height: 3 })
  }, 60_000)
})
