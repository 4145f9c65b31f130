import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../support/app.js'
import { buildWorld, type Persona, type World } from '../support/personas.js'
import { RULES } from './access-matrix.rules.js'
import type { Rule } from './access-matrix.engine.js'
import { fixtureParams } from './fixtures.js'

/** Who asks each kind of family route, as someone the route lets in. */
const ASKER: Partial<Record<Rule, Persona>> = {
  'casework-family': 'allocated-practitioner',
  'manager-family': 'team-manager',
  'partner-family': 'invited-partner',
  'family': 'parent-a',
  'family-ashworth': 'parent-a',
}

/** Pages that list families (and so name them) without a family in their address. */
const LISTS: Record<string, Persona> = { '/': 'allocated-practitioner', '/families': 'allocated-practitioner', '/partner': 'invited-partner', '/level-requests': 'team-manager' }

/**
 * Every page of a family's record, read by someone allowed to, and the audit rows that one request
 * left. None may read family data without a row naming the family; the whole table is written down
 * in family-route-audit.table.txt, so a page that stops auditing (or starts auditing twice) shows
 * up as a change to it.
 */
describe('the audit rows every family page leaves', () => {
  let t: TestApp
  let world: World
  let params: Record<string, string>
  beforeAll(async () => {
    t = await startTestApp()
    world = await buildWorld(t)
    params = await fixtureParams(t, world)
  }, 120_000)
  afterAll(async () => { await t.close() })

  it('writes an audit row about the family for every family page read, as the table says', async () => {
    const family = world.families.ashworth
    const unaudited: string[] = []
    const table: string[] = []
    const routes = t.routePolicies.filter((route) => route.method === 'GET').map((route) => route.url).sort()
    for (const url of routes) {
      const rule = RULES[`GET ${url}`]
      const asker = LISTS[url] ?? (rule === undefined ? undefined : ASKER[rule])
      if (asker === undefined) continue
      const path = url.replace(/:([A-Za-z]+)/g, (_, name: string) => name === 'familyId' ? family : params[name] ?? 'missing-fixture')
      const response = await world.clients[asker].get(path)
      const requestId = String(response.headers['x-request-id'] ?? '')
      const { rows } = await t.db.owner<{ action: string; about_family: boolean }>(
        `select action, (subject_id = $2 or details->>'familyId' = $2 or details->'familyIds' ? $2) as about_family
           from audit_events where request_id = $1 order by id`, [requestId, family])
      const status = response.statusCode
      // Pages for one family, and lists that name families: each read must name the family it showed.
      const read = status >= 200 && status < 300
      if (read && !rows.some((row) => row.about_family)) unaudited.push(`GET ${url} as ${asker}: ${String(status)}, rows: ${rows.map((row) => row.action).join(', ') || 'none'}`)
      table.push(`GET ${url} | ${asker} | ${String(status)} | ${rows.map((row) => row.action).join(', ') || '-'}`)
    }
    console.log(`METRIC family_routes_audited ${String(table.length)}`)
    expect(unaudited, 'family pages that read the record without an audit row naming the family').toEqual([])
    expect(table.length).toBeGreaterThan(60)
    await expect(`${table.join('\n')}\n`).toMatchFileSnapshot('./family-route-audit.table.txt')
  }, 300_000)

  it('audits a refused request for another team\'s family, naming the family', async () => {
    const family = world.families.ashworth
    const response = await world.clients['other-team-practitioner'].get(`/families/${family}/map`)
    expect(response.statusCode).toBe(404)
    const { rows } = await t.db.owner<{ outcome: string; family: string }>(
      `select outcome, details->>'familyId' as family from audit_events where action = 'access.refused' and request_id = $1`, [String(response.headers['x-request-id'] ?? '')])
    expect(rows).toEqual([{ outcome: 'denied', family }])
  })
})
