import crypto from 'node:crypto'
import path from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import fastifyStatic from '@fastify/static'
import qs from 'node:querystring'
import type { Config } from './config.js'
import type { DatabaseHandle } from './platform/db/database.js'
import { allow } from './platform/access/policy.js'
import { createSecrets } from './platform/auth/secrets.js'
import { createSessionStore } from './platform/auth/sessions.js'
import { cookieNames } from './platform/http/cookies.js'
import { clientErrorHandler, frameworkErrorHandler, setUpErrorHandling } from './platform/http/errors.js'
import { setUpRoutePolicies, setUpSessionsAndAccess, type RoutePolicy } from './platform/http/pipeline.js'
import { setUpSecurityHeaders } from './platform/http/security-headers.js'
import { createHeldSubmissions } from './platform/http/held-submissions.js'
import { setUpUploads } from './platform/http/uploads.js'
import { serverTimeoutOptions, setUpStallTimeout, type ServerTimeouts } from './platform/http/timeouts.js'
import { loggerOptions } from './platform/logging.js'
import { PROJECT_ROOT, PUBLIC_BUILD } from './platform/paths.js'
import { setUpViews } from './platform/views/setup.js'
import { createSignInService, signInRoutes } from './features/sign-in/index.js'
import { healthRoutes } from './features/health/health.routes.js'
import { staticPageRoutes } from './features/static-pages/static-pages.routes.js'
import { homeRoutes } from './features/home/home.routes.js'
import { accountRoutes } from './features/account/account.routes.js'
import { createUsersService } from './features/users/users.service.js'
import { usersRoutes } from './features/users/users.routes.js'
import { createSignInActivityService } from './features/sign-in-activity/sign-in-activity.service.js'
import { signInActivityRoutes } from './features/sign-in-activity/sign-in-activity.routes.js'
import { createSettingsService } from './features/settings/settings.service.js'
import { settingsRoutes } from './features/settings/settings.routes.js'
import { createFamiliesService } from './features/families/families.service.js'
import { familiesRoutes } from './features/families/families.routes.js'
import { createLevelService } from './features/families/level.service.js'
import { levelRoutes } from './features/families/level.routes.js'
import { createRecordService } from './features/families/record.service.js'
import { recordRoutes } from './features/families/record.routes.js'
import { createLanguageService } from './features/language/language.service.js'
import { languageRoutes } from './features/language/language.routes.js'
import { createMapService } from './features/map/map.service.js'
import { mapRoutes } from './features/map/map.routes.js'
import { createScalingService } from './features/scaling/scaling.service.js'
import { scalingRoutes } from './features/scaling/scaling.routes.js'
import { createNetworkService, networkRoutes } from './features/network/index.js'
import { createPicturesService } from './features/pictures/pictures.service.js'
import { picturesRoutes } from './features/pictures/pictures.routes.js'
import { createBookletsService } from './features/booklets/booklets.service.js'
import { bookletsRoutes } from './features/booklets/booklets.routes.js'
import { createVoiceService } from './features/voice/voice.service.js'
import { voiceRoutes } from './features/voice/voice.routes.js'
import { createPlanService } from './features/plan/plan.service.js'
import { planRoutes } from './features/plan/plan.routes.js'
import { createReadinessService } from './features/readiness/readiness.service.js'
import { readinessRoutes } from './features/readiness/readiness.routes.js'
import { createSharingService } from './features/sharing/sharing.service.js'
import { sharingRoutes } from './features/sharing/sharing.routes.js'
import { createFamilySpaceService, familySpaceRoutes } from './features/family-space/index.js'
import { createPartnerService, partnerRoutes } from './features/partner/index.js'
import { createProtectionService } from './features/protection/protection.service.js'
import { protectionRoutes } from './features/protection/protection.routes.js'

export interface AppDependencies {
  config: Config
  database: DatabaseHandle
  version?: string
  /** Shorter request timeouts, for tests of them. */
  timeouts?: Partial<ServerTimeouts>
}

export interface MapwellApp {
  app: FastifyInstance
  routePolicies: RoutePolicy[]
}

