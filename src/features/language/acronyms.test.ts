import { describe, expect, it } from 'vitest'
import { ACRONYMS, isAcronym } from './acronyms.js'
import { acronymsFor } from './family-acronyms.js'
import { DEFAULT_TERMS } from './default-terms.js'

describe('acronyms written out for a family', () => {
  it('gives each acronym of the table with what it stands for, its other spellings, and the organisation\'s own', () => {
    const own = [{ term: 'FNP', suggestion: 'family nurse partnership', explanation: 'An acronym.' }, { term: 'ICPC', suggestion: 'IGNORED', explanation: '' }, { term: 'contact', suggestion: 'time with', explanation: '' }]
    const written = new Map(acronymsFor(own).map((entry) => [entry.acronym, entry.spelledOut]))
    expect(written.get('ICPC')).toBe('initial child protection conference')
    expect(written.get('S47')).toBe(written.get('s47'))
    expect(written.get('FNP')).toBe('family nurse partnership')
    expect(written.get('GP')).toBe('family doctor')
    expect(written.has('ICPCs') || written.has('contact')).toBe(false)
  })

  it('has each acronym once, and every one the coach flags is on the recommended list', () => {
    const letters = ACRONYMS.map((acronym) => acronym.acronym)
    expect(new Set(letters).size).toBe(letters.length)
    for (const acronym of ACRONYMS.filter((entry) => entry.familiar !== true)) {
      expect(DEFAULT_TERMS.some((term) => term.term === acronym.acronym), acronym.acronym).toBe(true)
    }
    expect(ACRONYMS.map((acronym) => acronym.acronym)).toEqual(expect.arrayContaining(['ICPC', 'RCPC', 'CP', 'CIN', 'CLA', 'LAC', 'PLO', 'DV', 'DA', 'MASH', 's47', 'TAF', 'EHA', 'LADO', 'GP', 'CAMHS']))
    expect(isAcronym('ICPC') && isAcronym('s47') && isAcronym('ACEs')).toBe(true)
    expect(isAcronym('contact') || isAcronym('A')).toBe(false)
  })
})
