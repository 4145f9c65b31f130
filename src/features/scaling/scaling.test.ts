import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient, signedIn } from '../../../test/support/browser.js'
import { familyIdNamed } from '../../../test/support/factories.js'
import { SCALING_MESSAGES } from './scaling.routes.js'
import { scalingChart } from './chart.js'

describe('scaling', () => {
  let t: TestApp
  let rowan: PageClient
  let base: string
  beforeAll(async () => {
    t = await startTestApp()
    rowan = await signedIn(t.app, 'practitioner@fellside.example')
    const familyId = await familyIdNamed(t.db, 'The Ashworth family')
    base = `/families/${familyId}/map/scaling`
  })
  afterAll(async () => { await t.close() })

  async function startRound(heldOn: string, blind: boolean): Promise<string> {
    await rowan.get(base)
    const started = await rowan.post(base, { question: '', heldOn, ...(blind ? { blind: 'yes' } : {}) })
    expect(started.statusCode).toBe(303)
    return String(started.headers.location)
  }

  async function score(round: string, kind: string, name: string, value: number, why: string) {
    const page = await rowan.get(round)
    return rowan.post(round, {
      submissionId: /name="submissionId" value="([^"]+)"/.exec(page.body)?.[1] ?? crypto.randomUUID(),
      perspectiveKind: kind, perspectiveName: name, score: String(value), why, onePointHigher: `More of what ${name} wants to see`,
    })
  }

  it('keeps every score in a blind round hidden until the person running it reveals them', async () => {
    const round = await startRound('1/10/2026', true)
    expect((await score(round, 'parent-carer', 'Claire (mum)', 6, 'SECRET-WHY-CLAIRE')).statusCode).toBe(303)
    await score(round, 'child', 'Leo (7)', 8, 'SECRET-WHY-LEO')
    await score(round, 'worker', 'Rowan (social worker)', 4, 'SECRET-WHY-ROWAN')
    const hidden = await rowan.get(round)
    expect(hidden.body).toContain('Claire (mum)')
    expect(hidden.body).not.toContain('SECRET-WHY')
    expect(hidden.body).not.toContain('app-score__number')
    expect((await rowan.get(base)).body).not.toContain('SECRET-WHY')
    // Someone else cannot reveal it: only the person running the round.
    const manager = await signedIn(t.app, 'manager@fellside.example')
    const managerView = await manager.get(round)
    expect(managerView.body).not.toContain('Reveal everyone')
    expect((await manager.post(`${round}/reveal`, {})).statusCode).toBe(403)
    await rowan.get(round)
    await rowan.post(`${round}/reveal`, {})
    const revealed = await rowan.get(round)
    expect(revealed.body).toContain('SECRET-WHY-LEO')
    expect(revealed.body).toMatch(/Leo \(7\)[\s\S]*app-score__number">8</)
  })

  it('refuses a second score from the same person, and explains what is missing', async () => {
    const round = await startRound('2/10/2026', false)
    await score(round, 'parent-carer', 'Claire (mum)', 5, 'first')
    const again = await score(round, 'parent-carer', 'claire (MUM)', 7, 'second')
    expect(again.statusCode).toBe(400)
    expect(again.body).toContain(SCALING_MESSAGES.perspectiveTaken)
    await rowan.get(round)
    const empty = await rowan.post(round, { submissionId: crypto.randomUUID(), perspectiveKind: '', perspectiveName: '', score: '11', why: '', onePointHigher: '' })
    expect(empty.statusCode).toBe(400)
    for (const message of [SCALING_MESSAGES.kindMissing, SCALING_MESSAGES.scoreMissing, SCALING_MESSAGES.whyMissing, SCALING_MESSAGES.higherMissing]) expect(empty.body).toContain(message)
  })

  it('keeps the choices made when a score comes back with an error, or after the session cookie has gone', async () => {
    const round = await startRound('3/10/2026', false)
    await rowan.get(round)
    const missing = await rowan.post(round, { submissionId: crypto.randomUUID(), perspectiveKind: 'child', perspectiveName: 'Leo (7)', score: '6', why: '', onePointHigher: '' })
    expect(missing.statusCode).toBe(400)
    expect(missing.body).toMatch(/value="child" checked/)
    expect(missing.body).toMatch(/value="6" checked/)

    const worker = await signedIn(t.app, 'practitioner@fellside.example')
    await worker.get(round)
    worker.cookies.delete('mapwell-session')
    const sent = await worker.post(round, { submissionId: crypto.randomUUID(), perspectiveKind: 'network-member', perspectiveName: 'Jean (nan)', score: '7', why: 'Walks Leo to school', onePointHigher: 'Dean stays away' })
    const returnTo = new URL(String(sent.headers.location), 'http://localhost').searchParams.get('returnTo') ?? ''
    expect(returnTo).toMatch(/\?held=/)
    await worker.signIn('practitioner@fellside.example')
    const restored = await worker.get(returnTo)
    expect(restored.body).toContain('You were signed out before this was saved')
    expect(restored.body).toMatch(/value="network-member" checked/)
    expect(restored.body).toMatch(/value="7" checked/)
    expect(restored.body).toContain('Walks Leo to school')
  })

  it('draws every perspective over time, with the same numbers in a table', async () => {
    const page = await rowan.get(base)
    expect(page.body).toContain('<svg')
    expect(page.body).toContain('role="img"')
    expect(page.body).toMatch(/<desc id="chart-desc">[^<]*Leo \(7\): 8 on 1 October 2026/)
    expect(page.body).toMatch(/<caption[^>]*>\s*The numbers in the chart/)
  })
})

