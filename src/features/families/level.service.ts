import { and, eq, isNull } from 'drizzle-orm'
import type { DatabaseHandle } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.js'
import { chronologyEvents, episodes, levelChanges, type LevelOfHelp } from '../../db/schema/index.js'
import { familiesVisibleTo } from '../../family-record/index.js'
import { findVisibleFamily } from './families.repository.js'
import { LEVEL_VOCABULARY, directionOfChange } from './levels.js'

export type LevelDecision = { to: LevelOfHelp | 'closed'; on: string; reason: string }

/** Stepping up, stepping down or closing: the same episode and map go on, with the change recorded. */
export function createLevelService(deps: { database: DatabaseHandle }) {
  return {
    async current(actor: Actor, familyId: string) {
      return deps.database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await findVisibleFamily(tx, familyId, familiesVisibleTo(actor))
        if (family === undefined) throw new NotFoundError('family')
        const [episode] = await tx.select().from(episodes).where(and(eq(episodes.familyId, familyId), isNull(episodes.closedOn)))
        return { family, episode }
      })
    },

    async change(actor: Actor, familyId: string, decision: LevelDecision): Promise<{ outcome: 'saved' } | { outcome: 'refused'; reason: string }> {
      if (!['practitioner', 'team-manager', 'conference-chair'].includes(actor.role)) throw new ForbiddenError('This role cannot change the level of help')
      return deps.database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await findVisibleFamily(tx, familyId, familiesVisibleTo(actor))
        if (family === undefined) throw new NotFoundError('family')
        const [episode] = await tx.select().from(episodes).where(and(eq(episodes.familyId, familyId), isNull(episodes.closedOn))).for('update')
        if (episode === undefined) return { outcome: 'refused' as const, reason: 'This family has no open help to change.' }
        if (decision.on < episode.startedOn) return { outcome: 'refused' as const, reason: 'The date must be on or after the help started.' }
        if (decision.to === episode.level) return { outcome: 'refused' as const, reason: `The family is already at ${LEVEL_VOCABULARY[episode.level].name.toLowerCase()}.` }
        const change = decision.to === 'closed' ? 'closure' : directionOfChange(episode.level, decision.to)
        if (change === 'same') return { outcome: 'refused' as const, reason: 'Choose a different level.' }
        await tx.insert(levelChanges).values({
          organisationId: actor.organisationId, episodeId: episode.id, change, fromLevel: episode.level,
          toLevel: decision.to === 'closed' ? null : decision.to, changedOn: decision.on, reason: decision.reason, recordedBy: actor.userId,
        })
        await tx.update(episodes).set(decision.to === 'closed'
          ? { closedOn: decision.on, closureReason: decision.reason }
          : { level: decision.to }).where(eq(episodes.id, episode.id))
        const title = decision.to === 'closed' ? 'Help ended'
          : `${change === 'step-up' ? 'Stepped up' : 'Stepped down'} to ${LEVEL_VOCABULARY[decision.to].name.toLowerCase()}`
        await tx.insert(chronologyEvents).values({ organisationId: actor.organisationId, familyId, occurredOn: decision.on, title, description: decision.reason, recordedBy: actor.userId })
        await recordAudit(tx, {
          organisationId: actor.organisationId, actorUserId: actor.userId, action: `family.${change}`, subjectType: 'family', subjectId: familyId,
          requestId: actor.requestId, details: { from: episode.level, to: decision.to },
        })
        return { outcome: 'saved' as const }
      })
    },
  }
}

export type LevelService = ReturnType<typeof createLevelService>
