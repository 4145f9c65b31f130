import type pg from 'pg'
import type { LevelOfHelp, PersonKind } from '../db/schema/families.js'
import type { MapCategory, VoiceKind } from '../db/schema/maps.js'
import crypto from 'node:crypto'
import { testNhsNumber } from '../features/families/nhs-number.js'

/** Fictional families across every level of help. Names, places and numbers are made up; NHS numbers are in the 999 test range. */
interface DemoPerson {
  key: string; kind: PersonKind; given: string; family: string; knownAs?: string
  born?: string; expected?: string; sex?: string; ethnicity?: string; disabilities?: string[]
  contacts?: { kind: 'address' | 'phone' | 'email'; value: string; hiddenFrom?: string[]; reason?: string }[]
}
interface DemoEntry { key: string; category: MapCategory; text: string; saidBy: [VoiceKind, string]; goalFor?: string; owner?: string; due?: string }
interface DemoFamily {
  organisation: string; name: string; team: string; worker?: string
  people: DemoPerson[]
  relationships: [string, string, string][]
  levels: { level: LevelOfHelp; on: string; reason: string }[]
  closed?: { on: string; reason: string }
  chronology: { on: string; title: string; description: string }[]
  map?: DemoEntry[]
}

export const DEMO_FAMILIES: DemoFamily[] = [
  {
    organisation: 'fellside', name: 'The Ashworth family', team: 'Fellside North Safeguarding Team', worker: 'practitioner@fellside.example',
    people: [
      { key: 'leo', kind: 'child', given: 'Leo', family: 'Ashworth', born: '2019-03-27', sex: 'M', ethnicity: 'WBRI', disabilities: ['NONE'] },
      { key: 'maisie', kind: 'child', given: 'Maisie', family: 'Ashworth', born: '2022-01-14', sex: 'F', ethnicity: 'WBRI', disabilities: ['COMM'] },
      { key: 'claire', kind: 'parent-carer', given: 'Claire', family: 'Ashworth', born: '1994-08-02', sex: 'F', ethnicity: 'WBRI', contacts: [
        { kind: 'address', value: '4 Heron Court\nTarnbeck\nFS3 7QT', hiddenFrom: ['dean'], reason: 'Safe house address: Claire and the children moved here to be safe from Dean.' },
        { kind: 'phone', value: '07700 900412' },
      ] },
      { key: 'dean', kind: 'parent-carer', given: 'Dean', family: 'Ashworth', born: '1991-11-19', sex: 'M', ethnicity: 'WBRI', contacts: [
        { kind: 'address', value: '19 Quarry Lane\nHolmby\nFS9 2LD' },
      ] },
      { key: 'jean', kind: 'other-adult', given: 'Jean', family: 'Pollard', born: '1963-05-30', sex: 'F', ethnicity: 'WBRI', contacts: [{ kind: 'phone', value: '07700 900733' }] },
    ],
    relationships: [['claire', 'mother', 'leo'], ['claire', 'mother', 'maisie'], ['dean', 'father', 'leo'], ['dean', 'father', 'maisie'], ['jean', 'grandmother', 'leo'], ['jean', 'grandmother', 'maisie'], ['leo', 'brother', 'maisie']],
    levels: [
      { level: 'early-help', on: '2026-02-10', reason: 'School asked for help: Leo was often late and tired, and said home was "shouty".' },
      { level: 'child-in-need', on: '2026-05-02', reason: 'Claire told the health visitor Dean had pushed her while she held Maisie.' },
      { level: 'child-protection', on: '2026-07-15', reason: 'Police were called to the home after Dean hit Claire in front of the children. Initial conference agreed a child protection plan.' },
    ],
    chronology: [
      { on: '2026-02-10', title: 'School asked for early help', description: 'Tarnbeck Primary School shared worries about Leo\'s lateness and tiredness.' },
      { on: '2026-05-02', title: 'Claire spoke to the health visitor', description: 'Claire said Dean pushed her while she was holding Maisie.' },
      { on: '2026-07-09', title: 'Police called to the home', description: 'Neighbours called the police. Leo hid in his room with Maisie.' },
      { on: '2026-07-15', title: 'Initial child protection conference', description: 'The conference agreed a child protection plan. Claire\'s mother Jean joined the network.' },
      { on: '2026-08-01', title: 'Moved to a safe house', description: 'Claire, Leo and Maisie moved to a safe house with help from Brightwater Family Support.' },
    ],
    map: [
      { key: 'harm1', category: 'harm', saidBy: ['worker', 'Rowan Ashby (social worker)'], text: 'On 9 July 2026 Dean hit Claire in the kitchen while Leo and Maisie were in the next room. Leo hid upstairs with Maisie and told his teacher he was scared to go home.' },
      { key: 'danger1', category: 'danger', saidBy: ['worker', 'Rowan Ashby (social worker)'], text: 'Before the ICPC, the police and school said there was domestic violence at home and that Dean was non-compliant with the plan. Rowan and Tarnbeck School are worried that if Dean hurts Claire again, Leo and Maisie could be badly hurt or grow up frightened at home.' },
      { key: 'goal1', category: 'goal', goalFor: 'danger1', saidBy: ['worker', 'Rowan Ashby (social worker)'], text: 'Claire, Jean and the school will see Leo and Maisie living somewhere calm, where grown-ups sort out disagreements without hurting anyone, and Leo will say he feels safe at home, for 6 months.' },
      { key: 'strength1', category: 'strength', saidBy: ['family-member', 'Claire Ashworth (mum)'], text: 'Claire walks Leo to school every day and Maisie loves their bedtime stories.' },
      { key: 'strength2', category: 'strength', saidBy: ['network-member', 'Jean Pollard (grandmother)'], text: 'Jean lives ten minutes away and looks after the children every Saturday.' },
      { key: 'safety1', category: 'safety', saidBy: ['family-member', 'Claire Ashworth (mum)'], text: 'When Dean came to the house drunk in August, Claire kept the door shut, took the children upstairs and phoned the police.' },
      { key: 'complicating1', category: 'complicating', saidBy: ['partner-agency', 'Brightwater Family Support'], text: 'Claire has very little money since moving, and the safe house is two buses from Jean.' },
      { key: 'next1', category: 'next-step', saidBy: ['worker', 'Rowan Ashby (social worker)'], text: 'Ask Jean and Claire\'s friend Sam to come to a network meeting.', owner: 'Rowan Ashby', due: '2026-12-04' },
      { key: 'grey1', category: 'grey-area', saidBy: ['worker', 'Rowan Ashby (social worker)'], text: 'We do not know yet whether Dean wants to see the children, or what Leo wants.' },
    ],
  },
  {
    organisation: 'fellside', name: 'The Okonjo-Reid family', team: 'Fellside North Safeguarding Team', worker: 'practitioner@fellside.example',
    people: [
      { key: 'tayo', kind: 'child', given: 'Tayo', family: 'Okonjo-Reid', born: '2015-06-09', sex: 'M', ethnicity: 'MWBA', disabilities: ['AUT'] },
      { key: 'grace', kind: 'parent-carer', given: 'Grace', family: 'Okonjo-Reid', born: '1988-12-01', sex: 'F', ethnicity: 'BAFR', contacts: [{ kind: 'phone', value: '07700 900158' }] },
    ],
    relationships: [['grace', 'mother', 'tayo']],
    levels: [{ level: 'early-help', on: '2026-09-03', reason: 'Grace asked for help with Tayo not going to school since moving to secondary school.' }],
    chronology: [{ on: '2026-09-03', title: 'Grace asked for help', description: 'Grace phoned the family help line about Tayo\'s school attendance.' }],
  },
  {
    organisation: 'fellside', name: 'The Pennington family', team: 'Fellside North Safeguarding Team', worker: 'practitioner@fellside.example',
    people: [
      { key: 'baby', kind: 'unborn-child', given: 'Baby', family: 'Pennington', expected: '2027-01-20' },
      { key: 'ruby', kind: 'child', given: 'Ruby', family: 'Pennington', born: '2024-04-22', sex: 'F', ethnicity: 'WOTH' },
      { key: 'sophie', kind: 'parent-carer', given: 'Sophie', family: 'Pennington', born: '1999-02-14', sex: 'F', ethnicity: 'WOTH' },
      { key: 'mark', kind: 'parent-carer', given: 'Mark', family: 'Pennington', born: '1997-07-07', sex: 'M', ethnicity: 'WBRI' },
    ],
    relationships: [['sophie', 'mother', 'ruby'], ['mark', 'father', 'ruby'], ['sophie', 'mother', 'baby'], ['mark', 'father', 'baby'], ['sophie', 'partner', 'mark']],
    levels: [{ level: 'child-in-need', on: '2026-10-12', reason: 'The midwife was worried about Sophie\'s drinking during pregnancy, and Ruby being left with different people.' }],
    chronology: [{ on: '2026-10-12', title: 'Midwife shared worries', description: 'The community midwife contacted the front door about Sophie\'s drinking.' }],
  },
  {
    organisation: 'fellside', name: 'The Thackeray family', team: 'Fellside North Safeguarding Team', worker: 'manager@fellside.example',
    people: [
      { key: 'jayden', kind: 'child', given: 'Jayden', family: 'Thackeray', born: '2012-10-30', sex: 'M', ethnicity: 'MWBC' },
      { key: 'nicola', kind: 'parent-carer', given: 'Nicola', family: 'Thackeray', born: '1985-03-18', sex: 'F', ethnicity: 'WBRI' },
      { key: 'ian', kind: 'other-adult', given: 'Ian', family: 'Metcalfe', born: '1970-01-25', sex: 'M', ethnicity: 'WBRI', contacts: [{ kind: 'phone', value: '07700 900901' }] },
    ],
    relationships: [['nicola', 'mother', 'jayden'], ['ian', 'foster carer', 'jayden']],
    levels: [
      { level: 'child-protection', on: '2025-11-04', reason: 'Jayden was found sleeping in a car park after being locked out.' },
      { level: 'child-looked-after', on: '2026-01-19', reason: 'Nicola agreed Jayden would live with Ian, a foster carer, while she gets treatment.' },
    ],
    chronology: [{ on: '2026-01-19', title: 'Jayden moved to live with Ian', description: 'Jayden chose to keep going to the same school. Family time with Nicola every Saturday.' }],
  },
  {
    organisation: 'fellside', name: 'The Marsh family', team: 'Fellside North Safeguarding Team', worker: 'practitioner@fellside.example',
    people: [
      { key: 'evie', kind: 'child', given: 'Evie', family: 'Marsh', born: '2018-09-12', sex: 'F', ethnicity: 'WBRI' },
      { key: 'tom', kind: 'parent-carer', given: 'Tom', family: 'Marsh', born: '1990-04-04', sex: 'M', ethnicity: 'WBRI' },
    ],
    relationships: [['tom', 'father', 'evie']],
    levels: [{ level: 'early-help', on: '2025-09-01', reason: 'Tom asked for help after Evie\'s mother died.' }],
    closed: { on: '2026-03-20', reason: 'The family\'s goals were met for three months; Tom\'s sister and neighbours are helping.' },
    chronology: [{ on: '2026-03-20', title: 'Help ended', description: 'Goals met. Tom knows how to ask for help again.' }],
  },
  {
    organisation: 'fellside', name: 'The Gilpin family', team: 'Fellside Early Help Team',
    people: [
      { key: 'noah', kind: 'child', given: 'Noah', family: 'Gilpin', born: '2020-05-05', sex: 'M', ethnicity: 'WBRI' },
      { key: 'amy', kind: 'parent-carer', given: 'Amy', family: 'Gilpin', born: '1996-06-16', sex: 'F', ethnicity: 'WBRI' },
    ],
    relationships: [['amy', 'mother', 'noah']],
    levels: [{ level: 'early-help', on: '2026-10-01', reason: 'Amy asked for help with housing and Noah\'s sleep.' }],
    chronology: [],
  },
  {
    organisation: 'lakemoor', name: 'The Fenwick family', team: 'Lakemoor Child Protection Team', worker: 'practitioner@lakemoor.example',
    people: [
      { key: 'isla', kind: 'child', given: 'Isla', family: 'Fenwick', born: '2017-02-02', sex: 'F', ethnicity: 'WBRI' },
      { key: 'gary', kind: 'parent-carer', given: 'Gary', family: 'Fenwick', born: '1983-09-09', sex: 'M', ethnicity: 'WBRI' },
    ],
    relationships: [['gary', 'father', 'isla']],
    levels: [{ level: 'child-protection', on: '2026-06-01', reason: 'Isla told her teacher she was hit with a belt.' }],
    chronology: [],
  },
]

