import PDFDocument from 'pdfkit'
import type { EntryState } from './map.repository.js'
import type { LanguageTerm } from '../language/default-terms.js'
import type { MapCategory } from '../../db/schema/maps.js'
import { describeVoice } from './map.vocabulary.js'
import { formatDate } from '../../platform/views/setup.js'

/**
 * The map as the family reads it: plain headings, strengths first, people's names rather than
 * "case", acronyms written out, and whose view each point is. One model feeds the print page and the PDF.
 */
export interface FamilyVersion {
  title: string
  intro: string
  date: string
  sections: { heading: string; explanation: string; items: { text: string; by?: string; detail?: string }[] }[]
}

const SECTIONS: { heading: string; explanation: string; categories: MapCategory[] }[] = [
  { heading: 'What is going well', explanation: 'Good things about your family, and times you have kept the children safe.', categories: ['strength', 'safety'] },
  { heading: 'What has happened', explanation: 'Things that have already happened that people are worried about.', categories: ['harm'] },
  { heading: 'What people are worried about', explanation: 'What people are worried could happen to the children if nothing changes.', categories: ['danger'] },
  { heading: 'What makes things harder', explanation: 'Things that make it harder to sort out the worries.', categories: ['complicating'] },
  { heading: 'What needs to happen', explanation: 'What everyone needs to see, and for how long, and the next small steps.', categories: ['goal', 'next-step'] },
  { heading: 'What we do not know yet', explanation: 'Questions we still need to answer together.', categories: ['grey-area'] },
]

/** Acronyms on the organisation's list are written out for the family. */
export function writeOutAcronyms(text: string, terms: readonly LanguageTerm[]): string {
  let result = text
  for (const term of terms) {
    if (!/^[A-Z0-9]{2,}$/.test(term.term) && !/^s\d+$/.test(term.term)) continue
    result = result.replace(new RegExp(`(?<![\\p{L}\\p{N}])${term.term}(?![\\p{L}\\p{N}])`, 'gu'), term.suggestion)
  }
  // "the ICPC" becomes "the the first child protection meeting": say "the" once.
  return result.replace(/\b(the|a|an) \1\b/gi, '$1')
}

export function buildFamilyVersion(familyName: string, childNames: string[], entries: EntryState[], terms: readonly LanguageTerm[], today = new Date()): FamilyVersion {
  const children = childNames.length === 0 ? 'the children' : childNames.length === 1 ? childNames[0] ?? '' : `${childNames.slice(0, -1).join(', ')} and ${childNames[childNames.length - 1] ?? ''}`
  return {
    title: `${familyName}: our plan for ${children}`,
    intro: `This is what everyone has said so far about ${children}: what is going well, what people are worried about, and what needs to happen. If anything here is wrong or hard to understand, tell your worker.`,
    date: formatDate(today),
    sections: SECTIONS.map((section) => ({
      heading: section.heading,
      explanation: section.explanation,
      items: entries.filter((entry) => section.categories.includes(entry.category)).map((entry) => ({
        text: writeOutAcronyms(entry.text, terms),
        by: describeVoice(entry.saidByName, entry.saidByKind),
        detail: entry.category === 'next-step' ? [entry.owner === null ? undefined : `Who: ${entry.owner}`, entry.dueOn === null ? undefined : `By: ${formatDate(entry.dueOn)}`, entry.done ? 'Done' : undefined].filter(Boolean).join('. ') : undefined,
      })),
    })),
  }
}

/** Helvetica in a PDF knows only the Windows-1252 characters; anything else becomes a plain equivalent. */
function pdfSafe(text: string): string {
  return text.replace(/[\u2018\u2019]/g, '\'').replace(/[\u201c\u201d]/g, '"').replace(/[\u2013\u2014]/g, '-').replace(/\u2026/g, '...')
    .replace(/\s/g, (space) => (space === '\n' ? '\n' : ' ')).replace(/[^\n\x20-\x7e\xa0-\xff]/g, '?')
}

/** A tagged (accessible) PDF of the family version, made on the server without a browser. */
export function familyVersionPdf(version: FamilyVersion, subject = 'Family plan'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4', margin: 56, tagged: true, lang: 'en-GB', displayTitle: true, pdfVersion: '1.7',
      info: { Title: pdfSafe(version.title), Author: 'Mapwell', Subject: subject },
    })
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => { resolve(Buffer.concat(chunks)) })
    doc.on('error', reject)
    const root = doc.struct('Document')
    doc.addStructure(root)
    doc.font('Helvetica-Bold').fontSize(22).text(pdfSafe(version.title), { structParent: root, structType: 'H1' })
    doc.moveDown(0.5)
    doc.font('Helvetica').fontSize(13).text(pdfSafe(version.intro), { structParent: root, structType: 'P' })
    doc.fontSize(11).fillColor('#505a5f').text(`Printed ${pdfSafe(version.date)}`, { structParent: root, structType: 'P' }).fillColor('#0b0c0c')
    for (const section of version.sections) {
      doc.moveDown(1)
      doc.font('Helvetica-Bold').fontSize(17).text(pdfSafe(section.heading), { structParent: root, structType: 'H2' })
      doc.font('Helvetica').fontSize(12).fillColor('#505a5f').text(pdfSafe(section.explanation), { structParent: root, structType: 'P' }).fillColor('#0b0c0c')
      if (section.items.length === 0) {
        doc.moveDown(0.3).fontSize(13).text('Nothing yet.', { structParent: root, structType: 'P' })
        continue
      }
      for (const item of section.items) {
        doc.moveDown(0.5)
        doc.font('Helvetica').fontSize(14).text(pdfSafe(item.text), { structParent: root, structType: 'P' })
        if (item.detail !== undefined && item.detail !== '') doc.fontSize(12).text(pdfSafe(item.detail), { structParent: root, structType: 'P' })
        if (item.by !== undefined) doc.font('Helvetica-Oblique').fontSize(11).text(`Said by ${pdfSafe(item.by)}`, { structParent: root, structType: 'P' })
      }
    }
    root.end()
    doc.end()
  })
}
