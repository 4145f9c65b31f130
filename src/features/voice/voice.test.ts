import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient, signedIn } from '../../../test/support/browser.js'
import { createUser, familyIdNamed, personIdNamed } from '../../../test/support/factories.js'
import { SVG_AS_PNG, testJpegWithExif, testPng, testPngWithText } from '../../../test/support/pictures.js'
import { PICTURE_MESSAGES } from '../pictures/index.js'
import { VOICE_MESSAGES } from './voice.schema.js'

const submissionIdIn = (body: string): string => /name="submissionId" value="([^"]+)"/.exec(body)?.[1] ?? ''

describe('the child\'s voice', () => {
  let t: TestApp
  let rowan: PageClient
  let familyId: string
  let leoId: string
  let sessionUrl: string

  beforeAll(async () => {
    t = await startTestApp()
    rowan = await signedIn(t.app, 'practitioner@fellside.example')
    familyId = await familyIdNamed(t.db, 'The Ashworth family')
    leoId = await personIdNamed(t.db, familyId, 'Leo')
  })
  afterAll(async () => { await t.close() })

  const count = async (table: string): Promise<number> => Number((await t.db.owner<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]?.n)

  it('refuses a session with missing details, saving nothing, and keeps what was typed', async () => {
    await rowan.get(`/families/${familyId}/children/${leoId}/sessions/new`)
    const refused = await rowan.post(`/families/${familyId}/children/${leoId}/sessions/new`, { tool: 'safety-house', heldOn: '31/2/2026', whoWasThere: 'Leo and Rowan', pathPosition: '12' })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain(VOICE_MESSAGES.dateInvalid)
    expect(refused.body).toContain(VOICE_MESSAGES.pathInvalid)
    expect(refused.body).toContain('Leo and Rowan')
    expect(await count('child_sessions')).toBe(0)
  })

  it('records a three houses session once, even when the form is sent twice', async () => {
    const form = await rowan.get(`/families/${familyId}/children/${leoId}/sessions/new`)
    const submissionId = submissionIdIn(form.body)
    const fields = { submissionId, tool: 'three-houses', heldOn: '20/11/2026', whoWasThere: 'Leo and Rowan (social worker), at school' }
    const first = await rowan.post(`/families/${familyId}/children/${leoId}/sessions/new`, fields)
    const second = await rowan.post(`/families/${familyId}/children/${leoId}/sessions/new`, fields)
    expect(first.statusCode).toBe(303)
    expect(second.headers.location).toBe(first.headers.location)
    expect(await count('child_sessions')).toBe(1)
    sessionUrl = String(first.headers.location).split('?')[0] ?? ''
    const page = await rowan.get(sessionUrl)
    expect(page.body).toContain('House of worries')
    expect(page.body).toContain('House of dreams')
  })

  it('keeps the child\'s exact words with a cleaned drawing and the child\'s choice of who sees it', async () => {
    const form = await rowan.get(`${sessionUrl}/words/new?part=worries`)
    expect(form.body).toContain('enctype="multipart/form-data"')
    const saved = await rowan.postMultipart(`${sessionUrl}/words/new`, {
      submissionId: submissionIdIn(form.body), part: 'worries', words: 'When dad shouts I hide under my bed', pictureDescription: 'Leo under his bed', sharing: 'workers',
    }, { picture: { filename: 'drawing.png', contentType: 'image/png', bytes: testPngWithText('secret-marker-123') } })
    expect(saved.statusCode).toBe(303)
    const { rows } = await t.db.owner<{ bytes: Buffer; media_type: string; parents_may_see: boolean; network_may_see: boolean }>(
      'select p.bytes, p.media_type, w.parents_may_see, w.network_may_see from child_words w join pictures p on p.id = w.picture_id')
    expect(rows).toHaveLength(1)
    expect(rows[0]?.media_type).toBe('image/png')
    expect(rows[0]?.bytes.includes('secret-marker-123')).toBe(false)
    expect(rows[0]?.parents_may_see).toBe(false)
    expect(rows[0]?.network_may_see).toBe(false)
    const page = await rowan.get(sessionUrl)
    expect(page.body).toContain('When dad shouts I hide under my bed')
    expect(page.body).toContain('Workers only: Leo chose not to share this')
    expect(page.body).toContain('Put on the map<span class="govuk-visually-hidden">: When dad shouts I hide under my bed</span>')
    const src = /<img class="app-picture[^"]*" src="([^"]+)" alt="Leo under his bed"/.exec(page.body)?.[1] ?? ''
    const picture = await rowan.get(src)
    expect(picture.statusCode).toBe(200)
    expect(picture.headers['content-type']).toBe('image/png')
    expect(picture.headers['x-content-type-options']).toBe('nosniff')
    expect(picture.headers['content-security-policy']).toBe("default-src 'none'; sandbox")
  })

  it('stores a JPEG photo without its EXIF location', async () => {
    const form = await rowan.get(`${sessionUrl}/words/new?part=good-things`)
    const saved = await rowan.postMultipart(`${sessionUrl}/words/new`, {
      submissionId: submissionIdIn(form.body), part: 'good-things', words: 'Playing football with nan', pictureDescription: 'Leo and his nan with a ball', sharing: 'parents-and-network',
    }, { picture: { filename: 'photo.jpg', contentType: 'image/jpeg', bytes: testJpegWithExif('gps-marker-456') } })
    expect(saved.statusCode).toBe(303)
    const { rows } = await t.db.owner<{ bytes: Buffer }>(`select p.bytes from pictures p where p.media_type = 'image/jpeg'`)
    expect(rows).toHaveLength(1)
    expect(rows[0]?.bytes.includes('gps-marker-456')).toBe(false)
    expect(rows[0]?.bytes.includes('Exif')).toBe(false)
  })

  it('refuses an SVG renamed as a PNG, a truncated picture, and words without a sharing choice, saving nothing and keeping the words', async () => {
    const before = [await count('child_words'), await count('pictures')]
    for (const [bytes, message] of [[SVG_AS_PNG, PICTURE_MESSAGES.markup], [testPng(40, 40).subarray(0, 60), PICTURE_MESSAGES.damaged]] as const) {
      const form = await rowan.get(`${sessionUrl}/words/new?part=dreams`)
      const refused = await rowan.postMultipart(`${sessionUrl}/words/new`, {
        submissionId: submissionIdIn(form.body), part: 'dreams', words: 'A dog called Biscuit', pictureDescription: 'A dog', sharing: 'parents',
      }, { picture: { filename: 'dog.png', contentType: 'image/png', bytes } })
      expect(refused.statusCode).toBe(400)
      expect(refused.body).toContain(message.replace(/'/g, '&#39;'))
      expect(refused.body).toContain('A dog called Biscuit')
    }
    const noChoice = await rowan.postMultipart(`${sessionUrl}/words/new`, { part: 'dreams', words: 'A dog called Biscuit' })
    expect(noChoice.statusCode).toBe(400)
    expect(noChoice.body).toContain(VOICE_MESSAGES.sharingMissing)
    expect([await count('child_words'), await count('pictures')]).toEqual(before)
  })

  it('refuses an upload larger than the limit with a clear message', async () => {
    const form = await rowan.get(`${sessionUrl}/words/new?part=dreams`)
    const refused = await rowan.postMultipart(`${sessionUrl}/words/new`, {
      submissionId: submissionIdIn(form.body), part: 'dreams', words: 'Big', sharing: 'parents', pictureDescription: 'Big',
    }, { picture: { filename: 'big.png', contentType: 'image/png', bytes: Buffer.concat([testPng(), Buffer.alloc(6 * 1024 * 1024)]) } })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('smaller than 5 MB')
  })

  it('places a child\'s words on the map in the child\'s own style, and links a goal to them', async () => {
    const { rows } = await t.db.owner<{ id: string }>(`select id from child_words where words like 'Playing football%'`)
    const wordsId = rows[0]?.id ?? ''
    const form = await rowan.get(`/families/${familyId}/child-words/${wordsId}/place`)
    const placed = await rowan.post(`/families/${familyId}/child-words/${wordsId}/place`, { submissionId: submissionIdIn(form.body), category: 'strength' })
    expect(placed.statusCode).toBe(303)
    const map = await rowan.get(`/families/${familyId}/map`)
    expect(map.body).toMatch(/app-map-entry--child-words[\s\S]*?Leo said:[\s\S]*?<blockquote class="app-child-words app-map-entry__text">Playing football with nan<\/blockquote>/)
    const goal = await t.db.owner<{ id: string }>(`select e.id from map_entries e join maps m on m.id = e.map_id where m.family_id = $1 and e.category = 'goal' and e.removed_at is null limit 1`, [familyId])
    const goalId = goal.rows[0]?.id ?? ''
    expect(map.body).toContain('Does not yet answer anything the children said.')
    await rowan.get(`/families/${familyId}/map/entries/${goalId}/child-words`)
    const linked = await rowan.post(`/families/${familyId}/map/entries/${goalId}/child-words`, { words: [wordsId] })
    expect(linked.statusCode).toBe(303)
    const after = await rowan.get(`/families/${familyId}/map`)
    expect(after.body).toMatch(/Answers what the children said:[\s\S]*?Playing football with nan<\/q> \(Leo\)/)
  })

  it('leaves words the child kept from parents out of the family version of the map', async () => {
    const { rows } = await t.db.owner<{ id: string }>(`select id from child_words where words like 'When dad shouts%'`)
    const wordsId = rows[0]?.id ?? ''
    const form = await rowan.get(`/families/${familyId}/child-words/${wordsId}/place`)
    expect(form.body).toContain('left out of the family')
    await rowan.post(`/families/${familyId}/child-words/${wordsId}/place`, { submissionId: submissionIdIn(form.body), category: 'harm' })
    expect((await rowan.get(`/families/${familyId}/map`)).body).toContain('When dad shouts I hide under my bed')
    const print = await rowan.get(`/families/${familyId}/map/print`)
    expect(print.body).toContain('Playing football with nan')
    expect(print.body).not.toContain('When dad shouts')
  })

  it('records why a baby\'s own view is not recorded', async () => {
    const maisie = await personIdNamed(t.db, familyId, 'Maisie')
    await rowan.get(`/families/${familyId}/children/${maisie}/view-reason`)
    const refused = await rowan.post(`/families/${familyId}/children/${maisie}/view-reason`, { reason: '', howObserved: '' })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain(VOICE_MESSAGES.reasonMissing.replace(/'/g, '&#39;'))
    const saved = await rowan.post(`/families/${familyId}/children/${maisie}/view-reason`, { reason: 'Maisie has very few words yet', howObserved: 'Seen at nursery and at home: happy, plays near mum' })
    expect(saved.statusCode).toBe(303)
    const overview = await rowan.get(`/families/${familyId}/voice`)
    expect(overview.body).toContain('Not recorded: reason given')
  })

  it('answers 404 to staff outside the family, for pages and pictures alike', async () => {
    const outsider = await createUser(t.db, { role: 'practitioner' })
    const client = await signedIn(t.app, outsider.email, { password: outsider.password })
    const { rows } = await t.db.owner<{ id: string }>('select id from pictures limit 1')
    expect((await client.get(`/families/${familyId}/voice`)).statusCode).toBe(404)
    expect((await client.get(sessionUrl)).statusCode).toBe(404)
    expect((await client.get(`/families/${familyId}/pictures/${rows[0]?.id ?? ''}`)).statusCode).toBe(404)
  })
})
