/**
 * Where a form goes back to after saving, when it was opened from another page of the same
 * family's record (for example the review before sharing with the family). Only a plain path
 * inside this family's record is taken, so the address can never send anyone elsewhere.
 */
export function returnPathWithin(familyId: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined
  const base = `/families/${familyId}`
  if (!value.startsWith(`${base}/`)) return undefined
  return /^(?:\/[a-z0-9-]+)+$/.test(value) && !value.includes('//') ? value : undefined
}

/** The form's own address, carrying where to go back to. */
export function withReturnPath(action: string, returnTo: string | undefined): string {
  return returnTo === undefined ? action : `${action}${action.includes('?') ? '&' : '?'}returnTo=${encodeURIComponent(returnTo)}`
}
