import { describe, expect, it } from 'vitest'
import { comparable, NAMES, pdfText, squashed } from '../../../test/support/pdf-text.js'
import { ACRONYMS } from '../language/index.js'
import { buildFamilyVersion, familyVersionPdf } from './family-version.js'
import type { EntryState } from './map.repository.js'

function entry(index: number, overrides: Partial<EntryState>): EntryState {
  return {
    entryId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, category: 'strength', pairedEntryId: null, childWordsId: null, version: 1, mapVersion: 1,
    text: '', saidByKind: 'family-member', saidByName: 'Rowan Ashby', owner: null, dueOn: null, done: false, typedByName: 'Rowan Ashby', typedAt: new Date('2026-12-01T10:00:00Z'),
    ...overrides,
  }
}

describe('the family version of the map, whatever the children are called', () => {
  it('prints every name exactly as it is written: in the title, the points and who said them', async () => {
    const entries = NAMES.flatMap((name, index) => [
      entry(index * 2, { text: `${name} helps to make tea`, saidByName: name, saidByKind: 'child' }),
      entry(index * 2 + 1, { category: 'next-step', text: 'Walk to school together', owner: name, dueOn: '2026-12-20' }),
    ])
    const pdf = await familyVersionPdf(buildFamilyVersion('The Dafydd family', [...NAMES], entries, ACRONYMS, new Date('2026-12-04T12:00:00Z')))
    const text = pdfText(pdf)
    const read = comparable(text)
    for (const name of NAMES) {
      expect(read.split(name.normalize('NFKC')).length - 1, `${name} in the title, the point, who said it and who does the next step`).toBeGreaterThanOrEqual(4)
      // pdftotext may put the space beside a right-to-left word on its other side, so the phrase is compared without spaces.
      expect(squashed(text), name).toContain(squashed(`${name} helps to make tea`))
    }
    // No letter was turned into a question mark: nothing in this document asks a question.
    expect(text).not.toContain('?')
    expect(text).not.toContain('\ufffd')
  })

  it('keeps a name mixing Latin and Arabic letters in one line, in its order', async () => {
    const name = 'Aisha عائشة Khan'
    const pdf = await familyVersionPdf(buildFamilyVersion('The Khan family', [name], [entry(1, { text: `${name} likes drawing`, saidByName: 'Sadia Khan' })], ACRONYMS))
    const text = pdfText(pdf)
    expect(squashed(text)).toContain(squashed(`our plan for ${name}`))
    expect(squashed(text)).toContain(squashed(`${name} likes drawing`))
    expect(text).not.toContain('?')
  })
})
