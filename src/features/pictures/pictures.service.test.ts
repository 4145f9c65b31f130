import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NotFoundError } from '../../platform/http/errors.js'
import { familyIdNamed } from '../../../test/support/factories.js'
import { testPng } from '../../../test/support/pictures.js'
import { serviceWorld, type ServiceWorld } from '../../../test/support/service-world.js'

describe('the pictures service', () => {
  let world: ServiceWorld
  let familyId: string
  let otherFamilyId: string
  let pictureId: string
  beforeAll(async () => {
    world = await serviceWorld()
    familyId = await familyIdNamed(world.db, 'The Ashworth family')
    otherFamilyId = (await world.db.owner<{ id: string }>(`select id from families where id <> $1 and organisation_id = (select organisation_id from families where id = $1) limit 1`, [familyId])).rows[0]?.id ?? ''
    const { rows } = await world.db.owner<{ id: string }>(
      `insert into pictures (organisation_id, family_id, media_type, bytes, width, height, source, description, uploaded_by)
       select f.organisation_id, f.id, 'image/png', $2, 12, 8, 'drawn', 'A house with a sun', u.id from families f, users u
        where f.id = $1 and u.email = 'practitioner@fellside.example' returning id`, [familyId, testPng()])
    pictureId = rows[0]?.id ?? ''
  })
  afterAll(async () => { await world.close() })

  it('gives the picture to someone who may see the family, and writes the audit row for the picture', async () => {
    const rowan = await world.actor('practitioner@fellside.example')
    const picture = await world.services.pictures.fetch(rowan, familyId, pictureId)
    expect(picture.mediaType).toBe('image/png')
    expect(Buffer.compare(Buffer.from(picture.bytes), testPng())).toBe(0)
    expect((await world.auditOf(pictureId))[0]).toMatchObject({ action: 'picture.viewed', subject_type: 'picture', actor_user_id: rowan.userId, details: { familyId } })
  })

  it('answers "not found" to someone outside the family, and to a picture asked for under another family', async () => {
    const outsider = await world.actor('practitioner@lakemoor.example')
    const rowan = await world.actor('practitioner@fellside.example')
    const before = (await world.auditOf(pictureId)).length
    await expect(world.services.pictures.fetch(outsider, familyId, pictureId)).rejects.toBeInstanceOf(NotFoundError)
    await expect(world.services.pictures.fetch(rowan, otherFamilyId, pictureId)).rejects.toBeInstanceOf(NotFoundError)
    expect(await world.auditOf(pictureId)).toHaveLength(before)
  })
})
