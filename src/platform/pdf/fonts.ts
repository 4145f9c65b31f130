import fs from 'node:fs'
import { createRequire } from 'node:module'
import * as fontkit from 'fontkit'

/**
 * The fonts every PDF for families is set in. PDF's standard Helvetica knows only Windows-1252, so a
 * Welsh ŵ, a Polish ł or a name in Arabic script came out as "?". Noto Sans covers Latin (with every
 * extension Welsh, Polish, Czech and Romanian need), Greek, Cyrillic and Devanagari; the faces after it are the
 * fallbacks for the scripts it lacks. They come from the Google Fonts packages on npm (OFL-1.1), so
 * no font file is kept in this repository; pdfkit embeds only the glyphs a document uses.
 *
 * Arabic script (Arabic and Urdu) is in IBM Plex Sans Arabic rather than Noto Sans Arabic: Noto draws
 * a dotted letter as a shared dotless shape plus its dots, and a PDF can map each shape to one letter
 * only, so text read back from the PDF (by a screen reader, or copied) turned ب into ئ. Plex has one
 * glyph for each form of each letter, so every letter reads back as itself.
 */
export type FontStyle = 'regular' | 'bold' | 'italic'

export interface Face {
  /** The name the face is registered under in each document. */
  name: string
  font: fontkit.Font
  bytes: Buffer
  /** Ascent, descent (positive, below the baseline) and line gap, as shares of the font size. */
  ascent: number
  descent: number
  lineGap: number
}

const require = createRequire(import.meta.url)

interface FaceFile { name: string; file: string }

const SANS = '@expo-google-fonts/noto-sans'
const ARABIC = '@expo-google-fonts/ibm-plex-sans-arabic'
const BENGALI = '@expo-google-fonts/noto-sans-bengali'

/** Each style's faces in the order they are tried: the first with a glyph for a character prints it. */
const STACKS: Record<FontStyle, FaceFile[]> = {
  regular: [
    { name: 'NotoSans', file: `${SANS}/400Regular/NotoSans_400Regular.ttf` },
    { name: 'IBMPlexSansArabic', file: `${ARABIC}/400Regular/IBMPlexSansArabic_400Regular.ttf` },
    { name: 'NotoSansBengali', file: `${BENGALI}/400Regular/NotoSansBengali_400Regular.ttf` },
  ],
  bold: [
    { name: 'NotoSans-Bold', file: `${SANS}/700Bold/NotoSans_700Bold.ttf` },
    { name: 'IBMPlexSansArabic-Bold', file: `${ARABIC}/700Bold/IBMPlexSansArabic_700Bold.ttf` },
    { name: 'NotoSansBengali-Bold', file: `${BENGALI}/700Bold/NotoSansBengali_700Bold.ttf` },
  ],
  // Arabic and Bengali have no italic: upright letters are right there.
  italic: [
    { name: 'NotoSans-Italic', file: `${SANS}/400Regular_Italic/NotoSans_400Regular_Italic.ttf` },
    { name: 'IBMPlexSansArabic', file: `${ARABIC}/400Regular/IBMPlexSansArabic_400Regular.ttf` },
    { name: 'NotoSansBengali', file: `${BENGALI}/400Regular/NotoSansBengali_400Regular.ttf` },
  ],
}

const loaded = new Map<string, Face>()

function load(file: FaceFile): Face {
  const known = loaded.get(file.name)
  if (known !== undefined) return known
  const bytes = fs.readFileSync(require.resolve(file.file))
  const font = fontkit.create(bytes)
  if (!('hasGlyphForCodePoint' in font)) throw new Error(`${file.file} is a font collection, not one font`)
  const face: Face = {
    name: file.name, font, bytes,
    ascent: font.ascent / font.unitsPerEm,
    descent: Math.abs(font.descent) / font.unitsPerEm,
    lineGap: font.lineGap / font.unitsPerEm,
  }
  loaded.set(file.name, face)
  return face
}

/** The faces of one style, main face first. Read from disk once for the whole process. */
export function facesFor(style: FontStyle): Face[] {
  return STACKS[style].map(load)
}

/** Every face any style uses, once each: what a document registers. */
export function allFaces(): Face[] {
  return [...new Map((Object.keys(STACKS) as FontStyle[]).flatMap(facesFor).map((face) => [face.name, face])).values()]
}

export function hasGlyph(face: Face, codePoint: number): boolean {
  return face.font.hasGlyphForCodePoint(codePoint)
}

/** Whether any face of the style can print the character. */
export function printable(style: FontStyle, codePoint: number): boolean {
  return facesFor(style).some((face) => hasGlyph(face, codePoint))
}
