import crypto from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { actorOf } from '../../platform/http/request.js'
import { NotFoundError } from '../../platform/http/errors.js'
import { id, isId, optionalId, optionalWholeNumber, paramsOf, queryOf, queryText, wholeNumber } from '../../platform/http/params.js'
import { todayTyped } from '../../platform/time.js'
import { presentErrors } from '../../platform/views/presenters.js'
import { formatDate, formatDateTime } from '../../platform/views/setup.js'
import type { Actor } from '../../platform/http/types.js'
import type { HeldFields, HeldSubmissions } from '../../platform/http/held-submissions.js'
import type { LanguageService } from '../language/index.js'
import { readPictureInput } from '../pictures/index.js'
import { PICTURE_FORM_MAX_BYTES } from '../../platform/http/uploads.js'
import type { VersionRow } from './booklets.repository.js'
import { agreedVersions, type BookletsService, type PageChange, type PageChangeResult } from './booklets.service.js'
import {
  BOOKLET_MESSAGES, OTHER_PARENT, isSubmissionId, positiveInteger, readAdditionForm, readReplyForm, readPageForm, readResponseForm, readShareForm, readStartForm,
  validateAddition, validatePage, validateResponse, validateShare, validateStart,
  type AdditionFormValues, type ReplyFormValues, type PageFormValues, type ResponseFormValues, type ShareFormValues, type StartFormValues,
} from './booklets.schema.js'
import { commentPlace, presentBooklet, presentConflict, presentPages, presentPicture, STATUS_TAGS } from './booklets.presenter.js'
import { bookletPaths } from './booklets.paths.js'
import { bookletPdf, buildChildBooklet } from './booklet-pdf.js'
import { CASEWORK_POLICY, hiddenValueMatcher, returnPathWithin, withReturnPath } from '../../family-record/index.js'

const caseworkers = CASEWORK_POLICY
const VIEWS = 'booklets/views'
/** The plain-language coach's setting for words written for a child. */
const COACH_KIND = 'child'

const familyIdOf = (request: FastifyRequest): string => paramsOf(request, { familyId: id }).familyId
const bookletIdOf = (request: FastifyRequest): string => paramsOf(request, { familyId: id, bookletId: id }).bookletId
/** A page's place or a version's number in the path: counted from 1. */
const counted = wholeNumber.refine((value) => value > 0)

function numberParam(request: FastifyRequest, name: 'index' | 'version'): number {
  return name === 'index'
    ? paramsOf(request, { familyId: id, bookletId: id, index: counted }).index
    : paramsOf(request, { familyId: id, bookletId: id, version: counted }).version
}

function submissionIdOf(values: { submissionId: string }): string {
  return isSubmissionId(values.submissionId) ? values.submissionId : crypto.randomUUID()
}

function fileName(title: string): string {
  const slug = title.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 80)
  return `${slug === '' ? 'words-and-pictures' : slug}.pdf`
}

