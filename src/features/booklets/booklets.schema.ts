import { clip } from '../../platform/http/form.js'
import { isAfterToday } from '../../platform/time.js'
import type { CleanedPicture, PictureInput } from '../pictures/index.js'
import { parseDate } from '../families/index.js'

export const MAX_TITLE = 120
export const MAX_PAGE_TEXT = 1000
export const MAX_DESCRIPTION = 200
export const MAX_COMMENTS = 4000
export const MAX_CHILD_WORDS = 2000

export const BOOKLET_MESSAGES = {
  replyMissing: 'Enter your reply',
  replyTooLong: 'Your reply must be 2,000 characters or fewer',
  titleMissing: 'Enter a title for the booklet, for example "Leo\'s words and pictures"',
  titleTooLong: 'The title must be 120 characters or fewer',
  textMissing: 'Enter the words for this page',
  textTooLong: 'A page must be 1,000 characters or fewer: keep to one idea a page and put the rest on a new page',
  descriptionMissing: 'Say in a few words what the picture shows, for people who cannot see it',
  descriptionTooLong: 'The description of the picture must be 200 characters or fewer',
  pictureAgain: 'Choose the picture again: pictures are not kept when there is a problem with the form',
  parentMissing: 'Select which parent or carer the comments are from',
  parentNameMissing: 'Enter the name of the parent or carer',
  respondedOnInvalid: 'Enter the date they gave their comments, like 27/3/2026',
  agreesMissing: 'Select whether they agree with this version',
  commentsMissing: 'Enter what they would like changed: comments are needed when they do not agree',
  commentsTooLong: 'Comments must be 4,000 characters or fewer',
  sharedOnInvalid: 'Enter the date it was shared with the child, like 27/3/2026',
  howMissing: 'Enter how it was shared, for example "Read together at home"',
  howTooLong: 'How it was shared must be 200 characters or fewer',
  sharedByMissing: 'Enter who shared it, for example "Claire (mum) with Sam (worker)"',
  sharedByTooLong: 'Who shared it must be 200 characters or fewer',
  addedOnInvalid: 'Enter the date the child made or said this, like 27/3/2026',
  additionEmpty: 'Write down the child\'s words, or add their drawing, or both',
  wordsTooLong: 'The child\'s words must be 2,000 characters or fewer: add the rest as another addition',
  parentsMaySeeMissing: 'Select whether the child is happy for their parents to see this',
  dateInFuture: 'The date must be today or in the past',
} as const

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isSubmissionId(value: string): boolean {
  return UUID.test(value)
}

/** A whole number as typed in a URL or hidden field, or undefined. */
export function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'string' && /^\d{1,9}$/.test(value) && Number(value) > 0 ? Number(value) : undefined
}

/**
 * A text field of a form, trimmed. Longer text than a field allows is kept (up to a generous limit)
 * so that the form can say it is too long and give it all back.
 */
function field(body: unknown, name: string, keep: number): string {
  if (typeof body !== 'object' || body === null) return ''
  const value = (body as Record<string, unknown>)[name]
  return typeof value === 'string' ? clip(value, keep).trim() : ''
}

/** A date that must be real and not in the future (after today in London); the error says which it is. */
function pastDate(typed: string, invalid: string, errors: Record<string, string>, name: string): string | undefined {
  const parsed = parseDate(typed)
  if (parsed === undefined) errors[name] = invalid
  else if (isAfterToday(parsed)) errors[name] = BOOKLET_MESSAGES.dateInFuture
  return parsed !== undefined && !isAfterToday(parsed) ? parsed : undefined
}

/** A new picture with the words that describe it (its alternative text). */
export interface NewPicture { picture: CleanedPicture; source: 'upload' | 'drawn'; description: string }

/**
 * The picture part of a form. Pictures cannot be given back to the browser, so whenever the form has
 * another problem, the person is told to choose the picture again.
 */
function checkPicture(input: PictureInput, description: string, errors: Record<string, string>): NewPicture | undefined {
  if (input.kind === 'error') {
    errors.picture = input.message
    return undefined
  }
  if (input.kind === 'none') return undefined
  if (description === '') errors.description = BOOKLET_MESSAGES.descriptionMissing
  else if (description.length > MAX_DESCRIPTION) errors.description = BOOKLET_MESSAGES.descriptionTooLong
  return { picture: input.picture, source: input.source, description }
}

function finishPicture(input: PictureInput, errors: Record<string, string>): void {
  if (input.kind === 'picture' && Object.keys(errors).length > 0) errors.picture = BOOKLET_MESSAGES.pictureAgain
}

