import { and, desc, eq, sql } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import { familyAccess, familyComments, safetyPlanRuleVersions, safetyPlanRules, safetyPlans, users, type FamilyAccessKind, type RuleKind } from '../../db/schema/index.js'

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

/** Every live rule and bottom line as it stands now, or as it stood at an earlier version of the plan. */
export async function rulesAt(tx: Transaction, planId: string, planVersion?: number): Promise<RuleState[]> {
  const rows = await tx.execute<{
    rule_id: string; kind: RuleKind; version: number; plan_version: number; change: string; text: string; statement_entry_id: string | null
    who_makes_sure: string; warning_signs: string; if_broken: string; child_words_ids: string[]; typed_by_name: string; typed_at: Date; created_at: Date
  }>(sql`
    select distinct on (v.rule_id) v.rule_id, r.kind, v.version, v.plan_version, v.change, v.text, v.statement_entry_id, v.who_makes_sure,
           v.warning_signs, v.if_broken, v.child_words_ids, u.display_name as typed_by_name, v.typed_at, r.created_at
      from ${safetyPlanRuleVersions} v
      join ${safetyPlanRules} r on r.id = v.rule_id
      join ${users} u on u.id = v.typed_by
     where v.plan_id = ${planId} ${planVersion === undefined ? sql`` : sql`and v.plan_version <= ${planVersion}`}
     order by v.rule_id, v.version desc`)
  return rows.rows.filter((row) => row.change !== 'removed').map((row) => ({
    ruleId: row.rule_id, kind: row.kind, version: row.version, planVersion: row.plan_version, text: row.text, statementEntryId: row.statement_entry_id,
    whoMakesSure: row.who_makes_sure, warningSigns: row.warning_signs, ifBroken: row.if_broken, childWordsIds: row.child_words_ids,
    typedByName: row.typed_by_name, typedAt: new Date(row.typed_at), createdAt: new Date(row.created_at),
  })).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.ruleId.localeCompare(b.ruleId))
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
