import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config.js'
import { loadDemoData } from '../../src/demo/demo-data.js'
import type { RoutePolicy } from '../../src/platform/http/pipeline.js'
import { freshDatabase, type TestDatabase } from './database.js'

export interface TestApp {
  app: FastifyInstance
  db: TestDatabase
  config: Config
  routePolicies: RoutePolicy[]
  close(): Promise<void>
}

/**
 * The real application on a fresh database (with the demo councils unless told otherwise; with
 * `demoSharing`, also the running demo's Ashworth family space: Claire, Jean and Tom's accounts).
 */
export async function startTestApp(options: { env?: Record<string, string>; demoData?: boolean; demoSharing?: boolean } = {}): Promise<TestApp> {
  const db = await freshDatabase()
  if (options.demoData !== false) await loadDemoData(db.ownerUrl, { sharing: options.demoSharing === true })
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', ...options.env })
  const { app, routePolicies } = await buildApp({ config, database: db.handle })
  return {
    app, db, config, routePolicies,
    async close() {
      await app.close()
      await db.drop()
    },
  }
}
