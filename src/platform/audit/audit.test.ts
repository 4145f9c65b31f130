import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient } from '../../../test/support/browser.js'
import { organisationId, withAuthenticatorApp } from '../../../test/support/factories.js'
import { recordAudit } from './audit.js'
import { deriveAuditKey, signChainedEvent } from './chain.js'
import { anchorsFrom, verifyAuditChain, type ChainVerdict } from './verify.js'

const NO_ORGANISATION = '00000000-0000-0000-0000-000000000000'

describe('audit trail', () => {
  let t: TestApp
  let admin: PageClient
  let key: Buffer
  let fellside: string
  let lakemoor: string
  beforeAll(async () => {
    t = await startTestApp()
    key = deriveAuditKey(t.config.secretKey)
    fellside = await organisationId(t.db, 'fellside')
    lakemoor = await organisationId(t.db, 'lakemoor')
    const secret = await withAuthenticatorApp(t.db, 'admin@fellside.example')
    admin = new PageClient(t.app)
    await admin.signIn('admin@fellside.example', undefined, secret)
  })
  afterAll(async () => { await t.close() })

  const verify = (options: { organisationId?: string | null; anchors?: ReturnType<typeof anchorsFrom> } = {}): Promise<ChainVerdict> =>
    verifyAuditChain(t.db.ownerUrl, { key, ...options })

  /** Audit rows for one organisation, written straight through the service layer's own function. */
  async function write(organisation: string, count: number, action = 'test.viewed'): Promise<void> {
    for (let index = 0; index < count; index += 1) {
      await t.db.handle.inOrganisation(organisation, (tx) => recordAudit(tx, { organisationId: organisation, actorUserId: null, action, details: { index } }))
    }
  }

  /** What someone holding only the database's owner login can do: switch the guard off, change rows, switch it on. */
  async function asOwnerWithoutGuard(statements: () => Promise<void>): Promise<void> {
    await t.db.owner('alter table audit_events disable trigger audit_events_no_update')
    try {
      await statements()
    } finally {
      await t.db.owner('alter table audit_events enable trigger audit_events_no_update')
    }
  }

  async function newest(organisation: string, count: number): Promise<{ id: string; chain_sequence: string }[]> {
    return (await t.db.owner<{ id: string; chain_sequence: string }>(
      'select id::text, chain_sequence::text from audit_events where organisation_id = $1 order by audit_events.chain_sequence desc limit $2', [organisation, count])).rows
  }

  it('writes a row for every read of protected data, in order, in its organisation\'s signed chain', async () => {
    const page = await admin.get('/admin/users')
    expect(page.statusCode).toBe(200)
    const { rows } = await t.db.owner<{ action: string; actor_user_id: string | null; organisation_id: string; chain_sequence: string }>(
      `select action, actor_user_id, organisation_id, chain_sequence::text from audit_events order by id desc limit 1`)
    expect(rows[0]?.action).toBe('users.listed')
    expect(rows[0]?.actor_user_id).not.toBeNull()
    expect(rows[0]?.organisation_id).toBe(fellside)
    const verdict = await verify()
    expect(verdict).toMatchObject({ intact: true })
    expect(verdict.events).toBeGreaterThan(1)
    if (verdict.intact) expect(verdict.chains.find((chain) => chain.organisationId === fellside)?.lastSequence).toBe(Number(rows[0]?.chain_sequence))
  })

  it('keeps one chain per organisation, and one for events with no organisation, each verifiable alone', async () => {
    await write(fellside, 3)
    await write(lakemoor, 2)
    await t.db.handle.withoutOrganisation((tx) => recordAudit(tx, { organisationId: null, actorUserId: null, action: 'sign-in.unknown-account', outcome: 'failure' }))
    const { rows } = await t.db.owner<{ organisation_id: string | null; events: string; first: string; last: string }>(
      `select organisation_id, count(*)::text as events, min(chain_sequence)::text as first, max(chain_sequence)::text as last
         from audit_events group by organisation_id`)
    for (const row of rows) {
      expect(row.first).toBe('1')
      expect(row.last).toBe(row.events)
    }
    const alone = await verify({ organisationId: lakemoor })
    expect(alone).toMatchObject({ intact: true, events: 2 })
    if (alone.intact) expect(alone.chains.map((chain) => chain.label)).toEqual([`Lakemoor Council's chain (organisation ${lakemoor})`])
    expect(await verify({ organisationId: null })).toMatchObject({ intact: true, events: 1 })
    expect(await verify({ organisationId: fellside })).toMatchObject({ intact: true })
  })

  it('cannot be changed or removed by the application role, nor added to out of turn', async () => {
    const client = new pg.Client({ connectionString: t.db.applicationUrl })
    await client.connect()
    try {
      await expect(client.query(`update audit_events set action = 'nothing happened'`)).rejects.toThrow(/permission denied/)
      await expect(client.query('delete from audit_events')).rejects.toThrow(/permission denied/)
      await expect(client.query('truncate audit_events')).rejects.toThrow(/permission denied/)
      await expect(client.query('update audit_chains set last_sequence = 0')).rejects.toThrow(/permission denied/)
      await expect(client.query('delete from audit_chains')).rejects.toThrow(/permission denied/)
      await client.query('begin')
      await client.query(`select set_config('mapwell.organisation_id', $1, true)`, [fellside])
      // Another council's chain head is out of reach, and a row that does not follow its chain is refused.
      await expect(client.query('select * from mapwell_audit_chain_head($1)', [lakemoor])).rejects.toThrow(/current organisation/)
      await client.query('rollback')
      await client.query('begin')
      await client.query(`select set_config('mapwell.organisation_id', $1, true)`, [fellside])
      await expect(client.query(
        `insert into audit_events (organisation_id, chain_sequence, occurred_at, actor_user_id, action, outcome, prev_hash, hash)
         values ($1, 1, now(), null, 'forged', 'success', repeat('0', 64), repeat('a', 64))`, [fellside])).rejects.toThrow(/must follow the newest event of its chain/)
      await client.query('rollback')
    } finally {
      await client.end()
    }
    expect(await verify()).toMatchObject({ intact: true })
  })

  it('lets councils write at the same moment without waiting for each other', async () => {
    // Fellside holds its chain head (an audited transaction not yet committed) while Lakemoor writes.
    let releaseFellside: () => void = () => undefined
    const fellsideHeld = new Promise<void>((resolve) => { releaseFellside = resolve })
    let fellsideLocked: () => void = () => undefined
    const locked = new Promise<void>((resolve) => { fellsideLocked = resolve })
    const fellsideWrite = t.db.handle.inOrganisation(fellside, async (tx) => {
      await recordAudit(tx, { organisationId: fellside, actorUserId: null, action: 'test.held' })
      fellsideLocked()
      await fellsideHeld
    })
    await locked
    await Promise.race([
      write(lakemoor, 3, 'test.while-another-council-writes'),
      new Promise((_resolve, reject) => setTimeout(() => { reject(new Error('Lakemoor waited for Fellside')) }, 5000)),
    ])
    releaseFellside()
    await fellsideWrite

    // Many transactions of both councils at once: every chain stays whole.
    await Promise.all([fellside, lakemoor].flatMap((organisation) => Array.from({ length: 4 }, () => write(organisation, 10, 'test.concurrent'))))
    const counts = await t.db.owner<{ organisation_id: string; events: string; last: string }>(
      `select organisation_id, count(*)::text as events, max(chain_sequence)::text as last from audit_events
        where organisation_id = any($1) group by organisation_id`, [[fellside, lakemoor]])
    for (const row of counts.rows) expect(row.last).toBe(row.events)
    expect(await verify({ organisationId: fellside })).toMatchObject({ intact: true })
    expect(await verify({ organisationId: lakemoor })).toMatchObject({ intact: true })
    expect(await verify()).toMatchObject({ intact: true })
  })

  it('detects an event removed at the end, against an anchor kept outside the database', async () => {
    await write(lakemoor, 4)
    const before = await verify()
    if (!before.intact) throw new Error(before.sentence)
    const anchors = JSON.parse(JSON.stringify(anchorsFrom(before))) as ReturnType<typeof anchorsFrom>
    const last = before.chains.find((chain) => chain.organisationId === lakemoor)?.lastSequence ?? 0
    expect(anchors.chains.find((chain) => chain.organisationId === lakemoor)?.sequence).toBe(last)

    // The owner removes Lakemoor's two newest events and winds the chain head back to match.
    const removed = await newest(lakemoor, 3)
    await asOwnerWithoutGuard(async () => {
      await t.db.owner('delete from audit_events where organisation_id = $1 and chain_sequence > $2', [lakemoor, last - 2])
      await t.db.owner(`update audit_chains set last_sequence = $2, last_hash = (select hash from audit_events where organisation_id = $1 and chain_sequence = $2)
                         where organisation_id = $1`, [lakemoor, last - 2])
    })
    expect(removed[2]?.chain_sequence).toBe(String(last - 2))
    // The chain alone cannot show it: what is left is a whole chain.
    expect(await verify()).toMatchObject({ intact: true })
    const verdict = await verify({ anchors })
    expect(verdict).toMatchObject({ intact: false, chain: lakemoor, reason: 'an anchored event is missing' })
    if (!verdict.intact) {
      expect(verdict.sentence).toBe(`Lakemoor Council's chain (organisation ${lakemoor}) ends at event ${String(last - 2)}, ` +
        `but the anchor records event ${String(last)}: the newest events were removed.`)
    }
  })

  it('names the first broken event when a row is changed', async () => {
    await write(fellside, 2)
    const [, target] = await newest(fellside, 2)
    await asOwnerWithoutGuard(async () => {
      await t.db.owner(`update audit_events set details = '{"page": 99}' where id = $1`, [target?.id])
    })
    const verdict = await verify()
    expect(verdict).toMatchObject({ intact: false, brokenAt: Number(target?.id), chain: fellside, reason: 'its contents do not match its signature' })
    if (!verdict.intact) expect(verdict.sentence).toMatch(new RegExp(`^Event ${String(target?.chain_sequence)} \\(id ${String(target?.id)}\\) of Fellside Council's chain`))
    // Lakemoor's chain does not depend on Fellside's: it still verifies alone.
    expect(await verify({ organisationId: lakemoor })).toMatchObject({ intact: true })
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

describe('audit trail rewritten by the database owner', () => {
  let t: TestApp
  let key: Buffer
  let fellside: string
  let lakemoor: string
  beforeAll(async () => {
    t = await startTestApp()
    key = deriveAuditKey(t.config.secretKey)
    fellside = await organisationId(t.db, 'fellside')
    lakemoor = await organisationId(t.db, 'lakemoor')
    for (const organisation of [fellside, lakemoor]) {
      for (let index = 0; index < 5; index += 1) {
        await t.db.handle.inOrganisation(organisation, (tx) => recordAudit(tx, { organisationId: organisation, actorUserId: null, action: 'test.viewed', details: { index, note: 'a', z: [1, { b: 2, a: 1 }] } }))
      }
    }
  })
  afterAll(async () => { await t.close() })

  it('verifies before anything is touched', async () => {
    expect(await verifyAuditChain(t.db.ownerUrl, { key })).toMatchObject({ intact: true, events: 10 })
    expect(await verifyAuditChain(t.db.ownerUrl, { key: deriveAuditKey('another-secret-key-another-secret-key') })).toMatchObject({ intact: false, reason: 'its contents do not match its signature' })
  })

  it('detects an event deleted and the chain recomputed without the key', async () => {
    const { rows } = await t.db.owner<{ id: string; chain_sequence: string; organisation_id: string; occurred_at: string; actor_user_id: string | null; action: string; outcome: string; subject_type: string | null; subject_id: string | null; request_id: string | null; details: unknown; prev_hash: string }>(
      `select id::text, chain_sequence::text, organisation_id::text, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at,
              actor_user_id, action, outcome, subject_type, subject_id, request_id, details, prev_hash
         from audit_events where organisation_id = $1 order by audit_events.chain_sequence`, [fellside])
    const removed = rows[1]
    // The owner deletes event 2, renumbers and relinks the rest with the best key they have (not SECRET_KEY's).
    const forger = deriveAuditKey('what-the-owner-guesses-the-key-is-000')
    await t.db.owner('alter table audit_events disable trigger audit_events_no_update')
    try {
      await t.db.owner('delete from audit_events where id = $1', [removed?.id])
      let previous = rows[0]?.prev_hash ?? ''
      let sequence = 0
      for (const row of rows.filter((item) => item.id !== removed?.id)) {
        sequence += 1
        const hash = sequence === 1 ? (await t.db.owner<{ hash: string }>('select hash from audit_events where id = $1', [row.id])).rows[0]?.hash ?? ''
          : signChainedEvent(forger, { organisationId: row.organisation_id, sequence: String(sequence), occurredAt: row.occurred_at, actorUserId: row.actor_user_id,
            action: row.action, outcome: row.outcome, subjectType: row.subject_type, subjectId: row.subject_id, requestId: row.request_id, details: row.details, prevHash: previous })
        await t.db.owner('update audit_events set chain_sequence = $2, prev_hash = $3, hash = $4 where id = $1', [row.id, sequence, previous, hash])
        previous = hash
      }
      await t.db.owner('update audit_chains set last_sequence = $2, last_hash = $3 where organisation_id = $1', [fellside, sequence, previous])
    } finally {
      await t.db.owner('alter table audit_events enable trigger audit_events_no_update')
    }
    const verdict = await verifyAuditChain(t.db.ownerUrl, { key })
    const firstRewritten = rows[2]
    expect(verdict).toMatchObject({ intact: false, chain: fellside, brokenAt: Number(firstRewritten?.id), reason: 'its contents do not match its signature' })
    if (!verdict.intact) expect(verdict.sentence).toContain(`Event 2 (id ${String(firstRewritten?.id)}) of Fellside Council's chain (organisation ${fellside}) has contents that do not match its signature`)
    // The other council's chain is untouched and still verifies alone.
    expect(await verifyAuditChain(t.db.ownerUrl, { key, organisationId: lakemoor })).toMatchObject({ intact: true, events: 5 })
  })

  it('detects an event deleted without renumbering, and names what is missing', async () => {
    const { rows } = await t.db.owner<{ id: string }>('select id::text from audit_events where organisation_id = $1 and chain_sequence = 3', [lakemoor])
    await t.db.owner('alter table audit_events disable trigger audit_events_no_update')
    try {
      await t.db.owner('delete from audit_events where id = $1', [rows[0]?.id])
    } finally {
      await t.db.owner('alter table audit_events enable trigger audit_events_no_update')
    }
    const verdict = await verifyAuditChain(t.db.ownerUrl, { key, organisationId: lakemoor })
    expect(verdict).toMatchObject({ intact: false, chain: lakemoor, reason: 'the events before it are missing' })
    if (!verdict.intact) expect(verdict.sentence).toMatch(/^Lakemoor Council's chain \(organisation [0-9a-f-]+\) is missing event 3: the next event found is 4 \(id \d+\)\.$/)
  })

  it('keeps the no-organisation chain apart', async () => {
    const { rows } = await t.db.owner<{ chain_id: string; organisation_id: string | null }>('select chain_id, organisation_id from audit_chains where organisation_id is null')
    expect(rows).toEqual([{ chain_id: NO_ORGANISATION, organisation_id: null }])
  })
})
