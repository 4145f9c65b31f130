import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import {
  familyAccess, familyComments, networkMembers, people, safetyPlanAgreements, safetyPlanCheckIns, safetyPlanGoalTimes, safetyPlanRuleVersions, safetyPlanRules, safetyPlans,
  trajectoryStages, users, type FamilyAccessKind, type RuleKind,
} from '../../db/schema/index.js'

export interface RuleState {
  ruleId: string
  kind: RuleKind
  version: number
  planVersion: number
  text: string
  statementEntryId: string | null
  whoMakesSure: string
  warningSigns: string
  ifBroken: string
  childWordsIds: string[]
  typedByName: string
  typedAt: Date
  createdAt: Date
}

export async function findPlan(tx: Transaction, familyId: string, forUpdate = false) {
  const query = tx.select().from(safetyPlans).where(eq(safetyPlans.familyId, familyId))
  const [row] = forUpdate ? await query.for('update') : await query
  return row
}

/** The family's plan, made on first use: a plan exists from the first rule written. */
export async function ensurePlan(tx: Transaction, organisationId: string, familyId: string) {
  await tx.insert(safetyPlans).values({ organisationId, familyId }).onConflictDoNothing({ target: safetyPlans.familyId })
  const plan = await findPlan(tx, familyId, true)
  if (plan === undefined) throw new Error('plan not made')
  return plan
}

type RuleRow = {
  rule_id: string; kind: RuleKind; version: number; plan_version: number; change: string; text: string; statement_entry_id: string | null
  who_makes_sure: string; warning_signs: string; if_broken: string; child_words_ids: string[]; typed_by_name: string; typed_at: Date; created_at: Date
}

/** Each rule's latest version (at a version of the plan, or of one rule), removed ones included. */
async function ruleRows(tx: Transaction, planId: string, planVersion?: number, ruleId?: string): Promise<RuleRow[]> {
  const rows = await tx.execute<RuleRow>(sql`
    select distinct on (v.rule_id) v.rule_id, r.kind, v.version, v.plan_version, v.change, v.text, v.statement_entry_id, v.who_makes_sure,
           v.warning_signs, v.if_broken, v.child_words_ids, u.display_name as typed_by_name, v.typed_at, r.created_at
      from ${safetyPlanRuleVersions} v
      join ${safetyPlanRules} r on r.id = v.rule_id
      join ${users} u on u.id = v.typed_by
     where v.plan_id = ${planId} ${planVersion === undefined ? sql`` : sql`and v.plan_version <= ${planVersion}`} ${ruleId === undefined ? sql`` : sql`and v.rule_id = ${ruleId}`}
     order by v.rule_id, v.version desc`)
  return rows.rows
}

function stateOf(row: RuleRow): RuleState {
  return {
    ruleId: row.rule_id, kind: row.kind, version: row.version, planVersion: row.plan_version, text: row.text, statementEntryId: row.statement_entry_id,
    whoMakesSure: row.who_makes_sure, warningSigns: row.warning_signs, ifBroken: row.if_broken, childWordsIds: row.child_words_ids,
    typedByName: row.typed_by_name, typedAt: new Date(row.typed_at), createdAt: new Date(row.created_at),
  }
}

/** Every live rule and bottom line as it stands now, or as it stood at an earlier version of the plan. */
export async function rulesAt(tx: Transaction, planId: string, planVersion?: number): Promise<RuleState[]> {
  const rows = await ruleRows(tx, planId, planVersion)
  return rows.filter((row) => row.change !== 'removed').map(stateOf)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.ruleId.localeCompare(b.ruleId))
}

export async function bumpPlanVersion(tx: Transaction, planId: string): Promise<number> {
  const [row] = await tx.update(safetyPlans).set({ version: sql`${safetyPlans.version} + 1`, updatedAt: new Date() }).where(eq(safetyPlans.id, planId)).returning({ version: safetyPlans.version })
  if (row === undefined) throw new Error('plan not found')
  return row.version
}

export async function findRule(tx: Transaction, planId: string, ruleId: string, forUpdate = false) {
  const query = tx.select().from(safetyPlanRules).where(and(eq(safetyPlanRules.id, ruleId), eq(safetyPlanRules.planId, planId)))
  const [row] = forUpdate ? await query.for('update') : await query
  return row
}

