import crypto from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import qs from 'node:querystring'
import type { Config } from './config.js'
import type { DatabaseHandle } from './platform/db/database.js'
import { cookieNames } from './platform/http/cookies.js'
import { setUpAssetRoutes, setUpCompression } from './platform/http/assets.js'
import { clientErrorHandler, frameworkErrorHandler, setUpErrorHandling } from './platform/http/errors.js'
import { setUpRoutePolicies, setUpSessionsAndAccess, type RoutePolicy } from './platform/http/pipeline.js'
import { setUpSecurityHeaders } from './platform/http/security-headers.js'
import { setUpUploads } from './platform/http/uploads.js'
import { serverTimeoutOptions, setUpStallTimeout, type ServerTimeouts } from './platform/http/timeouts.js'
import { loggerOptions } from './platform/logging.js'
import { setUpViews } from './platform/views/setup.js'
import { setUpRefusalAudit } from './platform/audit/refusals.js'
import { signInRoutes } from './features/sign-in/index.js'
import { healthRoutes } from './features/health/index.js'
import { staticPageRoutes } from './features/static-pages/index.js'
import { homeRoutes } from './features/home/index.js'
import { accountRoutes } from './features/account/index.js'
import { usersRoutes } from './features/users/index.js'
import { signInActivityRoutes } from './features/sign-in-activity/sign-in-activity.routes.js'
import { settingsRoutes } from './features/settings/index.js'
import { feedbackRoutes } from './features/feedback/index.js'
import { familiesRoutes, levelRoutes, recordRoutes } from './features/families/index.js'
import { languageRoutes } from './features/language/index.js'
import { categoryNames, mapRoutes } from './features/map/index.js'
import { scalingRoutes } from './features/scaling/index.js'
import { networkRoutes } from './features/network/index.js'
import { picturesRoutes } from './features/pictures/index.js'
import { bookletsRoutes } from './features/booklets/index.js'
import { voiceRoutes } from './features/voice/index.js'
import { planRoutes } from './features/plan/index.js'
import { readinessRoutes } from './features/readiness/index.js'
import { sharingRoutes } from './features/sharing/index.js'
import { familySpaceRoutes } from './features/family-space/index.js'
import { partnerRoutes } from './features/partner/index.js'
import { shareReviewRoutes } from './features/share-review/index.js'
import { protectionRoutes } from './features/protection/index.js'
import { createServices, type Services } from './services.js'
import { isRecordPath, navigationFor } from './navigation.js'

export interface AppDependencies {
  config: Config
  database: DatabaseHandle
  version?: string
  /** The services to serve; built from config and database when not given. */
  services?: Services
  /** Shorter request timeouts, for tests of them. */
  timeouts?: Partial<ServerTimeouts>
}

export interface MapwellApp {
  app: FastifyInstance
  routePolicies: RoutePolicy[]
}

/** The whole application: platform plugins in the order requests meet them, then the features. */
export async function buildApp({ config, database, version = 'dev', services = createServices({ config, database }), timeouts }: AppDependencies): Promise<MapwellApp> {
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

  const { secrets, sessions, held } = services
  const cookies = cookieNames(config.secureCookies)

  // Platform, in the order a request meets it.
  app.addHook('onSend', async (request, reply) => { reply.header('X-Request-Id', request.id) })
  setUpSecurityHeaders(app, { strictTransport: config.secureCookies })
  await setUpCompression(app)
  await app.register(cookie)
  await app.register(formbody, { bodyLimit: config.requestBodyLimitBytes, parser: (body) => qs.parse(body) })
  await setUpUploads(app)
  setUpSessionsAndAccess(app, { sessions, secrets, cookies, secureCookies: config.secureCookies, held, isRecordPath })
  setUpViews(app, { sessions, warningSeconds: config.session.warningSeconds, idleSeconds: config.session.idleTimeoutSeconds, navigation: navigationFor })
  setUpErrorHandling(app)
  setUpRefusalAudit(app, services.refusals, isRecordPath)

  // Files anyone may fetch: GOV.UK and MoJ Frontend's fonts and images, and our built CSS and JavaScript.
  await setUpAssetRoutes(app)

  // Features.
  const { signIn, language, map } = services
  await app.register(healthRoutes({ database, version }))
  await app.register(staticPageRoutes())
  await app.register(signInRoutes({ signIn, sessions, cookies, secureCookies: config.secureCookies }))
  await app.register(homeRoutes({ home: services.home, alerts: (actor) => services.protection.alerts(actor) }))
  await app.register(accountRoutes({ account: services.account, signIn }))
  await app.register(usersRoutes({ users: services.users, held }))
  await app.register(signInActivityRoutes({ activity: services.signInActivity }))
  await app.register(settingsRoutes({ settings: services.settings }))
  await app.register(feedbackRoutes({ feedback: services.feedback }))
  await app.register(familiesRoutes({ families: services.families }))
  await app.register(levelRoutes({ levels: services.levels, held }))
  await app.register(recordRoutes({ record: services.record, held }))
  await app.register(languageRoutes({ language }))
  await app.register(mapRoutes({ map, language, held }))
  await app.register(scalingRoutes({ scaling: services.scaling, held }))
  await app.register(networkRoutes({ network: services.network, held }))
  await app.register(picturesRoutes({ pictures: services.pictures }))
  await app.register(bookletsRoutes({ booklets: services.booklets, language, held }))
  await app.register(voiceRoutes({ voice: services.voice, map, categoryNames, held }))
  await app.register(planRoutes({ plan: services.plan, map, language, held }))
  await app.register(readinessRoutes({ readiness: services.readiness }))
  await app.register(shareReviewRoutes({ shareReview: services.shareReview }))
  await app.register(sharingRoutes({ sharing: services.sharing, held }))
  await app.register(familySpaceRoutes({ familySpace: services.familySpace, held }))
  await app.register(partnerRoutes({ partner: services.partner }))
  await app.register(protectionRoutes({ protection: services.protection }))

  await app.ready()
  return { app, routePolicies }
}
