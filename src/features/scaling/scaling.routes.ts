import crypto from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { actorOf } from '../../platform/http/request.js'
import { id, isId, optionalId, paramsOf, queryOf, queryText } from '../../platform/http/params.js'
import { heldTextFields, type HeldSubmissions } from '../../platform/http/held-submissions.js'
import { todayTyped } from '../../platform/time.js'
import { presentErrors } from '../../platform/views/presenters.js'
import { formatDate } from '../../platform/views/setup.js'
import { PERSPECTIVE_KINDS, type PerspectiveKind } from '../../db/schema/maps.js'
import { LEVEL_VOCABULARY, parseDate } from '../families/index.js'
import type { ScalingService } from './scaling.service.js'
import { scalingChart } from './chart.js'
import { CASEWORK_POLICY } from '../../family-record/index.js'

const caseworkers = CASEWORK_POLICY

export const PERSPECTIVE_NAMES: Record<PerspectiveKind, string> = {
  'parent-carer': 'Parent or carer', 'child': 'Child or young person', 'worker': 'Worker', 'manager': 'Manager', 'partner': 'Partner agency', 'network-member': 'Network member',
}

export const SCALING_MESSAGES = {
  dateInvalid: 'Enter the date of the scaling, like 27/3/2027',
  kindMissing: 'Select whose view this is',
  nameMissing: 'Enter the person\'s name and who they are, for example "Claire (mum)"',
  scoreMissing: 'Select a number from 0 to 10',
  whyMissing: 'Enter why they chose this number',
  higherMissing: 'Enter what one point higher would look like',
  perspectiveTaken: 'This person has already given a score in this round',
} as const

function familyOf(request: FastifyRequest): { familyId: string } {
  return paramsOf(request, { familyId: id })
}

function roundOf(request: FastifyRequest): { familyId: string; roundId: string } {
  return paramsOf(request, { familyId: id, roundId: id })
}

function text(body: unknown, name: string, max: number): string {
  const value = (body as Record<string, unknown> | undefined)?.[name]
  return typeof value === 'string' ? value.trim().slice(0, max) : ''
}