/** Errors in the order the fields appear on the page, so the summary reads top to bottom. */
function ordered(errors: Record<string, string>, order: readonly string[]): Record<string, string> {
  return Object.fromEntries([...order.filter((name) => name in errors), ...Object.keys(errors).filter((name) => !order.includes(name))]
    .map((name) => [name, errors[name] ?? '']))
}

// A page: its words, and a picture (new, kept, or removed).

export interface PageFormValues { text: string; description: string; removePicture: boolean; submissionId: string; baseVersion: string }

export function readPageForm(body: unknown): PageFormValues {
  return {
    text: field(body, 'text', 5000), description: field(body, 'description', 1000), removePicture: field(body, 'removePicture', 10) === 'yes',
    submissionId: field(body, 'submissionId', 40), baseVersion: field(body, 'baseVersion', 10),
  }
}

function checkText(text: string, errors: Record<string, string>): void {
  if (text === '') errors.text = BOOKLET_MESSAGES.textMissing
  else if (text.length > MAX_PAGE_TEXT) errors.text = BOOKLET_MESSAGES.textTooLong
}

export function validatePage(values: PageFormValues, input: PictureInput): { fields?: { text: string; newPicture?: NewPicture }; errors: Record<string, string> } {
  const errors: Record<string, string> = {}
  checkText(values.text, errors)
  const newPicture = checkPicture(input, values.description, errors)
  finishPicture(input, errors)
  if (Object.keys(errors).length > 0) return { errors: ordered(errors, ['text', 'picture', 'description']) }
  return { errors, fields: { text: values.text, ...(newPicture === undefined ? {} : { newPicture }) } }
}

// Starting a booklet: its title and first page.

export interface StartFormValues extends PageFormValues { title: string; child: string }

export function readStartForm(body: unknown): StartFormValues {
  return { ...readPageForm(body), title: field(body, 'title', 1000), child: field(body, 'child', 40) }
}

export function validateStart(values: StartFormValues, input: PictureInput): { fields?: { title: string; text: string; newPicture?: NewPicture }; errors: Record<string, string> } {
  const errors: Record<string, string> = {}
  if (values.title === '') errors.title = BOOKLET_MESSAGES.titleMissing
  else if (values.title.length > MAX_TITLE) errors.title = BOOKLET_MESSAGES.titleTooLong
  checkText(values.text, errors)
  const newPicture = checkPicture(input, values.description, errors)
  finishPicture(input, errors)
  if (Object.keys(errors).length > 0) return { errors: ordered(errors, ['title', 'text', 'picture', 'description']) }
  return { errors, fields: { title: values.title, text: values.text, ...(newPicture === undefined ? {} : { newPicture }) } }
}

// A parent's comments on a version, and whether they agree.

export const OTHER_PARENT = 'someone-else'

export interface ResponseFormValues { parent: string; otherName: string; respondedOn: string; agrees: string; comments: string; version: string; submissionId: string }

export function readResponseForm(body: unknown): ResponseFormValues {
  return {
    parent: field(body, 'parent', 200), otherName: field(body, 'otherName', 1000), respondedOn: field(body, 'respondedOn', 40), agrees: field(body, 'agrees', 10),
    comments: field(body, 'comments', 10_000), version: field(body, 'version', 10), submissionId: field(body, 'submissionId', 40),
  }
}

export interface ResponseFields { parentName: string; respondedOn: string; agrees: boolean; comments: string; version: number }

export function validateResponse(values: ResponseFormValues, parentNames: readonly string[]): { fields?: ResponseFields; errors: Record<string, string> } {
  const errors: Record<string, string> = {}
  let parentName = ''
  if (values.parent === OTHER_PARENT) {
    parentName = values.otherName
    if (parentName === '') errors.otherName = BOOKLET_MESSAGES.parentNameMissing
    else if (parentName.length > 200) errors.otherName = 'The name must be 200 characters or fewer'
  } else if (parentNames.includes(values.parent)) {
    parentName = values.parent
  } else {
    errors.parent = BOOKLET_MESSAGES.parentMissing
  }
  const respondedOn = pastDate(values.respondedOn, BOOKLET_MESSAGES.respondedOnInvalid, errors, 'respondedOn')
  if (values.agrees !== 'yes' && values.agrees !== 'no') errors.agrees = BOOKLET_MESSAGES.agreesMissing
  if (values.comments.length > MAX_COMMENTS) errors.comments = BOOKLET_MESSAGES.commentsTooLong
  else if (values.agrees === 'no' && values.comments === '') errors.comments = BOOKLET_MESSAGES.commentsMissing
  const version = positiveInteger(values.version)
  if (Object.keys(errors).length > 0 || respondedOn === undefined || version === undefined) {
    return { errors: ordered(errors, ['parent', 'otherName', 'respondedOn', 'agrees', 'comments']) }
  }
  return { errors, fields: { parentName, respondedOn, agrees: values.agrees === 'yes', comments: values.comments, version } }
}