/** The whole application: platform plugins in the order requests meet them, then the features. */
export async function buildApp({ config, database, version = 'dev', timeouts }: AppDependencies): Promise<MapwellApp> {
  const frameworkErrors = frameworkErrorHandler({ strictTransport: config.secureCookies })
  const app = Fastify({
    ...serverTimeoutOptions(timeouts),
    frameworkErrors: frameworkErrors.handler,
    clientErrorHandler,
    logger: loggerOptions(config.logLevel),
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
    trustProxy: config.trustProxy,
    bodyLimit: config.requestBodyLimitBytes,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    return503OnClosing: true,
  })
  frameworkErrors.attach(app)
  setUpStallTimeout(app, timeouts)
  const routePolicies = setUpRoutePolicies(app)

  const secrets = createSecrets(config.secretKey)
  const sessions = createSessionStore(database, config.session)
  const cookies = cookieNames(config.secureCookies)

  // Platform, in the order a request meets it.
  app.addHook('onSend', async (request, reply) => { reply.header('X-Request-Id', request.id) })
  setUpSecurityHeaders(app, { strictTransport: config.secureCookies })
  await app.register(cookie)
  await app.register(formbody, { bodyLimit: config.requestBodyLimitBytes, parser: (body) => qs.parse(body) })
  await setUpUploads(app)
  const held = createHeldSubmissions(database, secrets)
  setUpSessionsAndAccess(app, { sessions, secrets, cookies, secureCookies: config.secureCookies, held })
  setUpViews(app, { sessions, warningSeconds: config.session.warningSeconds, idleSeconds: config.session.idleTimeoutSeconds })
  setUpErrorHandling(app)

  // Files anyone may fetch: GOV.UK Frontend's fonts and images, and our built CSS and JavaScript.
  const govukAssets = path.join(PROJECT_ROOT, 'node_modules', 'govuk-frontend', 'dist', 'govuk', 'assets')
  await app.register(fastifyStatic, { root: [govukAssets, PUBLIC_BUILD], serve: false })
  app.get('/assets/*', { config: { access: allow.public } }, async (request, reply) =>
    reply.sendFile((request.params as { '*': string })['*'], govukAssets, { maxAge: '7d' }))
  app.get('/public/*', { config: { access: allow.public } }, async (request, reply) =>
    reply.sendFile((request.params as { '*': string })['*'], PUBLIC_BUILD, { maxAge: '1h' }))

  // Features.
  const signIn = createSignInService({ database, sessions, secrets, throttle: config.signInThrottle })
  await app.register(healthRoutes({ database, version }))
  await app.register(staticPageRoutes())
  await app.register(signInRoutes({ signIn, sessions, cookies, secureCookies: config.secureCookies }))
  await app.register(homeRoutes({ alerts: (actor) => protection.alerts(actor) }))
  await app.register(accountRoutes({ database, signIn }))
  await app.register(usersRoutes({ users: createUsersService({ database }), held }))
  await app.register(signInActivityRoutes({ activity: createSignInActivityService({ database }) }))
  await app.register(settingsRoutes({ settings: createSettingsService({ database }) }))
  await app.register(familiesRoutes({ families: createFamiliesService({ database }) }))
  await app.register(levelRoutes({ levels: createLevelService({ database }) }))
  await app.register(recordRoutes({ record: createRecordService({ database }) }))
  const language = createLanguageService({ database })
  await app.register(languageRoutes({ language }))
  const map = createMapService({ database })
  await app.register(mapRoutes({ map, language, held }))
  await app.register(scalingRoutes({ scaling: createScalingService({ database }) }))
  await app.register(networkRoutes({ network: createNetworkService({ database }), held }))
  await app.register(picturesRoutes({ pictures: createPicturesService({ database }) }))
  await app.register(bookletsRoutes({ booklets: createBookletsService({ database }), language, held }))
  await app.register(voiceRoutes({ voice: createVoiceService({ database, map }), map, held }))
  await app.register(planRoutes({ plan: createPlanService({ database }), map, language, held }))
  await app.register(readinessRoutes({ readiness: createReadinessService({ database }) }))
  await app.register(sharingRoutes({ sharing: createSharingService({ database, secrets }) }))
  await app.register(familySpaceRoutes({ familySpace: createFamilySpaceService({ database }), held }))
  await app.register(partnerRoutes({ partner: createPartnerService({ database, map }) }))
  const protection = createProtectionService({ database })
  await app.register(protectionRoutes({ protection }))

  await app.ready()
  return { app, routePolicies }
}
