/** The child's voice: sessions with each child, their words, and who they chose to share them with. */
export { childViewStatus, familyChildWords, familyChildren, type Audience, type ChildWordsItem } from './voice.service.js'
export { TOOLS, sharingText } from './voice.vocabulary.js'
