/**
 * A long-running family for the benchmarks: years of child protection work on one map, with 400
 * entries of which 300 are still live, 3,000 versions of them (so the map is at version 3,000) and
 * 200 scales from 20 people over 10 rounds. Made by `bench:generate`, or by the map benchmark when a
 * data set made before it has none. Fictional, like the rest of the data set.
 */
import type pg from 'pg'

export const LONG_FAMILY_NAME = 'The Longstaff family'

const TEXTS: Record<string, string> = {
  'harm': 'When the parents argued last winter, a plate was thrown and a child was cut on the arm; the children hid upstairs and told their teacher they were scared.',
  'danger': 'The worker, the school and the health visitor are worried that if the parents keep fighting when they have been drinking, the children could be hurt again or grow up frightened at home.',
  'goal': 'The parents will sort out disagreements without shouting or hitting, and the children will tell their teacher and their grandmother that home feels calm and safe, for six months.',
  'complicating': 'The family moved house twice this year and money is tight since dad lost his job, which makes the evenings more stressful.',
  'strength': 'The children go to school every day, their grandmother helps every weekend, and mum reads with them at bedtime most nights.',
  'safety': 'When an argument started in March, mum took the children to their grandmother\'s house and rang the worker the next morning.',
  'next-step': 'Arrange a network meeting with the family, the grandmother and the school to agree who will check in each week.',
  'grey-area': 'We do not know yet whether dad is still drinking in the evenings; the family and the school see this differently.',
}

/** How many entries of each kind, and how many of them are removed (a removed statement takes its goal with it). */
const PLAN: [string, number, number][] = [
  ['harm', 40, 10], ['danger', 60, 20], ['goal', 60, 20], ['complicating', 40, 10],
  ['strength', 80, 20], ['safety', 40, 10], ['next-step', 40, 5], ['grey-area', 40, 5],
]

