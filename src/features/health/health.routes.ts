import type { FastifyInstance } from 'fastify'
import { allow } from '../../platform/access/policy.js'
import type { DatabaseHandle } from '../../platform/db/database.js'

export function healthRoutes(deps: { database: DatabaseHandle; version: string }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/ping', { config: { access: allow.public } }, async () => ({ status: 'UP' }))

    app.get('/health', { config: { access: allow.public } }, async (_request, reply) => {
      const started = process.hrtime.bigint()
      try {
        await deps.database.pool.query('select 1')
        const milliseconds = Number(process.hrtime.bigint() - started) / 1e6
        return await reply.send({ status: 'UP', version: deps.version, components: { database: { status: 'UP', responseTimeMs: Math.round(milliseconds * 10) / 10 } } })
      } catch {
        return reply.code(503).send({ status: 'DOWN', version: deps.version, components: { database: { status: 'DOWN' } } })
      }
    })
  }
}
