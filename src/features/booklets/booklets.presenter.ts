import crypto from 'node:crypto'
import type { BookletStatus } from '../../db/schema/booklets.js'
import { formatDate, formatDateTime } from '../../platform/views/setup.js'
import { picturePath } from '../pictures/index.js'
import type { BookletComment, VersionRow } from './booklets.repository.js'
import { agreedVersions, type BookletView } from './booklets.service.js'
import { bookletPaths } from './booklets.paths.js'

export const STATUS_TAGS: Record<BookletStatus, { text: string; classes: string }> = {
  'draft': { text: 'Draft', classes: 'govuk-tag--grey' },
  'with-parents': { text: 'With parents', classes: 'govuk-tag--blue' },
  'agreed': { text: 'Agreed', classes: 'govuk-tag--green' },
}

export const KEPT_BACK = 'Workers only: the child chose not to share this'

/** A picture in a page: where staff fetch it, and what it shows for people who cannot see it. */
export function presentPicture(familyId: string, pictureId: string | null, descriptions: ReadonlyMap<string, string>) {
  if (pictureId === null) return undefined
  const description = descriptions.get(pictureId) ?? ''
  return { src: picturePath(familyId, pictureId), alt: description.trim() === '' ? 'A picture for this page' : description }
}

export function describeVersion(version: Pick<VersionRow, 'version' | 'changeNote' | 'changedByName' | 'changedAt'>): string {
  return `Version ${String(version.version)}: ${version.changeNote === '' ? 'saved' : version.changeNote.charAt(0).toLowerCase() + version.changeNote.slice(1)} by ${version.changedByName}, ${formatDateTime(version.changedAt)}`
}

/** The pages of one version, in order, with the actions that change them when it is the current version. */
export function presentPages(familyId: string, bookletId: string, version: Pick<VersionRow, 'pages'>, descriptions: ReadonlyMap<string, string>, editable: boolean) {
  const count = version.pages.length
  return version.pages.map((page, index) => {
    const number = index + 1
    return {
      number, text: page.text, picture: presentPicture(familyId, page.pictureId, descriptions),
      ...(editable ? {
        editHref: bookletPaths.editPage(familyId, bookletId, number), removeHref: bookletPaths.removePage(familyId, bookletId, number),
        moveAction: bookletPaths.movePage(familyId, bookletId, number), canMoveUp: number > 1, canMoveDown: number < count, submissionId: crypto.randomUUID(),
      } : {}),
    }
  })
}

/** Where a family's comment is about: the whole story or one page, and of which version. */
export function commentPlace(comment: Pick<BookletComment, 'pageNumber' | 'bookletVersion'>): string {
  return `${comment.pageNumber === null ? 'On the whole story' : `On page ${String(comment.pageNumber)}`}, version ${String(comment.bookletVersion)}`
}

/** What the family said in their own space, each with who said it and when, and the workers' replies under it. */
export function presentFamilyComments(familyId: string, bookletId: string, comments: readonly BookletComment[]) {
  return comments.filter((comment) => comment.replyToId === null).reverse().map((comment) => ({
    id: comment.id, text: comment.text, by: comment.authorName, when: formatDateTime(comment.createdAt), place: commentPlace(comment),
    replies: comments.filter((reply) => reply.replyToId === comment.id).map((reply) => ({ text: reply.text, by: reply.authorName, when: formatDateTime(reply.createdAt) })),
    replyHref: bookletPaths.reply(familyId, bookletId, comment.id),
  }))
}

/** Everything the staff page of a booklet shows, built from the service's view of it. */
export function presentBooklet(view: BookletView) {
  const { family, booklet, shown, child } = view
  const familyId = family.id
  const latest = shown.version === booklet.currentVersion
  const agreed = agreedVersions(view.responses)
  const lastAgreed = [...agreed].filter((version) => version < booklet.currentVersion).sort((a, b) => b - a)[0]
  const versionNumbers = [...new Set(view.responses.map((response) => response.version))].sort((a, b) => b - a)
  return {
    familyId, familyName: family.familyName, bookletId: booklet.id, title: shown.title, childName: child.name,
    status: STATUS_TAGS[booklet.status], isDraft: booklet.status === 'draft', currentVersion: booklet.currentVersion, version: shown.version, latest,
    changed: describeVersion(shown),
    pages: presentPages(familyId, booklet.id, shown, view.descriptions, latest),
    backToDraft: booklet.status !== 'agreed' && lastAgreed !== undefined
      ? `The parents agreed version ${String(lastAgreed)}. The booklet has changed since then, so ${booklet.status === 'draft' ? 'it is a draft again. Send it to the parents for comments on' : 'they need to agree'} version ${String(booklet.currentVersion)}.`
      : undefined,
    responses: versionNumbers.map((version) => ({
      version,
      heading: `Version ${String(version)}${agreed.has(version) ? ': agreed' : ''}`,
      href: bookletPaths.version(familyId, booklet.id, version),
      rows: view.responses.filter((response) => response.version === version).map((response) => ({
        parentName: response.parentName, date: formatDate(response.respondedOn), agrees: response.agrees ? 'Agrees' : 'Does not agree yet',
        comments: response.comments === '' ? 'No comments' : response.comments, recordedBy: response.recordedByName,
      })),
    })),
    shares: view.shares.map((share) => ({
      date: formatDate(share.sharedOn), how: share.how, by: share.sharedBy, version: share.version, recordedBy: share.recordedByName,
      notAgreed: !agreed.has(share.version),
    })),
    additions: view.additions.map((addition) => ({
      date: formatDate(addition.addedOn), words: addition.words, picture: presentPicture(familyId, addition.pictureId, view.descriptions),
      keptBack: addition.parentsMaySee ? undefined : KEPT_BACK, recordedBy: addition.recordedByName,
    })),
    familyComments: presentFamilyComments(familyId, booklet.id, view.comments),
    versions: view.versions.map((version) => ({
      version: version.version, text: describeVersion(version), href: bookletPaths.version(familyId, booklet.id, version.version), current: version.version === booklet.currentVersion,
    })),
    paths: {
      booklet: bookletPaths.booklet(familyId, booklet.id), list: bookletPaths.list(familyId), addPage: bookletPaths.addPage(familyId, booklet.id),
      status: bookletPaths.status(familyId, booklet.id), check: bookletPaths.check(familyId, booklet.id), response: bookletPaths.response(familyId, booklet.id), share: bookletPaths.share(familyId, booklet.id),
      addition: bookletPaths.addition(familyId, booklet.id), print: bookletPaths.print(familyId, booklet.id), pdf: bookletPaths.pdf(familyId, booklet.id),
    },
  }
}

/** Their version of the booklet, shown beside what this person typed when someone else saved first. */
export function presentConflict(familyId: string, bookletId: string, theirs: VersionRow, descriptions: ReadonlyMap<string, string>) {
  return { saved: describeVersion(theirs), pages: presentPages(familyId, bookletId, theirs, descriptions, false) }
}
