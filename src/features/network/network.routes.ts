import crypto from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { actorOf } from '../../platform/http/request.js'
import { id, messageFor, optionalId, paramsOf, queryOf, queryText } from '../../platform/http/params.js'
import type { HeldFields, HeldSubmissions } from '../../platform/http/held-submissions.js'
import type { Actor } from '../../platform/http/types.js'
import { presentErrors } from '../../platform/views/presenters.js'
import { LEVEL_VOCABULARY } from '../families/index.js'
import type { MemberRow } from './network.repository.js'
import type { NetworkService, Snapshot } from './network.service.js'
import { isSubmissionId, parseMeeting, parseMemberChange, parseNewMember, parseTold, SOMEONE_NEW, type FormValues } from './network.schema.js'
import { closenessItems, describeMember, memberName, memberValues, networkPaths, presentFamilyTree, presentNetwork } from './network.presenter.js'
import { CASEWORK_POLICY } from '../../family-record/index.js'

const caseworkers = CASEWORK_POLICY
const VIEWS = 'network/views'

const SAVED_MESSAGES: Record<string, string> = {
  'member-added': 'Added to the network',
  'member-changed': 'Network member\'s details saved',
  'told': 'Saved what they were told',
  'meeting': 'Network meeting recorded',
}

const familyIdOf = (request: FastifyRequest): string => paramsOf(request, { familyId: id }).familyId
const memberParams = (request: FastifyRequest) => paramsOf(request, { familyId: id, memberId: id })

function chosen(values: FormValues, name: string): string {
  const value = values[name]
  return typeof value === 'string' ? value : ''
}

function chosenList(values: FormValues, name: string): string[] {
  const value = values[name]
  return Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]
}

function statusFor(errors: Record<string, string>): number {
  return Object.keys(errors).length > 0 ? 400 : 200
}

/** A submission id from the form if it is a real one; otherwise a new one, so this send still saves once. */
function submissionIdOf(values: FormValues): string {
  const sent = chosen(values, 'submissionId')
  return isSubmissionId(sent) ? sent : crypto.randomUUID()
}

function toldItems(snapshot: Snapshot, values: FormValues) {
  const items = chosenList(values, 'items')
  const statements = snapshot.level === null ? 'danger statements' : LEVEL_VOCABULARY[snapshot.level].statements
  return [
    {
      value: 'danger-statements', text: `The ${statements}`, checked: items.includes('danger-statements'),
      hint: { text: snapshot.mapVersion === null ? 'There is no map for this family yet.' : `Mapwell will record that they were told version ${String(snapshot.mapVersion)} of the map.` },
    },
    {
      value: 'words-and-pictures', text: 'The words and pictures explanation', checked: items.includes('words-and-pictures'),
      hint: { text: snapshot.booklets.length === 0 ? 'There is no words and pictures booklet in Mapwell for this family yet.'
        : `Mapwell will record ${snapshot.booklets.map((booklet) => `"${booklet.title}", version ${String(booklet.version)}`).join('; ')}.` },
    },
    {
      value: 'safety-plan', text: 'The safety plan', checked: items.includes('safety-plan'),
      hint: { text: snapshot.planVersion === null ? 'There is no safety plan in Mapwell for this family yet.' : `Mapwell will record that they were told version ${String(snapshot.planVersion)} of the safety plan.` },
    },
  ]
}

