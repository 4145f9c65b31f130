import crypto from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { actorOf } from '../../platform/http/request.js'
import { NotFoundError } from '../../platform/http/errors.js'
import { id, isId, optionalId, optionalWholeNumber, paramsOf, queryOf, queryText } from '../../platform/http/params.js'
import { todayInLondon, todayTyped } from '../../platform/time.js'
import { presentErrors } from '../../platform/views/presenters.js'
import { formatDate } from '../../platform/views/setup.js'
import { formText, submissionIdOf } from '../../platform/http/form.js'
import { heldTextFields, type HeldFields, type HeldSubmissions } from '../../platform/http/held-submissions.js'
import type { RuleKind } from '../../db/schema/index.js'
import type { LanguageService } from '../language/index.js'
import { buildFamilyVersion, describeContributor, familyVersionPdf, type MapService } from '../map/index.js'
import { TOOLS, sharingText } from '../voice/index.js'
import { CASEWORK_POLICY, hiddenValueMatcher, returnPathWithin, withReturnPath, type GoalDuration } from '../../family-record/index.js'
import type { PlanService } from './plan.service.js'
import { parseAgreement, parseCheckIns, parseGoalTimes, parseRule, parseStage } from './plan.schema.js'
import { RESULT_TEXT, planPaths, presentRule } from './plan.presenter.js'
import { trajectoryStages, trajectorySvg } from './trajectory.js'
import { buildPlanDocument } from './plan-document.js'

const caseworkers = CASEWORK_POLICY
const VIEWS = 'plan/views'
const today = (): string => todayInLondon()
const familyIdOf = (request: FastifyRequest): string => paramsOf(request, { familyId: id }).familyId
const ruleParams = (request: FastifyRequest) => paramsOf(request, { familyId: id, ruleId: id })

/** What the goal's own words say about how long it needs to be seen, shown beside the box that changes it. */
function goalTimeHint(duration: GoalDuration | undefined): string | undefined {
  if (duration === undefined) return undefined
  if (duration.kind === 'ask') return `The goal says "${duration.words}". Enter how many weeks that is.`
  return `From the goal: ${String(duration.weeks)} ${duration.weeks === 1 ? 'week' : 'weeks'} ("${duration.words}"). Leave this empty to keep it, or enter a number to change it.`
}

