import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../support/app.js'
import { buildWorld, PERSONAS, type FamilyKey, type Persona, type World } from '../support/personas.js'
import { ALL_FAMILIES, expected, isFormExpired, refused, type Rule } from './access-matrix.engine.js'
import { RULES, DESTRUCTIVE } from './access-matrix.rules.js'
import { fixtureParams } from './fixtures.js'

/**
 * Every route × every persona × every family relation: who is let through and who is refused.
 * The rule for each route is written down in access-matrix.rules.ts; a route without one fails.
 * Routes that name only a family are asked about all five families; routes that name something
 * inside a family (an entry, a rule, a picture…) are asked about the Ashworth family's own things.
 * Routes that end or remove something are sent by the personas who should be refused with a real
 * form token (and must be refused), and by those who should be let through with a spoiled token
 * (and must get as far as the token check), so the matrix changes nothing.
 */
describe('the access matrix', () => {
  let t: TestApp
  let world: World
  let params: Record<string, string>
  const tokens = new Map<Persona, string>()
  beforeAll(async () => {
    t = await startTestApp()
    world = await buildWorld(t)
    params = await fixtureParams(t, world)
    // Each session's form token, so that every post is a real form post from that person.
    for (const persona of PERSONAS) {
      const client = world.clients[persona]
      await client.get(persona === 'signed-out' ? '/sign-in' : '/account')
      tokens.set(persona, client.csrfToken())
    }
  }, 120_000)
  afterAll(async () => { await t.close() })

  it('has a written rule for every live route, and no rule for a route that is gone', () => {
    // HEAD routes are Fastify's automatic twins of GET routes and answer the same way.
    const live = t.routePolicies.filter((route) => route.method !== 'HEAD').map((route) => `${route.method} ${route.url}`)
    expect(live.filter((key) => !(key in RULES)), 'routes with no rule in access-matrix.rules.ts').toEqual([])
    expect(Object.keys(RULES).filter((key) => !live.includes(key)), 'rules for routes that no longer exist').toEqual([])
  })

  it('lets through exactly the people the rules say, and refuses everyone else (0 mismatches)', async () => {
    const mismatches: string[] = []
    let cells = 0
    for (const route of t.routePolicies.filter((candidate) => candidate.method !== 'HEAD')) {
      const key = `${route.method} ${route.url}`
      const rule: Rule | undefined = RULES[key]
      if (rule === undefined) continue
      const names = [...route.url.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1] ?? '')
      const insideFamily = names.some((name) => name !== 'familyId')
      const familyKeys: (FamilyKey | undefined)[] = names.includes('familyId') ? (insideFamily ? ['ashworth'] : [...ALL_FAMILIES]) : [undefined]
      for (const familyKey of familyKeys) {
        const url = route.url.replace(/:([A-Za-z]+)/g, (_, name: string) => name === 'familyId' && familyKey !== undefined ? world.families[familyKey] : params[name] ?? 'missing-fixture')
          .replace('/assets/*', '/assets/images/favicon.ico').replace('/public/*', '/public/app.css')
        if (url.includes('missing-fixture')) { mismatches.push(`${key}: no fixture for a parameter`); continue }
        for (const persona of PERSONAS) {
          cells += 1
          const client = world.clients[persona]
          const allowed = expected(rule, persona, familyKey)
          let response
          if (route.method === 'GET') response = await client.get(url)
          else if (DESTRUCTIVE.has(key) && allowed) response = await client.post(url, {}, 'spoiled-token')
          else response = await client.post(url, {}, tokens.get(persona) ?? '')
          const wasRefused = refused(response)
          const passed = DESTRUCTIVE.has(key) && allowed && route.method !== 'GET' ? isFormExpired(response) || !wasRefused : wasRefused !== allowed
          if (!passed) mismatches.push(`${key} [${familyKey ?? '-'}] as ${persona}: expected ${allowed ? 'allowed' : 'refused'}, got ${String(response.statusCode)} ${response.headers.location ?? ''}`)
        }
      }
    }
    console.log(`METRIC access_matrix_cells ${String(cells)} (routes ${String(Object.keys(RULES).length)} × personas ${String(PERSONAS.length)} × family relations)`)
    expect(mismatches).toEqual([])
  }, 300_000)
})
