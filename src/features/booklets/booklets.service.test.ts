import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestDatabase } from '../../../test/support/database.js'
import { personIdNamed } from '../../../test/support/factories.js'
import { ashworthWorld, auditRowsOf, nextRequest } from '../../../test/support/service-actors.js'
import { NotFoundError } from '../../platform/http/errors.js'
import type { Actor } from '../../platform/http/types.js'
import { createBookletsService, type BookletsService } from './booklets.service.js'

describe('the booklets service, on a real database', () => {
  let db: TestDatabase
  let booklets: BookletsService
  let rowan: Actor
  let manager: Actor
  let outsider: Actor
  let familyId: string
  let bookletId: string

  beforeAll(async () => {
    const world = await ashworthWorld()
    ;({ db, rowan, manager, outsider, familyId } = world)
    booklets = createBookletsService({ familyRecord: world.familyRecord })
    const leo = await personIdNamed(db, familyId, 'Leo')
    const started = await booklets.start(rowan, familyId, { childPersonId: leo, title: 'Leo\'s words and pictures', text: 'Sometimes grown-ups need help.', submissionId: crypto.randomUUID() })
    bookletId = started.bookletId
  })
  afterAll(async () => { await db.drop() })

  it('writes an audit row about the booklet for reading it, and hides it from someone with no relationship', async () => {
    const actor = nextRequest(rowan)
    const view = await booklets.view(actor, familyId, bookletId, { purpose: 'booklet' })
    expect(view.shown.pages).toHaveLength(1)
    expect(await auditRowsOf(db, actor)).toEqual([expect.objectContaining({
      action: 'booklet.viewed', outcome: 'success', subject_type: 'booklet', subject_id: bookletId, details: expect.objectContaining({ familyId, version: 1 }) as unknown,
    })])
    await expect(booklets.view(outsider, familyId, bookletId, { purpose: 'booklet' })).rejects.toBeInstanceOf(NotFoundError)
    await expect(booklets.overview(outsider, familyId)).rejects.toBeInstanceOf(NotFoundError)
    expect(await auditRowsOf(db, outsider)).toEqual([])
  })

  it('adds a page once per submission, as a new version, with its audit row', async () => {
    const actor = nextRequest(rowan)
    const submissionId = crypto.randomUUID()
    const first = await booklets.changePages(actor, familyId, bookletId, { type: 'add', text: 'Sam is a worker.' }, 1, submissionId)
    const again = await booklets.changePages(actor, familyId, bookletId, { type: 'add', text: 'Sam is a worker.' }, 1, submissionId)
    expect(first).toMatchObject({ outcome: 'saved', version: 2, page: 2 })
    expect(again).toEqual({ outcome: 'already-saved', version: 2 })
    expect(await auditRowsOf(db, actor)).toEqual([
      expect.objectContaining({ action: 'booklet.page-added', outcome: 'success', subject_type: 'booklet', subject_id: bookletId }),
      expect.objectContaining({ action: 'booklet.page-added', subject_id: bookletId, details: { familyId, alreadySaved: true } }),
    ])
    await expect(booklets.changePages(outsider, familyId, bookletId, { type: 'add', text: 'Not theirs' }, 2, crypto.randomUUID())).rejects.toBeInstanceOf(NotFoundError)
  })

  it('answers a change to a page someone else removed with a conflict that says so and keeps their pages', async () => {
    const added = await booklets.changePages(rowan, familyId, bookletId, { type: 'add', text: 'Gran reads to you at bedtime.' }, 2, crypto.randomUUID())
    if (added.outcome !== 'saved') throw new Error(added.outcome)
    expect(await booklets.changePages(manager, familyId, bookletId, { type: 'remove', page: 3 }, 3, crypto.randomUUID())).toMatchObject({ outcome: 'saved', version: 4 })
    const actor = nextRequest(rowan)
    const edit = await booklets.changePages(actor, familyId, bookletId, { type: 'edit', page: 3, text: 'Gran reads to you every night.', picture: { kind: 'keep' } }, 3, crypto.randomUUID())
    if (edit.outcome !== 'conflict') throw new Error(edit.outcome)
    expect(edit.pageGone).toBe(true)
    expect(edit.theirs.version).toBe(4)
    expect(edit.theirs.pages.map((page) => page.text)).toEqual(['Sometimes grown-ups need help.', 'Sam is a worker.'])
    expect(await auditRowsOf(db, actor)).toEqual([expect.objectContaining({ action: 'booklet.page-changed', outcome: 'failure', subject_id: bookletId })])
  })
})
