/** Typed URL builders for words and pictures booklets. Page numbers in URLs count from 1, as people do. */
export const bookletPaths = {
  list: (familyId: string) => `/families/${familyId}/booklets`,
  start: (familyId: string, childPersonId?: string) => `/families/${familyId}/booklets/new${childPersonId === undefined ? '' : `?child=${childPersonId}`}`,
  booklet: (familyId: string, bookletId: string) => `/families/${familyId}/booklets/${bookletId}`,
  version: (familyId: string, bookletId: string, version: number) => `/families/${familyId}/booklets/${bookletId}/versions/${String(version)}`,
  addPage: (familyId: string, bookletId: string) => `/families/${familyId}/booklets/${bookletId}/pages/new`,
  editPage: (familyId: string, bookletId: string, page: number) => `/families/${familyId}/booklets/${bookletId}/pages/${String(page)}/edit`,
  removePage: (familyId: string, bookletId: string, page: number) => `/families/${familyId}/booklets/${bookletId}/pages/${String(page)}/remove`,
  movePage: (familyId: string, bookletId: string, page: number) => `/families/${familyId}/booklets/${bookletId}/pages/${String(page)}/move`,
  status: (familyId: string, bookletId: string) => `/families/${familyId}/booklets/${bookletId}/status`,
  response: (familyId: string, bookletId: string) => `/families/${familyId}/booklets/${bookletId}/responses/new`,
  share: (familyId: string, bookletId: string) => `/families/${familyId}/booklets/${bookletId}/shares/new`,
  addition: (familyId: string, bookletId: string) => `/families/${familyId}/booklets/${bookletId}/additions/new`,
  print: (familyId: string, bookletId: string) => `/families/${familyId}/booklets/${bookletId}/print`,
  pdf: (familyId: string, bookletId: string) => `/families/${familyId}/booklets/${bookletId}/booklet.pdf`,
  reply: (familyId: string, bookletId: string, commentId: string) => `/families/${familyId}/booklets/${bookletId}/comments/${commentId}/reply`,
  family: (familyId: string) => `/families/${familyId}`,
  /** The check before sending to the parents: every page with the coach's advice (a page of its own, outside this feature). */
  check: (familyId: string, bookletId: string) => `/families/${familyId}/share-review/booklets/${bookletId}`,
}
