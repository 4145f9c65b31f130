import { describe, expect, it } from 'vitest'
import { describeTold } from './network.presenter.js'

describe('what a member was told, in words', () => {
  it('names each thing with the version they were told', () => {
    expect(describeTold({
      items: ['danger-statements', 'words-and-pictures', 'safety-plan'], mapVersion: 12, planVersion: 3,
      booklets: [{ bookletId: 'b1', version: 2, title: 'Leo\'s words and pictures' }, { bookletId: 'b2', version: 1, title: 'For Maisie' }],
    }, 'child-protection')).toBe('the danger statements (map version 12), the words and pictures ("Leo\'s words and pictures", version 2; "For Maisie", version 1) and the safety plan (version 3)')
  })

  it('uses the words of the family\'s level of help, and says no version when there was none', () => {
    expect(describeTold({ items: ['danger-statements'], mapVersion: 4, planVersion: null, booklets: [] }, 'early-help')).toBe('the worry statements (map version 4)')
    expect(describeTold({ items: ['safety-plan', 'words-and-pictures'], mapVersion: null, planVersion: null, booklets: [] }, null)).toBe('the words and pictures and the safety plan')
  })
})
