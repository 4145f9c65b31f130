import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { connectDatabase, type DatabaseHandle } from '../../src/platform/db/database.js'
import { freePort } from '../support/ports.js'

/** With the database away (nothing listens where it should be), pages say so the GOV.UK way and /health says DOWN. */
describe('while the database is unavailable', () => {
  let app: FastifyInstance
  let database: DatabaseHandle

  beforeAll(async () => {
    database = connectDatabase(`postgres://mapwell_app:unused@127.0.0.1:${String(await freePort())}/mapwell`, { max: 2 })
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' })
    app = (await buildApp({ config, database, version: 'test' })).app
  })
  afterAll(async () => {
    await app.close()
    await database.close()
  })

  it('answers a page that needs the database with 503 "Sorry, the service is unavailable"', async () => {
    const response = await app.inject({ method: 'GET', url: '/sign-in', cookies: { 'mapwell-session': 'a'.repeat(43) } })
    expect(response.statusCode).toBe(503)
    expect(response.body).toContain('Sorry, the service is unavailable')
    expect(response.body).not.toContain('ECONNREFUSED')
    expect(response.headers['retry-after']).toBe('30')
  })

  it('reports DOWN on /health with 503', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' })
    expect(response.statusCode).toBe(503)
    expect(response.json()).toMatchObject({ status: 'DOWN', components: { database: { status: 'DOWN' } } })
  })
})
