/** The child's voice: sessions with the three houses and other tools, their words, and who may see them. */
export { createVoiceService, type VoiceService, type MapRecords, type SessionFields, type WordsFields } from './voice.service.js'
export { voiceRoutes, voicePaths, presentWords } from './voice.routes.js'
export { TOOLS, partOf, sharingText } from './voice.vocabulary.js'
/** The children's words as other features read them inside their own unit of work (the map, the plan, documents for the family). */
export { childViewStatus, childWordsKeptFrom, familyChildWords, familyChildren, type Audience, type ChildWordsItem } from './voice.repository.js'