/** Makes the family in the practitioner's team, unless it is there already; gives its id. */
export async function ensureLongFamily(db: pg.Client): Promise<string> {
  const existing = (await db.query<{ id: string }>('select id from families where family_name = $1', [LONG_FAMILY_NAME])).rows[0]
  if (existing !== undefined) return existing.id
  const worker = (await db.query<{ id: string; team_id: string; organisation_id: string }>(
    `select id, team_id, organisation_id from users where email = 'practitioner@fellside.example'`)).rows[0]
  if (worker === undefined) throw new Error('The demo practitioner is missing')
  const org = worker.organisation_id
  await db.query('BEGIN')
  try {
    const family = (await db.query<{ id: string }>(`insert into families (organisation_id, family_name, team_id, allocated_worker_id)
      values ($1, $2, $3, $4) returning id`, [org, LONG_FAMILY_NAME, worker.team_id, worker.id])).rows[0]?.id ?? ''
    await db.query(`insert into people (organisation_id, family_id, kind, given_name, family_name, date_of_birth, nhs_number, sex, ethnicity)
      values ($1, $2, 'child', 'Maisie', 'Longstaff', current_date - 4000, '9990000018', 'F', 'WBRI'),
             ($1, $2, 'child', 'Reuben', 'Longstaff', current_date - 3000, null, 'M', 'WBRI'),
             ($1, $2, 'child', 'Ivy', 'Longstaff', current_date - 1500, null, 'F', 'WBRI')`, [org, family])
    await db.query(`insert into people (organisation_id, family_id, kind, given_name, family_name, date_of_birth, sex, ethnicity)
      values ($1, $2, 'parent-carer', 'Kerry', 'Longstaff', current_date - 12000, 'F', 'WBRI'), ($1, $2, 'parent-carer', 'Darren', 'Longstaff', current_date - 13000, 'M', 'WBRI')`, [org, family])
    const episode = (await db.query<{ id: string }>(`insert into episodes (organisation_id, family_id, level, started_on)
      values ($1, $2, 'child-protection', current_date - 1100) returning id`, [org, family])).rows[0]?.id ?? ''
    await db.query(`insert into level_changes (organisation_id, episode_id, change, from_level, to_level, changed_on, reason)
      values ($1, $2, 'start', null, 'child-in-need', current_date - 1100, 'Referral from school'),
             ($1, $2, 'step-up', 'child-in-need', 'child-protection', current_date - 1070, 'Initial conference agreed a plan')`, [org, episode])
    const map = (await db.query<{ id: string }>(`insert into maps (organisation_id, family_id, episode_id, version) values ($1, $2, $3, 3000) returning id`, [org, family, episode])).rows[0]?.id ?? ''
    await db.query(`create temp table long_entries on commit drop as
      select gen_random_uuid() as entry_id, plan.category, plan.n, plan.n <= plan.removed as removed,
             row_number() over (order by plan.n, plan.category) as slot
        from (select p.category, g as n, p.removed from (select * from json_to_recordset($1::json) as x(category text, count int, removed int)) p
                cross join lateral generate_series(1, p.count) g) plan`, [JSON.stringify(PLAN.map(([category, count, removed]) => ({ category, count, removed })))])
    await db.query(`insert into map_entries (id, organisation_id, map_id, category, paired_entry_id, current_version, removed_at)
      select e.entry_id, $1, $2, e.category,
             case when e.category = 'goal' then (select d.entry_id from long_entries d where d.category = 'danger' and d.n = e.n) end,
             case when e.slot <= 200 then 8 else 7 end, case when e.removed then now() end
        from long_entries e order by e.category = 'goal'`, [org, map])
    // 400 entries: 200 with 8 versions, 200 with 7, 3,000 in all; a removed entry's last version removes it.
    // Map versions run in the order the changes were made: every entry's first version, then every second one, and so on.
    await db.query(`insert into map_entry_versions (organisation_id, entry_id, map_id, version, map_version, change, text, said_by_kind, said_by_name, owner, due_on, typed_by, typed_at, submission_id)
      select $1, e.entry_id, $2, v, row_number() over (order by v, e.slot)::int,
             case when v = 1 then 'added' when e.removed and v = (case when e.slot <= 200 then 8 else 7 end) then 'removed' else 'changed' end,
             ${sqlTexts()} || case when v > 1 then ' (Looked at again at review ' || (v - 1)::text || '.)' else '' end,
             case when e.category in ('strength', 'safety') then 'family-member' else 'worker' end,
             case when e.category in ('strength', 'safety') then 'Kerry Longstaff' else 'Rowan Practitioner' end,
             case when e.category = 'next-step' then 'Rowan Practitioner' end, case when e.category = 'next-step' then current_date + e.n end,
             $3, now() - interval '1100 days' + (row_number() over (order by v, e.slot)) * interval '8 hours', gen_random_uuid()
        from long_entries e cross join lateral generate_series(1, case when e.slot <= 200 then 8 else 7 end) v`, [org, map, worker.id])
    await db.query(`insert into scaling_rounds (id, organisation_id, map_id, blind, held_on, started_by)
      select gen_random_uuid(), $1, $2, false, current_date - 1000 + r * 95, $3 from generate_series(1, 10) r`, [org, map, worker.id])
    await db.query(`insert into scaling_scores (organisation_id, round_id, perspective_kind, perspective_name, score, why, one_point_higher, recorded_by, submission_id)
      select $1, r.id, (array['parent-carer', 'parent-carer', 'child', 'child', 'child', 'worker', 'worker', 'worker', 'worker', 'worker'])[1 + (p - 1) % 10],
             (array['Kerry Longstaff', 'Darren Longstaff', 'Maisie', 'Reuben', 'Ivy', 'Rowan Practitioner', 'Health visitor', 'School', 'GP', 'Police'])[1 + (p - 1) % 10]
               || case when p > 10 then ' (network)' else '' end,
             least(10, 2 + ((r.held_on - (current_date - 1000)) / 150) + p % 3), 'Things are calmer at home.', 'The children saying they feel safe every week.', $3, gen_random_uuid()
        from scaling_rounds r cross join generate_series(1, 20) p where r.map_id = $2`, [org, map, worker.id])
    await db.query('COMMIT')
    await db.query('ANALYZE map_entries, map_entry_versions, scaling_rounds, scaling_scores')
    return family
  } catch (error) {
    await db.query('ROLLBACK')
    throw error
  }
}

function sqlTexts(): string {
  return `case e.category ${Object.entries(TEXTS).map(([category, text]) => `when '${category}' then '${text.replace(/'/g, "''")}'`).join(' ')} end`
}
