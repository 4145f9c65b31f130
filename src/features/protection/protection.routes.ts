import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { allow } from '../../platform/access/policy.js'
import { actorOf } from '../../platform/http/request.js'
import { presentErrors } from '../../platform/views/presenters.js'
import { formatDateTime } from '../../platform/views/setup.js'
import { formList, formText } from '../../platform/http/form.js'
import { id, isId, paramsOf } from '../../platform/http/params.js'
import { isValidNhsNumber, normaliseNhsNumber, parseDate } from '../families/index.js'
import type { AccessLogFilter, ProtectionService } from './protection.service.js'
import { csvField, describeAction, whoKind } from './access-log.js'
import { CASEWORK_POLICY } from '../../family-record/index.js'

const caseworkers = CASEWORK_POLICY
const managers = allow.staff('team-manager')
const VIEWS = 'protection/views'

function idParam(request: FastifyRequest, name: string): string {
  return paramsOf(request, { [name]: id })[name] as string
}

function reasonOf(details: unknown): string {
  const reason = typeof details === 'object' && details !== null ? (details as Record<string, unknown>).reason : undefined
  return typeof reason === 'string' ? reason : ''
}

function readFilter(query: unknown): { filter: AccessLogFilter; values: { person: string; from: string; to: string }; errors: Record<string, string>; page: number } {
  const values = { person: formText(query, 'person', 40), from: formText(query, 'from', 30), to: formText(query, 'to', 30) }
  const errors: Record<string, string> = {}
  const filter: AccessLogFilter = {}
  if (isId(values.person)) filter.userId = values.person
  if (values.from !== '') { const from = parseDate(values.from); if (from === undefined) errors.from = 'Enter a real date, like 1/11/2026'; else filter.from = from }
  if (values.to !== '') { const to = parseDate(values.to); if (to === undefined) errors.to = 'Enter a real date, like 30/11/2026'; else filter.to = to }
  const pageText = formText(query, 'page', 6)
  return { filter, values, errors, page: /^\d{1,5}$/.test(pageText) && Number(pageText) > 0 ? Number(pageText) : 1 }
}

