import { countSyllables, readability, sentencesOf, wordsOf, type Readability } from './readability.js'
import { formsOf, type LanguageTerm } from './default-terms.js'
import { isAcronym } from './acronyms.js'
import { goalDuration } from '../../family-record/index.js'

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

const CAREGIVER = /\b(mum|mummy|mom|dad|daddy|mother|father|parents?|carers?|step-?(?:mum|dad|mother|father)|grand(?:ma|mother|pa|dad|father|parent)s?|nan|gran|partner|boyfriend|girlfriend|aunt|uncle|foster carer|family member|relative)\b/i
const WORRIED = /\b(worried|worry|worries|concerned|scared|frightened)\b/i
/** What could happen to the child: a future, or the (vague, but there) "at risk of". */
const FUTURE_IMPACT = /\b(could|might|may|will|would|at\s+risk|risk\s+of)\b/i
const CHILD = /\b(child|children|baby|babies|son|daughter|kids?|toddler|[A-Z][a-z]+)\b/
/** Doing words after a name or "he"/"she": "Dean drinks", "Claire sometimes falls asleep", "Grace and Daniel put", "she cannot". */
const PRESENT_DOING = String.raw`(?:\w+s|put|let|cannot|can't|does\s+not|doesn't|do\s+not|don't|is\s+not|isn't|will\s+not|won't|keeps|uses|has\s+\w+ed|has\s+been\s+\w+ing)`
const PAST_DOING = String.raw`(?:(?:was|were|is|are)\s+(?:found\s+)?(?:too\s+)?(?:drunk|high|asleep|unconscious|out|using|drinking)|did\s+not|didn't|\w+ed|left|drove|hit|took|went|kept|gave|threw|put|let|told|made|got|ran|sent|brought|held|fed|forgot|lost|came|spent|sold|broke|shook|bit|beat|fought|drank|rang|had)`
const ADVERB = String.raw`(?:(?:often|sometimes|usually|always|still|again|also|has|have|had|not|never|then)\s+)*`
const NAMED_DOING = new RegExp(String.raw`\b([A-Z][a-z]+|[Hh]e|[Ss]he|[Tt]hey)\s+${ADVERB}(${PAST_DOING}|${PRESENT_DOING})\b`, 'gu')
/** "…worried that Megan is…", "…because Jade has been…": the worry is about what a named person is or does. */
const WORRIED_ABOUT_SOMEONE = /\b(?:worried|concerned)\s+(?:that|about)\b[^.]*?\b(?:[A-Z][a-z]+|he|she)\s+(?:is|was|has|have|will|does|did|can|cannot|can't)\b/
/** Not doing words: "is" and "was" say what someone is, "thinks" and "says" what they think. */
const NOT_DOING = new Set(['is', 'was', 'has', 'does', 'thinks', 'says', 'believes', 'agrees', 'feels', 'seems', 'looks', 'appears', 'sounds', 'knows', 'wants'])
/** Capitalised words that are not people. */
const NOT_SOMEONE = new Set(['The', 'This', 'That', 'These', 'Those', 'There', 'It', 'We', 'You', 'Everyone', 'Nobody', 'Children', 'School', 'Police',
  'Mr', 'Ms', 'Mrs', 'Dr', 'On', 'In', 'At', 'Since', 'Between', 'Last', 'Over', 'When', 'Although', 'If', 'Before', 'After', 'Until', 'Because', 'And', 'But'])

/** Whether the text names someone (by name, or "he", "she") and something they do or did: "Dean drinks", "Megan had not paid". */
function namesSomeoneDoing(text: string): boolean {
  for (const match of text.matchAll(NAMED_DOING)) {
    const [, someone = '', doing = ''] = match
    if (!NOT_SOMEONE.has(someone) && !NOT_DOING.has(doing.toLowerCase())) return true
  }
  return false
}
const ABSENCE = /\b(will not|won't|will never|no longer|will stop|stop(?:s|ped)?\s+\w+ing|refrain\w*|abstain\w*|not\s+(?:drink|hit|shout|use|leave|argue))\b/i
const SERVICE = /\b(attend|attends|attending|complete|completes|engage with|engages with|go to|goes to|comply with|complies with)\b[^.]*\b(course|programme|program|group|sessions?|service|appointments?|counselling|therapy|classes|meetings?|TAF|plan|services|detox|treatment|support)\b/i
/** A part of a goal that starts with going to something: "attend Turning Point", "continue to engage with…". */
const SERVICE_VERB = /^\s*(?:continue\s+to\s+)?(?:attend|complete|go\s+to|engage\s+with|comply\s+with)\b/i
const HARM_EFFECT = /\b(hurt|bruis\w*|injur\w*|frighten\w*|scared|upset|hungry|cried|crying|screamed|screaming|hid|hiding|missed|missing|burn\w*|broke|broken|fell|cut|sore|afraid|wet|wetting|cold|dirty|alone|hospital|stitches|marks?|weight|centile|ill|infection|sick|tired|behind|nightmares|affected|started|stopped|shaking|trembling|terrified|attendance)\b/i
const HARM_ACT = /\b(hit|hits|punched|kicked|pushed|slapped|shook|grabbed|left\s+\w+\s+alone|locked|shouted|threw|strangled|choked)\b/i

/** Everyday uses of words that are on the list in another sense: an engagement ring, a case of water. */
const EVERYDAY = /\b(?:engage(?:d|ment)\s+(?:ring|party)|got\s+engaged|engaged\s+to\s+be\s+married|a\s+case\s+of\s+(?:water|beer|wine|drinks|cans)|(?:gave|give|gives|giving|did|do|does|doing|made|make)\s+(?:a|her|his|their|the)\s+presentation|pencil\s+case|suitcase|bookcase)\b/gi

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function whole(rule: string, message: string, suggestion: string): Finding {
  return { rule, start: 0, end: 0, message, suggestion }
}

/** A pattern for a term and its forms, as whole words; spaces and hyphens in a phrase match either. */
const PATTERNS = new Map<string, RegExp>()
function termPattern(term: string): RegExp {
  const known = PATTERNS.get(term)
  if (known !== undefined) return known
  const pattern = buildTermPattern(term)
  // Organisations' lists are short and change seldom; the cache is bounded all the same.
  if (PATTERNS.size > 5000) PATTERNS.clear()
  PATTERNS.set(term, pattern)
  return pattern
}

function buildTermPattern(term: string): RegExp {
  const acronym = isAcronym(term)
  const forms = [...formsOf(term)].sort((a, b) => b.length - a.length).map((form) => escapeRegExp(form).replace(/(?:\\-|[\s-])+/g, '[\\s-]+'))
  // An acronym may be plural ("RCPCs"); it is matched in capitals only, except a section of an Act ("s47", "S47").
  const words = `(?:${forms.join('|')})${acronym ? 's?' : ''}`
  return new RegExp(`(?<![\\p{L}\\p{N}])${words}(?![\\p{L}\\p{N}])`, acronym && !/^s\d+$/i.test(term) ? 'gu' : 'giu')
}

/**
 * Terms from the organisation's list, found as whole words with their forms ("engaged",
 * "engaging" for "engage"); case matters only for acronyms. Where two overlap, the longer wins
 * ("non-compliant" over "compliant").
 */
function termFindings(text: string, terms: readonly LanguageTerm[]): Finding[] {
  const everyday = [...text.matchAll(EVERYDAY)].map((match): [number, number] => [match.index, match.index + match[0].length])
  const candidates: Finding[] = []
  for (const term of terms) {
    const rule = isAcronym(term.term) ? 'acronym' : 'jargon'
    for (const match of text.matchAll(termPattern(term.term))) {
      const start = match.index
      const end = start + match[0].length
      if (everyday.some(([from, to]) => start < to && end > from)) continue
      candidates.push({ rule, start, end, message: `"${match[0]}": ${term.explanation}`, suggestion: term.suggestion })
    }
  }
  candidates.sort((a, b) => (b.end - b.start) - (a.end - a.start) || a.start - b.start)
  const findings: Finding[] = []
  const taken: [number, number][] = []
  for (const finding of candidates) {
    if (taken.some(([from, to]) => finding.start < to && finding.end > from)) continue
    taken.push([finding.start, finding.end])
    findings.push(finding)
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

/**
 * How long a sentence may be. Ordinary text: 25 words (12 for a child). A danger statement, goal or
 * harm statement is long because its format asks for who, what and what it means for the child, so
 * each part of the format the sentence holds adds to the limit, up to a most for the format: a
 * danger statement in its three parts ("…are worried that … because … and … might …") may run to
 * about 60 words, a goal ("… will … so that … for …") to 50, a harm statement to 45, and existing
 * safety (who did what, when the danger was there) to 40.
 */
type Part = (sentence: string) => boolean
interface SentenceFormat { name: string; parts: readonly Part[]; perPart: number; most: number }
const has = (pattern: RegExp): Part => (sentence) => pattern.test(sentence)
const FORMATS: Partial<Record<TextKind, SentenceFormat>> = {
  danger: {
    name: 'A danger statement',
    parts: [has(WORRIED), has(/\b(that|about)\b/i), has(/\b(because|when|while|since|after|as)\b/i), has(FUTURE_IMPACT), has(/^(although|while|despite|even though|since)\b|\b(do not agree|disagrees?|does not agree)\b/i)],
    perPart: 10, most: 60,
  },
  goal: {
    name: 'A goal',
    parts: [has(/\bwill\b/i), has(/\bwill\b[^]*\bwill\b/i), has(/\b(so that|because|when|while)\b/i), has(/\b(see|know|tell|notice)\b/i), (sentence) => goalDuration(sentence) !== undefined],
    perPart: 7, most: 50,
  },
  safety: {
    name: 'Existing safety',
    parts: [has(/\b(when|while|after|since|every time|each time)\b/i), has(/\b(on|in|since|for)\s+(\d|the|last|this|[A-Z])/i), namesSomeoneDoing, has(/\b(and|so)\b/i)],
    perPart: 4, most: 40,
  },
  harm: {
    name: 'A harm statement',
    parts: [has(/\b(on|in|since|between|over|last|during)\s+(\d|the|last|this|[A-Z])/i), has(HARM_ACT), has(HARM_EFFECT), has(/\b(when|while|after|because|and)\b/i), namesSomeoneDoing],
    perPart: 6, most: 45,
  },
}

function sentenceLimit(sentence: string, kind: TextKind): { limit: number; format?: SentenceFormat } {
  if (kind === 'child') return { limit: CHILD_SENTENCE_WORDS }
  const format = FORMATS[kind]
  if (format === undefined) return { limit: LONG_SENTENCE_WORDS }
  const parts = format.parts.filter((part) => part(sentence)).length
  return { limit: Math.min(format.most, LONG_SENTENCE_WORDS + format.perPart * parts), format }
}

function longSentenceFindings(text: string, kind: TextKind): Finding[] {
  const findings: Finding[] = []
  let searchFrom = 0
  for (const sentence of sentencesOf(text)) {
    const start = text.indexOf(sentence, searchFrom)
    searchFrom = start + sentence.length
    const count = wordsOf(sentence).length
    const { limit, format } = sentenceLimit(sentence, kind)
    if (count <= limit) continue
    const suggestion = kind === 'child' ? 'For a child, split it into short sentences of about 12 words or fewer.'
      : format === undefined ? 'Split it into shorter sentences of 15 to 20 words.'
        : `${format.name} can be longer than other writing, to say who, what and what it means for the child, but this one has more than that. Keep to one worry, and move the rest into a second sentence.`
    findings.push({ rule: 'long-sentence', start, end: start + sentence.length, message: `This sentence has ${String(count)} words.`, suggestion })
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

/** A goal without its "so that…" part: what the child will be spared ("so that Liam is never alone with…") is not an absence goal. */
function withoutSoThat(text: string): string {
  return text.replace(/\bso that\b[^.]*/gi, '')
}

/**
 * Whether a goal is only about going to a service: every part of it ("X will …") is going to a
 * course, group or appointments, or stopping something; nothing the child will experience or others will see.
 */
function onlyAService(text: string): boolean {
  if (!SERVICE.test(text) || /\bso that\b|\bwill\s+see\b/i.test(text)) return false
  const will = text.search(/\bwill\b/i)
  const parts = text.slice(Math.max(0, will)).split(/\bwill\b|\band\b|[,;]/i).filter((part) => wordsOf(part).length > 0)
  return parts.every((part) => SERVICE.test(part) || SERVICE_VERB.test(part) || ABSENCE.test(`will ${part}`) || goalDuration(part) !== undefined)
}

function structureFindings(text: string, kind: TextKind): Finding[] {
  const findings: Finding[] = []
  switch (kind) {
    case 'danger':
      if (!WORRIED.test(text)) findings.push(whole('danger-who-is-worried', 'A danger statement says who is worried.', 'Start with the people and services who are worried, by name: "Jo (social worker) and Ms Patel (school) are worried that…"'))
      if (!CAREGIVER.test(text) && !namesSomeoneDoing(text) && !WORRIED_ABOUT_SOMEONE.test(text)) {
        findings.push(whole('danger-caregiver-behaviour', 'A danger statement names what a parent or carer does that causes the worry.', 'Say which adult does what, in words you could see or hear: "when Dean drinks, he shouts and hits Claire".'))
      }
      if (!FUTURE_IMPACT.test(text)) findings.push(whole('danger-impact-on-child', 'A danger statement says what could happen to the child if nothing changes.', 'Add what could happen to the child: "…and Leo could be badly hurt or frightened."'))
      break
    case 'goal':
      if (goalDuration(text) === undefined) findings.push(whole('goal-how-long', 'A goal says for how long everyone needs to see the change.', 'Add a time: "…and everyone will see this for 6 months."'))
      if (ABSENCE.test(withoutSoThat(text))) findings.push(whole('goal-presence-not-absence', 'A goal describes what people will see happening, not what will stop.', 'Say what will be happening instead: "will sort out disagreements calmly" rather than "will not argue".'))
      if (onlyAService(text)) findings.push(whole('goal-not-a-service', 'Going to a course or service is not a goal on its own.', 'Describe the care the child will experience and others will see, because of what the parent has learned.'))
      break
    case 'harm':
      if (!CAREGIVER.test(text) && !HARM_ACT.test(text) && !namesSomeoneDoing(text)) findings.push(whole('harm-caregiver-behaviour', 'A harm statement says what a parent or carer did or did not do.', 'Name the adult and what they did, when and how often.'))
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
