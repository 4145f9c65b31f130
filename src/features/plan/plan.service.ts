import type { Transaction } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { NotFoundError } from '../../platform/http/errors.js'
import type { CheckInResult, RuleKind } from '../../db/schema/index.js'
import { CASEWORKERS, applyVersioned, valuesHiddenFromFamily, weeksNeeded, type AuditNote, type FamilyRecord } from '../../family-record/index.js'
import { entriesAt, findFamilyMap } from '../map/index.js'
import { acronymsInUse } from '../language/index.js'
import { childViewStatus, familyChildWords, familyChildren, type Audience } from '../voice/index.js'
import * as repository from './plan.repository.js'
import type { RuleState } from './plan.repository.js'
import { summarise, type Summary } from './check-in-summary.js'

export interface RuleFields { text: string; statementEntryId: string | null; whoMakesSure: string; warningSigns: string; ifBroken: string; childWordsIds: string[] }

export type RuleChange =
  | { type: 'add'; kind: RuleKind; fields: RuleFields; submissionId: string }
  | { type: 'edit'; ruleId: string; baseVersion: number; fields: RuleFields; submissionId: string }
  | { type: 'remove'; ruleId: string; baseVersion: number; submissionId: string }

export type RuleResult =
  | { outcome: 'saved' | 'already-saved'; ruleId: string; planVersion: number }
  /** Someone else changed the rule, or removed it (`removed`), since this person opened it. */
  | { outcome: 'conflict'; theirs: RuleState; removed: boolean }
  | { outcome: 'refused'; field: string; reason: string }

export interface CheckInEntry { ruleId?: string; goalEntryId?: string; result: CheckInResult; note: string }

export type AgreeResult = { outcome: 'saved' } | { outcome: 'refused'; reasons: string[] }

type Problem = { field: string; reason: string }

/** Who reads the plan and who changes it: the caseworkers (families see theirs through their own space). */
const READ = { roles: CASEWORKERS }
const CHANGE = { roles: CASEWORKERS }

const CHANGE_WORD = { add: 'added', edit: 'changed', remove: 'removed' } as const

function refused(audit: AuditNote, details: Record<string, unknown>): void {
  audit.outcome = 'failure'
  audit.details = { ...audit.details, ...details }
}