export function protectionRoutes(deps: { protection: ProtectionService }) {
  const { protection } = deps

  async function renderBreakGlass(request: FastifyRequest, reply: FastifyReply, familyId: string, errors: Record<string, string> = {}, reason = '') {
    const found = await protection.findOutsideById(actorOf(request), familyId)
    return reply.code(Object.keys(errors).length > 0 ? 400 : 200).view(`${VIEWS}/break-glass-reason.njk`, { ...presentErrors(errors), family: found, reason })
  }

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/families/:familyId/sealing', { config: { access: managers } }, async (request, reply) => {
      const familyId = idParam(request, 'familyId')
      const data = await protection.sealing(actorOf(request), familyId)
      return reply.view(`${VIEWS}/sealing.njk`, {
        familyName: data.family.familyName, familyId, sealed: data.sealed,
        staffItems: data.staff.map((person) => ({ value: person.id, text: person.name, checked: data.named.includes(person.id) || person.id === actorOf(request).userId })),
      })
    })

    app.post('/families/:familyId/sealing', { config: { access: managers } }, async (request, reply) => {
      const familyId = idParam(request, 'familyId')
      const choice = formText(request.body, 'sealed', 5)
      if (choice !== 'yes' && choice !== 'no') {
        const data = await protection.sealing(actorOf(request), familyId)
        return reply.code(400).view(`${VIEWS}/sealing.njk`, {
          ...presentErrors({ sealed: 'Select whether the family is sealed' }), familyName: data.family.familyName, familyId, sealed: data.sealed,
          staffItems: data.staff.map((person) => ({ value: person.id, text: person.name, checked: data.named.includes(person.id) })),
        })
      }
      await protection.setSealing(actorOf(request), familyId, choice === 'yes', formList(request.body, 'named').filter((id) => isId(id)))
      return reply.redirect(`/families/${familyId}?added=${choice === 'yes' ? 'sealed' : 'unsealed'}`, 303)
    })

    app.get('/families/break-glass', { config: { access: caseworkers } }, async (request, reply) => {
      const typed = formText(request.query, 'nhs', 30)
      if (typed === '') return reply.view(`${VIEWS}/break-glass.njk`, { values: { nhs: '' } })
      const digits = normaliseNhsNumber(typed)
      if (!/^\d{10}$/.test(digits) || !isValidNhsNumber(digits)) {
        return reply.code(400).view(`${VIEWS}/break-glass.njk`, { ...presentErrors({ nhs: 'Enter a real NHS number: 10 digits, like 999 123 4560. Check the last digit' }), values: { nhs: typed } })
      }
      const found = await protection.findOutside(actorOf(request), digits)
      return reply.view(`${VIEWS}/break-glass.njk`, { values: { nhs: typed }, searched: true, found })
    })

    app.get('/families/break-glass/:familyId', { config: { access: caseworkers } }, async (request, reply) => renderBreakGlass(request, reply, idParam(request, 'familyId')))

    app.post('/families/break-glass/:familyId', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = idParam(request, 'familyId')
      const reason = formText(request.body, 'reason', 2000)
      if (reason.length < 20) return renderBreakGlass(request, reply, familyId, { reason: 'Write why you need to open this record now, in 20 characters or more. It goes in the record\'s access log and to the family\'s manager' }, reason)
      await protection.breakGlass(actorOf(request), familyId, reason)
      return reply.redirect(`/families/${familyId}?added=opened-with-reason`, 303)
    })

    app.get('/families/:familyId/access-log', { config: { access: managers } }, async (request, reply) => {
      const familyId = idParam(request, 'familyId')
      const { filter, values, errors, page } = readFilter(request.query)
      const data = await protection.accessLog(actorOf(request), familyId, Object.keys(errors).length > 0 ? {} : filter, page)
      const query = new URLSearchParams({ person: values.person, from: values.from, to: values.to })
      return reply.code(Object.keys(errors).length > 0 ? 400 : 200).view(`${VIEWS}/access-log.njk`, {
        ...presentErrors(errors), familyName: data.family.familyName, familyId, values, total: data.total, page,
        pageCount: Math.max(1, Math.ceil(data.total / 50)),
        personItems: [{ value: '', text: 'Everyone' }, ...data.people.map((person) => ({ value: person.id, text: person.name, selected: values.person === person.id }))],
        rows: data.rows.map((row) => ({
          when: formatDateTime(row.occurredAt), who: row.name ?? 'Unknown', kind: whoKind(row.role), what: describeAction(row.action),
          breakGlass: row.action === 'family.break-glass', reason: row.action === 'family.break-glass' ? reasonOf(row.details) : '', refused: row.outcome !== 'success',
        })),
        csvHref: `/families/${familyId}/access-log.csv?${query.toString()}`, baseQuery: query.toString(),
      })
    })

    app.get('/families/:familyId/access-log.csv', { config: { access: managers } }, async (request, reply) => {
      const familyId = idParam(request, 'familyId')
      const { filter, errors } = readFilter(request.query)
      const data = await protection.accessLog(actorOf(request), familyId, Object.keys(errors).length > 0 ? {} : filter, 1, 100_000)
      const lines = [['When', 'Who', 'As', 'What', 'Reason'].map(csvField).join(','), ...data.rows.map((row) =>
        [row.occurredAt.toISOString(), row.name ?? 'Unknown', whoKind(row.role), describeAction(row.action), row.action === 'family.break-glass' ? reasonOf(row.details) : ''].map(csvField).join(','))]
      return reply.type('text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="access-log.csv"').send(`${lines.join('\r\n')}\r\n`)
    })

    app.post('/alerts/:alertId/dismiss', { config: { access: allow.anyStaff } }, async (request, reply) => {
      await protection.dismissAlert(actorOf(request), idParam(request, 'alertId'))
      return reply.redirect('/', 303)
    })
  }
}
