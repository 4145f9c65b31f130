import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { startTestApp, type TestApp } from '../support/app.js'
import { signedIn } from '../support/browser.js'
import { familyIdNamed } from '../support/factories.js'
import { ASSET_MANIFEST, ASSETS_BUILD, PUBLIC_BUILD } from '../../src/platform/paths.js'

/**
 * How the built files and the pages travel (on the built dist/, as `npm start` serves it): brotli or
 * gzip by the request's Accept-Encoding, fingerprinted files cached for a year, plain and older URLs
 * still answered, HEAD and 304 as for any file, and pages compressed without losing their headers.
 */

const IMMUTABLE = 'public, max-age=31536000, immutable'
const manifest = JSON.parse(fs.readFileSync(ASSET_MANIFEST, 'utf8')) as Record<string, string>
const fingerprinted = (plain: string): string => {
  const url = manifest[plain]
  if (url === undefined) throw new Error(`${plain} is not in the asset manifest (run npm run build)`)
  return url
}

function decoded(response: LightMyRequestResponse): string {
  const encoding = response.headers['content-encoding']
  if (encoding === 'br') return zlib.brotliDecompressSync(response.rawPayload).toString('utf8')
  if (encoding === 'gzip') return zlib.gunzipSync(response.rawPayload).toString('utf8')
  return response.body
}

let t: TestApp
beforeAll(async () => { t = await startTestApp() })
afterAll(async () => { await t.close() })

