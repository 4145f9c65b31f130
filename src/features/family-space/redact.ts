/**
 * A second line of defence for "hidden from whom". The family's pages are built from allow-lists and
 * never read a hidden contact detail to show it; but a worker may have typed, say, a safe address into
 * a free-text field. Before a page is shown to someone a detail is hidden from, any such detail in its
 * text is blanked out.
 */

export const HIDDEN_TEXT = '(hidden)'

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The identifying parts of hidden details: each whole value, and each line or part of it with a number or an @ (a street, a postcode, a phone number, an email). */
export function hiddenFragments(values: readonly string[]): string[] {
  const fragments = new Set<string>()
  for (const value of values) {
    const whole = value.trim()
    if (whole.length >= 4) fragments.add(whole)
    for (const part of value.split(/[\n,;]/)) {
      const trimmed = part.trim()
      if (trimmed.length >= 4 && /[\d@]/.test(trimmed)) fragments.add(trimmed)
    }
  }
  // Longest first, so a whole address is blanked as one.
  return [...fragments].sort((a, b) => b.length - a.length)
}

function patternFor(fragments: readonly string[]): RegExp | undefined {
  if (fragments.length === 0) return undefined
  // Spaces and line breaks are matched loosely: "4 Heron Court\nTarnbeck" is the same as "4 heron court, Tarnbeck".
  const alternatives = fragments.map((fragment) => fragment.split(/[\s,]+/).filter((token) => token !== '').map(escapeRegExp).join('[\\s,]*'))
  return new RegExp(alternatives.join('|'), 'giu')
}

export function redact(text: string, fragments: readonly string[]): string {
  const pattern = patternFor(fragments)
  return pattern === undefined ? text : text.replace(pattern, HIDDEN_TEXT)
}

/** Every string in a page's model, with hidden details blanked out. */
export function redactDeep<T>(value: T, fragments: readonly string[]): T {
  const pattern = patternFor(fragments)
  if (pattern === undefined) return value
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return item.replace(pattern, HIDDEN_TEXT)
    if (Array.isArray(item)) return item.map(walk)
    if (item !== null && typeof item === 'object' && Object.getPrototypeOf(item) === Object.prototype) {
      return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, walk(inner)]))
    }
    return item
  }
  return walk(value) as T
}
