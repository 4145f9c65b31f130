import crypto from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { allow } from '../../platform/access/policy.js'
import { actorOf } from '../../platform/http/request.js'
import { presentErrors } from '../../platform/views/presenters.js'
import { formatDate, formatDateTime } from '../../platform/views/setup.js'
import { formChoice, formText, submissionIdOf } from '../../platform/http/form.js'
import { passwordProblem } from '../../platform/auth/passwords.js'
import { PARTNER_BASES, type PartnerBasis } from '../../db/schema/index.js'
import { id, isId, optionalId, paramsOf, queryOf } from '../../platform/http/params.js'
import { heldText, type HeldSubmissions } from '../../platform/http/held-submissions.js'
import { addDays, isAfterToday, todayInLondon } from '../../platform/time.js'
import { parseDate } from '../families/index.js'
import { CODE_DAYS } from './invitation-code.js'
import type { SharingService } from './sharing.service.js'
import { looksLikeCode, normaliseCode } from './invitation-code.js'
import { CASEWORK_POLICY } from '../../family-record/index.js'

const caseworkers = CASEWORK_POLICY
const VIEWS = 'sharing/views'

export const PLAN_RULES_MESSAGES = {
  shareMissing: 'Select yes if the family agreed that invited partners can see the safety plan rules that name them',
  agreedByMissing: 'Enter who in the family agreed',
  agreedByTooLong: 'Keep who agreed to 200 characters or fewer',
} as const

interface PlanRulesValues { share: string; agreedBy: string }

function readPlanRules(body: unknown): { values: PlanRulesValues; errors: Record<string, string>; input?: { share: boolean; agreedBy: string } } {
  const values = { share: formText(body, 'share', 3), agreedBy: formText(body, 'agreedBy', 201) }
  const errors: Record<string, string> = {}
  if (values.share !== 'yes' && values.share !== 'no') errors.share = PLAN_RULES_MESSAGES.shareMissing
  else if (values.share === 'yes' && values.agreedBy === '') errors.agreedBy = PLAN_RULES_MESSAGES.agreedByMissing
  if (values.agreedBy.length > 200) errors.agreedBy = PLAN_RULES_MESSAGES.agreedByTooLong
  if (Object.keys(errors).length > 0) return { values, errors }
  return { values, errors, input: { share: values.share === 'yes', agreedBy: values.agreedBy } }
}

const KIND_NAMES = { 'parent-carer': 'Parent or carer', 'young-person': 'Young person', 'network-member': 'Safety network member' } as const

function idParam(request: FastifyRequest, name: string): string {
  return paramsOf(request, { [name]: id })[name] as string
}

