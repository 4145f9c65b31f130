import type { FastifyInstance, FastifyReply } from 'fastify'
import { actorOf } from '../../platform/http/request.js'
import { id, paramsOf } from '../../platform/http/params.js'
import { isAfterToday, todayTyped } from '../../platform/time.js'
import { CASEWORK_POLICY } from '../../family-record/index.js'
import { presentErrors } from '../../platform/views/presenters.js'
import { LEVELS_OF_HELP, type LevelOfHelp } from '../../db/schema/families.js'
import { parseDate } from './families.schema.js'
import { LEVEL_VOCABULARY } from './levels.js'
import type { LevelService } from './level.service.js'

const caseworkers = CASEWORK_POLICY

export const LEVEL_MESSAGES = {
  levelMissing: 'Select the new level of help, or that help is ending',
  dateInvalid: 'Enter the date of the decision, like 27/3/2027',
  dateFuture: 'The date cannot be in the future',
  reasonMissing: 'Enter why, in words the family would understand',
} as const

export function levelRoutes(deps: { levels: LevelService }) {
  function items(current: LevelOfHelp | undefined, chosen: string) {
    return [
      ...LEVELS_OF_HELP.filter((level) => level !== current).map((level) => ({
        value: level, text: LEVEL_VOCABULARY[level].name, hint: { text: `${LEVEL_VOCABULARY[level].framework}: ${LEVEL_VOCABULARY[level].statements} and ${LEVEL_VOCABULARY[level].goals}` }, checked: chosen === level,
      })),
      { divider: 'or' },
      { value: 'closed', text: 'Help is ending', checked: chosen === 'closed' },
    ]
  }

  async function render(reply: FastifyReply, data: { familyId: string; familyName: string; current: LevelOfHelp | undefined; values: Record<string, string>; errors?: Record<string, string> }) {
    return reply.code(data.errors === undefined || Object.keys(data.errors).length === 0 ? 200 : 400).view('families/views/level.njk', {
      ...presentErrors(data.errors ?? {}), familyId: data.familyId, familyName: data.familyName,
      currentName: data.current === undefined ? undefined : LEVEL_VOCABULARY[data.current].name, items: items(data.current, data.values.to ?? ''), values: data.values,
    })
  }

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/families/:familyId/level', { config: { access: caseworkers } }, async (request, reply) => {
      const { familyId } = paramsOf(request, { familyId: id })
      const { family, episode } = await deps.levels.current(actorOf(request), familyId)
      return render(reply, { familyId, familyName: family.familyName, current: episode?.level, values: { on: todayTyped() } })
    })

    app.post('/families/:familyId/level', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const { familyId } = paramsOf(request, { familyId: id })
      const body = (request.body ?? {}) as Record<string, unknown>
      const values = {
        to: typeof body.to === 'string' ? body.to : '',
        on: typeof body.on === 'string' ? body.on.trim().slice(0, 40) : '',
        reason: typeof body.reason === 'string' ? body.reason.trim().slice(0, 2000) : '',
      }
      const errors: Record<string, string> = {}
      if (!(LEVELS_OF_HELP as readonly string[]).includes(values.to) && values.to !== 'closed') errors.to = LEVEL_MESSAGES.levelMissing
      const on = parseDate(values.on)
      if (on === undefined) errors.on = LEVEL_MESSAGES.dateInvalid
      else if (isAfterToday(on)) errors.on = LEVEL_MESSAGES.dateFuture
      if (values.reason === '') errors.reason = LEVEL_MESSAGES.reasonMissing
      const { family, episode } = await deps.levels.current(actorOf(request), familyId)
      if (Object.keys(errors).length > 0 || on === undefined) return render(reply, { familyId, familyName: family.familyName, current: episode?.level, values, errors })
      const result = await deps.levels.change(actorOf(request), familyId, { to: values.to as LevelOfHelp | 'closed', on, reason: values.reason })
      if (result.outcome === 'refused') return render(reply, { familyId, familyName: family.familyName, current: episode?.level, values, errors: { to: result.reason } })
      return reply.redirect(`/families/${familyId}?level=changed`, 303)
    })
  }
}
