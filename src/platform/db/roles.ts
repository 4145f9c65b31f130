import type pg from 'pg'
import { withSetUpLock } from './migrate.js'

/**
 * What the application's role may do, table by table. Anything not listed here it cannot touch.
 * Audit events are insert and read only: the role can never change or remove the trail.
 */
export const APPLICATION_PRIVILEGES: Record<string, readonly string[]> = {
  organisations: ['SELECT', 'UPDATE'],
  teams: ['SELECT', 'INSERT', 'UPDATE'],
  agencies: ['SELECT', 'INSERT', 'UPDATE'],
  users: ['SELECT', 'INSERT', 'UPDATE'],
  recovery_codes: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  sessions: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  sign_in_failures: ['SELECT', 'INSERT', 'DELETE'],
  ended_sessions: ['SELECT', 'INSERT'],
  ended_device_trust: ['SELECT', 'INSERT', 'DELETE'],
  audit_events: ['SELECT', 'INSERT'],
  // Chain heads move only through mapwell_audit_chain_head and the audit_events_link trigger.
  audit_chains: ['SELECT'],
  families: ['SELECT', 'INSERT', 'UPDATE'],
  people: ['SELECT', 'INSERT', 'UPDATE'],
  // None: only name search (mapwell_people_matching_name) and the triggers on people use it.
  person_names: [],
  relationships: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  contact_details: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  episodes: ['SELECT', 'INSERT', 'UPDATE'],
  level_changes: ['SELECT', 'INSERT'],
  chronology_events: ['SELECT', 'INSERT', 'UPDATE'],
  language_terms: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  maps: ['SELECT', 'INSERT', 'UPDATE'],
  map_entries: ['SELECT', 'INSERT', 'UPDATE'],
  map_entry_versions: ['SELECT', 'INSERT'],
  scaling_rounds: ['SELECT', 'INSERT', 'UPDATE'],
  scaling_scores: ['SELECT', 'INSERT'],
  held_submissions: ['SELECT', 'INSERT', 'DELETE'],
  pictures: ['SELECT', 'INSERT'],
  child_sessions: ['SELECT', 'INSERT', 'UPDATE'],
  child_words: ['SELECT', 'INSERT', 'UPDATE'],
  child_view_reasons: ['SELECT', 'INSERT', 'UPDATE'],
  goal_child_words: ['SELECT', 'INSERT', 'DELETE'],
  network_members: ['SELECT', 'INSERT', 'UPDATE'],
  network_told_records: ['SELECT', 'INSERT'],
  network_meetings: ['SELECT', 'INSERT'],
  booklets: ['SELECT', 'INSERT', 'UPDATE'],
  booklet_versions: ['SELECT', 'INSERT'],
  booklet_responses: ['SELECT', 'INSERT'],
  booklet_shares: ['SELECT', 'INSERT'],
  booklet_additions: ['SELECT', 'INSERT'],
  booklet_comments: ['SELECT', 'INSERT'],
  safety_plans: ['SELECT', 'INSERT', 'UPDATE'],
  safety_plan_rules: ['SELECT', 'INSERT', 'UPDATE'],
  safety_plan_rule_versions: ['SELECT', 'INSERT'],
  safety_plan_agreements: ['SELECT', 'INSERT'],
  safety_plan_check_ins: ['SELECT', 'INSERT'],
  safety_plan_goal_times: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  trajectory_stages: ['SELECT', 'INSERT', 'UPDATE'],
  family_access: ['SELECT', 'INSERT', 'UPDATE'],
  partner_access: ['SELECT', 'INSERT', 'UPDATE'],
  family_meetings: ['SELECT', 'INSERT'],
  partner_reports: ['SELECT', 'INSERT', 'UPDATE'],
  partner_report_versions: ['SELECT', 'INSERT'],
  family_sharing_choices: ['SELECT', 'INSERT', 'UPDATE'],
  family_comments: ['SELECT', 'INSERT'],
  sealed_family_staff: ['SELECT', 'INSERT', 'DELETE'],
  break_glass_grants: ['SELECT', 'INSERT'],
  alerts: ['SELECT', 'INSERT', 'UPDATE'],
  level_change_requests: ['SELECT', 'INSERT', 'UPDATE'],
  feedback: ['SELECT', 'INSERT'],
  unclaimed_held_submissions: ['SELECT', 'INSERT', 'DELETE'],
}

