import { describe, expect, it } from 'vitest'
import { drawnOutOfOrder, layoutText, normaliseText } from './text-layout.js'

const lineOf = (text: string, width = 480) => {
  const lines = layoutText(text, { style: 'regular', size: 12, width })
  expect(lines).toHaveLength(1)
  const [line] = lines
  if (line === undefined) throw new Error('no line')
  return line
}

describe('laying out text for a PDF', () => {
  it('keeps every character a face has, composed, and writes "?" only for what none has', () => {
    expect(normaliseText('Ava\u2019s \u201cbig\u201d day \u2013 soon\u2026')).toBe('Ava\u2019s \u201cbig\u201d day \u2013 soon\u2026')
    expect(normaliseText('Gwenlli\u0308an')).toBe('Gwenll\u00efan')
    expect(normaliseText('a\tb\r\nc\u0007d')).toBe('a b\ncd')
    expect(normaliseText('Ștefan Țurcanu, Šimon Dvořák, Ŵyn, Łucja, Ελένη, Анна, عائشہ, अनिका, অনিক')).not.toContain('?')
    expect(normaliseText('I like Pickle \u{1F600}')).toBe('I like Pickle ?')
  })

  it('prints each character in the first face that has it, so one line holds Latin and Arabic', () => {
    const line = lineOf('Aisha عائشة Khan')
    expect(line.runs.map((run) => run.face.name)).toEqual(['NotoSans', 'IBMPlexSansArabic', 'IBMPlexSansArabic', 'NotoSans'])
    expect(line.runs.map((run) => run.text)).toEqual(['Aisha ', 'عائشة', ' ', 'Khan'])
    // fontkit shapes the Arabic whole and reverses it; the Latin prints straight from the character map.
    expect(line.runs.map((run) => run.shaping)).toEqual(['none', 'whole', 'none', 'none'])
    for (const [index, run] of line.runs.entries()) {
      expect(run.width).toBeGreaterThan(0)
      expect(run.x).toBeCloseTo(line.runs.slice(0, index).reduce((sum, previous) => sum + previous.width, 0), 6)
    }
    expect(line.offset).toBe(0)
  })

  it('reads a line mostly in Arabic script right to left: set at the right, its words in their order from the right', () => {
    const line = lineOf('يوسف يحب Leeds كثيرا', 400)
    expect(line.offset).toBeCloseTo(400 - line.width, 6)
    const texts = line.runs.map((run) => run.text)
    const at = (word: string): number => texts.findIndex((text) => text.includes(word))
    // Left to right on the page: the last word first, then Leeds, then the first two words.
    expect(at('كثيرا')).toBeLessThan(at('Leeds'))
    expect(at('Leeds')).toBeLessThan(at('يوسف يحب'))
  })

  it('keeps a line starting with an Arabic name in an English sentence left to right', () => {
    const line = lineOf('يوسف likes school')
    expect(line.offset).toBe(0)
    expect(line.runs[0]?.text).toBe('يوسف')
  })

  it('shapes Devanagari (in Noto Sans) and Bengali (in its fallback), and knows they are drawn out of reading order', () => {
    const line = lineOf('अनिका and অনিক')
    const indic = line.runs.filter((run) => drawnOutOfOrder(run.text))
    expect(indic.map((run) => [run.face.name, run.text.trim(), run.shaping])).toEqual([['NotoSans', 'अनिका and', 'words'], ['NotoSansBengali', 'অনিক', 'words']])
    expect(drawnOutOfOrder('Ŵyn and عائشہ')).toBe(false)
  })

  it('shapes Latin letters with combining marks that have no composed form', () => {
    const line = lineOf('Ta\u0331ne')
    expect(line.runs.map((run) => run.shaping)).toEqual(['words'])
  })

  it('breaks lines at spaces within the width, keeping every word, and breaks a word too long for any line', () => {
    const text = 'Łucja Wiśniewska walks to school with her nan every morning, and Šimon Dvořák goes with them when he can.'
    const lines = layoutText(text, { style: 'regular', size: 12, width: 150 })
    expect(lines.length).toBeGreaterThan(3)
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(150.01)
    expect(lines.map((line) => line.runs.map((run) => run.text).join('')).join(' ').replace(/\s+/g, ' ')).toBe(text)
    const long = layoutText('W'.repeat(200), { style: 'bold', size: 12, width: 100 })
    expect(long.length).toBeGreaterThan(5)
    for (const line of long) expect(line.width).toBeLessThanOrEqual(100.01)
    expect(long.map((line) => line.runs.map((run) => run.text).join('')).join('')).toBe('W'.repeat(200))
  })

  it('keeps a line break as a line, an empty one too, every line as tall as the main face makes it', () => {
    const lines = layoutText('Why: Nan collects\n\nWho makes sure: Ŵyn', { style: 'regular', size: 10, width: 400, lineGap: 2 })
    expect(lines).toHaveLength(3)
    expect(lines[1]?.runs).toEqual([])
    expect(new Set(lines.map((line) => line.height)).size).toBe(1)
    expect(lines[0]?.height).toBeGreaterThan(10 + 2)
  })
})
