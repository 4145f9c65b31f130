/**
 * Readability by the Flesch reading ease formula (Flesch, 1948) and the Flesch-Kincaid grade level
 * (Kincaid et al., 1975), with a syllable count by the usual vowel-group rules for English.
 */
export interface Readability {
  words: number
  sentences: number
  syllables: number
  averageWordsPerSentence: number
  fleschReadingEase: number
  fleschKincaidGrade: number
  /** Roughly the reading age the text asks for, in years (grade + 5). */
  readingAge: number
  band: 'very easy' | 'easy' | 'fairly easy' | 'plain English' | 'fairly difficult' | 'difficult' | 'very difficult'
}

export function countSyllables(word: string): number {
  let letters = word.toLowerCase().replace(/[^a-z]/g, '')
  if (letters.length === 0) return 0
  if (letters.length <= 3) return 1
  letters = letters.replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$/, '').replace(/^y/, '')
  const groups = letters.match(/[aeiouy]{1,2}/g)
  return Math.max(1, groups?.length ?? 1)
}

export function wordsOf(text: string): string[] {
  return text.match(/[A-Za-z]+(?:['’-][A-Za-z]+)*|\d+(?:[.,]\d+)*/g) ?? []
}

export function sentencesOf(text: string): string[] {
  return text.split(/(?<=[.!?])\s+|\n{2,}|\n(?=\s*[-*•])/).map((sentence) => sentence.trim()).filter((sentence) => wordsOf(sentence).length > 0)
}

function band(ease: number): Readability['band'] {
  if (ease >= 90) return 'very easy'
  if (ease >= 80) return 'easy'
  if (ease >= 70) return 'fairly easy'
  if (ease >= 60) return 'plain English'
  if (ease >= 50) return 'fairly difficult'
  if (ease >= 30) return 'difficult'
  return 'very difficult'
}

const round = (value: number): number => Math.round(value * 10) / 10

export function readability(text: string): Readability {
  const words = wordsOf(text)
  const sentences = Math.max(1, sentencesOf(text).length)
  const syllables = words.reduce((sum, word) => sum + countSyllables(word), 0)
  if (words.length === 0) {
    return { words: 0, sentences: 0, syllables: 0, averageWordsPerSentence: 0, fleschReadingEase: 100, fleschKincaidGrade: 0, readingAge: 5, band: 'very easy' }
  }
  const wordsPerSentence = words.length / sentences
  const syllablesPerWord = syllables / words.length
  const ease = 206.835 - 1.015 * wordsPerSentence - 84.6 * syllablesPerWord
  const grade = 0.39 * wordsPerSentence + 11.8 * syllablesPerWord - 15.59
  return {
    words: words.length, sentences, syllables,
    averageWordsPerSentence: round(wordsPerSentence),
    fleschReadingEase: round(Math.min(121.22, ease)),
    fleschKincaidGrade: round(Math.max(0, grade)),
    readingAge: Math.round(Math.max(0, grade) + 5),
    band: band(ease),
  }
}
