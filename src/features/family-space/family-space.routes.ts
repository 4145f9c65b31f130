import crypto from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { allow } from '../../platform/access/policy.js'
import { actorOf } from '../../platform/http/request.js'
import { optionalId, optionalWholeNumber, paramsOf, queryOf, id } from '../../platform/http/params.js'
import { todayInLondon } from '../../platform/time.js'
import type { HeldFields, HeldSubmissions } from '../../platform/http/held-submissions.js'
import { presentErrors } from '../../platform/views/presenters.js'
import { hiddenValueMatcher, type HiddenValue } from '../../family-record/index.js'
import type { FamilySpaceService } from './family-space.service.js'
import { familySpacePaths } from './family-space.paths.js'
import { parseCheckIn, parseComment, parseResponse, parseScale } from './family-space.schema.js'
import {
  newCheckInValues, newResponseValues, newScaleValues, presentCheckInForm, presentCommentForm, presentHome, presentMap, presentMeetings, presentPlan,
  presentResponseForm, presentScale, presentWordsAndPictures, presentBookletCommentForm, type BookletCommentValues, type CheckInValues, type ResponseValues, type ScaleValues,
} from './family-space.presenter.js'

const VIEWS = 'family-space/views'
const today = (): string => todayInLondon()

/** The page of a story a comment is about, counted from 1; none for the story as a whole. */
function pageOf(request: FastifyRequest): number | undefined {
  return queryOf(request, { page: optionalWholeNumber }).page
}

function entryIdOf(request: FastifyRequest): string {
  return paramsOf(request, { entryId: id }).entryId
}

/**
 * A family or network member's own space. Every route is theirs alone (staff are refused with a
 * 404), and none takes a family id: the family is always the one their own access belongs to.
 */
