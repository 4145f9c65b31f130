import net from 'node:net'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { loadDemoData } from '../../src/demo/demo-data.js'
import { PICTURE_MESSAGES } from '../../src/features/pictures/clean-image.js'
import { PICTURE_FORM_MAX_BYTES } from '../../src/platform/http/uploads.js'
import type { ServerTimeouts } from '../../src/platform/http/timeouts.js'
import { PageClient, signedIn } from '../support/browser.js'
import { freshDatabase, type TestDatabase } from '../support/database.js'
import { familyIdNamed, personIdNamed } from '../support/factories.js'
import { testPng } from '../support/pictures.js'

/**
 * Hostile requests against the real server on a real port: bodies too large for the route, bodies that
 * never finish, headers that trickle, and a large picture being cleaned while others use the service.
 * The timeouts are shortened (the same mechanisms as in production, with seconds instead of minutes).
 */
const TIMEOUTS: ServerTimeouts = { headersSeconds: 2, idleSeconds: 2, requestSeconds: 6, checkIntervalMilliseconds: 200 }
const MB = 1024 * 1024

let db: TestDatabase
let app: FastifyInstance
let port: number
let rowan: PageClient
let familyId: string
let leoId: string

beforeAll(async () => {
  db = await freshDatabase()
  await loadDemoData(db.ownerUrl)
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' })
  app = (await buildApp({ config, database: db.handle, timeouts: TIMEOUTS })).app
  await app.listen({ host: '127.0.0.1', port: 0 })
  port = (app.server.address() as AddressInfo).port
  rowan = await signedIn(app, 'practitioner@fellside.example')
  familyId = await familyIdNamed(db, 'The Ashworth family')
  leoId = await personIdNamed(db, familyId, 'Leo')
})
afterAll(async () => {
  await app.close()
  await db.drop()
})

const startUrl = (): string => `/families/${familyId}/booklets/new`
const submissionIdIn = (body: string): string => /name="submissionId" value="([^"]+)"/.exec(body)?.[1] ?? ''
const count = async (table: string): Promise<number> => Number((await db.owner<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]?.n)
const cookieHeader = (client: PageClient): string => [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ')

/** A multipart body: fields first (as the form has them), then the files. */
function multipart(fields: [string, string][], files: { name: string; filename: string; bytes: Buffer }[] = []): { body: Buffer; type: string } {
  const boundary = `----limits${Math.random().toString(16).slice(2)}`
  const parts: Buffer[] = fields.map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))
  for (const file of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: image/png\r\n\r\n`), file.bytes, Buffer.from('\r\n'))
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` }
}

/** A raw connection: what the server sent, when its answer began, and when it closed the connection. */
interface Connection {
  socket: net.Socket
  opened: number
  received: () => string
  firstByte: Promise<number>
  closed: Promise<number>
}

function connect(): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    let text = ''
    let markFirst: (at: number) => void = () => undefined
    const firstByte = new Promise<number>((done) => { markFirst = done })
    const closed = new Promise<number>((done) => { socket.on('close', () => { done(Date.now()) }) })
    socket.on('data', (chunk: Buffer) => { if (text === '') markFirst(Date.now()); text += chunk.toString('latin1') })
    // The server may reset a connection it has refused while the test still writes: that is expected.
    socket.on('error', () => undefined)
    socket.once('connect', () => { resolve({ socket, opened: Date.now(), received: () => text, firstByte, closed }) })
    socket.once('error', reject)
  })
}

function within<T>(promise: Promise<T>, milliseconds: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_resolve, reject) => { setTimeout(() => { reject(new Error(`${what}: nothing within ${String(milliseconds)} ms`)) }, milliseconds).unref() })])
}

const pause = (milliseconds: number): Promise<void> => new Promise((resolve) => { setTimeout(resolve, milliseconds) })

