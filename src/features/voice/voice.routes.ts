import crypto from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { actorOf } from '../../platform/http/request.js'
import { id, isId, optionalId, paramsOf, queryOf, queryText } from '../../platform/http/params.js'
import { presentErrors } from '../../platform/views/presenters.js'
import { formatDate } from '../../platform/views/setup.js'
import { formChoice, formList, formText, submissionIdOf } from '../../platform/http/form.js'
import { heldTextFields, type HeldFields, type HeldSubmissions } from '../../platform/http/held-submissions.js'
import type { ChildTool, MapCategory } from '../../db/schema/index.js'
import { PICTURE_FORM_MAX_BYTES } from '../../platform/http/uploads.js'
import { picturePath, readPictureInput } from '../pictures/index.js'
// Types only: the map's vocabulary and service are given to these routes by app.ts, so there is no import cycle with the map.
import type { MapService, categoryNames } from '../map/index.js'
import type { VoiceService, ChildWordsItem } from './voice.service.js'
import { VOICE_MESSAGES, choiceOf, parseSession, parseWords, sharingOf, SHARING_CHOICES, type SharingChoice } from './voice.schema.js'
import { TOOLS, partOf, sharingText } from './voice.vocabulary.js'
import { CASEWORK_POLICY } from '../../family-record/index.js'

const caseworkers = CASEWORK_POLICY
const VIEWS = 'voice/views'
/** Where a child's words can go on the map: their worries, what is working well, and what is not known. */
const PLACEABLE: MapCategory[] = ['harm', 'complicating', 'strength', 'safety', 'grey-area']

export const voicePaths = {
  overview: (familyId: string) => `/families/${familyId}/voice`,
  child: (familyId: string, childId: string) => `/families/${familyId}/children/${childId}/voice`,
  newSession: (familyId: string, childId: string) => `/families/${familyId}/children/${childId}/sessions/new`,
  session: (familyId: string, childId: string, sessionId: string) => `/families/${familyId}/children/${childId}/sessions/${sessionId}`,
  newWords: (familyId: string, childId: string, sessionId: string) => `/families/${familyId}/children/${childId}/sessions/${sessionId}/words/new`,
  sharing: (familyId: string, wordsId: string) => `/families/${familyId}/child-words/${wordsId}/sharing`,
  place: (familyId: string, wordsId: string) => `/families/${familyId}/child-words/${wordsId}/place`,
  reason: (familyId: string, childId: string) => `/families/${familyId}/children/${childId}/view-reason`,
  goalLinks: (familyId: string, entryId: string) => `/families/${familyId}/map/entries/${entryId}/child-words`,
}

function idParam(request: FastifyRequest, name: string): string {
  const value = paramsOf(request, { [name]: id })[name]
  if (value === undefined) throw new Error('unreachable: paramsOf checked it')
  return value
}

/** The "saved" note a redirect carries in its query string. */
function savedOf(request: FastifyRequest): string | undefined {
  return queryOf(request, { saved: queryText(20) }).saved
}

const SHARING_LABELS: Record<SharingChoice, string> = {
  'parents-and-network': 'Their parents and the safety network',
  'parents': 'Their parents, not the safety network',
  'network': 'The safety network, not their parents',
  'workers': 'No one beyond the workers',
}

function sharingItems(selected: string) {
  return SHARING_CHOICES.map((choice) => ({ value: choice, text: SHARING_LABELS[choice], checked: selected === choice }))
}

export function presentWords(familyId: string, item: ChildWordsItem, editable = false) {
  return {
    editable,
    id: item.id, words: item.words, heading: partOf(item.tool, item.part)?.heading ?? item.part,
    picture: item.pictureId === null ? undefined : { src: picturePath(familyId, item.pictureId), alt: item.pictureDescription ?? 'The child\'s drawing' },
    sharing: sharingText(item.parentsMaySee, item.networkMaySee, item.childName), workersOnly: !item.parentsMaySee && !item.networkMaySee,
    onMap: item.mapEntryIds.length > 0, sharingHref: voicePaths.sharing(familyId, item.id), placeHref: voicePaths.place(familyId, item.id),
    childName: item.childName, when: formatDate(item.heldOn), toolName: TOOLS[item.tool].name,
  }
}

