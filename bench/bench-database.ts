import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { PROJECT_ROOT } from '../src/platform/paths.js'
import { acquireDataDirectoryLock, startEmbeddedDatabase } from '../src/platform/db/embedded.js'
import { embeddedSuperuserPassword } from '../src/platform/db/bootstrap.js'

export const BENCH_DATABASE = 'mapwell_bench'

/**
 * The benchmark data set lives in its own database: on the server in BENCH_DATABASE_URL (or
 * DATABASE_URL) if set, otherwise in an embedded cluster under ./data-bench, apart from the demo's ./data.
 */
export async function openBenchCluster(): Promise<{ adminUrl: string; benchUrl: string; close(): Promise<void> }> {
  const external = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL
  if (external !== undefined && external !== '') {
    const bench = new URL(external)
    bench.pathname = `/${BENCH_DATABASE}`
    return { adminUrl: external, benchUrl: bench.toString(), close: async () => undefined }
  }
  const directory = path.join(PROJECT_ROOT, 'data-bench')
  fs.mkdirSync(directory, { recursive: true })
  fs.chmodSync(directory, 0o755)
  const release = acquireDataDirectoryLock(directory)
  const port = Number(process.env.BENCH_DATABASE_PORT ?? 54339)
  const server = await startEmbeddedDatabase({ dataDirectory: directory, port, superuserPassword: embeddedSuperuserPassword(directory), log: () => undefined })
  const admin = new URL(server.ownerUrl)
  admin.pathname = '/postgres'
  const bench = new URL(server.ownerUrl)
  bench.pathname = `/${BENCH_DATABASE}`
  return {
    adminUrl: admin.toString(), benchUrl: bench.toString(),
    async close() {
      await server.stop()
      release()
    },
  }
}

export async function databaseExists(adminUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    return ((await client.query('select 1 from pg_database where datname = $1', [BENCH_DATABASE])).rowCount ?? 0) > 0
  } finally {
    await client.end()
  }
}