describe('multipart bodies', () => {
  it('refuses an 80 MB multipart post to the sign-in page before a byte of its body is sent', async () => {
    const connection = await connect()
    connection.socket.write([
      'POST /sign-in HTTP/1.1', 'Host: localhost', 'Content-Type: multipart/form-data; boundary=x', `Content-Length: ${String(80 * MB)}`, '', '',
    ].join('\r\n'))
    // No body is sent at all: the answer must come without it.
    await within(connection.firstByte, 3000, 'an answer to the headers alone')
    await pause(100)
    expect(connection.received()).toMatch(/^HTTP\/1\.1 415 /)
    expect(connection.received()).toMatch(/connection: close/i)
    expect(connection.received()).toContain('Sorry, we could not use what was sent')
    // And the server hangs up rather than reading the 80 MB: writing on is cut off long before it is all sent.
    let written = 0
    const chunk = Buffer.alloc(MB, 'a')
    const started = Date.now()
    while (!connection.socket.destroyed && written < 80 * MB && Date.now() - started < 5000) {
      if (!connection.socket.write(chunk)) await Promise.race([new Promise((resolve) => connection.socket.once('drain', resolve)), pause(200)])
      written += chunk.length
    }
    await within(connection.closed, 5000, 'the connection closing')
    expect(written).toBeLessThan(80 * MB)
  })

  it('refuses multipart on any route that takes no files, as a page or as JSON, changing nothing', async () => {
    const { body, type } = multipart([['email', 'practitioner@fellside.example'], ['password', 'demo-password-2026']])
    const before = await count('sessions')
    const page = await app.inject({ method: 'POST', url: '/sign-in', payload: body, headers: { 'content-type': type } })
    expect(page.statusCode).toBe(415)
    expect(page.headers['content-type']).toContain('text/html')
    expect(page.body).toContain('This page cannot take files')
    const api = await rowan.get('/')
    expect(api.statusCode).toBe(200)
    const json = await app.inject({ method: 'POST', url: '/api/language/check', payload: body, headers: { 'content-type': type, cookie: cookieHeader(rowan), 'x-csrf-token': rowan.csrfToken() } })
    expect(json.statusCode).toBe(415)
    expect((JSON.parse(json.body) as { error?: string }).error).toContain('not in a form this accepts')
    const signedInPost = await app.inject({ method: 'POST', url: `/families/${familyId}/booklets`, payload: body, headers: { 'content-type': type, cookie: cookieHeader(rowan) } })
    expect(signedInPost.statusCode).toBe(415)
    expect(await count('sessions')).toBe(before)
  })

  it('answers a signed-out post to an upload route without reading its body', async () => {
    const connection = await connect()
    connection.socket.write([
      `POST ${startUrl()} HTTP/1.1`, 'Host: localhost', 'Content-Type: multipart/form-data; boundary=x', `Content-Length: ${String(80 * MB)}`, '', '',
    ].join('\r\n'))
    await within(connection.firstByte, 3000, 'an answer to the headers alone')
    await pause(100)
    expect(connection.received()).toMatch(/^HTTP\/1\.1 303 /)
    expect(connection.received()).toMatch(/location: \/sign-in/i)
    expect(connection.received()).toMatch(/connection: close/i)
    connection.socket.destroy()
  })

  it('says a picture over the form\'s total is too large, keeping what was typed before it and saving nothing', async () => {
    const form = await rowan.get(`${startUrl()}?child=${leoId}`)
    const picture = Buffer.concat([testPng(20, 10, 90), Buffer.alloc(PICTURE_FORM_MAX_BYTES + MB, 7)])
    const fields: [string, string][] = [['_csrf', rowan.csrfToken()], ['submissionId', submissionIdIn(form.body)], ['child', leoId], ['title', 'Leo\'s big picture'], ['text', 'Leo likes the park with his nan.']]
    const { body, type } = multipart(fields, [{ name: 'picture', filename: 'huge.png', bytes: picture }])
    const response = await app.inject({ method: 'POST', url: startUrl(), payload: body, headers: { 'content-type': type, cookie: cookieHeader(rowan) } })
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('There is a problem')
    expect(response.body).toContain(PICTURE_MESSAGES.truncatedUpload)
    expect(response.body).toContain('Leo likes the park with his nan.')
    expect(await count('booklets')).toBe(0)
    expect(await count('pictures')).toBe(0)
  })

  it('stops reading a real connection at the form\'s total and still answers with the form', async () => {
    const form = await rowan.get(`${startUrl()}?child=${leoId}`)
    const fields: [string, string][] = [['_csrf', rowan.csrfToken()], ['submissionId', submissionIdIn(form.body)], ['child', leoId], ['title', 'Leo\'s other big picture'], ['text', 'Leo likes the swings.']]
    const { body, type } = multipart(fields, [{ name: 'picture', filename: 'huge.png', bytes: Buffer.concat([testPng(20, 10, 90), Buffer.alloc(PICTURE_FORM_MAX_BYTES * 2, 7)]) }])
    const connection = await connect()
    connection.socket.write([`POST ${startUrl()} HTTP/1.1`, 'Host: localhost', `Cookie: ${cookieHeader(rowan)}`, `Content-Type: ${type}`, `Content-Length: ${String(body.length)}`, '', ''].join('\r\n'))
    let written = 0
    const started = Date.now()
    while (connection.received() === '' && !connection.socket.destroyed && written < body.length && Date.now() - started < 10_000) {
      const piece = body.subarray(written, written + 64 * 1024)
      written += piece.length
      if (!connection.socket.write(piece)) await Promise.race([new Promise((resolve) => connection.socket.once('drain', resolve)), pause(50)])
    }
    await within(connection.firstByte, 5000, 'the answer')
    await within(connection.closed, 5000, 'the connection closing')
    expect(connection.received()).toMatch(/^HTTP\/1\.1 400 /)
    expect(connection.received()).toContain(PICTURE_MESSAGES.truncatedUpload)
    expect(connection.received()).toContain('Leo likes the swings.')
    expect(written).toBeLessThan(body.length)
    expect(await count('booklets')).toBe(0)
  })

  it('refuses at once, as too large, a body announced as far over the form\'s total', async () => {
    const connection = await connect()
    connection.socket.write([
      `POST ${startUrl()} HTTP/1.1`, 'Host: localhost', `Cookie: ${cookieHeader(rowan)}`, 'Content-Type: multipart/form-data; boundary=x', `Content-Length: ${String(80 * MB)}`, '', '',
    ].join('\r\n'))
    await within(connection.firstByte, 3000, 'an answer to the headers alone')
    await pause(100)
    expect(connection.received()).toMatch(/^HTTP\/1\.1 413 /)
    expect(connection.received()).toContain('What you sent is too large')
    connection.socket.destroy()
  })

  it('still takes a picture of a normal size over a real connection', async () => {
    const form = await rowan.get(`${startUrl()}?child=${leoId}`)
    const fields: [string, string][] = [['_csrf', rowan.csrfToken()], ['submissionId', submissionIdIn(form.body)], ['child', leoId], ['title', 'Leo\'s words and pictures'], ['text', 'Leo and his mum at the park.'], ['description', 'Leo and his mum']]
    const { body, type } = multipart(fields, [{ name: 'picture', filename: 'park.png', bytes: testPng(300, 200, 60) }])
    const response = await fetch(`http://127.0.0.1:${String(port)}${startUrl()}`, { method: 'POST', body: new Uint8Array(body), headers: { 'content-type': type, cookie: cookieHeader(rowan) }, redirect: 'manual' })
    expect(response.status).toBe(303)
    expect(await count('pictures')).toBe(1)
  })
})

