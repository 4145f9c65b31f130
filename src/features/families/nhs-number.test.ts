import { describe, expect, it } from 'vitest'
import { formatNhsNumber, isValidNhsNumber, testNhsNumber } from './nhs-number.js'

describe('NHS numbers', () => {
  it('accepts numbers whose check digit is right, however they are spaced', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true)
    expect(isValidNhsNumber('943 476 5919')).toBe(true)
    expect(isValidNhsNumber('943-476-5919')).toBe(true)
  })

  it('refuses a wrong check digit, a check value of 10, and anything not ten digits', () => {
    expect(isValidNhsNumber('9434765918')).toBe(false)
    expect(isValidNhsNumber('1234567890')).toBe(false) // the check value works out at 10: never issued
    expect(isValidNhsNumber('94347659')).toBe(false)
    expect(isValidNhsNumber('94347659190')).toBe(false)
    expect(isValidNhsNumber('943476591X')).toBe(false)
  })

  it('makes valid numbers in the 999 test range for fictional data', () => {
    for (let sequence = 0; sequence < 200; sequence += 1) {
      const number = testNhsNumber(sequence)
      expect(number.startsWith('999')).toBe(true)
      expect(isValidNhsNumber(number)).toBe(true)
    }
  })

  it('writes them in the usual 3-3-4 groups', () => {
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919')
  })
})
