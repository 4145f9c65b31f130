import bidiModule from 'bidi-js'
import { facesFor, hasGlyph, printable, type Face, type FontStyle } from './fonts.js'

/**
 * Lays text out in lines for a PDF, the way a reader expects it whatever their name is written in:
 * each character in the first face that has it (so a line mixing Latin and Arabic prints both),
 * lines broken at spaces, and each line put in reading order by the Unicode bidirectional
 * algorithm, so "Aisha عائشة Khan" keeps its words in place and Arabic reads right to left.
 * Pure: no document is needed, so the layout itself is testable and measurable.
 */

// bidi-js's types describe an ES module's default export, but Node loads its CommonJS build, whose
// module.exports is the factory itself.
const bidiFactory = bidiModule as unknown as typeof bidiModule.default
const bidi = bidiFactory()

/** Characters that steer direction or joining but print nothing. */
const INVISIBLE = /^[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\p{Variation_Selector}\ufeff]$/u
/** Joiners change how Arabic and Indic letters join, so they go to the face when it has them. */
const JOINER = /^[\u200c\u200d]$/u
/** Spaces, punctuation, digits and marks belong to no one script: they stay in the face before them. */
const NEUTRAL = /^[\p{Script=Common}\p{Script=Inherited}]/u

/**
 * The text as the fonts can print it: composed (NFC, so "ï" is one letter), one kind of space and
 * line break, no control characters, and "?" for a character no face has (an emoji, say).
 */
export function normaliseText(text: string, style: FontStyle = 'regular'): string {
  let result = ''
  for (const character of text.normalize('NFC').replace(/\r\n?/g, '\n').replace(/[^\S\n]/g, ' ')) {
    const codePoint = character.codePointAt(0) ?? 0
    if (character === '\n' || INVISIBLE.test(character)) result += character
    else if (/^\p{Cc}$/u.test(character)) continue
    else result += printable(style, codePoint) ? character : '?'
  }
  return result
}

export interface PlacedRun {
  face: Face
  /** In the order fontkit wants it: it shapes right-to-left scripts and reverses them itself. */
  text: string
  shaping: Shaping
  /** From the start of the line, in points. */
  x: number
  width: number
}

export interface LaidLine {
  runs: PlacedRun[]
  /** From the left edge of the text box to where the line starts: right-to-left paragraphs sit right. */
  offset: number
  width: number
  /** Baseline below the top of the line, and the whole line's height including the gap after it. */
  ascent: number
  height: number
}

export interface LayoutOptions { style: FontStyle; size: number; width: number; lineGap?: number }

interface Paragraph {
  text: string
  /** The face for each UTF-16 unit (both halves of a surrogate pair get the same one). */
  faces: Face[]
  levels: ReturnType<typeof bidi.getEmbeddingLevels>
  mirrored: Map<number, string>
}

const isLowSurrogate = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff

function assignFaces(text: string, stack: Face[]): Face[] {
  const main = stack[0]
  if (main === undefined) throw new Error('A font stack needs at least one face')
  const faces: Face[] = []
  let previous: Face | undefined
  for (const character of text) {
    const codePoint = character.codePointAt(0) ?? 0
    let face: Face
    if (INVISIBLE.test(character) || JOINER.test(character)) face = previous ?? main
    else if (previous !== undefined && NEUTRAL.test(character) && hasGlyph(previous, codePoint)) face = previous
    else face = stack.find((candidate) => hasGlyph(candidate, codePoint)) ?? main
    for (let unit = 0; unit < character.length; unit++) faces.push(face)
    previous = face
  }
  return faces
}

function reverseCodePoints(text: string): string {
  return Array.from(text).reverse().join('')
}

/**
 * Widths in ems, shared by every document this process makes: shaping a word costs far more than
 * looking it up, and the same words come back in every plan. Cleared when full, so it cannot grow
 * without bound.
 */
const WIDTHS = new Map<string, number>()
const WIDTHS_KEPT = 20_000

/**
 * How a run is shaped. Arabic, Devanagari and Bengali need OpenType shaping (joining letters,
 * conjuncts) and right-to-left runs must be shaped whole so fontkit reverses all their words
 * together. Composed Latin, Greek and Cyrillic print right from the character map: fontkit's
 * shaping costs about a millisecond a word (it decodes the font's positioning lookups on every
 * call), which made a family's plan ten times slower to make than it was in Helvetica.
 */
export type Shaping = 'none' | 'words' | 'whole'

