/**
 * Builds a county-sized, fictional data set in its own database (mapwell_bench):
 *
 *   npm run bench:generate -- --children 100000
 *
 * Families with one to three children and their parents, episodes at every level of help with their
 * history, a map per episode with several versions of its entries, scaling over time and chronology
 * events, and one long-running family (bench/long-family.ts). Set-based SQL in batches, with
 * progress. All names are made up; NHS numbers are in the 999 test range.
 */
import pg from 'pg'
import { DEVELOPMENT_APP_PASSWORD } from '../src/config.js'
import { runMigrations } from '../src/platform/db/migrate.js'
import { ensureApplicationRole } from '../src/platform/db/roles.js'
import { loadDemoData } from '../src/demo/demo-data.js'
import { BENCH_DATABASE, openBenchCluster } from './bench-database.js'
import { ensureLongFamily } from './long-family.js'

const argument = process.argv.indexOf('--children')
const children = argument === -1 ? 100_000 : Number(process.argv[argument + 1])
if (!Number.isInteger(children) || children < 10 || children > 2_000_000) {
  console.error('Give --children a whole number from 10 to 2,000,000')
  process.exit(2)
}
const families = Math.ceil(children / 2)
const BATCH = 5000

const GIVEN = ['Oliver', 'Amelia', 'Noah', 'Isla', 'Leo', 'Ava', 'Arthur', 'Mia', 'Harry', 'Ivy', 'Oscar', 'Freya', 'Archie', 'Lily', 'Jack', 'Florence',
  'George', 'Grace', 'Theo', 'Ella', 'Finley', 'Evie', 'Alfie', 'Poppy', 'Charlie', 'Sophia', 'Tommy', 'Ruby', 'Reuben', 'Maisie', 'Ezra', 'Willow',
  'Kai', 'Zara', 'Yusuf', 'Aisha', 'Mason', 'Layla', 'Rory', 'Esme', 'Caleb', 'Nia', 'Jayden', 'Skye', 'Tobias', 'Mila', 'Ellis', 'Hallie']
const ADULT = ['Claire', 'Dean', 'Sophie', 'Mark', 'Gemma', 'Craig', 'Kerry', 'Lee', 'Natalie', 'Ryan', 'Emma', 'Shaun', 'Leanne', 'Darren', 'Kirsty',
  'Wayne', 'Amy', 'Liam', 'Jodie', 'Carl', 'Hannah', 'Paul', 'Stacey', 'Adam', 'Laura', 'Gary', 'Donna', 'Scott', 'Rachel', 'Jamie']
const SURNAMES = ['Ashworth', 'Armstrong', 'Bell', 'Birkett', 'Bowness', 'Brough', 'Calvert', 'Carrick', 'Dalton', 'Dixon', 'Dobson', 'Elliott', 'Fell',
  'Fenwick', 'Fisher', 'Forster', 'Gilpin', 'Graham', 'Greenhow', 'Harker', 'Hodgson', 'Holme', 'Irving', 'Jackson', 'Kendal', 'Kirkbride', 'Lowther',
  'Marsh', 'Metcalfe', 'Moffat', 'Nixon', 'Noble', 'Oldfield', 'Pattinson', 'Pennington', 'Pickthall', 'Postlethwaite', 'Raine', 'Relph', 'Robson',
  'Routledge', 'Sewell', 'Sharp', 'Smithson', 'Storey', 'Tallentire', 'Thackeray', 'Thwaite', 'Tyson', 'Walker', 'Watson', 'Wilkinson', 'Wilson',
  'Wren', 'Yeowart', 'Okonjo', 'Patel', 'Khan', 'Nowak', 'Kowalski', 'Mensah', 'Osei', 'Chen', 'Begum', 'Ali', 'Hussain', 'Murphy', 'Kelly']

function literalArray(values: string[]): string {
  return `array[${values.map((value) => `'${value.replace(/'/g, "''")}'`).join(',')}]`
}

