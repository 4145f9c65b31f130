/** Pictures: drawings and photographs kept with a family's record, cleaned before they are kept. */
export { insertPicture, picturePath } from './pictures.service.js'
export { readPictureInput, type PictureInput } from './picture-input.js'
export { PICTURE_MESSAGES, cleanImage, type CleanedPicture } from './clean-image.js'
