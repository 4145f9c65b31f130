import { NotFoundError } from '../platform/http/errors.js'

/** Where a versioned thing stands now, read with a lock so that two changes cannot both pass the check. */
export interface CurrentVersion<State> {
  version: number
  /** Removed things keep their versions; a change to one is a conflict, never a lost text. */
  removed: boolean
  state: State
}

export type VersionedOutcome<State, Saved> =
  | { outcome: 'saved'; saved: Saved }
  /** The same submission sent again (a double click, a retry after a timeout): saved once, answered the same. */
  | { outcome: 'already-saved'; saved: Saved }
  /** Someone else changed or removed it since this person opened it: show theirs beside what was typed. */
  | { outcome: 'conflict'; theirs: State; removed: boolean }

export interface VersionedChange<State, Saved> {
  /** What an earlier send of this submission saved, if it was saved already. */
  earlier: () => Promise<Saved | undefined>
  /** For a change to something that exists: the version the person's edit was based on and how to read the current one. Absent for something new. */
  base?: { version: number; current: () => Promise<CurrentVersion<State> | undefined> }
  /** Writes the change as the given version (1 for something new) and its version row. */
  write: (version: number) => Promise<Saved>
}

/**
 * The one rule for every versioned thing (map entries, plan rules, booklets, network members,
 * people and contact details, the plain language list, users): a submission id saves once; an edit
 * carries the version it was based on; a stale or removed base is a conflict that loses neither
 * text; a change is written as a new version.
 */
export async function applyVersioned<State, Saved>(change: VersionedChange<State, Saved>): Promise<VersionedOutcome<State, Saved>> {
  const earlier = await change.earlier()
  if (earlier !== undefined) return { outcome: 'already-saved', saved: earlier }
  if (change.base === undefined) return { outcome: 'saved', saved: await change.write(1) }
  const current = await change.base.current()
  if (current === undefined) throw new NotFoundError('version')
  if (current.removed || current.version !== change.base.version) return { outcome: 'conflict', theirs: current.state, removed: current.removed }
  return { outcome: 'saved', saved: await change.write(current.version + 1) }
}
