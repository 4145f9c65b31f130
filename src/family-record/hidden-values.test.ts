import { describe, expect, it } from 'vitest'
import { HIDDEN_TEXT, hiddenPartsWarning, hiddenValueMatcher } from './hidden-values.js'

const ADDRESS = '4 Heron Court\nTarnbeck\nFS3 7QT'
const address = hiddenValueMatcher([{ value: ADDRESS, hiddenFrom: ['Dean Ashworth'] }])

describe('finding every part of a hidden value', () => {
  it('blanks the whole address as one, however its lines were typed', () => {
    expect(address.blank('Meet at 4 heron court,  Tarnbeck FS3 7QT please')).toBe(`Meet at ${HIDDEN_TEXT} please`)
    expect(address.blank('4 Heron Court, Tarnbeck, FS3 7QT')).toBe(HIDDEN_TEXT)
  })

  it('blanks the street without its number, the town and the number with its street, each on its own', () => {
    expect(address.blank('We met at Heron Court in Tarnbeck')).toBe(`We met at ${HIDDEN_TEXT} in ${HIDDEN_TEXT}`)
    expect(address.blank('Claire lives at 4 Heron Court now')).toBe(`Claire lives at ${HIDDEN_TEXT} now`)
    expect(address.blank('near heron ct. and the park')).toBe(`near ${HIDDEN_TEXT} and the park`)
    expect(address.blank('TARNBECK')).toBe(HIDDEN_TEXT)
    expect(address.blank('The family moved to tarnbeck.')).toBe(`The family moved to ${HIDDEN_TEXT}.`)
  })

  it('blanks a postcode in any spacing or case, and its district', () => {
    for (const typed of ['FS3 7QT', 'fs37qt', 'FS3  7qt', 'Fs3 7Qt']) expect(address.blank(`postcode ${typed}.`), typed).toBe(`postcode ${HIDDEN_TEXT}.`)
    expect(address.blank('somewhere in FS3')).toBe(`somewhere in ${HIDDEN_TEXT}`)
  })

  it('blanks a phone number in any spacing, with +44 or 0044, and only as a whole number', () => {
    const phone = hiddenValueMatcher(['07700 900158'])
    for (const typed of ['07700 900158', '07700900158', '0770 090 0158', '+44 7700 900158', '+447700900158', '+44 (0)7700 900158', '0044 7700 900158', '07700-900-158', '(07700) 900158']) {
      expect(phone.blank(`ring ${typed} after six`), typed).toBe(`ring ${HIDDEN_TEXT} after six`)
    }
    expect(phone.blank('case 1077009001589')).toBe('case 1077009001589')
    expect(phone.blank('07700 900159')).toBe('07700 900159')
    expect(hiddenValueMatcher(['+44 7700 900158']).blank('call 07700 900158')).toBe(`call ${HIDDEN_TEXT}`)
  })

  it('blanks an email address in any case', () => {
    const email = hiddenValueMatcher(['claire.safe@example.com'])
    expect(email.blank('Email Claire.Safe@Example.com for a time')).toBe(`Email ${HIDDEN_TEXT} for a time`)
  })

  it('blanks each part of an address typed on one line with commas', () => {
    const refuge = hiddenValueMatcher(['Flat 2, Larchfield Road, Tarnbeck'])
    expect(refuge.blank('Flat 2 Larchfield Road Tarnbeck')).toBe(HIDDEN_TEXT)
    expect(refuge.blank('the house on Larchfield Rd')).toBe(`the house on ${HIDDEN_TEXT}`)
    expect(refuge.blank('She is in flat 2 now')).toBe(`She is in ${HIDDEN_TEXT} now`)
  })

  it('leaves ordinary words, numbers and other places alone', () => {
    const text = 'The Family Court asked for 4 weeks of visits; the court said Heron is a bird. Flat feet. Road safety at Kirkby School.'
    expect(address.blank(text)).toBe(text)
    expect(hiddenValueMatcher(['Flat 2, Larchfield Road, Tarnbeck']).blank('Flat 3 on the road to Larchfields')).toBe('Flat 3 on the road to Larchfields')
    expect(hiddenValueMatcher(['12 Broadway, England']).blank('England played on Broadway')).toBe(`England played on ${HIDDEN_TEXT}`)
    expect(hiddenValueMatcher(['07700 900158']).blank('7 weeks and 900 days')).toBe('7 weeks and 900 days')
    expect(hiddenValueMatcher([]).blank('Anything at all')).toBe('Anything at all')
    expect(hiddenValueMatcher([]).empty).toBe(true)
  })

  it('does not blank the word inside a longer word', () => {
    expect(address.blank('Tarnbeckside and Herons Courtyard')).toBe('Tarnbeckside and Herons Courtyard')
  })

  it('blanks every string in a page model, however deep, and keeps everything else', () => {
    const when = new Date('2026-11-26T10:00:00Z')
    const page = { title: 'FS3 7QT', items: [{ text: 'near 4 Heron Court', count: 2, when }], flag: true, none: null }
    expect(address.blankDeep(page)).toEqual({ title: HIDDEN_TEXT, items: [{ text: `near ${HIDDEN_TEXT}`, count: 2, when }], flag: true, none: null })
    expect(hiddenValueMatcher([]).blankDeep(page)).toBe(page)
  })

  it('says which parts a text holds and whom they are hidden from, for warning the person typing', () => {
    expect(address.find('We met at Heron Court in tarnbeck, and Heron Court again')).toEqual([
      { text: 'Heron Court', hiddenFrom: ['Dean Ashworth'] }, { text: 'tarnbeck', hiddenFrom: ['Dean Ashworth'] },
    ])
    expect(address.find('Nothing to see')).toEqual([])
  })
})

describe('warning the person typing', () => {
  it('names the parts and whom they are hidden from, and says nothing when there are none', () => {
    const both = hiddenValueMatcher([{ value: ADDRESS, hiddenFrom: ['Dean Ashworth'] }, { value: '07700 900158', hiddenFrom: ['Dean Ashworth', 'Tom Greaves'] }])
    expect(hiddenPartsWarning(both.find('Seen at Heron Court, ring 07700900158'))).toBe(
      'This includes “Heron Court” and “07700900158”, which are hidden from Dean Ashworth and Tom Greaves; the family\'s copies will show [hidden]')
    expect(hiddenPartsWarning(address.find('in Tarnbeck'))).toBe('This includes “Tarnbeck”, which is hidden from Dean Ashworth; the family\'s copies will show [hidden]')
    expect(hiddenPartsWarning(address.find('Nothing here'))).toBeUndefined()
  })
})
