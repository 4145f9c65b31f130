import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROJECT_ROOT } from '../../src/platform/paths.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { signedIn, type PageClient } from '../support/browser.js'
import { familyIdNamed } from '../support/factories.js'

/**
 * Every refusal is a GOV.UK-style page with the right status (or short JSON for the API), never
 * Fastify's or Node's raw JSON; and every page's inline script carries the nonce the page's
 * Content-Security-Policy allows, so the browser runs it.
 */
let t: TestApp
let rowan: PageClient
let port: number

beforeAll(async () => {
  t = await startTestApp({ env: { REQUEST_BODY_LIMIT_BYTES: '4096' } })
  rowan = await signedIn(t.app, 'practitioner@fellside.example')
  await t.app.listen({ host: '127.0.0.1', port: 0 })
  port = (t.app.server.address() as AddressInfo).port
})
afterAll(async () => { await t.close() })

/** The page's inline scripts, each with the nonce it carries (undefined when it has none). */
function inlineScriptNonces(html: string): (string | undefined)[] {
  return [...html.matchAll(/<script\b([^>]*)>/g)]
    .filter((match) => !/\bsrc=/.test(match[1] ?? ''))
    .map((match) => /\bnonce="([^"]+)"/.exec(match[1] ?? '')?.[1])
}

function expectScriptsAllowed(response: LightMyRequestResponse): void {
  const nonce = /'nonce-([^']+)'/.exec(String(response.headers['content-security-policy']))?.[1]
  expect(nonce).toBeDefined()
  const nonces = inlineScriptNonces(response.body)
  expect(nonces.length).toBeGreaterThan(0)
  expect(nonces).toEqual(nonces.map(() => nonce))
}

function expectPage(response: LightMyRequestResponse, status: number, heading: string): void {
  expect(response.statusCode).toBe(status)
  expect(response.headers['content-type']).toContain('text/html')
  expect(response.body).toContain(`<h1 class="govuk-heading-l">${heading}</h1>`)
  expect(response.body).toContain('govuk-template')
  expectScriptsAllowed(response)
}

/** Sends raw bytes and gives back what came back before the server closed the connection. */
function rawExchange(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => { socket.write(request) })
    let text = ''
    socket.on('data', (chunk: Buffer) => { text += chunk.toString('utf8') })
    socket.on('error', () => undefined)
    socket.on('close', () => { resolve(text) })
    setTimeout(() => { socket.destroy(); reject(new Error(`no close; got ${text.slice(0, 200)}`)) }, 5000).unref()
  })
}

