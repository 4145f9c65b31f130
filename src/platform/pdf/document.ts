import PDFDocument from 'pdfkit'
import { allFaces, facesFor, type FontStyle } from './fonts.js'
import { drawnOutOfOrder, layoutText, normaliseText, unshaped, type LaidLine, type Shaping } from './text-layout.js'

/**
 * The one way Mapwell makes a PDF: tagged (a structure tree, the language and the title shown, so a
 * screen reader can follow it), set in the Unicode fonts of ./fonts.ts, and written through
 * write(), which prints any name in any script we have a face for. Features describe what goes on
 * the page; this module knows how text gets there.
 */
export interface DocumentOptions {
  title: string
  subject: string
  /** Points on every side; 56 (about 2 cm) unless given. */
  margin?: number
  lang?: string
}

export interface WriteOptions {
  style?: FontStyle
  size: number
  /** A hex colour; the text colour otherwise. The colour goes back to the text colour afterwards. */
  color?: string
  /** Extra space after each line, in points. */
  lineGap?: number
  /** The structure element the text is: P unless given (H1, H2, ...). */
  structType?: string
  /** Where the element goes in the structure tree: the document's root unless given. */
  parent?: PDFKit.PDFStructureElement
  x?: number
  y?: number
  width?: number
}

export const TEXT_COLOUR = '#0b0c0c'

export interface MapwellDocument {
  doc: PDFKit.PDFDocument
  /** The Document element every other element hangs from. */
  root: PDFKit.PDFStructureElement
  /** Writes text as one structure element, from the left margin (or x) at the current y (or y), breaking lines and pages. */
  write: (text: string, options: WriteOptions) => void
  /** How tall write() would make this text, in points. */
  heightOf: (text: string, options: Pick<WriteOptions, 'style' | 'size' | 'lineGap' | 'width'>) => number
  /** Closes the structure tree and the document; resolves with the PDF's bytes. */
  finish: () => Promise<Buffer>
}

/**
 * Given features, pdfkit shapes a run whole rather than word by word: right-to-left runs need that,
 * so fontkit reverses all their words together. pdfkit passes the features to fontkit as they are,
 * and fontkit takes an object of features on and off as well as a list; pdfkit's types know only the list.
 */
function featuresFor(shaping: Shaping): { features?: PDFKit.Mixins.OpenTypeFeatures[] } {
  if (shaping === 'whole') return { features: [] }
  if (shaping === 'none') return { features: unshaped() as unknown as PDFKit.Mixins.OpenTypeFeatures[] }
  return {}
}

export function createDocument(options: DocumentOptions): MapwellDocument {
  const margin = options.margin ?? 56
  const doc = new PDFDocument({
    size: 'A4', margin, tagged: true, lang: options.lang ?? 'en-GB', displayTitle: true, pdfVersion: '1.7', autoFirstPage: true,
    // The document's properties are Unicode strings in the PDF (UTF-16), so they need no font.
    info: { Title: options.title, Author: 'Mapwell', Subject: options.subject },
  })
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => { resolve(Buffer.concat(chunks)) })
    doc.on('error', reject)
  })
  // Whoever calls finish() hears of a failure; nothing else should see it as unhandled.
  done.catch(() => undefined)
  for (const face of allFaces()) doc.registerFont(face.name, face.bytes)
  const mainFace = (style: FontStyle): string => facesFor(style)[0]?.name ?? 'NotoSans'
  doc.font(mainFace('regular')).fillColor(TEXT_COLOUR)
  const root = doc.struct('Document')
  doc.addStructure(root)

  const widthFrom = (x: number): number => doc.page.width - doc.page.margins.right - x

  const draw = (lines: LaidLine[], x: number, startY: number, size: number): number => {
    let y = startY
    for (const line of lines) {
      if (y + line.height > doc.page.maxY() && y > doc.page.margins.top) {
        // Not addPage(): this carries the open structure element over to the new page.
        doc.continueOnNewPage()
        y = doc.page.margins.top
      }
      for (const run of line.runs) {
        doc.font(run.face.name).fontSize(size)
        doc.text(run.text, x + line.offset + run.x, y + line.ascent, { lineBreak: false, baseline: 'alphabetic', ...featuresFor(run.shaping) })
      }
      y += line.height
    }
    return y
  }

  return {
    doc,
    root,
    write(text, write) {
      const style = write.style ?? 'regular'
      const x = write.x ?? doc.page.margins.left
      const lines = layoutText(text, { style, size: write.size, width: write.width ?? widthFrom(x), lineGap: write.lineGap ?? 0 })
      // Glyphs drawn out of reading order (Indic vowel signs) would read back wrongly: the element says its words.
      const reordered = lines.some((line) => line.runs.some((run) => drawnOutOfOrder(run.text)))
      let y = write.y ?? doc.y
      doc.fillColor(write.color ?? TEXT_COLOUR)
      const element = doc.struct(write.structType ?? 'P', reordered ? { actual: normaliseText(text, style) } : {}, () => { y = draw(lines, x, y, write.size) })
      ;(write.parent ?? root).add(element)
      // moveDown() after this goes by the main face's lines, as it would after pdfkit's own text().
      doc.font(mainFace(style)).fontSize(write.size).fillColor(TEXT_COLOUR)
      doc.x = x
      doc.y = y
    },
    heightOf(text, measure) {
      const width = measure.width ?? widthFrom(doc.page.margins.left)
      return layoutText(text, { style: measure.style ?? 'regular', size: measure.size, width, lineGap: measure.lineGap ?? 0 })
        .reduce((height, line) => height + line.height, 0)
    },
    finish() {
      root.end()
      doc.end()
      return done
    },
  }
}
