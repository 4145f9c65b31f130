import { describe, expect, it } from 'vitest'
import { asTyped, MESSAGES, parseMeeting, parseMemberChange, parseNewMember, parseTold } from './network.schema.js'

const jean = '3f8a4c1e-8d2b-4f6a-9c1d-2b7e5a9f0c11'

describe('the network forms', () => {
  it('adds someone new with a name, or someone chosen from the record without one', () => {
    const base = { relationship: 'Claire\'s friend', closeness: '2', joinedOn: '20/11/2026', commitments: '' }
    expect(parseNewMember({ ...base, who: 'new', givenName: 'Sam', familyName: 'Kirkby' }).fields).toEqual({
      relationshipToChild: 'Claire\'s friend', closeness: 2, joinedOn: '2026-11-20', commitments: '', leftOn: null, givenName: 'Sam', familyName: 'Kirkby',
    })
    expect(parseNewMember({ ...base, who: jean }).fields).toMatchObject({ personId: jean, closeness: 2 })
    expect(parseNewMember({ ...base, who: jean, givenName: 'Sam' }).errors).toEqual({ givenName: MESSAGES.nameWithChosen })
    expect(parseNewMember({ ...base, who: 'someone' }).errors).toEqual({ who: MESSAGES.whoUnknown })
    expect(parseNewMember({ ...base, who: 'new' }).errors).toEqual({ givenName: MESSAGES.givenMissing, familyName: MESSAGES.familyMissing })
  })

  it('only takes closeness 1, 2 or 3, and real dates that are not in the future', () => {
    const errors = parseNewMember({ who: 'new', givenName: 'A', familyName: 'B', relationship: 'aunt', closeness: '4', joinedOn: '1/1/2099' }).errors
    expect(errors).toEqual({ closeness: MESSAGES.closenessMissing, joinedOn: MESSAGES.joinedFuture })
    expect(parseNewMember({ who: 'new', givenName: 'A', familyName: 'B', relationship: 'aunt', closeness: '0', joinedOn: '30/2/2026' }).errors)
      .toEqual({ closeness: MESSAGES.closenessMissing, joinedOn: MESSAGES.joinedInvalid })
  })

  it('keeps a member\'s leaving date after their joining date', () => {
    const change = { relationship: 'aunt', closeness: '1', joinedOn: '10/10/2026', version: '3' }
    expect(parseMemberChange({ ...change, leftOn: '9/10/2026' }).errors).toEqual({ leftOn: MESSAGES.leftBeforeJoined })
    expect(parseMemberChange({ ...change, leftOn: '11/10/2026' })).toMatchObject({ fields: { leftOn: '2026-10-11' }, baseVersion: 3 })
    expect(parseMemberChange({ ...change, leftOn: '' }).fields?.leftOn).toBeNull()
  })

  it('needs what they were told, and only the things that can be told', () => {
    expect(parseTold({ toldOn: '1/11/2026', items: 'safety-plan', toldBy: 'Rowan' }).fields).toEqual({ toldOn: '2026-11-01', items: ['safety-plan'], toldBy: 'Rowan', note: '' })
    expect(parseTold({ toldOn: '1/11/2026', items: ['safety-plan', 'danger-statements'], toldBy: 'Rowan' }).fields?.items).toEqual(['danger-statements', 'safety-plan'])
    expect(parseTold({ toldOn: '1/11/2026', items: ['secrets'], toldBy: 'Rowan' }).errors).toEqual({ items: MESSAGES.itemsMissing })
    expect(parseTold({}).errors).toEqual({ toldOn: MESSAGES.toldOnInvalid, items: MESSAGES.itemsMissing, toldBy: MESSAGES.toldByMissing })
  })

  it('needs someone to have come to a meeting, from this network or named', () => {
    expect(parseMeeting({ heldOn: '1/11/2026', agreed: 'Plan' }, [jean]).errors).toEqual({ attendees: MESSAGES.attendeesMissing })
    expect(parseMeeting({ heldOn: '1/11/2026', agreed: 'Plan', otherAttendees: 'Claire (mum)' }, []).fields?.attendeeMemberIds).toEqual([])
    expect(parseMeeting({ heldOn: '1/11/2026', agreed: 'Plan', attendees: [jean, jean] }, [jean]).fields?.attendeeMemberIds).toEqual([jean])
    expect(parseMeeting({ heldOn: '1/11/2026', agreed: 'Plan', attendees: 'not-a-member' }, [jean]).errors).toEqual({ attendees: MESSAGES.attendeesUnknown })
  })

  it('shows saved dates the way people type them', () => {
    expect(asTyped('2026-03-07')).toBe('7/3/2026')
    expect(asTyped(null)).toBe('')
  })
})
