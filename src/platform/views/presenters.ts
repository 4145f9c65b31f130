import type { UserRole } from '../../db/schema/organisations.js'

export const STAFF_ROLE_NAMES: Record<UserRole, string> = {
  'family-member': 'Family or network member',
  'practitioner': 'Practitioner',
  'team-manager': 'Team manager',
  'conference-chair': 'Conference chair',
  'partner-practitioner': 'Partner practitioner',
  'organisation-administrator': 'Organisation administrator',
  'learning-administrator': 'Learning administrator',
}

export interface NavigationItem { href: string; text: string; current?: boolean; active?: boolean }

/** The service navigation for a role: the items, then the one for the current section is marked. */
export type Navigation = (role: UserRole) => NavigationItem[]

/** Marks the item for the section the page belongs to. */
export function markCurrent(items: NavigationItem[], currentUrl: string): NavigationItem[] {
  const path = currentUrl.split('?')[0] ?? '/'
  return items.map((item) => {
    if (item.href === path) return { ...item, current: true }
    if (item.href !== '/' && path.startsWith(`${item.href}/`)) return { ...item, active: true }
    return item
  })
}

export interface ErrorItem { text: string; href: string }

/** Field errors as the error summary wants them, and as a map for the inline messages. */
export function presentErrors(errors: Record<string, string>): { errors: ErrorItem[]; fieldErrors: Record<string, { text: string }> } {
  return {
    errors: Object.entries(errors).map(([field, text]) => ({ text, href: `#${field}` })),
    fieldErrors: Object.fromEntries(Object.entries(errors).map(([field, text]) => [field, { text }])),
  }
}

/** For the few places a presenter builds HTML for a GOV.UK macro: everything typed is escaped. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${String(character.charCodeAt(0))};`)
}

/** Page numbers for GOV.UK pagination: the first, the last, and those either side of the current one, with gaps as undefined. */
export function pageNumbers(current: number, count: number): (number | undefined)[] {
  const wanted = new Set([1, count, current - 1, current, current + 1].filter((page) => page >= 1 && page <= count))
  const sorted = [...wanted].sort((a, b) => a - b)
  const result: (number | undefined)[] = []
  for (const [index, page] of sorted.entries()) {
    const previous = sorted[index - 1]
    if (previous !== undefined && page - previous > 1) result.push(undefined)
    result.push(page)
  }
  return result
}