export function createPlanService(deps: { familyRecord: FamilyRecord }) {
  const { familyRecord } = deps

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
    const checkIns = plan === undefined ? [] : await repository.checkIns(tx, plan.id)
    const agreements = plan === undefined ? [] : await repository.agreements(tx, plan.id)
    const stages = plan === undefined ? [] : await repository.liveStages(tx, plan.id)
    const goalTimes = plan === undefined ? [] : await repository.goalTimes(tx, plan.id)
    const summaries = new Map<string, Summary>()
    for (const rule of rules) summaries.set(rule.ruleId, summarise(checkIns.filter((checkIn) => checkIn.ruleId === rule.ruleId)))
    for (const goal of goals) summaries.set(goal.id, summarise(checkIns.filter((checkIn) => checkIn.goalEntryId === goal.id), 8, 'seen'))
    return {
      plan: { id: plan?.id ?? null, version: plan?.version ?? 0, shownVersion: version, latest: plan === undefined || version === plan.version, closed },
      rules, statements, goals, words, checkIns, agreements, stages, goalTimes: new Map(goalTimes.map((row) => [row.goalEntryId, row.weeks])), summaries,
      // How long each goal needs to be seen: set on the plan, or else read from the goal's own words.
      goalWeeks: new Map(goals.map((goal) => [goal.id, weeksNeeded(goal.text, goalTimes.find((row) => row.goalEntryId === goal.id)?.weeks)])),
      childViews: await childViewStatus(tx, familyId),
    }
  }

  /** Checks a rule's links: its statement is on this family's map, and its words are this family's children's. */
  async function checkLinks(tx: Transaction, familyId: string, kind: RuleKind, fields: RuleFields): Promise<Problem | undefined> {
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
      return familyRecord.withFamily(actor, familyId, { action: 'plan.viewed', ...READ }, async ({ tx, family, audit }) => {
        const data = await everything(tx, familyId, atVersion)
        const familyResponses = await repository.familyResponses(tx, familyId)
        // Who can have a copy of the plan, in the same read: the page lists them.
        const readers = await repository.networkOf(tx, familyId)
        audit.details = { planVersion: data.plan.shownVersion }
        return { family, ...data, familyResponses, readers }
      })
    },

    /**
     * One rule with the plan around it. A removed rule is not found, unless `removedToo` asks for it
     * (to answer a change sent after it was removed with a conflict, not a missing page).
     */
    async rule(actor: Actor, familyId: string, ruleId: string, options: { removedToo?: boolean } = {}) {
      return familyRecord.withFamily(actor, familyId, { action: 'plan.rule-viewed', ...READ }, async ({ tx, family, audit }) => {
        audit.subjectType = 'safety-plan-rule'
        audit.subjectId = ruleId
        const data = await everything(tx, familyId)
        const live = data.rules.find((candidate) => candidate.ruleId === ruleId)
        if (live !== undefined) return { family, ...data, rule: live, removed: false }
        const latest = options.removedToo === true && data.plan.id !== null ? await repository.latestRuleVersion(tx, data.plan.id, ruleId) : undefined
        if (latest === undefined) throw new NotFoundError('rule')
        return { family, ...data, rule: latest, removed: latest.removed }
      })
    },

    /** One change to a rule or bottom line, in one transaction: access, idempotency, conflicts, links, the new version, the audit row. */
    async applyRule(actor: Actor, familyId: string, change: RuleChange): Promise<RuleResult> {
      return familyRecord.withFamily(actor, familyId, { action: `plan.rule-${CHANGE_WORD[change.type]}`, ...CHANGE }, async ({ tx, audit }) => {
        const plan = await repository.ensurePlan(tx, actor.organisationId, familyId)
        let kind: RuleKind | undefined = change.type === 'add' ? change.kind : undefined
        const outcome = await applyVersioned<RuleState, { ruleId: string; planVersion: number } | { problem: Problem }>({
          earlier: () => repository.ruleSubmission(tx, plan.id, change.submissionId),
          base: change.type === 'add' ? undefined : {
            version: change.baseVersion,
            current: async () => {
              const rule = await repository.findRule(tx, plan.id, change.ruleId, true)
              const latest = rule === undefined ? undefined : await repository.latestRuleVersion(tx, plan.id, rule.id)
              if (rule === undefined || latest === undefined) return undefined
              kind = rule.kind
              return { version: rule.currentVersion, removed: rule.removedAt !== null || latest.removed, state: latest }
            },
          },
          write: async (version) => {
            const ruleKind = kind ?? 'rule'
            let fields: RuleFields
            if (change.type === 'remove') {
              const current = await repository.latestRuleVersion(tx, plan.id, change.ruleId)
              if (current === undefined) throw new NotFoundError('rule')
              fields = { text: current.text, statementEntryId: current.statementEntryId, whoMakesSure: current.whoMakesSure, warningSigns: current.warningSigns, ifBroken: current.ifBroken, childWordsIds: current.childWordsIds }
            } else {
              const problem = await checkLinks(tx, familyId, ruleKind, change.fields)
              if (problem !== undefined) return { problem }
              fields = change.fields
            }
            const ruleId = change.type === 'add' ? await repository.insertRule(tx, { organisationId: actor.organisationId, planId: plan.id, kind: ruleKind }) : change.ruleId
            if (change.type !== 'add') await repository.setRuleVersion(tx, ruleId, version, change.type === 'remove')
            const planVersion = await repository.bumpPlanVersion(tx, plan.id)
            await repository.insertRuleVersion(tx, {
              organisationId: actor.organisationId, ruleId, planId: plan.id, version, planVersion, change: CHANGE_WORD[change.type],
              text: fields.text, statementEntryId: fields.statementEntryId, whoMakesSure: fields.whoMakesSure, warningSigns: fields.warningSigns,
              ifBroken: fields.ifBroken, childWordsIds: fields.childWordsIds, typedBy: actor.userId, submissionId: change.submissionId,
            })
            audit.details = { ruleId, kind: ruleKind, planVersion }
            return { ruleId, planVersion }
          },
        })
        audit.subjectType = 'safety-plan-rule'
        if (outcome.outcome === 'conflict') {
          audit.subjectId = outcome.theirs.ruleId
          refused(audit, { conflict: true, removed: outcome.removed, baseVersion: change.type === 'add' ? null : change.baseVersion })
          return { outcome: 'conflict', theirs: outcome.theirs, removed: outcome.removed }
        }
        if ('problem' in outcome.saved) {
          audit.subjectType = 'family'
          refused(audit, { refused: outcome.saved.problem.field })
          return { outcome: 'refused', ...outcome.saved.problem }
        }
        audit.subjectId = outcome.saved.ruleId
        if (outcome.outcome === 'already-saved') audit.details = { ruleId: outcome.saved.ruleId, planVersion: outcome.saved.planVersion, alreadySaved: true }
        return { outcome: outcome.outcome, ruleId: outcome.saved.ruleId, planVersion: outcome.saved.planVersion }
      })
    },

    /**
     * Records who agreed the plan as it stands. Refused unless every child on it has their own view
     * recorded, or a written reason why not: the child's view governs the plan.
     */
    async agree(actor: Actor, familyId: string, input: { planVersion: number; agreedBy: string[]; agreedOn: string }, submissionId: string): Promise<AgreeResult> {
      return familyRecord.withFamily(actor, familyId, { action: 'plan.agreed', ...CHANGE }, async ({ tx, audit }) => {
        const plan = await repository.findPlan(tx, familyId, true)
        if (plan === undefined || (await repository.rulesAt(tx, plan.id)).length === 0) {
          refused(audit, { reason: 'no-rules' })
          return { outcome: 'refused' as const, reasons: ['Write the plan\'s rules before recording that it is agreed.'] }
        }
        const outcome = await applyVersioned<never, AgreeResult>({
          earlier: async () => (await repository.agreementSubmission(tx, plan.id, submissionId)) === undefined ? undefined : { outcome: 'saved' },
          write: async () => {
            if (plan.version !== input.planVersion) {
              return { outcome: 'refused', reasons: [`The plan has changed since you opened this page: it is now version ${String(plan.version)}. Check the changes, then record the agreement again.`] }
            }
            const missing = (await childViewStatus(tx, familyId)).filter((status) => !status.recorded)
            if (missing.length > 0) {
              return {
                outcome: 'refused',
                reasons: missing.map((status) => `${status.child.name}'s view is not recorded. Record a session with ${status.child.name}, or write why their view cannot be recorded and how their experience was observed.`),
              }
            }
            await repository.insertAgreement(tx, { organisationId: actor.organisationId, planId: plan.id, planVersion: plan.version, agreedBy: input.agreedBy.join(', '), agreedOn: input.agreedOn, recordedBy: actor.userId, submissionId })
            return { outcome: 'saved' }
          },
        })
        if (outcome.outcome === 'conflict') throw new Error('an agreement cannot conflict')
        if (outcome.saved.outcome === 'refused') refused(audit, { planVersion: plan.version, reasons: outcome.saved.reasons.length })
        else audit.details = { planVersion: plan.version, people: input.agreedBy.length, ...(outcome.outcome === 'already-saved' ? { alreadySaved: true } : {}) }
        return outcome.saved
      })
    },

    /** A round of check-ins: each rule and goal kept, not kept or not tested, on one date. */
    async recordCheckIns(actor: Actor, familyId: string, input: { checkedOn: string; checkedBy: string; entries: CheckInEntry[] }, submissionId: string): Promise<{ outcome: 'saved' } | { outcome: 'refused'; reason: string }> {
      return familyRecord.withFamily(actor, familyId, { action: 'plan.checked-in', ...CHANGE }, async ({ tx, audit }) => {
        const plan = await repository.ensurePlan(tx, actor.organisationId, familyId)
        const outcome = await applyVersioned<never, { outcome: 'saved' } | { outcome: 'refused'; reason: string }>({
          earlier: async () => (await repository.checkInSubmission(tx, plan.id, submissionId)) === undefined ? undefined : { outcome: 'saved' },
          write: async () => {
            const rules = new Set((await repository.rulesAt(tx, plan.id)).map((rule) => rule.ruleId))
            const goals = new Set((await mapParts(tx, familyId)).goals.map((goal) => goal.id))
            if (input.entries.some((entry) => (entry.ruleId !== undefined && !rules.has(entry.ruleId)) || (entry.goalEntryId !== undefined && !goals.has(entry.goalEntryId)))) {
              return { outcome: 'refused', reason: 'A rule or goal has changed since you opened this page. Check the plan, then record the check-ins again.' }
            }
            await repository.insertCheckIns(tx, input.entries.map((entry) => ({
              organisationId: actor.organisationId, planId: plan.id, ruleId: entry.ruleId ?? null, goalEntryId: entry.goalEntryId ?? null, checkedOn: input.checkedOn,
              result: entry.result, checkedBy: input.checkedBy, note: entry.note, recordedBy: actor.userId, submissionId,
            })))
            return { outcome: 'saved' }
          },
        })
        if (outcome.outcome === 'conflict') throw new Error('a check-in cannot conflict')
        if (outcome.saved.outcome === 'refused') refused(audit, { checkedOn: input.checkedOn, reason: 'changed-since' })
        else audit.details = { checkedOn: input.checkedOn, count: input.entries.length, ...(outcome.outcome === 'already-saved' ? { alreadySaved: true } : {}) }
        return outcome.saved
      })
    },

    async setGoalTimes(actor: Actor, familyId: string, weeks: Map<string, number>): Promise<void> {
      await familyRecord.withFamily(actor, familyId, { action: 'plan.goal-times-set', ...CHANGE }, async ({ tx, audit }) => {
        const plan = await repository.ensurePlan(tx, actor.organisationId, familyId)
        const goals = new Set((await mapParts(tx, familyId)).goals.map((goal) => goal.id))
        for (const [goalEntryId, count] of weeks) {
          if (!goals.has(goalEntryId)) throw new NotFoundError('goal')
          await repository.setGoalTime(tx, { organisationId: actor.organisationId, planId: plan.id, goalEntryId, weeks: count })
        }
        audit.details = { goals: weeks.size }
      })
    },

    async addStage(actor: Actor, familyId: string, stage: { title: string; description: string; startsOn: string; reviewOn: string }, submissionId: string): Promise<void> {
      await familyRecord.withFamily(actor, familyId, { action: 'plan.stage-added', ...CHANGE }, async ({ tx, audit }) => {
        const plan = await repository.ensurePlan(tx, actor.organisationId, familyId)
        const stageId = await repository.insertStage(tx, { organisationId: actor.organisationId, planId: plan.id, ...stage, createdBy: actor.userId, submissionId })
        audit.details = stageId === undefined ? { submissionId, alreadySaved: true } : { stageId }
      })
    },

    async removeStage(actor: Actor, familyId: string, stageId: string): Promise<void> {
      await familyRecord.withFamily(actor, familyId, { action: 'plan.stage-removed', ...CHANGE }, async ({ tx, audit }) => {
        const plan = await repository.findPlan(tx, familyId)
        if (plan === undefined || !(await repository.removeStage(tx, plan.id, stageId))) throw new NotFoundError('stage')
        audit.details = { stageId }
      })
    },

    /** The family's parents and carers, who agree the plan with the network. */
    async parents(actor: Actor, familyId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'plan.parents-listed', ...READ }, async ({ tx }) => repository.parentsOf(tx, familyId))
    },

    /** The people a copy of the plan can be made for: the family, and each member of the network. */
    async copyFor(actor: Actor, familyId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'plan.readers-listed', ...READ }, async ({ tx }) => repository.networkOf(tx, familyId))
    },

    /**
     * What the plan's printed copy holds for its reader: the family (parents), or one network member.
     * The children's words go in only where the child chose to share them with that reader.
     */
    async document(actor: Actor, familyId: string, reader: { kind: 'family' } | { kind: 'network-member'; memberId: string }) {
      return familyRecord.withFamily(actor, familyId, { action: 'plan.copy-made', ...READ }, async ({ tx, family, audit }) => {
        let readerName = family.familyName
        if (reader.kind === 'network-member') {
          const name = await repository.networkMemberName(tx, familyId, reader.memberId)
          if (name === undefined) throw new NotFoundError('network member')
          readerName = name
        }
        const audience: Audience = reader.kind === 'family' ? 'parents' : 'network'
        const data = await everything(tx, familyId)
        const children = await familyChildren(tx, familyId)
        const shareable = data.words.filter((item) => audience === 'parents' ? item.parentsMaySee : item.networkMaySee)
        audit.details = { reader: reader.kind, planVersion: data.plan.version }
        // What is hidden from anyone in the family is blanked in every copy made for them.
        return { family, readerName, audience, ...data, words: shareable, children, hidden: await valuesHiddenFromFamily(tx, familyId), acronyms: await acronymsInUse(tx) }
      })
    },
  }
}

export type PlanService = ReturnType<typeof createPlanService>
