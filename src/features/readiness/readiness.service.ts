import type { Actor } from '../../platform/http/types.js'
import type { Transaction } from '../../platform/db/database.js'
import { formatDate } from '../../platform/views/setup.js'
import { CASEWORKERS, familyChildren, weeksNeeded, type FamilyRecord } from '../../family-record/index.js'
import { summarise as summariseCheckIns } from '../plan/index.js'
import { LEVEL_VOCABULARY } from '../families/index.js'
import * as repository from './readiness.repository.js'
import { workOutReadiness } from './readiness.js'

/** The map as readiness needs it: its version and its goals now. The map feature provides it. */
export type MapReader = (tx: Transaction, familyId: string) => Promise<{ version: number; mapId: string; goals: { entryId: string; text: string }[] } | undefined>

export function createReadinessService(deps: { familyRecord: FamilyRecord; currentMap: MapReader }) {
  const { familyRecord, currentMap } = deps
  return {
    /** The step-down and closure checklist, worked out from the record as it is now. */
    async checklist(actor: Actor, familyId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'readiness.viewed', roles: CASEWORKERS }, async ({ tx, family }) => {
        const threshold = await repository.readinessThreshold(tx, actor.organisationId)
        const map = await currentMap(tx, familyId)
        const times = await repository.goalTimes(tx, familyId)
        const checkIns = await repository.goalCheckIns(tx, familyId)
        const { members, told } = await repository.currentNetwork(tx, familyId)
        const children = await familyChildren(tx, familyId)
        const childBooklets = await repository.bookletsShared(tx, familyId)
        const scores = map === undefined ? [] : await repository.latestScales(tx, map.mapId)
        const words = LEVEL_VOCABULARY[await repository.openLevel(tx, familyId) ?? 'child-in-need']
        const items = workOutReadiness({
          familyId, threshold, words, mapVersion: map?.version ?? 0,
          goals: (map?.goals ?? []).map((goal) => ({
            text: goal.text, weeks: weeksNeeded(goal.text, times.find((time) => time.goalEntryId === goal.entryId)?.weeks).weeks,
            streak: summariseCheckIns(checkIns.filter((checkIn) => checkIn.goalEntryId === goal.entryId)).streak,
          })),
          members: members.map((member) => {
            const toldStatements = told.find((record) => record.memberId === member.id && record.items.includes('danger-statements'))
            return { name: member.name, commitments: member.commitments, toldDangerStatements: toldStatements !== undefined, toldAtMapVersion: toldStatements?.mapVersion ?? null }
          }),
          children: children.map((child) => {
            const booklet = childBooklets.find((row) => row.childPersonId === child.id)
            return { name: child.name, unborn: child.kind === 'unborn-child', explained: (booklet?.shares ?? 0) > 0, bookletStarted: booklet !== undefined }
          }),
          scales: scores.map((row) => ({ perspective: row.perspective, score: row.score, on: formatDate(row.held_on) })),
        })
        return { family, threshold, items, ready: items.every((item) => item.met), scale: words.scale }
      })
    },
  }
}

export type ReadinessService = ReturnType<typeof createReadinessService>
