import { describe, expect, it } from 'vitest'
import { comparable, NAMES, pdfText, squashed } from '../../../test/support/pdf-text.js'
import { familyVersionPdf } from '../map/index.js'
import { ACRONYMS } from '../language/index.js'
import { buildPlanDocument } from './plan-document.js'
import type { RuleState } from './plan.repository.js'

const rule = (index: number, text: string, whoMakesSure: string): RuleState => ({
  ruleId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, kind: 'rule', version: 1, planVersion: 3, text, statementEntryId: null,
  whoMakesSure, warningSigns: '', ifBroken: 'The network meets', childWordsIds: [], typedByName: 'Rowan Ashby', typedAt: new Date('2026-12-01T10:00:00Z'), createdAt: new Date('2026-12-01T10:00:00Z'),
})

describe('the safety plan, whatever the children and their network are called', () => {
  it('prints every name exactly: the children in the title, and who makes sure of each rule', async () => {
    const document = buildPlanDocument({
      familyName: 'The Dafydd family', readerName: 'Jean Pollard', forNetworkMember: false, childNames: [...NAMES], planVersion: 3,
      agreement: { agreedBy: NAMES.join(', '), agreedOn: '2026-12-02', planVersion: 3 },
      rules: NAMES.map((name, index) => rule(index, `${name} is collected from school by an adult`, name)),
      statements: [], words: [], summaries: new Map(), stages: [], today: '2026-12-04', acronyms: ACRONYMS,
    })
    const text = pdfText(await familyVersionPdf(document, 'Safety plan'))
    const read = comparable(text)
    for (const name of NAMES) {
      expect(read.split(name.normalize('NFKC')).length - 1, `${name} in the title, the intro, the agreement, the rule and who makes sure`).toBeGreaterThanOrEqual(5)
      expect(squashed(text), name).toContain(squashed(`Who makes sure: ${name}`))
    }
    expect(text).not.toContain('?')
  })
})
