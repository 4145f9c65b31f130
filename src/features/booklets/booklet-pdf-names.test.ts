import { describe, expect, it } from 'vitest'
import { comparable, NAMES, pdfString, pdfText, squashed } from '../../../test/support/pdf-text.js'
import { bookletPdf, buildChildBooklet } from './booklet-pdf.js'

describe('the words and pictures booklet, whatever the child is called', () => {
  it.each(NAMES)('prints %s exactly: on the cover, on the pages and over what they added', async (name) => {
    const booklet = buildChildBooklet({
      familyId: '00000000-0000-4000-8000-000000000001', bookletId: '00000000-0000-4000-8000-000000000003', title: `Words and pictures for ${name}`, childName: name, version: 2, status: 'agreed',
      pages: [{ text: `${name} lives with Mum and Nain.`, picture: undefined }],
      additions: [{ addedOn: '2026-11-20', words: 'I like the park', picture: undefined }], hidden: [],
    }, new Date('2026-12-04T12:00:00Z'))
    const pdf = await bookletPdf(booklet)
    const text = pdfText(pdf)
    expect(comparable(text).split(name.normalize('NFKC')).length - 1, 'the title, the page and the heading over what they added').toBe(3)
    expect(squashed(pdfText(pdf, ['-f', '2', '-l', '2']))).toBe(squashed(`${name} lives with Mum and Nain.`))
    expect(squashed(text)).toContain(squashed(`Things ${name} added`))
    expect(text).not.toContain('?')
    // The document's title, in its properties, is the booklet's title in full (a UTF-16 string when it needs one).
    expect(pdf.includes(pdfString(booklet.title)) || pdf.includes(Buffer.from(`(${booklet.title})`, 'latin1'))).toBe(true)
  })
})
