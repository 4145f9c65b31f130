import { describe, expect, it } from 'vitest'
import { canonicalChainedEvent, deriveAuditKey, signChainedEvent, type ChainedEvent } from './chain.js'
import { AnchorFileError, parseAnchors } from './verify.js'

const event: ChainedEvent = {
  organisationId: '7d1f3f4e-8a51-4c1e-9a47-3c2b1f0e9d01', sequence: '12', occurredAt: '2026-12-04T10:15:30.123456Z',
  actorUserId: null, action: 'family.viewed', outcome: 'success', subjectType: 'family', subjectId: 'f-1', requestId: null,
  details: { page: 2, filters: { b: true, a: 'x' } }, prevHash: 'ab'.repeat(32),
}

describe('signing an audit event', () => {
  it('gives the same canonical text whatever order the details\' keys come back in', () => {
    const reordered = { ...event, details: { filters: { a: 'x', b: true }, page: 2 } }
    expect(canonicalChainedEvent(reordered)).toBe(canonicalChainedEvent(event))
    expect(canonicalChainedEvent(event)).toBe('["mapwell-audit/2","7d1f3f4e-8a51-4c1e-9a47-3c2b1f0e9d01","12","2026-12-04T10:15:30.123456Z",null,' +
      '"family.viewed","success","family","f-1",null,{"filters":{"a":"x","b":true},"page":2},"' + 'ab'.repeat(32) + '"]')
  })

  it('changes the signature when any field, the place in the chain, the link or the key changes', () => {
    const key = deriveAuditKey('a-secret-key-of-at-least-thirty-two-characters')
    const signature = signChainedEvent(key, event)
    expect(signature).toMatch(/^[0-9a-f]{64}$/)
    for (const changed of [{ sequence: '13' }, { organisationId: null }, { prevHash: 'cd'.repeat(32) }, { details: { page: 3, filters: { b: true, a: 'x' } } }, { occurredAt: '2026-12-04T10:15:30.123457Z' }]) {
      expect(signChainedEvent(key, { ...event, ...changed })).not.toBe(signature)
    }
    expect(signChainedEvent(deriveAuditKey('another-secret-key-of-at-least-thirty-two'), event)).not.toBe(signature)
  })
})

describe('reading an anchor file', () => {
  const good = { format: 'mapwell-audit-anchors/1', writtenAt: '2026-12-04T10:00:00.000Z', legacy: null, chains: [{ organisationId: null, sequence: 3, hash: 'ab'.repeat(32) }] }

  it('accepts what audit:verify writes', () => {
    expect(parseAnchors(JSON.stringify(good))).toEqual(good)
  })

  it('refuses anything else with a reason', () => {
    expect(() => parseAnchors('not json')).toThrow(new AnchorFileError('the anchor file is not JSON'))
    expect(() => parseAnchors(JSON.stringify({ ...good, format: 'other' }))).toThrow(/not a Mapwell audit anchor file/)
    expect(() => parseAnchors(JSON.stringify({ ...good, chains: [{ organisationId: 'fellside', sequence: 3, hash: 'ab'.repeat(32) }] }))).toThrow(/organisationId \(a UUID or null\)/)
    expect(() => parseAnchors(JSON.stringify({ ...good, chains: [{ organisationId: null, sequence: 0, hash: 'ab'.repeat(32) }] }))).toThrow(/sequence of 1 or more/)
    expect(() => parseAnchors(JSON.stringify({ ...good, chains: [...good.chains, ...good.chains] }))).toThrow(/twice/)
    expect(() => parseAnchors(JSON.stringify({ ...good, legacy: { id: 1, hash: 'short' } }))).toThrow(/legacy entry/)
  })
})