export function bookletsRoutes(deps: { booklets: BookletsService; language: LanguageService; held: HeldSubmissions }) {
  const { booklets, language, held } = deps

  /** What this person typed into this form before their session ended, if it was kept. */
  async function heldFields(request: FastifyRequest, path: string): Promise<HeldFields | undefined> {
    const { held: heldId } = queryOf(request, { held: optionalId })
    if (heldId === undefined) return undefined
    return held.find(actorOf(request), heldId, path)
  }

  /** The coach's advice on words for a child, shown without JavaScript too. */
  /** A malformed form for a booklet: not found if the person may not see it, otherwise a plain 400. */
  async function badRequest(actor: Actor, familyId: string, bookletId: string, reply: FastifyReply) {
    await booklets.view(actor, familyId, bookletId, { purpose: 'check' })
    return reply.code(400).view('errors/bad-request.njk', {})
  }

  async function adviceOn(actor: Actor, text: string) {
    if (text.trim() === '') return undefined
    return language.check(actor, text, COACH_KIND)
  }

  // Starting a booklet.

  async function renderStart(reply: FastifyReply, options: { actor: Actor; familyId: string; childId: string; values: StartFormValues; errors?: Record<string, string>; restored?: boolean }) {
    const { family, child } = await booklets.child(options.actor, options.familyId, options.childId)
    const errors = options.errors ?? {}
    return reply.code(Object.keys(errors).length > 0 ? 400 : 200).view(`${VIEWS}/start.njk`, {
      ...presentErrors(errors), familyName: family.familyName, childName: child.name, values: options.values,
      action: bookletPaths.start(options.familyId, child.id), listHref: bookletPaths.list(options.familyId),
      advice: await adviceOn(options.actor, options.values.text), coachKind: COACH_KIND, pictureError: errors.picture, restored: options.restored === true,
    })
  }

  // Adding or changing a page.

  async function renderPageForm(reply: FastifyReply, options: {
    actor: Actor; familyId: string; bookletId: string; page?: number; values: PageFormValues; errors?: Record<string, string>; conflict?: VersionRow; restored?: boolean; status?: number
    /** The page the form was opened from (the check before sending to the parents), to go back to. */
    returnTo?: string
  }) {
    const view = await booklets.view(options.actor, options.familyId, options.bookletId, { purpose: options.page === undefined ? 'add-page' : 'change-page' })
    const existing = options.page === undefined ? undefined : view.shown.pages[options.page - 1]
    // The page being changed was removed by someone else: what was typed can still be saved, as a new page.
    const gone = options.page !== undefined && existing === undefined
    if (gone && options.conflict === undefined) throw new NotFoundError('page')
    const page = gone ? undefined : options.page
    const errors = options.errors ?? {}
    return reply.code(options.status ?? (Object.keys(errors).length > 0 ? 400 : 200)).view(`${VIEWS}/page-form.njk`, {
      ...presentErrors(errors), familyName: view.family.familyName, title: view.shown.title, childName: view.child.name, values: options.values,
      page, pageGone: gone, pageCount: view.shown.pages.length,
      existingPicture: existing === undefined ? undefined : presentPicture(options.familyId, existing.pictureId, view.descriptions),
      action: page === undefined ? bookletPaths.addPage(options.familyId, options.bookletId) : withReturnPath(bookletPaths.editPage(options.familyId, options.bookletId, page), options.returnTo),
      draftKey: page === undefined ? bookletPaths.addPage(options.familyId, options.bookletId) : bookletPaths.editPage(options.familyId, options.bookletId, page),
      bookletHref: (page === undefined ? undefined : options.returnTo) ?? bookletPaths.booklet(options.familyId, options.bookletId),
      backText: page === undefined || options.returnTo === undefined ? undefined : 'Back to the check before sending',
      conflict: options.conflict === undefined ? undefined : presentConflict(options.familyId, options.bookletId, options.conflict, view.descriptions),
      advice: await adviceOn(options.actor, options.values.text), coachKind: COACH_KIND, pictureError: errors.picture, restored: options.restored === true,
    })
  }

  function afterPageChange(reply: FastifyReply, familyId: string, bookletId: string, result: Extract<PageChangeResult, { outcome: 'saved' | 'already-saved' }>, returnTo?: string) {
    if (returnTo !== undefined) {
      const page = result.outcome === 'saved' ? result.page : undefined
      return reply.redirect(page === undefined ? `${returnTo}#texts` : `${returnTo}?changed=page-${String(page)}#text-page-${String(page)}`, 303)
    }
    const query = result.outcome === 'saved' && result.page !== undefined ? `?saved=${String(result.version)}&page=${String(result.page)}#page-${String(result.page)}` : `?saved=${String(result.version)}`
    return reply.redirect(`${bookletPaths.booklet(familyId, bookletId)}${query}`, 303)
  }

  /** Saves a page form's change, or shows the form again: with errors, or beside their version when someone else saved first. */
  async function savePage(request: FastifyRequest, reply: FastifyReply, page: number | undefined) {
    const actor = actorOf(request)
    const familyId = familyIdOf(request)
    const bookletId = bookletIdOf(request)
    const returnTo = page === undefined ? undefined : returnPathWithin(familyId, queryOf(request, { returnTo: queryText(200) }).returnTo)
    const values = readPageForm(request.body)
    values.submissionId = submissionIdOf(values)
    const input = await readPictureInput(request.body)
    const { fields, errors } = validatePage(values, input)
    const baseVersion = positiveInteger(values.baseVersion)
    if (fields === undefined || baseVersion === undefined) {
      if (fields !== undefined) return reply.code(400).view('errors/bad-request.njk', {})
      return renderPageForm(reply, { actor, familyId, bookletId, page, values, errors, returnTo })
    }
    const change: PageChange = page === undefined
      ? { type: 'add', text: fields.text, ...(fields.newPicture === undefined ? {} : { newPicture: fields.newPicture }) }
      : {
        type: 'edit', page, text: fields.text,
        picture: fields.newPicture !== undefined ? { kind: 'new', newPicture: fields.newPicture } : values.removePicture ? { kind: 'remove' } : { kind: 'keep' },
      }
    const result = await booklets.changePages(actor, familyId, bookletId, change, baseVersion, values.submissionId)
    if (result.outcome === 'refused') return renderPageForm(reply, { actor, familyId, bookletId, page, values, errors: { text: result.reason }, returnTo })
    if (result.outcome === 'conflict') {
      // Someone saved first: show their pages and keep everything this person typed, ready to save again on purpose.
      return renderPageForm(reply, {
        actor, familyId, bookletId, page, status: 409, conflict: result.theirs, returnTo,
        values: { ...values, baseVersion: String(result.theirs.version), submissionId: crypto.randomUUID() },
        errors: input.kind === 'picture' ? { picture: BOOKLET_MESSAGES.pictureAgain } : {},
      })
    }
    return afterPageChange(reply, familyId, bookletId, result, returnTo)
  }

  // The booklet's own page, and its earlier versions.

  async function renderBooklet(request: FastifyRequest, reply: FastifyReply, options: { status?: number; problem?: string } = {}) {
    const actor = actorOf(request)
    const familyId = familyIdOf(request)
    const bookletId = bookletIdOf(request)
    const query = queryOf(request, { saved: optionalWholeNumber, page: optionalWholeNumber, done: queryText(40) })
    const view = await booklets.view(actor, familyId, bookletId, { purpose: 'booklet' })
    const presented = presentBooklet(view)
    const savedVersion = query.saved === 0 ? undefined : query.saved
    const savedPage = query.page === 0 ? undefined : query.page
    let advice
    if (savedVersion === view.booklet.currentVersion && savedPage !== undefined) {
      const page = view.shown.pages[savedPage - 1]
      if (page !== undefined) {
        const checked = await language.check(actor, page.text, COACH_KIND)
        advice = { page: savedPage, findings: checked.findings, readability: checked.readability, editHref: bookletPaths.editPage(familyId, bookletId, savedPage) }
      }
    }
    const done = query.done
    return reply.code(options.status ?? 200).view(`${VIEWS}/booklet.njk`, {
      ...presented, ...(options.problem === undefined ? {} : presentErrors({ pages: options.problem })),
      saved: savedVersion, advice, done, statusSubmissionId: crypto.randomUUID(),
      // The saved form's draft in the browser is no longer needed.
      clearDrafts: savedVersion === undefined && done === undefined ? undefined
        : [bookletPaths.addPage(familyId, bookletId), ...view.shown.pages.map((_page, index) => bookletPaths.editPage(familyId, bookletId, index + 1)),
          bookletPaths.response(familyId, bookletId), bookletPaths.share(familyId, bookletId), bookletPaths.addition(familyId, bookletId)].join(' '),
    })
  }

  // Removing a page.

  async function renderRemove(reply: FastifyReply, options: { actor: Actor; familyId: string; bookletId: string; page: number; problem?: string; status?: number }) {
    const view = await booklets.view(options.actor, options.familyId, options.bookletId, { purpose: 'remove-page' })
    const pages = presentPages(options.familyId, options.bookletId, view.shown, view.descriptions, false)
    const shown = pages[options.page - 1]
    if (shown === undefined) throw new NotFoundError('page')
    return reply.code(options.status ?? 200).view(`${VIEWS}/remove-page.njk`, {
      ...(options.problem === undefined ? {} : presentErrors({ confirm: options.problem })),
      familyName: view.family.familyName, title: view.shown.title, page: shown, baseVersion: view.booklet.currentVersion, submissionId: crypto.randomUUID(),
      action: bookletPaths.removePage(options.familyId, options.bookletId, options.page), bookletHref: bookletPaths.booklet(options.familyId, options.bookletId),
    })
  }

  // A parent's comments.

  async function renderResponse(reply: FastifyReply, options: { actor: Actor; familyId: string; bookletId: string; values?: ResponseFormValues; errors?: Record<string, string>; restored?: boolean }) {
    const view = await booklets.view(options.actor, options.familyId, options.bookletId, { purpose: 'record-response' })
    const values = options.values ?? {
      parent: '', otherName: '', respondedOn: todayTyped(), agrees: '', comments: '', version: String(view.booklet.currentVersion), submissionId: crypto.randomUUID(),
    }
    const version = positiveInteger(values.version) ?? view.booklet.currentVersion
    const errors = options.errors ?? {}
    return reply.code(Object.keys(errors).length > 0 ? 400 : 200).view(`${VIEWS}/response-form.njk`, {
      ...presentErrors(errors), familyName: view.family.familyName, title: view.shown.title, childName: view.child.name, values, version,
      versionHref: bookletPaths.version(options.familyId, options.bookletId, version), latest: version === view.booklet.currentVersion,
      parentNames: view.parentNames, otherParent: OTHER_PARENT,
      agreesItems: [{ value: 'yes', text: 'Yes, they agree with it', checked: values.agrees === 'yes' }, { value: 'no', text: 'No, they would like changes', checked: values.agrees === 'no' }],
      action: bookletPaths.response(options.familyId, options.bookletId), bookletHref: bookletPaths.booklet(options.familyId, options.bookletId), restored: options.restored === true,
    })
  }

  // A worker's reply to what the family said in their own space.

  async function renderReply(reply: FastifyReply, options: { actor: Actor; familyId: string; bookletId: string; commentId: string; values?: ReplyFormValues; errors?: Record<string, string> }) {
    const form = await booklets.replyForm(options.actor, options.familyId, options.bookletId, options.commentId)
    const values = options.values ?? { text: '', submissionId: crypto.randomUUID() }
    const errors = options.errors ?? {}
    return reply.code(Object.keys(errors).length > 0 ? 400 : 200).view(`${VIEWS}/reply-form.njk`, {
      ...presentErrors(errors), familyName: form.family.familyName, title: form.booklet.title, childName: form.child.name, values,
      comment: { text: form.comment.text, by: form.comment.authorName, when: formatDateTime(form.comment.createdAt), place: commentPlace(form.comment) },
      replies: form.replies.map((earlier) => ({ text: earlier.text, by: earlier.authorName, when: formatDateTime(earlier.createdAt) })),
      action: bookletPaths.reply(options.familyId, options.bookletId, options.commentId), bookletHref: `${bookletPaths.booklet(options.familyId, options.bookletId)}#family-comments`,
    })
  }

  // Sharing with the child.

  async function renderShare(reply: FastifyReply, options: { actor: Actor; familyId: string; bookletId: string; values?: ShareFormValues; errors?: Record<string, string>; restored?: boolean }) {
    const view = await booklets.view(options.actor, options.familyId, options.bookletId, { purpose: 'record-share' })
    const values = options.values ?? { sharedOn: todayTyped(), how: '', sharedBy: '', version: String(view.booklet.currentVersion), submissionId: crypto.randomUUID() }
    const version = positiveInteger(values.version) ?? view.booklet.currentVersion
    const errors = options.errors ?? {}
    return reply.code(Object.keys(errors).length > 0 ? 400 : 200).view(`${VIEWS}/share-form.njk`, {
      ...presentErrors(errors), familyName: view.family.familyName, title: view.shown.title, childName: view.child.name, values, version,
      notAgreed: !agreedVersions(view.responses).has(version),
      action: bookletPaths.share(options.familyId, options.bookletId), bookletHref: bookletPaths.booklet(options.familyId, options.bookletId), restored: options.restored === true,
    })
  }

  // The child's own additions.

  async function renderAddition(reply: FastifyReply, options: { actor: Actor; familyId: string; bookletId: string; values?: AdditionFormValues; errors?: Record<string, string>; restored?: boolean }) {
    const view = await booklets.view(options.actor, options.familyId, options.bookletId, { purpose: 'record-addition' })
    const values = options.values ?? { addedOn: todayTyped(), words: '', description: '', parentsMaySee: '', submissionId: crypto.randomUUID() }
    const errors = options.errors ?? {}
    return reply.code(Object.keys(errors).length > 0 ? 400 : 200).view(`${VIEWS}/addition-form.njk`, {
      ...presentErrors(errors), familyName: view.family.familyName, title: view.shown.title, childName: view.child.name, values, pictureError: errors.picture,
      parentsItems: [
        { value: 'yes', text: `Yes, ${view.child.name} is happy for their parents to see it`, checked: values.parentsMaySee === 'yes' },
        { value: 'no', text: `No, ${view.child.name} wants only the workers to see it`, checked: values.parentsMaySee === 'no' },
      ],
      action: bookletPaths.addition(options.familyId, options.bookletId), bookletHref: bookletPaths.booklet(options.familyId, options.bookletId), restored: options.restored === true,
    })
  }

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/families/:familyId/booklets', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const { family, children } = await booklets.overview(actorOf(request), familyId)
      return reply.view(`${VIEWS}/list.njk`, {
        familyId, familyName: family.familyName, familyHref: bookletPaths.family(familyId),
        children: children.map((child) => ({
          name: child.name, fullName: child.fullName, unborn: child.unborn, startHref: bookletPaths.start(familyId, child.id),
          booklets: child.booklets.map((booklet) => ({
            title: booklet.title, href: bookletPaths.booklet(familyId, booklet.id), status: STATUS_TAGS[booklet.status], version: booklet.currentVersion,
            lastShared: booklet.lastShare === undefined ? 'Not shared yet'
              : `${formatDate(booklet.lastShare.sharedOn)}: ${booklet.lastShare.how}, by ${booklet.lastShare.sharedBy} (version ${String(booklet.lastShare.version)})`,
          })),
        })),
      })
    })

    app.get('/families/:familyId/booklets/new', { config: { access: caseworkers } }, async (request, reply) => {
      const actor = actorOf(request)
      const familyId = familyIdOf(request)
      const kept = await heldFields(request, bookletPaths.start(familyId))
      const childId = kept?.child ?? queryOf(request, { child: optionalId }).child
      if (!isId(childId)) {
        // No child chosen: choose one from the family's list.
        await booklets.overview(actor, familyId)
        return reply.redirect(bookletPaths.list(familyId), 303)
      }
      if (kept !== undefined) return renderStart(reply, { actor, familyId, childId, values: readStartForm(kept), restored: true })
      const { child } = await booklets.child(actor, familyId, childId)
      return renderStart(reply, {
        actor, familyId, childId,
        values: { title: `${child.name}'s words and pictures`, text: '', description: '', removePicture: false, child: childId, submissionId: crypto.randomUUID(), baseVersion: '' },
      })
    })

    app.post('/families/:familyId/booklets/new', { config: { access: caseworkers, holdOnExpiry: true, uploads: { maxBytes: PICTURE_FORM_MAX_BYTES } } }, async (request, reply) => {
      const actor = actorOf(request)
      const familyId = familyIdOf(request)
      const values = readStartForm(request.body)
      values.submissionId = submissionIdOf(values)
      if (!isId(values.child)) {
        await booklets.overview(actor, familyId)
        return reply.redirect(bookletPaths.list(familyId), 303)
      }
      const { fields, errors } = validateStart(values, await readPictureInput(request.body))
      if (fields === undefined) return renderStart(reply, { actor, familyId, childId: values.child, values, errors })
      const result = await booklets.start(actor, familyId, {
        childPersonId: values.child, title: fields.title, text: fields.text, submissionId: values.submissionId, ...(fields.newPicture === undefined ? {} : { newPicture: fields.newPicture }),
      })
      return reply.redirect(`${bookletPaths.booklet(familyId, result.bookletId)}?saved=1&page=1#page-1`, 303)
    })

    app.get('/families/:familyId/booklets/:bookletId', { config: { access: caseworkers } }, async (request, reply) => renderBooklet(request, reply))

    app.get('/families/:familyId/booklets/:bookletId/versions/:version', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const bookletId = bookletIdOf(request)
      const view = await booklets.view(actorOf(request), familyId, bookletId, { version: numberParam(request, 'version'), purpose: 'earlier-version' })
      const presented = presentBooklet(view)
      return reply.view(`${VIEWS}/version.njk`, {
        ...presented, pages: presentPages(familyId, bookletId, view.shown, view.descriptions, false),
        responses: presented.responses.filter((group) => group.version === view.shown.version),
      })
    })

    app.get('/families/:familyId/booklets/:bookletId/pages/new', { config: { access: caseworkers } }, async (request, reply) => {
      const actor = actorOf(request)
      const familyId = familyIdOf(request)
      const bookletId = bookletIdOf(request)
      const kept = await heldFields(request, bookletPaths.addPage(familyId, bookletId))
      if (kept !== undefined) return renderPageForm(reply, { actor, familyId, bookletId, values: readPageForm(kept), restored: true })
      const view = await booklets.view(actor, familyId, bookletId, { purpose: 'add-page' })
      return renderPageForm(reply, {
        actor, familyId, bookletId,
        values: { text: '', description: '', removePicture: false, submissionId: crypto.randomUUID(), baseVersion: String(view.booklet.currentVersion) },
      })
    })

    app.post('/families/:familyId/booklets/:bookletId/pages/new', { config: { access: caseworkers, holdOnExpiry: true, uploads: { maxBytes: PICTURE_FORM_MAX_BYTES } } }, async (request, reply) => savePage(request, reply, undefined))

    app.get('/families/:familyId/booklets/:bookletId/pages/:index/edit', { config: { access: caseworkers } }, async (request, reply) => {
      const actor = actorOf(request)
      const familyId = familyIdOf(request)
      const bookletId = bookletIdOf(request)
      const page = numberParam(request, 'index')
      const returnTo = returnPathWithin(familyId, queryOf(request, { returnTo: queryText(200) }).returnTo)
      const kept = await heldFields(request, bookletPaths.editPage(familyId, bookletId, page))
      if (kept !== undefined) return renderPageForm(reply, { actor, familyId, bookletId, page, values: readPageForm(kept), restored: true, returnTo })
      const view = await booklets.view(actor, familyId, bookletId, { purpose: 'change-page' })
      const existing = view.shown.pages[page - 1]
      if (existing === undefined) throw new NotFoundError('page')
      return renderPageForm(reply, {
        actor, familyId, bookletId, page, returnTo,
        values: { text: existing.text, description: '', removePicture: false, submissionId: crypto.randomUUID(), baseVersion: String(view.booklet.currentVersion) },
      })
    })

    app.post('/families/:familyId/booklets/:bookletId/pages/:index/edit', { config: { access: caseworkers, holdOnExpiry: true, uploads: { maxBytes: PICTURE_FORM_MAX_BYTES } } }, async (request, reply) =>
      savePage(request, reply, numberParam(request, 'index')))

    app.get('/families/:familyId/booklets/:bookletId/pages/:index/remove', { config: { access: caseworkers } }, async (request, reply) =>
      renderRemove(reply, { actor: actorOf(request), familyId: familyIdOf(request), bookletId: bookletIdOf(request), page: numberParam(request, 'index') }))

    app.post('/families/:familyId/booklets/:bookletId/pages/:index/remove', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const actor = actorOf(request)
      const familyId = familyIdOf(request)
      const bookletId = bookletIdOf(request)
      const page = numberParam(request, 'index')
      const values = readPageForm(request.body)
      const baseVersion = positiveInteger(values.baseVersion)
      if (baseVersion === undefined || !isSubmissionId(values.submissionId)) return badRequest(actor, familyId, bookletId, reply)
      const result = await booklets.changePages(actor, familyId, bookletId, { type: 'remove', page }, baseVersion, values.submissionId)
      if (result.outcome === 'conflict') {
        return renderRemove(reply, { actor, familyId, bookletId, page, status: 409,
          problem: 'Someone else changed this booklet after you opened this page. Check that this is still the page you want to remove, then remove it again.' })
      }
      if (result.outcome === 'refused') return renderRemove(reply, { actor, familyId, bookletId, page, status: 400, problem: result.reason })
      return reply.redirect(`${bookletPaths.booklet(familyId, bookletId)}?saved=${String(result.version)}`, 303)
    })

    app.post('/families/:familyId/booklets/:bookletId/pages/:index/move', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const actor = actorOf(request)
      const familyId = familyIdOf(request)
      const bookletId = bookletIdOf(request)
      const page = numberParam(request, 'index')
      const values = readPageForm(request.body)
      const direction = (request.body as Record<string, unknown> | undefined)?.direction
      const baseVersion = positiveInteger(values.baseVersion)
      if (baseVersion === undefined || !isSubmissionId(values.submissionId) || (direction !== 'up' && direction !== 'down')) return badRequest(actor, familyId, bookletId, reply)
      const result = await booklets.changePages(actor, familyId, bookletId, { type: 'move', page, direction }, baseVersion, values.submissionId)
      if (result.outcome === 'conflict') {
        return renderBooklet(request, reply, { status: 409, problem: 'Someone else changed this booklet after you opened it. The pages below are as they are now: move the page again if you still want to.' })
      }
      if (result.outcome === 'refused') return renderBooklet(request, reply, { status: 400, problem: result.reason })
      return afterPageChange(reply, familyId, bookletId, result)
    })

    app.post('/families/:familyId/booklets/:bookletId/status', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const bookletId = bookletIdOf(request)
      const action = (request.body as Record<string, unknown> | undefined)?.action
      if (action !== 'send-to-parents') return badRequest(actorOf(request), familyId, bookletId, reply)
      await booklets.sendToParents(actorOf(request), familyId, bookletId)
      return reply.redirect(`${bookletPaths.booklet(familyId, bookletId)}?done=sent`, 303)
    })

    app.get('/families/:familyId/booklets/:bookletId/responses/new', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const bookletId = bookletIdOf(request)
      const kept = await heldFields(request, bookletPaths.response(familyId, bookletId))
      return renderResponse(reply, { actor: actorOf(request), familyId, bookletId, ...(kept === undefined ? {} : { values: readResponseForm(kept), restored: true }) })
    })

    app.post('/families/:familyId/booklets/:bookletId/responses/new', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const actor = actorOf(request)
      const familyId = familyIdOf(request)
      const bookletId = bookletIdOf(request)
      const values = readResponseForm(request.body)
      values.submissionId = submissionIdOf(values)
      const { parentNames } = await booklets.view(actor, familyId, bookletId, { purpose: 'check-response' })
      const { fields, errors } = validateResponse(values, parentNames)
      if (fields === undefined) {
        if (Object.keys(errors).length === 0) return reply.code(400).view('errors/bad-request.njk', {})
        return renderResponse(reply, { actor, familyId, bookletId, values, errors })
      }
      const result = await booklets.recordResponse(actor, familyId, bookletId, fields, values.submissionId)
      return reply.redirect(`${bookletPaths.booklet(familyId, bookletId)}?done=${result.status === 'agreed' ? 'agreed' : 'response'}#parents`, 303)
    })

    app.get('/families/:familyId/booklets/:bookletId/comments/:commentId/reply', { config: { access: caseworkers } }, async (request, reply) => {
      const { familyId, bookletId, commentId } = paramsOf(request, { familyId: id, bookletId: id, commentId: id })
      return renderReply(reply, { actor: actorOf(request), familyId, bookletId, commentId })
    })

    app.post('/families/:familyId/booklets/:bookletId/comments/:commentId/reply', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const actor = actorOf(request)
      const { familyId, bookletId, commentId } = paramsOf(request, { familyId: id, bookletId: id, commentId: id })
      const { values, errors, text } = readReplyForm(request.body)
      values.submissionId = submissionIdOf(values)
      if (text === undefined) return renderReply(reply, { actor, familyId, bookletId, commentId, values, errors })
      await booklets.reply(actor, familyId, bookletId, commentId, text, values.submissionId)
      return reply.redirect(`${bookletPaths.booklet(familyId, bookletId)}?done=replied#comment-${commentId}`, 303)
    })

    app.get('/families/:familyId/booklets/:bookletId/shares/new', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const bookletId = bookletIdOf(request)
      const kept = await heldFields(request, bookletPaths.share(familyId, bookletId))
      return renderShare(reply, { actor: actorOf(request), familyId, bookletId, ...(kept === undefined ? {} : { values: readShareForm(kept), restored: true }) })
    })

    app.post('/families/:familyId/booklets/:bookletId/shares/new', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const actor = actorOf(request)
      const familyId = familyIdOf(request)
      const bookletId = bookletIdOf(request)
      const values = readShareForm(request.body)
      values.submissionId = submissionIdOf(values)
      const { fields, errors } = validateShare(values)
      if (fields === undefined) {
        if (Object.keys(errors).length === 0) return reply.code(400).view('errors/bad-request.njk', {})
        return renderShare(reply, { actor, familyId, bookletId, values, errors })
      }
      await booklets.recordShare(actor, familyId, bookletId, fields, values.submissionId)
      return reply.redirect(`${bookletPaths.booklet(familyId, bookletId)}?done=shared#shared`, 303)
    })

    app.get('/families/:familyId/booklets/:bookletId/additions/new', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const bookletId = bookletIdOf(request)
      const kept = await heldFields(request, bookletPaths.addition(familyId, bookletId))
      return renderAddition(reply, { actor: actorOf(request), familyId, bookletId, ...(kept === undefined ? {} : { values: readAdditionForm(kept), restored: true }) })
    })

    app.post('/families/:familyId/booklets/:bookletId/additions/new', { config: { access: caseworkers, holdOnExpiry: true, uploads: { maxBytes: PICTURE_FORM_MAX_BYTES } } }, async (request, reply) => {
      const actor = actorOf(request)
      const familyId = familyIdOf(request)
      const bookletId = bookletIdOf(request)
      const values = readAdditionForm(request.body)
      values.submissionId = submissionIdOf(values)
      const { fields, errors } = validateAddition(values, await readPictureInput(request.body))
      if (fields === undefined) return renderAddition(reply, { actor, familyId, bookletId, values, errors })
      await booklets.recordAddition(actor, familyId, bookletId, fields, values.submissionId)
      return reply.redirect(`${bookletPaths.booklet(familyId, bookletId)}?done=added#additions`, 303)
    })

    app.get('/families/:familyId/booklets/:bookletId/print', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const bookletId = bookletIdOf(request)
      const data = await booklets.childVersion(actorOf(request), familyId, bookletId, 'print')
      return reply.view(`${VIEWS}/print.njk`, {
        booklet: hiddenValueMatcher(data.hidden).blankDeep(buildChildBooklet(data)), bookletHref: bookletPaths.booklet(familyId, bookletId), pdfHref: bookletPaths.pdf(familyId, bookletId),
      })
    })

    app.get('/families/:familyId/booklets/:bookletId/booklet.pdf', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const bookletId = bookletIdOf(request)
      const data = await booklets.childVersion(actorOf(request), familyId, bookletId, 'pdf')
      const pdf = await bookletPdf(hiddenValueMatcher(data.hidden).blankDeep(buildChildBooklet(data)))
      return reply.type('application/pdf').header('Content-Disposition', `attachment; filename="${fileName(data.title)}"`).send(pdf)
    })
  }
}
