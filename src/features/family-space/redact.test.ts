import { describe, expect, it } from 'vitest'
import { HIDDEN_TEXT, hiddenFragments, redact, redactDeep } from './redact.js'

const ADDRESS = '4 Heron Court\nTarnbeck\nFS3 7QT'

describe('blanking out details hidden from a reader', () => {
  it('takes the whole detail and its identifying lines, but not a town on its own', () => {
    const fragments = hiddenFragments([ADDRESS, '07700 900158'])
    expect(fragments).toContain(ADDRESS)
    expect(fragments).toContain('4 Heron Court')
    expect(fragments).toContain('FS3 7QT')
    expect(fragments).toContain('07700 900158')
    expect(fragments).not.toContain('Tarnbeck')
  })

  it('blanks a detail however it was typed, and leaves the rest of the text alone', () => {
    const fragments = hiddenFragments([ADDRESS])
    expect(redact('Meet at 4 heron court,  Tarnbeck FS3 7QT please', fragments)).toBe(`Meet at ${HIDDEN_TEXT} please`)
    expect(redact('At 4 Heron Court, Tarnbeck', fragments)).toBe(`At ${HIDDEN_TEXT}, Tarnbeck`)
    expect(redact('Tarnbeck Primary School', fragments)).toBe('Tarnbeck Primary School')
    expect(redact('Anything at all', [])).toBe('Anything at all')
  })

  it('blanks every string in a page model, however deep, and keeps everything else', () => {
    const when = new Date('2026-11-26T10:00:00Z')
    const page = { title: 'FS3 7QT', items: [{ text: 'near 4 Heron Court', count: 2, when }], flag: true, none: null }
    const blanked = redactDeep(page, hiddenFragments([ADDRESS]))
    expect(blanked).toEqual({ title: HIDDEN_TEXT, items: [{ text: `near ${HIDDEN_TEXT}`, count: 2, when }], flag: true, none: null })
    expect(redactDeep(page, [])).toBe(page)
  })
})
