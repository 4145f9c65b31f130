import { describe, expect, it } from 'vitest'
import { goalDuration, weeksNeeded } from './goal-duration.js'

describe('how long a goal says it needs to be seen', () => {
  it.each([
    ['Claire and the children will live calmly, for 6 months.', 26, 'for 6 months'],
    ['Leo will get to school on time every day for six months.', 26, 'for six months'],
    ['Dean will not come to the house for the next four months.', 17, 'for the next four months'],
    ['Maisie will sleep in her own bed for 12 weeks.', 12, 'for 12 weeks'],
    ['Jean will collect the children every Friday for twelve weeks.', 12, 'for twelve weeks'],
    ['Claire will keep every appointment for 18 months.', 78, 'for 18 months'],
    ['Claire will keep every appointment for eighteen months.', 78, 'for eighteen months'],
    ['The children will be safe at home for a year.', 52, 'for a year'],
    ['The children will be safe at home for a whole year.', 52, 'for a whole year'],
    ['The children will be safe at home for one full year.', 52, 'for one full year'],
    ['Claire will call Jean when she is worried, for at least 3 months.', 13, 'for at least 3 months'],
    ['The house will be calm for twenty-four months.', 104, 'for twenty-four months'],
    ['The house will be calm for twenty one weeks.', 21, 'for twenty one weeks'],
    ['The house will be calm For Two Years.', 104, 'For Two Years'],
    ['The house will be calm for 1 week.', 1, 'for 1 week'],
  ])('reads "%s" as %i weeks', (text, weeks, words) => {
    expect(goalDuration(text)).toEqual({ kind: 'weeks', weeks, words })
  })

  it('asks once for a goal that runs to the end of the school year, rather than guessing', () => {
    expect(goalDuration('Leo will go to school every day until the end of the school year.')).toEqual({ kind: 'ask', words: 'until the end of the school year' })
  })

  it.each([
    'Claire and the children will live calmly.',
    'Dean will see the children for an hour on Saturdays.',
    'Leo will be in bed by 7 each night, for most weeks.',
    'The house will be calm for twenty-five months.',
    'The house will be calm for 0 weeks.',
    'Fortnightly visits for months.',
    '',
  ])('finds no duration in "%s"', (text) => {
    expect(goalDuration(text)).toBeUndefined()
  })

  it('uses what the worker set on the plan over the goal\'s words, and the goal\'s words over nothing', () => {
    expect(weeksNeeded('Calm at home for 6 months.', 10)).toMatchObject({ weeks: 10, from: 'plan' })
    expect(weeksNeeded('Calm at home for 6 months.', undefined)).toMatchObject({ weeks: 26, from: 'goal' })
    expect(weeksNeeded('Calm at home until the end of the school year.', undefined)).toMatchObject({ weeks: undefined, from: 'none', duration: { kind: 'ask' } })
    expect(weeksNeeded('Calm at home.', undefined)).toEqual({ weeks: undefined, from: 'none', duration: undefined })
  })
})

describe('goals that run to a time or an event, written in words', () => {
  it.each([
    ['Megan will leave Alfie only with Sue, until Alfie starts school.', 'until Alfie starts school'],
    ['Until Maisie starts nursery, Claire and Gran will take her to toddler group.', 'Until Maisie starts nursery'],
    ['Beth will see Esther gaining weight, until Esther is one.', 'until Esther is one'],
    ['Claire will keep the kitchen clean, until Christmas.', 'until Christmas'],
    ['Aisha will get to school on time, until the summer holidays.', 'until the summer holidays'],
    ['Tyler will be home by 9pm, until the end of the spring term.', 'until the end of the spring term'],
    ['Zofia will get to school safely, for the whole of the autumn term.', 'for the whole of the autumn term'],
    ['Zofia will call her aunt when she feels unsafe, over the next school year.', 'over the next school year'],
    ['Chantelle will take Jordan to the school gate by 8.45, through the summer term.', 'through the summer term'],
    ['Claire will keep the house warm for the rest of the year.', 'for the rest of the year'],
    ['Leo will sleep in his own bed until Maisie\'s third birthday.', 'until Maisie\'s third birthday'],
  ])('asks for the weeks of "%s"', (text, words) => {
    expect(goalDuration(text)).toEqual({ kind: 'ask', words })
  })

  it('reads "over the next 3 months" and "for a period of 12 months" as lengths', () => {
    expect(goalDuration('Calm at home over the next 3 months.')).toEqual({ kind: 'weeks', weeks: 13, words: 'over the next 3 months' })
    expect(goalDuration('Calm at home for a period of 12 months.')).toEqual({ kind: 'weeks', weeks: 52, words: 'for a period of 12 months' })
  })

  it('does not take an open-ended "until" for a time', () => {
    expect(goalDuration('The family will attend all meetings until case closure.')).toBeUndefined()
    expect(goalDuration('Claire will ring Gran until she feels better.')).toBeUndefined()
  })
})
