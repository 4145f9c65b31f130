import { createDocument } from '../../platform/pdf/document.js'
import { formatDate } from '../../platform/views/setup.js'
import { picturePath } from '../pictures/index.js'
import { familyWords, type SpelledOut } from '../../family-record/index.js'
import type { ChildVersion } from './booklets.service.js'

/**
 * The booklet as the child and their parents get it: large words, one idea (one page) at a time,
 * each with its picture, then what the child added and agreed their parents may see. One model
 * feeds the print page and the PDF, so the two cannot differ.
 */
export interface ChildBooklet {
  title: string
  childName: string
  made: string
  pages: { number: number; text: string; picture?: BookletPicture }[]
  additionsHeading: string
  additions: { text: string; when: string; picture?: BookletPicture }[]
}

export interface BookletPicture { src: string; alt: string; bytes?: Buffer }

function pictureFor(familyId: string, picture: ChildVersion['pages'][number]['picture']): BookletPicture | undefined {
  if (picture === undefined) return undefined
  return {
    src: picturePath(familyId, picture.id),
    alt: picture.description.trim() === '' ? 'A picture for this page' : picture.description,
    ...(picture.bytes === undefined ? {} : { bytes: picture.bytes }),
  }
}

/** The worker's words, with every acronym written out as in every other copy a family reads. */
export function buildChildBooklet(data: Omit<ChildVersion, 'acronyms'> & { acronyms?: readonly SpelledOut[] }, today = new Date()): ChildBooklet {
  const plain = (text: string): string => familyWords(text, data.acronyms ?? [])
  return {
    title: plain(data.title),
    childName: data.childName,
    made: `Version ${String(data.version)}. Printed ${formatDate(today)}.`,
    pages: data.pages.map((page, index) => ({ number: index + 1, text: plain(page.text), picture: pictureFor(data.familyId, page.picture) })),
    additionsHeading: `Things ${data.childName} added`,
    additions: data.additions.map((addition) => ({ text: addition.words, when: `Added on ${formatDate(addition.addedOn)}`, picture: pictureFor(data.familyId, addition.picture) })),
  }
}

export const PDF_TEXT_SIZES = { title: 40, page: 28, smallestPage: 24, note: 18 } as const

const MARGIN = 56
const PICTURE_HEIGHT = 340
const NOTE_COLOUR = '#505a5f'

/** A tagged (accessible) PDF of the booklet: a cover, then one booklet page to each PDF page. */
export function bookletPdf(booklet: ChildBooklet): Promise<Buffer> {
  const { doc, root, write, heightOf, finish } = createDocument({ title: booklet.title, subject: `Words and pictures for ${booklet.childName}`, margin: MARGIN })
  const width = doc.page.width - MARGIN * 2

  /** A picture, centred, with its description as the figure's alternative text; the words go below it. */
  const figure = (picture: BookletPicture | undefined): void => {
    if (picture?.bytes === undefined) return
    const bytes = picture.bytes
    const top = doc.y
    root.add(doc.struct('Figure', { alt: picture.alt }, () => {
      doc.image(bytes, MARGIN, top, { fit: [width, PICTURE_HEIGHT], align: 'center', valign: 'center' })
    }))
    doc.y = top + PICTURE_HEIGHT + 24
  }

  /** Large words: as large as fits the space left on the page, never smaller than 24 points. */
  const words = (text: string): void => {
    const room = doc.page.height - MARGIN - doc.y
    let size: number = PDF_TEXT_SIZES.page
    while (size > PDF_TEXT_SIZES.smallestPage && heightOf(text, { size, width, lineGap: 6 }) > room) size -= 1
    write(text, { size, width, lineGap: 6 })
  }

  write(booklet.title, { style: 'bold', size: PDF_TEXT_SIZES.title, structType: 'H1' })
  doc.moveDown(1)
  write(booklet.made, { size: PDF_TEXT_SIZES.note, color: NOTE_COLOUR })

  for (const page of booklet.pages) {
    doc.addPage()
    figure(page.picture)
    words(page.text)
  }

  booklet.additions.forEach((addition, index) => {
    doc.addPage()
    if (index === 0) {
      write(booklet.additionsHeading, { style: 'bold', size: 32, structType: 'H2' })
      doc.moveDown(0.5)
    }
    figure(addition.picture)
    if (addition.text !== '') words(addition.text)
    doc.moveDown(0.5)
    write(addition.when, { size: PDF_TEXT_SIZES.note, color: NOTE_COLOUR })
  })

  return finish()
}
