import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Fastify from 'fastify'
import { setUpRoutePolicies, MissingAccessPolicyError } from './platform/http/pipeline.js'
import { startTestApp, type TestApp } from '../test/support/app.js'

/**
 * Every route and who may use it. A new route fails this test until it is added here, so adding a
 * route is always a decision about access that a reviewer sees.
 */
const EXPECTED: Record<string, string> = {
  'GET /': 'staff: any role',
  'GET /account': 'staff: any role',
  'GET /account/authenticator-app': 'staff: any role',
  'POST /account/authenticator-app': 'staff: any role',
  'GET /accessibility': 'public',
  'GET /admin/language': 'staff: organisation-administrator',
  'POST /admin/language': 'staff: organisation-administrator',
  'POST /admin/language/recommended': 'staff: organisation-administrator',
  'GET /admin/language/:termId/edit': 'staff: organisation-administrator',
  'POST /admin/language/:termId/edit': 'staff: organisation-administrator',
  'GET /admin/language/:termId/remove': 'staff: organisation-administrator',
  'POST /admin/language/:termId/remove': 'staff: organisation-administrator',
  'POST /api/language/check': 'staff: any role',
  'GET /admin/settings': 'staff: organisation-administrator',
  'POST /admin/settings': 'staff: organisation-administrator',
  'GET /admin/sign-in-activity': 'staff: organisation-administrator',
  'GET /admin/users': 'staff: organisation-administrator',
  'GET /admin/users/:userId': 'staff: organisation-administrator',
  'GET /admin/users/:userId/disable': 'staff: organisation-administrator',
  'POST /admin/users/:userId/disable': 'staff: organisation-administrator',
  'GET /admin/users/:userId/edit': 'staff: organisation-administrator',
  'POST /admin/users/:userId/edit': 'staff: organisation-administrator',
  'GET /admin/users/:userId/enable': 'staff: organisation-administrator',
  'POST /admin/users/:userId/enable': 'staff: organisation-administrator',
  'GET /admin/users/:userId/reset-password': 'staff: organisation-administrator',
  'POST /admin/users/:userId/reset-password': 'staff: organisation-administrator',
  'GET /admin/users/:userId/reset-second-factor': 'staff: organisation-administrator',
  'POST /admin/users/:userId/reset-second-factor': 'staff: organisation-administrator',
  'GET /admin/users/new': 'staff: organisation-administrator',
  'POST /admin/users/new': 'staff: organisation-administrator',
  'GET /assets/*': 'public',
  'GET /cookies': 'public',
  'GET /families': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/new': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/new': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/people/new': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/people/new': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/people/:personId/contact-details/new': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/people/:personId/contact-details/new': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/chronology/new': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/chronology/new': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/people/:personId/edit': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/people/:personId/edit': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/contact-details/:contactId/edit': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/contact-details/:contactId/edit': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/contact-details/:contactId/remove': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/contact-details/:contactId/remove': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/allocation': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/allocation': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/level': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/level': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/map': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/pictures/:pictureId': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/plan': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/plan/rules/new': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/plan/rules/new': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/plan/rules/:ruleId/edit': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/plan/rules/:ruleId/edit': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/plan/rules/:ruleId/remove': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/plan/rules/:ruleId/remove': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/plan/agree': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/plan/agree': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/plan/check-ins/new': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/plan/check-ins/new': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/plan/goal-times': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/plan/goal-times': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/plan/stages/new': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/plan/stages/new': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/plan/stages/:stageId/remove': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/plan/print': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/plan/plan.pdf': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/family-copy.json': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/readiness': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/voice': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/children/:childId/voice': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/children/:childId/sessions/new': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/children/:childId/sessions/new': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/children/:childId/sessions/:sessionId': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/children/:childId/sessions/:sessionId/words/new': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/children/:childId/sessions/:sessionId/words/new': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/child-words/:wordsId/sharing': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/child-words/:wordsId/sharing': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/child-words/:wordsId/place': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/child-words/:wordsId/place': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/children/:childId/view-reason': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/children/:childId/view-reason': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/map/entries/:entryId/child-words': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/map/entries/:entryId/child-words': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/map/add/:category': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/map/add/:category': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/map/entries/:entryId/edit': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/map/entries/:entryId/edit': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/map/entries/:entryId/remove': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/map/entries/:entryId/remove': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/map/scaling': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/map/scaling': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/map/scaling/:roundId': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/map/scaling/:roundId': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/map/scaling/:roundId/reveal': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/map/print': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/map/family-version.pdf': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/map/history': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/map/compare': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/network': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/network/family-tree': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/network/members/new': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/network/members/new': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/network/members/:memberId/edit': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/network/members/:memberId/edit': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/network/members/:memberId/told': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/network/members/:memberId/told': 'staff: conference-chair, practitioner, team-manager',
  'GET /families/:familyId/network/meetings/new': 'staff: conference-chair, practitioner, team-manager',
  'POST /families/:familyId/network/meetings/new': 'staff: conference-chair, practitioner, team-manager',
  'GET /health': 'public',
  'GET /ping': 'public',
  'GET /privacy': 'public',
  'GET /public/*': 'public',
  'GET /session-expired': 'public',
  'GET /session/status': 'staff: any role',
  'POST /session/keep-alive': 'staff: any role',
  'GET /sign-in': 'public',
  'POST /sign-in': 'public',
  'GET /sign-in/new-password': 'signing in: password-change',
  'POST /sign-in/new-password': 'signing in: password-change',
  'GET /sign-in/recovery-code': 'signing in: second-factor',
  'POST /sign-in/recovery-code': 'signing in: second-factor',
  'GET /sign-in/second-factor': 'signing in: second-factor',
  'POST /sign-in/second-factor': 'signing in: second-factor',
  'GET /sign-in/set-up-second-factor': 'signing in: second-factor-enrolment',
  'POST /sign-in/set-up-second-factor': 'signing in: second-factor-enrolment',
  'GET /signed-out': 'public',
  'POST /sign-out': 'public',
}

describe('route access policies', () => {
  let testApp: TestApp
  beforeAll(async () => { testApp = await startTestApp({ demoData: false }) })
  afterAll(async () => { await testApp.close() })

  it('prints the route/policy table and matches the one written down here', () => {
    const actual = Object.fromEntries(testApp.routePolicies
      .filter((route) => route.method !== 'HEAD')
      .map((route) => [`${route.method} ${route.url}`, route.policy]))
    const table = Object.keys(actual).sort().map((key) => `${key.padEnd(52)} ${actual[key] ?? ''}`).join('\n')
    console.log(`Route access policies:\n${table}`)
    const missingFromTable = Object.keys(actual).filter((key) => !(key in EXPECTED))
    const noLongerRoutes = Object.keys(EXPECTED).filter((key) => !(key in actual))
    expect(missingFromTable, 'routes with no entry in the expected table').toEqual([])
    expect(noLongerRoutes, 'entries for routes that no longer exist').toEqual([])
    expect(actual).toEqual(EXPECTED)
  })

  it('refuses to start when a route declares no policy', () => {
    const app = Fastify()
    setUpRoutePolicies(app)
    expect(() => app.get('/forgotten', async () => 'oops')).toThrow(MissingAccessPolicyError)
  })
})