export function scalingRoutes(deps: { scaling: ScalingService; held: HeldSubmissions }) {
  const { scaling, held } = deps

  async function renderOverview(request: FastifyRequest, reply: FastifyReply, familyId: string, extra: Record<string, unknown> = {}, status = 200) {
    const data = await scaling.overview(actorOf(request), familyId)
    const overall = new Set(data.rounds.filter((round) => round.entryId === null).map((round) => round.id))
    const heldOn = new Map(data.rounds.map((round) => [round.id, round.heldOn]))
    const words = LEVEL_VOCABULARY[data.map.level]
    const chart = scalingChart(data.visible.filter((score) => overall.has(score.roundId)).map((score) => ({ date: heldOn.get(score.roundId) ?? '', perspective: score.perspectiveName, score: score.score })),
      `${data.family.familyName}: overall ${words.scale}, every view over time`)
    const statementText = new Map(data.statements.map((statement) => [statement.entryId, statement.text]))
    const statementCharts = data.statements.flatMap((statement, index) => {
      const rounds = new Set(data.rounds.filter((round) => round.entryId === statement.entryId).map((round) => round.id))
      const points = data.visible.filter((score) => rounds.has(score.roundId)).map((score) => ({ date: heldOn.get(score.roundId) ?? '', perspective: score.perspectiveName, score: score.score }))
      if (points.length === 0) return []
      const drawn = scalingChart(points, `${words.statement}: ${statement.text.slice(0, 80)}`, `statement-${String(index)}`)
      return [{ heading: statement.text, svg: drawn.svg, head: [{ text: 'Date' }, ...drawn.perspectives.map((perspective) => ({ text: perspective }))],
        rows: drawn.dates.map((date, row) => [{ text: formatDate(date) }, ...(drawn.table[row] ?? []).map((score) => ({ text: score === undefined ? '–' : String(score) }))]) }]
    })
    return reply.code(status).view('scaling/views/overview.njk', {
      familyId, familyName: data.family.familyName, scaleName: words.scale, statementName: words.statement, statementCharts,
      chart, chartRows: chart.dates.map((date, index) => [{ text: formatDate(date) }, ...(chart.table[index] ?? []).map((score) => ({ text: score === undefined ? '–' : String(score) }))]),
      chartHead: [{ text: 'Date' }, ...chart.perspectives.map((perspective) => ({ text: perspective }))],
      rounds: [...data.rounds].reverse().map((round) => ({
        href: `/families/${familyId}/map/scaling/${round.id}`, date: formatDate(round.heldOn),
        question: round.entryId === null ? `Overall ${words.scale}` : `${words.statement}: ${(statementText.get(round.entryId) ?? 'removed').slice(0, 80)}`,
        state: round.blind && round.revealedAt === null ? 'Blind: scores hidden' : round.blind ? 'Blind: revealed' : 'Open',
        scores: round.scores, by: round.startedByName,
      })),
      questionItems: [{ value: '', text: `Overall: how safe are the children right now?` }, ...data.statements.map((statement) => ({ value: statement.entryId, text: `${words.statement}: ${statement.text.slice(0, 80)}` }))],
      values: { heldOn: todayTyped(), blind: true },
      ...extra,
    })
  }

  async function renderRound(request: FastifyRequest, reply: FastifyReply, familyId: string, roundId: string, extra: { values?: Record<string, string> } & Record<string, unknown> = {}, status = 200) {
    const data = await scaling.roundDetail(actorOf(request), familyId, roundId)
    // The choices made stay chosen when the form comes back (an error, or a form kept at sign-out).
    const chosen = extra.values ?? {}
    const words = LEVEL_VOCABULARY[data.map.level]
    return reply.code(status).view('scaling/views/round.njk', {
      familyId, roundId, familyName: data.family.familyName, date: formatDate(data.round.heldOn), blind: data.round.blind, hidden: data.hidden, canReveal: data.canReveal,
      question: data.statement === undefined ? `Overall ${words.scale}` : `${words.statement}: ${data.statement.text}`,
      scores: data.scores.map((score) => ({ ...score, kindName: PERSPECTIVE_NAMES[score.perspectiveKind] })),
      kindItems: PERSPECTIVE_KINDS.map((kind) => ({ value: kind, text: PERSPECTIVE_NAMES[kind], checked: chosen.perspectiveKind === kind })),
      scoreItems: Array.from({ length: 11 }, (_, score) => ({ value: String(score), text: String(score), checked: chosen.score === String(score) })),
      submissionId: crypto.randomUUID(), values: {},
      ...extra,
    })
  }

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/families/:familyId/map/scaling', { config: { access: caseworkers } }, async (request, reply) => renderOverview(request, reply, familyOf(request).familyId))

    app.post('/families/:familyId/map/scaling', { config: { access: caseworkers } }, async (request, reply) => {
      const { familyId } = familyOf(request)
      const question = text(request.body, 'question', 40)
      const heldOn = parseDate(text(request.body, 'heldOn', 20))
      const blind = text(request.body, 'blind', 5) === 'yes'
      if (heldOn === undefined) {
        return renderOverview(request, reply, familyId, { ...presentErrors({ heldOn: SCALING_MESSAGES.dateInvalid }), values: { heldOn: text(request.body, 'heldOn', 20), blind } }, 400)
      }
      const roundId = await scaling.start(actorOf(request), familyId, { entryId: isId(question) ? question : null, blind, heldOn })
      return reply.redirect(`/families/${familyId}/map/scaling/${roundId}`, 303)
    })

    app.get('/families/:familyId/map/scaling/:roundId', { config: { access: caseworkers } }, async (request, reply) => {
      const { familyId, roundId } = roundOf(request)
      const { held: heldId } = queryOf(request, { held: optionalId })
      const kept = heldId === undefined ? undefined : await held.find(actorOf(request), heldId, `/families/${familyId}/map/scaling/${roundId}`)
      if (kept !== undefined) {
        const values = heldTextFields(kept)
        return renderRound(request, reply, familyId, roundId, { values, restored: true, ...(isId(values.submissionId) ? { submissionId: values.submissionId } : {}) })
      }
      return renderRound(request, reply, familyId, roundId, { saved: queryOf(request, { saved: queryText(5) }).saved === 'yes' })
    })

    app.post('/families/:familyId/map/scaling/:roundId', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const { familyId, roundId } = roundOf(request)
      const values = {
        perspectiveKind: text(request.body, 'perspectiveKind', 30), perspectiveName: text(request.body, 'perspectiveName', 200),
        score: text(request.body, 'score', 3), why: text(request.body, 'why', 2000), onePointHigher: text(request.body, 'onePointHigher', 2000),
        submissionId: text(request.body, 'submissionId', 40),
      }
      const errors: Record<string, string> = {}
      if (!(PERSPECTIVE_KINDS as readonly string[]).includes(values.perspectiveKind)) errors.perspectiveKind = SCALING_MESSAGES.kindMissing
      if (values.perspectiveName === '') errors.perspectiveName = SCALING_MESSAGES.nameMissing
      if (!/^(10|[0-9])$/.test(values.score)) errors.score = SCALING_MESSAGES.scoreMissing
      if (values.why === '') errors.why = SCALING_MESSAGES.whyMissing
      if (values.onePointHigher === '') errors.onePointHigher = SCALING_MESSAGES.higherMissing
      const submissionId = isId(values.submissionId) ? values.submissionId : crypto.randomUUID()
      if (Object.keys(errors).length > 0) return renderRound(request, reply, familyId, roundId, { ...presentErrors(errors), values, submissionId }, 400)
      const result = await scaling.record(actorOf(request), familyId, roundId, {
        perspectiveKind: values.perspectiveKind as PerspectiveKind, perspectiveName: values.perspectiveName, score: Number(values.score),
        why: values.why, onePointHigher: values.onePointHigher, submissionId,
      })
      if (result === 'perspective-taken') return renderRound(request, reply, familyId, roundId, { ...presentErrors({ perspectiveName: SCALING_MESSAGES.perspectiveTaken }), values, submissionId }, 400)
      return reply.redirect(`/families/${familyId}/map/scaling/${roundId}?saved=yes`, 303)
    })

    app.post('/families/:familyId/map/scaling/:roundId/reveal', { config: { access: caseworkers } }, async (request, reply) => {
      const { familyId, roundId } = roundOf(request)
      await scaling.reveal(actorOf(request), familyId, roundId)
      return reply.redirect(`/families/${familyId}/map/scaling/${roundId}`, 303)
    })
  }
}
