import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { actorOf } from '../../platform/http/request.js'
import { NotFoundError } from '../../platform/http/errors.js'
import { id, isId, optionalId, paramsOf, queryOf } from '../../platform/http/params.js'
import type { HeldFields, HeldSubmissions } from '../../platform/http/held-submissions.js'
import { presentErrors } from '../../platform/views/presenters.js'
import { LEVELS_OF_HELP } from '../../db/schema/families.js'
import { DISABILITY_CODES, ETHNICITY_CODES, SEX_CODES } from './census-codes.js'
import { LEVEL_VOCABULARY } from './levels.js'
import { MANAGER_POLICY, CASEWORK_POLICY } from '../../family-record/index.js'
import type { RecordService } from './record.service.js'
import { EMPTY_RELATIONSHIP_ROWS, parseContact, parseEvent, parseNewFamily, parsePerson, parseRelationshipRows, type RelationshipRow } from './record.schema.js'

const caseworkers = CASEWORK_POLICY
const managers = MANAGER_POLICY
const VIEWS = 'families/views'

function idOf(request: FastifyRequest, name: 'familyId' | 'personId' | 'contactId'): string {
  return paramsOf(request, { [name]: id })[name] as string
}

type Values = Record<string, string | string[]>

/** The version a form was based on: a whole number the database can hold, or NaN. */
function versionOf(body: unknown): number {
  const value = (body as Record<string, unknown> | undefined)?.version
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN
}

function personChoices(values: Values) {
  const chosen = (name: string): string => { const value = values[name]; return typeof value === 'string' ? value : '' }
  const disabilities = Array.isArray(values.disabilities) ? values.disabilities : []
  return {
    kindItems: [
      { value: 'child', text: 'Child', checked: chosen('kind') === 'child' },
      { value: 'unborn-child', text: 'Unborn baby', checked: chosen('kind') === 'unborn-child' },
      { value: 'parent-carer', text: 'Parent or carer', checked: chosen('kind') === 'parent-carer' },
      { value: 'other-adult', text: 'Other adult', checked: chosen('kind') === 'other-adult' },
    ],
    sexItems: [{ value: '', text: 'Not recorded' }, ...Object.entries(SEX_CODES).map(([value, text]) => ({ value, text, selected: chosen('sex') === value }))],
    ethnicityItems: [{ value: '', text: 'Not recorded' }, ...Object.entries(ETHNICITY_CODES).map(([value, text]) => ({ value, text, selected: chosen('ethnicity') === value }))],
    disabilityItems: Object.entries(DISABILITY_CODES).map(([value, text]) => ({ value, text, checked: disabilities.includes(value) })),
  }
}

function allocationView(familyId: string, choices: { family: { familyName: string }; teams: { id: string; name: string }[]; workers: { id: string; name: string }[] }, chosen: { teamId: string; workerId: string }) {
  return {
    familyId, familyName: choices.family.familyName,
    teamItems: [{ value: '', text: 'Choose a team' }, ...choices.teams.map((team) => ({ value: team.id, text: team.name, selected: chosen.teamId === team.id }))],
    workerItems: [{ value: '', text: 'Not allocated' }, ...choices.workers.map((worker) => ({ value: worker.id, text: worker.name, selected: chosen.workerId === worker.id }))],
  }
}

function emptyRows(count: number): RelationshipRow[] {
  return Array.from({ length: count }, () => ({ id: '', words: '', otherId: '' }))
}

function wantsAnotherRow(body: unknown): boolean {
  return (body as Record<string, unknown> | undefined)?.addRelationship === 'yes'
}

