import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { PageClient } from './browser.js'
import type { TestDatabase } from './database.js'

/**
 * Hostile input for property-based tests: what people (and scripts) might send to a form or an
 * endpoint, the markup that must only ever be shown as text, and the means to check that a refused
 * request changed nothing.
 */

/** Markup that must reach a page only as text. Each contains one of MARKERS when it has not been escaped. */
export const XSS_PAYLOADS = [
  '<script>alert("xss")</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  '\'><script>alert(document.cookie)</script>',
  '</textarea><script>alert(1)</script>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '{{ 7*7 }}<script>alert(`tpl`)</script>',
] as const

/** The unescaped forms of the payloads. None may appear in any HTML the app sends. */
export const MARKERS = ['<script>alert(', '<img src=x onerror=', '<svg onload=', '<iframe src="javascript:'] as const

/** The first unescaped payload in a page, if there is one. */
export function rawMarkupIn(html: string): string | undefined {
  return MARKERS.find((marker) => html.includes(marker))
}

const SQL_ISH = [
  '\' OR \'1\'=\'1', '\'; drop table users; --', '1; select pg_sleep(0)--', '\\', '%', '_', '$1', '\'::int', 'E\'\\x00\'', '); delete from families; --', '"', '`',
]
const NUMBERS = ['-1', '0', '-0', '1.5', '1e3', '1e309', 'NaN', 'Infinity', '0x10', '007', '2147483648', '9999999999', '99999999999999999999', '١٢٣', '³', ' 1 ', '+1']
const DATES = [
  '31/2/2026', '29/2/2027', '30/2/2028', '0/0/0', '00/00/0000', '32/1/2026', '1/13/2026', '31/12/9999', '1/1/1899', '1/1/2101', '2026-02-30', '2026-13-01',
  '27 Smarch 2026', '1 ja 2026', '-1/-1/-1', '1/1/20260', '１/１/２０２６', '27/3/2019\u0000', 'today', '1/1/1970', '31/11/2026', '29/2/2024',
]
const ODD = [
  '', ' ', '\t\n\r ', '\u0000', 'a\u0000b', '\u200b\u200e\u202e\ufeff', '\r\n\r\n', '\u2028\u2029', '\ud83d\ude00'.repeat(3), 'lone \ud800 surrogate', '\udfff', 'Z\u0351\u0336\u0320'.repeat(20),
  'null', 'undefined', 'true', '[object Object]', '__proto__', 'constructor', 'toString', '../../etc/passwd', '%00', '%', '%zz', '+', '&', '=', ';',
  'yes', 'no', 'on', 'new', 'none', 'closed', 'family', 'rule', 'bottom-line', 'up', 'down', 'send-to-parents', 'someone-else',
]

/** Values of an id or version field, near-misses included. */
export function idLike(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.uuid(),
    fc.uuid().map((id) => id.toUpperCase()),
    fc.uuid().map((id) => ` ${id} `),
    fc.uuid().map((id) => `${id}\u0000`),
    fc.uuid().map((id) => id.slice(0, 35)),
    fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'not-a-uuid', '1', '0', '-1', '999999999', '2147483648', '1e9'),
  )
}

/** Built once: long strings are expensive to make in every run. */
const LONG_STRINGS = [
  'x'.repeat(100_000),
  '<script>alert(1)</script>'.repeat(4_000),
  '\ud83d\ude00'.repeat(50_000),
  'é'.repeat(100_000),
  `${' '.repeat(99_999)}a`,
  'a '.repeat(5_000),
]

/** Any text someone might send in a field. */
export function hostileText(): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.string({ unit: 'binary', maxLength: 80 }), weight: 4 },
    { arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }), weight: 4 },
    { arbitrary: fc.constantFrom(...XSS_PAYLOADS), weight: 3 },
    { arbitrary: fc.constantFrom(...SQL_ISH), weight: 2 },
    { arbitrary: fc.constantFrom(...NUMBERS), weight: 2 },
    { arbitrary: fc.constantFrom(...DATES), weight: 2 },
    { arbitrary: fc.constantFrom(...ODD), weight: 3 },
    { arbitrary: idLike(), weight: 2 },
    { arbitrary: fc.constantFrom(...LONG_STRINGS), weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', minLength: 1000, maxLength: 5000 }), weight: 1 },
  )
}

