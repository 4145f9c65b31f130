import { MAP_CATEGORIES, VOICE_KINDS, type MapCategory, type VoiceKind } from '../../db/schema/maps.js'
import { parseDate } from '../families/index.js'
import type { EntryFields } from './map.service.js'

export const MESSAGES = {
  textMissing: 'Enter what was said',
  textTooLong: 'Keep it to 4,000 characters or fewer: split it into more than one entry',
  voiceKindMissing: 'Select whose view this is',
  voiceNameMissing: 'Enter who said it, for example "Claire (mum)"',
  ownerMissing: 'Enter who will do this',
  dueInvalid: 'Enter a real date, like 27/3/2027',
} as const

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function field(body: unknown, name: string, max: number): string {
  if (typeof body !== 'object' || body === null) return ''
  const value = (body as Record<string, unknown>)[name]
  return typeof value === 'string' ? value.slice(0, max) : ''
}

export function isCategory(value: unknown): value is MapCategory {
  return typeof value === 'string' && (MAP_CATEGORIES as readonly string[]).includes(value)
}

export interface EntryFormValues { text: string; saidByKind: string; saidByName: string; owner: string; due: string; done: boolean; submissionId: string; baseVersion: string; statement: string }

export function readEntryForm(body: unknown): EntryFormValues {
  return {
    text: field(body, 'text', 5000).trim(), saidByKind: field(body, 'saidByKind', 40), saidByName: field(body, 'saidByName', 200).trim(),
    owner: field(body, 'owner', 200).trim(), due: field(body, 'due', 40).trim(), done: field(body, 'done', 10) === 'yes',
    submissionId: field(body, 'submissionId', 40), baseVersion: field(body, 'baseVersion', 10), statement: field(body, 'statement', 40),
  }
}

export function validateEntry(values: EntryFormValues, category: MapCategory): { fields?: EntryFields; errors: Record<string, string> } {
  const errors: Record<string, string> = {}
  if (values.text === '') errors.text = MESSAGES.textMissing
  else if (values.text.length > 4000) errors.text = MESSAGES.textTooLong
  if (!(VOICE_KINDS as readonly string[]).includes(values.saidByKind)) errors.saidByKind = MESSAGES.voiceKindMissing
  if (values.saidByName === '') errors.saidByName = MESSAGES.voiceNameMissing
  let dueOn: string | null = null
  if (category === 'next-step') {
    if (values.owner === '') errors.owner = MESSAGES.ownerMissing
    if (values.due !== '') {
      const parsed = parseDate(values.due)
      if (parsed === undefined) errors.due = MESSAGES.dueInvalid
      else dueOn = parsed
    }
  }
  if (Object.keys(errors).length > 0) return { errors }
  return {
    errors,
    fields: {
      text: values.text, saidBy: { kind: values.saidByKind as VoiceKind, name: values.saidByName },
      owner: category === 'next-step' ? values.owner : null, dueOn, done: category === 'next-step' && values.done,
    },
  }
}

export function isSubmissionId(value: string): boolean {
  return UUID.test(value)
}
