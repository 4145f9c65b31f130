import { describe, expect, it } from 'vitest'
import { testPng } from '../../../test/support/pictures.js'
import { cleanImage, type CleanedPicture } from '../pictures/index.js'
import type { PictureInput } from '../pictures/index.js'
import {
  BOOKLET_MESSAGES, OTHER_PARENT, readAdditionForm, readPageForm, readResponseForm, readShareForm, readStartForm,
  validateAddition, validatePage, validateResponse, validateShare, validateStart,
} from './booklets.schema.js'
import { agreedVersions } from './booklets.service.js'

function cleaned(): CleanedPicture {
  const result = cleanImage(testPng())
  if (!result.ok) throw new Error(result.message)
  return result
}

const none: PictureInput = { kind: 'none' }
const picture = (): PictureInput => ({ kind: 'picture', picture: cleaned(), source: 'upload' })

describe('a page of a booklet', () => {
  it('needs words, of 1,000 characters at most, keeping all that was typed', () => {
    expect(validatePage(readPageForm({ text: '   ' }), none).errors).toEqual({ text: BOOKLET_MESSAGES.textMissing })
    const long = 'a'.repeat(1001)
    const values = readPageForm({ text: long })
    expect(values.text).toBe(long)
    expect(validatePage(values, none).errors).toEqual({ text: BOOKLET_MESSAGES.textTooLong })
    expect(validatePage(readPageForm({ text: 'a'.repeat(1000) }), none).fields?.text).toHaveLength(1000)
  })

  it('needs a description when there is a picture, and then asks for the picture again', () => {
    const result = validatePage(readPageForm({ text: 'Sam is a helper.', description: '' }), picture())
    expect(result.fields).toBeUndefined()
    expect(Object.keys(result.errors)).toEqual(['picture', 'description'])
    expect(result.errors.picture).toBe(BOOKLET_MESSAGES.pictureAgain)
    const saved = validatePage(readPageForm({ text: 'Sam is a helper.', description: 'Sam waving' }), picture())
    expect(saved.fields?.newPicture?.description).toBe('Sam waving')
  })

  it('says what is wrong with the picture itself', () => {
    const result = validatePage(readPageForm({ text: 'Sam is a helper.' }), { kind: 'error', message: 'This file is not a picture' })
    expect(result.errors).toEqual({ picture: 'This file is not a picture' })
  })

  it('lists the start form\'s problems in the order of its fields', () => {
    const result = validateStart(readStartForm({ title: '', text: '', description: '' }), picture())
    expect(Object.keys(result.errors)).toEqual(['title', 'text', 'picture', 'description'])
  })

  it('ignores anything that is not text, such as an uploaded file in a text field', () => {
    expect(readPageForm({ text: { kind: 'uploaded-file' }, submissionId: ['a', 'b'] })).toMatchObject({ text: '', submissionId: '' })
  })
})

describe('a parent\'s comments', () => {
  const parents = ['Claire Ashworth', 'Dean Ashworth']

  it('needs who, when and whether they agree; comments only when they do not agree', () => {
    const empty = validateResponse(readResponseForm({ version: '2' }), parents)
    expect(Object.keys(empty.errors)).toEqual(['parent', 'respondedOn', 'agrees'])
    const disagrees = validateResponse(readResponseForm({ version: '2', parent: 'Claire Ashworth', respondedOn: '3/11/2026', agrees: 'no', comments: '' }), parents)
    expect(disagrees.errors).toEqual({ comments: BOOKLET_MESSAGES.commentsMissing })
    const agrees = validateResponse(readResponseForm({ version: '2', parent: 'Claire Ashworth', respondedOn: '3/11/2026', agrees: 'yes' }), parents)
    expect(agrees.fields).toEqual({ parentName: 'Claire Ashworth', respondedOn: '2026-11-03', agrees: true, comments: '', version: 2 })
  })

  it('takes someone else\'s name, but only a name from the list otherwise', () => {
    expect(validateResponse(readResponseForm({ version: '1', parent: 'Someone Unknown', respondedOn: '3/11/2026', agrees: 'yes' }), parents).errors)
      .toEqual({ parent: BOOKLET_MESSAGES.parentMissing })
    expect(validateResponse(readResponseForm({ version: '1', parent: OTHER_PARENT, otherName: '', respondedOn: '3/11/2026', agrees: 'yes' }), parents).errors)
      .toEqual({ otherName: BOOKLET_MESSAGES.parentNameMissing })
    expect(validateResponse(readResponseForm({ version: '1', parent: OTHER_PARENT, otherName: 'Jean Pollard (gran)', respondedOn: '3/11/2026', agrees: 'yes' }), parents).fields?.parentName)
      .toBe('Jean Pollard (gran)')
  })

  it('refuses a date that is not real or is in the future', () => {
    expect(validateResponse(readResponseForm({ version: '1', parent: 'Dean Ashworth', respondedOn: '31/2/2026', agrees: 'yes' }), parents).errors)
      .toEqual({ respondedOn: BOOKLET_MESSAGES.respondedOnInvalid })
    expect(validateResponse(readResponseForm({ version: '1', parent: 'Dean Ashworth', respondedOn: '1/1/2099', agrees: 'yes' }), parents).errors)
      .toEqual({ respondedOn: BOOKLET_MESSAGES.dateInFuture })
  })
})

describe('sharing with the child, and the child\'s additions', () => {
  it('needs when, how and by whom it was shared', () => {
    expect(Object.keys(validateShare(readShareForm({ version: '1' })).errors)).toEqual(['sharedOn', 'how', 'sharedBy'])
    expect(validateShare(readShareForm({ version: '1', sharedOn: '2026-11-20', how: 'Read together at home', sharedBy: 'Claire (mum)' })).fields)
      .toEqual({ sharedOn: '2026-11-20', how: 'Read together at home', sharedBy: 'Claire (mum)', version: 1 })
  })

  it('needs the child\'s words or drawing, and the child\'s own choice about their parents', () => {
    expect(validateAddition(readAdditionForm({ addedOn: '20/11/2026' }), none).errors)
      .toEqual({ words: BOOKLET_MESSAGES.additionEmpty, parentsMaySee: BOOKLET_MESSAGES.parentsMaySeeMissing })
    expect(validateAddition(readAdditionForm({ addedOn: '20/11/2026', parentsMaySee: 'no', description: 'Leo\'s house' }), picture()).fields)
      .toMatchObject({ words: '', parentsMaySee: false, newPicture: { description: 'Leo\'s house', source: 'upload' } })
  })
})

describe('agreement', () => {
  it('needs at least one response to a version, and every one of them to agree', () => {
    const agreed = agreedVersions([
      { version: 1, agrees: true }, { version: 1, agrees: false },
      { version: 2, agrees: true }, { version: 2, agrees: true },
      { version: 3, agrees: false },
    ])
    expect([...agreed]).toEqual([2])
    expect(agreedVersions([]).size).toBe(0)
  })
})
