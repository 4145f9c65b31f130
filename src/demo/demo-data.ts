import pg from 'pg'
import { hashPassword } from '../platform/auth/passwords.js'
import type { AgencyKind, StaffRole } from '../db/schema/organisations.js'
import { insertDemoFamilies } from './demo-families.js'
import { DEFAULT_TERMS } from '../features/language/default-terms.js'

/** Every demo account uses this password. Fictional people in fictional councils only. */
export const DEMO_PASSWORD = 'demo-password-2026'

export interface DemoAccount { email: string; displayName: string; role: StaffRole; team?: string; agency?: string }
export interface DemoOrganisation {
  slug: string; name: string; secondFactorRoles: StaffRole[]
  teams: string[]; agencies: { name: string; kind: AgencyKind }[]; accounts: DemoAccount[]
}

function accountsFor(slug: string, people: Record<StaffRole, string>, team: string, agency: string): DemoAccount[] {
  return [
    { email: `practitioner@${slug}.example`, displayName: people.practitioner, role: 'practitioner', team },
    { email: `manager@${slug}.example`, displayName: people['team-manager'], role: 'team-manager', team },
    { email: `chair@${slug}.example`, displayName: people['conference-chair'], role: 'conference-chair' },
    { email: `partner@${slug}.example`, displayName: people['partner-practitioner'], role: 'partner-practitioner', agency },
    { email: `admin@${slug}.example`, displayName: people['organisation-administrator'], role: 'organisation-administrator' },
    { email: `learning@${slug}.example`, displayName: people['learning-administrator'], role: 'learning-administrator' },
  ]
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  {
    slug: 'fellside', name: 'Fellside Council', secondFactorRoles: [],
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
    }, 'Fellside North Safeguarding Team', 'Tarnbeck Primary School'),
  },
  {
    slug: 'lakemoor', name: 'Lakemoor Council', secondFactorRoles: ['team-manager'],
    teams: ['Lakemoor Family Help Team', 'Lakemoor Child Protection Team'],
    agencies: [
      { name: 'Lakemoor Community Health', kind: 'health' },
      { name: 'St Bega\'s Academy', kind: 'school' },
    ],
    accounts: accountsFor('lakemoor', {
      'practitioner': 'Kit Thwaite', 'team-manager': 'Dev Harrow', 'conference-chair': 'Elin Scarth',
      'partner-practitioner': 'Bea Mossop', 'organisation-administrator': 'Sol Kendal', 'learning-administrator': 'Nia Fairclough',
    }, 'Lakemoor Child Protection Team', 'Lakemoor Community Health'),
  },
]

/**
 * Creates the demo councils, teams, agencies, accounts and families, once: if any organisation exists it does
 * nothing. Runs as the owning role. Never called in production (config refuses DEMO_DATA there).
 */
export async function loadDemoData(ownerUrl: string): Promise<boolean> {
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
        'insert into organisations (slug, name, second_factor_roles) values ($1, $2, $3) returning id',
        [organisation.slug, organisation.name, organisation.secondFactorRoles])
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
          `insert into users (organisation_id, email, display_name, role, team_id, agency_id, password_hash)
           values ($1, $2, $3, $4, $5, $6, $7)`,
          [org.id, account.email, account.displayName, account.role,
            account.team === undefined ? null : teamIds.get(account.team), account.agency === undefined ? null : agencyIds.get(account.agency), passwordHash])
      }
    }
    for (const term of DEFAULT_TERMS) {
      await client.query('insert into language_terms (organisation_id, term, suggestion, explanation) select id, $1, $2, $3 from organisations',
        [term.term, term.suggestion, term.explanation])
    }
    await insertDemoFamilies(client)
    await client.query('COMMIT')
    return true
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    await client.end()
  }
}
