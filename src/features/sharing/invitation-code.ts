import crypto from 'node:crypto'

// No 0/O, 1/I/L or 5/S: easy to read out over the phone and to type from a letter.
const ALPHABET = 'ABCDEFGHJKMNPQRTUVWXYZ2346789'
export const CODE_DAYS = 14

/** A new invitation code: 12 characters in three groups, about 58 bits, like "K7QF-9XRT-M2PD". */
export function newInvitationCode(): string {
  const bytes = crypto.randomBytes(12)
  const characters = [...bytes].map((byte) => ALPHABET[byte % ALPHABET.length] ?? 'A')
  return [characters.slice(0, 4), characters.slice(4, 8), characters.slice(8, 12)].map((group) => group.join('')).join('-')
}

/** The code as typed (any case, spaces or dashes) in the one form it is stored as. */
export function normaliseCode(typed: string): string {
  const compact = typed.toUpperCase().replace(/[^A-Z0-9]/g, '')
  return compact.length === 12 ? `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8, 12)}` : compact
}

export function looksLikeCode(code: string): boolean {
  return new RegExp(`^[${ALPHABET}]{4}-[${ALPHABET}]{4}-[${ALPHABET}]{4}$`).test(code)
}
