import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { actorOf } from '../../platform/http/request.js'
import { id, optionalId, pageNumber, paramsOf, queryOf } from '../../platform/http/params.js'
import type { HeldFields, HeldSubmissions } from '../../platform/http/held-submissions.js'
import { formatDate, formatDateTime } from '../../platform/views/setup.js'
import { isAfterToday, todayTyped } from '../../platform/time.js'
import { CASEWORK_POLICY, MANAGER_POLICY } from '../../family-record/index.js'
import { escapeHtml, pageNumbers, presentErrors } from '../../platform/views/presenters.js'
import { LEVELS_OF_HELP, type LevelOfHelp } from '../../db/schema/families.js'
import { parseDate } from './families.schema.js'
import { LEVEL_VOCABULARY, directionOfChange } from './levels.js'
import type { LevelService } from './level.service.js'

const caseworkers = CASEWORK_POLICY
const managers = MANAGER_POLICY

export const LEVEL_MESSAGES = {
  levelMissing: 'Select the new level of help, or that help is ending',
  dateInvalid: 'Enter the date of the decision, like 27/3/2027',
  dateFuture: 'The date cannot be in the future',
  reasonMissing: 'Enter why, in words the family would understand',
  overrideMissing: 'Select that you understand, to step down anyway',
  overrideReasonMissing: 'Enter why the family should step down now',
  decisionMissing: 'Select whether you approve the change',
  returnReasonMissing: 'Enter why you are returning it',
} as const

export const levelPaths = {
  change: (familyId: string) => `/families/${familyId}/level`,
  requests: () => '/level-requests',
  request: (familyId: string, requestId: string) => `/families/${familyId}/level-requests/${requestId}`,
}

type Values = Record<string, string>

function textOf(body: unknown, name: string, max: number): string {
  const value = (body as Record<string, unknown> | undefined)?.[name]
  return typeof value === 'string' ? value.trim().slice(0, max) : Array.isArray(value) && typeof value[0] === 'string' ? value[0].trim().slice(0, max) : ''
}

function levelName(to: string): string {
  return to === 'closed' ? 'Help ends' : LEVEL_VOCABULARY[to as LevelOfHelp].name
}

