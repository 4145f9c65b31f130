import zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { comparable, pdfString, pdfText, pdfWarnings } from '../../../test/support/pdf-text.js'
import { createDocument } from './document.js'

/** The text of every compressed stream in the PDF, to see its content operators. */
function streams(pdf: Buffer): string {
  const raw = pdf.toString('latin1')
  return [...raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)].map((match) => {
    try { return zlib.inflateSync(Buffer.from(match[1] ?? '', 'latin1')).toString('latin1') } catch { return '' }
  }).join('\n')
}

describe('the shared PDF set-up', () => {
  it('makes a tagged PDF with its language and title, the title in Unicode', async () => {
    const { write, finish } = createDocument({ title: 'Our plan for Šimon and عائشہ', subject: 'Family plan' })
    write('Our plan for Šimon and عائشہ', { style: 'bold', size: 22, structType: 'H1' })
    write('Šimon Dvořák walks to school.', { size: 13 })
    const pdf = await finish()
    const raw = pdf.toString('latin1')
    expect(pdf.subarray(0, 8).toString()).toBe('%PDF-1.7')
    expect(raw).toContain('/StructTreeRoot')
    expect(raw).toMatch(/\/MarkInfo/)
    expect(raw).toMatch(/\/Lang \(en-GB\)/)
    expect(raw).toMatch(/\/DisplayDocTitle true/)
    expect(raw).toContain('/S /H1')
    expect(raw).toContain('/S /P')
    expect(pdf.includes(pdfString('Our plan for Šimon and عائشہ'))).toBe(true)
    expect(comparable(pdfText(pdf))).toContain('Šimon Dvořák walks to school.')
  })

  it('embeds only the glyphs used, so a page in three scripts stays small', async () => {
    const { write, finish } = createDocument({ title: 'Sizes', subject: 'Test' })
    write('Gwenllïan ap Dafydd, Ŵyn, Łucja Wiśniewska, Ștefan Țurcanu, Šimon Dvořák, عائشہ, يوسف, अनिका', { size: 14 })
    const pdf = await finish()
    expect(pdf.toString('latin1').match(/\/FontFile2/g)?.length).toBe(2)
    // The whole faces are 630 KB (Noto Sans) and 227 KB (Plex Arabic).
    expect(pdf.length).toBeLessThan(40_000)
  })

  it('carries a paragraph over a page break inside its structure element', async () => {
    const { doc, write, finish } = createDocument({ title: 'Long', subject: 'Test' })
    doc.y = doc.page.maxY() - 40
    write('Łucja Wiśniewska walks to school with her nan every morning. '.repeat(12), { size: 14 })
    write('The end.', { size: 14 })
    const pdf = await finish()
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length).toBe(2)
    const content = streams(pdf)
    expect((content.match(/\bBDC\b/g) ?? []).length).toBe((content.match(/\bEMC\b/g) ?? []).length)
    expect(pdfWarnings(pdf)).toBe('')
    expect(comparable(pdfText(pdf))).toContain('The end.')
  })

  it('gives text drawn out of reading order its words as ActualText', async () => {
    const { write, finish } = createDocument({ title: 'Anika', subject: 'Test' })
    write('अनिका शर्मा likes school', { size: 14 })
    write('Ŵyn likes school', { size: 14 })
    const pdf = await finish()
    expect(pdf.includes(pdfString('अनिका शर्मा likes school'))).toBe(true)
    expect(pdf.toString('latin1').match(/\/ActualText/g)?.length).toBe(1)
  })
})
