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

  it('finds a term in its other forms and in the middle of a sentence, but not inside other words', () => {
    const flagged = (text: string): string[] => coach(text, 'family', DEFAULT_TERMS).findings.filter((finding) => finding.rule === 'jargon').map((finding) => text.slice(finding.start, finding.end))
    expect(flagged('Claire engaged well, but Dean has not been engaging and refused to engage.')).toEqual(['engaged', 'engaging', 'engage'])
    expect(flagged('Dean complied at first; his compliance did not last.')).toEqual(['complied', 'compliance'])
    expect(flagged('Megan is Non-Compliant and presents as low in mood.')).toEqual(['Non-Compliant', 'presents as', 'low in mood'])
    expect(flagged('Claire showed Leo her engagement ring. Dean carried a case of water. Leo packed his suitcase.')).toEqual([])
    expect(flagged('The house was discontented; Dean is a firefighter.')).toEqual([])
  })

  it('keeps working with an organisation\'s own list, and gives its own words the forms of the recommended ones', () => {
    const own = [{ term: 'Engage', suggestion: 'say what they did', explanation: 'Ours.' }, { term: 'kinship arrangement', suggestion: 'living with family', explanation: 'Ours.' }]
    const findings = coach('Dean stopped engaging. A kinship-arrangement is planned.', 'family', own).findings
    expect(findings.map((finding) => finding.suggestion)).toEqual(['say what they did', 'living with family'])
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

  it('lets a well-formed danger statement or goal run longer than other writing, but not without end', () => {
    const danger = 'Children\'s services and Tarnbeck School are worried that when Dean has been drinking he shouts at Claire and pushes her, sometimes in front of Leo and Maisie, and that the children might be badly hurt or grow up believing that this is how adults treat each other.'
    expect(rules(danger, 'danger')).not.toContain('long-sentence')
    expect(rules(danger, 'family')).toContain('long-sentence')
    const goal = 'When Dean has been drinking he will stay at his brother\'s house, and Claire, Gran and Rowan will see Leo and Maisie at home, calm and safe, every weekend until the end of the school year.'
    expect(rules(goal, 'goal')).toEqual([])
    const rambling = `${danger.slice(0, -1)}, and that Leo will keep missing school, and that Maisie will stop talking at nursery, and that Claire will lose her job, and that nobody will notice.`
    expect(rules(rambling, 'danger')).toContain('long-sentence')
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
    it('takes a duration written in words, to a time or an event', () => {
      for (const time of ['for the next four months', 'until the end of the school year', 'for six weeks', 'until Leo starts school']) {
        expect(rules(`Claire will walk Leo to school every day, and Gran will see this, ${time}.`, 'goal'), time).not.toContain('goal-how-long')
      }
      expect(rules('The family will attend all meetings until case closure.', 'goal')).toContain('goal-how-long')
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

  describe('pages written for a child', () => {
    it('asks for sentences of about 12 words, where adults get 25', () => {
      const sentence = 'Sam is a helper who comes to see you and Mum at home every week.'
      expect(rules(sentence, 'child')).toContain('long-sentence')
      expect(rules(sentence, 'family')).not.toContain('long-sentence')
      expect(rules('Sam comes to see you and Mum every week.', 'child')).not.toContain('long-sentence')
    })

    it('points gently to long words once each, but not to names or words children know', () => {
      const text = 'Sometimes grown-ups need some assistance. The assistance comes from Rowena and your family.'
      const findings = coach(text, 'child', DEFAULT_TERMS).findings.filter((finding) => finding.rule === 'child-long-word')
      expect(findings.map((finding) => text.slice(finding.start, finding.end))).toEqual(['assistance'])
      expect(findings[0]?.message).toContain('may be a long word for a child')
      expect(rules('Everybody in the family loves dinosaurs.', 'child')).not.toContain('child-long-word')
    })

    it('says when a page has more than one idea (more than about 3 sentences)', () => {
      expect(rules('Mum loves you. Dad loves you. Sam helps. Gran visits.', 'child')).toContain('child-one-idea')
      expect(rules('Mum loves you. Sam helps. Gran visits.', 'child')).not.toContain('child-one-idea')
    })

    it('does not say a listed word twice for being long as well', () => {
      const findings = coach('Sam helps with safeguarding.', 'child', DEFAULT_TERMS).findings
      expect(findings.filter((finding) => finding.message.includes('safeguarding'))).toHaveLength(1)
    })

    it('judges reading ease for a reading age of about 7 to 8', () => {
      expect(coach('Mum and Dad love you. Sam helps them.', 'child', DEFAULT_TERMS).readability.advice).toMatch(/^Easy for a child to read/)
      const hard = coach('Professionals identified considerable difficulties regarding communication.', 'child', DEFAULT_TERMS).readability
      expect(hard.advice).toMatch(/^May be hard for a child of 7 or 8/)
      // The same text is judged against adults' reading for other kinds.
      expect(coach('Sam is a helper. She talks with Mum about being safe at home.', 'family', DEFAULT_TERMS).readability.advice).toMatch(/^Easy to read/)
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
