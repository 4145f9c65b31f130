import { describe, expect, it } from 'vitest'
import { returnPathWithin, withReturnPath } from './return-path.js'

const FAMILY = '00000000-0000-4000-8000-000000000001'

describe('returnPathWithin', () => {
  it('takes a plain path inside the same family\'s record', () => {
    expect(returnPathWithin(FAMILY, `/families/${FAMILY}/share-review`)).toBe(`/families/${FAMILY}/share-review`)
    expect(returnPathWithin(FAMILY, `/families/${FAMILY}/share-review/booklets/${FAMILY}`)).toBe(`/families/${FAMILY}/share-review/booklets/${FAMILY}`)
  })

  it('refuses anywhere else, so the address cannot send anyone away', () => {
    for (const value of [undefined, '', 'https://example.com', '//example.com', `/families/${FAMILY}`, `/families/00000000-0000-4000-8000-000000000002/share-review`,
      `/families/${FAMILY}/../admin`, `/families/${FAMILY}//x`, `/families/${FAMILY}/share-review?x=1`, `/families/${FAMILY}/share-review#a`]) {
      expect(returnPathWithin(FAMILY, value), String(value)).toBeUndefined()
    }
  })
})

describe('withReturnPath', () => {
  it('adds where to go back to, or leaves the address alone', () => {
    expect(withReturnPath('/a', undefined)).toBe('/a')
    expect(withReturnPath('/a', '/families/x/share-review')).toBe('/a?returnTo=%2Ffamilies%2Fx%2Fshare-review')
    expect(withReturnPath('/a?kind=rule', '/b')).toBe('/a?kind=rule&returnTo=%2Fb')
  })
})
