import { describe, expect, it } from 'vitest'
import { clip, formText } from './form.js'

describe('reading form text', () => {
  it('never cuts a character in two', () => {
    const emoji = '\u{1F600}'
    expect(clip(`ab${emoji}`, 3)).toBe('ab')
    expect(clip(`ab${emoji}`, 4)).toBe(`ab${emoji}`)
    expect(formText({ reason: `  ${'x'.repeat(1999)}${emoji}  ` }, 'reason', 2000)).toBe('x'.repeat(1999))
    expect((JSON.parse(JSON.stringify({ text: clip(emoji.repeat(1000), 1001) })) as { text: string }).text).toBe(emoji.repeat(500))
  })

  it('reads anything that is not a string as empty', () => {
    expect(formText({ name: ['a', 'b'] }, 'name')).toBe('')
    expect(formText(undefined, 'name')).toBe('')
  })
})
