import pg from 'pg'
import { hashPassword } from '../platform/auth/passwords.js'
import type { AgencyKind, StaffRole } from '../db/schema/organisations.js'
import { insertDemoFamilies } from './demo-families.js'
import { DEFAULT_TERMS } from '../features/language/default-terms.js'

/** Every demo account uses this password. Fictional people in fictional councils only. */
export const DEMO_PASSWORD = 'demo-password-2026'

export interface DemoAccount { email: string; displayName: string; role: StaffRole; team?: string; agency?: string; workPhone?: string }
export interface DemoOrganisation {
  slug: string; name: string; secondFactorRoles: StaffRole[]
  /** What families are told to ring out of office hours (numbers from Ofcom's range kept for drama: never a real line). */
  outOfHours: { phone: string; text: string }
  teams: string[]; agencies: { name: string; kind: AgencyKind }[]; accounts: DemoAccount[]
}

function accountsFor(slug: string, people: Record<StaffRole, string>, team: string, agency: string, phones: { practitioner: string; manager: string }): DemoAccount[] {
  return [
    { email: `practitioner@${slug}.example`, displayName: people.practitioner, role: 'practitioner', team, workPhone: phones.practitioner },
    { email: `manager@${slug}.example`, displayName: people['team-manager'], role: 'team-manager', team, workPhone: phones.manager },
    { email: `chair@${slug}.example`, displayName: people['conference-chair'], role: 'conference-chair' },
    { email: `partner@${slug}.example`, displayName: people['partner-practitioner'], role: 'partner-practitioner', agency },
    { email: `admin@${slug}.example`, displayName: people['organisation-administrator'], role: 'organisation-administrator' },
    { email: `learning@${slug}.example`, displayName: people['learning-administrator'], role: 'learning-administrator' },
  ]
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  {
    slug: 'fellside', name: 'Fellside Council', secondFactorRoles: [],
    outOfHours: { phone: '01632 960 999', text: 'The out-of-hours team answers from 5pm to 9am on weekdays, and all day at weekends and on bank holidays.' },
    teams: ['Fellside North Safeguarding Team', 'Fellside Early Help Team', 'Fellside Children in Care Team'],
    agencies: [
      { name: 'Tarnbeck Primary School', kind: 'school' },
      { name: 'Fellside Health Visiting Service', kind: 'health' },
      { name: 'Fellside Police Safeguarding Hub', kind: 'police' },
      { name: 'Brightwater Family Support (charity)', kind: 'charity' },
    ],
    accounts: accountsFor('fellside', {
      'practitioner': 'Rowan Ashby', 'team-manager': 'Priya Castell', 'conference-chair': 'Morag Linden',
      'partner-practitioner': 'Tom Greaves', 'organisation-administrator': 'Alex Birkett', 'learning-administrator': 'Jess Oldcastle',
    }, 'Fellside North Safeguarding Team', 'Tarnbeck Primary School', { practitioner: '01632 960 241', manager: '01632 960 242' }),
  },
  {
    slug: 'lakemoor', name: 'Lakemoor Council', secondFactorRoles: ['team-manager'],
    outOfHours: { phone: '01632 960 888', text: 'Lakemoor\'s emergency duty team answers whenever the council\'s offices are closed.' },
    teams: ['Lakemoor Family Help Team', 'Lakemoor Child Protection Team'],
    agencies: [
      { name: 'Lakemoor Community Health', kind: 'health' },
      { name: 'St Bega\'s Academy', kind: 'school' },
    ],
    accounts: accountsFor('lakemoor', {
      'practitioner': 'Kit Thwaite', 'team-manager': 'Dev Harrow', 'conference-chair': 'Elin Scarth',
      'partner-practitioner': 'Bea Mossop', 'organisation-administrator': 'Sol Kendal', 'learning-administrator': 'Nia Fairclough',
    }, 'Lakemoor Child Protection Team', 'Lakemoor Community Health', { practitioner: '01632 960 511', manager: '01632 960 512' }),
  },
]

/**
 * Creates the demo councils, teams, agencies, accounts and families, once: if any organisation exists it does
 * nothing. Runs as the owning role. Never called in production (config refuses DEMO_DATA there).
 */
/**
 * With `sharing`, the running demo also has the Ashworth family's space in use: Claire and her mum
 * Jean (in the safety network) have joined, and Tom at Leo's school is invited with Claire's consent.
 * Tests leave it out, so each can set up exactly the relationships it is about.
 */
