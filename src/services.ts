import type { Config } from './config.js'
import type { DatabaseHandle } from './platform/db/database.js'
import { createSecrets } from './platform/auth/secrets.js'
import { createSessionStore } from './platform/auth/sessions.js'
import { createHeldSubmissions } from './platform/http/held-submissions.js'
import { createFamilyRecord } from './family-record/index.js'
import { createSignInService } from './features/sign-in/index.js'
import { createUsersService } from './features/users/users.service.js'
import { createSignInActivityService } from './features/sign-in-activity/sign-in-activity.service.js'
import { createSettingsService } from './features/settings/settings.service.js'
import { createFamiliesService } from './features/families/families.service.js'
import { createLevelService } from './features/families/level.service.js'
import { createRecordService } from './features/families/record.service.js'
import { createLanguageService } from './features/language/language.service.js'
import { createMapService } from './features/map/map.service.js'
import { createScalingService } from './features/scaling/scaling.service.js'
import { createNetworkService } from './features/network/index.js'
import { createPicturesService } from './features/pictures/pictures.service.js'
import { createBookletsService } from './features/booklets/booklets.service.js'
import { createVoiceService } from './features/voice/voice.service.js'
import { createPlanService } from './features/plan/plan.service.js'
import { createReadinessService } from './features/readiness/readiness.service.js'
import { createSharingService } from './features/sharing/sharing.service.js'
import { createFamilySpaceService } from './features/family-space/index.js'
import { createPartnerService } from './features/partner/index.js'
import { createProtectionService } from './features/protection/protection.service.js'

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

  const language = createLanguageService({ database, familyRecord })
  const map = createMapService({ database })
  const protection = createProtectionService({ database })
  return {
    secrets, sessions, held, familyRecord,
    signIn: createSignInService({ database, sessions, secrets, throttle: config.signInThrottle }),
    users: createUsersService({ database }),
    signInActivity: createSignInActivityService({ database }),
    settings: createSettingsService({ database }),
    families: createFamiliesService({ database }),
    levels: createLevelService({ database }),
    record: createRecordService({ database }),
    language,
    map,
    scaling: createScalingService({ database }),
    network: createNetworkService({ database }),
    pictures: createPicturesService({ database }),
    booklets: createBookletsService({ database }),
    voice: createVoiceService({ database, map }),
    plan: createPlanService({ database }),
    readiness: createReadinessService({ database }),
    sharing: createSharingService({ database, secrets }),
    familySpace: createFamilySpaceService({ database, familyRecord }),
    partner: createPartnerService({ database, familyRecord, map }),
    protection,
  }
}

export type Services = ReturnType<typeof createServices>
