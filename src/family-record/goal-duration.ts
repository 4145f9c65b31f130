/**
 * How long a goal says it needs to be seen, read from the goal's own words ("for 6 months", "for
 * the next four months", "for a whole year", "until Leo starts school"), so that it is typed once, in the goal. The map
 * writes goals; the plan and the readiness checklist use the weeks.
 */
export type GoalDuration =
  /** A length the goal gives: in weeks, with the words it was read from. */
  | { kind: 'weeks'; weeks: number; words: string }
  /** A goal that runs to a date ("until the end of the school year"): the worker is asked for the weeks, once. */
  | { kind: 'ask'; words: string }

const UNITS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty']

/** "one" to "twenty-four" (or "twenty four"), "a" and "an" as one, digits as they are; anything else is not a number. */
function numberFrom(word: string): number | undefined {
  const lower = word.toLowerCase().replace(/\s+|-/g, ' ').trim()
  if (/^\d{1,3}$/.test(lower)) return Number(lower)
  if (lower === 'a' || lower === 'an' || lower === 'a whole' || lower === 'a full' || lower === 'one whole' || lower === 'one full') return 1
  const unit = UNITS.indexOf(lower)
  if (unit >= 0) return unit + 1
  const twenty = /^twenty (one|two|three|four)$/.exec(lower)
  if (twenty?.[1] !== undefined) return 20 + UNITS.indexOf(twenty[1]) + 1
  return undefined
}

const NUMBER = String.raw`\d{1,3}|twenty[\s-](?:one|two|three|four)|${UNITS.join('|')}|a\s+(?:whole|full)|one\s+(?:whole|full)|an?`
const LENGTH = new RegExp(String.raw`\b(?:for|over)\s+(?:at\s+least\s+|the\s+(?:next|coming)\s+|another\s+|a\s+further\s+|a\s+period\s+of\s+)?(${NUMBER})\s+(weeks?|months?|years?)\b`, 'i')
const TERM = String.raw`(?:(?:autumn|spring|summer|christmas|easter)\s+)?(?:school\s+)?(?:term|half[\s-]term|holidays?)`
const OCCASION = String.raw`christmas|easter|new\s+year|half[\s-]term|(?:the\s+)?(?:summer|christmas|easter|school)\s+holidays?|january|february|march|april|may|june|july|august|september|october|november|december`
/**
 * A goal that runs to a time or an event rather than for a length: "until the end of the school
 * year", "for the whole of the autumn term", "through the summer term", "over the next school year", "until Christmas",
 * "until Leo starts school", "until Esther is one". Someone's name, then starts, goes back to or is.
 */
const UNTIL = new RegExp([
  String.raw`\buntil\s+the\s+end\s+of\s+(?:the\s+|this\s+|next\s+)?(?:school\s+year|year|${TERM})\b`,
  String.raw`\b(?:for|over|through|throughout)\s+(?:the\s+)?(?:whole\s+(?:of\s+)?(?:the\s+)?|rest\s+of\s+the\s+|(?:next|coming)\s+)?(?:school\s+year|${TERM})\b`,
  String.raw`\b(?:for|over)\s+the\s+(?:whole\s+(?:of\s+the\s+)?|rest\s+of\s+the\s+|next\s+|coming\s+)year\b`,
  String.raw`\buntil\s+(?:after\s+)?(?:${OCCASION})\b`,
  String.raw`\buntil\s+[A-Z][\p{L}'’-]+\s+(?:starts|goes\s+back\s+to|moves\s+up\s+to|leaves)\s+(?:school|nursery|secondary\s+school|college|primary\s+school|reception|year\s+\w+)\b`,
  String.raw`\buntil\s+[A-Z][\p{L}'’-]+\s+(?:is|turns)\s+(?:\d{1,2}|${UNITS.join('|')})(?:\s+(?:months?|years?)(?:\s+old)?)?\b`,
  String.raw`\buntil\s+[A-Z][\p{L}'’-]+['’]s\s+(?:first|second|third|fourth|fifth|\d{1,2}(?:st|nd|rd|th))\s+birthday\b`,
].join('|'), 'iu')

/** Weeks in a month, and in a year: six months is 26 weeks, a year 52. */
const WEEKS = { week: 1, month: 52 / 12, year: 52 } as const

/** The duration a goal's words give, or undefined when they give none. */
export function goalDuration(text: string): GoalDuration | undefined {
  const length = LENGTH.exec(text)
  if (length?.[1] !== undefined && length[2] !== undefined) {
    const count = numberFrom(length[1])
    const unit = length[2].toLowerCase().replace(/s$/, '') as keyof typeof WEEKS
    if (count !== undefined && count > 0) {
      const weeks = Math.round(count * WEEKS[unit])
      if (weeks >= 1 && weeks <= 520) return { kind: 'weeks', weeks, words: length[0] }
    }
  }
  const until = UNTIL.exec(text)
  if (until !== null) return { kind: 'ask', words: until[0] }
  return undefined
}

/**
 * How many weeks in a row a goal needs to be seen: what the worker set on the plan, if they did;
 * otherwise what the goal's own words say; otherwise not known.
 */
export function weeksNeeded(goalText: string, setOnPlan: number | undefined): { weeks: number | undefined; from: 'plan' | 'goal' | 'none'; duration: GoalDuration | undefined } {
  const duration = goalDuration(goalText)
  if (setOnPlan !== undefined) return { weeks: setOnPlan, from: 'plan', duration }
  if (duration?.kind === 'weeks') return { weeks: duration.weeks, from: 'goal', duration }
  return { weeks: undefined, from: 'none', duration }
}