export function networkRoutes(deps: { network: NetworkService; held: HeldSubmissions }) {
  const { network, held } = deps

  /** What this person typed into this form before their session ended, if it was kept. */
  async function heldFields(request: FastifyRequest, path: string): Promise<HeldFields | undefined> {
    const { held: heldId } = queryOf(request, { held: optionalId })
    if (heldId === undefined) return undefined
    return held.find(actorOf(request), heldId, path)
  }

  async function renderMemberForm(reply: FastifyReply, actor: Actor, familyId: string, options: {
    /** What the form shows: what was typed, or (opening a member to change) their saved values. */
    values: FormValues | ((member: MemberRow) => FormValues); errors?: Record<string, string>; memberId?: string; conflict?: MemberRow; restored?: boolean
  }) {
    const { family, adults, member } = await network.memberForm(actor, familyId, options.memberId)
    const errors = options.errors ?? {}
    const editing = member !== undefined
    const values = typeof options.values === 'function' ? member === undefined ? {} : options.values(member) : options.values
    const action = editing ? networkPaths.changeMember(familyId, member.id) : networkPaths.addMember(familyId)
    return reply.code(options.conflict === undefined ? statusFor(errors) : 409).view(`${VIEWS}/member-form.njk`, {
      ...presentErrors(errors),
      familyId, familyName: family.familyName, values, action, editing, restored: options.restored === true,
      memberName: member === undefined ? undefined : memberName(member),
      changePersonHref: member === undefined ? undefined : networkPaths.changePerson(familyId, member.personId),
      adults: adults.map((adult) => ({ value: adult.id, text: adult.name, hint: { text: adult.kind === 'parent-carer' ? 'Parent or carer' : 'Other adult in the family record' }, checked: chosen(values, 'who') === adult.id })),
      someoneNewChecked: chosen(values, 'who') === SOMEONE_NEW,
      someoneNew: SOMEONE_NEW,
      closenessItems: closenessItems(chosen(values, 'closeness')),
      conflict: options.conflict === undefined ? undefined : describeMember(options.conflict),
      networkHref: networkPaths.network(familyId),
    })
  }

  async function renderToldForm(reply: FastifyReply, actor: Actor, familyId: string, memberId: string, values: FormValues, errors: Record<string, string> = {}, restored = false) {
    const { family, member, snapshot } = await network.toldForm(actor, familyId, memberId)
    return reply.code(statusFor(errors)).view(`${VIEWS}/told-form.njk`, {
      ...presentErrors(errors),
      familyId, familyName: family.familyName, memberName: memberName(member), values, restored,
      items: toldItems(snapshot, values), action: networkPaths.told(familyId, memberId), networkHref: networkPaths.network(familyId),
    })
  }

  async function renderMeetingForm(reply: FastifyReply, actor: Actor, familyId: string, values: FormValues, errors: Record<string, string> = {}, restored = false) {
    const { family, members } = await network.meetingForm(actor, familyId)
    const attendees = chosenList(values, 'attendees')
    const shownErrors = { ...errors }
    // With nobody to tick, the message belongs beside the box for other people's names.
    if (members.length === 0 && shownErrors.attendees !== undefined) {
      shownErrors.otherAttendees = shownErrors.attendees
      delete shownErrors.attendees
    }
    return reply.code(statusFor(errors)).view(`${VIEWS}/meeting-form.njk`, {
      ...presentErrors(shownErrors),
      familyId, familyName: family.familyName, values, restored,
      memberItems: members.map((member) => ({ value: member.id, text: memberName(member), hint: { text: member.relationshipToChild }, checked: attendees.includes(member.id) })),
      action: networkPaths.addMeeting(familyId), networkHref: networkPaths.network(familyId),
    })
  }

  function savedRedirect(reply: FastifyReply, familyId: string, saved: string, memberId?: string) {
    const member = memberId === undefined ? '' : `&member=${memberId}#member-${memberId}`
    return reply.redirect(`${networkPaths.network(familyId)}?saved=${saved}${member}`, 303)
  }

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/families/:familyId/network', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const overview = await network.overview(actorOf(request), familyId)
      const query = queryOf(request, { saved: queryText(40), member: optionalId })
      const saved = messageFor(SAVED_MESSAGES, query.saved)
      const memberId = query.member
      // After a save, the browser's draft of that form is no longer needed.
      const clearDrafts = saved === undefined ? undefined : [
        networkPaths.addMember(familyId), networkPaths.addMeeting(familyId),
        ...(memberId === undefined ? [] : [networkPaths.told(familyId, memberId), networkPaths.changeMember(familyId, memberId)]),
      ].join(' ')
      return reply.view(`${VIEWS}/network.njk`, { ...presentNetwork(overview), saved, clearDrafts })
    })

    app.get('/families/:familyId/network/family-tree', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      return reply.view(`${VIEWS}/family-tree.njk`, presentFamilyTree(await network.familyTree(actorOf(request), familyId)))
    })

    app.get('/families/:familyId/network/members/new', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const kept = await heldFields(request, networkPaths.addMember(familyId))
      const values = kept === undefined ? { submissionId: crypto.randomUUID() } : parseNewMember(kept).values
      return renderMemberForm(reply, actorOf(request), familyId, { values, restored: kept !== undefined })
    })

    app.post('/families/:familyId/network/members/new', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const actor = actorOf(request)
      const familyId = familyIdOf(request)
      const form = parseNewMember(request.body)
      const values = { ...form.values, submissionId: submissionIdOf(form.values) }
      if (form.fields === undefined) return renderMemberForm(reply, actor, familyId, { values, errors: form.errors })
      const result = await network.addMember(actor, familyId, form.fields, chosen(values, 'submissionId'))
      if (result.outcome === 'refused') return renderMemberForm(reply, actor, familyId, { values, errors: { who: result.reason } })
      return savedRedirect(reply, familyId, 'member-added', result.memberId)
    })

    app.get('/families/:familyId/network/members/:memberId/edit', { config: { access: caseworkers } }, async (request, reply) => {
      const actor = actorOf(request)
      const { familyId, memberId } = memberParams(request)
      const kept = await heldFields(request, networkPaths.changeMember(familyId, memberId))
      if (kept !== undefined) return renderMemberForm(reply, actor, familyId, { memberId, values: parseMemberChange(kept).values, restored: true })
      return renderMemberForm(reply, actor, familyId, { memberId, values: memberValues })
    })

    app.post('/families/:familyId/network/members/:memberId/edit', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const actor = actorOf(request)
      const { familyId, memberId } = memberParams(request)
      const form = parseMemberChange(request.body)
      if (form.fields === undefined || form.baseVersion === undefined) return renderMemberForm(reply, actor, familyId, { memberId, values: form.values, errors: form.errors })
      const result = await network.changeMember(actor, familyId, memberId, form.baseVersion, form.fields)
      if (result.outcome === 'conflict') {
        // Someone saved first: show theirs, keep what this person typed, ready to save over theirs on purpose.
        return renderMemberForm(reply, actor, familyId, { memberId, values: { ...form.values, version: String(result.theirs.version) }, conflict: result.theirs })
      }
      return savedRedirect(reply, familyId, 'member-changed', memberId)
    })

    app.get('/families/:familyId/network/members/:memberId/told', { config: { access: caseworkers } }, async (request, reply) => {
      const { familyId, memberId } = memberParams(request)
      const kept = await heldFields(request, networkPaths.told(familyId, memberId))
      const values = kept === undefined ? { submissionId: crypto.randomUUID() } : parseTold(kept).values
      return renderToldForm(reply, actorOf(request), familyId, memberId, values, {}, kept !== undefined)
    })

    app.post('/families/:familyId/network/members/:memberId/told', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const actor = actorOf(request)
      const { familyId, memberId } = memberParams(request)
      const form = parseTold(request.body)
      const values = { ...form.values, submissionId: submissionIdOf(form.values) }
      if (form.fields === undefined) return renderToldForm(reply, actor, familyId, memberId, values, form.errors)
      const result = await network.recordTold(actor, familyId, memberId, form.fields, chosen(values, 'submissionId'))
      if (result.outcome === 'refused') return renderToldForm(reply, actor, familyId, memberId, values, { items: result.reason })
      return savedRedirect(reply, familyId, 'told', memberId)
    })

    app.get('/families/:familyId/network/meetings/new', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const kept = await heldFields(request, networkPaths.addMeeting(familyId))
      const values = kept === undefined ? { submissionId: crypto.randomUUID() } : parseMeeting(kept, []).values
      return renderMeetingForm(reply, actorOf(request), familyId, values, {}, kept !== undefined)
    })

    app.post('/families/:familyId/network/meetings/new', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const actor = actorOf(request)
      const familyId = familyIdOf(request)
      const { members } = await network.meetingForm(actor, familyId)
      const form = parseMeeting(request.body, members.map((member) => member.id))
      const values = { ...form.values, submissionId: submissionIdOf(form.values) }
      if (form.fields === undefined) return renderMeetingForm(reply, actor, familyId, values, form.errors)
      const result = await network.recordMeeting(actor, familyId, form.fields, chosen(values, 'submissionId'))
      if (result.outcome === 'refused') return renderMeetingForm(reply, actor, familyId, values, { attendees: result.reason })
      return savedRedirect(reply, familyId, 'meeting')
    })
  }
}