/** Every OpenType feature fontkit may apply, turned off: glyphs straight from the character map. */
export function unshaped(): Record<string, boolean> {
  // A new object each time: fontkit writes the features it used into the object it is given.
  return Object.fromEntries(['rvrn', 'ltra', 'ltrm', 'frac', 'numr', 'dnom', 'ccmp', 'locl', 'rlig', 'mark', 'mkmk', 'calt', 'clig', 'liga', 'rclt', 'curs', 'kern', 'dist'].map((feature) => [feature, false]))
}

function shapedWidth(face: Face, text: string, shaping: Shaping): number {
  const key = `${face.name}\u0000${shaping}\u0000${text}`
  let width = WIDTHS.get(key)
  if (width === undefined) {
    if (WIDTHS.size >= WIDTHS_KEPT) WIDTHS.clear()
    width = face.font.layout(text, shaping === 'none' ? unshaped() : undefined).advanceWidth / face.font.unitsPerEm
    WIDTHS.set(key, width)
  }
  return width
}

/** Composed Latin, Greek and Cyrillic, with spaces, digits and punctuation: the same shaped or not. */
const PLAIN = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}]*$/u

export function shapingFor(text: string, rightToLeft = shapedRightToLeft(text)): Shaping {
  if (rightToLeft) return 'whole'
  return PLAIN.test(text) ? 'none' : 'words'
}

/**
 * Scripts whose glyphs are drawn in another order than the letters are written (a Devanagari vowel
 * sign drawn before its consonant): text read back from the glyphs comes out of order, so the
 * document gives such text its letters as ActualText for screen readers.
 */
const DRAWN_OUT_OF_ORDER = /[\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}]/u

export function drawnOutOfOrder(text: string): boolean {
  return DRAWN_OUT_OF_ORDER.test(text)
}

/** The scripts fontkit shapes right to left (its list, less the historic scripts we have no face for). */
const RIGHT_TO_LEFT_SCRIPT = /^[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}]/u

/**
 * Whether fontkit will shape this run right to left, and so reverse its glyphs: it goes by the
 * first character of a script of its own (not a space, digit or punctuation shared by all).
 */
export function shapedRightToLeft(text: string): boolean {
  for (const character of text) {
    if (RIGHT_TO_LEFT_SCRIPT.test(character)) return true
    if (!NEUTRAL.test(character)) return false
  }
  return false
}

class Measurer {
  constructor(private readonly size: number) {}

  /** A run's width as pdfkit draws it: see Shaping, and document.ts for how each is drawn. */
  width(face: Face, text: string, shaping = shapingFor(text)): number {
    if (shaping !== 'words') return shapedWidth(face, text, shaping) * this.size
    // pdfkit shapes text word by word, each word with the space after it, and so do we.
    let width = 0
    let last = 0
    for (let index = 0; index <= text.length; index++) {
      if (index === text.length || text[index] === ' ' || text[index] === '\t') {
        const piece = text.slice(last, index + 1)
        if (piece !== '') width += shapedWidth(face, piece, 'words')
        last = index + 1
      }
    }
    return width * this.size
  }
}

/** Whether a character prints in this face: invisible controls do not, joiners only where the face has them. */
function prints(face: Face, character: string): boolean {
  if (JOINER.test(character)) return hasGlyph(face, character.codePointAt(0) ?? 0)
  return !INVISIBLE.test(character)
}

/** The width of a stretch of the paragraph in reading order, face run by face run. */
function widthOf(paragraph: Paragraph, start: number, end: number, measure: Measurer): number {
  let width = 0
  let runStart = start
  for (let unit = start; unit <= end; unit++) {
    if (unit === end || paragraph.faces[unit] !== paragraph.faces[runStart]) {
      const face = paragraph.faces[runStart]
      if (face !== undefined && unit > runStart) {
        const text = Array.from(paragraph.text.slice(runStart, unit)).filter((character) => prints(face, character)).join('')
        if (text !== '') width += measure.width(face, text)
      }
      runStart = unit
    }
  }
  return width
}

interface Stretch { start: number; end: number }