/** Adds the demo families inside the demo data's transaction (as the owner). */
export async function insertDemoFamilies(client: pg.Client): Promise<void> {
  let nhsSequence = 1000
  for (const family of DEMO_FAMILIES) {
    const lookup = async (sql: string, values: unknown[]): Promise<string | null> => (await client.query<{ id: string }>(sql, values)).rows[0]?.id ?? null
    const organisationId = await lookup('select id from organisations where slug = $1', [family.organisation])
    const teamId = await lookup('select id from teams where name = $1 and organisation_id = $2', [family.team, organisationId])
    const workerId = family.worker === undefined ? null : await lookup('select id from users where email = $1', [family.worker])
    const familyId = await lookup('insert into families (organisation_id, family_name, team_id, allocated_worker_id) values ($1, $2, $3, $4) returning id',
      [organisationId, family.name, teamId, workerId])
    const personIds = new Map<string, string>()
    for (const person of family.people) {
      nhsSequence += 7
      const id = await lookup(
        `insert into people (organisation_id, family_id, kind, given_name, family_name, known_as, date_of_birth, expected_date, nhs_number, sex, ethnicity, disabilities)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning id`,
        [organisationId, familyId, person.kind, person.given, person.family, person.knownAs ?? null, person.born ?? null, person.expected ?? null,
          person.kind === 'unborn-child' ? null : testNhsNumber(nhsSequence), person.sex ?? null, person.ethnicity ?? null, person.disabilities ?? []])
      if (id !== null) personIds.set(person.key, id)
    }
    for (const person of family.people) {
      for (const contact of person.contacts ?? []) {
        await client.query(
          `insert into contact_details (organisation_id, family_id, person_id, kind, value, hidden_from_person_ids, hidden_reason) values ($1, $2, $3, $4, $5, $6, $7)`,
          [organisationId, familyId, personIds.get(person.key), contact.kind, contact.value, (contact.hiddenFrom ?? []).map((key) => personIds.get(key)), contact.reason ?? null])
      }
    }
    for (const [from, relationship, to] of family.relationships) {
      await client.query('insert into relationships (organisation_id, family_id, person_id, related_person_id, relationship) values ($1, $2, $3, $4, $5)',
        [organisationId, familyId, personIds.get(from), personIds.get(to), relationship])
    }
    let episodeForMap: string | null = null
    const fallbackWorker = await lookup(`select id from users where organisation_id = $1 and role = 'practitioner' order by created_at limit 1`, [organisationId])
    const first = family.levels[0]
    if (first !== undefined) {
      const last = family.levels[family.levels.length - 1] ?? first
      const episodeId = await lookup('insert into episodes (organisation_id, family_id, level, started_on, closed_on, closure_reason) values ($1, $2, $3, $4, $5, $6) returning id',
        [organisationId, familyId, last.level, first.on, family.closed?.on ?? null, family.closed?.reason ?? null])
      episodeForMap = episodeId
      let previous: LevelOfHelp | null = null
      const order: LevelOfHelp[] = ['early-help', 'child-in-need', 'child-protection', 'child-looked-after']
      for (const step of family.levels) {
        const change = previous === null ? 'start' : order.indexOf(step.level) > order.indexOf(previous) ? 'step-up' : 'step-down'
        await client.query('insert into level_changes (organisation_id, episode_id, change, from_level, to_level, changed_on, reason, recorded_by) values ($1, $2, $3, $4, $5, $6, $7, $8)',
          [organisationId, episodeId, change, previous, step.level, step.on, step.reason, workerId])
        previous = step.level
      }
      if (family.closed !== undefined) {
        await client.query('insert into level_changes (organisation_id, episode_id, change, from_level, to_level, changed_on, reason, recorded_by) values ($1, $2, $3, $4, null, $5, $6, $7)',
          [organisationId, episodeId, 'closure', previous, family.closed.on, family.closed.reason, workerId])
      }
    }
    if (episodeForMap !== null) {
      const mapId = await lookup('insert into maps (organisation_id, family_id, episode_id) values ($1, $2, $3) returning id', [organisationId, familyId, episodeForMap])
      const entryIds = new Map<string, string>()
      let mapVersion = 0
      for (const entry of family.map ?? []) {
        mapVersion += 1
        const entryId = await lookup('insert into map_entries (organisation_id, map_id, category, paired_entry_id) values ($1, $2, $3, $4) returning id',
          [organisationId, mapId, entry.category, entry.goalFor === undefined ? null : entryIds.get(entry.goalFor)])
        if (entryId !== null) entryIds.set(entry.key, entryId)
        await client.query(
          `insert into map_entry_versions (organisation_id, entry_id, map_id, version, map_version, change, text, said_by_kind, said_by_name, owner, due_on, typed_by, submission_id)
           values ($1, $2, $3, 1, $4, 'added', $5, $6, $7, $8, $9, $10, $11)`,
          [organisationId, entryId, mapId, mapVersion, entry.text, entry.saidBy[0], entry.saidBy[1], entry.owner ?? null, entry.due ?? null, workerId ?? fallbackWorker, crypto.randomUUID()])
      }
      await client.query('update maps set version = $1 where id = $2', [mapVersion, mapId])
    }
    for (const event of family.chronology) {
      await client.query('insert into chronology_events (organisation_id, family_id, occurred_on, title, description, recorded_by) values ($1, $2, $3, $4, $5, $6)',
        [organisationId, familyId, event.on, event.title, event.description, workerId])
    }
  }
}