/** What family and network members said about the plan from their own space, newest first. */
export async function familyResponses(tx: Transaction, familyId: string): Promise<{ text: string; createdAt: Date; authorName: string; authorKind: FamilyAccessKind | null }[]> {
  return tx.select({ text: familyComments.text, createdAt: familyComments.createdAt, authorName: users.displayName, authorKind: familyAccess.kind })
    .from(familyComments).innerJoin(users, eq(users.id, familyComments.authorId)).leftJoin(familyAccess, eq(familyAccess.userId, familyComments.authorId))
    .where(and(eq(familyComments.familyId, familyId), eq(familyComments.about, 'plan'))).orderBy(desc(familyComments.createdAt))
}

/** One rule's latest version, removed or not: what another person's change is compared with. */
export async function latestRuleVersion(tx: Transaction, planId: string, ruleId: string): Promise<(RuleState & { removed: boolean }) | undefined> {
  const rows = await ruleRows(tx, planId, undefined, ruleId)
  const row = rows[0]
  return row === undefined ? undefined : { ...stateOf(row), removed: row.change === 'removed' }
}

/** The rule version an earlier send of this submission saved, if any. */
export async function ruleSubmission(tx: Transaction, planId: string, submissionId: string) {
  const [row] = await tx.select({ ruleId: safetyPlanRuleVersions.ruleId, planVersion: safetyPlanRuleVersions.planVersion }).from(safetyPlanRuleVersions)
    .where(and(eq(safetyPlanRuleVersions.planId, planId), eq(safetyPlanRuleVersions.submissionId, submissionId)))
  return row
}

export async function insertRule(tx: Transaction, values: { organisationId: string; planId: string; kind: RuleKind }): Promise<string> {
  const [created] = await tx.insert(safetyPlanRules).values(values).returning({ id: safetyPlanRules.id })
  if (created === undefined) throw new Error('rule not made')
  return created.id
}

export async function setRuleVersion(tx: Transaction, ruleId: string, version: number, removed: boolean): Promise<void> {
  await tx.update(safetyPlanRules).set({ currentVersion: version, removedAt: removed ? new Date() : null }).where(eq(safetyPlanRules.id, ruleId))
}

export async function insertRuleVersion(tx: Transaction, values: typeof safetyPlanRuleVersions.$inferInsert): Promise<void> {
  await tx.insert(safetyPlanRuleVersions).values(values)
}

export async function checkIns(tx: Transaction, planId: string) {
  return tx.select({
    id: safetyPlanCheckIns.id, ruleId: safetyPlanCheckIns.ruleId, goalEntryId: safetyPlanCheckIns.goalEntryId, checkedOn: safetyPlanCheckIns.checkedOn,
    result: safetyPlanCheckIns.result, checkedBy: safetyPlanCheckIns.checkedBy, note: safetyPlanCheckIns.note,
    // Set when a family or network member recorded it themselves, from their family's space.
    familySpaceKind: sql<FamilyAccessKind | null>`(select member_access.kind from family_access member_access where member_access.user_id = ${safetyPlanCheckIns.recordedBy})`,
  }).from(safetyPlanCheckIns).where(eq(safetyPlanCheckIns.planId, planId)).orderBy(desc(safetyPlanCheckIns.checkedOn), desc(safetyPlanCheckIns.recordedAt))
}

export async function agreements(tx: Transaction, planId: string) {
  return tx.select({ planVersion: safetyPlanAgreements.planVersion, agreedBy: safetyPlanAgreements.agreedBy, agreedOn: safetyPlanAgreements.agreedOn, recordedByName: users.displayName })
    .from(safetyPlanAgreements).innerJoin(users, eq(users.id, safetyPlanAgreements.recordedBy)).where(eq(safetyPlanAgreements.planId, planId)).orderBy(desc(safetyPlanAgreements.recordedAt))
}

export async function liveStages(tx: Transaction, planId: string) {
  return tx.select({ id: trajectoryStages.id, title: trajectoryStages.title, description: trajectoryStages.description, startsOn: trajectoryStages.startsOn, reviewOn: trajectoryStages.reviewOn })
    .from(trajectoryStages).where(and(eq(trajectoryStages.planId, planId), isNull(trajectoryStages.removedAt))).orderBy(asc(trajectoryStages.startsOn))
}