/** Greedy line breaking at spaces; a word wider than the line breaks between its letters. */
function breakLines(paragraph: Paragraph, maxWidth: number, measure: Measurer): Stretch[] {
  const text = paragraph.text
  const lines: Stretch[] = []
  let line: Stretch | undefined
  let lineWidth = 0
  let index = 0
  while (index < text.length) {
    let wordEnd = index
    while (wordEnd < text.length && text[wordEnd] !== ' ') wordEnd++
    let next = wordEnd
    while (next < text.length && text[next] === ' ') next++
    const wordWidth = widthOf(paragraph, index, wordEnd, measure)
    const gap = line === undefined ? 0 : widthOf(paragraph, line.end, index, measure)
    if (line !== undefined && lineWidth + gap + wordWidth <= maxWidth + 0.01) {
      line.end = wordEnd
      lineWidth += gap + wordWidth
    } else if (wordWidth <= maxWidth + 0.01) {
      if (line !== undefined) lines.push(line)
      line = { start: index, end: wordEnd }
      lineWidth = wordWidth
    } else {
      if (line !== undefined) lines.push(line)
      line = undefined
      // Too long for any line: as many letters (whole graphemes) as fit, then the rest.
      let pieceStart = index
      let pieceEnd = index
      for (const { index: offset, segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text.slice(index, wordEnd))) {
        const end = index + offset + segment.length
        if (pieceEnd > pieceStart && widthOf(paragraph, pieceStart, end, measure) > maxWidth) {
          lines.push({ start: pieceStart, end: pieceEnd })
          pieceStart = pieceEnd
        }
        pieceEnd = end
      }
      line = { start: pieceStart, end: pieceEnd }
      lineWidth = widthOf(paragraph, pieceStart, pieceEnd, measure)
    }
    index = next
  }
  if (line !== undefined) lines.push(line)
  return lines
}

function placeLine(paragraph: Paragraph, stretch: Stretch, options: LayoutOptions, measure: Measurer, stack: Face[]): LaidLine {
  const { text, faces, levels, mirrored } = paragraph
  const groups: { face: Face; level: number; visual: string }[] = []
  if (stretch.end > stretch.start) {
    const order = bidi.getReorderedIndices(text, levels, stretch.start, stretch.end - 1).slice(stretch.start, stretch.end)
    for (const unit of order) {
      if (isLowSurrogate(text.charCodeAt(unit))) continue
      const codePoint = text.codePointAt(unit) ?? 0
      const character = String.fromCodePoint(codePoint)
      const face = faces[unit]
      const level = levels.levels[unit] ?? 0
      if (face === undefined || !prints(face, character)) continue
      const shown = level % 2 === 1 ? mirrored.get(unit) ?? character : character
      const last = groups[groups.length - 1]
      if (last !== undefined && last.face === face && last.level === level) last.visual += shown
      else groups.push({ face, level, visual: shown })
    }
  }
  const runs: PlacedRun[] = []
  let x = 0
  for (const group of groups) {
    const rightToLeft = shapedRightToLeft(group.visual)
    const runText = rightToLeft ? reverseCodePoints(group.visual) : group.visual
    const shaping = shapingFor(runText, rightToLeft)
    const width = measure.width(group.face, runText, shaping)
    runs.push({ face: group.face, text: runText, shaping, x, width })
    x += width
  }
  // Every line is as tall as the main face makes it, whatever it holds, so lines stay evenly spaced.
  const main = stack[0]
  const ascent = (main?.ascent ?? 1) * options.size
  const height = ((main?.ascent ?? 1) + (main?.descent ?? 0) + (main?.lineGap ?? 0)) * options.size + (options.lineGap ?? 0)
  const rightToLeft = (levels.paragraphs[0]?.level ?? 0) % 2 === 1
  return { runs, offset: rightToLeft ? Math.max(0, options.width - x) : 0, width: x, ascent, height }
}

/**
 * Our documents are English, so a line reads left to right even when it starts with a name in Arabic
 * script ("يوسف likes school"), as it does on the print page; a line mostly written right to left (a
 * parent's words in Urdu) reads right to left and sits at the right.
 */
function baseDirection(line: string): 'ltr' | 'rtl' {
  let leftToRight = 0
  let rightToLeft = 0
  for (const character of line) {
    const type = bidi.getBidiCharTypeName(character)
    if (type === 'L') leftToRight++
    else if (type === 'R' || type === 'AL') rightToLeft++
  }
  return rightToLeft > leftToRight ? 'rtl' : 'ltr'
}

/** The lines a text takes at this style, size and width. */
export function layoutText(text: string, options: LayoutOptions): LaidLine[] {
  const stack = facesFor(options.style)
  const measure = new Measurer(options.size)
  return normaliseText(text, options.style).split('\n').flatMap((line) => {
    const levels = bidi.getEmbeddingLevels(line, baseDirection(line))
    const paragraph: Paragraph = { text: line, faces: assignFaces(line, stack), levels, mirrored: bidi.getMirroredCharactersMap(line, levels.levels) }
    const stretches = breakLines(paragraph, options.width, measure)
    return (stretches.length === 0 ? [{ start: 0, end: 0 }] : stretches).map((stretch) => placeLine(paragraph, stretch, options, measure, stack))
  })
}