export function recordRoutes(deps: { record: RecordService; held: HeldSubmissions }) {
  const { record, held } = deps

  /** What this person typed into this form before they were signed out, if it was kept. */
  async function heldFields(request: FastifyRequest, path: string): Promise<HeldFields | undefined> {
    const { held: heldId } = queryOf(request, { held: optionalId })
    return heldId === undefined ? undefined : held.find(actorOf(request), heldId, path)
  }

  async function renderPerson(request: FastifyRequest, reply: FastifyReply, familyId: string, values: Values, errors: Record<string, string> = {}, editing?: { personId: string; conflict: boolean }, rows: RelationshipRow[] = [], restored = false) {
    const { family, members } = await record.people(actorOf(request), familyId)
    const others = members.filter((member) => member.id !== editing?.personId)
    const relationshipRows = rows.map((row, index) => ({
      ...row, number: index + 1, wordsId: `relWords-${String(index)}`, withId: `relWith-${String(index)}`,
      wordsError: errors[`relWords-${String(index)}`], withError: errors[`relWith-${String(index)}`],
      personItems: [{ value: '', text: 'Select a person' }, ...others.map((member) => ({ value: member.id, text: `${member.givenName} ${member.familyName}`, selected: row.otherId === member.id }))],
    }))
    return reply.code(editing?.conflict === true ? 409 : Object.keys(errors).length > 0 ? 400 : 200).view(`${VIEWS}/person-form.njk`, {
      ...presentErrors(errors), familyId, familyName: family.familyName, values, ...personChoices(values),
      editing: editing !== undefined, conflict: editing?.conflict === true,
      action: editing === undefined ? `/families/${familyId}/people/new` : `/families/${familyId}/people/${editing.personId}/edit`,
      relationshipRows, hasOthers: others.length > 0, restored,
    })
  }

  async function renderContact(request: FastifyRequest, reply: FastifyReply, familyId: string, personId: string, values: Values, errors: Record<string, string> = {}, shown?: { contactId: string; conflict: boolean; removed?: boolean }, restored = false) {
    const { family, members } = await record.people(actorOf(request), familyId)
    const person = members.find((member) => member.id === personId)
    if (person === undefined) throw new NotFoundError('person')
    // Someone removed the detail while this person was changing it: what they typed can be added again as a new one.
    const removed = shown?.removed === true
    const editing = removed ? undefined : shown
    const hidden = Array.isArray(values.hiddenFrom) ? values.hiddenFrom : []
    return reply.code(shown?.conflict === true ? 409 : Object.keys(errors).length > 0 ? 400 : 200).view(`${VIEWS}/contact-form.njk`, {
      ...presentErrors(errors), familyId, personId, familyName: family.familyName, personName: `${person.givenName} ${person.familyName}`, values,
      editing: editing !== undefined, conflict: editing?.conflict === true, removed, restored,
      action: editing === undefined ? `/families/${familyId}/people/${personId}/contact-details/new` : `/families/${familyId}/contact-details/${editing.contactId}/edit`,
      kindItems: [{ value: 'address', text: 'Address' }, { value: 'phone', text: 'Phone number' }, { value: 'email', text: 'Email address' }].map((item) => ({ ...item, checked: values.kind === item.value })),
      hiddenItems: members.filter((member) => member.id !== personId).map((member) => ({ value: member.id, text: `${member.givenName} ${member.familyName}`, checked: hidden.includes(member.id) })),
    })
  }

  function levelItems(chosen: string) {
    return LEVELS_OF_HELP.map((level) => ({ value: level, text: LEVEL_VOCABULARY[level].name, hint: { text: LEVEL_VOCABULARY[level].framework }, checked: chosen === level }))
  }

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/families/new', { config: { access: caseworkers } }, async (request, reply) => {
      const kept = await heldFields(request, '/families/new')
      const values: Values = kept === undefined ? {} : parseNewFamily(kept).values
      return reply.view(`${VIEWS}/new-family.njk`, { values, levelItems: levelItems(typeof values.level === 'string' ? values.level : ''), ...personChoices(values), restored: kept !== undefined })
    })

    app.post('/families/new', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const form = parseNewFamily(request.body)
      if (form.fields === undefined) {
        return reply.code(400).view(`${VIEWS}/new-family.njk`, { ...presentErrors(form.errors), values: form.values, levelItems: levelItems(form.values.level), ...personChoices(form.values) })
      }
      const familyId = await record.createFamily(actorOf(request), form.fields)
      return reply.redirect(`/families/${familyId}?created=yes`, 303)
    })

    app.get('/families/:familyId/people/new', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = idOf(request, 'familyId')
      const kept = await heldFields(request, `/families/${familyId}/people/new`)
      if (kept !== undefined) {
        const rows = parseRelationshipRows(kept).rows.filter((row) => !row.remove).map((row) => ({ ...row, id: '' }))
        return renderPerson(request, reply, familyId, parsePerson(kept).values, {}, undefined, rows.length > 0 ? rows : emptyRows(EMPTY_RELATIONSHIP_ROWS), true)
      }
      return renderPerson(request, reply, familyId, {}, {}, undefined, emptyRows(EMPTY_RELATIONSHIP_ROWS))
    })

    app.post('/families/:familyId/people/new', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const familyId = idOf(request, 'familyId')
      const form = parsePerson(request.body)
      const relations = parseRelationshipRows(request.body)
      const rows = relations.rows.filter((row) => !row.remove).map((row) => ({ ...row, id: '' }))
      // "Add another relationship": the same form again with one more row, keeping everything typed.
      if (wantsAnotherRow(request.body)) return renderPerson(request, reply, familyId, form.values, {}, undefined, [...rows, ...emptyRows(1)])
      const errors = { ...form.errors, ...relations.errors }
      if (form.fields === undefined || Object.keys(errors).length > 0) return renderPerson(request, reply, familyId, form.values, errors, undefined, rows)
      const result = await record.addPerson(actorOf(request), familyId, form.fields, relations.filled)
      if (result.outcome === 'invalid') return renderPerson(request, reply, familyId, form.values, result.errors, undefined, rows)
      return reply.redirect(`/families/${familyId}?added=person#people`, 303)
    })

    app.get('/families/:familyId/people/:personId/contact-details/new', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = idOf(request, 'familyId')
      const personId = idOf(request, 'personId')
      const kept = await heldFields(request, `/families/${familyId}/people/${personId}/contact-details/new`)
      return renderContact(request, reply, familyId, personId, kept === undefined ? {} : parseContact(kept, []).values, {}, undefined, kept !== undefined)
    })

    app.post('/families/:familyId/people/:personId/contact-details/new', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const familyId = idOf(request, 'familyId')
      const personId = idOf(request, 'personId')
      const { members } = await record.people(actorOf(request), familyId)
      const form = parseContact(request.body, members.map((member) => member.id).filter((id) => id !== personId))
      if (form.fields === undefined) return renderContact(request, reply, familyId, personId, form.values, form.errors)
      await record.addContact(actorOf(request), familyId, personId, form.fields)
      return reply.redirect(`/families/${familyId}?added=contact#people`, 303)
    })

    app.get('/families/:familyId/people/:personId/edit', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = idOf(request, 'familyId')
      const { person, relationships } = await record.person(actorOf(request), familyId, idOf(request, 'personId'))
      const kept = await heldFields(request, `/families/${familyId}/people/${person.id}/edit`)
      if (kept !== undefined) {
        return renderPerson(request, reply, familyId, { ...parsePerson(kept).values, version: String(versionOf(kept)) }, {}, { personId: person.id, conflict: false }, parseRelationshipRows(kept).rows, true)
      }
      const asTyped = (date: string | null): string => date === null ? '' : date.split('-').reverse().join('/')
      return renderPerson(request, reply, familyId, {
        kind: person.kind, givenName: person.givenName, familyName: person.familyNameOfPerson, knownAs: person.knownAs ?? '', dateOfBirth: asTyped(person.dateOfBirth),
        expectedDate: asTyped(person.expectedDate), nhsNumber: person.nhsNumber ?? '', sex: person.sex ?? '', ethnicity: person.ethnicity ?? '', disabilities: person.disabilities, version: String(person.version),
      }, {}, { personId: person.id, conflict: false }, [...relationships, ...emptyRows(1)])
    })

    app.post('/families/:familyId/people/:personId/edit', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const familyId = idOf(request, 'familyId')
      const personId = idOf(request, 'personId')
      const form = parsePerson(request.body)
      const version = versionOf(request.body)
      const values = { ...form.values, version: String(version) }
      const relations = parseRelationshipRows(request.body)
      const editing = { personId, conflict: false }
      // The form is shown again only for a person who is there: one that never was answers 404.
      if (wantsAnotherRow(request.body) || form.fields === undefined || !Number.isInteger(version) || Object.keys(relations.errors).length > 0) await record.person(actorOf(request), familyId, personId)
      if (wantsAnotherRow(request.body)) return renderPerson(request, reply, familyId, values, {}, editing, [...relations.rows, ...emptyRows(1)])
      const errors = { ...form.errors, ...relations.errors }
      if (form.fields === undefined || !Number.isInteger(version) || Object.keys(errors).length > 0) return renderPerson(request, reply, familyId, values, errors, editing, relations.rows)
      const result = await record.updatePerson(actorOf(request), familyId, personId, version, form.fields, { rows: relations.filled, clearedIds: relations.clearedIds })
      if (result.outcome === 'invalid') return renderPerson(request, reply, familyId, values, result.errors, editing, relations.rows)
      if (result.outcome === 'conflict') {
        const person = result.theirs
        return renderPerson(request, reply, familyId, { ...values, version: String(person.version), theirName: `${person.givenName} ${person.familyNameOfPerson}` }, {}, { personId, conflict: true }, relations.rows)
      }
      return reply.redirect(`/families/${familyId}?added=person-changed#people`, 303)
    })

    app.get('/families/:familyId/contact-details/:contactId/edit', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = idOf(request, 'familyId')
      const contactId = idOf(request, 'contactId')
      const { contact } = await record.contact(actorOf(request), familyId, contactId)
      const kept = await heldFields(request, `/families/${familyId}/contact-details/${contactId}/edit`)
      if (kept !== undefined) {
        return renderContact(request, reply, familyId, contact.personId, { ...parseContact(kept, []).values, version: String(versionOf(kept)) }, {}, { contactId, conflict: false }, true)
      }
      return renderContact(request, reply, familyId, contact.personId, {
        kind: contact.kind, value: contact.value, hiddenFrom: contact.hiddenFromPersonIds, hiddenReason: contact.hiddenReason ?? '', version: String(contact.version),
      }, {}, { contactId, conflict: false })
    })

    app.post('/families/:familyId/contact-details/:contactId/edit', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const familyId = idOf(request, 'familyId')
      const contactId = idOf(request, 'contactId')
      // Read even if someone removed it meanwhile: the change then becomes a conflict that keeps what was typed.
      const { contact } = await record.contact(actorOf(request), familyId, contactId, { includeRemoved: true })
      const { members } = await record.people(actorOf(request), familyId)
      const form = parseContact(request.body, members.map((member) => member.id).filter((id) => id !== contact.personId))
      const version = versionOf(request.body)
      const values = { ...form.values, version: String(version) }
      if (form.fields === undefined || !Number.isInteger(version)) return renderContact(request, reply, familyId, contact.personId, values, form.errors, { contactId, conflict: false })
      const result = await record.updateContact(actorOf(request), familyId, contactId, version, form.fields)
      if (result.outcome === 'conflict') {
        const theirs = result.theirs
        return renderContact(request, reply, familyId, contact.personId, { ...values, version: String(theirs.version), theirValue: theirs.value }, {}, { contactId, conflict: true, removed: result.removed })
      }
      return reply.redirect(`/families/${familyId}?added=contact-changed#people`, 303)
    })

    app.get('/families/:familyId/contact-details/:contactId/remove', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = idOf(request, 'familyId')
      const { family, contact } = await record.contact(actorOf(request), familyId, idOf(request, 'contactId'))
      return reply.view(`${VIEWS}/remove-contact.njk`, { familyId, familyName: family.familyName, contact })
    })

    app.post('/families/:familyId/contact-details/:contactId/remove', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = idOf(request, 'familyId')
      await record.removeContact(actorOf(request), familyId, idOf(request, 'contactId'))
      return reply.redirect(`/families/${familyId}?added=contact-removed#people`, 303)
    })

    app.get('/families/:familyId/allocation', { config: { access: managers } }, async (request, reply) => {
      const familyId = idOf(request, 'familyId')
      const choices = await record.allocationChoices(actorOf(request), familyId)
      return reply.view(`${VIEWS}/allocation.njk`, allocationView(familyId, choices, { teamId: choices.family.teamId ?? '', workerId: choices.family.allocatedWorkerId ?? '' }))
    })

    app.post('/families/:familyId/allocation', { config: { access: managers } }, async (request, reply) => {
      const familyId = idOf(request, 'familyId')
      const body = (request.body ?? {}) as Record<string, unknown>
      const teamId = isId(body.teamId) ? body.teamId : null
      const workerId = isId(body.workerId) ? body.workerId : null
      const result = await record.allocate(actorOf(request), familyId, teamId, workerId)
      if (result.outcome === 'invalid') {
        const choices = await record.allocationChoices(actorOf(request), familyId)
        return reply.code(400).view(`${VIEWS}/allocation.njk`, { ...allocationView(familyId, choices, { teamId: teamId ?? '', workerId: workerId ?? '' }), ...presentErrors({ [teamId === null ? 'teamId' : 'workerId']: result.reason }) })
      }
      return reply.redirect(`/families/${familyId}?added=allocation`, 303)
    })

    app.get('/families/:familyId/chronology/new', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = idOf(request, 'familyId')
      const { family } = await record.people(actorOf(request), familyId)
      return reply.view(`${VIEWS}/event-form.njk`, { familyId, familyName: family.familyName, values: {} })
    })

    app.post('/families/:familyId/chronology/new', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const familyId = idOf(request, 'familyId')
      const form = parseEvent(request.body)
      if (form.fields === undefined) {
        const { family } = await record.people(actorOf(request), familyId)
        return reply.code(400).view(`${VIEWS}/event-form.njk`, { ...presentErrors(form.errors), familyId, familyName: family.familyName, values: form.values })
      }
      await record.addEvent(actorOf(request), familyId, form.fields)
      return reply.redirect(`/families/${familyId}?added=event#chronology`, 303)
    })
  }
}