describe('error pages', () => {
  it('gives the inline script its nonce on the not-found and access-denied pages, signed in or not', async () => {
    expectPage(await t.app.inject({ method: 'GET', url: '/no-such-page' }), 404, 'Page not found')
    expectPage(await rowan.get('/no-such-page'), 404, 'Page not found')
    expectPage(await rowan.get(`/families/${crypto.randomUUID()}`), 404, 'Page not found')
    const gilpin = await familyIdNamed(t.db, 'The Gilpin family')
    expectPage(await rowan.get(`/families/${gilpin}`), 404, 'Page not found')
    expectPage(await rowan.get('/admin/settings'), 403, 'You do not have access to this page')
    expectPage(await t.app.inject({ method: 'POST', url: '/sign-in', payload: 'email=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 403, 'This form has expired')
    // And an ordinary page, for comparison.
    expectScriptsAllowed(await rowan.get('/'))
  })

  it('says a web address is too long, with a page and a 414, not Fastify\'s JSON', async () => {
    const response = await rowan.get(`/families/${'a'.repeat(300)}`)
    expectPage(response, 414, 'The web address is too long')
    expect(response.body).not.toContain('FST_ERR')
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['cache-control']).toBe('no-store')
    const signedOut = await t.app.inject({ method: 'GET', url: `/families/${'a'.repeat(300)}/booklets` })
    expectPage(signedOut, 414, 'The web address is too long')
  })

  it('refuses a web address that cannot be decoded with a page, not Fastify\'s JSON', async () => {
    const response = await rowan.get('/families/%zz')
    expectPage(response, 400, 'Sorry, we could not use what was sent')
    expect(response.body).not.toContain('FST_ERR')
  })

  it('says so with a page when the headers or web address are too large for the server to read at all', async () => {
    const answer = await rawExchange(`GET /sign-in?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`)
    expect(answer).toMatch(/^HTTP\/1\.1 431 /)
    expect(answer).toContain('Content-Type: text/html')
    expect(answer).toContain('<h1 class="govuk-heading-l">The web address is too long</h1>')
    expect(answer).not.toContain('"statusCode"')
  })

  it('answers malformed HTTP with a short page', async () => {
    const answer = await rawExchange('NOT HTTP AT ALL\r\n\r\n')
    expect(answer).toMatch(/^HTTP\/1\.1 400 /)
    expect(answer).toContain('Sorry, we could not use what was sent')
  })

  it('refuses a content type it cannot read with a page and a 415, and JSON on the API', async () => {
    await rowan.get('/')
    const page = await t.app.inject({ method: 'POST', url: '/sign-in', payload: '<a/>', headers: { 'content-type': 'application/xml' } })
    expectPage(page, 415, 'Sorry, we could not use what was sent')
    expect(page.body).not.toContain('FST_ERR')
    const api = await t.app.inject({ method: 'POST', url: '/api/language/check', payload: '<a/>', headers: { 'content-type': 'application/xml', cookie: [...rowan.cookies].map(([name, value]) => `${name}=${value}`).join('; '), 'x-csrf-token': rowan.csrfToken() } })
    expect(api.statusCode).toBe(415)
    expect(typeof (JSON.parse(api.body) as { error?: unknown }).error).toBe('string')
  })

  it('refuses a body over the limit with a page and a 413', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/sign-in', payload: `email=${'a'.repeat(10_000)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expectPage(response, 413, 'What you sent is too large')
    const json = await t.app.inject({ method: 'POST', url: '/api/language/check', payload: JSON.stringify({ text: 'a'.repeat(10_000) }), headers: { 'content-type': 'application/json' } })
    expect(json.statusCode).toBe(413)
    expect(JSON.parse(json.body)).toEqual({ error: 'What you sent is too large.' })
  })

  it('refuses JSON that cannot be parsed with a page, not Fastify\'s JSON', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/sign-in', payload: '{"email":', headers: { 'content-type': 'application/json' } })
    expectPage(response, 400, 'Sorry, we could not use what was sent')
    expect(response.body).not.toContain('FST_ERR')
  })
})

describe('source maps', () => {
  function build(nodeEnv: string): string {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'mapwell-build-'))
    execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'build.mjs')], { env: { ...process.env, NODE_ENV: nodeEnv, MAPWELL_BUILD_DIR: directory }, stdio: 'pipe' })
    return directory
  }
  const mapsIn = (directory: string): string[] => (fs.readdirSync(directory, { recursive: true }) as string[]).filter((name) => name.endsWith('.map'))

  it('are neither built nor pointed to in production, and are built in development', () => {
    const production = build('production')
    const development = build('development')
    try {
      expect(fs.existsSync(path.join(production, 'public', 'app.js'))).toBe(true)
      expect(fs.existsSync(path.join(production, 'server.js'))).toBe(true)
      expect(mapsIn(production)).toEqual([])
      expect(fs.readFileSync(path.join(production, 'public', 'app.js'), 'utf8')).not.toContain('sourceMappingURL')
      expect(mapsIn(development)).toContain(path.join('public', 'app.js.map'))
      expect(fs.readFileSync(path.join(development, 'public', 'app.js'), 'utf8')).toContain('sourceMappingURL=app.js.map')
    } finally {
      fs.rmSync(production, { recursive: true, force: true })
      fs.rmSync(development, { recursive: true, force: true })
    }
  }, 120_000)
})
