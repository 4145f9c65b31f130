import type { FastifyInstance } from 'fastify'
import { actorOf } from '../../platform/http/request.js'
import { id, pageNumber, paramsOf, queryOf } from '../../platform/http/params.js'
import { pageNumbers, presentErrors } from '../../platform/views/presenters.js'
import { CASEWORK_POLICY } from '../../family-record/index.js'
import type { FamiliesService } from './families.service.js'
import { parseFamilySearch } from './families.schema.js'
import { presentFamily, presentFamilyList, presentLevelRequest } from './families.presenter.js'
import { familyPaths } from './families.paths.js'

const caseworkers = CASEWORK_POLICY

export function familiesRoutes(deps: { families: FamiliesService }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(familyPaths.list(), { config: { access: caseworkers } }, async (request, reply) => {
      const query = request.query as Record<string, unknown>
      const parsed = parseFamilySearch(query.search)
      const { page } = queryOf(request, { page: pageNumber })
      if (parsed.error !== undefined) {
        return reply.code(400).view('families/views/list.njk', { ...presentErrors({ search: parsed.error }), searchText: parsed.text, families: [], total: 0, searched: true })
      }
      const result = await deps.families.find(actorOf(request), parsed.search, page)
      const link = (target: number): string => {
        const parameters = new URLSearchParams()
        if (parsed.text !== '') parameters.set('search', parsed.text)
        if (target > 1) parameters.set('page', String(target))
        return `${familyPaths.list()}${parameters.size > 0 ? `?${parameters.toString()}` : ''}`
      }
      return reply.view('families/views/list.njk', {
        ...presentFamilyList(result),
        searchText: parsed.text,
        searched: parsed.search !== undefined,
        showing: { from: result.total === 0 ? 0 : (page - 1) * 20 + 1, to: (page - 1) * 20 + result.rows.length },
        pagination: result.pageCount <= 1 ? undefined : {
          previous: page > 1 ? { href: link(page - 1) } : undefined,
          next: page < result.pageCount ? { href: link(page + 1) } : undefined,
          items: pageNumbers(page, result.pageCount).map((number) => number === undefined ? { ellipsis: true } : { number, href: link(number), current: number === page }),
        },
      })
    })

    app.get(familyPaths.show(':familyId'), { config: { access: caseworkers } }, async (request, reply) => {
      const { familyId } = paramsOf(request, { familyId: id })
      const record = await deps.families.view(actorOf(request), familyId)
      const query = request.query as Record<string, unknown>
      return reply.view('families/views/family.njk', { ...presentFamily(record), ...presentLevelRequest(record, actorOf(request).role === 'team-manager'), levelChanged: query.level === 'changed', levelRequested: query.level === 'requested', created: query.created === 'yes', added: typeof query.added === 'string' ? query.added : undefined })
    })
  }
}
