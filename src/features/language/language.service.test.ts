import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NotFoundError } from '../../platform/http/errors.js'
import { createUser } from '../../../test/support/factories.js'
import { serviceWorld, type ServiceWorld } from '../../../test/support/service-world.js'

describe('the language service', () => {
  let world: ServiceWorld
  beforeAll(async () => { world = await serviceWorld() })
  afterAll(async () => { await world.close() })

  async function termId(term: string): Promise<string> {
    return (await world.db.owner<{ id: string }>('select id from language_terms where term = $1', [term])).rows[0]?.id ?? ''
  }

  it('checks text against the list, and writes each change to the list as a new version with its audit row', async () => {
    const admin = await world.actor('admin@fellside.example')
    const rowan = await world.actor('practitioner@fellside.example')
    expect(await world.services.language.add(admin, { term: 'respite weekend', suggestion: 'a short break', explanation: 'Jargon.' })).toEqual({ outcome: 'saved' })
    const id = await termId('respite weekend')
    expect((await world.services.language.check(rowan, 'A respite weekend is planned.', 'next-step')).findings.map((finding) => finding.suggestion)).toContain('a short break')
    expect(await world.services.language.update(admin, id, 1, { term: 'respite weekend', suggestion: 'a short break away', explanation: 'Jargon.' })).toEqual({ outcome: 'saved' })
    expect((await world.db.owner<{ version: number }>('select version from language_terms where id = $1', [id])).rows[0]?.version).toBe(2)
    expect((await world.auditOf(id)).map((row) => row.action)).toEqual(['language-term.changed', 'language-term.added'])
    // An edit based on version 1 is now stale: a conflict showing theirs, and nothing written.
    const stale = await world.services.language.update(admin, id, 1, { term: 'respite weekend', suggestion: 'mine', explanation: 'Mine.' })
    expect(stale).toMatchObject({ outcome: 'conflict', current: { suggestion: 'a short break away', version: 2 } })
    expect((await world.auditOf(id))).toHaveLength(2)
  })

  it('says who removed a word when a change to it arrives after it was removed', async () => {
    const admin = await world.actor('admin@fellside.example')
    const other = await createUser(world.db, { role: 'organisation-administrator', displayName: 'Priya Shah' })
    const priya = await world.actor(other.email)
    await world.services.language.add(admin, { term: 'contact centre visit', suggestion: 'time together', explanation: 'Jargon.' })
    const id = await termId('contact centre visit')
    await world.services.language.remove(priya, id)
    const late = await world.services.language.update(admin, id, 1, { term: 'contact centre visit', suggestion: 'family time', explanation: 'Mine.' })
    expect(late).toMatchObject({ outcome: 'removed', removedBy: 'Priya Shah' })
    expect((await world.db.owner('select 1 from language_terms where id = $1', [id])).rows).toHaveLength(0)
  })

  it('answers "not found" to another organisation\'s administrator, and changes nothing', async () => {
    const admin = await world.actor('admin@fellside.example')
    const lakemoor = await createUser(world.db, { organisation: 'lakemoor', role: 'organisation-administrator' })
    const outsider = await world.actor(lakemoor.email)
    await world.services.language.add(admin, { term: 'strategy huddle', suggestion: 'a child protection enquiry', explanation: 'Law.' })
    const id = await termId('strategy huddle')
    await expect(world.services.language.find(outsider, id)).rejects.toBeInstanceOf(NotFoundError)
    await expect(world.services.language.update(outsider, id, 1, { term: 'x', suggestion: 'y', explanation: 'z' })).rejects.toBeInstanceOf(NotFoundError)
    await expect(world.services.language.remove(outsider, id)).rejects.toBeInstanceOf(NotFoundError)
    expect((await world.db.owner<{ suggestion: string }>('select suggestion from language_terms where id = $1', [id])).rows[0]?.suggestion).toBe('a child protection enquiry')
  })
})