describe('the scaling chart', () => {
  it('puts each perspective\'s score at the right height, and lists them in the table', () => {
    const chart = scalingChart([
      { date: '2026-10-01', perspective: 'Claire', score: 6 }, { date: '2026-11-01', perspective: 'Claire', score: 7 },
      { date: '2026-11-01', perspective: 'Leo', score: 9 },
    ], 'Scores')
    expect(chart.dates).toEqual(['2026-10-01', '2026-11-01'])
    expect(chart.perspectives).toEqual(['Claire', 'Leo'])
    expect(chart.table).toEqual([[6, undefined], [7, 9]])
    expect(chart.svg).toContain('<polyline')
    expect(chart.svg).toContain('Claire: 6 on 1 October 2026, 7 on 1 November 2026. Leo: 9 on 1 November 2026')
  })
})

describe('scaling a statement', () => {
  let t: TestApp
  beforeAll(async () => { t = await startTestApp() })
  afterAll(async () => { await t.close() })

  it('charts each statement\'s scores over time, apart from the overall scale', async () => {
    const rowan = await signedIn(t.app, 'practitioner@fellside.example')
    const familyId = await familyIdNamed(t.db, 'The Ashworth family')
    const statement = (await t.db.owner<{ entry_id: string }>(`select v.entry_id from map_entry_versions v join map_entries e on e.id = v.entry_id where e.category = 'danger' limit 1`)).rows[0]?.entry_id ?? ''
    const base = `/families/${familyId}/map/scaling`
    await rowan.get(base)
    const started = await rowan.post(base, { question: statement, heldOn: '5/11/2026' })
    const round = String(started.headers.location)
    const page = await rowan.get(round)
    await rowan.post(round, { submissionId: /name="submissionId" value="([^"]+)"/.exec(page.body)?.[1] ?? crypto.randomUUID(), perspectiveKind: 'parent-carer', perspectiveName: 'Claire (mum)', score: '5', why: 'Better', onePointHigher: 'More' })
    const overview = await rowan.get(base)
    expect(overview.body).toContain('Danger statement: scores over time')
    expect(overview.body).toMatch(/<desc id="statement-0-desc">Claire \(mum\): 5 on 5 November 2026/)
    expect(overview.body).toContain('No overall scores yet')
  })
})
