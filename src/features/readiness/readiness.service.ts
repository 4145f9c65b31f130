import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import type { DatabaseHandle } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { NotFoundError } from '../../platform/http/errors.js'
import { formatDate } from '../../platform/views/setup.js'
import { bookletShares, booklets, networkMembers, networkToldRecords, organisations, people, safetyPlanCheckIns, safetyPlanGoalTimes, scalingRounds, scalingScores } from '../../db/schema/index.js'
import { familiesVisibleTo } from '../../family-record/index.js'
import { findVisibleFamily } from '../families/families.repository.js'
import { entriesAt, findFamilyMap } from '../map/map.repository.js'
import { familyChildren } from '../voice/voice.service.js'
import { summarise } from '../plan/check-in-summary.js'
import { workOutReadiness } from './readiness.js'

export function createReadinessService(deps: { database: DatabaseHandle }) {
  return {
    /** The step-down and closure checklist, worked out from the record as it is now. */
    async checklist(actor: Actor, familyId: string) {
      return deps.database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await findVisibleFamily(tx, familyId, familiesVisibleTo(actor))
        if (family === undefined) throw new NotFoundError('family')
        const [organisation] = await tx.select({ threshold: organisations.readinessThreshold }).from(organisations).where(eq(organisations.id, actor.organisationId))
        const threshold = organisation?.threshold ?? 7
        const map = await findFamilyMap(tx, familyId)
        const entries = map === undefined ? [] : await entriesAt(tx, map.id)
        const goals = entries.filter((entry) => entry.category === 'goal')
        const times = await tx.select({ goalEntryId: safetyPlanGoalTimes.goalEntryId, weeks: safetyPlanGoalTimes.weeks }).from(safetyPlanGoalTimes)
          .innerJoin(sql`safety_plans sp`, sql`sp.id = ${safetyPlanGoalTimes.planId}`).where(sql`sp.family_id = ${familyId}`)
        const checkIns = await tx.select({ goalEntryId: safetyPlanCheckIns.goalEntryId, checkedOn: safetyPlanCheckIns.checkedOn, result: safetyPlanCheckIns.result }).from(safetyPlanCheckIns)
          .innerJoin(sql`safety_plans sp`, sql`sp.id = ${safetyPlanCheckIns.planId}`).where(sql`sp.family_id = ${familyId} and ${safetyPlanCheckIns.goalEntryId} is not null`)
        const members = await tx.select({ id: networkMembers.id, name: sql<string>`${people.givenName} || ' ' || ${people.familyNameOfPerson}`, commitments: networkMembers.commitments })
          .from(networkMembers).innerJoin(people, eq(people.id, networkMembers.personId)).where(and(eq(networkMembers.familyId, familyId), isNull(networkMembers.leftOn)))
        const told = await tx.select({ memberId: networkToldRecords.memberId, items: networkToldRecords.items, mapVersion: networkToldRecords.mapVersion })
          .from(networkToldRecords).where(eq(networkToldRecords.familyId, familyId)).orderBy(desc(networkToldRecords.toldOn), desc(networkToldRecords.recordedAt))
        const children = await familyChildren(tx, familyId)
        const childBooklets = await tx.select({ childPersonId: booklets.childPersonId, shares: sql<number>`count(${bookletShares.id})::int` })
          .from(booklets).leftJoin(bookletShares, eq(bookletShares.bookletId, booklets.id)).where(eq(booklets.familyId, familyId)).groupBy(booklets.childPersonId)
        const scores = map === undefined ? { rows: [] } : await tx.execute<{ perspective: string; score: number; held_on: string }>(sql`
          select distinct on (lower(s.perspective_name)) s.perspective_name as perspective, s.score, r.held_on::text as held_on
            from ${scalingScores} s join ${scalingRounds} r on r.id = s.round_id
           where r.map_id = ${map.id} and r.entry_id is null and (not r.blind or r.revealed_at is not null)
           order by lower(s.perspective_name), r.held_on desc, s.recorded_at desc`)
        const items = workOutReadiness({
          familyId, threshold, mapVersion: map?.version ?? 0,
          goals: goals.map((goal) => ({
            text: goal.text, weeks: times.find((time) => time.goalEntryId === goal.entryId)?.weeks,
            streak: summarise(checkIns.filter((checkIn) => checkIn.goalEntryId === goal.entryId)).streak,
          })),
          members: members.map((member) => {
            const toldStatements = told.find((record) => record.memberId === member.id && record.items.includes('danger-statements'))
            return { name: member.name, commitments: member.commitments, toldDangerStatements: toldStatements !== undefined, toldAtMapVersion: toldStatements?.mapVersion ?? null }
          }),
          children: children.map((child) => {
            const booklet = childBooklets.find((row) => row.childPersonId === child.id)
            return { name: child.name, unborn: child.kind === 'unborn-child', explained: (booklet?.shares ?? 0) > 0, bookletStarted: booklet !== undefined }
          }),
          scales: scores.rows.map((row) => ({ perspective: row.perspective, score: row.score, on: formatDate(row.held_on) })),
        })
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'readiness.viewed', subjectType: 'family', subjectId: familyId, requestId: actor.requestId })
        return { family, threshold, items, ready: items.every((item) => item.met) }
      })
    },
  }
}

export type ReadinessService = ReturnType<typeof createReadinessService>
