/**
 * The one way a worker's text becomes the family's text, in every copy a family reads (web, print,
 * PDF and their own space): each acronym written out, with its letters kept in brackets the first
 * time in the text ("the ICPC" → "the initial child protection conference (ICPC)") and the words
 * alone after that. Labels and judgements are left as the worker wrote them, because rewriting them
 * would change what the worker meant: the worker fixes them on the review before sharing instead.
 */
export interface SpelledOut { acronym: string; spelledOut: string }

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

const STARTS_WITH_A_VOWEL_SOUND = /^[aeiou]/i

export function familyWords(text: string, acronyms: readonly SpelledOut[]): string {
  if (text === '' || acronyms.length === 0) return text
  const byLetters = new Map(acronyms.filter((entry) => entry.acronym !== '').map((entry) => [entry.acronym, entry.spelledOut.trim()]))
  if (byLetters.size === 0) return text
  // Longest first, so "RCPC" is never read as a part of something shorter.
  const alternatives = [...byLetters.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')
  // An acronym as a whole word, perhaps after "a" or "an" (which may need to change) or "the" (which may already be in the words).
  // Letters already in brackets are already written out (so writing out twice changes nothing).
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}(])(?:(a|an|the) )?(${alternatives})(?![\\p{L}\\p{N}])`, 'giu')
  const seen = new Set<string>()
  return text.replace(pattern, (whole: string, article: string | undefined, letters: string) => {
    const spelledOut = byLetters.get(letters)
    // Letters that only match when the case is ignored ("cp" in a word someone typed) are left alone.
    if (spelledOut === undefined || spelledOut === '') return whole
    const first = !seen.has(letters)
    seen.add(letters)
    const words = first ? `${spelledOut} (${letters})` : spelledOut
    if (article === undefined) return words
    const lower = article.toLowerCase()
    // The words may begin with their own "the": say it once.
    if (/^the /i.test(words)) return lower === 'the' ? `${article.charAt(0)}${words.slice(1)}` : `${article} ${words.replace(/^the /i, '')}`
    if (lower === 'the') return `${article} ${words}`
    const capital = article.charAt(0) === 'A'
    const fitting = STARTS_WITH_A_VOWEL_SOUND.test(words) ? 'an' : 'a'
    return `${capital ? fitting.charAt(0).toUpperCase() + fitting.slice(1) : fitting} ${words}`
  })
}
