import { describe, expect, it } from 'vitest'
import { ACRONYMS, isAcronym, spellOutAcronyms } from './acronyms.js'
import { DEFAULT_TERMS } from './default-terms.js'

describe('acronyms written out for a family', () => {
  it('writes out every acronym in the table, saying "the" once', () => {
    expect(spellOutAcronyms('Before the ICPC and the RCPC.')).toBe('Before the first child protection meeting and the review child protection meeting.')
    expect(spellOutAcronyms('Leo has a CP plan and sees CAMHS.')).toBe('Leo has a child protection plan and sees the children\'s mental health service.')
    expect(spellOutAcronyms('Rowan will talk to the GP and the SENCO.')).toBe('Rowan will talk to the family doctor (GP) and the teacher who helps children who need extra support.')
  })

  it('starts a sentence with a capital letter', () => {
    expect(spellOutAcronyms('ICPC is on Monday. MASH looked at it first.')).toBe('The first child protection meeting is on Monday. The team that first looks at worries about a child looked at it first.')
  })

  it('matches whole acronyms in capitals only, and sections of an Act in either case', () => {
    expect(spellOutAcronyms('The CINEMA trip and the Cinderella play.')).toBe('The CINEMA trip and the Cinderella play.')
    expect(spellOutAcronyms('Rowan started the s47 on Monday and the S47 ended on Friday.')).toBe('Rowan started an enquiry to find out if a child is safe on Monday and an enquiry to find out if a child is safe ended on Friday.')
    expect(spellOutAcronyms('An LA decision and a EHA.')).toBe('The council decision and an early help assessment.')
    expect(spellOutAcronyms('the pla was late')).toBe('the pla was late')
  })

  it('writes out the organisation\'s own acronyms with its suggestion, and the table\'s with the table\'s words', () => {
    const own = [{ term: 'FNP', suggestion: 'the family nurse', explanation: 'An acronym.' }, { term: 'ICPC', suggestion: 'IGNORED', explanation: '' }]
    expect(spellOutAcronyms('The FNP and the ICPC.', own)).toBe('The family nurse and the first child protection meeting.')
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
