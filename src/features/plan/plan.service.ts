import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import type { DatabaseHandle, Transaction } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.js'
import {
  networkMembers, people, safetyPlanAgreements, safetyPlanCheckIns, safetyPlanGoalTimes, safetyPlanRuleVersions, safetyPlanRules, trajectoryStages, users,
  type CheckInResult, type FamilyAccessKind, type RuleKind,
} from '../../db/schema/index.js'
import { familiesVisibleTo, valuesHiddenFromFamily } from '../../family-record/index.js'
import { findVisibleFamily } from '../families/families.repository.js'
import { entriesAt, findFamilyMap } from '../map/map.repository.js'
import { childViewStatus, familyChildWords, familyChildren, type Audience } from '../voice/voice.service.js'
import * as repository from './plan.repository.js'
import type { RuleState } from './plan.repository.js'
import { summarise, type Summary } from './check-in-summary.js'

const EDITING_ROLES = ['practitioner', 'team-manager', 'conference-chair']

export interface RuleFields { text: string; statementEntryId: string | null; whoMakesSure: string; warningSigns: string; ifBroken: string; childWordsIds: string[] }

export type RuleChange =
  | { type: 'add'; kind: RuleKind; fields: RuleFields; submissionId: string }
  | { type: 'edit'; ruleId: string; baseVersion: number; fields: RuleFields; submissionId: string }
  | { type: 'remove'; ruleId: string; baseVersion: number; submissionId: string }

export type RuleResult =
  | { outcome: 'saved' | 'already-saved'; ruleId: string; planVersion: number }
  | { outcome: 'conflict'; theirs: RuleState }
  | { outcome: 'refused'; field: string; reason: string }

export interface CheckInEntry { ruleId?: string; goalEntryId?: string; result: CheckInResult; note: string }

export type AgreeResult = { outcome: 'saved' } | { outcome: 'refused'; reasons: string[] }

