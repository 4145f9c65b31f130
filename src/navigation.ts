import type { UserRole } from './db/schema/organisations.js'
import type { NavigationItem } from './platform/views/presenters.js'
import { isCaseworker } from './family-record/index.js'

/**
 * Where a family's record lives in the site: any refusal under these answers 404, whichever rule
 * refused it (nothing says a record exists), and every refusal is audited.
 */
export const RECORD_AREAS = ['/families', '/my-family', '/partner'] as const

export function isRecordPath(url: string): boolean {
  const path = url.split('?')[0] ?? '/'
  return RECORD_AREAS.some((area) => path === area || path.startsWith(`${area}/`))
}

/** The service navigation for a role. The platform draws it; the features' addresses are known here. */
export function navigationFor(role: UserRole): NavigationItem[] {
  const items: NavigationItem[] = role === 'family-member' ? [{ href: '/my-family', text: 'Your family' }] : [{ href: '/', text: 'Home' }]
  if (role === 'partner-practitioner') items.push({ href: '/partner', text: 'Families' })
  if (isCaseworker(role)) items.push({ href: '/families', text: 'Families' })
  if (role === 'team-manager') items.push({ href: '/level-requests', text: 'To approve' })
  if (role === 'organisation-administrator') {
    items.push({ href: '/admin/users', text: 'Users' })
    items.push({ href: '/admin/sign-in-activity', text: 'Sign-in activity' })
    items.push({ href: '/admin/language', text: 'Plain language' })
    items.push({ href: '/admin/settings', text: 'Settings' })
    items.push({ href: '/admin/feedback', text: 'Feedback' })
  }
  items.push({ href: '/account', text: 'Your account' })
  return items
}
