/** Reading fields from a parsed form body (url-encoded or multipart), defensively: anything not a string is empty. */
type Body = Record<string, unknown>

/**
 * At most `max` UTF-16 units of the text, never cutting a character in two: half of an emoji's
 * surrogate pair would be refused by PostgreSQL wherever the text goes into JSON (audit details, pages).
 */
export function clip(value: string, max: number): string {
  if (value.length <= max) return value
  const cut = value.slice(0, max)
  const last = cut.charCodeAt(cut.length - 1)
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut
}

export function formText(body: unknown, name: string, max = 500): string {
  const value = typeof body === 'object' && body !== null ? (body as Body)[name] : undefined
  return typeof value === 'string' ? clip(value.trim(), max) : ''
}

export function formList(body: unknown, name: string, maxItems = 200): string[] {
  const value = typeof body === 'object' && body !== null ? (body as Body)[name] : undefined
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((item): item is string => typeof item === 'string').slice(0, maxItems)
}

export function formChoice<T extends string>(body: unknown, name: string, choices: readonly T[]): T | undefined {
  const value = formText(body, name, 60)
  return (choices as readonly string[]).includes(value) ? value as T : undefined
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The form's own id for this submission (so a double submit saves once), or a new one if it was tampered with. */
export function submissionIdOf(body: unknown, fallback: () => string): string {
  const value = formText(body, 'submissionId', 40)
  return UUID.test(value) ? value : fallback()
}
