import { describe, expect, it } from 'vitest'
import { adviceSummary, presentFamilyCopyReview } from './share-review.presenter.js'
import type { FamilyCopyReview } from './share-review.service.js'

const FAMILY = '00000000-0000-4000-8000-000000000001'

function review(overrides: Partial<FamilyCopyReview> = {}): FamilyCopyReview {
  return { mapVersion: 3, planVersion: 1, level: 'child-protection', entries: [], rules: [], ...overrides }
}

describe('the check before sharing', () => {
  it('says what the coach found, worked out from the texts', () => {
    expect(adviceSummary(0, 0, 'Nothing yet.')).toBe('Nothing yet.')
    expect(adviceSummary(1, 0, '')).toBe('The coach has no advice on any of the 1 text.')
    expect(adviceSummary(4, 0, '')).toBe('The coach has no advice on any of the 4 texts.')
    expect(adviceSummary(4, 2, '')).toBe('The coach has advice on 2 of the 4 texts.')
  })

  it('says there is no advice when there is none, and offers to share', () => {
    const page = presentFamilyCopyReview(FAMILY, 'The Khan family', review({
      entries: [{ id: 'a', kind: 'map-entry', category: 'strength', by: 'Sadia Khan (mum)', texts: [{ written: 'Sadia reads to Amir every night.', familyReads: 'Sadia reads to Amir every night.', advice: [] }] }],
    }), { shared: false })
    expect(page.summary).toBe('The coach has no advice on any of the 1 text.')
    expect(page.hasAdvice).toBe(false)
    expect(page.nothing).toBe(false)
    expect(page.writtenOut).toBeUndefined()
    expect(page.sections[0]?.things[0]?.rows[0]?.familyReads).toBeUndefined()
  })

  it('names each card uniquely, shows what the family will read when it differs, and links each to its own form and back', () => {
    const danger = (id: string) => ({ id, kind: 'map-entry' as const, category: 'danger' as const, by: 'Rowan Ashby (social worker)', texts: [{ written: 'Before the ICPC', familyReads: 'Before the initial child protection conference (ICPC)', advice: [{ message: '"ICPC": An acronym.', suggestion: 'Write it out.' }] }] })
    const page = presentFamilyCopyReview(FAMILY, 'The Khan family', review({
      entries: [danger('a'), danger('b')],
      rules: [{ id: 'r', kind: 'plan-rule', ruleKind: 'bottom-line', texts: [{ field: 'The bottom line', written: 'No visits after 6pm', familyReads: 'No visits after 6pm', advice: [] }] }],
    }), { shared: false, changed: 'b' })
    expect(page.sections[0]?.things.map((thing) => thing.title)).toEqual(['Danger statement 1, said by Rowan Ashby (social worker)', 'Danger statement 2, said by Rowan Ashby (social worker)'])
    expect(page.sections[0]?.things[1]?.changed).toBe(true)
    expect(page.changed).toBe(true)
    expect(page.summary).toBe('The coach has advice on 2 of the 3 texts.')
    expect(page.writtenOut).toBe('2 texts will read differently in the family\'s copies: acronyms are written out, and anything kept from the family is left out.')
    expect(page.sections[0]?.things[0]?.changeHref).toBe(`/families/${FAMILY}/map/entries/a/edit?returnTo=%2Ffamilies%2F${FAMILY}%2Fshare-review`)
    expect(page.sections[1]?.things[0]?.title).toBe('Bottom line')
    expect(page.sections[1]?.things[0]?.changeHref).toBe(`/families/${FAMILY}/plan/rules/r/edit?returnTo=%2Ffamilies%2F${FAMILY}%2Fshare-review`)
  })

  it('says when there is nothing to share yet', () => {
    const page = presentFamilyCopyReview(FAMILY, 'The Khan family', review(), { shared: false })
    expect(page.nothing).toBe(true)
    expect(page.summary).toBe('There is nothing on the map or the plan to share yet.')
  })
})
