import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestDatabase } from '../../../test/support/database.js'
import { ashworthWorld, auditRowsOf, nextRequest } from '../../../test/support/service-actors.js'
import { NotFoundError } from '../../platform/http/errors.js'
import type { Actor } from '../../platform/http/types.js'
import { createPlanService, type PlanService } from './plan.service.js'

const bottomLine = (text: string) => ({ text, statementEntryId: null, whoMakesSure: '', warningSigns: '', ifBroken: '', childWordsIds: [] })

describe('the plan service, on a real database', () => {
  let db: TestDatabase
  let plan: PlanService
  let rowan: Actor
  let manager: Actor
  let outsider: Actor
  let familyId: string

  beforeAll(async () => {
    const world = await ashworthWorld()
    ;({ db, rowan, manager, outsider, familyId } = world)
    plan = createPlanService({ familyRecord: world.familyRecord })
  })
  afterAll(async () => { await db.drop() })

  it('writes an audit row for reading the plan, and hides it from someone with no relationship', async () => {
    const data = await plan.view(rowan, familyId)
    expect(data.family.id).toBe(familyId)
    expect(await auditRowsOf(db, rowan)).toEqual([expect.objectContaining({ action: 'plan.viewed', outcome: 'success', subject_type: 'family', subject_id: familyId })])
    await expect(plan.view(outsider, familyId)).rejects.toBeInstanceOf(NotFoundError)
    await expect(plan.copyFor(outsider, familyId)).rejects.toBeInstanceOf(NotFoundError)
    expect(await auditRowsOf(db, outsider)).toEqual([])
  })

  it('saves a bottom line once per submission, with its audit row about the rule', async () => {
    const actor = nextRequest(rowan)
    const submissionId = crypto.randomUUID()
    const first = await plan.applyRule(actor, familyId, { type: 'add', kind: 'bottom-line', fields: bottomLine('The children are never left with someone who has been drinking'), submissionId })
    const again = await plan.applyRule(actor, familyId, { type: 'add', kind: 'bottom-line', fields: bottomLine('The children are never left with someone who has been drinking'), submissionId })
    if (first.outcome !== 'saved' || again.outcome !== 'already-saved') throw new Error(`saved ${first.outcome}, then ${again.outcome}`)
    expect(again.ruleId).toBe(first.ruleId)
    const { rows } = await db.owner<{ n: string }>('select count(*) as n from safety_plan_rule_versions where submission_id = $1', [submissionId])
    expect(rows[0]?.n).toBe('1')
    const audit = await auditRowsOf(db, actor)
    expect(audit[0]).toMatchObject({ action: 'plan.rule-added', outcome: 'success', subject_type: 'safety-plan-rule', subject_id: first.ruleId, details: { familyId, kind: 'bottom-line' } })
    expect(audit[1]).toMatchObject({ action: 'plan.rule-added', subject_id: first.ruleId, details: { familyId, alreadySaved: true } })
    await expect(plan.applyRule(outsider, familyId, { type: 'add', kind: 'bottom-line', fields: bottomLine('Not theirs to write'), submissionId: crypto.randomUUID() })).rejects.toBeInstanceOf(NotFoundError)
  })

  it('answers a change to a rule someone else removed with a conflict that keeps the rule as it was', async () => {
    const added = await plan.applyRule(rowan, familyId, { type: 'add', kind: 'bottom-line', fields: bottomLine('Dean does not stay overnight'), submissionId: crypto.randomUUID() })
    if (added.outcome !== 'saved') throw new Error(added.outcome)
    const removed = await plan.applyRule(manager, familyId, { type: 'remove', ruleId: added.ruleId, baseVersion: 1, submissionId: crypto.randomUUID() })
    expect(removed.outcome).toBe('saved')
    const actor = nextRequest(rowan)
    const edit = await plan.applyRule(actor, familyId, { type: 'edit', ruleId: added.ruleId, baseVersion: 1, fields: bottomLine('Dean does not stay overnight, ever'), submissionId: crypto.randomUUID() })
    if (edit.outcome !== 'conflict') throw new Error(edit.outcome)
    expect(edit.removed).toBe(true)
    expect(edit.theirs.text).toBe('Dean does not stay overnight')
    expect(await auditRowsOf(db, actor)).toEqual([expect.objectContaining({ action: 'plan.rule-changed', outcome: 'failure', subject_id: added.ruleId })])
    // The removed rule is still found for the page that shows the conflict, and says it was removed.
    const found = await plan.rule(rowan, familyId, added.ruleId, { removedToo: true })
    expect(found.removed).toBe(true)
    await expect(plan.rule(rowan, familyId, added.ruleId)).rejects.toBeInstanceOf(NotFoundError)
  })

  it('gives a stale edit a conflict with their version, not a removal', async () => {
    const added = await plan.applyRule(rowan, familyId, { type: 'add', kind: 'bottom-line', fields: bottomLine('Mum keeps her phone on'), submissionId: crypto.randomUUID() })
    if (added.outcome !== 'saved') throw new Error(added.outcome)
    await plan.applyRule(manager, familyId, { type: 'edit', ruleId: added.ruleId, baseVersion: 1, fields: bottomLine('Mum keeps her phone on and charged'), submissionId: crypto.randomUUID() })
    const stale = await plan.applyRule(rowan, familyId, { type: 'edit', ruleId: added.ruleId, baseVersion: 1, fields: bottomLine('Mum answers the phone'), submissionId: crypto.randomUUID() })
    if (stale.outcome !== 'conflict') throw new Error(stale.outcome)
    expect(stale.removed).toBe(false)
    expect(stale.theirs).toMatchObject({ text: 'Mum keeps her phone on and charged', version: 2 })
  })
})
