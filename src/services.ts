import type { Config } from './config.js'
import type { DatabaseHandle } from './platform/db/database.js'
import { createSecrets } from './platform/auth/secrets.js'
import { createSessionStore } from './platform/auth/sessions.js'
import { createHeldSubmissions } from './platform/http/held-submissions.js'
import { createRefusalLog } from './platform/audit/refusals.js'
import { createFamilyRecord } from './family-record/index.js'
import { createSignInService } from './features/sign-in/index.js'
import { createUsersService } from './features/users/index.js'
import { createSignInActivityService } from './features/sign-in-activity/sign-in-activity.service.js'
import { createSettingsService } from './features/settings/index.js'
import { createFeedbackService } from './features/feedback/index.js'
import { createFamiliesService, createLevelService, createRecordService } from './features/families/index.js'
import { createLanguageService } from './features/language/index.js'
import { createMapService, entriesAt, findFamilyMap } from './features/map/index.js'
import { createScalingService, scalingRecords } from './features/scaling/index.js'
import { createNetworkService } from './features/network/index.js'
import { createPicturesService } from './features/pictures/index.js'
import { createBookletsService } from './features/booklets/index.js'
import { createVoiceService } from './features/voice/index.js'
import { createPlanService } from './features/plan/index.js'
import { createReadinessService } from './features/readiness/index.js'
import { createAccountService } from './features/account/index.js'
import { createSharingService } from './features/sharing/index.js'
import { createFamilySpaceService } from './features/family-space/index.js'
import { createPartnerService } from './features/partner/index.js'
import { createShareReviewService } from './features/share-review/index.js'
import { activeAdministrators, createProtectionService, insertAlerts } from './features/protection/index.js'
import { createHomeService } from './features/home/index.js'

/**
 * The composition root: the platform's stores, then the family record every feature works
 * through, then the features' services. Nothing here knows about HTTP, so tests can build the
 * real services on a real database without Fastify.
 */
export function createServices({ config, database }: { config: Config; database: DatabaseHandle }) {
  const secrets = createSecrets(config.secretKey)
  const sessions = createSessionStore(database, config.session)
  const held = createHeldSubmissions(database, secrets)
  const familyRecord = createFamilyRecord({ database })
  // A burst of refused requests for families' records is told to the organisation's administrators.
  const refusals = createRefusalLog(database, {
    onBurst: async (tx, who, count) => {
      await insertAlerts(tx, who.organisationId, null, await activeAdministrators(tx),
        `${who.displayName} was refused ${String(count)} times in 10 minutes when asking for families' records. Check whether they are looking for records outside their work.`)
    },
  })

  const language = createLanguageService({ database, familyRecord })
  const map = createMapService({ familyRecord, latestScales: scalingRecords.latestWholeMapScores, latestScalesQuery: scalingRecords.latestWholeMapScoresQuery })
  const protection = createProtectionService({ database, familyRecord })
  const readiness = createReadinessService({
    familyRecord,
    currentMap: async (tx, familyId) => {
      const found = await findFamilyMap(tx, familyId)
      if (found === undefined) return undefined
      const goals = (await entriesAt(tx, found.id)).filter((entry) => entry.category === 'goal')
      return { mapId: found.id, version: found.version, goals: goals.map((goal) => ({ entryId: goal.entryId, text: goal.text })) }
    },
  })
  return {
    secrets, sessions, held, familyRecord, refusals,
    signIn: createSignInService({ database, sessions, secrets, throttle: config.signInThrottle }),
    users: createUsersService({ database }),
    account: createAccountService({ database }),
    signInActivity: createSignInActivityService({ database }),
    settings: createSettingsService({ database }),
    feedback: createFeedbackService({ database }),
    families: createFamiliesService({ database, familyRecord }),
    record: createRecordService({ database, familyRecord }),
    language,
    map,
    scaling: createScalingService({ familyRecord }),
    network: createNetworkService({ familyRecord }),
    pictures: createPicturesService({ familyRecord }),
    booklets: createBookletsService({ familyRecord }),
    voice: createVoiceService({ familyRecord, map, mapRecords: { findFamilyMap, entriesAt } }),
    plan: createPlanService({ familyRecord }),
    readiness,
    levels: createLevelService({
      database, familyRecord,
      // The checklist comes from the readiness feature, given here so that families need not import it.
      notMet: async (actor, familyId) => (await readiness.checklist(actor, familyId)).items.filter((item) => !item.met).map((item) => ({ title: item.title, missing: item.missing })),
    }),
    sharing: createSharingService({ database, familyRecord, secrets }),
    familySpace: createFamilySpaceService({ database, familyRecord }),
    partner: createPartnerService({ database, familyRecord, map }),
    shareReview: createShareReviewService({ familyRecord }),
    protection,
    home: createHomeService({ database }),
  }
}

export type Services = ReturnType<typeof createServices>