describe('requests that never finish', () => {
  it('closes a connection whose headers trickle in, at the header limit', async () => {
    const connection = await connect()
    connection.socket.write('GET /sign-in HTTP/1.1\r\nHost: localhost\r\n')
    let line = 0
    const trickle = setInterval(() => { if (!connection.socket.destroyed) connection.socket.write(`X-Slow-${String(line += 1)}: a\r\n`) }, 300)
    try {
      const closedAt = await within(connection.closed, (TIMEOUTS.headersSeconds + 3) * 1000, 'the connection closing')
      const after = closedAt - connection.opened
      expect(after).toBeGreaterThanOrEqual(TIMEOUTS.headersSeconds * 1000 - 100)
      expect(after).toBeLessThan(TIMEOUTS.headersSeconds * 1000 + 1500)
      expect(line).toBeGreaterThan(3)
    } finally {
      clearInterval(trickle)
    }
  })

  it('closes a connection whose body stops arriving, at the stall limit', async () => {
    const connection = await connect()
    connection.socket.write(['POST /sign-in HTTP/1.1', 'Host: localhost', 'Content-Type: application/x-www-form-urlencoded', 'Content-Length: 1000', '', 'email=someone'].join('\r\n'))
    const closedAt = await within(connection.closed, (TIMEOUTS.idleSeconds + 3) * 1000, 'the connection closing')
    const after = closedAt - connection.opened
    expect(after).toBeGreaterThanOrEqual(TIMEOUTS.idleSeconds * 1000 - 100)
    expect(after).toBeLessThan(TIMEOUTS.idleSeconds * 1000 + 1500)
  })

  it('refuses a body that trickles on past the whole-request limit, with a page', async () => {
    const connection = await connect()
    connection.socket.write(['POST /sign-in HTTP/1.1', 'Host: localhost', 'Content-Type: application/x-www-form-urlencoded', 'Content-Length: 1000', '', 'e'].join('\r\n'))
    const trickle = setInterval(() => { if (!connection.socket.destroyed) connection.socket.write('e') }, 500)
    try {
      const closedAt = await within(connection.closed, (TIMEOUTS.requestSeconds + 3) * 1000, 'the connection closing')
      expect(closedAt - connection.opened).toBeGreaterThanOrEqual(TIMEOUTS.requestSeconds * 1000 - 100)
      expect(closedAt - connection.opened).toBeLessThan(TIMEOUTS.requestSeconds * 1000 + 1500)
      expect(connection.received()).toMatch(/^HTTP\/1\.1 408 /)
      expect(connection.received()).toContain('It took too long to arrive')
    } finally {
      clearInterval(trickle)
    }
  })

  it('lets a slow but steady upload finish, taking longer than the header and stall limits', async () => {
    const form = await rowan.get(`${startUrl()}?child=${leoId}`)
    const fields: [string, string][] = [['_csrf', rowan.csrfToken()], ['submissionId', submissionIdIn(form.body)], ['child', leoId], ['title', 'Leo\'s slow picture'], ['text', 'Sent on a slow line.'], ['description', 'A slow picture']]
    const { body, type } = multipart(fields, [{ name: 'picture', filename: 'slow.png', bytes: testPng(200, 100, 30) }])
    const connection = await connect()
    connection.socket.write([`POST ${startUrl()} HTTP/1.1`, 'Host: localhost', `Cookie: ${cookieHeader(rowan)}`, `Content-Type: ${type}`, `Content-Length: ${String(body.length)}`, '', ''].join('\r\n'))
    // About 4 seconds in all (twice the stall limit), a piece every 400 ms.
    const pieces = 10
    const size = Math.ceil(body.length / pieces)
    for (let index = 0; index < pieces; index += 1) {
      await pause(400)
      connection.socket.write(body.subarray(index * size, (index + 1) * size))
    }
    await within(connection.firstByte, 5000, 'the answer')
    expect(Date.now() - connection.opened).toBeGreaterThan(TIMEOUTS.idleSeconds * 1000 + 1000)
    expect(connection.received()).toMatch(/^HTTP\/1\.1 303 /)
    connection.socket.destroy()
    const { rows } = await db.owner<{ title: string }>('select title from booklets where title = $1', ['Leo\'s slow picture'])
    expect(rows).toHaveLength(1)
  })
})

