import type { UserRole } from '../../db/schema/organisations.js'
import { STAFF_ROLE_NAMES } from '../../platform/views/presenters.js'

/** What an audited action means, in words a manager reads quickly. */
const ACTION_WORDS: [RegExp, string][] = [
  [/^family\.break-glass$/, 'Opened the record from outside their work ("break the glass")'],
  [/^access\.refused$/, 'Was refused: asked for part of the record without access'],
  [/-conflict$/, 'Tried to change something someone else had just changed (nothing was lost)'],
  [/\.viewed$|-viewed$/, 'Looked at'],
  [/\.(added|recorded|invited|agreed|checked-in|made|joined)$|-added$|-recorded$|-invited$|-made$/, 'Added'],
  [/\.(changed|set|sealed|unsealed)$|-changed$|-set$/, 'Changed'],
  [/removed$|ended$|withdrawn$/, 'Removed or ended'],
]

export function describeAction(action: string): string {
  const area = action.split('.')[0]?.replace(/-/g, ' ') ?? action
  const found = ACTION_WORDS.find(([pattern]) => pattern.test(action))
  if (found === undefined) return action
  return /^(Opened|Was refused|Tried)/.test(found[1]) ? found[1] : `${found[1]}: ${area}`
}

export function whoKind(role: UserRole | null): string {
  if (role === null) return 'Unknown'
  return STAFF_ROLE_NAMES[role]
}

/** One CSV field, quoted, with formula-starting characters defused so a spreadsheet shows them as text. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return `"${safe.replace(/"/g, '""')}"`
}
