import { escapeHtml } from '../../platform/views/presenters.js'

/** Shared helpers for the network's server-drawn pictures. Everything typed goes through `text`. */

/** Escapes words for SVG text and attributes (the same rules as HTML). */
export function text(value: string): string {
  return escapeHtml(value)
}

/** A coordinate written without needless decimals. */
export function n(value: number): string {
  return String(Math.round(value * 10) / 10)
}

/** Roughly how wide a line of 14px sans-serif text is; generous, so that boxes are never too small. */
export function textWidth(value: string, fontSize = 14): number {
  return Array.from(value).length * fontSize * 0.56
}

/** Shortens a label to at most `max` characters, marking that it was shortened. */
export function shorten(value: string, max: number): string {
  const characters = Array.from(value)
  return characters.length <= max ? value : `${characters.slice(0, max - 1).join('').trimEnd()}…`
}

/** Breaks a label into at most `lines` lines of about `max` characters, at spaces where it can. */
export function wrap(value: string, max: number, lines = 2): string[] {
  const words = value.split(/\s+/).filter((word) => word !== '')
  const result: string[] = []
  let current = ''
  for (const word of words) {
    const candidate = current === '' ? word : `${current} ${word}`
    if (Array.from(candidate).length <= max || current === '') current = candidate
    else {
      result.push(current)
      current = word
    }
  }
  if (current !== '') result.push(current)
  if (result.length <= lines) return result.map((line) => shorten(line, max))
  const kept = result.slice(0, lines)
  const last = [kept[lines - 1] ?? '', ...result.slice(lines)].join(' ')
  return [...kept.slice(0, lines - 1), shorten(last, max)].map((line) => shorten(line, max))
}

/** "A", "A and B", "A, B and C". */
export function listInWords(items: string[], none = 'nobody'): string {
  if (items.length === 0) return none
  if (items.length === 1) return items[0] ?? ''
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`
}
