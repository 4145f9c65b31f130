import { describe, expect, it } from 'vitest'
import { wellFormedJson } from './audit.js'

describe('audit details as JSON', () => {
  it('replaces half a character, which jsonb would refuse, and keeps everything else', () => {
    const emoji = '\u{1F600}'
    expect(wellFormedJson({ reason: `ok ${emoji}`, cut: emoji.slice(0, 1), literal: '\\ud83d' })).toBe(JSON.stringify({ reason: `ok ${emoji}`, cut: '\uFFFD', literal: '\\ud83d' }))
    expect(wellFormedJson({ list: [emoji.slice(1)] })).toBe('{"list":["\uFFFD"]}')
  })
})