export function createPlanService(deps: { database: DatabaseHandle }) {
  const { database } = deps

  async function visibleFamily(tx: Transaction, actor: Actor, familyId: string) {
    const family = await findVisibleFamily(tx, familyId, familiesVisibleTo(actor))
    if (family === undefined) throw new NotFoundError('family')
    return family
  }

  function mustEdit(actor: Actor): void {
    if (!EDITING_ROLES.includes(actor.role)) throw new ForbiddenError('This role cannot change safety plans')
  }

  async function audit(tx: Transaction, actor: Actor, action: string, subjectId: string, details?: Record<string, unknown>) {
    await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action, subjectType: 'family', subjectId, requestId: actor.requestId, details })
  }

  /** The map's statements and goals, which rules answer and check-ins test. */
  async function mapParts(tx: Transaction, familyId: string) {
    const map = await findFamilyMap(tx, familyId)
    const entries = map === undefined ? [] : await entriesAt(tx, map.id)
    return {
      closed: map?.closedOn !== null && map !== undefined,
      statements: entries.filter((entry) => entry.category === 'danger').map((entry) => ({ id: entry.entryId, text: entry.text })),
      goals: entries.filter((entry) => entry.category === 'goal').map((entry) => ({ id: entry.entryId, text: entry.text, statementId: entry.pairedEntryId })),
    }
  }

  async function everything(tx: Transaction, familyId: string, atVersion?: number) {
    const plan = await repository.findPlan(tx, familyId)
    const version = plan === undefined ? 0 : atVersion === undefined ? plan.version : Math.min(Math.max(atVersion, 0), plan.version)
    const rules = plan === undefined ? [] : await repository.rulesAt(tx, plan.id, version)
    const { statements, goals, closed } = await mapParts(tx, familyId)
    const words = await familyChildWords(tx, familyId)
    const checkIns = plan === undefined ? [] : await tx.select({
      id: safetyPlanCheckIns.id, ruleId: safetyPlanCheckIns.ruleId, goalEntryId: safetyPlanCheckIns.goalEntryId, checkedOn: safetyPlanCheckIns.checkedOn,
      result: safetyPlanCheckIns.result, checkedBy: safetyPlanCheckIns.checkedBy, note: safetyPlanCheckIns.note,
      // Set when a family or network member recorded it themselves, from their family's space.
      familySpaceKind: sql<FamilyAccessKind | null>`(select member_access.kind from family_access member_access where member_access.user_id = ${safetyPlanCheckIns.recordedBy})`,
    }).from(safetyPlanCheckIns).where(eq(safetyPlanCheckIns.planId, plan.id)).orderBy(desc(safetyPlanCheckIns.checkedOn), desc(safetyPlanCheckIns.recordedAt))
    const agreements = plan === undefined ? [] : await tx.select({ planVersion: safetyPlanAgreements.planVersion, agreedBy: safetyPlanAgreements.agreedBy, agreedOn: safetyPlanAgreements.agreedOn, recordedByName: users.displayName })
      .from(safetyPlanAgreements).innerJoin(users, eq(users.id, safetyPlanAgreements.recordedBy)).where(eq(safetyPlanAgreements.planId, plan.id)).orderBy(desc(safetyPlanAgreements.recordedAt))
    const stages = plan === undefined ? [] : await tx.select({ id: trajectoryStages.id, title: trajectoryStages.title, description: trajectoryStages.description, startsOn: trajectoryStages.startsOn, reviewOn: trajectoryStages.reviewOn })
      .from(trajectoryStages).where(and(eq(trajectoryStages.planId, plan.id), isNull(trajectoryStages.removedAt))).orderBy(asc(trajectoryStages.startsOn))
    const goalTimes = plan === undefined ? [] : await tx.select({ goalEntryId: safetyPlanGoalTimes.goalEntryId, weeks: safetyPlanGoalTimes.weeks }).from(safetyPlanGoalTimes).where(eq(safetyPlanGoalTimes.planId, plan.id))
    const summaries = new Map<string, Summary>()
    for (const rule of rules) summaries.set(rule.ruleId, summarise(checkIns.filter((checkIn) => checkIn.ruleId === rule.ruleId)))
    for (const goal of goals) summaries.set(goal.id, summarise(checkIns.filter((checkIn) => checkIn.goalEntryId === goal.id), 8, 'seen'))
    return {
      plan: { id: plan?.id ?? null, version: plan?.version ?? 0, shownVersion: version, latest: plan === undefined || version === plan.version, closed },
      rules, statements, goals, words, checkIns, agreements, stages, goalTimes: new Map(goalTimes.map((row) => [row.goalEntryId, row.weeks])), summaries,
      childViews: await childViewStatus(tx, familyId),
    }
  }

  /** Checks a rule's links: its statement is on this family's map, and its words are this family's children's. */
  async function checkLinks(tx: Transaction, familyId: string, kind: RuleKind, fields: RuleFields): Promise<{ field: string; reason: string } | undefined> {
    const { statements } = await mapParts(tx, familyId)
    if (fields.statementEntryId !== null && !statements.some((statement) => statement.id === fields.statementEntryId)) {
      return { field: 'statement', reason: 'Select a worry statement that is on this family\'s map now' }
    }
    if (kind === 'rule' && fields.statementEntryId === null) return { field: 'statement', reason: 'Select the worry statement this rule answers' }
    const known = new Set((await familyChildWords(tx, familyId)).map((item) => item.id))
    if (fields.childWordsIds.some((id) => !known.has(id))) return { field: 'childWords', reason: 'Select only words the children in this family have said' }
    return undefined
  }

  return {
    async view(actor: Actor, familyId: string, atVersion?: number) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        const data = await everything(tx, familyId, atVersion)
        const familyResponses = await repository.familyResponses(tx, familyId)
        await audit(tx, actor, 'plan.viewed', familyId, { planVersion: data.plan.shownVersion })
        return { family, ...data, familyResponses }
      })
    },

    async rule(actor: Actor, familyId: string, ruleId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        const data = await everything(tx, familyId)
        const rule = data.rules.find((candidate) => candidate.ruleId === ruleId)
        if (rule === undefined) throw new NotFoundError('rule')
        await audit(tx, actor, 'plan.rule-viewed', familyId, { ruleId })
        return { family, ...data, rule }
      })
    },

    /** One change to a rule or bottom line, in one transaction: access, idempotency, conflicts, links, the new version, the audit row. */
    async applyRule(actor: Actor, familyId: string, change: RuleChange): Promise<RuleResult> {
      mustEdit(actor)
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        const plan = await repository.ensurePlan(tx, actor.organisationId, familyId)
        const [earlier] = await tx.select({ ruleId: safetyPlanRuleVersions.ruleId, planVersion: safetyPlanRuleVersions.planVersion }).from(safetyPlanRuleVersions)
          .where(and(eq(safetyPlanRuleVersions.planId, plan.id), eq(safetyPlanRuleVersions.submissionId, change.submissionId)))
        if (earlier !== undefined) return { outcome: 'already-saved' as const, ...earlier }
        let ruleId: string
        let version: number
        let fields: RuleFields
        let kind: RuleKind
        if (change.type === 'add') {
          kind = change.kind
          const problem = await checkLinks(tx, familyId, kind, change.fields)
          if (problem !== undefined) return { outcome: 'refused' as const, ...problem }
          const [created] = await tx.insert(safetyPlanRules).values({ organisationId: actor.organisationId, planId: plan.id, kind }).returning({ id: safetyPlanRules.id })
          if (created === undefined) throw new Error('rule not made')
          ruleId = created.id
          version = 1
          fields = change.fields
        } else {
          const rule = await repository.findRule(tx, plan.id, change.ruleId, true)
          if (rule === undefined || rule.removedAt !== null) throw new NotFoundError('rule')
          kind = rule.kind
          const current = (await repository.rulesAt(tx, plan.id)).find((candidate) => candidate.ruleId === rule.id)
          if (current === undefined) throw new NotFoundError('rule')
          if (rule.currentVersion !== change.baseVersion) return { outcome: 'conflict' as const, theirs: current }
          if (change.type === 'edit') {
            const problem = await checkLinks(tx, familyId, kind, change.fields)
            if (problem !== undefined) return { outcome: 'refused' as const, ...problem }
            fields = change.fields
          } else {
            fields = { text: current.text, statementEntryId: current.statementEntryId, whoMakesSure: current.whoMakesSure, warningSigns: current.warningSigns, ifBroken: current.ifBroken, childWordsIds: current.childWordsIds }
          }
          ruleId = rule.id
          version = rule.currentVersion + 1
          await tx.update(safetyPlanRules).set({ currentVersion: version, removedAt: change.type === 'remove' ? new Date() : null }).where(eq(safetyPlanRules.id, rule.id))
        }
        const planVersion = await repository.bumpPlanVersion(tx, plan.id)
        await tx.insert(safetyPlanRuleVersions).values({
          organisationId: actor.organisationId, ruleId, planId: plan.id, version, planVersion,
          change: change.type === 'add' ? 'added' : change.type === 'edit' ? 'changed' : 'removed',
          text: fields.text, statementEntryId: fields.statementEntryId, whoMakesSure: fields.whoMakesSure, warningSigns: fields.warningSigns,
          ifBroken: fields.ifBroken, childWordsIds: fields.childWordsIds, typedBy: actor.userId, submissionId: change.submissionId,
        })
        await audit(tx, actor, `plan.rule-${change.type === 'add' ? 'added' : change.type === 'edit' ? 'changed' : 'removed'}`, familyId, { ruleId, kind, planVersion })
        return { outcome: 'saved' as const, ruleId, planVersion }
      })
    },

    /**
     * Records who agreed the plan as it stands. Refused unless every child on it has their own view
     * recorded, or a written reason why not: the child's view governs the plan.
     */
    async agree(actor: Actor, familyId: string, input: { planVersion: number; agreedBy: string[]; agreedOn: string }, submissionId: string): Promise<AgreeResult> {
      mustEdit(actor)
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        const plan = await repository.findPlan(tx, familyId, true)
        if (plan === undefined || (await repository.rulesAt(tx, plan.id)).length === 0) return { outcome: 'refused' as const, reasons: ['Write the plan\'s rules before recording that it is agreed.'] }
        const [earlier] = await tx.select({ id: safetyPlanAgreements.id }).from(safetyPlanAgreements).where(and(eq(safetyPlanAgreements.planId, plan.id), eq(safetyPlanAgreements.submissionId, submissionId)))
        if (earlier !== undefined) return { outcome: 'saved' as const }
        if (plan.version !== input.planVersion) {
          return { outcome: 'refused' as const, reasons: [`The plan has changed since you opened this page: it is now version ${String(plan.version)}. Check the changes, then record the agreement again.`] }
        }
        const missing = (await childViewStatus(tx, familyId)).filter((status) => !status.recorded)
        if (missing.length > 0) {
          return {
            outcome: 'refused' as const,
            reasons: missing.map((status) => `${status.child.name}'s view is not recorded. Record a session with ${status.child.name}, or write why their view cannot be recorded and how their experience was observed.`),
          }
        }
        await tx.insert(safetyPlanAgreements).values({ organisationId: actor.organisationId, planId: plan.id, planVersion: plan.version, agreedBy: input.agreedBy.join(', '), agreedOn: input.agreedOn, recordedBy: actor.userId, submissionId })
        await audit(tx, actor, 'plan.agreed', familyId, { planVersion: plan.version, people: input.agreedBy.length })
        return { outcome: 'saved' as const }
      })
    },

    /** A round of check-ins: each rule and goal kept, not kept or not tested, on one date. */
    async recordCheckIns(actor: Actor, familyId: string, input: { checkedOn: string; checkedBy: string; entries: CheckInEntry[] }, submissionId: string): Promise<{ outcome: 'saved' } | { outcome: 'refused'; reason: string }> {
      mustEdit(actor)
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        const plan = await repository.ensurePlan(tx, actor.organisationId, familyId)
        const [earlier] = await tx.select({ id: safetyPlanCheckIns.id }).from(safetyPlanCheckIns).where(and(eq(safetyPlanCheckIns.planId, plan.id), eq(safetyPlanCheckIns.submissionId, submissionId))).limit(1)
        if (earlier !== undefined) return { outcome: 'saved' as const }
        const rules = new Set((await repository.rulesAt(tx, plan.id)).map((rule) => rule.ruleId))
        const goals = new Set((await mapParts(tx, familyId)).goals.map((goal) => goal.id))
        if (input.entries.some((entry) => (entry.ruleId !== undefined && !rules.has(entry.ruleId)) || (entry.goalEntryId !== undefined && !goals.has(entry.goalEntryId)))) {
          return { outcome: 'refused' as const, reason: 'A rule or goal has changed since you opened this page. Check the plan, then record the check-ins again.' }
        }
        await tx.insert(safetyPlanCheckIns).values(input.entries.map((entry) => ({
          organisationId: actor.organisationId, planId: plan.id, ruleId: entry.ruleId ?? null, goalEntryId: entry.goalEntryId ?? null, checkedOn: input.checkedOn,
          result: entry.result, checkedBy: input.checkedBy, note: entry.note, recordedBy: actor.userId, submissionId,
        })))
        await audit(tx, actor, 'plan.checked-in', familyId, { checkedOn: input.checkedOn, count: input.entries.length })
        return { outcome: 'saved' as const }
      })
    },

    async setGoalTimes(actor: Actor, familyId: string, weeks: Map<string, number>): Promise<void> {
      mustEdit(actor)
      await database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        const plan = await repository.ensurePlan(tx, actor.organisationId, familyId)
        const goals = new Set((await mapParts(tx, familyId)).goals.map((goal) => goal.id))
        for (const [goalEntryId, count] of weeks) {
          if (!goals.has(goalEntryId)) throw new NotFoundError('goal')
          await tx.insert(safetyPlanGoalTimes).values({ organisationId: actor.organisationId, planId: plan.id, goalEntryId, weeks: count })
            .onConflictDoUpdate({ target: safetyPlanGoalTimes.goalEntryId, set: { weeks: count } })
        }
        await audit(tx, actor, 'plan.goal-times-set', familyId, { goals: weeks.size })
      })
    },

    async addStage(actor: Actor, familyId: string, stage: { title: string; description: string; startsOn: string; reviewOn: string }, submissionId: string): Promise<void> {
      mustEdit(actor)
      await database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        const plan = await repository.ensurePlan(tx, actor.organisationId, familyId)
        const inserted = await tx.insert(trajectoryStages).values({ organisationId: actor.organisationId, planId: plan.id, ...stage, createdBy: actor.userId, submissionId })
          .onConflictDoNothing().returning({ id: trajectoryStages.id })
        if (inserted[0] !== undefined) await audit(tx, actor, 'plan.stage-added', familyId, { stageId: inserted[0].id })
      })
    },

    async removeStage(actor: Actor, familyId: string, stageId: string): Promise<void> {
      mustEdit(actor)
      await database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        const plan = await repository.findPlan(tx, familyId)
        if (plan === undefined) throw new NotFoundError('stage')
        const removed = await tx.update(trajectoryStages).set({ removedAt: new Date() })
          .where(and(eq(trajectoryStages.id, stageId), eq(trajectoryStages.planId, plan.id), isNull(trajectoryStages.removedAt))).returning({ id: trajectoryStages.id })
        if (removed.length === 0) throw new NotFoundError('stage')
        await audit(tx, actor, 'plan.stage-removed', familyId, { stageId })
      })
    },

    /** The family's parents and carers, who agree the plan with the network. */
    async parents(actor: Actor, familyId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        return tx.select({ id: people.id, name: sql<string>`${people.givenName} || ' ' || ${people.familyNameOfPerson}` }).from(people)
          .where(and(eq(people.familyId, familyId), eq(people.kind, 'parent-carer'))).orderBy(asc(people.givenName))
      })
    },

    /** The people a copy of the plan can be made for: the family, and each member of the network. */
    async copyFor(actor: Actor, familyId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        return tx.select({ id: networkMembers.id, name: sql<string>`${people.givenName} || ' ' || ${people.familyNameOfPerson}` })
          .from(networkMembers).innerJoin(people, eq(people.id, networkMembers.personId))
          .where(and(eq(networkMembers.familyId, familyId), isNull(networkMembers.leftOn))).orderBy(asc(people.givenName))
      })
    },

    /**
     * What the plan's printed copy holds for its reader: the family (parents), or one network member.
     * The children's words go in only where the child chose to share them with that reader.
     */
    async document(actor: Actor, familyId: string, reader: { kind: 'family' } | { kind: 'network-member'; memberId: string }) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        let readerName = family.familyName
        if (reader.kind === 'network-member') {
          const [member] = await tx.select({ name: sql<string>`${people.givenName} || ' ' || ${people.familyNameOfPerson}` }).from(networkMembers).innerJoin(people, eq(people.id, networkMembers.personId))
            .where(and(eq(networkMembers.id, reader.memberId), eq(networkMembers.familyId, familyId)))
          if (member === undefined) throw new NotFoundError('network member')
          readerName = member.name
        }
        const audience: Audience = reader.kind === 'family' ? 'parents' : 'network'
        const data = await everything(tx, familyId)
        const children = await familyChildren(tx, familyId)
        const shareable = data.words.filter((item) => audience === 'parents' ? item.parentsMaySee : item.networkMaySee)
        await audit(tx, actor, 'plan.copy-made', familyId, { reader: reader.kind, planVersion: data.plan.version })
        // What is hidden from anyone in the family is blanked in every copy made for them.
        return { family, readerName, audience, ...data, words: shareable, children, hidden: await valuesHiddenFromFamily(tx, familyId) }
      })
    },
  }
}

export type PlanService = ReturnType<typeof createPlanService>