export async function goalTimes(tx: Transaction, planId: string) {
  return tx.select({ goalEntryId: safetyPlanGoalTimes.goalEntryId, weeks: safetyPlanGoalTimes.weeks }).from(safetyPlanGoalTimes).where(eq(safetyPlanGoalTimes.planId, planId))
}

export async function agreementSubmission(tx: Transaction, planId: string, submissionId: string) {
  const [row] = await tx.select({ id: safetyPlanAgreements.id }).from(safetyPlanAgreements).where(and(eq(safetyPlanAgreements.planId, planId), eq(safetyPlanAgreements.submissionId, submissionId)))
  return row
}

export async function insertAgreement(tx: Transaction, values: typeof safetyPlanAgreements.$inferInsert): Promise<void> {
  await tx.insert(safetyPlanAgreements).values(values)
}

export async function checkInSubmission(tx: Transaction, planId: string, submissionId: string) {
  const [row] = await tx.select({ id: safetyPlanCheckIns.id }).from(safetyPlanCheckIns).where(and(eq(safetyPlanCheckIns.planId, planId), eq(safetyPlanCheckIns.submissionId, submissionId))).limit(1)
  return row
}

export async function insertCheckIns(tx: Transaction, rows: (typeof safetyPlanCheckIns.$inferInsert)[]): Promise<void> {
  await tx.insert(safetyPlanCheckIns).values(rows)
}

export async function setGoalTime(tx: Transaction, values: { organisationId: string; planId: string; goalEntryId: string; weeks: number }): Promise<void> {
  await tx.insert(safetyPlanGoalTimes).values(values).onConflictDoUpdate({ target: safetyPlanGoalTimes.goalEntryId, set: { weeks: values.weeks } })
}

/** A new stage, once per submission: undefined when this submission made it already. */
export async function insertStage(tx: Transaction, values: typeof trajectoryStages.$inferInsert): Promise<string | undefined> {
  const inserted = await tx.insert(trajectoryStages).values(values).onConflictDoNothing().returning({ id: trajectoryStages.id })
  return inserted[0]?.id
}

export async function removeStage(tx: Transaction, planId: string, stageId: string): Promise<boolean> {
  const removed = await tx.update(trajectoryStages).set({ removedAt: new Date() })
    .where(and(eq(trajectoryStages.id, stageId), eq(trajectoryStages.planId, planId), isNull(trajectoryStages.removedAt))).returning({ id: trajectoryStages.id })
  return removed.length > 0
}

const fullName = sql<string>`${people.givenName} || ' ' || ${people.familyNameOfPerson}`

export async function parentsOf(tx: Transaction, familyId: string) {
  return tx.select({ id: people.id, name: fullName }).from(people)
    .where(and(eq(people.familyId, familyId), eq(people.kind, 'parent-carer'))).orderBy(asc(people.givenName))
}

export async function networkOf(tx: Transaction, familyId: string) {
  return tx.select({ id: networkMembers.id, name: fullName })
    .from(networkMembers).innerJoin(people, eq(people.id, networkMembers.personId))
    .where(and(eq(networkMembers.familyId, familyId), isNull(networkMembers.leftOn))).orderBy(asc(people.givenName))
}

export async function networkMemberName(tx: Transaction, familyId: string, memberId: string): Promise<string | undefined> {
  const [member] = await tx.select({ name: fullName }).from(networkMembers).innerJoin(people, eq(people.id, networkMembers.personId))
    .where(and(eq(networkMembers.id, memberId), eq(networkMembers.familyId, familyId)))
  return member?.name
}

/**
 * The plan's current rules and bottom lines in words only: what a partner may be shown of the ones
 * that name them. Nothing else of the plan (statements, child's words, agreements) comes with them.
 */
export async function currentRulesInWords(tx: Transaction, familyId: string): Promise<{ ruleId: string; kind: RuleKind; text: string; whoMakesSure: string; warningSigns: string; ifBroken: string }[]> {
  const plan = await findPlan(tx, familyId)
  if (plan === undefined) return []
  return (await rulesAt(tx, plan.id)).map((rule) => ({ ruleId: rule.ruleId, kind: rule.kind, text: rule.text, whoMakesSure: rule.whoMakesSure, warningSigns: rule.warningSigns, ifBroken: rule.ifBroken }))
}
