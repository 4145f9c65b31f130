import { describe, expect, it } from 'vitest'
import { coach, type TextKind } from './coach.js'
import { DEFAULT_TERMS } from './default-terms.js'
import { countSyllables, readability } from './readability.js'

function rules(text: string, kind: TextKind = 'family'): string[] {
  return coach(text, kind, DEFAULT_TERMS).findings.map((finding) => finding.rule)
}

describe('the plain-language coach', () => {
  it('flags jargon from the list with its place in the text and a suggestion', () => {
    const text = 'Claire is non-compliant and there is domestic violence.'
    const findings = coach(text, 'family', DEFAULT_TERMS).findings
    const nonCompliant = findings.find((finding) => finding.message.includes('non-compliant'))
    expect(nonCompliant).toMatchObject({ rule: 'jargon', start: text.indexOf('non-compliant'), end: text.indexOf('non-compliant') + 13 })
    expect(nonCompliant?.suggestion).toMatch(/what the person did not do/)
    expect(findings.some((finding) => text.slice(finding.start, finding.end) === 'domestic violence')).toBe(true)
  })

  it('matches terms whatever their case, but only as whole words', () => {
    expect(rules('There was a FIGHT.')).toContain('jargon')
    expect(rules('Dean is a firefighter.')).not.toContain('jargon')
    expect(rules('Contact the school.')).toContain('jargon')
    expect(rules('Claire kept in contactless touch.')).not.toContain('jargon')
  })

  it('flags acronyms, listed or not, but not ones families know', () => {
    const findings = coach('After the ICPC the GP and the NHS helped, and the PLU will visit.', 'family', DEFAULT_TERMS).findings
    expect(findings.filter((finding) => finding.rule === 'acronym').map((finding) => finding.message)).toEqual([
      expect.stringContaining('"ICPC"'), expect.stringContaining('"PLU"'),
    ])
    expect(findings.find((finding) => finding.message.includes('ICPC'))?.suggestion).toBe('the first child protection meeting')
  })

  it('advises splitting a long sentence, and leaves short ones alone', () => {
    const long = 'Claire and the children went to stay with Jean last weekend because the house was cold and there was no money for the meter and Dean had taken the car keys again.'
    expect(rules(long)).toContain('long-sentence')
    expect(rules('Claire and the children stayed with Jean. The house was cold.')).not.toContain('long-sentence')
  })

  describe('danger statements', () => {
    it('asks who is worried, about what caregiver behaviour, and what could happen to the child', () => {
      expect(rules('Shouting at home.', 'danger')).toEqual(expect.arrayContaining(['danger-who-is-worried', 'danger-caregiver-behaviour', 'danger-impact-on-child']))
    })
    it('is satisfied by a statement in the three parts', () => {
      const good = 'Rowan (social worker) and Tarnbeck School are worried that when Dean drinks he hits Claire in front of Leo and Maisie, and the children could be badly hurt or grow up frightened.'
      expect(rules(good, 'danger').filter((rule) => rule.startsWith('danger-'))).toEqual([])
    })
  })

  describe('goals', () => {
    it('asks for how long, for presence not absence, and for more than going to a service', () => {
      const bad = 'Dean will attend an anger management course and will not shout.'
      expect(rules(bad, 'goal')).toEqual(expect.arrayContaining(['goal-how-long', 'goal-presence-not-absence', 'goal-not-a-service']))
    })
    it('is satisfied by a goal describing care that will be seen, for a time', () => {
      const good = 'Claire and Dean will sort out disagreements calmly, and Jean and the school will see Leo arrive happy and on time, for 6 months.'
      expect(rules(good, 'goal').filter((rule) => rule.startsWith('goal-'))).toEqual([])
    })
  })

  describe('harm statements', () => {
    it('asks for the caregiver behaviour and the effect on the child', () => {
      expect(rules('Things have been difficult at home.', 'harm')).toEqual(expect.arrayContaining(['harm-caregiver-behaviour', 'harm-effect-on-child']))
    })
    it('is satisfied when both are there', () => {
      const good = 'On 9 July Dean hit Claire while Leo watched. Leo hid in his room with Maisie and was too frightened to sleep.'
      expect(rules(good, 'harm').filter((rule) => rule.startsWith('harm-'))).toEqual([])
    })
  })

  describe('complicating factors', () => {
    it('notices one written as harm', () => {
      expect(rules('Dean punched Claire and Leo saw it.', 'complicating')).toContain('complicating-reads-as-harm')
    })
    it('accepts a real complicating factor', () => {
      expect(rules('The family lives a long way from the nearest bus stop and has little money.', 'complicating')).toEqual([])
    })
  })

  it('gives no structure advice on empty text, and structure rules only for their own kind', () => {
    expect(rules('', 'danger')).toEqual([])
    expect(rules('Shouting at home.', 'strength')).toEqual([])
  })
})

describe('readability', () => {
  it('counts syllables the usual way', () => {
    expect(countSyllables('cat')).toBe(1)
    expect(countSyllables('water')).toBe(2)
    expect(countSyllables('family')).toBe(3)
    expect(countSyllables('made')).toBe(1)
  })

  it('scores plain words as easy and professional prose as hard, by the Flesch formula', () => {
    const plain = readability('Leo is safe at home. Mum helps him get to school on time. He likes it.')
    expect(plain.fleschReadingEase).toBeGreaterThan(80)
    const hard = readability('Multi-agency professionals identified considerable apprehension regarding parental capacity, necessitating comprehensive safeguarding intervention.')
    expect(hard.fleschReadingEase).toBeLessThan(10)
    expect(hard.fleschKincaidGrade).toBeGreaterThan(plain.fleschKincaidGrade)
    expect(plain).toMatchObject({ sentences: 3, words: 16 })
  })
})