const get = (url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
  t.app.inject({ method: 'GET', url, headers })

describe('the built files', () => {
  it('come brotli, gzip or plain as the request accepts, from the copies made at build', async () => {
    const url = fingerprinted('/public/app.css')
    const plain = fs.readFileSync(path.join(PUBLIC_BUILD, 'app.css'), 'utf8')
    for (const [accept, encoding] of [['gzip, deflate, br, zstd', 'br'], ['gzip', 'gzip'], ['br;q=0, gzip;q=1', 'gzip'], ['identity', undefined], ['', undefined]] as const) {
      const response = await get(url, accept === '' ? {} : { 'accept-encoding': accept })
      expect(response.statusCode, accept).toBe(200)
      expect(response.headers['content-encoding'], accept).toBe(encoding)
      expect(response.headers.vary, accept).toMatch(/accept-encoding/i)
      expect(response.headers['content-type']).toBe('text/css; charset=utf-8')
      expect(response.headers['cache-control']).toBe(IMMUTABLE)
      expect(decoded(response), accept).toBe(plain)
      if (encoding !== undefined) expect(Number(response.headers['content-length'])).toBeLessThan(plain.length / 5)
    }
    const script = await get(fingerprinted('/public/app.js'), { 'accept-encoding': 'br' })
    expect(script.headers['content-encoding']).toBe('br')
    expect(script.headers['content-type']).toBe('application/javascript; charset=utf-8')
    expect(decoded(script)).toBe(fs.readFileSync(path.join(PUBLIC_BUILD, 'app.js'), 'utf8'))
  })

  it('are named by their content in every page, and those names are cached for a year', async () => {
    const page = decoded(await get('/sign-in', { 'accept-encoding': 'br' }))
    const links = [...page.matchAll(/(?:href|src)="(\/(?:public|assets)\/[^"]+)"/g)].map((match) => match[1])
    expect(links).toEqual(expect.arrayContaining([fingerprinted('/public/app.css'), fingerprinted('/public/app.js')]))
    expect(links.every((link) => link !== undefined && Object.values(manifest).includes(link))).toBe(true)
    expect(fingerprinted('/public/app.css')).toMatch(/^\/public\/app\.[0-9a-f]{10}\.css$/)
    // GOV.UK Frontend's fonts and images too, and the stylesheet links to them by their fingerprinted names.
    for (const plain of ['/assets/images/favicon.svg', '/assets/images/govuk-icon-180.png', '/assets/fonts/bold-b542beb274-v2.woff2']) {
      const response = await get(fingerprinted(plain), { 'accept-encoding': 'br, gzip' })
      expect(response.statusCode, plain).toBe(200)
      expect(response.headers['cache-control'], plain).toBe(IMMUTABLE)
      expect(response.rawPayload.length, plain).toBeGreaterThan(0)
    }
    const css = fs.readFileSync(path.join(PUBLIC_BUILD, 'app.css'), 'utf8')
    const images = [...css.matchAll(/url\("?([^")]+)"?\)/g)].map((match) => match[1]).filter((url) => url?.startsWith('/assets/'))
    expect(images.length).toBeGreaterThan(0)
    for (const image of images) expect(Object.values(manifest), String(image)).toContain(image)
  })

  it('send images and fonts as they are: they are compressed already', async () => {
    const png = await get(fingerprinted('/assets/images/govuk-icon-180.png'), { 'accept-encoding': 'br, gzip' })
    expect(png.headers['content-encoding']).toBeUndefined()
    expect(png.headers['content-type']).toBe('image/png')
    expect(png.rawPayload.equals(fs.readFileSync(path.join(ASSETS_BUILD, 'images', 'govuk-icon-180.png')))).toBe(true)
    const svg = await get(fingerprinted('/assets/images/favicon.svg'), { 'accept-encoding': 'br' })
    expect(svg.headers['content-encoding']).toBe('br')
    expect(svg.headers['content-type']).toBe('image/svg+xml')
  })

  it('still answer at their plain names, checked again on each use', async () => {
    for (const url of ['/public/app.css', '/public/app.js', '/assets/images/favicon.svg']) {
      const response = await get(url, { 'accept-encoding': 'gzip' })
      expect(response.statusCode, url).toBe(200)
      expect(response.headers['cache-control'], url).toBe('no-cache')
      expect(response.headers['content-encoding'], url).toBe('gzip')
      expect(response.headers.etag, url).toBeDefined()
    }
  })

  it('send a page from before a deploy, asking for an older fingerprint, to today\'s file', async () => {
    const response = await get('/public/app.0123456789.css')
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe(fingerprinted('/public/app.css'))
    expect(response.headers['cache-control']).toBe('no-cache')
    expect((await get('/public/nothing.0123456789.css')).statusCode).toBe(404)
    expect((await get('/public/nothing.css')).statusCode).toBe(404)
    expect((await get('/assets/../../package.json')).statusCode).toBe(404)
  })

  it('answer HEAD with the headers and no body, and a repeat request with 304', async () => {
    const url = fingerprinted('/public/app.css')
    const head = await t.app.inject({ method: 'HEAD', url, headers: { 'accept-encoding': 'br' } })
    expect(head.statusCode).toBe(200)
    expect(head.rawPayload.length).toBe(0)
    expect(head.headers['content-encoding']).toBe('br')
    expect(head.headers['cache-control']).toBe(IMMUTABLE)
    expect(Number(head.headers['content-length'])).toBe(fs.statSync(path.join(PUBLIC_BUILD, 'app.css.br')).size)

    const first = await get(url, { 'accept-encoding': 'br' })
    const etag = String(first.headers.etag)
    const again = await get(url, { 'accept-encoding': 'br', 'if-none-match': etag })
    expect(again.statusCode).toBe(304)
    expect(again.rawPayload.length).toBe(0)
    expect(again.headers.etag).toBe(etag)
    // The gzip copy is another representation, with its own validator.
    const gzip = await get(url, { 'accept-encoding': 'gzip', 'if-none-match': etag })
    expect(gzip.statusCode).toBe(200)
    expect(gzip.headers.etag).not.toBe(etag)
    const modified = await get('/public/app.css', { 'if-modified-since': String(first.headers['last-modified']) })
    expect(modified.statusCode).toBe(304)
  })
})

describe('pages', () => {
  it('are compressed when asked, keeping their nonce, their headers and no-store', async () => {
    for (const encoding of ['br', 'gzip']) {
      const response = await get('/sign-in', { 'accept-encoding': encoding })
      expect(response.statusCode).toBe(200)
      expect(response.headers['content-encoding']).toBe(encoding)
      expect(response.headers.vary).toMatch(/accept-encoding/i)
      expect(response.headers['cache-control']).toBe('no-store')
      expect(Number(response.headers['content-length'])).toBe(response.rawPayload.length)
      const html = decoded(response)
      const nonce = /'nonce-([^']+)'/.exec(String(response.headers['content-security-policy']))?.[1]
      expect(nonce).toBeDefined()
      expect(html).toContain('<h1')
      expect(html).not.toContain('nonce="undefined"')
      if (html.includes('nonce="')) expect(html).toContain(`nonce="${String(nonce)}"`)
      expect(response.rawPayload.length).toBeLessThan(Buffer.byteLength(html) / 2)
    }
    const plain = await get('/sign-in')
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body).toContain('<h1')
  })

  it('answer HEAD without a body', async () => {
    const head = await t.app.inject({ method: 'HEAD', url: '/sign-in', headers: { 'accept-encoding': 'br' } })
    expect(head.statusCode).toBe(200)
    expect(head.rawPayload.length).toBe(0)
    expect(head.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(head.headers['cache-control']).toBe('no-store')
  })

  it('are compressed for a signed-in worker too, and error pages as well', async () => {
    const rowan = await signedIn(t.app, 'practitioner@fellside.example')
    const familyId = await familyIdNamed(t.db, 'The Ashworth family')
    const cookie = [...rowan.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    const map = await get(`/families/${familyId}/map`, { cookie, 'accept-encoding': 'br' })
    expect(map.statusCode).toBe(200)
    expect(map.headers['content-encoding']).toBe('br')
    expect(map.headers['cache-control']).toBe('no-store')
    expect(decoded(map)).toContain('Ashworth')
    const missing = await get('/families/00000000-0000-4000-8000-000000000000/map', { cookie, 'accept-encoding': 'br' })
    expect(missing.statusCode).toBe(404)
    expect(decoded(missing)).toContain('<h1')
  })

  it('leave PDFs as they are', async () => {
    const rowan = await signedIn(t.app, 'practitioner@fellside.example')
    const familyId = await familyIdNamed(t.db, 'The Ashworth family')
    const cookie = [...rowan.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    const pdf = await get(`/families/${familyId}/map/family-version.pdf`, { cookie, 'accept-encoding': 'br, gzip' })
    expect(pdf.statusCode).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.headers['content-encoding']).toBeUndefined()
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')
  })
})
