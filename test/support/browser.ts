import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { currentTotp } from '../../src/platform/auth/totp.js'
import { DEMO_PASSWORD } from '../../src/demo/demo-data.js'

/**
 * A cookie-keeping client over app.inject, for integration tests that go through pages the way a
 * browser without JavaScript does: it reads the CSRF token from the last page it was given.
 */
export class PageClient {
  cookies = new Map<string, string>()
  lastPage = ''

  constructor(private readonly app: FastifyInstance, private readonly address = '203.0.113.10') {}

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  private remember(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of response.cookies) {
      if (cookie.value === '' || (cookie.expires !== undefined && new Date(cookie.expires).getTime() < Date.now())) this.cookies.delete(cookie.name)
      else this.cookies.set(cookie.name, cookie.value)
    }
    if ((response.headers['content-type'] ?? '').toString().includes('text/html')) this.lastPage = response.body
    return response
  }

  csrfToken(): string {
    const match = /name="_csrf" value="([^"]+)"/.exec(this.lastPage)
    return match?.[1] ?? ''
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.remember(await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() }, remoteAddress: this.address }))
  }

  /** Posts a form; the page's CSRF token is added unless the test gives its own (or `null` for none). */
  async post(url: string, form: Record<string, string | string[]>, csrf: string | null = this.csrfToken()): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams()
    for (const [key, value] of Object.entries(form)) for (const item of Array.isArray(value) ? value : [value]) body.append(key, item)
    if (csrf !== null) body.set('_csrf', csrf)
    return this.remember(await this.app.inject({
      method: 'POST', url, payload: body.toString(), remoteAddress: this.address,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader() },
    }))
  }

  /** Posts a multipart form (one with a file), as a browser does for forms with enctype="multipart/form-data". */
  async postMultipart(url: string, form: Record<string, string | string[]>, files: Record<string, { filename: string; contentType: string; bytes: Buffer }> = {}, csrf: string | null = this.csrfToken()): Promise<LightMyRequestResponse> {
    const boundary = `----mapwell${Math.random().toString(16).slice(2)}`
    const parts: Buffer[] = []
    const fields = Object.entries(form).flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((item): [string, string] => [key, item]))
    if (csrf !== null) fields.push(['_csrf', csrf])
    for (const [key, value] of fields) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`))
    for (const [key, file] of Object.entries(files)) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${key}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}\r\n\r\n`), file.bytes, Buffer.from('\r\n'))
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`))
    return this.remember(await this.app.inject({
      method: 'POST', url, payload: Buffer.concat(parts), remoteAddress: this.address,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: this.cookieHeader() },
    }))
  }

  /** Follows a redirect chain from a response, as a browser would. */
  async follow(response: LightMyRequestResponse, limit = 5): Promise<LightMyRequestResponse> {
    let current = response
    for (let hop = 0; hop < limit && current.statusCode >= 300 && current.statusCode < 400; hop += 1) {
      current = await this.get(String(current.headers.location))
    }
    return current
  }

  async signIn(email: string, password = DEMO_PASSWORD, totpSecret?: string): Promise<LightMyRequestResponse> {
    await this.get('/sign-in')
    let response = await this.post('/sign-in', { email, password })
    if (response.headers.location === '/sign-in/second-factor' && totpSecret !== undefined) {
      await this.get('/sign-in/second-factor')
      response = await this.post('/sign-in/second-factor', { code: currentTotp(totpSecret) })
    }
    return response
  }
}

/** A client already signed in (with the demo password unless another is given). */
export async function signedIn(app: FastifyInstance, email: string, options: { password?: string; totpSecret?: string; address?: string } = {}): Promise<PageClient> {
  const client = new PageClient(app, options.address)
  await client.signIn(email, options.password, options.totpSecret)
  return client
}
