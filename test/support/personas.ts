import crypto from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { hashPassword } from '../../src/platform/auth/passwords.js'
import type { TestApp } from './app.js'
import { PageClient, signedIn } from './browser.js'
import { familyIdNamed, organisationId, personIdNamed, userId, withAuthenticatorApp } from './factories.js'

/**
 * Everyone the security model must tell apart, each with a signed-in client, and the families
 * each relation is about. Made once per test file on the demo data:
 *
 * - Ashworth: Rowan's family (allocated), his team's manager Priya's, CP so the chair's; Tom the
 *   school's partner is invited with consent; Claire, Dean (Claire's address is hidden from him),
 *   Leo (as a young person) and Jean (network) have joined; another partner's consent was withdrawn.
 * - Okonjo-Reid: Rowan's and Priya's too; Grace (its parent) has joined.
 * - Gilpin: the Early Help team's; Elliot, a practitioner there, sees it.
 * - Pennington: sealed, with only Priya named.
 * - Fenwick: the other council's (Lakemoor), seen by Kit there.
 */
export const PERSONAS = [
  'allocated-practitioner', 'other-team-practitioner', 'team-manager', 'conference-chair',
  'invited-partner', 'uninvited-partner', 'withdrawn-partner',
  'parent-a', 'parent-b', 'young-person', 'network-member', 'other-family-parent',
  'administrator', 'other-council', 'signed-out',
] as const
export type Persona = (typeof PERSONAS)[number]

export const FAMILIES = ['ashworth', 'okonjo-reid', 'gilpin', 'pennington', 'fenwick'] as const
export type FamilyKey = (typeof FAMILIES)[number]

const FAMILY_NAMES: Record<FamilyKey, string> = {
  'ashworth': 'The Ashworth family', 'okonjo-reid': 'The Okonjo-Reid family', 'gilpin': 'The Gilpin family', 'pennington': 'The Pennington family', 'fenwick': 'The Fenwick family',
}

export const FAMILY_PASSWORD = 'a long family password'

export interface World {
  clients: Record<Persona, PageClient>
  families: Record<FamilyKey, string>
  ids: { userIds: Partial<Record<Persona, string>>; personIds: Record<string, string>; tomAccessId: string }
}

/** A family or network member who has already joined with a code, signing in with FAMILY_PASSWORD. */
export async function addFamilyMember(t: TestApp, familyId: string, personId: string, kind: 'parent-carer' | 'young-person' | 'network-member', email: string, displayName: string): Promise<string> {
  const { rows: [family] } = await t.db.owner<{ organisation_id: string }>('select organisation_id from families where id = $1', [familyId])
  const org = family?.organisation_id ?? ''
  const { rows: [user] } = await t.db.owner<{ id: string }>(
    `insert into users (organisation_id, email, display_name, role, password_hash) values ($1, $2, $3, 'family-member', $4) returning id`, [org, email, displayName, await hashPassword(FAMILY_PASSWORD)])
  const inviter = await userId(t.db, 'practitioner@fellside.example')
  await t.db.owner(`insert into family_access (organisation_id, family_id, person_id, kind, code_hash, code_expires_at, code_used_at, user_id, invited_by, submission_id)
    values ($1, $2, $3, $4, $5, now() + interval '14 days', now(), $6, $7, gen_random_uuid())`, [org, familyId, personId, kind, crypto.randomUUID(), user?.id, inviter])
  return user?.id ?? ''
}

async function partnerUser(t: TestApp, email: string, displayName: string): Promise<string> {
  const org = await organisationId(t.db, 'fellside')
  const { rows: [agency] } = await t.db.owner<{ id: string }>('select id from agencies where organisation_id = $1 order by name limit 1', [org])
  const { rows: [user] } = await t.db.owner<{ id: string }>(
    `insert into users (organisation_id, email, display_name, role, agency_id, password_hash) values ($1, $2, $3, 'partner-practitioner', $4, $5) returning id`,
    [org, email, displayName, agency?.id, await hashPassword(FAMILY_PASSWORD)])
  return user?.id ?? ''
}

