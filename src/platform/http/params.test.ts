import { describe, expect, it } from 'vitest'
import { messageFor } from './params.js'

describe('the message a redirect names', () => {
  const table = { entry: 'Your point was added', scale: 'Your scale was saved' }

  it('gives the text for a key the table holds', () => {
    expect(messageFor(table, 'entry')).toBe('Your point was added')
  })

  it('gives nothing for a missing key, no key, or a name every object inherits', () => {
    expect(messageFor(table, 'other')).toBeUndefined()
    expect(messageFor(table, undefined)).toBeUndefined()
    for (const inherited of ['valueOf', 'toString', 'constructor', '__proto__', 'hasOwnProperty']) expect(messageFor(table, inherited)).toBeUndefined()
  })
})
