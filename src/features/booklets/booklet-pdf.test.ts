import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { testPng } from '../../../test/support/pictures.js'
import { facesFor } from '../../platform/pdf/fonts.js'
import { bookletPdf, buildChildBooklet } from './booklet-pdf.js'
import type { ChildVersion } from './booklets.service.js'

function pdftotext(pdf: Buffer, args: string[] = []): string {
  const file = path.join(os.tmpdir(), `booklet-unit-${crypto.randomUUID()}.pdf`)
  fs.writeFileSync(file, pdf)
  try {
    return execFileSync('/usr/bin/pdftotext', [...args, file, '-']).toString()
  } finally {
    fs.rmSync(file)
  }
}

/** The height of the main face's word boxes as a share of the font size (Noto Sans: ascent 1,069 + descent 293, per 1,000). */
const MAIN_FACE = facesFor('regular')[0]
const WORD_BOX = (MAIN_FACE?.ascent ?? 0) + (MAIN_FACE?.descent ?? 0)
const FAMILY = '00000000-0000-4000-8000-000000000001'
const PICTURE = '00000000-0000-4000-8000-000000000002'

function version(overrides: Partial<ChildVersion> = {}): ChildVersion {
  return {
    familyId: FAMILY, bookletId: '00000000-0000-4000-8000-000000000003', title: 'Ava\u2019s words and pictures', childName: 'Ava', version: 4, status: 'agreed', hidden: [], acronyms: [],
    pages: [
      { text: 'Ava lives with Mum and her cat, Pickle.', picture: { id: PICTURE, description: 'Ava and Pickle on the sofa', bytes: testPng(40, 30, 60) } },
      { text: 'Sam is a helper. Sam visits on Tuesdays.', picture: undefined },
    ],
    additions: [{ addedOn: '2026-11-20', words: 'I like Pickle best', picture: undefined }],
    ...overrides,
  }
}

describe('the booklet for the child and parents', () => {
  it('is one model for the print page and the PDF: pages in order, pictures with their descriptions, what the child added', () => {
    const booklet = buildChildBooklet(version(), new Date('2026-11-26T12:00:00Z'))
    expect(booklet.pages.map((page) => page.number)).toEqual([1, 2])
    expect(booklet.pages[0]?.picture).toMatchObject({ src: `/families/${FAMILY}/pictures/${PICTURE}`, alt: 'Ava and Pickle on the sofa' })
    expect(booklet.pages[1]?.picture).toBeUndefined()
    expect(booklet.additionsHeading).toBe('Things Ava added')
    expect(booklet.additions).toEqual([{ text: 'I like Pickle best', when: 'Added on 20 November 2026', picture: undefined }])
    expect(booklet.made).toBe('Version 4. Printed 26 November 2026.')
  })

  it('makes a tagged PDF with a cover, then each page with its picture on a page of its own, in words of 24 points or more', async () => {
    const long = 'Sam comes to see you and Mum, and talks about keeping everyone safe at home. '.repeat(12).trim()
    const pdf = await bookletPdf(buildChildBooklet(version({ pages: [...version().pages, { text: long, picture: { id: PICTURE, description: 'Sam', bytes: testPng(10, 40, 30) } }] })))
    const raw = pdf.toString('latin1')
    expect(raw).toContain('/StructTreeRoot')
    expect(raw).toContain('/S /Figure')
    expect(raw).toContain('/Alt (Ava and Pickle on the sofa)')
    expect(pdftotext(pdf, ['-f', '1', '-l', '1']).replace(/\s+/g, ' ')).toContain('Ava\u2019s words and pictures')
    expect(pdftotext(pdf, ['-f', '2', '-l', '2']).replace(/\s+/g, ' ')).toContain('Ava lives with Mum and her cat, Pickle.')
    expect(pdftotext(pdf, ['-f', '3', '-l', '3']).replace(/\s+/g, ' ')).toContain('Sam is a helper. Sam visits on Tuesdays.')
    expect(pdftotext(pdf, ['-f', '3', '-l', '3'])).not.toContain('Pickle.')
    // Pages 2 to 5: the long page runs on to a fifth.
    const boxes = pdftotext(pdf, ['-f', '2', '-l', '5', '-bbox'])
    const heights = [...boxes.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">/g)].map((match) => Number(match[2]) - Number(match[1]))
    expect(heights.length).toBeGreaterThan(100)
    // pdftotext's word boxes run from the font's ascent to its descent.
    expect(WORD_BOX).toBeGreaterThan(1)
    expect(Math.min(...heights) / WORD_BOX).toBeGreaterThanOrEqual(24 - 0.01)
    expect(pdftotext(pdf).replace(/\s+/g, ' ')).toContain('Things Ava added I like Pickle best')
  })
})