export async function buildWorld(t: TestApp): Promise<World> {
  const app: FastifyInstance = t.app
  const families = Object.fromEntries(await Promise.all(FAMILIES.map(async (key) => [key, await familyIdNamed(t.db, FAMILY_NAMES[key])] as const))) as Record<FamilyKey, string>
  const fellside = await organisationId(t.db, 'fellside')
  const rowan = await userId(t.db, 'practitioner@fellside.example')
  const priya = await userId(t.db, 'manager@fellside.example')

  // A practitioner in the Early Help team, which has the Gilpin family.
  const { rows: [earlyHelp] } = await t.db.owner<{ id: string }>(`select id from teams where name = 'Fellside Early Help Team'`)
  await t.db.owner(`insert into users (organisation_id, email, display_name, role, team_id, password_hash) values ($1, 'elliot@fellside.example', 'Elliot Rigg', 'practitioner', $2, $3)`,
    [fellside, earlyHelp?.id, await hashPassword(FAMILY_PASSWORD)])

  // Partners: Tom invited with consent; one never invited; one whose consent was withdrawn.
  const tom = await userId(t.db, 'partner@fellside.example')
  const { rows: [tomAgency] } = await t.db.owner<{ agency_id: string }>('select agency_id from users where id = $1', [tom])
  const { rows: [tomAccess] } = await t.db.owner<{ id: string }>(`insert into partner_access (organisation_id, family_id, user_id, agency_id, basis, consent_given_by, consent_given_on, invited_by, submission_id)
    values ($1, $2, $3, $4, 'consent', 'Claire Ashworth', '2026-11-20', $5, gen_random_uuid()) returning id`, [fellside, families.ashworth, tom, tomAgency?.agency_id, rowan])
  await partnerUser(t, 'uninvited.partner@fellside.example', 'Una Invited')
  const withdrawn = await partnerUser(t, 'withdrawn.partner@fellside.example', 'Wyn Drawn')
  const { rows: [withdrawnAgency] } = await t.db.owner<{ agency_id: string }>('select agency_id from users where id = $1', [withdrawn])
  await t.db.owner(`insert into partner_access (organisation_id, family_id, user_id, agency_id, basis, consent_given_by, consent_given_on, invited_by, ended_at, ended_reason, ended_by, submission_id)
    values ($1, $2, $3, $4, 'consent', 'Claire Ashworth', '2026-11-01', $5, now(), 'consent-withdrawn', $5, gen_random_uuid())`, [fellside, families.ashworth, withdrawn, withdrawnAgency?.agency_id, rowan])

  // Family members. Leo is 7: the organisation lets young people from 7 join, for this world.
  await t.db.owner('update organisations set young_person_minimum_age = 7 where id = $1', [fellside])
  const personIds = {
    claire: await personIdNamed(t.db, families.ashworth, 'Claire'), dean: await personIdNamed(t.db, families.ashworth, 'Dean'), leo: await personIdNamed(t.db, families.ashworth, 'Leo'),
    jean: await personIdNamed(t.db, families.ashworth, 'Jean'), grace: await personIdNamed(t.db, families['okonjo-reid'], 'Grace'),
  }
  await t.db.owner(`insert into network_members (organisation_id, family_id, person_id, relationship_to_child, closeness, commitments, joined_on, created_by, submission_id)
    values ($1, $2, $3, 'Leo and Maisie''s nan', 1, 'Collects the children from school every day', '2026-10-01', $4, gen_random_uuid())`, [fellside, families.ashworth, personIds.jean, rowan])
  const userIds: Partial<Record<Persona, string>> = {
    'parent-a': await addFamilyMember(t, families.ashworth, personIds.claire, 'parent-carer', 'claire@example.com', 'Claire Ashworth'),
    'parent-b': await addFamilyMember(t, families.ashworth, personIds.dean, 'parent-carer', 'dean@example.com', 'Dean Ashworth'),
    'young-person': await addFamilyMember(t, families.ashworth, personIds.leo, 'young-person', 'leo@example.com', 'Leo Ashworth'),
    'network-member': await addFamilyMember(t, families.ashworth, personIds.jean, 'network-member', 'jean@example.com', 'Jean Pollard'),
    'other-family-parent': await addFamilyMember(t, families['okonjo-reid'], personIds.grace, 'parent-carer', 'grace@example.com', 'Grace Okonjo-Reid'),
    'allocated-practitioner': rowan, 'team-manager': priya, 'invited-partner': tom,
  }

  // Pennington is sealed, with only Priya named.
  await t.db.owner('update families set sealed = true where id = $1', [families.pennington])
  await t.db.owner('insert into sealed_family_staff (organisation_id, family_id, user_id) values ($1, $2, $3)', [fellside, families.pennington, priya])

  const adminSecret = await withAuthenticatorApp(t.db, 'admin@fellside.example')
  const family = (email: string, address: string) => signedIn(app, email, { password: FAMILY_PASSWORD, address })
  const signedOut = new PageClient(app, '203.0.113.99')
  await signedOut.get('/sign-in')
  const clients: Record<Persona, PageClient> = {
    'allocated-practitioner': await signedIn(app, 'practitioner@fellside.example', { address: '203.0.113.21' }),
    'other-team-practitioner': await signedIn(app, 'elliot@fellside.example', { password: FAMILY_PASSWORD, address: '203.0.113.22' }),
    'team-manager': await signedIn(app, 'manager@fellside.example', { address: '203.0.113.23' }),
    'conference-chair': await signedIn(app, 'chair@fellside.example', { address: '203.0.113.24' }),
    'invited-partner': await signedIn(app, 'partner@fellside.example', { address: '203.0.113.25' }),
    'uninvited-partner': await signedIn(app, 'uninvited.partner@fellside.example', { password: FAMILY_PASSWORD, address: '203.0.113.26' }),
    'withdrawn-partner': await signedIn(app, 'withdrawn.partner@fellside.example', { password: FAMILY_PASSWORD, address: '203.0.113.27' }),
    'parent-a': await family('claire@example.com', '203.0.113.31'),
    'parent-b': await family('dean@example.com', '203.0.113.32'),
    'young-person': await family('leo@example.com', '203.0.113.33'),
    'network-member': await family('jean@example.com', '203.0.113.34'),
    'other-family-parent': await family('grace@example.com', '203.0.113.35'),
    'administrator': await signedIn(app, 'admin@fellside.example', { totpSecret: adminSecret, address: '203.0.113.41' }),
    'other-council': await signedIn(app, 'practitioner@lakemoor.example', { address: '203.0.113.42' }),
    'signed-out': signedOut,
  }
  return { clients, families, ids: { userIds, personIds, tomAccessId: tomAccess?.id ?? '' } }
}