/** Field names no form has, that parsers and objects can trip on. */
export function oddKey(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__proto__[polluted]', 'constructor[prototype][polluted]',
      'a[b]', 'text[]', 'text[0]', '_csrf', 'submissionId', 'baseVersion', 'version', '', ' ', 'held', 'kind', 'role', 'id', 'organisationId', 'userId'),
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
  )
}

/** Query parameters the app's pages read, so hostile values meet the code that reads them. */
export const KNOWN_QUERY_KEYS = [
  'search', 'page', 'version', 'for', 'kind', 'part', 'child', 'statement', 'held', 'saved', 'done', 'returnTo', 'from', 'to', 'group', 'outcome',
  'role', 'status', 'member', 'level', 'created', 'added', 'question', 'placed', 'linked', 'removed', 'category', 'id', 'q',
]

/** A query string: known and unknown keys, repeated keys, hostile values, and sometimes malformed escapes. */
export function hostileQuery(): fc.Arbitrary<string> {
  const pair = fc.tuple(fc.oneof({ arbitrary: fc.constantFrom(...KNOWN_QUERY_KEYS), weight: 4 }, { arbitrary: oddKey(), weight: 1 }), hostileText())
  const encoded = fc.array(pair, { minLength: 1, maxLength: 6 }).map((pairs) => {
    const search = new URLSearchParams()
    for (const [key, value] of pairs) search.append(key, value.slice(0, 3000))
    return search.toString()
  })
  const malformed = fc.array(fc.constantFrom('%', '%zz', '%00', '%C0%80', '%FF%FE', '%E2%82', '&&', '==', 'a=%ZZ', 'page=%31', 'search=%u0041', 'version[]=1', 'for=family&for=family', 'held=%00'), { minLength: 1, maxLength: 4 })
    .map((parts) => parts.join('&'))
  return fc.oneof({ arbitrary: encoded, weight: 4 }, { arbitrary: malformed, weight: 1 })
}

/** A path segment that does not name anything real. */
export function junkSegment(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.uuid(),
    fc.constantFrom('not-a-uuid', '0', '-1', '1e3', '99999999999', '..', '%2e%2e', '%00', 'null', 'new', '__proto__', 'constructor', 'a'.repeat(190)),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).map((text) => encodeURIComponent(text)),
  )
}

/** The text of a PDF, as a reader (or a screen reader) gets it. */
export function pdfText(bytes: Buffer): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'mapwell-hostile-'))
  const file = path.join(directory, 'out.pdf')
  try {
    fs.writeFileSync(file, bytes)
    return execFileSync('/usr/bin/pdftotext', [file, '-']).toString()
  } finally {
    fs.rmSync(directory, { recursive: true, force: true })
  }
}

/** Tables that change on any request, by design: the audit trail (and its chain heads), sessions, sign-in throttling and kept forms. */
export const TABLES_THAT_CHANGE_ANYWAY = ['audit_events', 'audit_chains', 'sessions', 'sign_in_failures', 'held_submissions']

/**
 * Rows a refused request may still add: a burst of refusals alerts the administrators (an alert
 * about no one family). Every other alert, such as one about a family opened by breaking the glass,
 * still counts.
 */
const ROWS_THAT_CHANGE_ANYWAY: Record<string, string> = { alerts: 'where family_id is not null' }

export type Snapshot = Map<string, string>

/**
 * A fingerprint of every table in the public schema (found when it is called, so new tables are
 * included): how many rows, and a hash of their contents, so an update is caught as well as an insert.
 */
export async function snapshotter(db: TestDatabase): Promise<() => Promise<Snapshot>> {
  const { rows } = await db.owner<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`)
  const tables = rows.map((row) => row.table_name).filter((name) => !TABLES_THAT_CHANGE_ANYWAY.includes(name))
  const query = tables.map((name) => {
    const quoted = `"${name.replace(/"/g, '""')}"`
    return `select '${name.replace(/'/g, '\'\'')}' as name, count(*)::int as n, md5(coalesce(string_agg(md5(t::text), ',' order by md5(t::text)), '')) as h from public.${quoted} t ${ROWS_THAT_CHANGE_ANYWAY[name] ?? ''}`
  }).join(' union all ')
  return async () => {
    const result = await db.owner<{ name: string; n: number; h: string }>(query)
    return new Map(result.rows.map((row) => [row.name, `${String(row.n)} rows, ${row.h}`]))
  }
}

