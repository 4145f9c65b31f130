/**
 * NHS numbers: ten digits, the last a modulus 11 check digit. Numbers starting 999 are the NHS's test
 * range, used for all fictional data.
 */
export function normaliseNhsNumber(value: string): string {
  return value.replace(/[\s-]/g, '')
}

/** The modulus 11 check digit for nine digits, or undefined where it would be 10 (never issued). */
function checkDigit(nineDigits: string): number | undefined {
  let total = 0
  for (let index = 0; index < 9; index += 1) total += Number(nineDigits.charAt(index)) * (10 - index)
  const check = 11 - (total % 11)
  return check === 10 ? undefined : check === 11 ? 0 : check
}

export function isValidNhsNumber(value: string): boolean {
  const digits = normaliseNhsNumber(value)
  return /^\d{10}$/.test(digits) && checkDigit(digits) === Number(digits.charAt(9))
}

/** "9990001234" → "999 000 1234", the way NHS numbers are written. */
export function formatNhsNumber(value: string): string {
  const digits = normaliseNhsNumber(value)
  return digits.length === 10 ? `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}` : value
}

/** A valid test-range NHS number for fictional data, from a sequence number. */
export function testNhsNumber(sequence: number): string {
  for (let candidate = sequence; ; candidate += 1) {
    const body = `999${String(candidate % 1_000_000).padStart(6, '0')}`
    const check = checkDigit(body)
    if (check !== undefined) return `${body}${String(check)}`
  }
}
