import { describe, expect, it } from 'vitest'
import { familyWords } from './family-words.js'

const ACRONYMS = [
  { acronym: 'ICPC', spelledOut: 'initial child protection conference' },
  { acronym: 'RCPC', spelledOut: 'review child protection conference' },
  { acronym: 'CP', spelledOut: 'child protection' },
  { acronym: 'EHA', spelledOut: 'early help assessment' },
  { acronym: 's47', spelledOut: 'section 47 enquiry' },
  { acronym: 'TAF', spelledOut: 'the team around the family' },
]

describe('familyWords', () => {
  it('writes an acronym out, keeping its letters in brackets the first time', () => {
    expect(familyWords('At the ICPC, Jo said the ICPC would meet again.', ACRONYMS))
      .toBe('At the initial child protection conference (ICPC), Jo said the initial child protection conference would meet again.')
  })

  it('reads the longest acronym first, and only whole words', () => {
    expect(familyWords('The RCPC is in May. ICPCS and CPR are not acronyms here.', ACRONYMS))
      .toBe('The review child protection conference (RCPC) is in May. ICPCS and CPR are not acronyms here.')
  })

  it('leaves letters alone whose case differs, so a word is never taken for an acronym', () => {
    expect(familyWords('cp and Cp stay; CP goes.', ACRONYMS)).toBe('cp and Cp stay; child protection (CP) goes.')
  })

  it('chooses "a" or "an" for the words that now follow', () => {
    expect(familyWords('There will be an ICPC and a EHA. A CP plan.', ACRONYMS))
      .toBe('There will be an initial child protection conference (ICPC) and an early help assessment (EHA). A child protection (CP) plan.')
  })

  it('says "the" once when the words begin with it', () => {
    expect(familyWords('The TAF meets. Ask the TAF.', ACRONYMS)).toBe('The team around the family (TAF) meets. Ask the team around the family.')
  })

  it('writes out legal references too', () => {
    expect(familyWords('A s47 was started.', ACRONYMS)).toBe('A section 47 enquiry (s47) was started.')
  })

  it('changes nothing a second time, so every copy says the same', () => {
    const once = familyWords('Jo is worried that at the ICPC and the CP plan…', ACRONYMS)
    expect(familyWords(once, ACRONYMS)).toBe(once)
  })

  it('leaves labels as the worker wrote them', () => {
    const text = 'Jo is worried about domestic violence and that Dean is non-compliant.'
    expect(familyWords(text, ACRONYMS)).toBe(text)
  })

  it('leaves text alone when there is nothing to write out', () => {
    expect(familyWords('', ACRONYMS)).toBe('')
    expect(familyWords('ICPC', [])).toBe('ICPC')
  })
})
