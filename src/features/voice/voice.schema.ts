import { CHILD_TOOLS, type ChildTool } from '../../db/schema/voice.js'
import { formChoice, formText } from '../../platform/http/form.js'
import { parseDate } from '../families/index.js'
import { partOf } from './voice.vocabulary.js'
import { isAfterToday } from '../../platform/time.js'

export const VOICE_MESSAGES = {
  toolMissing: 'Select which tool you used',
  dateInvalid: 'Enter the date of the session, like 27/3/2026',
  dateFuture: 'The date of the session must be today or in the past',
  whoMissing: 'Enter who was there, for example "Ava, Sam (social worker)"',
  pathInvalid: 'Enter where the child put themselves on the path: a number from 0 to 10',
  partMissing: 'Select which part of the tool this is from',
  wordsMissing: 'Enter the child\'s exact words, or add their picture',
  wordsTooLong: 'Keep it to 2,000 characters or fewer: add more as another item',
  describeMissing: 'Describe the picture in a few words, for people who cannot see it',
  sharingMissing: 'Select who the child wants to see this',
  columnMissing: 'Select where on the map to put the child\'s words',
  reasonMissing: 'Enter why the child\'s own view is not recorded',
  observedMissing: 'Enter how the child\'s experience was observed',
} as const

export const SHARING_CHOICES = ['parents-and-network', 'parents', 'network', 'workers'] as const
export type SharingChoice = (typeof SHARING_CHOICES)[number]

export function sharingOf(choice: SharingChoice): { parentsMaySee: boolean; networkMaySee: boolean } {
  return { parentsMaySee: choice === 'parents-and-network' || choice === 'parents', networkMaySee: choice === 'parents-and-network' || choice === 'network' }
}

export function choiceOf(parentsMaySee: boolean, networkMaySee: boolean): SharingChoice {
  if (parentsMaySee && networkMaySee) return 'parents-and-network'
  if (parentsMaySee) return 'parents'
  return networkMaySee ? 'network' : 'workers'
}


export function parseSession(body: unknown) {
  const values = { tool: formText(body, 'tool', 30), heldOn: formText(body, 'heldOn', 30), whoWasThere: formText(body, 'whoWasThere', 1000), pathPosition: formText(body, 'pathPosition', 10) }
  const errors: Record<string, string> = {}
  const tool = formChoice<ChildTool>(body, 'tool', CHILD_TOOLS)
  if (tool === undefined) errors.tool = VOICE_MESSAGES.toolMissing
  const heldOn = parseDate(values.heldOn)
  if (heldOn === undefined) errors.heldOn = VOICE_MESSAGES.dateInvalid
  else if (isAfterToday(heldOn)) errors.heldOn = VOICE_MESSAGES.dateFuture
  if (values.whoWasThere === '') errors.whoWasThere = VOICE_MESSAGES.whoMissing
  let pathPosition: number | null = null
  if (tool === 'safety-house' && values.pathPosition !== '') {
    if (!/^\d{1,2}$/.test(values.pathPosition) || Number(values.pathPosition) > 10) errors.pathPosition = VOICE_MESSAGES.pathInvalid
    else pathPosition = Number(values.pathPosition)
  }
  if (Object.keys(errors).length > 0 || tool === undefined || heldOn === undefined) return { values, errors }
  return { values, errors, fields: { tool, heldOn, whoWasThere: values.whoWasThere, pathPosition } }
}

/** The words part of an item form; the picture is read and cleaned separately. */
export function parseWords(body: unknown, tool: ChildTool, hasPicture: boolean) {
  const values = { part: formText(body, 'part', 40), words: formText(body, 'words', 2100), pictureDescription: formText(body, 'pictureDescription', 300), sharing: formText(body, 'sharing', 40) }
  const errors: Record<string, string> = {}
  if (partOf(tool, values.part) === undefined) errors.part = VOICE_MESSAGES.partMissing
  if (values.words === '' && !hasPicture) errors.words = VOICE_MESSAGES.wordsMissing
  else if (values.words.length > 2000) errors.words = VOICE_MESSAGES.wordsTooLong
  if (hasPicture && values.pictureDescription === '') errors.pictureDescription = VOICE_MESSAGES.describeMissing
  const sharing = formChoice<SharingChoice>(body, 'sharing', SHARING_CHOICES)
  if (sharing === undefined) errors.sharing = VOICE_MESSAGES.sharingMissing
  if (Object.keys(errors).length > 0 || sharing === undefined) return { values, errors }
  return { values, errors, fields: { part: values.part, words: values.words, pictureDescription: values.pictureDescription, ...sharingOf(sharing) } }
}
