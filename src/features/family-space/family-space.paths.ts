/** Where each page of a family's own space lives. */
export const familySpacePaths = {
  home: '/my-family',
  map: '/my-family/map',
  comment: (entryId: string) => `/my-family/map/entries/${entryId}/comment`,
  scale: '/my-family/scale',
  plan: '/my-family/plan',
  checkIn: '/my-family/plan/check-in',
  response: '/my-family/plan/response',
  wordsAndPictures: '/my-family/words-and-pictures',
  meetings: '/my-family/meetings',
  bookletComment: (bookletId: string, page?: number) => `/my-family/words-and-pictures/${bookletId}/comment${page === undefined ? '' : `?page=${String(page)}`}`,
  picture: (pictureId: string) => `/my-family/pictures/${pictureId}`,
}
