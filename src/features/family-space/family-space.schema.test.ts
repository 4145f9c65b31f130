import { describe, expect, it } from 'vitest'
import { FAMILY_SPACE_MESSAGES, parseCheckIn, parsePastDate, parseResponse, parseScale } from './family-space.schema.js'

const TODAY = '2026-11-26'
const RULE = '0b6f8a52-4a8e-4f7e-9d0a-2a4f3d1c9e11'

describe('what families send', () => {
  it('takes a date in the last year, not in the future', () => {
    expect(parsePastDate('21/11/2026', TODAY)).toEqual({ date: '2026-11-21' })
    expect(parsePastDate('', TODAY).error).toBe(FAMILY_SPACE_MESSAGES.dateMissing)
    expect(parsePastDate('31/2/2026', TODAY).error).toBe(FAMILY_SPACE_MESSAGES.dateInvalid)
    expect(parsePastDate('27/11/2026', TODAY).error).toBe(FAMILY_SPACE_MESSAGES.dateFuture)
    expect(parsePastDate('1/11/2025', TODAY).error).toBe(FAMILY_SPACE_MESSAGES.dateTooOld)
  })

  it('takes a scale from 0 to 10 with why and what one point higher would look like', () => {
    expect(parseScale({ score: '0', why: 'a', onePointHigher: 'b' }).fields).toEqual({ score: 0, why: 'a', onePointHigher: 'b' })
    expect(parseScale({ score: '10', why: 'a', onePointHigher: 'b' }).fields?.score).toBe(10)
    for (const score of ['', '11', '-1', '5.5', 'seven']) expect(parseScale({ score, why: 'a', onePointHigher: 'b' }).errors.score).toBe(FAMILY_SPACE_MESSAGES.scoreMissing)
    expect(parseScale({ score: '3', why: 'x'.repeat(2001), onePointHigher: 'b' }).errors.why).toBe(FAMILY_SPACE_MESSAGES.whyTooLong)
  })

  it('asks a parent only for the number', () => {
    const numberOnly = parseScale({ score: '4', why: '', onePointHigher: '' })
    expect(numberOnly.errors).toEqual({})
    expect(numberOnly.fields).toEqual({ score: 4, why: '', onePointHigher: '' })
    expect(parseScale({ score: '', why: '', onePointHigher: '' }).errors).toEqual({ score: FAMILY_SPACE_MESSAGES.scoreMissing })
  })

  it('takes a check-in on one rule, keeping what was typed when something is wrong', () => {
    const good = parseCheckIn({ rule: RULE, result: 'not-kept', checkedOn: '20/11/2026', note: 'Dad came round' }, TODAY)
    expect(good.fields).toEqual({ ruleId: RULE, result: 'not-kept', checkedOn: '2026-11-20', note: 'Dad came round' })
    const bad = parseCheckIn({ rule: 'nonsense', result: 'maybe', checkedOn: 'tomorrow', note: 'Kept' }, TODAY)
    expect(bad.fields).toBeUndefined()
    expect(Object.keys(bad.errors).sort()).toEqual(['checkedOn', 'result', 'rule'])
    expect(bad.values.note).toBe('Kept')
  })

  it('takes agreement with a version of the plan, or what they would change', () => {
    expect(parseResponse({ answer: 'agree', planVersion: '3' }).fields).toEqual({ answer: 'agree', change: '', planVersion: 3 })
    expect(parseResponse({ answer: 'change', change: 'More time with nan', planVersion: '3' }).fields).toEqual({ answer: 'change', change: 'More time with nan', planVersion: 3 })
    expect(parseResponse({ answer: 'change', change: '', planVersion: '3' }).errors.change).toBe(FAMILY_SPACE_MESSAGES.changeMissing)
    expect(parseResponse({ planVersion: '3' }).errors.answer).toBe(FAMILY_SPACE_MESSAGES.answerMissing)
  })
})
