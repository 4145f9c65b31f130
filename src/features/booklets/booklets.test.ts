import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient, signedIn } from '../../../test/support/browser.js'
import { createUser, familyIdNamed, personIdNamed } from '../../../test/support/factories.js'
import { SVG_AS_PNG, testJpegWithExif, testPng } from '../../../test/support/pictures.js'
import { PICTURE_MESSAGES } from '../pictures/index.js'
import { BOOKLET_MESSAGES } from './booklets.schema.js'

const submissionIdIn = (body: string): string => /name="submissionId" value="([^"]+)"/.exec(body)?.[1] ?? ''
const baseVersionIn = (body: string): string => /name="baseVersion" value="(\d+)"/.exec(body)?.[1] ?? ''
/** Text as the templates escape it. */
const html = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

/** The words of a PDF as a screen reader gets them, page by page when asked (pdftotext from poppler-utils). */
function pdfText(pdf: Buffer, options: { page?: number; boxes?: boolean } = {}): string {
  const pages = options.page === undefined ? [] : ['-f', String(options.page), '-l', String(options.page)]
  return withPdfFile(pdf, (file) => execFileSync('/usr/bin/pdftotext', [...pages, ...(options.boxes === true ? ['-bbox'] : []), file, '-']).toString())
}

/** The document's information (title, page count) as pdfinfo reads it. */
function pdfInfo(pdf: Buffer): string {
  return withPdfFile(pdf, (file) => execFileSync('/usr/bin/pdfinfo', [file]).toString())
}

function withPdfFile<T>(pdf: Buffer, use: (file: string) => T): T {
  const file = path.join(os.tmpdir(), `booklet-${String(process.pid)}-${crypto.randomUUID()}.pdf`)
  fs.writeFileSync(file, pdf)
  try {
    return use(file)
  } finally {
    fs.rmSync(file)
  }
}

/** The height of Helvetica's word boxes as a share of the font size (ascent 718 + descent 207, per 1,000). */
const HELVETICA_BOX = 0.925
const PAGE_ONE = 'Sometimes grown-ups need some assistance to keep children safe.'
const PAGE_TWO = 'Sam is a helper. Sam talks with Mum and Dad.'
const KEPT_BACK_WORDS = 'I do not want Dad to know I am scared of the shouting'
const SHARED_WORDS = 'I like it when Gran reads to me'

