import type { FastifyInstance } from 'fastify'
import { allow } from '../../platform/access/policy.js'
import { actorOf } from '../../platform/http/request.js'
import { STAFF_ROLE_NAMES, presentErrors } from '../../platform/views/presenters.js'
import type { UserRole } from '../../db/schema/organisations.js'
import { OPTIONAL_SECOND_FACTOR_ROLES, type SettingsService } from './settings.service.js'
import { parseUkPhone } from '../../platform/phone.js'

const administrators = allow.staff('organisation-administrator')

export const OUT_OF_HOURS_MESSAGES = {
  phoneInvalid: 'Enter the out-of-hours number as a UK phone number, like 01632 960 999',
  textTooLong: 'What else families should know out of hours must be 500 characters or fewer',
} as const

interface FamilyFields { minimumAge: string; graceDays: string; outOfHoursPhone: string; outOfHoursText: string }
const NO_FAMILY_FIELDS: FamilyFields = { minimumAge: '', graceDays: '', outOfHoursPhone: '', outOfHoursText: '' }

function bodyText(body: Record<string, unknown> | undefined, name: string, max: number): string | undefined {
  const value = body?.[name]
  return typeof value === 'string' ? value.trim().slice(0, max) : undefined
}

export function settingsRoutes(deps: { settings: SettingsService }) {
  const render = (roles: UserRole[], saved: boolean, threshold: string, family: FamilyFields = NO_FAMILY_FIELDS, approval = '') => ({
    saved, threshold, family,
    approvalItems: [
      { value: 'yes', text: 'Yes, a team manager approves them first', checked: approval === 'yes' },
      { value: 'no', text: 'No, the practitioner decides', checked: approval === 'no' },
    ],
    items: OPTIONAL_SECOND_FACTOR_ROLES.map((role) => ({ value: role, text: STAFF_ROLE_NAMES[role], checked: roles.includes(role) })),
  })
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/admin/settings', { config: { access: administrators } }, async (request, reply) => {
      const roles = await deps.settings.secondFactorRoles(actorOf(request))
      const numbers = await deps.settings.familySettings(actorOf(request))
      const { saved } = request.query as { saved?: string }
      return reply.view('settings/views/settings.njk', render(roles, saved === 'yes', String(numbers.readinessThreshold), {
        minimumAge: String(numbers.youngPersonMinimumAge), graceDays: String(numbers.familyAccessGraceDays), outOfHoursPhone: numbers.outOfHoursPhone, outOfHoursText: numbers.outOfHoursText,
      }, numbers.stepDownNeedsApproval ? 'yes' : 'no'))
    })

    app.post('/admin/settings', { config: { access: administrators } }, async (request, reply) => {
      const body = request.body as Record<string, unknown> | undefined
      const raw = body?.roles
      const submitted = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((value): value is string => typeof value === 'string')
      const unknown = submitted.filter((role) => !(OPTIONAL_SECOND_FACTOR_ROLES as readonly string[]).includes(role))
      // The threshold is optional in the form's body, so older clients that send only roles still work.
      const thresholdText = typeof body?.readinessThreshold === 'string' ? body.readinessThreshold.trim().slice(0, 10) : undefined
      const thresholdValid = thresholdText === undefined || /^(10|[0-9])$/.test(thresholdText)
      const ageText = typeof body?.youngPersonMinimumAge === 'string' ? body.youngPersonMinimumAge.trim().slice(0, 10) : undefined
      const graceText = typeof body?.familyAccessGraceDays === 'string' ? body.familyAccessGraceDays.trim().slice(0, 10) : undefined
      const ageValid = ageText === undefined || (/^\d{1,2}$/.test(ageText) && Number(ageText) >= 8 && Number(ageText) <= 18)
      const approvalText = typeof body?.stepDownApproval === 'string' ? body.stepDownApproval : undefined
      const approvalValid = approvalText === undefined || approvalText === 'yes' || approvalText === 'no'
      const graceValid = graceText === undefined || (/^\d{1,3}$/.test(graceText) && Number(graceText) <= 365)
      // Both out-of-hours fields are optional in the body too; an empty number means none is given.
      const phoneText = bodyText(body, 'outOfHoursPhone', 40)
      const hoursText = bodyText(body, 'outOfHoursText', 501)
      const phone = phoneText === undefined || phoneText === '' ? phoneText : parseUkPhone(phoneText)
      const phoneValid = phoneText === undefined || phone !== undefined
      const hoursValid = hoursText === undefined || hoursText.length <= 500
      if (unknown.length > 0 || !thresholdValid || !ageValid || !graceValid || !phoneValid || !hoursValid || !approvalValid) {
        const errors: Record<string, string> = {}
        if (unknown.length > 0) errors.roles = 'Select roles from the list'
        if (!thresholdValid) errors.readinessThreshold = 'Enter a whole number from 0 to 10'
        if (!ageValid) errors.youngPersonMinimumAge = 'Enter an age from 8 to 18'
        if (!graceValid) errors.familyAccessGraceDays = 'Enter a number of days from 0 to 365'
        if (!phoneValid) errors.outOfHoursPhone = OUT_OF_HOURS_MESSAGES.phoneInvalid
        if (!hoursValid) errors.outOfHoursText = OUT_OF_HOURS_MESSAGES.textTooLong
        if (!approvalValid) errors.stepDownApproval = 'Select whether a team manager approves step-downs and closures'
        return reply.code(400).view('settings/views/settings.njk', {
          ...render(submitted.filter((role): role is UserRole => !unknown.includes(role)), false, thresholdText ?? '', { minimumAge: ageText ?? '', graceDays: graceText ?? '', outOfHoursPhone: phoneText ?? '', outOfHoursText: hoursText ?? '' }, approvalValid ? approvalText ?? '' : ''),
          ...presentErrors(errors),
        })
      }
      await deps.settings.setSecondFactorRoles(actorOf(request), submitted as UserRole[])
      if (thresholdText !== undefined) await deps.settings.setReadinessThreshold(actorOf(request), Number(thresholdText))
      if (ageText !== undefined && graceText !== undefined) {
        await deps.settings.setFamilyAccess(actorOf(request), { youngPersonMinimumAge: Number(ageText), familyAccessGraceDays: Number(graceText) })
      }
      if (phone !== undefined && hoursText !== undefined) await deps.settings.setOutOfHours(actorOf(request), { outOfHoursPhone: phone, outOfHoursText: hoursText })
      if (approvalText !== undefined) await deps.settings.setStepDownApproval(actorOf(request), approvalText === 'yes')
      return reply.redirect('/admin/settings?saved=yes', 303)
    })
  }
}
