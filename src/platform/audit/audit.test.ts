import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient } from '../../../test/support/browser.js'
import { withAuthenticatorApp } from '../../../test/support/factories.js'
import { verifyAuditChain } from './verify.js'

describe('audit trail', () => {
  let t: TestApp
  let admin: PageClient
  beforeAll(async () => {
    t = await startTestApp()
    const secret = await withAuthenticatorApp(t.db, 'admin@fellside.example')
    admin = new PageClient(t.app)
    await admin.signIn('admin@fellside.example', undefined, secret)
  })
  afterAll(async () => { await t.close() })

  it('writes a row for every read of protected data, in order, hash-chained', async () => {
    const page = await admin.get('/admin/users')
    expect(page.statusCode).toBe(200)
    const { rows } = await t.db.owner<{ action: string; actor_user_id: string | null }>(
      `select action, actor_user_id from audit_events order by id desc limit 1`)
    expect(rows[0]?.action).toBe('users.listed')
    expect(rows[0]?.actor_user_id).not.toBeNull()
    const verdict = await verifyAuditChain(t.db.ownerUrl)
    expect(verdict.intact).toBe(true)
    expect(verdict.events).toBeGreaterThan(1)
  })

  it('cannot be changed or removed by the application role', async () => {
    const client = new pg.Client({ connectionString: t.db.applicationUrl })
    await client.connect()
    try {
      await expect(client.query(`update audit_events set action = 'nothing happened'`)).rejects.toThrow(/permission denied/)
      await expect(client.query('delete from audit_events')).rejects.toThrow(/permission denied/)
      await expect(client.query('truncate audit_events')).rejects.toThrow(/permission denied/)
    } finally {
      await client.end()
    }
  })

  it('names the first broken event when a row is tampered with', async () => {
    await admin.get('/admin/users')
    await admin.get('/admin/users')
    const { rows } = await t.db.owner<{ id: string }>('select id from audit_events order by id desc offset 1 limit 1')
    const target = rows[0]?.id ?? ''
    // Only someone with the owner's powers can even try: they must switch the guard trigger off.
    await t.db.owner('alter table audit_events disable trigger audit_events_no_update')
    await t.db.owner(`update audit_events set details = '{"page": 99}' where id = $1`, [target])
    await t.db.owner('alter table audit_events enable trigger audit_events_no_update')
    const verdict = await verifyAuditChain(t.db.ownerUrl)
    expect(verdict.intact).toBe(false)
    if (!verdict.intact) {
      expect(String(verdict.brokenAt)).toBe(target)
      expect(verdict.reason).toMatch(/contents do not match/)
    }
  })

  it('returns nothing when the audit row cannot be written', async () => {
    await t.db.owner('revoke insert on audit_events from mapwell_app')
    try {
      const page = await admin.get('/admin/users')
      expect(page.statusCode).toBe(500)
      expect(page.body).not.toContain('practitioner@fellside.example')
      expect(page.body).not.toContain('Rowan Ashby')
      expect(page.body).not.toMatch(/audit_events|permission denied|at .*\.ts/)
      expect(page.body).toContain('Sorry, there is a problem with the service')
    } finally {
      await t.db.owner('grant insert on audit_events to mapwell_app')
    }
  })
})
