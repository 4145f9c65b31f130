import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** The words of a PDF as pdftotext (poppler-utils) reads them back, as a screen reader or a copy would get them. */
export function pdfText(pdf: Buffer, args: string[] = []): string {
  if (!fs.existsSync('/usr/bin/pdftotext')) throw new Error('pdftotext is needed: apt-get install poppler-utils')
  const file = path.join(os.tmpdir(), `mapwell-pdf-${crypto.randomUUID()}.pdf`)
  fs.writeFileSync(file, pdf)
  try {
    return execFileSync('/usr/bin/pdftotext', [...args, file, '-'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString()
  } finally {
    fs.rmSync(file)
  }
}

/** What pdftotext says on stderr: poppler warns there of a broken content stream (an unmatched EMC, say). */
export function pdfWarnings(pdf: Buffer): string {
  const file = path.join(os.tmpdir(), `mapwell-pdf-${crypto.randomUUID()}.pdf`)
  fs.writeFileSync(file, pdf)
  try {
    const result = execFileSync('/bin/sh', ['-c', `/usr/bin/pdftotext "${file}" - 2>&1 >/dev/null`])
    return result.toString()
  } finally {
    fs.rmSync(file)
  }
}

/**
 * Text read back, made comparable: NFKC turns Arabic presentation forms back into letters, the
 * direction marks pdftotext puts round right-to-left words go, and runs of white space become one.
 */
export function comparable(text: string): string {
  return text.normalize('NFKC').replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ')
}

/** With no white space at all: pdftotext may move a space to the other side of a right-to-left word. */
export function squashed(text: string): string {
  return comparable(text).replace(/\s/g, '')
}

/** Children's names the documents must print exactly: Welsh, Polish, Romanian, Czech, Urdu and Arabic. */
export const NAMES = ['Gwenllïan ap Dafydd', 'Ŵyn', 'Łucja Wiśniewska', 'Ștefan Țurcanu', 'Šimon Dvořák', 'عائشہ', 'يوسف'] as const

/** A Unicode string as pdfkit writes it into a PDF: UTF-16 with its byte order mark, then escaped for a PDF literal. */
export function pdfString(text: string): Buffer {
  const escapes: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '\\': '\\\\', '(': '\\(', ')': '\\)' }
  const bytes = Buffer.from(`\ufeff${text}`, 'utf16le').swap16().toString('latin1')
  return Buffer.from(`(${bytes.replace(/[\n\r\t\b\f\\()]/g, (character) => escapes[character] ?? character)})`, 'latin1')
}
