import type { Actor } from '../../platform/http/types.js'
import { CASEWORKERS, type FamilyRecord } from '../../family-record/index.js'
import type { LevelOfHelp } from '../../db/schema/index.js'
import * as repository from './families.repository.js'
import { LEVEL_VOCABULARY, directionOfChange } from './levels.js'

export type LevelDecision = { to: LevelOfHelp | 'closed'; on: string; reason: string }

/** Stepping up, stepping down or closing: the same episode and map go on, with the change recorded. */
export function createLevelService(deps: { familyRecord: FamilyRecord }) {
  const { familyRecord } = deps
  return {
    async current(actor: Actor, familyId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'family.level-viewed', roles: CASEWORKERS }, async ({ tx, family }) =>
        ({ family, episode: await repository.openEpisode(tx, familyId) }))
    },

    async change(actor: Actor, familyId: string, decision: LevelDecision): Promise<{ outcome: 'saved' } | { outcome: 'refused'; reason: string }> {
      return familyRecord.withFamily(actor, familyId, { action: 'family.level-change-refused', roles: CASEWORKERS }, async ({ tx, audit }) => {
        const episode = await repository.openEpisode(tx, familyId, true)
        audit.outcome = 'failure'
        if (episode === undefined) return { outcome: 'refused' as const, reason: 'This family has no open help to change.' }
        audit.details = { from: episode.level, to: decision.to }
        if (decision.on < episode.startedOn) return { outcome: 'refused' as const, reason: 'The date must be on or after the help started.' }
        if (decision.to === episode.level) return { outcome: 'refused' as const, reason: `The family is already at ${LEVEL_VOCABULARY[episode.level].name.toLowerCase()}.` }
        const change = decision.to === 'closed' ? 'closure' : directionOfChange(episode.level, decision.to)
        if (change === 'same') return { outcome: 'refused' as const, reason: 'Choose a different level.' }
        await repository.recordLevelChange(tx, {
          organisationId: actor.organisationId, episodeId: episode.id, change, fromLevel: episode.level,
          toLevel: decision.to === 'closed' ? null : decision.to, changedOn: decision.on, reason: decision.reason, recordedBy: actor.userId,
        })
        const title = decision.to === 'closed' ? 'Help ended'
          : `${change === 'step-up' ? 'Stepped up' : 'Stepped down'} to ${LEVEL_VOCABULARY[decision.to].name.toLowerCase()}`
        await repository.insertChronologyEvent(tx, actor.organisationId, familyId, { occurredOn: decision.on, title, description: decision.reason, recordedBy: actor.userId })
        audit.action = `family.${change}`
        audit.outcome = 'success'
        return { outcome: 'saved' as const }
      })
    },
  }
}

export type LevelService = ReturnType<typeof createLevelService>