export function familySpaceRoutes(deps: { familySpace: FamilySpaceService; held: HeldSubmissions }) {
  const { familySpace, held } = deps
  const family = { access: allow.family }
  const familyForm = { access: allow.family, holdOnExpiry: true }

  /** Renders a page, blanking out anything hidden from this reader that a worker may have typed into free text. */
  function render(reply: FastifyReply, view: string, model: Record<string, unknown>, hidden: readonly HiddenValue[], errors: Record<string, string> = {}, status?: number) {
    const page = hiddenValueMatcher(hidden).blankDeep({ ...presentErrors(errors), ...model })
    return reply.code(status ?? (Object.keys(errors).length > 0 ? 400 : 200)).view(`${VIEWS}/${view}.njk`, page)
  }

  /** What this person typed into this form before their session ended, if it was kept. */
  async function heldFields(request: FastifyRequest, path: string): Promise<HeldFields | undefined> {
    const { held: heldId } = queryOf(request, { held: optionalId })
    return heldId === undefined ? undefined : held.find(actorOf(request), heldId, path)
  }

  const savedOf = (request: FastifyRequest): string | undefined => {
    const saved = (request.query as Record<string, unknown>).saved
    return typeof saved === 'string' && /^[a-z-]{1,20}$/.test(saved) ? saved : undefined
  }

  async function renderComment(request: FastifyRequest, reply: FastifyReply, entryId: string, values?: { text: string; submissionId: string }, errors: Record<string, string> = {}) {
    const data = await familySpace.commentForm(actorOf(request), entryId)
    return render(reply, 'comment', presentCommentForm(data, values ?? { text: '', submissionId: crypto.randomUUID() }), data.hidden, errors)
  }

  async function renderBookletComment(request: FastifyRequest, reply: FastifyReply, values?: BookletCommentValues, errors: Record<string, string> = {}) {
    const { bookletId } = paramsOf(request, { bookletId: id })
    const data = await familySpace.bookletCommentForm(actorOf(request), bookletId, pageOf(request))
    return render(reply, 'booklet-comment', presentBookletCommentForm(data, values ?? { text: '', submissionId: crypto.randomUUID() }), data.hidden, errors)
  }

  async function renderScale(request: FastifyRequest, reply: FastifyReply, values: ScaleValues = newScaleValues(), errors: Record<string, string> = {}) {
    const data = await familySpace.scale(actorOf(request))
    return render(reply, 'scale', presentScale(data, values, savedOf(request) === 'scale'), data.hidden, errors)
  }

  async function renderCheckIn(request: FastifyRequest, reply: FastifyReply, values: CheckInValues = newCheckInValues(today()), errors: Record<string, string> = {}) {
    const data = await familySpace.checkInForm(actorOf(request))
    return render(reply, 'check-in', presentCheckInForm(data, values), data.hidden, errors)
  }

  async function renderResponse(request: FastifyRequest, reply: FastifyReply, values?: ResponseValues, errors: Record<string, string> = {}) {
    const data = await familySpace.responseForm(actorOf(request))
    return render(reply, 'response', presentResponseForm(data, values ?? newResponseValues(data.planVersion)), data.hidden, errors)
  }

  return async (app: FastifyInstance): Promise<void> => {
    app.get(familySpacePaths.home, { config: family }, async (request, reply) => {
      const data = await familySpace.home(actorOf(request))
      if (data.outcome === 'ended') return reply.view(`${VIEWS}/ended.njk`, {})
      return render(reply, 'home', presentHome(data), data.hidden)
    })

    app.get(familySpacePaths.map, { config: family }, async (request, reply) => {
      const data = await familySpace.map(actorOf(request))
      return render(reply, 'map', presentMap(data, savedOf(request) === 'comment'), data.hidden)
    })

    app.get('/my-family/map/entries/:entryId/comment', { config: family }, async (request, reply) => {
      const entryId = entryIdOf(request)
      const kept = await heldFields(request, familySpacePaths.comment(entryId))
      return renderComment(request, reply, entryId, kept === undefined ? undefined : parseComment(kept).values)
    })

    app.post('/my-family/map/entries/:entryId/comment', { config: familyForm }, async (request, reply) => {
      const entryId = entryIdOf(request)
      const parsed = parseComment(request.body)
      if (parsed.text === undefined) return renderComment(request, reply, entryId, parsed.values, parsed.errors)
      await familySpace.addComment(actorOf(request), entryId, parsed.text, parsed.values.submissionId)
      return reply.redirect(`${familySpacePaths.map}?saved=comment#entry-${entryId}`, 303)
    })

    app.get(familySpacePaths.scale, { config: family }, async (request, reply) => {
      const kept = await heldFields(request, familySpacePaths.scale)
      return renderScale(request, reply, kept === undefined ? undefined : parseScale(kept).values)
    })

    app.post(familySpacePaths.scale, { config: familyForm }, async (request, reply) => {
      const parsed = parseScale(request.body)
      if (parsed.fields === undefined) return renderScale(request, reply, parsed.values, parsed.errors)
      await familySpace.giveScale(actorOf(request), parsed.fields, parsed.values.submissionId)
      return reply.redirect(`${familySpacePaths.scale}?saved=scale`, 303)
    })

    app.get(familySpacePaths.plan, { config: family }, async (request, reply) => {
      const data = await familySpace.plan(actorOf(request))
      return render(reply, 'plan', presentPlan(data, savedOf(request), today()), data.hidden)
    })

    app.get(familySpacePaths.checkIn, { config: family }, async (request, reply) => {
      const kept = await heldFields(request, familySpacePaths.checkIn)
      return renderCheckIn(request, reply, kept === undefined ? undefined : parseCheckIn(kept, today()).values)
    })

    app.post(familySpacePaths.checkIn, { config: familyForm }, async (request, reply) => {
      const parsed = parseCheckIn(request.body, today())
      if (parsed.fields === undefined) return renderCheckIn(request, reply, parsed.values, parsed.errors)
      const result = await familySpace.recordCheckIn(actorOf(request), parsed.fields, parsed.values.submissionId)
      if (result.outcome === 'refused') return renderCheckIn(request, reply, parsed.values, { [result.field]: result.reason })
      return reply.redirect(`${familySpacePaths.plan}?saved=check-in#your-check-ins`, 303)
    })

    app.get(familySpacePaths.response, { config: family }, async (request, reply) => {
      const kept = await heldFields(request, familySpacePaths.response)
      return renderResponse(request, reply, kept === undefined ? undefined : parseResponse(kept).values)
    })

    app.post(familySpacePaths.response, { config: familyForm }, async (request, reply) => {
      const parsed = parseResponse(request.body)
      if (parsed.fields === undefined) return renderResponse(request, reply, parsed.values, parsed.errors)
      const result = await familySpace.respondToPlan(actorOf(request), parsed.fields, parsed.values.submissionId)
      if (result.outcome === 'refused') {
        // The plan may have changed: answer about the version as it is now.
        const { planVersion } = await familySpace.responseForm(actorOf(request))
        return renderResponse(request, reply, { ...parsed.values, planVersion: String(planVersion), submissionId: crypto.randomUUID() }, { [result.field]: result.reason })
      }
      return reply.redirect(`${familySpacePaths.plan}?saved=response#what-you-said`, 303)
    })

    app.get(familySpacePaths.wordsAndPictures, { config: family }, async (request, reply) => {
      const data = await familySpace.wordsAndPictures(actorOf(request))
      return render(reply, 'words-and-pictures', presentWordsAndPictures(data, savedOf(request) === 'comment'), data.hidden)
    })

    app.get('/my-family/words-and-pictures/:bookletId/comment', { config: family }, async (request, reply) => {
      const { bookletId } = paramsOf(request, { bookletId: id })
      const kept = await heldFields(request, familySpacePaths.bookletComment(bookletId, pageOf(request)))
      return renderBookletComment(request, reply, kept === undefined ? undefined : parseComment(kept).values)
    })

    app.post('/my-family/words-and-pictures/:bookletId/comment', { config: familyForm }, async (request, reply) => {
      const { bookletId } = paramsOf(request, { bookletId: id })
      const parsed = parseComment(request.body)
      if (parsed.text === undefined) return renderBookletComment(request, reply, parsed.values, parsed.errors)
      const page = pageOf(request)
      await familySpace.addBookletComment(actorOf(request), bookletId, page, parsed.text, parsed.values.submissionId)
      return reply.redirect(`${familySpacePaths.wordsAndPictures}?saved=comment#${page === undefined ? `booklet-${bookletId}` : `booklet-${bookletId}-page-${String(page)}`}`, 303)
    })

    app.get(familySpacePaths.meetings, { config: family }, async (request, reply) => {
      const data = await familySpace.meetings(actorOf(request))
      return render(reply, 'meetings', presentMeetings(data), data.hidden)
    })

    app.get('/my-family/pictures/:pictureId', { config: family }, async (request, reply) => {
      const { pictureId } = paramsOf(request, { pictureId: id })
      const picture = await familySpace.picture(actorOf(request), pictureId)
      // Stored pictures are cleaned PNG or JPEG; the type is ours, never the sender's.
      return reply.type(picture.mediaType).header('Content-Disposition', 'inline').header('Content-Security-Policy', "default-src 'none'; sandbox").send(picture.bytes)
    })
  }
}
