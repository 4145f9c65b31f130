import { describe, expect, it } from 'vitest'
import { MESSAGES, parseDate, parseFamilySearch } from './families.schema.js'

describe('the family search box', () => {
  it('recognises an NHS number, checking its check digit', () => {
    expect(parseFamilySearch('943 476 5919').search).toEqual({ by: 'nhs-number', number: '9434765919' })
    expect(parseFamilySearch('943 476 5918').error).toBe(MESSAGES.nhsNumberInvalid)
  })

  it('recognises a date of birth however it is typed, and refuses dates that do not exist', () => {
    for (const typed of ['27/3/2019', '27-03-2019', '2019-03-27', '27 March 2019', '27 mar 2019']) {
      expect(parseFamilySearch(typed).search).toEqual({ by: 'date-of-birth', date: '2019-03-27' })
    }
    expect(parseFamilySearch('31/2/2019').error).toBe(MESSAGES.dateInvalid)
    expect(parseDate('12 Smarch 2019')).toBeUndefined()
  })

  it('treats anything else as a name, needing two letters', () => {
    expect(parseFamilySearch('  leo   ashwerth ').search).toEqual({ by: 'name', text: 'leo ashwerth' })
    expect(parseFamilySearch('a').error).toBe(MESSAGES.searchTooShort)
    expect(parseFamilySearch('').search).toBeUndefined()
  })
})
