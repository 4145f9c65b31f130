import { countSyllables, readability, sentencesOf, wordsOf, type Readability } from './readability.js'
import type { LanguageTerm } from './default-terms.js'

/**
 * The plain-language coach: advice on a statement, goal or next step, or on a page written for a
 * child (kind 'child'), never a block. Each finding names a rule, the characters it is about (start
 * inclusive, end exclusive; both 0 for the whole text), what to think about, and a suggestion.
 */
export const TEXT_KINDS = ['danger', 'harm', 'goal', 'next-step', 'strength', 'safety', 'complicating', 'family', 'child'] as const
export type TextKind = (typeof TEXT_KINDS)[number]

export interface Finding { rule: string; start: number; end: number; message: string; suggestion: string }
export interface CoachResult { findings: Finding[]; readability: Readability & { advice: string } }

/** Acronyms families generally know, which are not flagged. */
const FAMILIAR_ACRONYMS = new Set(['I', 'OK', 'TV', 'GP', 'NHS', 'UK', 'A', 'PE', 'ID', 'ADHD', 'AM', 'PM'])
const LONG_SENTENCE_WORDS = 25

/**
 * Written for a child (a words and pictures explanation): aimed at a reading age of about 7 to 8,
 * so shorter sentences, few long words, and one idea a page.
 */
const CHILD_SENTENCE_WORDS = 12
const CHILD_SENTENCES_A_PAGE = 3
const CHILD_EASY_READING = 80
/** Long words most children of 7 or 8 know well, which are not worth a comment. */
const FAMILIAR_LONG_WORDS = new Set([
  'family', 'families', 'everyone', 'everybody', 'everything', 'anything', 'anyone', 'anybody', 'somebody', 'tomorrow', 'together',
  'remember', 'holiday', 'holidays', 'yesterday', 'another', 'animal', 'animals', 'favourite', 'beautiful', 'different', 'already',
  'grandmother', 'grandfather', 'grandparents', 'hospital', 'library', 'nursery', 'banana', 'dinosaur', 'dinosaurs', 'elephant',
  'computer', 'video', 'tablet', 'understand', 'important', 'whatever', 'however', 'happily', 'carefully', 'every', 'sometimes',
])

