import { sql, type SQL } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import { TODAY_IN_LONDON } from '../../platform/time.js'

export interface DueNextStep { familyId: string; familyName: string; entryId: string; text: string; owner: string | null; dueOn: string }
export interface ComingMeeting { familyId: string; familyName: string; title: string; heldOn: string; place: string }

/**
 * Next steps not yet done that are overdue or due within `days`, and meetings within `meetingDays`,
 * for the families in `mine` (a condition on "families"). Each list is one statement.
 */
export async function comingUp(tx: Transaction, mine: SQL, days: number, meetingDays: number) {
  const steps = await tx.execute<{ family_id: string; family_name: string; entry_id: string; text: string; owner: string | null; due_on: string }>(sql`
    select families.id as family_id, families.family_name, e.id as entry_id, v.text, v.owner, v.due_on::text as due_on
      from families
      join maps m on m.family_id = families.id
      join map_entries e on e.map_id = m.id and e.category = 'next-step' and e.removed_at is null
      join map_entry_versions v on v.entry_id = e.id and v.version = e.current_version
     where ${mine} and not families.sealed and v.done = false and v.due_on is not null and v.due_on <= ${TODAY_IN_LONDON} + ${days}::int
       and not exists (select 1 from episodes closed where closed.id = m.episode_id and closed.closed_on is not null)
     order by v.due_on, families.family_name
     limit 50`)
  const meetings = await tx.execute<{ family_id: string; family_name: string; title: string; held_on: string; place: string }>(sql`
    select families.id as family_id, families.family_name, fm.title, fm.held_on::text as held_on, fm.place
      from families join family_meetings fm on fm.family_id = families.id
     where ${mine} and not families.sealed and fm.held_on between ${TODAY_IN_LONDON} and ${TODAY_IN_LONDON} + ${meetingDays}::int
     order by fm.held_on, families.family_name
     limit 50`)
  return {
    nextSteps: steps.rows.map((row): DueNextStep => ({ familyId: row.family_id, familyName: row.family_name, entryId: row.entry_id, text: row.text, owner: row.owner, dueOn: row.due_on })),
    meetings: meetings.rows.map((row): ComingMeeting => ({ familyId: row.family_id, familyName: row.family_name, title: row.title, heldOn: row.held_on, place: row.place })),
  }
}