export function voiceRoutes(deps: { voice: VoiceService; map: MapService; categoryNames: typeof categoryNames; held: HeldSubmissions }) {
  const { voice, held } = deps

  async function heldFields(request: FastifyRequest, path: string): Promise<HeldFields | undefined> {
    const heldId = queryOf(request, { held: optionalId }).held
    return heldId === undefined ? undefined : held.find(actorOf(request), heldId, path)
  }

  async function renderSessionForm(request: FastifyRequest, reply: FastifyReply, familyId: string, childId: string, values: Record<string, string>, errors: Record<string, string> = {}, restored = false) {
    const { family, child } = await voice.child(actorOf(request), familyId, childId)
    return reply.code(Object.keys(errors).length > 0 ? 400 : 200).view(`${VIEWS}/session-form.njk`, {
      ...presentErrors(errors), familyName: family.familyName, familyId, child, values, restored,
      toolItems: (Object.keys(TOOLS) as ChildTool[]).map((tool) => ({ value: tool, text: TOOLS[tool].name, hint: { text: TOOLS[tool].description }, checked: values.tool === tool })),
      action: voicePaths.newSession(familyId, childId), backHref: voicePaths.child(familyId, childId),
    })
  }

  async function renderWordsForm(request: FastifyRequest, reply: FastifyReply, ids: { familyId: string; childId: string; sessionId: string }, values: Record<string, string>, errors: Record<string, string> = {}, options: { pictureLost?: boolean; restored?: boolean } = {}) {
    const { family, child, session } = await voice.session(actorOf(request), ids.familyId, ids.childId, ids.sessionId)
    const allErrors = { ...errors }
    if (options.pictureLost === true && allErrors.picture === undefined) allErrors.picture = 'Choose the picture again: pictures are not kept when there is a problem with the form'
    return reply.code(Object.keys(errors).length > 0 ? 400 : 200).view(`${VIEWS}/words-form.njk`, {
      ...presentErrors(allErrors), familyName: family.familyName, child, values, restored: options.restored === true,
      tool: TOOLS[session.tool], when: formatDate(session.heldOn),
      partItems: TOOLS[session.tool].parts.map((part) => ({ value: part.part, text: part.heading, hint: { text: part.hint }, checked: values.part === part.part })),
      sharingItems: sharingItems(values.sharing ?? ''),
      action: voicePaths.newWords(ids.familyId, ids.childId, ids.sessionId), backHref: voicePaths.session(ids.familyId, ids.childId, ids.sessionId),
      pictureError: allErrors.picture,
    })
  }

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/families/:familyId/voice', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = idParam(request, 'familyId')
      const { family, children } = await voice.overview(actorOf(request), familyId)
      return reply.view(`${VIEWS}/overview.njk`, {
        familyName: family.familyName, familyId,
        children: children.map((row) => ({
          name: row.child.name, href: voicePaths.child(familyId, row.child.id), unborn: row.child.kind === 'unborn-child',
          status: row.sessions > 0 ? `${String(row.sessions)} ${row.sessions === 1 ? 'session' : 'sessions'}, the latest on ${formatDate(row.latestSession ?? '')}` : row.reason !== null ? 'Not recorded: reason given' : 'No view recorded yet',
          recorded: row.recorded,
        })),
      })
    })

    app.get('/families/:familyId/children/:childId/voice', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = idParam(request, 'familyId')
      const childId = idParam(request, 'childId')
      const { family, child, sessions, reason } = await voice.child(actorOf(request), familyId, childId)
      return reply.view(`${VIEWS}/child.njk`, {
        familyName: family.familyName, familyId, child, reason, saved: savedOf(request),
        sessions: sessions.map((session) => ({
          href: voicePaths.session(familyId, childId, session.id), toolName: TOOLS[session.tool].name, when: formatDate(session.heldOn), whoWasThere: session.whoWasThere,
          pathPosition: session.pathPosition, recordedBy: session.recordedByName, words: session.words.map((item) => presentWords(familyId, item, true)),
        })),
        newSessionHref: child.kind === 'unborn-child' ? undefined : voicePaths.newSession(familyId, childId), reasonHref: voicePaths.reason(familyId, childId),
        overviewHref: voicePaths.overview(familyId),
      })
    })

    app.get('/families/:familyId/children/:childId/sessions/new', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = idParam(request, 'familyId')
      const childId = idParam(request, 'childId')
      const heldForm = await heldFields(request, voicePaths.newSession(familyId, childId))
      const kept = heldForm === undefined ? undefined : heldTextFields(heldForm)
      return renderSessionForm(request, reply, familyId, childId, kept ?? { submissionId: crypto.randomUUID(), heldOn: '', tool: '', whoWasThere: '', pathPosition: '' }, {}, kept !== undefined)
    })

    app.post('/families/:familyId/children/:childId/sessions/new', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const familyId = idParam(request, 'familyId')
      const childId = idParam(request, 'childId')
      const submissionId = submissionIdOf(request.body, () => crypto.randomUUID())
      const { values, errors, fields } = parseSession(request.body)
      if (fields === undefined) return renderSessionForm(request, reply, familyId, childId, { ...values, submissionId }, errors)
      const sessionId = await voice.createSession(actorOf(request), familyId, childId, fields, submissionId)
      return reply.redirect(`${voicePaths.session(familyId, childId, sessionId)}?saved=session`, 303)
    })

    app.get('/families/:familyId/children/:childId/sessions/:sessionId', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = idParam(request, 'familyId')
      const childId = idParam(request, 'childId')
      const sessionId = idParam(request, 'sessionId')
      const { family, child, session, words } = await voice.session(actorOf(request), familyId, childId, sessionId)
      return reply.view(`${VIEWS}/session.njk`, {
        familyName: family.familyName, familyId, child, tool: TOOLS[session.tool], when: formatDate(session.heldOn), session,
        saved: savedOf(request),
        parts: TOOLS[session.tool].parts.map((part) => ({
          ...part, addHref: `${voicePaths.newWords(familyId, childId, sessionId)}?part=${part.part}`,
          words: words.filter((item) => item.part === part.part).map((item) => presentWords(familyId, item, true)),
        })),
        childHref: voicePaths.child(familyId, childId),
      })
    })

    app.get('/families/:familyId/children/:childId/sessions/:sessionId/words/new', { config: { access: caseworkers } }, async (request, reply) => {
      const ids = { familyId: idParam(request, 'familyId'), childId: idParam(request, 'childId'), sessionId: idParam(request, 'sessionId') }
      const heldForm = await heldFields(request, voicePaths.newWords(ids.familyId, ids.childId, ids.sessionId))
      const kept = heldForm === undefined ? undefined : heldTextFields(heldForm)
      const part = formText(request.query, 'part', 40)
      return renderWordsForm(request, reply, ids, kept ?? { submissionId: crypto.randomUUID(), part, words: '', pictureDescription: '', sharing: '' }, {}, { restored: kept !== undefined, pictureLost: kept !== undefined })
    })

    app.post('/families/:familyId/children/:childId/sessions/:sessionId/words/new', { config: { access: caseworkers, holdOnExpiry: true, uploads: { maxBytes: PICTURE_FORM_MAX_BYTES } } }, async (request, reply) => {
      const ids = { familyId: idParam(request, 'familyId'), childId: idParam(request, 'childId'), sessionId: idParam(request, 'sessionId') }
      const actor = actorOf(request)
      const submissionId = submissionIdOf(request.body, () => crypto.randomUUID())
      const { session } = await voice.session(actor, ids.familyId, ids.childId, ids.sessionId)
      const picture = await readPictureInput(request.body)
      const { values, errors, fields } = parseWords(request.body, session.tool, picture.kind === 'picture')
      if (picture.kind === 'error') errors.picture = picture.message
      if (fields === undefined || picture.kind === 'error') {
        return renderWordsForm(request, reply, ids, { ...values, submissionId }, errors, { pictureLost: picture.kind === 'picture' })
      }
      await voice.addWords(actor, ids.familyId, ids.childId, ids.sessionId, {
        part: fields.part, words: fields.words, parentsMaySee: fields.parentsMaySee, networkMaySee: fields.networkMaySee,
        ...(picture.kind === 'picture' ? { picture: { picture: picture.picture, source: picture.source, description: fields.pictureDescription } } : {}),
      }, submissionId)
      return reply.redirect(`${voicePaths.session(ids.familyId, ids.childId, ids.sessionId)}?saved=words#part-${fields.part}`, 303)
    })

    app.get('/families/:familyId/child-words/:wordsId/sharing', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = idParam(request, 'familyId')
      const { family, item } = await voice.words(actorOf(request), familyId, idParam(request, 'wordsId'))
      return reply.view(`${VIEWS}/sharing.njk`, {
        familyName: family.familyName, item: presentWords(familyId, item), sharingItems: sharingItems(choiceOf(item.parentsMaySee, item.networkMaySee)),
        action: voicePaths.sharing(familyId, item.id), backHref: voicePaths.session(familyId, item.childPersonId, item.sessionId),
      })
    })

    app.post('/families/:familyId/child-words/:wordsId/sharing', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const familyId = idParam(request, 'familyId')
      const wordsId = idParam(request, 'wordsId')
      const actor = actorOf(request)
      const { family, item } = await voice.words(actor, familyId, wordsId)
      const choice = formChoice<SharingChoice>(request.body, 'sharing', SHARING_CHOICES)
      if (choice === undefined) {
        return reply.code(400).view(`${VIEWS}/sharing.njk`, {
          ...presentErrors({ sharing: VOICE_MESSAGES.sharingMissing }), familyName: family.familyName, item: presentWords(familyId, item), sharingItems: sharingItems(''),
          action: voicePaths.sharing(familyId, wordsId), backHref: voicePaths.session(familyId, item.childPersonId, item.sessionId),
        })
      }
      const { parentsMaySee, networkMaySee } = sharingOf(choice)
      await voice.changeSharing(actor, familyId, wordsId, parentsMaySee, networkMaySee)
      return reply.redirect(`${voicePaths.session(familyId, item.childPersonId, item.sessionId)}?saved=sharing`, 303)
    })

    async function renderPlace(request: FastifyRequest, reply: FastifyReply, familyId: string, wordsId: string, errors: Record<string, string> = {}, selected = '') {
      const actor = actorOf(request)
      const { family, item } = await voice.words(actor, familyId, wordsId)
      const { map: familyMap } = await deps.map.view(actor, familyId)
      const names = deps.categoryNames(familyMap.level)
      return reply.code(Object.keys(errors).length > 0 ? 400 : 200).view(`${VIEWS}/place.njk`, {
        ...presentErrors(errors), familyName: family.familyName, item: presentWords(familyId, item), submissionId: crypto.randomUUID(),
        columnItems: PLACEABLE.map((category) => ({ value: category, text: names[category].plural, checked: selected === category })),
        action: voicePaths.place(familyId, wordsId), backHref: voicePaths.session(familyId, item.childPersonId, item.sessionId),
      })
    }

    app.get('/families/:familyId/child-words/:wordsId/place', { config: { access: caseworkers } }, async (request, reply) =>
      renderPlace(request, reply, idParam(request, 'familyId'), idParam(request, 'wordsId')))

    app.post('/families/:familyId/child-words/:wordsId/place', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const familyId = idParam(request, 'familyId')
      const wordsId = idParam(request, 'wordsId')
      const category = formChoice<MapCategory>(request.body, 'category', PLACEABLE)
      if (category === undefined) return renderPlace(request, reply, familyId, wordsId, { category: VOICE_MESSAGES.columnMissing })
      const result = await voice.placeOnMap(actorOf(request), familyId, wordsId, category, submissionIdOf(request.body, () => crypto.randomUUID()))
      if (result.outcome === 'refused') return renderPlace(request, reply, familyId, wordsId, { category: result.reason }, category)
      if (result.outcome === 'conflict') throw new Error('an addition cannot conflict')
      return reply.redirect(`/families/${familyId}/map?placed=1#entry-${result.entryId}`, 303)
    })

    async function renderReason(request: FastifyRequest, reply: FastifyReply, familyId: string, childId: string, values?: Record<string, string>, errors: Record<string, string> = {}) {
      const { family, child, reason } = await voice.viewReason(actorOf(request), familyId, childId)
      return reply.code(Object.keys(errors).length > 0 ? 400 : 200).view(`${VIEWS}/reason.njk`, {
        ...presentErrors(errors), familyName: family.familyName, child,
        values: values ?? { reason: reason?.reason ?? '', howObserved: reason?.howObserved ?? '' },
        action: voicePaths.reason(familyId, childId), backHref: voicePaths.child(familyId, childId),
      })
    }

    app.get('/families/:familyId/children/:childId/view-reason', { config: { access: caseworkers } }, async (request, reply) =>
      renderReason(request, reply, idParam(request, 'familyId'), idParam(request, 'childId')))

    app.post('/families/:familyId/children/:childId/view-reason', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const familyId = idParam(request, 'familyId')
      const childId = idParam(request, 'childId')
      const values = { reason: formText(request.body, 'reason', 2000), howObserved: formText(request.body, 'howObserved', 2000) }
      const errors: Record<string, string> = {}
      if (values.reason === '') errors.reason = VOICE_MESSAGES.reasonMissing
      if (values.howObserved === '') errors.howObserved = VOICE_MESSAGES.observedMissing
      if (Object.keys(errors).length > 0) return renderReason(request, reply, familyId, childId, values, errors)
      await voice.recordViewReason(actorOf(request), familyId, childId, values.reason, values.howObserved)
      return reply.redirect(`${voicePaths.child(familyId, childId)}?saved=reason`, 303)
    })

    app.get('/families/:familyId/map/entries/:entryId/child-words', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = idParam(request, 'familyId')
      const { family, goal, words, linked } = await voice.goalLinks(actorOf(request), familyId, idParam(request, 'entryId'))
      return reply.view(`${VIEWS}/goal-links.njk`, {
        familyName: family.familyName, goal,
        wordItems: words.filter((item) => item.words !== '').map((item) => ({
          value: item.id, text: `“${item.words}”`, hint: { text: `${item.childName}, ${TOOLS[item.tool].name.toLowerCase()}, ${formatDate(item.heldOn)}. ${sharingText(item.parentsMaySee, item.networkMaySee, item.childName)}.` },
          checked: linked.includes(item.id),
        })),
        overviewHref: voicePaths.overview(familyId), action: voicePaths.goalLinks(familyId, goal.entryId), backHref: `/families/${familyId}/map#entry-${goal.entryId}`,
      })
    })

    app.post('/families/:familyId/map/entries/:entryId/child-words', { config: { access: caseworkers, holdOnExpiry: true } }, async (request, reply) => {
      const familyId = idParam(request, 'familyId')
      const entryId = idParam(request, 'entryId')
      await voice.setGoalLinks(actorOf(request), familyId, entryId, formList(request.body, 'words').filter((wordsId) => isId(wordsId)))
      return reply.redirect(`/families/${familyId}/map?linked=1#entry-${entryId}`, 303)
    })
  }
}