const CAREGIVER = /\b(mum|mummy|mom|dad|daddy|mother|father|parents?|carers?|step-?(?:mum|dad|mother|father)|grand(?:ma|mother|pa|dad|father|parent)s?|nan|gran|partner|boyfriend|girlfriend|aunt|uncle|foster carer)\b/i
const WORRIED = /\b(worried|worry|worries|concerned|scared|frightened)\b/i
const FUTURE_IMPACT = /\b(could|might|may|will|would)\b/i
const CHILD = /\b(child|children|baby|babies|son|daughter|kids?|toddler|[A-Z][a-z]+)\b/
const DURATION = /\b(for|over)\s+(at\s+least\s+)?(\d+|a|an|one|two|three|four|five|six|eight|nine|ten|twelve|eighteen)\s+(days?|weeks?|months?|years?)\b|\b(until|by)\s+\d{1,2}\b/i
const ABSENCE = /\b(will not|won't|will never|never|no longer|stop(?:s|ped)?|not\s+(?:drink|hit|shout|use|leave|argue))\b/i
const SERVICE_ONLY = /\b(attend|attends|attending|complete|completes|engage with|engages with|go to|goes to)\b[^.]*\b(course|programme|program|group|sessions?|service|appointments?|counselling|therapy|classes)\b/i
const HARM_EFFECT = /\b(hurt|bruis\w*|injur\w*|frighten\w*|scared|upset|hungry|cried|crying|hid|hiding|missed|burn\w*|broke|broken|fell|cut|sore|afraid|wet|cold|dirty|alone)\b/i
const HARM_ACT = /\b(hit|hits|punched|kicked|pushed|slapped|shook|grabbed|left\s+\w+\s+alone|locked|shouted|threw|strangled|choked)\b/i

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function whole(rule: string, message: string, suggestion: string): Finding {
  return { rule, start: 0, end: 0, message, suggestion }
}

/** Terms from the organisation's list, found as whole words (case matters only for acronyms). */
function termFindings(text: string, terms: readonly LanguageTerm[]): Finding[] {
  const findings: Finding[] = []
  const sorted = [...terms].sort((a, b) => b.term.length - a.term.length)
  const taken: [number, number][] = []
  for (const term of sorted) {
    const isAcronym = /^[A-Z0-9]+$/.test(term.term) || /^s\d+$/.test(term.term)
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(term.term).replace(/[\s-]+/g, '[\\s-]+')}(?![\\p{L}\\p{N}])`, isAcronym ? 'gu' : 'giu')
    for (const match of text.matchAll(pattern)) {
      const start = match.index
      const end = start + match[0].length
      if (taken.some(([from, to]) => start < to && end > from)) continue
      taken.push([start, end])
      findings.push({
        rule: isAcronym ? 'acronym' : 'jargon',
        start, end,
        message: `"${match[0]}": ${term.explanation}`,
        suggestion: term.suggestion,
      })
    }
  }
  // Acronyms not on the list are flagged too: families should not have to decode any.
  for (const match of text.matchAll(/\b[A-Z]{2,6}s?\b/g)) {
    const start = match.index
    const end = start + match[0].length
    const bare = match[0].replace(/s$/, '')
    if (FAMILIAR_ACRONYMS.has(bare) || taken.some(([from, to]) => start < to && end > from)) continue
    taken.push([start, end])
    findings.push({ rule: 'acronym', start, end, message: `"${match[0]}" is an acronym the family may not know.`, suggestion: 'Write it out in full, in everyday words.' })
  }
  return findings
}

function longSentenceFindings(text: string, kind: TextKind): Finding[] {
  const findings: Finding[] = []
  const limit = kind === 'child' ? CHILD_SENTENCE_WORDS : LONG_SENTENCE_WORDS
  const suggestion = kind === 'child' ? 'For a child, split it into short sentences of about 12 words or fewer.' : 'Split it into shorter sentences of 15 to 20 words.'
  let searchFrom = 0
  for (const sentence of sentencesOf(text)) {
    const start = text.indexOf(sentence, searchFrom)
    searchFrom = start + sentence.length
    const count = wordsOf(sentence).length
    if (count > limit) {
      findings.push({ rule: 'long-sentence', start, end: start + sentence.length, message: `This sentence has ${String(count)} words.`, suggestion })
    }
  }
  return findings
}

/** Whether the word at this place begins a sentence (so its capital letter does not mean it is a name). */
function startsSentence(text: string, at: number): boolean {
  let before = at - 1
  while (before >= 0 && /\s/.test(text.charAt(before))) before -= 1
  if (before >= 0 && /["'’”)]/.test(text.charAt(before))) before -= 1
  return before < 0 || /[.!?\n]/.test(text.charAt(before))
}

/** For a child reader: long words (3 or more syllables), gently, each once; names are left alone; and one idea a page. */
function childFindings(text: string): Finding[] {
  const findings: Finding[] = []
  const seen = new Set<string>()
  for (const match of text.matchAll(/[A-Za-z]+(?:['’-][A-Za-z]+)*/g)) {
    const word = match[0]
    const lower = word.toLowerCase()
    if (/^[A-Z]/.test(word) && !startsSentence(text, match.index)) continue
    if (seen.has(lower) || FAMILIAR_LONG_WORDS.has(lower) || countSyllables(word) < 3) continue
    seen.add(lower)
    findings.push({
      rule: 'child-long-word', start: match.index, end: match.index + word.length,
      message: `"${word}" may be a long word for a child of 7 or 8.`, suggestion: 'If there is a shorter, everyday word, use it. If not, say what it means.',
    })
  }
  const sentences = sentencesOf(text).length
  if (sentences > CHILD_SENTENCES_A_PAGE) {
    findings.push(whole('child-one-idea', `This page has ${String(sentences)} sentences.`, 'Keep to one idea a page, in about 3 short sentences. Put the rest on a new page.'))
  }
  return findings
}

function structureFindings(text: string, kind: TextKind): Finding[] {
  const findings: Finding[] = []
  switch (kind) {
    case 'danger':
      if (!WORRIED.test(text)) findings.push(whole('danger-who-is-worried', 'A danger statement says who is worried.', 'Start with the people and services who are worried, by name: "Jo (social worker) and Ms Patel (school) are worried that…"'))
      if (!CAREGIVER.test(text) && !/\b[A-Z][a-z]+\s+(has|have|is|was|does|did|drinks|hits|shouts|leaves|uses|takes)\b/.test(text)) {
        findings.push(whole('danger-caregiver-behaviour', 'A danger statement names what a parent or carer does that causes the worry.', 'Say which adult does what, in words you could see or hear: "when Dean drinks, he shouts and hits Claire".'))
      }
      if (!FUTURE_IMPACT.test(text)) findings.push(whole('danger-impact-on-child', 'A danger statement says what could happen to the child if nothing changes.', 'Add what could happen to the child: "…and Leo could be badly hurt or frightened."'))
      break
    case 'goal':
      if (!DURATION.test(text)) findings.push(whole('goal-how-long', 'A goal says for how long everyone needs to see the change.', 'Add a time: "…and everyone will see this for 6 months."'))
      if (ABSENCE.test(text)) findings.push(whole('goal-presence-not-absence', 'A goal describes what people will see happening, not what will stop.', 'Say what will be happening instead: "will sort out disagreements calmly" rather than "will not argue".'))
      if (SERVICE_ONLY.test(text)) findings.push(whole('goal-not-a-service', 'Going to a course or service is not a goal on its own.', 'Describe the care the child will experience and others will see, because of what the parent has learned.'))
      break
    case 'harm':
      if (!CAREGIVER.test(text) && !HARM_ACT.test(text)) findings.push(whole('harm-caregiver-behaviour', 'A harm statement says what a parent or carer did or did not do.', 'Name the adult and what they did, when and how often.'))
      if (!HARM_EFFECT.test(text) || !CHILD.test(text)) findings.push(whole('harm-effect-on-child', 'A harm statement says what happened to the child because of it.', 'Add the effect on the child: "…and Leo had a bruise on his arm and was frightened to go home."'))
      break
    case 'complicating':
      if (HARM_ACT.test(text)) findings.push(whole('complicating-reads-as-harm', 'This reads like harm: something a caregiver did to a child.', 'Put what happened to the child under harm. Complicating factors are things that make the worries harder to sort out, like money or where the family lives.'))
      break
    case 'child':
      findings.push(...childFindings(text))
      break
    case 'next-step':
    case 'strength':
    case 'safety':
    case 'family':
      break
  }
  return findings
}

function readabilityAdvice(result: Readability, kind: TextKind): string {
  if (result.words === 0) return 'Nothing to read yet.'
  if (kind === 'child') {
    return result.fleschReadingEase >= CHILD_EASY_READING
      ? `Easy for a child to read (${result.band}).`
      : `May be hard for a child of 7 or 8 to read (${result.band}): use short sentences and short, everyday words.`
  }
  if (result.fleschReadingEase >= 60) return `Easy to read (${result.band}).`
  return `Hard to read (${result.band}): use shorter sentences and everyday words.`
}

export function coach(text: string, kind: TextKind, terms: readonly LanguageTerm[]): CoachResult {
  const listed = termFindings(text, terms)
  // A word already flagged from the list needs no second comment for being long.
  const structure = (text.trim() === '' ? [] : structureFindings(text, kind))
    .filter((finding) => finding.rule !== 'child-long-word' || !listed.some((term) => finding.start < term.end && finding.end > term.start))
  const findings = [...listed, ...longSentenceFindings(text, kind), ...structure]
  findings.sort((a, b) => a.start - b.start || a.end - b.end)
  const result = readability(text)
  return { findings, readability: { ...result, advice: readabilityAdvice(result, kind) } }
}