describe('words and pictures booklets', () => {
  let t: TestApp
  let rowan: PageClient
  let familyId: string
  let leoId: string
  let listUrl: string
  let bookletUrl: string

  beforeAll(async () => {
    t = await startTestApp()
    rowan = await signedIn(t.app, 'practitioner@fellside.example')
    familyId = await familyIdNamed(t.db, 'The Ashworth family')
    leoId = await personIdNamed(t.db, familyId, 'Leo')
    listUrl = `/families/${familyId}/booklets`
  })
  afterAll(async () => { await t.close() })

  const count = async (table: string): Promise<number> => Number((await t.db.owner<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]?.n)
  const currentPages = async (): Promise<{ text: string; pictureId: string | null }[]> =>
    (await t.db.owner<{ pages: { text: string; pictureId: string | null }[] }>(
      'select v.pages from booklet_versions v join booklets b on b.id = v.booklet_id and v.version = b.current_version')).rows[0]?.pages ?? []
  const status = async (): Promise<string> => (await t.db.owner<{ status: string }>('select status from booklets')).rows[0]?.status ?? ''

  async function addPage(text: string, picture?: { bytes: Buffer; filename: string; contentType: string; description: string }) {
    const form = await rowan.get(`${bookletUrl}/pages/new`)
    return rowan.postMultipart(`${bookletUrl}/pages/new`, {
      submissionId: submissionIdIn(form.body), baseVersion: baseVersionIn(form.body), text, description: picture?.description ?? '',
    }, picture === undefined ? {} : { picture: { filename: picture.filename, contentType: picture.contentType, bytes: picture.bytes } })
  }

  it('lists each child of the family, and says an unborn child cannot have one yet', async () => {
    const page = await rowan.get(listUrl)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Leo does not have a words and pictures explanation yet.')
    expect(page.body).toContain(`href="/families/${familyId}/booklets/new?child=${leoId}"`)
    expect(page.body).toContain('Start a words and pictures explanation<span class="govuk-visually-hidden"> for Maisie</span>')
    const pennington = await familyIdNamed(t.db, 'The Pennington family')
    const unborn = await rowan.get(`/families/${pennington}/booklets`)
    expect(unborn.body).toContain('is not born yet, so cannot have a words and pictures explanation yet.')
    expect(unborn.body).toContain('Start a words and pictures explanation<span class="govuk-visually-hidden"> for Ruby</span>')
    const { rows } = await t.db.owner<{ id: string }>(`select id from people where family_id = $1 and kind = 'unborn-child'`, [pennington])
    expect((await rowan.get(`/families/${pennington}/booklets/new?child=${rows[0]?.id ?? ''}`)).statusCode).toBe(404)
  })

  it('refuses an incomplete start, saying what is wrong beside each field, keeping what was typed and saving nothing', async () => {
    const form = await rowan.get(`${listUrl}/new?child=${leoId}`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain(`value="${html('Leo\'s words and pictures')}"`)
    expect(form.body).toContain('enctype="multipart/form-data"')
    expect(form.body).toContain('data-coach-kind="child"')
    const tooLong = 'Leo is kind. '.repeat(90)
    const refused = await rowan.postMultipart(`${listUrl}/new`, { submissionId: submissionIdIn(form.body), child: leoId, title: '', text: tooLong, description: '' })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('There is a problem')
    expect(refused.body).toContain(html(BOOKLET_MESSAGES.titleMissing))
    expect(refused.body).toContain(html(BOOKLET_MESSAGES.textTooLong))
    expect(refused.body).toContain('href="#title"')
    expect(refused.body).toContain(tooLong.trim())
    expect(await count('booklets')).toBe(0)
    expect(await count('booklet_versions')).toBe(0)
  })

  it('starts a booklet with an uploaded picture once, even when the form is sent twice, and coaches for a child', async () => {
    const form = await rowan.get(`${listUrl}/new?child=${leoId}`)
    const fields = { submissionId: submissionIdIn(form.body), child: leoId, title: 'Leo\'s words and pictures', text: PAGE_ONE, description: 'Leo and his mum holding hands' }
    const picture = { picture: { filename: 'mum-and-leo.png', contentType: 'image/png', bytes: testPng(20, 10, 90) } }
    const first = await rowan.postMultipart(`${listUrl}/new`, fields, picture)
    const second = await rowan.postMultipart(`${listUrl}/new`, fields, picture)
    expect(first.statusCode).toBe(303)
    expect(second.headers.location).toBe(first.headers.location)
    expect(await count('booklets')).toBe(1)
    expect(await count('booklet_versions')).toBe(1)
    expect(await count('pictures')).toBe(1)
    bookletUrl = String(first.headers.location).split('?')[0] ?? ''
    const page = await rowan.get(String(first.headers.location))
    expect(page.body).toContain(PAGE_ONE)
    expect(page.body).toContain('Saved as version 1.')
    expect(page.body).toContain(html('"assistance" may be a long word for a child of 7 or 8.'))
    expect(page.body).toMatch(/<strong class="govuk-tag govuk-tag--grey">Draft<\/strong>/)
    const src = /<img class="app-picture[^"]*" src="([^"]+)" alt="Leo and his mum holding hands"/.exec(page.body)?.[1] ?? ''
    const image = await rowan.get(src)
    expect(image.statusCode).toBe(200)
    expect(image.headers['content-type']).toBe('image/png')
    const { rows } = await t.db.owner<{ description: string }>('select description from pictures')
    expect(rows[0]?.description).toBe('Leo and his mum holding hands')
  })

  it('gives the coach\'s advice, at a child\'s reading level, when a page is opened for changing', async () => {
    const form = await rowan.get(`${bookletUrl}/pages/1/edit`)
    expect(form.statusCode).toBe(200)
    const panel = /<div class="app-coach"[\s\S]*?<\/div>/.exec(form.body)?.[0] ?? ''
    expect(panel).toContain(html('"assistance" may be a long word for a child'))
    expect(panel).toContain('Reading ease:')
    expect(form.body).toContain('The picture on this page now')
  })

  it('refuses an SVG renamed as a PNG with a clear message, keeping the words and saving nothing', async () => {
    const before = [await count('booklet_versions'), await count('pictures')]
    const refused = await addPage('Sam comes to see you at home.', { bytes: SVG_AS_PNG, filename: 'sam.png', contentType: 'image/png', description: 'Sam waving' })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain(html(PICTURE_MESSAGES.markup))
    expect(refused.body).toContain('href="#picture"')
    expect(refused.body).toContain('Sam comes to see you at home.')
    expect(refused.body).not.toContain('<svg')
    const truncated = await addPage('Sam comes to see you at home.', { bytes: testPng(40, 40).subarray(0, 60), filename: 'sam.png', contentType: 'image/png', description: 'Sam waving' })
    expect(truncated.statusCode).toBe(400)
    expect(truncated.body).toContain(html(PICTURE_MESSAGES.damaged))
    expect([await count('booklet_versions'), await count('pictures')]).toEqual(before)
  })

  it('asks for the picture again, and for its description, when the form has another problem', async () => {
    const before = await count('pictures')
    const refused = await addPage('', { bytes: testPng(), filename: 'sam.png', contentType: 'image/png', description: '' })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain(html(BOOKLET_MESSAGES.textMissing))
    expect(refused.body).toContain(html(BOOKLET_MESSAGES.descriptionMissing))
    expect(refused.body).toContain(html(BOOKLET_MESSAGES.pictureAgain))
    expect(await count('pictures')).toBe(before)
  })

  it('adds pages as new versions; a JPEG photo is stored without its EXIF location', async () => {
    expect((await addPage(PAGE_TWO, { bytes: testJpegWithExif('gps-secret-789'), filename: 'sam.jpg', contentType: 'image/jpeg', description: 'Sam the helper smiling' })).statusCode).toBe(303)
    const { rows } = await t.db.owner<{ bytes: Buffer }>(`select bytes from pictures where media_type = 'image/jpeg'`)
    expect(rows).toHaveLength(1)
    expect(rows[0]?.bytes.includes('gps-secret-789')).toBe(false)
    expect(rows[0]?.bytes.includes('Exif')).toBe(false)
    expect((await addPage('Everyone wants you to be safe and happy.')).statusCode).toBe(303)
    expect((await currentPages()).map((page) => page.text)).toEqual([PAGE_ONE, PAGE_TWO, 'Everyone wants you to be safe and happy.'])
    expect(await count('booklet_versions')).toBe(3)
  })

  it('keeps every version readable when a page is changed, and shows both texts when someone else saved first', async () => {
    const mine = await rowan.get(`${bookletUrl}/pages/3/edit`)
    const manager = await signedIn(t.app, 'manager@fellside.example')
    const theirs = await manager.get(`${bookletUrl}/pages/3/edit`)
    const saved = await manager.postMultipart(`${bookletUrl}/pages/3/edit`, {
      submissionId: submissionIdIn(theirs.body), baseVersion: baseVersionIn(theirs.body), text: 'Everyone wants you to be safe, happy and loved.',
    })
    expect(saved.statusCode).toBe(303)
    const conflict = await rowan.postMultipart(`${bookletUrl}/pages/3/edit`, {
      submissionId: submissionIdIn(mine.body), baseVersion: baseVersionIn(mine.body), text: 'Mum, Dad and Gran all want you to be safe.',
    })
    expect(conflict.statusCode).toBe(409)
    expect(conflict.body).toContain('Someone else saved a change to this booklet while you were writing')
    expect(conflict.body).toContain('Everyone wants you to be safe, happy and loved.')
    expect(conflict.body).toContain('Mum, Dad and Gran all want you to be safe.')
    expect(await count('booklet_versions')).toBe(4)
    const resolved = await rowan.postMultipart(`${bookletUrl}/pages/3/edit`, {
      submissionId: submissionIdIn(conflict.body), baseVersion: baseVersionIn(conflict.body), text: 'Mum, Dad and Gran all want you to be safe, happy and loved.',
    })
    expect(resolved.statusCode).toBe(303)
    expect((await currentPages())[2]?.text).toBe('Mum, Dad and Gran all want you to be safe, happy and loved.')
    const earlier = await rowan.get(`${bookletUrl}/versions/3`)
    expect(earlier.statusCode).toBe(200)
    expect(earlier.body).toContain('Everyone wants you to be safe and happy.')
    expect(earlier.body).toContain('You are looking at version 3')
    expect(earlier.body).not.toContain('/pages/3/edit')
    const booklet = await rowan.get(bookletUrl)
    for (const version of [1, 2, 3, 4, 5]) expect(booklet.body).toContain(`href="${bookletUrl}/versions/${String(version)}"`)
  })

  it('moves and removes pages, refusing a stale removal', async () => {
    const page = await rowan.get(bookletUrl)
    const moveForm = /<form method="post" action="([^"]+\/pages\/2\/move)"[\s\S]*?name="baseVersion" value="(\d+)"[\s\S]*?name="submissionId" value="([^"]+)"/.exec(page.body)
    const moved = await rowan.post(moveForm?.[1] ?? '', { baseVersion: moveForm?.[2] ?? '', submissionId: moveForm?.[3] ?? '', direction: 'up' })
    expect(moved.statusCode).toBe(303)
    expect((await currentPages()).map((item) => item.text).slice(0, 2)).toEqual([PAGE_TWO, PAGE_ONE])
    const staleMove = await rowan.post(moveForm?.[1] ?? '', { baseVersion: moveForm?.[2] ?? '', submissionId: crypto.randomUUID(), direction: 'down' })
    expect(staleMove.statusCode).toBe(409)
    expect(staleMove.body).toContain('Someone else changed this booklet after you opened it')
    expect((await currentPages()).map((item) => item.text).slice(0, 2)).toEqual([PAGE_TWO, PAGE_ONE])
    const confirm = await rowan.get(`${bookletUrl}/pages/3/remove`)
    expect(confirm.body).toContain('Remove page 3?')
    await addPage('A page to take out again.')
    const stale = await rowan.post(`${bookletUrl}/pages/3/remove`, { baseVersion: baseVersionIn(confirm.body), submissionId: submissionIdIn(confirm.body) })
    expect(stale.statusCode).toBe(409)
    expect(stale.body).toContain('Someone else changed this booklet')
    expect((await currentPages())).toHaveLength(4)
    const removed = await rowan.post(`${bookletUrl}/pages/4/remove`, { baseVersion: baseVersionIn((await rowan.get(`${bookletUrl}/pages/4/remove`)).body), submissionId: submissionIdIn(rowan.lastPage) })
    expect(removed.statusCode).toBe(303)
    expect((await currentPages()).map((item) => item.text)).not.toContain('A page to take out again.')
  })

  it('records the parents\' comments, agrees a version only when every response to it agrees, and returns a changed booklet to draft', async () => {
    const booklet = await rowan.get(bookletUrl)
    await rowan.post(`${bookletUrl}/status`, { action: 'send-to-parents', submissionId: submissionIdIn(booklet.body) })
    expect(await status()).toBe('with-parents')

    const form = await rowan.get(`${bookletUrl}/responses/new`)
    expect(form.body).toContain('Claire Ashworth')
    expect(form.body).toContain('Dean Ashworth')
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? ''
    const refused = await rowan.post(`${bookletUrl}/responses/new`, { submissionId: submissionIdIn(form.body), version, parent: 'Claire Ashworth', respondedOn: '1/12/2026', agrees: 'no', comments: '' })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain(html(BOOKLET_MESSAGES.commentsMissing))
    expect(await count('booklet_responses')).toBe(0)

    const disagreeing = { submissionId: submissionIdIn(form.body), version, parent: 'Claire Ashworth', respondedOn: '20/11/2026', agrees: 'no', comments: 'Please say Gran looks after Leo on Saturdays.' }
    const first = await rowan.post(`${bookletUrl}/responses/new`, disagreeing)
    const again = await rowan.post(`${bookletUrl}/responses/new`, disagreeing)
    expect(first.statusCode).toBe(303)
    expect(again.headers.location).toBe(first.headers.location)
    expect(await count('booklet_responses')).toBe(1)
    expect(await status()).toBe('with-parents')

    expect((await addPage('Gran looks after you on Saturdays.')).statusCode).toBe(303)
    for (const parent of ['Claire Ashworth', 'Dean Ashworth']) {
      const next = await rowan.get(`${bookletUrl}/responses/new`)
      const saved = await rowan.post(`${bookletUrl}/responses/new`, {
        submissionId: submissionIdIn(next.body), version: /name="version" value="(\d+)"/.exec(next.body)?.[1] ?? '', parent, respondedOn: '21/11/2026', agrees: 'yes', comments: '',
      })
      expect(saved.statusCode).toBe(303)
    }
    expect(await status()).toBe('agreed')
    const agreed = await rowan.get(`${bookletUrl}?done=agreed`)
    expect(agreed.body).toMatch(/<strong class="govuk-tag govuk-tag--green">Agreed<\/strong>/)
    expect(agreed.body).toContain('Please say Gran looks after Leo on Saturdays.')
    expect(agreed.body).toContain('Does not agree yet')

    expect((await addPage('You can tell Sam or Gran if you feel worried.')).statusCode).toBe(303)
    expect(await status()).toBe('draft')
    const changed = await rowan.get(bookletUrl)
    expect(changed.body).toMatch(/The parents agreed version \d+\. The booklet has changed since then, so it is a draft again/)
  })

  it('records when and how it was shared with the child, warning when the parents have not agreed that version', async () => {
    const form = await rowan.get(`${bookletUrl}/shares/new`)
    expect(form.body).toContain('The parents have not agreed version')
    const refused = await rowan.post(`${bookletUrl}/shares/new`, { submissionId: submissionIdIn(form.body), version: /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? '', sharedOn: '31/2/2026', how: '', sharedBy: 'Claire (mum)' })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain(html(BOOKLET_MESSAGES.sharedOnInvalid))
    expect(refused.body).toContain(html(BOOKLET_MESSAGES.howMissing))
    expect(refused.body).toContain('Claire (mum)')
    const fields = { submissionId: submissionIdIn(form.body), version: /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? '', sharedOn: '22/11/2026', how: 'Read together at home', sharedBy: 'Claire (mum) with Rowan (worker)' }
    const first = await rowan.post(`${bookletUrl}/shares/new`, fields)
    await rowan.post(`${bookletUrl}/shares/new`, fields)
    expect(first.statusCode).toBe(303)
    expect(await count('booklet_shares')).toBe(1)
    const booklet = await rowan.get(bookletUrl)
    expect(booklet.body).toContain('Not agreed by the parents')
    const list = await rowan.get(listUrl)
    expect(list.body).toContain('22 November 2026: Read together at home, by Claire (mum) with Rowan (worker)')
  })

  it('keeps what the child chose not to share out of the print page and the PDF, and shows it to workers marked as such', async () => {
    const form = await rowan.get(`${bookletUrl}/additions/new`)
    const refused = await rowan.postMultipart(`${bookletUrl}/additions/new`, { submissionId: submissionIdIn(form.body), addedOn: '23/11/2026', words: '', description: '', parentsMaySee: '' })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain(html(BOOKLET_MESSAGES.additionEmpty))
    expect(refused.body).toContain(html(BOOKLET_MESSAGES.parentsMaySeeMissing))
    expect(await count('booklet_additions')).toBe(0)

    const keptBack = await rowan.postMultipart(`${bookletUrl}/additions/new`, { submissionId: submissionIdIn(form.body), addedOn: '23/11/2026', words: KEPT_BACK_WORDS, description: '', parentsMaySee: 'no' })
    expect(keptBack.statusCode).toBe(303)
    const next = await rowan.get(`${bookletUrl}/additions/new`)
    const shared = await rowan.postMultipart(`${bookletUrl}/additions/new`, {
      submissionId: submissionIdIn(next.body), addedOn: '23/11/2026', words: SHARED_WORDS, description: 'Leo\'s drawing of Gran with a book', parentsMaySee: 'yes',
    }, { picture: { filename: 'gran.png', contentType: 'image/png', bytes: testPng(30, 20, 200) } })
    expect(shared.statusCode).toBe(303)

    const staff = await rowan.get(bookletUrl)
    expect(staff.body).toContain(KEPT_BACK_WORDS)
    expect(staff.body).toContain('Workers only: the child chose not to share this')
    expect(staff.body).toContain(SHARED_WORDS)

    const print = await rowan.get(`${bookletUrl}/print`)
    expect(print.statusCode).toBe(200)
    expect(print.body).toContain(PAGE_ONE)
    expect(print.body).toContain('Things Leo added')
    expect(print.body).toContain(SHARED_WORDS)
    expect(print.body).toContain(`alt="${html('Leo\'s drawing of Gran with a book')}"`)
    expect(print.body).not.toContain(KEPT_BACK_WORDS)
    expect(print.body).not.toContain('Workers only')

    const response = await rowan.get(`${bookletUrl}/booklet.pdf`)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('application/pdf')
    expect(response.headers['content-disposition']).toContain('leo-s-words-and-pictures.pdf')
    const pdf = response.rawPayload
    expect(pdf.subarray(0, 8).toString()).toBe('%PDF-1.7')
    const raw = pdf.toString('latin1')
    expect(raw).toContain('/StructTreeRoot')
    expect(raw).toContain('/MarkInfo')
    expect(raw).toMatch(/\/Lang \(en-GB\)/)
    expect(raw).toContain('/Subtype /Image')
    expect(fs.existsSync('/usr/bin/pdftotext'), 'pdftotext is needed: apt-get install poppler-utils').toBe(true)
    expect(pdfInfo(pdf)).toMatch(/^Title:\s+Leo's words and pictures$/m)
    const text = pdfText(pdf).replace(/\s+/g, ' ')
    for (const words of [PAGE_ONE, PAGE_TWO, 'Gran looks after you on Saturdays.', 'Things Leo added', SHARED_WORDS]) expect(text).toContain(words)
    expect(text).not.toContain('scared of the shouting')
  })

  it('puts one booklet page on each PDF page, in large words', async () => {
    const pdf = (await rowan.get(`${bookletUrl}/booklet.pdf`)).rawPayload
    const pages = await currentPages()
    // A cover, each booklet page on its own page, then the child's additions their parents may see (one).
    expect(pdfInfo(pdf)).toMatch(new RegExp(`^Pages:\\s+${String(1 + pages.length + 1)}$`, 'm'))
    expect(pdfText(pdf, { page: 2 }).replace(/\s+/g, ' ')).toContain(pages[0]?.text ?? 'missing')
    expect(pdfText(pdf, { page: 3 }).replace(/\s+/g, ' ')).toContain(pages[1]?.text ?? 'missing')
    expect(pdfText(pdf, { page: 3 }).replace(/\s+/g, ' ')).not.toContain(pages[0]?.text ?? 'missing')
    const boxes = pdfText(pdf, { page: 2, boxes: true })
    const heights = [...boxes.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">/g)].map((match) => Number(match[2]) - Number(match[1]))
    expect(heights.length).toBeGreaterThan(3)
    // pdftotext's word boxes run from the font's ascent to its descent: 0.925 of the size for Helvetica.
    expect(Math.min(...heights) / HELVETICA_BOX).toBeGreaterThanOrEqual(24 - 0.01)
  })

  it('loses nothing typed on a page when the session ends before the form is sent', async () => {
    const worker = new PageClient(t.app, '192.0.2.211')
    await worker.signIn('practitioner@fellside.example')
    const form = await worker.get(`${bookletUrl}/pages/new`)
    const rowanId = (await t.db.owner<{ id: string }>(`select id from users where email = 'practitioner@fellside.example'`)).rows[0]?.id ?? ''
    await t.db.owner(`update sessions set last_active_at = now() - interval '2 hours' where user_id = $1 and token_hash = encode(sha256($2::bytea), 'hex')`, [rowanId, worker.cookies.get('mapwell-session') ?? ''])
    const typed = 'Gran has a dog called Biscuit who likes walks.'
    const before = await count('booklet_versions')
    const sent = await worker.postMultipart(`${bookletUrl}/pages/new`, { submissionId: submissionIdIn(form.body), baseVersion: baseVersionIn(form.body), text: typed })
    expect(sent.statusCode).toBe(303)
    const returnTo = new URL(String(sent.headers.location), 'http://localhost').searchParams.get('returnTo') ?? ''
    expect(returnTo).toMatch(/\/pages\/new\?held=/)
    await worker.signIn('practitioner@fellside.example')
    const restored = await worker.get(returnTo)
    expect(restored.statusCode).toBe(200)
    expect(restored.body).toContain(typed)
    expect(restored.body).toContain('You were signed out before this was saved')
    expect(await count('booklet_versions')).toBe(before)
  })

  it('keeps what was typed on a page someone else removed meanwhile, and offers to add it as a new page', async () => {
    expect((await addPage('A page someone else will take out.')).statusCode).toBe(303)
    const last = (await currentPages()).length
    const mine = await rowan.get(`${bookletUrl}/pages/${String(last)}/edit`)
    const manager = await signedIn(t.app, 'manager@fellside.example')
    const confirm = await manager.get(`${bookletUrl}/pages/${String(last)}/remove`)
    expect((await manager.post(`${bookletUrl}/pages/${String(last)}/remove`, { baseVersion: baseVersionIn(confirm.body), submissionId: submissionIdIn(confirm.body) })).statusCode).toBe(303)
    const conflict = await rowan.postMultipart(`${bookletUrl}/pages/${String(last)}/edit`, {
      submissionId: submissionIdIn(mine.body), baseVersion: baseVersionIn(mine.body), text: 'Gran picks you up from school on Fridays.',
    })
    expect(conflict.statusCode).toBe(409)
    expect(conflict.body).toContain('The page you were changing has been removed, so saving will add your words as a new page.')
    expect(conflict.body).toContain('Gran picks you up from school on Fridays.')
    expect(conflict.body).not.toContain('A page someone else will take out.')
    expect(conflict.body).toContain(`action="${bookletUrl}/pages/new"`)
    expect((await currentPages()).map((item) => item.text)).not.toContain('Gran picks you up from school on Fridays.')
  })

  it('answers 404 to a practitioner of another team or another council, for pages, the PDF and changes alike', async () => {
    const outsider = await createUser(t.db, { role: 'practitioner' })
    await t.db.owner(`update users set team_id = (select id from teams where name = 'Fellside Early Help Team') where id = $1`, [outsider.id])
    const client = await signedIn(t.app, outsider.email, { password: outsider.password })
    expect((await client.get('/families')).statusCode).toBe(200)
    for (const url of [listUrl, bookletUrl, `${bookletUrl}/print`, `${bookletUrl}/booklet.pdf`, `${bookletUrl}/versions/1`, `${bookletUrl}/pages/1/edit`, `${listUrl}/new?child=${leoId}`]) {
      expect((await client.get(url)).statusCode, url).toBe(404)
    }
    const before = await count('booklet_versions')
    const attempt = await client.postMultipart(`${bookletUrl}/pages/new`, { submissionId: crypto.randomUUID(), baseVersion: '1', text: 'Not allowed' })
    expect(attempt.statusCode).toBe(404)
    expect(await count('booklet_versions')).toBe(before)
    const lakemoor = await signedIn(t.app, 'practitioner@lakemoor.example')
    expect((await lakemoor.get(bookletUrl)).statusCode).toBe(404)
  })
})
