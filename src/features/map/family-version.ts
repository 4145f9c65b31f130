import type { EntryState } from './map.repository.js'
import { familyWords, type SpelledOut } from '../../family-record/index.js'
import type { MapCategory } from '../../db/schema/maps.js'
import { describeVoice } from './map.vocabulary.js'
import { createDocument } from '../../platform/pdf/document.js'
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

export function buildFamilyVersion(familyName: string, childNames: string[], entries: EntryState[], acronyms: readonly SpelledOut[], today = new Date()): FamilyVersion {
  const children = childNames.length === 0 ? 'the children' : childNames.length === 1 ? childNames[0] ?? '' : `${childNames.slice(0, -1).join(', ')} and ${childNames[childNames.length - 1] ?? ''}`
  return {
    title: `${familyName}: our plan for ${children}`,
    intro: `This is what everyone has said so far about ${children}: what is going well, what people are worried about, and what needs to happen. If anything here is wrong or hard to understand, tell your worker.`,
    date: formatDate(today),
    sections: SECTIONS.map((section) => ({
      heading: section.heading,
      explanation: section.explanation,
      items: entries.filter((entry) => section.categories.includes(entry.category)).map((entry) => ({
        text: familyWords(entry.text, acronyms),
        by: describeVoice(entry.saidByName, entry.saidByKind),
        detail: entry.category === 'next-step' ? [entry.owner === null ? undefined : `Who: ${entry.owner}`, entry.dueOn === null ? undefined : `By: ${formatDate(entry.dueOn)}`, entry.done ? 'Done' : undefined].filter(Boolean).join('. ') : undefined,
      })),
    })),
  }
}

/** A tagged (accessible) PDF of the family version, made on the server without a browser. */
export function familyVersionPdf(version: FamilyVersion, subject = 'Family plan'): Promise<Buffer> {
  const { doc, write, finish } = createDocument({ title: version.title, subject })
  write(version.title, { style: 'bold', size: 22, structType: 'H1' })
  doc.moveDown(0.5)
  write(version.intro, { size: 13 })
  write(`Printed ${version.date}`, { size: 11, color: '#505a5f' })
  for (const section of version.sections) {
    doc.moveDown(1)
    write(section.heading, { style: 'bold', size: 17, structType: 'H2' })
    write(section.explanation, { size: 12, color: '#505a5f' })
    if (section.items.length === 0) {
      doc.moveDown(0.3)
      write('Nothing yet.', { size: 13 })
      continue
    }
    for (const item of section.items) {
      doc.moveDown(0.5)
      write(item.text, { size: 14 })
      if (item.detail !== undefined && item.detail !== '') write(item.detail, { size: 12 })
      if (item.by !== undefined) write(`Said by ${item.by}`, { style: 'italic', size: 11 })
    }
  }
  return finish()
}