export function planRoutes(deps: { plan: PlanService; map: MapService; language: LanguageService; held: HeldSubmissions }) {
  const { plan, language, held } = deps

  async function heldFields(request: FastifyRequest, path: string): Promise<HeldFields | undefined> {
    const { held: heldId } = queryOf(request, { held: optionalId })
    return heldId === undefined ? undefined : held.find(actorOf(request), heldId, path)
  }

  async function renderRuleForm(request: FastifyRequest, reply: FastifyReply, options: {
    familyId: string; kind: RuleKind; values: Record<string, string | string[]>; errors?: Record<string, string>; ruleId?: string; conflict?: ReturnType<typeof presentRule>; status?: number; restored?: boolean
    /** The conflict is with a removal: the page says so, and saving adds what was typed as a new rule. */
    removed?: boolean; editing?: boolean
    /** The page the form was opened from (the review before sharing), to go back to. */
    returnTo?: string
  }) {
    const actor = actorOf(request)
    const data = await plan.view(actor, options.familyId)
    const text = typeof options.values.text === 'string' ? options.values.text : ''
    const advice = text === '' ? undefined : await language.check(actor, text, 'family')
    // One ticked box arrives as text, several as a list.
    const ticked = options.values.childWords
    const chosen = Array.isArray(ticked) ? ticked : typeof ticked === 'string' ? [ticked] : []
    const errors = options.errors ?? {}
    const action = withReturnPath(options.ruleId === undefined ? `/families/${options.familyId}/plan/rules/new?kind=${options.kind}` : planPaths.editRule(options.familyId, options.ruleId), options.returnTo)
    return reply.code(options.status ?? (Object.keys(errors).length > 0 ? 400 : 200)).view(`${VIEWS}/rule-form.njk`, {
      ...presentErrors(errors), familyName: data.family.familyName, familyId: options.familyId, kind: options.kind, values: options.values, editing: options.editing ?? options.ruleId !== undefined,
      advice, conflict: options.conflict, removed: options.removed === true, restored: options.restored === true, action, draftKey: action.split('?')[0],
      backHref: options.returnTo ?? planPaths.plan(options.familyId), backText: options.returnTo === undefined ? 'Back to the safety plan' : 'Back to the check before sharing',
      statementItems: [
        ...(options.kind === 'bottom-line' ? [{ value: 'none', text: 'Not linked to one statement', checked: options.values.statement === 'none' || options.values.statement === '' }] : []),
        ...data.statements.map((statement) => ({ value: statement.id, text: statement.text, checked: options.values.statement === statement.id })),
      ],
      wordItems: data.words.filter((item) => item.words !== '').map((item) => ({
        value: item.id, text: `“${item.words}”`, checked: chosen.includes(item.id),
        hint: { text: `${item.childName}, ${TOOLS[item.tool].name.toLowerCase()}, ${formatDate(item.heldOn)}. ${sharingText(item.parentsMaySee, item.networkMaySee, item.childName)}.` },
      })),
      mapHref: `/families/${options.familyId}/map`, voiceHref: `/families/${options.familyId}/voice`,
    })
  }

  async function renderAgree(request: FastifyRequest, reply: FastifyReply, familyId: string, values?: Record<string, string | string[]>, errors: Record<string, string> = {}, refusals: string[] = []) {
    const actor = actorOf(request)
    const data = await plan.view(actor, familyId)
    const members = data.readers
    const chosen = Array.isArray(values?.agreedBy) ? values.agreedBy : []
    const { family } = data
    const parents = await plan.parents(actor, familyId)
    const names = [...parents.map((parent) => parent.name), ...members.map((member) => member.name)]
    return reply.code(Object.keys(errors).length > 0 || refusals.length > 0 ? 400 : 200).view(`${VIEWS}/agree.njk`, {
      ...presentErrors(refusals.length > 0 ? { ...errors, agreedBy: errors.agreedBy ?? refusals[0] ?? '' } : errors),
      refusals, familyName: family.familyName, familyId, planVersion: values?.planVersion ?? String(data.plan.version),
      values: values ?? { agreedOn: todayTyped(), others: '', submissionId: crypto.randomUUID() },
      nameItems: names.map((name) => ({ value: name, text: name, checked: chosen.includes(name) })),
      childViews: data.childViews.map((status) => ({ name: status.child.name, recorded: status.recorded, href: `/families/${familyId}/children/${status.child.id}/voice` })),
      backHref: planPaths.plan(familyId), action: planPaths.agree(familyId),
    })
  }

  async function renderCheckIns(request: FastifyRequest, reply: FastifyReply, familyId: string, values?: Record<string, string>, errors: Record<string, string> = {}, status?: number) {
    const data = await plan.view(actorOf(request), familyId)
    const subjects = [
      ...data.rules.filter((rule) => rule.kind === 'rule').map((rule) => ({ key: rule.ruleId, kindText: 'Rule', text: rule.text, summary: data.summaries.get(rule.ruleId)?.text })),
      ...data.goals.map((goal) => ({ key: goal.id, kindText: 'Goal', text: goal.text, summary: data.summaries.get(goal.id)?.text })),
    ]
    const current = values ?? { checkedOn: todayTyped(), checkedBy: '', submissionId: crypto.randomUUID() }
    return reply.code(status ?? (Object.keys(errors).length > 0 ? 400 : 200)).view(`${VIEWS}/check-ins.njk`, {
      ...presentErrors(errors), familyName: data.family.familyName, values: current, action: planPaths.checkIns(familyId), backHref: planPaths.plan(familyId),
      subjects: subjects.map((subject, index) => ({
        ...subject, index,
        items: (['kept', 'not-kept', 'not-tested'] as const).map((result) => ({ value: result, text: RESULT_TEXT[result], checked: current[`result-${subject.key}`] === result })),
        note: current[`note-${subject.key}`] ?? '',
      })),
    })
  }

  async function renderStage(request: FastifyRequest, reply: FastifyReply, familyId: string, values?: Record<string, string>, errors: Record<string, string> = {}) {
    const data = await plan.view(actorOf(request), familyId)
    return reply.code(Object.keys(errors).length > 0 ? 400 : 200).view(`${VIEWS}/stage-form.njk`, {
      ...presentErrors(errors), familyName: data.family.familyName, values: values ?? { title: '', description: '', startsOn: '', reviewOn: '', submissionId: crypto.randomUUID() },
      action: planPaths.newStage(familyId), backHref: `${planPaths.plan(familyId)}#trajectory`,
    })
  }

  async function renderGoalTimes(request: FastifyRequest, reply: FastifyReply, familyId: string, values?: Record<string, string>, errors: Record<string, string> = {}) {
    const data = await plan.view(actorOf(request), familyId)
    return reply.code(Object.keys(errors).length > 0 ? 400 : 200).view(`${VIEWS}/goal-times.njk`, {
      ...presentErrors(errors), familyName: data.family.familyName, action: planPaths.goalTimes(familyId), backHref: planPaths.plan(familyId),
      goals: data.goals.map((goal) => {
        const needed = data.goalWeeks.get(goal.id)
        return { id: goal.id, text: goal.text, value: values?.[goal.id] ?? (data.goalTimes.get(goal.id)?.toString() ?? ''), error: errors[`weeks-${goal.id}`], hint: goalTimeHint(needed?.duration) }
      }),
    })
  }

  /** Who the printed copy is for: the family, or one member of the network. */
  function readerOf(request: FastifyRequest): { kind: 'family' } | { kind: 'network-member'; memberId: string } {
    const reader = queryOf(request, { for: queryText(40) }).for ?? ''
    if (reader === '' || reader === 'family') return { kind: 'family' }
    if (!isId(reader)) throw new NotFoundError('reader')
    return { kind: 'network-member', memberId: reader }
  }

  async function planDocument(request: FastifyRequest, familyId: string) {
    const reader = readerOf(request)
    const data = await plan.document(actorOf(request), familyId, reader)
    const agreement = data.agreements[0]
    return hiddenValueMatcher(data.hidden).blankDeep(buildPlanDocument({
      familyName: data.family.familyName, readerName: data.readerName, forNetworkMember: reader.kind === 'network-member',
      childNames: data.children.filter((child) => child.kind === 'child').map((child) => child.name), planVersion: data.plan.version,
      agreement: agreement === undefined ? undefined : { agreedBy: agreement.agreedBy, agreedOn: agreement.agreedOn, planVersion: agreement.planVersion },
      rules: data.rules, statements: data.statements, words: data.words, summaries: data.summaries, stages: trajectoryStages(data.stages, today()), today: today(), acronyms: data.acronyms,
    }))
  }

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/families/:familyId/plan', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const actor = actorOf(request)
      const query = queryOf(request, { version: optionalWholeNumber, saved: queryText(40) })
      const atVersion = query.version
      const data = await plan.view(actor, familyId, atVersion)
      const members = data.readers
      const editable = data.plan.latest && !data.plan.closed && atVersion === undefined
      const context = { statements: data.statements, words: data.words, summaries: data.summaries, editable }
      const stages = trajectoryStages(data.stages, today())
      const latestAgreement = data.agreements[0]
      return reply.view(`${VIEWS}/plan.njk`, {
        familyName: data.family.familyName, familyId, editable, version: data.plan.shownVersion, currentVersion: data.plan.version, latest: data.plan.latest,
        saved: query.saved,
        rules: data.rules.filter((rule) => rule.kind === 'rule').map((rule) => presentRule(familyId, rule, context)),
        bottomLines: data.rules.filter((rule) => rule.kind === 'bottom-line').map((rule) => presentRule(familyId, rule, context)),
        agreements: data.agreements.map((agreement) => ({ ...agreement, when: formatDate(agreement.agreedOn), current: agreement.planVersion === data.plan.version })),
        agreedNow: latestAgreement !== undefined && latestAgreement.planVersion === data.plan.version,
        childViews: data.childViews.map((status) => ({ name: status.child.name, recorded: status.recorded, href: `/families/${familyId}/children/${status.child.id}/voice` })),
        goals: data.goals.map((goal) => {
          const summary = data.summaries.get(goal.id)
          const { weeks, from } = data.goalWeeks.get(goal.id) ?? { weeks: undefined, from: 'none' }
          return { text: goal.text, summary: summary?.text ?? 'Not checked yet', weeks, fromGoal: from === 'goal', streak: summary?.streak ?? 0, met: weeks !== undefined && (summary?.streak ?? 0) >= weeks }
        }),
        checkIns: data.checkIns.slice(0, 30).map((checkIn) => ({
          when: formatDate(checkIn.checkedOn), what: checkIn.ruleId !== null ? data.rules.find((rule) => rule.ruleId === checkIn.ruleId)?.text ?? 'A rule no longer in the plan' : data.goals.find((goal) => goal.id === checkIn.goalEntryId)?.text ?? 'A goal no longer on the map',
          result: RESULT_TEXT[checkIn.result], by: checkIn.familySpaceKind === null ? checkIn.checkedBy : describeContributor(checkIn.checkedBy, checkIn.familySpaceKind), note: checkIn.note,
        })),
        familyResponses: data.familyResponses.map((response) => ({ who: `${describeContributor(response.authorName, response.authorKind)}, ${formatDate(response.createdAt)}`, text: response.text })),
        checkInCount: data.checkIns.length,
        stages: stages.map((stage) => ({ ...stage, removeHref: planPaths.removeStage(familyId, stage.id) })),
        trajectorySvg: trajectorySvg(stages, today(), `${data.family.familyName}: the steps ahead`),
        versions: Array.from({ length: data.plan.version }, (_, index) => data.plan.version - index),
        copies: [{ name: 'The family', print: planPaths.print(familyId), pdf: planPaths.pdf(familyId) }, ...members.map((member) => ({ name: member.name, print: planPaths.print(familyId, member.id), pdf: planPaths.pdf(familyId, member.id) }))],
        paths: { newRule: planPaths.newRule(familyId, 'rule'), newBottomLine: planPaths.newRule(familyId, 'bottom-line'), agree: planPaths.agree(familyId), checkIns: planPaths.checkIns(familyId), goalTimes: planPaths.goalTimes(familyId), newStage: planPaths.newStage(familyId), plan: planPaths.plan(familyId), family: `/families/${familyId}` },
      })
    })

    app.get('/families/:familyId/plan/rules/new', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const kind: RuleKind = queryOf(request, { kind: queryText(20) }).kind === 'bottom-line' ? 'bottom-line' : 'rule'
      const kept = await heldFields(request, `/families/${familyId}/plan/rules/new`)
      return renderRuleForm(request, reply, { familyId, kind, values: kept ?? { submissionId: crypto.randomUUID(), text: '', statement: '', whoMakesSure: '', warningSigns: '', ifBroken: '' }, restored: kept !== undefined })
    })

    app.post('/families/:familyId/plan/rules/new', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const kindText = (queryOf(request, { kind: queryText(20) }).kind ?? '') || formText(request.body, 'kind', 20)
      const parsed = parseRule(request.body, kindText === 'bottom-line' ? 'bottom-line' : 'rule')
      const submissionId = submissionIdOf(request.body, () => crypto.randomUUID())
      const values = { ...parsed.values, submissionId }
      if (parsed.fields === undefined) return renderRuleForm(request, reply, { familyId, kind: parsed.kind, values, errors: parsed.errors })
      const result = await plan.applyRule(actorOf(request), familyId, { type: 'add', kind: parsed.kind, fields: parsed.fields, submissionId })
      if (result.outcome === 'refused') return renderRuleForm(request, reply, { familyId, kind: parsed.kind, values, errors: { [result.field]: result.reason } })
      if (result.outcome === 'conflict') throw new Error('an addition cannot conflict')
      return reply.redirect(`${planPaths.plan(familyId)}?saved=rule#rule-${result.ruleId}`, 303)
    })

    app.get('/families/:familyId/plan/rules/:ruleId/edit', { config: { access: caseworkers } }, async (request, reply) => {
      const { familyId, ruleId } = ruleParams(request)
      const { rule } = await plan.rule(actorOf(request), familyId, ruleId)
      const returnTo = returnPathWithin(familyId, queryOf(request, { returnTo: queryText(200) }).returnTo)
      const kept = await heldFields(request, planPaths.editRule(familyId, rule.ruleId))
      return renderRuleForm(request, reply, {
        familyId, kind: rule.kind, ruleId: rule.ruleId, restored: kept !== undefined, returnTo,
        values: kept ?? { submissionId: crypto.randomUUID(), baseVersion: String(rule.version), text: rule.text, statement: rule.statementEntryId ?? 'none', whoMakesSure: rule.whoMakesSure, warningSigns: rule.warningSigns, ifBroken: rule.ifBroken, childWords: rule.childWordsIds },
      })
    })

    app.post('/families/:familyId/plan/rules/:ruleId/edit', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const { familyId, ruleId } = ruleParams(request)
      const actor = actorOf(request)
      const returnTo = returnPathWithin(familyId, queryOf(request, { returnTo: queryText(200) }).returnTo)
      // A rule removed since this person opened it still answers, with a conflict that keeps what they typed.
      const { rule } = await plan.rule(actor, familyId, ruleId, { removedToo: true })
      const parsed = parseRule(request.body, rule.kind)
      const submissionId = submissionIdOf(request.body, () => crypto.randomUUID())
      const values = { ...parsed.values, submissionId }
      const baseVersion = /^\d{1,9}$/.test(parsed.values.baseVersion) ? Number(parsed.values.baseVersion) : rule.version
      if (parsed.fields === undefined) return renderRuleForm(request, reply, { familyId, kind: rule.kind, ruleId: rule.ruleId, values, errors: parsed.errors, returnTo })
      const result = await plan.applyRule(actor, familyId, { type: 'edit', ruleId: rule.ruleId, baseVersion, fields: parsed.fields, submissionId })
      if (result.outcome === 'refused') return renderRuleForm(request, reply, { familyId, kind: rule.kind, ruleId: rule.ruleId, values, errors: { [result.field]: result.reason }, returnTo })
      if (result.outcome === 'conflict') {
        const data = await plan.view(actor, familyId)
        return renderRuleForm(request, reply, {
          // Once removed, what was typed can only be saved as a new rule.
          familyId, kind: rule.kind, ruleId: result.removed ? undefined : rule.ruleId, status: 409, removed: result.removed, editing: true, returnTo: result.removed ? undefined : returnTo,
          values: { ...values, baseVersion: result.removed ? '' : String(result.theirs.version), submissionId: crypto.randomUUID() },
          conflict: presentRule(familyId, result.theirs, { statements: data.statements, words: data.words, summaries: data.summaries, editable: false }),
        })
      }
      if (returnTo !== undefined) return reply.redirect(`${returnTo}?changed=${result.ruleId}#text-${result.ruleId}`, 303)
      return reply.redirect(`${planPaths.plan(familyId)}?saved=rule#rule-${result.ruleId}`, 303)
    })

    app.get('/families/:familyId/plan/rules/:ruleId/remove', { config: { access: caseworkers } }, async (request, reply) => {
      const { familyId, ruleId } = ruleParams(request)
      const data = await plan.rule(actorOf(request), familyId, ruleId)
      return reply.view(`${VIEWS}/remove-rule.njk`, {
        familyName: data.family.familyName, rule: presentRule(familyId, data.rule, { ...data, editable: false }), baseVersion: data.rule.version, submissionId: crypto.randomUUID(),
        action: planPaths.removeRule(familyId, data.rule.ruleId), backHref: planPaths.plan(familyId),
      })
    })

    app.post('/families/:familyId/plan/rules/:ruleId/remove', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const { familyId, ruleId } = ruleParams(request)
      const baseVersion = formText(request.body, 'baseVersion', 10)
      const result = await plan.applyRule(actorOf(request), familyId, { type: 'remove', ruleId, baseVersion: /^\d{1,9}$/.test(baseVersion) ? Number(baseVersion) : -1, submissionId: submissionIdOf(request.body, () => crypto.randomUUID()) })
      if (result.outcome === 'conflict') return reply.redirect(`${planPaths.plan(familyId)}?saved=changed-since#rule-${ruleId}`, 303)
      return reply.redirect(`${planPaths.plan(familyId)}?saved=removed`, 303)
    })

    app.get('/families/:familyId/plan/agree', { config: { access: caseworkers } }, async (request, reply) => renderAgree(request, reply, familyIdOf(request)))

    app.post('/families/:familyId/plan/agree', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const parsed = parseAgreement(request.body)
      const submissionId = submissionIdOf(request.body, () => crypto.randomUUID())
      const values = { ...parsed.values, submissionId }
      if (parsed.fields === undefined) return renderAgree(request, reply, familyId, values, parsed.errors)
      const result = await plan.agree(actorOf(request), familyId, parsed.fields, submissionId)
      if (result.outcome === 'refused') return renderAgree(request, reply, familyId, { ...values, submissionId: crypto.randomUUID() }, {}, result.reasons)
      return reply.redirect(`${planPaths.plan(familyId)}?saved=agreed`, 303)
    })

    app.get('/families/:familyId/plan/check-ins/new', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const kept = await heldFields(request, planPaths.checkIns(familyId))
      return renderCheckIns(request, reply, familyId, kept === undefined ? undefined : heldTextFields(kept))
    })

    app.post('/families/:familyId/plan/check-ins/new', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const actor = actorOf(request)
      const data = await plan.view(actor, familyId)
      const submissionId = submissionIdOf(request.body, () => crypto.randomUUID())
      const parsed = parseCheckIns(request.body, { ruleIds: data.rules.filter((rule) => rule.kind === 'rule').map((rule) => rule.ruleId), goalIds: data.goals.map((goal) => goal.id) })
      const values = { ...parsed.values, submissionId }
      if (parsed.fields === undefined) return renderCheckIns(request, reply, familyId, values, parsed.errors)
      const result = await plan.recordCheckIns(actor, familyId, parsed.fields, submissionId)
      if (result.outcome === 'refused') return renderCheckIns(request, reply, familyId, values, { results: result.reason }, 409)
      return reply.redirect(`${planPaths.plan(familyId)}?saved=check-ins#check-ins`, 303)
    })

    app.get('/families/:familyId/plan/goal-times', { config: { access: caseworkers } }, async (request, reply) => renderGoalTimes(request, reply, familyIdOf(request)))

    app.post('/families/:familyId/plan/goal-times', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const actor = actorOf(request)
      const data = await plan.view(actor, familyId)
      const parsed = parseGoalTimes(request.body, data.goals.map((goal) => goal.id))
      if (Object.keys(parsed.errors).length > 0) return renderGoalTimes(request, reply, familyId, parsed.values, parsed.errors)
      await plan.setGoalTimes(actor, familyId, parsed.weeks)
      return reply.redirect(`${planPaths.plan(familyId)}?saved=goal-times#goals`, 303)
    })

    app.get('/families/:familyId/plan/stages/new', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const kept = await heldFields(request, planPaths.newStage(familyId))
      return renderStage(request, reply, familyId, kept === undefined ? undefined : heldTextFields(kept))
    })

    app.post('/families/:familyId/plan/stages/new', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const parsed = parseStage(request.body)
      const submissionId = submissionIdOf(request.body, () => crypto.randomUUID())
      if (parsed.fields === undefined) return renderStage(request, reply, familyId, { ...parsed.values, submissionId }, parsed.errors)
      await plan.addStage(actorOf(request), familyId, parsed.fields, submissionId)
      return reply.redirect(`${planPaths.plan(familyId)}?saved=stage#trajectory`, 303)
    })

    app.post('/families/:familyId/plan/stages/:stageId/remove', { config: { access: caseworkers } }, async (request, reply) => {
      const { familyId, stageId } = paramsOf(request, { familyId: id, stageId: id })
      await plan.removeStage(actorOf(request), familyId, stageId)
      return reply.redirect(`${planPaths.plan(familyId)}?saved=stage-removed#trajectory`, 303)
    })

    app.get('/families/:familyId/plan/print', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const document = await planDocument(request, familyId)
      return reply.view(`${VIEWS}/print.njk`, { document, familyId, backHref: planPaths.plan(familyId), pdfHref: planPaths.pdf(familyId, (queryOf(request, { for: queryText(40) }).for ?? '') || 'family') })
    })

    /** Everything built for the family (their map and their plan) as data: what a family's own app or an export reads. */
    app.get('/families/:familyId/family-copy.json', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const mapData = await deps.map.familyVersionData(actorOf(request), familyId, 'json')
      const planCopy = await planDocument(request, familyId)
      return reply.type('application/json').send({
        family: mapData.family.familyName,
        map: hiddenValueMatcher(mapData.hidden).blankDeep(buildFamilyVersion(mapData.family.familyName, mapData.childNames, mapData.entries, mapData.acronyms)),
        plan: planCopy,
      })
    })

    app.get('/families/:familyId/plan/plan.pdf', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const pdf = await familyVersionPdf(await planDocument(request, familyId), 'Safety plan')
      return reply.type('application/pdf').header('Content-Disposition', 'attachment; filename="safety-plan.pdf"').send(pdf)
    })
  }
}


