import PDFDocument from 'pdfkit'
import { formatDate } from '../../platform/views/setup.js'
import { picturePath } from '../pictures/index.js'
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

export function buildChildBooklet(data: ChildVersion, today = new Date()): ChildBooklet {
  return {
    title: data.title,
    childName: data.childName,
    made: `Version ${String(data.version)}. Printed ${formatDate(today)}.`,
    pages: data.pages.map((page, index) => ({ number: index + 1, text: page.text, picture: pictureFor(data.familyId, page.picture) })),
    additionsHeading: `Things ${data.childName} added`,
    additions: data.additions.map((addition) => ({ text: addition.words, when: `Added on ${formatDate(addition.addedOn)}`, picture: pictureFor(data.familyId, addition.picture) })),
  }
}

/** Helvetica in a PDF knows only the Windows-1252 characters; anything else becomes a plain equivalent. */
export function pdfSafe(text: string): string {
  return text.replace(/[\u2018\u2019]/g, '\'').replace(/[\u201c\u201d]/g, '"').replace(/[\u2013\u2014]/g, '-').replace(/\u2026/g, '...')
    .replace(/\r\n?/g, '\n').replace(/[^\S\n]/g, ' ').replace(/[^\n\x20-\x7e\xa0-\xff]/gu, '?')
}

export const PDF_TEXT_SIZES = { title: 40, page: 28, smallestPage: 24, note: 18 } as const

const MARGIN = 56
const PICTURE_HEIGHT = 340

/** A tagged (accessible) PDF of the booklet: a cover, then one booklet page to each PDF page. */
export function bookletPdf(booklet: ChildBooklet): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4', margin: MARGIN, tagged: true, lang: 'en-GB', displayTitle: true, pdfVersion: '1.7', autoFirstPage: true,
      info: { Title: pdfSafe(booklet.title), Author: 'Mapwell', Subject: `Words and pictures for ${pdfSafe(booklet.childName)}` },
    })
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => { resolve(Buffer.concat(chunks)) })
    doc.on('error', reject)
    const width = doc.page.width - MARGIN * 2
    const root = doc.struct('Document')
    doc.addStructure(root)

    /** A picture, centred, with its description as the figure's alternative text; the words go below it. */
    const figure = (picture: BookletPicture | undefined): void => {
      if (picture?.bytes === undefined) return
      const bytes = picture.bytes
      const top = doc.y
      root.add(doc.struct('Figure', { alt: pdfSafe(picture.alt) }, () => {
        doc.image(bytes, MARGIN, top, { fit: [width, PICTURE_HEIGHT], align: 'center', valign: 'center' })
      }))
      doc.y = top + PICTURE_HEIGHT + 24
    }

    /** Large words: as large as fits the space left on the page, never smaller than 24 points. */
    const words = (text: string): void => {
      const safe = pdfSafe(text)
      const room = doc.page.height - MARGIN - doc.y
      let size: number = PDF_TEXT_SIZES.page
      doc.font('Helvetica')
      while (size > PDF_TEXT_SIZES.smallestPage && doc.fontSize(size).heightOfString(safe, { width, lineGap: 6 }) > room) size -= 1
      doc.fontSize(size).text(safe, MARGIN, doc.y, { width, lineGap: 6, structParent: root, structType: 'P' })
    }

    doc.font('Helvetica-Bold').fontSize(PDF_TEXT_SIZES.title).text(pdfSafe(booklet.title), { structParent: root, structType: 'H1' })
    doc.moveDown(1)
    doc.font('Helvetica').fontSize(PDF_TEXT_SIZES.note).fillColor('#505a5f').text(pdfSafe(booklet.made), { structParent: root, structType: 'P' }).fillColor('#0b0c0c')

    for (const page of booklet.pages) {
      doc.addPage()
      figure(page.picture)
      words(page.text)
    }

    booklet.additions.forEach((addition, index) => {
      doc.addPage()
      if (index === 0) {
        doc.font('Helvetica-Bold').fontSize(32).text(pdfSafe(booklet.additionsHeading), { structParent: root, structType: 'H2' })
        doc.moveDown(0.5)
      }
      figure(addition.picture)
      if (addition.text !== '') words(addition.text)
      doc.moveDown(0.5)
      doc.font('Helvetica').fontSize(PDF_TEXT_SIZES.note).fillColor('#505a5f').text(pdfSafe(addition.when), { structParent: root, structType: 'P' }).fillColor('#0b0c0c')
    })

    root.end()
    doc.end()
  })
}