const started = Date.now()
const cluster = await openBenchCluster()
try {
  const admin = new pg.Client({ connectionString: cluster.adminUrl })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`)
  await admin.query(`CREATE DATABASE ${BENCH_DATABASE}`)
  await admin.end()
  await runMigrations(cluster.benchUrl)
  await ensureApplicationRole(cluster.benchUrl, process.env.DATABASE_APP_ROLE ?? 'mapwell_app', process.env.DATABASE_APP_PASSWORD ?? DEVELOPMENT_APP_PASSWORD)
  await loadDemoData(cluster.benchUrl)
  const db = new pg.Client({ connectionString: cluster.benchUrl })
  db.on('error', () => undefined)
  await db.connect()
  await db.query(`
    create function pg_temp.nhs(n bigint) returns text language sql immutable as $$
      with body as (select '999' || lpad((n % 1000000)::text, 6, '0') as b),
           total as (select b, (select sum(substr(b, i, 1)::int * (11 - i)) from generate_series(1, 9) i) as t from body)
      select case when 11 - (t % 11) = 10 then null else b || ((11 - (t % 11)) % 11)::text end from total $$`)
  const org = (await db.query<{ id: string }>(`select id from organisations where slug = 'fellside'`)).rows[0]?.id
  const teams = (await db.query<{ id: string }>(`select id from teams where organisation_id = $1 order by name`, [org])).rows.map((row) => row.id)
  const workers = (await db.query<{ id: string }>(`select id from users where organisation_id = $1 and role in ('practitioner', 'team-manager') order by email`, [org])).rows.map((row) => row.id)
  console.log(`Generating ${String(children)} children in ${String(families)} families into ${BENCH_DATABASE}`)

  for (let from = 0; from < families; from += BATCH) {
    const count = Math.min(BATCH, families - from)
    await db.query('BEGIN')
    await db.query(`create temp table batch on commit drop as
      select gen_random_uuid() as family_id, gen_random_uuid() as episode_id, gen_random_uuid() as map_id, g as n,
             (${literalArray(SURNAMES)})[1 + floor(random() * ${String(SURNAMES.length)})::int] as surname,
             ($2::uuid[])[1 + (g % ${String(teams.length)})] as team_id,
             case when g % 4 = 0 then ($3::uuid[])[1 + (g % ${String(workers.length)})] end as worker_id,
             case when random() < 0.4 then 'early-help' when random() < 0.55 then 'child-in-need' when random() < 0.7 then 'child-protection' else 'child-looked-after' end as level,
             (current_date - (30 + floor(random() * 700))::int) as started_on,
             1 + (g % 3) as child_count
        from generate_series($1::int, $1::int + ${String(count - 1)}) g`, [from + 1, teams, workers])
    await db.query(`insert into families (id, organisation_id, family_name, team_id, allocated_worker_id)
      select family_id, $1, 'The ' || surname || ' family', team_id, worker_id from batch`, [org])
    await db.query(`insert into people (organisation_id, family_id, kind, given_name, family_name, date_of_birth, nhs_number, sex, ethnicity)
      select $1, b.family_id, 'child', (${literalArray(GIVEN)})[1 + floor(random() * ${String(GIVEN.length)})::int], b.surname,
             current_date - (200 + floor(random() * 6000))::int, pg_temp.nhs(b.n * 3 + c), case when random() < 0.5 then 'M' else 'F' end,
             (array['WBRI','WBRI','WBRI','WOTH','MWBC','AIND','BAFR','APKN','NOBT'])[1 + floor(random() * 9)::int]
        from batch b cross join lateral generate_series(1, b.child_count) c`, [org])
    await db.query(`insert into people (organisation_id, family_id, kind, given_name, family_name, date_of_birth, sex, ethnicity)
      select $1, b.family_id, 'parent-carer', (${literalArray(ADULT)})[1 + floor(random() * ${String(ADULT.length)})::int], b.surname,
             current_date - (7000 + floor(random() * 9000))::int, case when p = 1 then 'F' else 'M' end, 'WBRI'
        from batch b cross join lateral generate_series(1, 1 + (b.n % 2)) p`, [org])
    await db.query(`insert into episodes (id, organisation_id, family_id, level, started_on)
      select episode_id, $1, family_id, level, started_on from batch`, [org])
    await db.query(`insert into level_changes (organisation_id, episode_id, change, from_level, to_level, changed_on, reason)
      select $1, episode_id, 'start', null, case when level in ('child-protection', 'child-looked-after') then 'child-in-need' else level end, started_on, 'Referral from school'
        from batch`, [org])
    await db.query(`insert into level_changes (organisation_id, episode_id, change, from_level, to_level, changed_on, reason)
      select $1, episode_id, 'step-up', 'child-in-need', level, started_on + 30, 'Initial conference agreed a plan'
        from batch where level in ('child-protection', 'child-looked-after')`, [org])
    await db.query(`insert into maps (id, organisation_id, family_id, episode_id, version) select map_id, $1, family_id, episode_id, 10 from batch`, [org])
    // Eight entries a map: harm, two statements each with its goal, two strengths, a next step.
    await db.query(`create temp table batch_entries on commit drop as
      select gen_random_uuid() as entry_id, b.map_id, b.surname, b.started_on, e.slot,
             (array['harm','danger','danger','goal','goal','strength','strength','next-step'])[e.slot] as category
        from batch b cross join generate_series(1, 8) e(slot)`)
    await db.query('create index on batch_entries (map_id, slot)')
    await db.query('analyze batch_entries')
    await db.query(`insert into map_entries (id, organisation_id, map_id, category, paired_entry_id, current_version)
      select e.entry_id, $1, e.map_id, e.category,
             case when e.category = 'goal' then (select d.entry_id from batch_entries d where d.map_id = e.map_id and d.slot = e.slot - 2) end,
             case when e.slot in (2, 6) then 2 else 1 end
        from batch_entries e order by e.category = 'goal'`, [org])
    await db.query(`insert into map_entry_versions (organisation_id, entry_id, map_id, version, map_version, change, text, said_by_kind, said_by_name, owner, due_on, typed_by, typed_at, submission_id)
      select $1, e.entry_id, e.map_id, 1, e.slot, 'added',
             case e.category
               when 'harm' then 'In the spring a parent hit the other parent in front of the children, who were frightened and hid.'
               when 'danger' then 'The worker and the school are worried that if the shouting and hitting at the ' || e.surname || ' home goes on, the children could be hurt or grow up frightened.'
               when 'goal' then 'The parents will sort out disagreements calmly and the children will say they feel safe at home, for 6 months.'
               when 'strength' then 'The children go to school every day and their grandmother helps every weekend.'
               else 'Arrange a network meeting with the family and their friends.' end,
             case when e.category = 'strength' then 'family-member' else 'worker' end,
             case when e.category = 'strength' then 'Parent' else 'Worker' end,
             case when e.category = 'next-step' then 'Worker' end, case when e.category = 'next-step' then e.started_on + 60 end,
             $2, e.started_on + e.slot, gen_random_uuid()
        from batch_entries e`, [org, workers[0]])
    await db.query(`insert into map_entry_versions (organisation_id, entry_id, map_id, version, map_version, change, text, said_by_kind, said_by_name, typed_by, typed_at, submission_id)
      select $1, e.entry_id, e.map_id, 2, 8 + case when e.slot = 2 then 1 else 2 end, 'changed',
             case when e.slot = 2 then 'The worker, the school and the grandmother are worried that if the hitting at the ' || e.surname || ' home goes on, the children could be badly hurt.'
                  else 'The children go to school every day, their grandmother helps every weekend, and mum reads with them at bedtime.' end,
             case when e.slot = 2 then 'worker' else 'family-member' end, case when e.slot = 2 then 'Worker' else 'Parent' end,
             $2, e.started_on + 40, gen_random_uuid()
        from batch_entries e where e.slot in (2, 6)`, [org, workers[0]])
    await db.query(`insert into scaling_rounds (id, organisation_id, map_id, blind, held_on, started_by, revealed_at)
      select gen_random_uuid(), $1, b.map_id, r % 2 = 0, b.started_on + r * 30, $2, case when r % 2 = 0 then now() end
        from batch b cross join generate_series(1, 3) r`, [org, workers[0]])
    await db.query(`insert into scaling_scores (organisation_id, round_id, perspective_kind, perspective_name, score, why, one_point_higher, recorded_by, submission_id)
      select $1, r.id, p.kind, p.name, least(10, greatest(0, 3 + floor(random() * 5)::int + ((r.held_on - b.started_on) / 30))),
             'Things are getting calmer at home.', 'The children saying they feel safe every week.', $2, gen_random_uuid()
        from scaling_rounds r join batch b on b.map_id = r.map_id
        cross join (values ('parent-carer', 'Parent'), ('child', 'Child'), ('worker', 'Worker')) p(kind, name)`, [org, workers[0]])
    await db.query(`insert into chronology_events (organisation_id, family_id, occurred_on, title, description)
      select $1, b.family_id, b.started_on + c * 20, (array['Referral received','Home visit','School meeting','Network meeting','Review'])[c], 'Recorded by the generator.'
        from batch b cross join generate_series(1, 5) c`, [org])
    await db.query('COMMIT')
    const done = Math.min(from + BATCH, families)
    console.log(`  ${String(done)} of ${String(families)} families (${String(Math.round((done / families) * 100))}%) after ${String(Math.round((Date.now() - started) / 1000))} s`)
  }
  // One long-running family: 300 live entries, 3,000 versions, 200 scales (the map benchmark's second page).
  await ensureLongFamily(db)
  await db.query('ANALYZE')
  const counts = await db.query<{ name: string; n: string }>(`
    select 'children' as name, count(*)::text as n from people where kind = 'child' union all
    select 'families', count(*)::text from families union all select 'map entries', count(*)::text from map_entries union all
    select 'map entry versions', count(*)::text from map_entry_versions union all select 'scaling scores', count(*)::text from scaling_scores union all
    select 'chronology events', count(*)::text from chronology_events`)
  await db.end()
  console.log(counts.rows.map((row) => `  ${row.name}: ${row.n}`).join('\n'))
  console.log(`METRIC generate_seconds ${String(Math.round((Date.now() - started) / 1000))} s`)
} catch (error) {
  console.error(`Generation failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
} finally {
  await cluster.close()
}