export async function loadDemoData(ownerUrl: string, options: { sharing?: boolean } = {}): Promise<boolean> {
  const client = new pg.Client({ connectionString: ownerUrl })
  await client.connect()
  try {
    await client.query('BEGIN')
    await client.query('select pg_advisory_xact_lock(7265431002)')
    const existing = await client.query('select 1 from organisations limit 1')
    if ((existing.rowCount ?? 0) > 0) {
      await client.query('ROLLBACK')
      return false
    }
    const passwordHash = await hashPassword(DEMO_PASSWORD)
    for (const organisation of DEMO_ORGANISATIONS) {
      const { rows: [org] } = await client.query<{ id: string }>(
        'insert into organisations (slug, name, second_factor_roles, out_of_hours_phone, out_of_hours_text) values ($1, $2, $3, $4, $5) returning id',
        [organisation.slug, organisation.name, organisation.secondFactorRoles, organisation.outOfHours.phone, organisation.outOfHours.text])
      if (org === undefined) throw new Error('organisation not created')
      const teamIds = new Map<string, string>()
      for (const team of organisation.teams) {
        const { rows: [row] } = await client.query<{ id: string }>('insert into teams (organisation_id, name) values ($1, $2) returning id', [org.id, team])
        if (row !== undefined) teamIds.set(team, row.id)
      }
      const agencyIds = new Map<string, string>()
      for (const agency of organisation.agencies) {
        const { rows: [row] } = await client.query<{ id: string }>('insert into agencies (organisation_id, name, kind) values ($1, $2, $3) returning id', [org.id, agency.name, agency.kind])
        if (row !== undefined) agencyIds.set(agency.name, row.id)
      }
      for (const account of organisation.accounts) {
        await client.query(
          `insert into users (organisation_id, email, display_name, role, team_id, agency_id, password_hash, work_phone)
           values ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [org.id, account.email, account.displayName, account.role,
            account.team === undefined ? null : teamIds.get(account.team), account.agency === undefined ? null : agencyIds.get(account.agency), passwordHash, account.workPhone ?? ''])
      }
    }
    for (const term of DEFAULT_TERMS) {
      await client.query('insert into language_terms (organisation_id, term, suggestion, explanation) select id, $1, $2, $3 from organisations',
        [term.term, term.suggestion, term.explanation])
    }
    await insertDemoFamilies(client)
    if (options.sharing === true) await insertDemoSharing(client, passwordHash)
    await client.query('COMMIT')
    return true
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    await client.end()
  }
}

async function insertDemoSharing(client: pg.Client, passwordHash: string): Promise<void> {
  const { rows: [ashworth] } = await client.query<{ id: string; organisation_id: string; worker: string }>(
    `select id, organisation_id, allocated_worker_id as worker from families where family_name = 'The Ashworth family'`)
  if (ashworth === undefined) return
  const person = async (given: string): Promise<string | undefined> =>
    (await client.query<{ id: string }>('select id from people where family_id = $1 and given_name = $2', [ashworth.id, given])).rows[0]?.id
  const claire = await person('Claire')
  const jean = await person('Jean')
  await client.query(`insert into network_members (organisation_id, family_id, person_id, relationship_to_child, closeness, commitments, joined_on, created_by, submission_id)
    values ($1, $2, $3, 'Leo and Maisie''s nan', 1, 'Collects Leo and Maisie from school every day and has them on Saturdays', '2026-10-01', $4, gen_random_uuid())`,
  [ashworth.organisation_id, ashworth.id, jean, ashworth.worker])
  for (const [personId, kind, email, name] of [[claire, 'parent-carer', 'claire.ashworth@example.com', 'Claire Ashworth'], [jean, 'network-member', 'jean.pollard@example.com', 'Jean Pollard']] as const) {
    const { rows: [user] } = await client.query<{ id: string }>(
      `insert into users (organisation_id, email, display_name, role, password_hash) values ($1, $2, $3, 'family-member', $4) returning id`, [ashworth.organisation_id, email, name, passwordHash])
    await client.query(`insert into family_access (organisation_id, family_id, person_id, kind, code_hash, code_expires_at, code_used_at, user_id, invited_by, submission_id)
      values ($1, $2, $3, $4, gen_random_uuid()::text, now() + interval '14 days', now(), $5, $6, gen_random_uuid())`,
    [ashworth.organisation_id, ashworth.id, personId, kind, user?.id, ashworth.worker])
  }
  await client.query(`insert into partner_access (organisation_id, family_id, user_id, agency_id, basis, consent_given_by, consent_given_on, invited_by, submission_id)
    select $1, $2, u.id, u.agency_id, 'consent', 'Claire Ashworth', '2026-11-20', $3, gen_random_uuid() from users u where u.email = 'partner@fellside.example'`,
  [ashworth.organisation_id, ashworth.id, ashworth.worker])
  // Meetings a fortnight and four weeks after the demo is loaded, so they are always coming up.
  await client.query(`insert into family_meetings (organisation_id, family_id, title, held_on, starts_at, place, created_by, submission_id)
    values ($1, $2, 'Review child protection conference', current_date + 14, '10:30', 'Tarnbeck Family Centre', $3, gen_random_uuid()),
           ($1, $2, 'Core group meeting', current_date + 28, '14:00', 'Tarnbeck Primary School, the family room', $3, gen_random_uuid())`, [ashworth.organisation_id, ashworth.id, ashworth.worker])
}