const APPLICATION_SEQUENCES = ['sign_in_failures_id_seq']
const APPLICATION_FUNCTIONS = ['mapwell_find_account_for_sign_in(text)', 'mapwell_find_invitation(text)', 'mapwell_current_organisation()', 'mapwell_remove_expired_held_submissions()', 'mapwell_people_matching_name(text)', 'mapwell_load_session(text)', 'mapwell_audit_chain_head(uuid)',
  'mapwell_find_ended_session(text)', 'mapwell_end_timed_out_sessions(integer, integer)', 'mapwell_remove_expired_ended_sessions()']

export class DatabaseRoleError extends Error {}

/**
 * Makes sure the application's login role exists (creating it when the owner may) and holds exactly
 * the privileges above in this database. Runs at every start, after migrations.
 */
export async function ensureApplicationRole(ownerUrl: string, role: string, password: string): Promise<void> {
  await withSetUpLock(ownerUrl, (client) => applyApplicationRole(client, role, password))
}

/** ensureApplicationRole's work, on a connection that already holds the set-up lock. */
export async function applyApplicationRole(client: pg.Client, role: string, password: string): Promise<void> {
  try {
    const ident = client.escapeIdentifier(role)
    const existing = await client.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
      'select rolsuper, rolbypassrls from pg_roles where rolname = $1', [role])
    if (existing.rowCount === 0) {
      try {
        await client.query(`CREATE ROLE ${ident} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD ${client.escapeLiteral(password)}`)
      } catch (error) {
        // Another instance starting at the same moment may have just created it.
        const again = await client.query('select 1 from pg_roles where rolname = $1', [role])
        if (again.rowCount === 0) {
          throw new DatabaseRoleError(
            `The application's database role "${role}" does not exist and the DATABASE_URL user cannot create it ` +
            `(${error instanceof Error ? error.message : String(error)}). Create it once: ` +
            `CREATE ROLE ${role} LOGIN PASSWORD '...'; and set DATABASE_APP_PASSWORD to that password.`)
        }
      }
    } else if (existing.rows[0]?.rolsuper === true || existing.rows[0]?.rolbypassrls === true) {
      throw new DatabaseRoleError(`The application's database role "${role}" must not be a superuser or bypass row-level security.`)
    }
    const owner = await client.query<{ owner: string }>(`select pg_get_userbyid(nspowner) as owner from pg_namespace where nspname = 'public'`)
    const database = await client.query<{ name: string }>('select current_database() as name')
    const databaseIdent = client.escapeIdentifier(database.rows[0]?.name ?? '')
    if (owner.rows[0]?.owner === role) throw new DatabaseRoleError(`The application's role "${role}" must not own the schema.`)
    await client.query('BEGIN')
    await client.query(`GRANT CONNECT ON DATABASE ${databaseIdent} TO ${ident}`)
    await client.query(`GRANT USAGE ON SCHEMA public TO ${ident}`)
    await client.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`)
    await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${ident}`)
    for (const [table, privileges] of Object.entries(APPLICATION_PRIVILEGES)) {
      if (privileges.length === 0) continue
      await client.query(`GRANT ${privileges.join(', ')} ON ${client.escapeIdentifier(table)} TO ${ident}`)
    }
    for (const sequence of APPLICATION_SEQUENCES) {
      await client.query(`GRANT USAGE ON SEQUENCE ${client.escapeIdentifier(sequence)} TO ${ident}`)
    }
    const ownFunctions = await client.query<{ signature: string }>(
      `select p.oid::regprocedure::text as signature from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and p.proname like 'mapwell\\_%'`)
    for (const { signature } of ownFunctions.rows) {
      await client.query(`REVOKE EXECUTE ON FUNCTION ${signature} FROM PUBLIC`)
    }
    for (const fn of APPLICATION_FUNCTIONS) {
      await client.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${ident}`)
    }
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  }
}
