import { describe, expect, it } from 'vitest'
import { parseUkPhone } from './phone.js'

describe('UK phone numbers', () => {
  it('keeps a number as it was written, tidied of doubled spaces', () => {
    expect(parseUkPhone(' 01632  960 001 ')).toBe('01632 960 001')
    expect(parseUkPhone('+44 (0)1632 960001')).toBe('+44 (0)1632 960001')
    expect(parseUkPhone('0044 7700 900982')).toBe('0044 7700 900982')
    expect(parseUkPhone('07700-900-982')).toBe('07700-900-982')
  })

  it('refuses what cannot be a UK number', () => {
    for (const typed of ['', '999', '1632 960 001', '01632 960', '01632 960 001 2345', 'ring Rowan', '01632 960 001 ext 4', '+1 555 0100 0000']) {
      expect(parseUkPhone(typed), typed).toBeUndefined()
    }
  })
})