describe('cleaning a large picture', () => {
  it('keeps other requests fast while a 4000 × 4000 picture is cleaned', async () => {
    const form = await rowan.get(`${startUrl()}?child=${leoId}`)
    const fields: [string, string][] = [['_csrf', rowan.csrfToken()], ['submissionId', submissionIdIn(form.body)], ['child', leoId], ['title', 'Leo\'s large picture'], ['text', 'A very large scan.'], ['description', 'A large scan']]
    const { body, type } = multipart(fields, [{ name: 'picture', filename: 'large.png', bytes: testPng(4000, 4000, 140) }])
    // For comparison (printed, not checked): the same pings with nothing else going on.
    const quiet: number[] = []
    for (let index = 0; index < 50; index += 1) {
      const before = performance.now()
      await (await fetch(`http://127.0.0.1:${String(port)}/ping`)).text()
      quiet.push(performance.now() - before)
      await pause(20)
    }
    const started = Date.now()
    let finished = 0
    const upload = fetch(`http://127.0.0.1:${String(port)}${startUrl()}`, { method: 'POST', body: new Uint8Array(body), headers: { 'content-type': type, cookie: cookieHeader(rowan) }, redirect: 'manual' })
      .then((response) => { finished = Date.now(); return response.status })
    const timings: number[] = []
    // Bounded: at most 400 pings or 60 seconds, whichever comes first; stops when the upload is done.
    while (finished === 0 && timings.length < 400 && Date.now() - started < 60_000) {
      const before = performance.now()
      const ping = await fetch(`http://127.0.0.1:${String(port)}/ping`)
      await ping.text()
      timings.push(performance.now() - before)
      await pause(20)
    }
    expect(await upload).toBe(303)
    const sorted = [...timings].sort((a, b) => a - b)
    const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? Infinity
    const quietP95 = [...quiet].sort((a, b) => a - b)[Math.floor(quiet.length * 0.95)] ?? 0
    console.log(`cleaning a 4000 × 4000 PNG took ${String(finished - started)} ms; ${String(timings.length)} pings meanwhile, p95 ${p95.toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms (p95 with nothing else going on: ${quietP95.toFixed(1)} ms)`)
    // The picture took long enough for the pings to mean something.
    expect(timings.length).toBeGreaterThanOrEqual(10)
    expect(p95).toBeLessThan(50)
  }, 90_000)
})