export function levelRoutes(deps: { levels: LevelService; held: HeldSubmissions }) {
  const { levels, held } = deps

  async function heldFields(request: FastifyRequest, path: string): Promise<HeldFields | undefined> {
    const { held: heldId } = queryOf(request, { held: optionalId })
    return heldId === undefined ? undefined : held.find(actorOf(request), heldId, path)
  }

  function items(current: LevelOfHelp | undefined, chosen: string) {
    return [
      ...LEVELS_OF_HELP.filter((level) => level !== current).map((level) => ({
        value: level, text: LEVEL_VOCABULARY[level].name, hint: { text: `${LEVEL_VOCABULARY[level].framework}: ${LEVEL_VOCABULARY[level].statements} and ${LEVEL_VOCABULARY[level].goals}` }, checked: chosen === level,
      })),
      { divider: 'or' },
      { value: 'closed', text: 'Help is ending', checked: chosen === 'closed' },
    ]
  }

  type Current = Awaited<ReturnType<LevelService['current']>>

  function pendingView(current: Current) {
    const pending = current.pending
    return pending === undefined ? undefined : {
      to: levelName(pending.toLevel ?? 'closed'), by: pending.requestedByName, at: formatDateTime(pending.requestedAt),
    }
  }

  async function render(reply: FastifyReply, familyId: string, current: Current, values: Values, errors: Record<string, string> = {}, restored = false) {
    return reply.code(Object.keys(errors).length === 0 ? 200 : 400).view('families/views/level.njk', {
      ...presentErrors(errors), familyId, familyName: current.family.familyName, restored, pending: pendingView(current),
      currentName: current.episode === undefined ? undefined : LEVEL_VOCABULARY[current.episode.level].name, items: items(current.episode?.level, values.to ?? ''), values,
    })
  }

  /** The confirmation step of a step-down or closure: what is not met yet, and whether a manager must approve it. */
  async function renderConfirm(request: FastifyRequest, reply: FastifyReply, familyId: string, current: Current, values: Values, errors: Record<string, string> = {}) {
    const notMet = await levels.notMet(actorOf(request), familyId)
    return reply.code(Object.keys(errors).length === 0 ? 200 : 400).view('families/views/level-confirm.njk', {
      ...presentErrors(errors), familyId, familyName: current.family.familyName, values, notMet,
      closing: values.to === 'closed', toName: levelName(values.to ?? ''), on: formatDate(parseDate(values.on ?? '') ?? ''),
      fromName: current.episode === undefined ? '' : LEVEL_VOCABULARY[current.episode.level].name,
      approvalNeeded: current.approvalNeeded, pending: pendingView(current),
      overrideItems: [{ value: 'yes', text: values.to === 'closed' ? 'I understand, end help anyway' : 'I understand, step down anyway', checked: values.override === 'yes' }],
    })
  }

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/families/:familyId/level', { config: { access: caseworkers } }, async (request, reply) => {
      const { familyId } = paramsOf(request, { familyId: id })
      const current = await levels.current(actorOf(request), familyId)
      const kept = await heldFields(request, levelPaths.change(familyId))
      if (kept !== undefined) {
        const values = { to: textOf(kept, 'to', 40), on: textOf(kept, 'on', 40), reason: textOf(kept, 'reason', 2000), override: textOf(kept, 'override', 5), overrideReason: textOf(kept, 'overrideReason', 2000) }
        if (textOf(kept, 'confirming', 5) === 'yes') return renderConfirm(request, reply, familyId, current, values)
        return render(reply, familyId, current, values, {}, true)
      }
      return render(reply, familyId, current, { on: todayTyped() })
    })

    app.post('/families/:familyId/level', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const { familyId } = paramsOf(request, { familyId: id })
      const body = request.body
      const values = {
        to: textOf(body, 'to', 40), on: textOf(body, 'on', 40), reason: textOf(body, 'reason', 2000),
        override: textOf(body, 'override', 5), overrideReason: textOf(body, 'overrideReason', 2000),
      }
      const errors: Record<string, string> = {}
      if (!(LEVELS_OF_HELP as readonly string[]).includes(values.to) && values.to !== 'closed') errors.to = LEVEL_MESSAGES.levelMissing
      const on = parseDate(values.on)
      if (on === undefined) errors.on = LEVEL_MESSAGES.dateInvalid
      else if (isAfterToday(on)) errors.on = LEVEL_MESSAGES.dateFuture
      if (values.reason === '') errors.reason = LEVEL_MESSAGES.reasonMissing
      const actor = actorOf(request)
      const current = await levels.current(actor, familyId)
      if (Object.keys(errors).length > 0 || on === undefined) return render(reply, familyId, current, values, errors)
      const to = values.to as LevelOfHelp | 'closed'
      const goingDown = current.episode !== undefined && (to === 'closed' || directionOfChange(current.episode.level, to) === 'step-down')
      let override: { notMet: string[]; reason: string } | undefined
      if (goingDown) {
        // A step-down or closure always has a confirmation step, which shows what is not met yet.
        if (textOf(body, 'confirming', 5) !== 'yes') return renderConfirm(request, reply, familyId, current, values)
        const notMet = await levels.notMet(actor, familyId)
        const confirmErrors: Record<string, string> = {}
        if (notMet.length > 0 && values.override !== 'yes') confirmErrors.override = LEVEL_MESSAGES.overrideMissing
        if (notMet.length > 0 && values.overrideReason === '') confirmErrors.overrideReason = LEVEL_MESSAGES.overrideReasonMissing
        if (Object.keys(confirmErrors).length > 0) return renderConfirm(request, reply, familyId, current, values, confirmErrors)
        override = { notMet: notMet.map((item) => item.title), reason: notMet.length > 0 ? values.overrideReason : '' }
      }
      const result = await levels.change(actor, familyId, { to, on, reason: values.reason }, override)
      if (result.outcome === 'refused') {
        if (goingDown) return renderConfirm(request, reply, familyId, current, values, { [result.field ?? 'to']: result.reason })
        return render(reply, familyId, current, values, { to: result.reason })
      }
      return reply.redirect(`/families/${familyId}?level=${result.outcome === 'requested' ? 'requested' : 'changed'}`, 303)
    })

    app.get('/level-requests', { config: { access: managers } }, async (request, reply) => {
      const { page } = queryOf(request, { page: pageNumber })
      const result = await levels.pending(actorOf(request), page)
      const link = (number: number): string => number > 1 ? `/level-requests?page=${String(number)}` : '/level-requests'
      const decided = queryOf(request, { decided: optionalId }).decided
      return reply.view('families/views/level-requests.njk', {
        decided: decided === undefined ? undefined : 'Decision saved',
        rows: result.rows.map((row) => [
          { html: `<a class="govuk-link" href="${levelPaths.request(row.familyId, row.id)}">${escapeHtml(row.familyName)}</a>` },
          { text: row.toLevel === null ? 'End help' : `Step down to ${LEVEL_VOCABULARY[row.toLevel].name.toLowerCase()}` },
          { text: row.requestedByName },
          { text: formatDateTime(row.requestedAt) },
          { text: row.notMet.length === 0 ? 'All met' : `${String(row.notMet.length)} not met` },
        ]),
        total: result.total,
        pagination: result.pageCount <= 1 ? undefined : {
          previous: page > 1 ? { href: link(page - 1) } : undefined,
          next: page < result.pageCount ? { href: link(page + 1) } : undefined,
          items: pageNumbers(page, result.pageCount).map((number) => number === undefined ? { ellipsis: true } : { number, href: link(number), current: number === page }),
        },
      })
    })

    async function renderRequest(request: FastifyRequest, reply: FastifyReply, familyId: string, requestId: string, values: Values = {}, errors: Record<string, string> = {}) {
      const found = await levels.request(actorOf(request), familyId, requestId)
      if (found.request === undefined) return reply.code(404).view('errors/not-found.njk', {})
      const item = found.request
      return reply.code(Object.keys(errors).length === 0 ? 200 : 400).view('families/views/level-request.njk', {
        ...presentErrors(errors), familyId, requestId, familyName: found.family.familyName, values,
        request: {
          to: levelName(item.toLevel ?? 'closed'), closing: item.toLevel === null, on: formatDate(item.changedOn), reason: item.reason, by: item.requestedByName,
          at: formatDateTime(item.requestedAt), notMet: item.notMet, overrideReason: item.overrideReason, status: item.status,
          from: found.episode === undefined ? '' : LEVEL_VOCABULARY[found.episode.level].name,
        },
        decisionItems: [
          { value: 'approve', text: item.toLevel === null ? 'Approve: help ends' : 'Approve: step down', checked: values.decision === 'approve' },
          { value: 'return', text: 'Return it to the practitioner', checked: values.decision === 'return' },
        ],
      })
    }

    app.get('/families/:familyId/level-requests/:requestId', { config: { access: managers } }, async (request, reply) => {
      const { familyId, requestId } = paramsOf(request, { familyId: id, requestId: id })
      return renderRequest(request, reply, familyId, requestId)
    })

    app.post('/families/:familyId/level-requests/:requestId', { config: { access: managers } }, async (request, reply) => {
      const { familyId, requestId } = paramsOf(request, { familyId: id, requestId: id })
      const values = { decision: textOf(request.body, 'decision', 10), returnReason: textOf(request.body, 'returnReason', 2000) }
      const errors: Record<string, string> = {}
      if (values.decision !== 'approve' && values.decision !== 'return') errors.decision = LEVEL_MESSAGES.decisionMissing
      else if (values.decision === 'return' && values.returnReason === '') errors.returnReason = LEVEL_MESSAGES.returnReasonMissing
      if (Object.keys(errors).length > 0) return renderRequest(request, reply, familyId, requestId, values, errors)
      const result = await levels.decide(actorOf(request), familyId, requestId, values.decision === 'approve' ? { approve: true } : { approve: false, reason: values.returnReason })
      if (result.outcome === 'refused') return renderRequest(request, reply, familyId, requestId, values, { decision: result.reason })
      return reply.redirect(`/level-requests?decided=${requestId}`, 303)
    })
  }
}