// When, how and by whom a version was shared with the child.

export interface ShareFormValues { sharedOn: string; how: string; sharedBy: string; version: string; submissionId: string }

export function readShareForm(body: unknown): ShareFormValues {
  return {
    sharedOn: field(body, 'sharedOn', 40), how: field(body, 'how', 1000), sharedBy: field(body, 'sharedBy', 1000),
    version: field(body, 'version', 10), submissionId: field(body, 'submissionId', 40),
  }
}

export interface ShareFields { sharedOn: string; how: string; sharedBy: string; version: number }

export function validateShare(values: ShareFormValues): { fields?: ShareFields; errors: Record<string, string> } {
  const errors: Record<string, string> = {}
  const sharedOn = pastDate(values.sharedOn, BOOKLET_MESSAGES.sharedOnInvalid, errors, 'sharedOn')
  if (values.how === '') errors.how = BOOKLET_MESSAGES.howMissing
  else if (values.how.length > 200) errors.how = BOOKLET_MESSAGES.howTooLong
  if (values.sharedBy === '') errors.sharedBy = BOOKLET_MESSAGES.sharedByMissing
  else if (values.sharedBy.length > 200) errors.sharedBy = BOOKLET_MESSAGES.sharedByTooLong
  const version = positiveInteger(values.version)
  if (Object.keys(errors).length > 0 || sharedOn === undefined || version === undefined) return { errors }
  return { errors, fields: { sharedOn, how: values.how, sharedBy: values.sharedBy, version } }
}

// The child's own additions: their words, their drawing, and their choice about their parents.

export interface AdditionFormValues { addedOn: string; words: string; description: string; parentsMaySee: string; submissionId: string }

export function readAdditionForm(body: unknown): AdditionFormValues {
  return {
    addedOn: field(body, 'addedOn', 40), words: field(body, 'words', 10_000), description: field(body, 'description', 1000),
    parentsMaySee: field(body, 'parentsMaySee', 10), submissionId: field(body, 'submissionId', 40),
  }
}

export interface AdditionFields { addedOn: string; words: string; parentsMaySee: boolean; newPicture?: NewPicture }

export function validateAddition(values: AdditionFormValues, input: PictureInput): { fields?: AdditionFields; errors: Record<string, string> } {
  const errors: Record<string, string> = {}
  const addedOn = pastDate(values.addedOn, BOOKLET_MESSAGES.addedOnInvalid, errors, 'addedOn')
  if (values.words.length > MAX_CHILD_WORDS) errors.words = BOOKLET_MESSAGES.wordsTooLong
  else if (values.words === '' && input.kind === 'none') errors.words = BOOKLET_MESSAGES.additionEmpty
  const newPicture = checkPicture(input, values.description, errors)
  if (values.parentsMaySee !== 'yes' && values.parentsMaySee !== 'no') errors.parentsMaySee = BOOKLET_MESSAGES.parentsMaySeeMissing
  finishPicture(input, errors)
  if (Object.keys(errors).length > 0 || addedOn === undefined) return { errors: ordered(errors, ['addedOn', 'words', 'picture', 'description', 'parentsMaySee']) }
  return { errors, fields: { addedOn, words: values.words, parentsMaySee: values.parentsMaySee === 'yes', ...(newPicture === undefined ? {} : { newPicture }) } }
}

export interface ReplyFormValues { text: string; submissionId: string }

/** A worker's reply to what the family said: the words, kept as typed (one character over, so that too long is said, not cut). */
export function readReplyForm(body: unknown): { values: ReplyFormValues; errors: Record<string, string>; text?: string } {
  const raw = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).reply : undefined
  const submitted = (body as Record<string, unknown> | null | undefined)?.submissionId
  const values = { text: typeof raw === 'string' ? raw.trim().slice(0, 2001) : '', submissionId: typeof submitted === 'string' ? submitted.slice(0, 40) : '' }
  const errors: Record<string, string> = {}
  if (values.text === '') errors.reply = BOOKLET_MESSAGES.replyMissing
  else if (values.text.length > 2000) errors.reply = BOOKLET_MESSAGES.replyTooLong
  return { values, errors, text: Object.keys(errors).length === 0 ? values.text : undefined }
}