/** What differs between two snapshots, table by table. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  return [...after.keys()].filter((name) => before.get(name) !== after.get(name)).map((name) => `${name}: ${before.get(name) ?? 'absent'} -> ${after.get(name) ?? 'absent'}`)
}

/** Every request a hostile test sends goes through one of these, so the total can be reported. */
export const requestCount = { total: 0 }

export interface RawRequest {
  method: string
  url: string
  payload?: string | Buffer
  contentType?: string
  headers?: Record<string, string>
}

/** A page client that counts what it sends and can also send bodies no browser would. */
export class HostileClient extends PageClient {
  constructor(private readonly target: FastifyInstance, address = `198.51.100.${String(1 + crypto.randomInt(250))}`) {
    super(target, address)
    this.from = address
  }

  readonly from: string

  override async get(url: string): Promise<LightMyRequestResponse> {
    requestCount.total += 1
    return super.get(url)
  }

  override async post(url: string, form: Record<string, string | string[]>, csrf: string | null = this.csrfToken()): Promise<LightMyRequestResponse> {
    requestCount.total += 1
    return super.post(url, form, csrf)
  }

  override async postMultipart(url: string, form: Record<string, string | string[]>, files: Record<string, { filename: string; contentType: string; bytes: Buffer }> = {}, csrf: string | null = this.csrfToken()): Promise<LightMyRequestResponse> {
    requestCount.total += 1
    return super.postMultipart(url, form, files, csrf)
  }

  /** Sends exactly what it is given (with this client's cookies), and keeps any cookies set. */
  async raw(request: RawRequest): Promise<LightMyRequestResponse> {
    requestCount.total += 1
    const headers: Record<string, string> = { ...request.headers, cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') }
    if (request.contentType !== undefined) headers['content-type'] = request.contentType
    const response = await this.target.inject({
      method: request.method as 'POST', url: request.url, headers, remoteAddress: this.from, ...(request.payload === undefined ? {} : { payload: request.payload }),
    })
    for (const cookie of response.cookies) {
      if (cookie.value === '' || (cookie.expires !== undefined && new Date(cookie.expires).getTime() < Date.now())) this.cookies.delete(cookie.name)
      else this.cookies.set(cookie.name, cookie.value)
    }
    if ((response.headers['content-type'] ?? '').toString().includes('text/html')) this.lastPage = response.body
    return response
  }
}

/** A form body as a list of fields, so names such as __proto__ and repeated names stay as sent. */
export type Pairs = [string, string][]

export function urlEncoded(pairs: Pairs): string {
  const body = new URLSearchParams()
  for (const [key, value] of pairs) body.append(key, value)
  return body.toString()
}

export interface FilePart { name: string; filename: string; contentType: string; bytes: Buffer }

export function multipartBody(pairs: Pairs, files: FilePart[] = []): { payload: Buffer; contentType: string } {
  const boundary = `----hostile${crypto.randomBytes(12).toString('hex')}`
  const parts: Buffer[] = []
  for (const [key, value] of pairs) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${key.replace(/["\r\n]/g, '_')}"\r\n\r\n${value}\r\n`))
  for (const file of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename.replace(/["\r\n]/g, '_')}"\r\nContent-Type: ${file.contentType}\r\n\r\n`), file.bytes, Buffer.from('\r\n'))
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}

/** JSON.stringify, honest about values (undefined, functions) it cannot write. */
const stringify: (value: unknown) => string | undefined = JSON.stringify

export function toJson(value: unknown): string {
  return stringify(value) ?? 'null'
}

/** JSON text with the fields exactly as listed: repeated and prototype-named keys included. */
export function jsonText(pairs: [string, unknown][]): string {
  return `{${pairs.map(([key, value]) => `${toJson(key)}:${toJson(value)}`).join(',')}}`
}

/** Short, readable description of a value for failure messages (long hostile strings are cut). */
export function brief(value: unknown, max = 160): string {
  const text = typeof value === 'string' ? value : toJson(value)
  const shown = JSON.stringify(text.length > max ? `${text.slice(0, max)}…(${String(text.length)} chars)` : text)
  return shown
}
