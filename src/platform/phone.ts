/**
 * A UK phone number as people write it (spaces, dashes, brackets, +44 or 0044 for the leading 0), kept
 * as typed but tidied of doubled spaces; undefined when it cannot be a UK number (10 or 11 digits from the 0).
 */
export function parseUkPhone(text: string): string | undefined {
  const tidy = text.trim().replace(/\s+/g, ' ')
  if (!/^(\+|00)?[\d\s()-]+$/.test(tidy)) return undefined
  const digits = tidy.replace(/\D/g, '').replace(/^(00)?44(0)?/, '0')
  return /^0\d{9,10}$/.test(digits) ? tidy : undefined
}