export function sharingRoutes(deps: { sharing: SharingService; held: HeldSubmissions }) {
  const { sharing, held } = deps

  async function renderInvite(request: FastifyRequest, reply: FastifyReply, familyId: string, errors: Record<string, string> = {}, selected = '') {
    const { family, invitees, minimumAge } = await sharing.invitees(actorOf(request), familyId)
    return reply.code(Object.keys(errors).length > 0 ? 400 : 200).view(`${VIEWS}/invite.njk`, {
      ...presentErrors(errors), familyName: family.familyName, familyId, minimumAge, submissionId: crypto.randomUUID(),
      items: invitees.map((invitee) => ({ value: invitee.personId, text: invitee.name, hint: { text: `${KIND_NAMES[invitee.kind]}${invitee.note === undefined ? '' : `, ${invitee.note}`}` }, checked: selected === invitee.personId })),
    })
  }

  async function renderPartnerInvite(request: FastifyRequest, reply: FastifyReply, familyId: string, values?: Record<string, string>, errors: Record<string, string> = {}, restored = false) {
    const { family, partners, parents } = await sharing.partnersToInvite(actorOf(request), familyId)
    const current = values ?? { partner: '', basis: '', consentGivenBy: '', consentGivenOn: '', lawfulReason: '', submissionId: crypto.randomUUID() }
    return reply.code(Object.keys(errors).length > 0 ? 400 : 200).view(`${VIEWS}/invite-partner.njk`, {
      ...presentErrors(errors), familyName: family.familyName, familyId, values: current, parents, restored,
      partnerItems: [{ value: '', text: 'Choose a partner practitioner' }, ...partners.map((partner) => ({ value: partner.id, text: `${partner.name} (${partner.agency})`, selected: current.partner === partner.id }))],
      basisItems: [
        { value: 'consent', text: 'The family consented', checked: current.basis === 'consent' },
        { value: 'without-consent', text: 'Without consent, for a lawful reason', checked: current.basis === 'without-consent' },
      ],
    })
  }

  async function renderJoin(reply: FastifyReply, values: Record<string, string>, errors: Record<string, string> = {}) {
    return reply.code(Object.keys(errors).length > 0 ? 400 : 200).view(`${VIEWS}/join.njk`, { ...presentErrors(errors), values })
  }

  async function renderOverview(request: FastifyRequest, reply: FastifyReply, familyId: string, options: { values?: PlanRulesValues; errors?: Record<string, string> } = {}) {
    const { family, members, partners, choice } = await sharing.overview(actorOf(request), familyId)
    const errors = options.errors ?? {}
    const values = options.values ?? { share: choice === undefined ? '' : choice.planRulesWithPartners ? 'yes' : 'no', agreedBy: choice?.agreedBy ?? '' }
    const query = request.query as Record<string, unknown>
    return reply.code(Object.keys(errors).length > 0 ? 400 : 200).view(`${VIEWS}/overview.njk`, {
      ...presentErrors(errors),
      familyName: family.familyName, familyId, saved: typeof query.saved === 'string' ? query.saved : undefined,
      members: members.map((member) => ({
        ...member, kindName: KIND_NAMES[member.kind],
        status: member.endedAt !== null ? `Ended ${formatDateTime(member.endedAt)}` : member.joined ? `Joined ${member.codeUsedAt === null ? '' : formatDateTime(member.codeUsedAt)}`
          : member.codeExpiresAt.getTime() < Date.now() ? `Code expired ${formatDateTime(member.codeExpiresAt)}` : `Invited: the code works until ${formatDateTime(member.codeExpiresAt)}`,
        live: member.endedAt === null && (member.joined || member.codeExpiresAt.getTime() >= Date.now()),
        endHref: `/families/${familyId}/sharing/members/${member.id}/end`,
      })),
      partners: partners.map((partner) => ({
        ...partner, live: partner.endedAt === null,
        basisText: partner.basis === 'consent' ? `Consent from ${partner.consentGivenBy}${partner.consentGivenOn === null ? '' : ` on ${formatDate(partner.consentGivenOn)}`}` : `Without consent: ${partner.lawfulReason}`,
        status: partner.endedAt === null ? `Invited ${formatDateTime(partner.invitedAt)}` : `${partner.endedReason === 'consent-withdrawn' ? 'Consent withdrawn' : 'Invitation ended'} ${formatDateTime(partner.endedAt)}`,
        endHref: `/families/${familyId}/sharing/partners/${partner.id}/end`,
      })),
      planRules: {
        now: choice === undefined ? 'No. The family has not agreed.'
          : choice.planRulesWithPartners ? `Yes. ${choice.agreedBy} agreed. Recorded by ${choice.changedByName} on ${formatDateTime(choice.changedAt)}.`
            : `No. Recorded by ${choice.changedByName} on ${formatDateTime(choice.changedAt)}.`,
        values, action: `/families/${familyId}/sharing/partner-plan-rules`,
      },
    })
  }

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/families/:familyId/sharing', { config: { access: caseworkers } }, async (request, reply) => renderOverview(request, reply, idParam(request, 'familyId')))

    app.post('/families/:familyId/sharing/partner-plan-rules', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = idParam(request, 'familyId')
      const { values, errors, input } = readPlanRules(request.body)
      if (input === undefined) return renderOverview(request, reply, familyId, { values, errors })
      await sharing.setPartnerPlanRules(actorOf(request), familyId, input)
      return reply.redirect(`/families/${familyId}/sharing?saved=plan-rules`, 303)
    })

    app.get('/families/:familyId/sharing/invite', { config: { access: caseworkers } }, async (request, reply) => renderInvite(request, reply, idParam(request, 'familyId')))

    app.post('/families/:familyId/sharing/invite', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = idParam(request, 'familyId')
      const personId = formText(request.body, 'person', 40)
      if (!isId(personId)) return renderInvite(request, reply, familyId, { person: 'Select who to invite' })
      const result = await sharing.invite(actorOf(request), familyId, personId, submissionIdOf(request.body, () => crypto.randomUUID()))
      if (result.outcome === 'refused') return renderInvite(request, reply, familyId, { person: result.reason }, personId)
      if (result.outcome === 'already') return reply.redirect(`/families/${familyId}/sharing?saved=invited-before`, 303)
      const { family } = await sharing.invitees(actorOf(request), familyId)
      // The code is shown once, here, to hand over: it is stored only as a hash.
      return reply.view(`${VIEWS}/code.njk`, { familyName: family.familyName, familyId, code: result.code, name: result.name, until: formatDate(addDays(todayInLondon(), CODE_DAYS)) })
    })

    app.post('/families/:familyId/sharing/members/:accessId/end', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = idParam(request, 'familyId')
      await sharing.endMemberAccess(actorOf(request), familyId, idParam(request, 'accessId'))
      return reply.redirect(`/families/${familyId}/sharing?saved=member-ended`, 303)
    })

    app.get('/families/:familyId/sharing/partners/invite', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = idParam(request, 'familyId')
      const { held: heldId } = queryOf(request, { held: optionalId })
      const kept = heldId === undefined ? undefined : await held.find(actorOf(request), heldId, `/families/${familyId}/sharing/partners/invite`)
      if (kept === undefined) return renderPartnerInvite(request, reply, familyId)
      const values = Object.fromEntries(['partner', 'basis', 'consentGivenBy', 'consentGivenOn', 'lawfulReason', 'submissionId'].map((name) => [name, heldText(kept, name)]))
      return renderPartnerInvite(request, reply, familyId, values, {}, true)
    })

    app.post('/families/:familyId/sharing/partners/invite', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const familyId = idParam(request, 'familyId')
      const values = {
        partner: formText(request.body, 'partner', 40), basis: formText(request.body, 'basis', 30), consentGivenBy: formText(request.body, 'consentGivenBy', 200),
        consentGivenOn: formText(request.body, 'consentGivenOn', 30), lawfulReason: formText(request.body, 'lawfulReason', 2000), submissionId: submissionIdOf(request.body, () => crypto.randomUUID()),
      }
      const errors: Record<string, string> = {}
      if (!isId(values.partner)) errors.partner = 'Select a partner practitioner from the list'
      const basis = formChoice<PartnerBasis>(request.body, 'basis', PARTNER_BASES)
      let consentGivenOn: string | null = null
      if (basis === undefined) errors.basis = 'Select whether the family consented'
      else if (basis === 'consent') {
        if (values.consentGivenBy === '') errors.consentGivenBy = 'Enter who in the family gave consent'
        const parsed = parseDate(values.consentGivenOn)
        if (parsed === undefined) errors.consentGivenOn = 'Enter the date consent was given, like 27/3/2026'
        else if (isAfterToday(parsed)) errors.consentGivenOn = 'The date consent was given must be today or in the past'
        else consentGivenOn = parsed
      } else if (values.lawfulReason === '') errors.lawfulReason = 'Enter the lawful reason for sharing without consent'
      if (Object.keys(errors).length > 0 || basis === undefined) return renderPartnerInvite(request, reply, familyId, values, errors)
      const result = await sharing.invitePartner(actorOf(request), familyId, { userId: values.partner, basis, consentGivenBy: values.consentGivenBy, consentGivenOn, lawfulReason: values.lawfulReason }, values.submissionId)
      if (result.outcome === 'refused') return renderPartnerInvite(request, reply, familyId, values, { [result.field]: result.reason })
      return reply.redirect(`/families/${familyId}/sharing?saved=partner-invited`, 303)
    })

    app.post('/families/:familyId/sharing/partners/:accessId/end', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = idParam(request, 'familyId')
      const reason = formText(request.body, 'reason', 30) === 'consent-withdrawn' ? 'consent-withdrawn' : 'invitation-ended'
      await sharing.endPartnerAccess(actorOf(request), familyId, idParam(request, 'accessId'), reason)
      return reply.redirect(`/families/${familyId}/sharing?saved=${reason}`, 303)
    })

    app.get('/join', { config: { access: allow.public } }, async (request, reply) => renderJoin(reply, { code: '', email: '' }))

    app.post('/join', { config: { access: allow.public } }, async (request, reply) => {
      const values = { code: normaliseCode(formText(request.body, 'code', 40)), email: formText(request.body, 'email', 320).toLowerCase() }
      const password = typeof (request.body as Record<string, unknown> | undefined)?.password === 'string' ? String((request.body as Record<string, unknown>).password).slice(0, 1024) : ''
      const confirm = typeof (request.body as Record<string, unknown> | undefined)?.confirmPassword === 'string' ? String((request.body as Record<string, unknown>).confirmPassword).slice(0, 1024) : ''
      const errors: Record<string, string> = {}
      if (values.code === '') errors.code = 'Enter the code from your letter or your worker'
      else if (!looksLikeCode(values.code)) errors.code = 'Enter the code as it is written: 12 letters and numbers, like K7QF-9XRT-M2PD'
      if (values.email === '') errors.email = 'Enter your email address'
      else if (!/^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/.test(values.email) || values.email.length > 254) errors.email = 'Enter an email address like name@example.com'
      const problem = password === '' ? 'Choose a password' : passwordProblem(password)
      if (problem !== undefined) errors.password = problem
      else if (confirm !== password) errors.confirmPassword = 'The two passwords are not the same'
      if (Object.keys(errors).length > 0) return renderJoin(reply, values, errors)
      const result = await sharing.join({ code: values.code, email: values.email, password, address: request.ip, requestId: request.id })
      if (result.outcome === 'refused') return renderJoin(reply, values, { [result.field]: result.reason })
      // 'email-in-use' too: the same answer, so a code does not reveal who has an account.
      return reply.redirect('/sign-in?joined=yes', 303)
    })
  }
}
