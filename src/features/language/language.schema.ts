import { isId } from '../../platform/http/params.js'
import { TEXT_KINDS, type TextKind } from './coach.js'
import type { LanguageTerm } from './default-terms.js'

export const MAX_CHECK_LENGTH = 20_000

export const MESSAGES = {
  termMissing: 'Enter the word, phrase or acronym to flag',
  termTooLong: 'The word or phrase must be 60 characters or fewer',
  suggestionMissing: 'Enter what to say instead',
  explanationMissing: 'Enter why it should be avoided, in a few words',
  duplicate: 'That word or phrase is already on the list',
} as const

/** The JSON body of POST /api/language/check, or what is wrong with it. */
export function parseCheckRequest(body: unknown): { text: string; kind: TextKind; familyId?: string } | { error: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { error: 'Send a JSON object: { "text": "...", "kind": "danger" }' }
  const { text, kind, familyId } = body as Record<string, unknown>
  if (typeof text !== 'string') return { error: '"text" must be a string' }
  if (text.length > MAX_CHECK_LENGTH) return { error: `"text" must be ${String(MAX_CHECK_LENGTH)} characters or fewer` }
  if (typeof kind !== 'string' || !(TEXT_KINDS as readonly string[]).includes(kind)) return { error: `"kind" must be one of: ${TEXT_KINDS.join(', ')}` }
  // Optional: the family the text is for, to warn about details hidden from someone in it.
  if (familyId !== undefined && !isId(familyId)) return { error: '"familyId" must be a family\'s id' }
  return { text, kind: kind as TextKind, familyId }
}

function field(body: unknown, name: string, max: number): string {
  if (typeof body !== 'object' || body === null) return ''
  const value = (body as Record<string, unknown>)[name]
  return typeof value === 'string' ? value.trim().replace(/\s+/g, ' ').slice(0, max) : ''
}

export function parseTermForm(body: unknown): { values: LanguageTerm & { version: string }; errors: Record<string, string> } {
  const values = { term: field(body, 'term', 200), suggestion: field(body, 'suggestion', 500), explanation: field(body, 'explanation', 500), version: field(body, 'version', 10) }
  const errors: Record<string, string> = {}
  if (values.term === '') errors.term = MESSAGES.termMissing
  else if (values.term.length > 60) errors.term = MESSAGES.termTooLong
  if (values.suggestion === '') errors.suggestion = MESSAGES.suggestionMissing
  if (values.explanation === '') errors.explanation = MESSAGES.explanationMissing
  return { values, errors }
}
