/** The feedback form's limits and messages, in words a family understands. */
export const FEEDBACK_LIMITS = { whatWentWrong: 1200, whatTheyWereDoing: 1200, contactEmail: 254 } as const

export const FEEDBACK_MESSAGES = {
  whatWentWrongMissing: 'Tell us what went wrong',
  whatWentWrongTooLong: `What went wrong must be ${String(FEEDBACK_LIMITS.whatWentWrong)} characters or fewer`,
  whatTheyWereDoingMissing: 'Tell us what you were trying to do',
  whatTheyWereDoingTooLong: `What you were trying to do must be ${String(FEEDBACK_LIMITS.whatTheyWereDoing)} characters or fewer`,
  contactEmailInvalid: 'Enter an email address in the right format, like name@example.com',
  contactEmailTooLong: `Your email address must be ${String(FEEDBACK_LIMITS.contactEmail)} characters or fewer`,
} as const

export interface FeedbackFields { whatWentWrong: string; whatTheyWereDoing: string; contactEmail: string | null }

function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name]
  // Kept a little past the limit, so that the message about the limit shows what was typed.
  return typeof value === 'string' ? value.trim().slice(0, 5000) : ''
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function parseFeedback(body: unknown): { values: Record<string, string>; errors: Record<string, string>; fields?: FeedbackFields } {
  const values = { whatWentWrong: field(body, 'whatWentWrong'), whatTheyWereDoing: field(body, 'whatTheyWereDoing'), contactEmail: field(body, 'contactEmail') }
  const errors: Record<string, string> = {}
  if (values.whatWentWrong === '') errors.whatWentWrong = FEEDBACK_MESSAGES.whatWentWrongMissing
  else if (Array.from(values.whatWentWrong).length > FEEDBACK_LIMITS.whatWentWrong) errors.whatWentWrong = FEEDBACK_MESSAGES.whatWentWrongTooLong
  if (values.whatTheyWereDoing === '') errors.whatTheyWereDoing = FEEDBACK_MESSAGES.whatTheyWereDoingMissing
  else if (Array.from(values.whatTheyWereDoing).length > FEEDBACK_LIMITS.whatTheyWereDoing) errors.whatTheyWereDoing = FEEDBACK_MESSAGES.whatTheyWereDoingTooLong
  if (values.contactEmail.length > FEEDBACK_LIMITS.contactEmail) errors.contactEmail = FEEDBACK_MESSAGES.contactEmailTooLong
  else if (values.contactEmail !== '' && !EMAIL.test(values.contactEmail)) errors.contactEmail = FEEDBACK_MESSAGES.contactEmailInvalid
  if (Object.keys(errors).length > 0) return { values, errors }
  return { values, errors, fields: { whatWentWrong: values.whatWentWrong, whatTheyWereDoing: values.whatTheyWereDoing, contactEmail: values.contactEmail === '' ? null : values.contactEmail } }
}
