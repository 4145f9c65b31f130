import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { allow } from '../../platform/access/policy.js'
import { actorOf } from '../../platform/http/request.js'
import { id, paramsOf, queryOf, queryText } from '../../platform/http/params.js'
import { formatDateTime } from '../../platform/views/setup.js'
import { presentErrors } from '../../platform/views/presenters.js'
import type { LanguageService } from './language.service.js'
import { MESSAGES, parseCheckRequest, parseTermForm } from './language.schema.js'

const administrators = allow.staff('organisation-administrator')
const VIEWS = 'language/views'

function termIdOf(request: FastifyRequest): string {
  return paramsOf(request, { termId: id }).termId
}

export function languageRoutes(deps: { language: LanguageService }) {
  const { language } = deps

  async function renderList(request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}, status = 200) {
    const query = queryOf(request, { search: queryText(100), done: queryText(40) })
    const search = query.search ?? ''
    const { terms, missingRecommended } = await language.list(actorOf(request), search)
    return reply.code(status).view(`${VIEWS}/list.njk`, {
      search, missingRecommended, done: query.done, values: {},
      rows: terms.map((term) => [
        { text: term.term }, { text: term.suggestion }, { text: term.explanation },
        { html: `<a class="govuk-link" href="/admin/language/${term.id}/edit">Change<span class="govuk-visually-hidden"> ${term.term.replace(/[&<>"']/g, '')}</span></a>` +
          ` <a class="govuk-link" href="/admin/language/${term.id}/remove">Remove<span class="govuk-visually-hidden"> ${term.term.replace(/[&<>"']/g, '')}</span></a>` },
      ]),
      ...extra,
    })
  }

  return async (app: FastifyInstance): Promise<void> => {
    app.post('/api/language/check', { config: { access: allow.anyStaff } }, async (request, reply) => {
      const parsed = parseCheckRequest(request.body)
      if ('error' in parsed) return reply.code(400).send({ error: parsed.error })
      return reply.send(await language.check(actorOf(request), parsed.text, parsed.kind, parsed.familyId))
    })

    app.get('/admin/language', { config: { access: administrators } }, async (request, reply) => renderList(request, reply))

    app.post('/admin/language', { config: { access: administrators } }, async (request, reply) => {
      const form = parseTermForm(request.body)
      if (Object.keys(form.errors).length > 0) return renderList(request, reply, { ...presentErrors(form.errors), values: form.values }, 400)
      const result = await language.add(actorOf(request), { term: form.values.term, suggestion: form.values.suggestion, explanation: form.values.explanation })
      if (result.outcome === 'duplicate') return renderList(request, reply, { ...presentErrors({ term: MESSAGES.duplicate }), values: form.values }, 400)
      return reply.redirect('/admin/language?done=added', 303)
    })

    app.post('/admin/language/recommended', { config: { access: administrators } }, async (request, reply) => {
      const added = await language.addRecommended(actorOf(request))
      return reply.redirect(`/admin/language?done=recommended-${String(added)}`, 303)
    })

    app.get('/admin/language/:termId/edit', { config: { access: administrators } }, async (request, reply) => {
      const term = await language.find(actorOf(request), termIdOf(request))
      return reply.view(`${VIEWS}/edit.njk`, { termId: term.id, values: { ...term, version: String(term.version) } })
    })

    app.post('/admin/language/:termId/edit', { config: { access: administrators } }, async (request, reply) => {
      const termId = termIdOf(request)
      const form = parseTermForm(request.body)
      const version = /^\d{1,9}$/.test(form.values.version) ? Number(form.values.version) : undefined
      if (Object.keys(form.errors).length > 0) {
        return reply.code(400).view(`${VIEWS}/edit.njk`, { termId, values: form.values, ...presentErrors(form.errors) })
      }
      // A version that is not a whole number did not come from this form.
      if (version === undefined) return reply.code(400).view('errors/bad-request.njk', {})
      const result = await language.update(actorOf(request), termId, version, { term: form.values.term, suggestion: form.values.suggestion, explanation: form.values.explanation })
      if (result.outcome === 'duplicate') return reply.code(400).view(`${VIEWS}/edit.njk`, { termId, values: form.values, ...presentErrors({ term: MESSAGES.duplicate }) })
      if (result.outcome === 'removed') {
        // Removed while this person was changing it: keep what they typed, say who removed it, and let them add it again.
        return reply.code(409).view(`${VIEWS}/edit.njk`, {
          termId, values: form.values, removed: { by: result.removedBy ?? 'someone else', when: formatDateTime(result.removedAt) },
        })
      }
      if (result.outcome === 'conflict') {
        return reply.code(409).view(`${VIEWS}/edit.njk`, { termId, values: { ...form.values, version: String(result.current.version) }, conflict: result.current })
      }
      return reply.redirect('/admin/language?done=changed', 303)
    })

    app.get('/admin/language/:termId/remove', { config: { access: administrators } }, async (request, reply) => {
      const term = await language.find(actorOf(request), termIdOf(request))
      return reply.view(`${VIEWS}/remove.njk`, { term })
    })

    app.post('/admin/language/:termId/remove', { config: { access: administrators } }, async (request, reply) => {
      await language.remove(actorOf(request), termIdOf(request))
      return reply.redirect('/admin/language?done=removed', 303)
    })
  }
}
