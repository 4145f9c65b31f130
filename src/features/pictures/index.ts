/** Pictures: children's drawings and photos, cleaned before they are stored, shown only to those who may see the family. */
export { createPicturesService, picturePath, type PicturesService } from './pictures.service.js'
export { picturesRoutes } from './pictures.routes.js'
export { insertPicture } from './pictures.repository.js'
export { readPictureInput, type PictureInput } from './picture-input.js'
export { cleanImage, MAX_PICTURE_BYTES, PICTURE_MESSAGES, type CleanedPicture } from './clean-image.js'
