import { PNG } from 'pngjs'
import type { TestApp } from '../support/app.js'
import type { World } from '../support/personas.js'
import { createUser, userId } from '../support/factories.js'

/**
 * A real value for every path parameter, all belonging to the Ashworth family (or to Fellside, for
 * the administrators' pages), so that a request that gets past access reaches the thing it names.
 */
export async function fixtureParams(t: TestApp, world: World): Promise<Record<string, string>> {
  const family = world.families.ashworth
  const one = async (sql: string, values: unknown[] = []): Promise<string> => {
    const { rows } = await t.db.owner<{ id: string }>(sql, values)
    if (rows[0] === undefined) throw new Error(`fixture not found: ${sql}`)
    return rows[0].id
  }
  const org = await one('select organisation_id as id from families where id = $1', [family])
  const rowan = await userId(t.db, 'practitioner@fellside.example')
  const tom = await userId(t.db, 'partner@fellside.example')
  const leo = world.ids.personIds.leo ?? ''
  const image = new PNG({ width: 4, height: 4 })
  image.data.fill(128)
  const picture = await one(`insert into pictures (organisation_id, family_id, media_type, bytes, width, height, source, description, uploaded_by)
    values ($1, $2, 'image/png', $3, 4, 4, 'upload', 'Leo''s drawing of nan''s house', $4) returning id`, [org, family, PNG.sync.write(image), rowan])
  const session = await one(`insert into child_sessions (organisation_id, family_id, child_person_id, tool, held_on, who_was_there, recorded_by, submission_id)
    values ($1, $2, $3, 'three-houses', '2026-11-20', 'Leo and Rowan', $4, gen_random_uuid()) returning id`, [org, family, leo, rowan])
  const words = await one(`insert into child_words (organisation_id, family_id, session_id, child_person_id, part, position, words, picture_id, parents_may_see, network_may_see, submission_id)
    values ($1, $2, $3, $4, 'good-things', 1, 'Nan makes pancakes on Saturdays', $5, true, true, gen_random_uuid()) returning id`, [org, family, session, leo, picture])
  const goal = await one(`select e.id from map_entries e join maps m on m.id = e.map_id where m.family_id = $1 and e.category = 'goal' and e.removed_at is null limit 1`, [family])
  const statement = await one(`select e.id from map_entries e join maps m on m.id = e.map_id where m.family_id = $1 and e.category = 'danger' and e.removed_at is null limit 1`, [family])
  const plan = await one(`insert into safety_plans (organisation_id, family_id, version) values ($1, $2, 1) returning id`, [org, family])
  const rule = await one(`insert into safety_plan_rules (organisation_id, plan_id, kind) values ($1, $2, 'rule') returning id`, [org, plan])
  await t.db.owner(`insert into safety_plan_rule_versions (organisation_id, rule_id, plan_id, version, plan_version, change, text, statement_entry_id, who_makes_sure, warning_signs, if_broken, typed_by, submission_id)
    values ($1, $2, $3, 1, 1, 'added', 'Nan collects the children from school', $4, 'Jean', 'Dean at the gate', 'The network meets', $5, gen_random_uuid())`, [org, rule, plan, statement, rowan])
  const stage = await one(`insert into trajectory_stages (organisation_id, plan_id, title, starts_on, review_on, created_by, submission_id)
    values ($1, $2, 'Supervised time', '2026-11-02', '2026-12-04', $3, gen_random_uuid()) returning id`, [org, plan, rowan])
  const booklet = await one(`insert into booklets (organisation_id, family_id, child_person_id, title, created_by) values ($1, $2, $3, 'Leo''s words and pictures', $4) returning id`, [org, family, leo, rowan])
  await t.db.owner(`insert into booklet_versions (organisation_id, booklet_id, version, title, pages, changed_by, submission_id)
    values ($1, $2, 1, 'Leo''s words and pictures', '[{"text":"Helpers are here to keep you safe.","pictureId":null}]', $3, gen_random_uuid())`, [org, booklet, rowan])
  const comment = await one(`insert into booklet_comments (organisation_id, family_id, booklet_id, booklet_version, page_number, text, author_id, author_name, submission_id)
    values ($1, $2, $3, 1, 1, 'Leo will like the helpers page', $4, 'Claire Ashworth', gen_random_uuid()) returning id`, [org, family, booklet, rowan])
  const meeting = await one(`insert into family_meetings (organisation_id, family_id, title, held_on, place, created_by, submission_id)
    values ($1, $2, 'Review child protection conference', current_date + 14, 'Tarnbeck Family Centre', $3, gen_random_uuid()) returning id`, [org, family, rowan])
  const agency = await one('select agency_id as id from users where id = $1', [tom])
  const report = await one(`insert into partner_reports (organisation_id, family_id, meeting_id, author_id, agency_id, worries, working_well, needs_to_happen, scale, submission_id)
    values ($1, $2, $3, $4, $5, 'Leo is tired in class', 'Leo reads every day with nan', 'Keep the school run with nan', 6, gen_random_uuid()) returning id`, [org, family, meeting, tom, agency])
  const round = await one(`insert into scaling_rounds (organisation_id, map_id, held_on, started_by) select $1, m.id, '2026-11-20', $3 from maps m where m.family_id = $2 returning id`, [org, family, rowan])
  const member = await one(`select id from network_members where family_id = $1 limit 1`, [family])
  const claire = world.ids.personIds.claire ?? ''
  const contact = await one(`select id from contact_details where person_id = $1 and kind = 'phone'`, [claire])
  const term = await one(`select id from language_terms where organisation_id = $1 limit 1`, [org])
  const spare = await createUser(t.db, { role: 'practitioner', displayName: 'Spare Person' })
  const alert = await one(`insert into alerts (organisation_id, user_id, family_id, message) values ($1, $2, $3, 'Test alert') returning id`, [org, await userId(t.db, 'manager@fellside.example'), family])
  const levelRequest = await one(`insert into level_change_requests (organisation_id, family_id, episode_id, to_level, change, changed_on, reason, requested_by)
    select $1, $2, e.id, 'child-in-need', 'step-down', current_date, 'The plan has held', $3 from episodes e where e.family_id = $2 and e.closed_on is null returning id`, [org, family, rowan])
  return {
    requestId: levelRequest,
    accessId: world.ids.tomAccessId, alertId: alert, bookletId: booklet, category: 'harm', childId: leo, commentId: comment, contactId: contact, entryId: goal, index: '1',
    meetingId: meeting, memberId: member, personId: claire, pictureId: picture, reportId: report, roundId: round, ruleId: rule, sessionId: session,
    stageId: stage, termId: term, userId: spare.id, version: '1', wordsId: words,
  }
}
