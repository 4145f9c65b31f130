import { escapeHtml } from '../../platform/views/presenters.js'
import type { presentMap } from './map.presenter.js'

/**
 * The map's columns, sections and entries as HTML, written by hand rather than by the template
 * engine: the same markup `_section.njk` and `_entry.njk` drew, built in one pass. The map page is
 * the busiest page there is and a long-running family has hundreds of entries, so this is where
 * rendering time went. Everything typed is escaped here; nothing else comes from a person.
 */
type PresentedMap = ReturnType<typeof presentMap>
type Section = PresentedMap['greyAreas']
type Entry = Section['entries'][number]

/** As the template engine's `truncate` filter: cut at the last space before `length`, then "...". */
function truncate(text: string, length: number): string {
  if (text.length <= length) return text
  const space = text.lastIndexOf(' ', length)
  return `${text.substring(0, space === -1 ? length : space)}...`
}

const e = escapeHtml

function entryHtml(entry: Entry): string {
  let html = `<div class="app-map-entry app-map-entry--${e(entry.voiceKind)}${entry.childSaid === undefined ? '' : ' app-map-entry--child-words'}" id="entry-${e(entry.id)}">`
  html += entry.childSaid === undefined
    ? `<p class="govuk-body app-map-entry__text">${e(entry.text)}</p>`
    : `<p class="govuk-body-s govuk-!-font-weight-bold govuk-!-margin-bottom-1">${e(entry.childSaid)} said:</p><blockquote class="app-child-words app-map-entry__text">${e(entry.text)}</blockquote>`
  if ('childWords' in entry) {
    html += entry.childWords.length > 0
      ? `<div class="app-answers-child"><p class="govuk-body-s govuk-!-margin-bottom-1">Answers what the children said:</p><ul class="govuk-list govuk-body-s">${entry.childWords.map((item) => `<li><q class="app-child-words app-child-words--inline">${e(item.words)}</q> (${e(item.childName)})</li>`).join('')}</ul></div>`
      : '<p class="govuk-body-s app-answers-child app-answers-child--missing">Does not yet answer anything the children said.</p>'
    if (entry.childWordsHref !== undefined) {
      html += `<p class="govuk-body-s"><a class="govuk-link" href="${e(entry.childWordsHref)}">Choose which of the children's words this answers<span class="govuk-visually-hidden">: ${e(truncate(entry.text, 40))}</span></a></p>`
    }
  }
  if (entry.owner !== null && entry.owner !== '') {
    html += `<p class="govuk-body-s govuk-!-margin-bottom-1">Who: ${e(entry.owner)}${entry.due === undefined || entry.due === '' ? '' : `. By: ${e(entry.due)}`}${entry.done ? ' <strong class="govuk-tag govuk-tag--green">Done</strong>' : ''}</p>`
  }
  html += `<p class="govuk-body-s app-map-entry__voice">Said by ${e(entry.voice)}</p><p class="govuk-body-s app-map-entry__typed">${e(entry.typed)}</p>`
  for (const comment of entry.familyComments) {
    html += `<div class="app-family-comment app-family-comment--on-map"><p class="govuk-body-s govuk-!-font-weight-bold govuk-!-margin-bottom-1">${e(comment.who)}:</p><p class="govuk-body-s govuk-!-margin-bottom-0 app-map-entry__text">${e(comment.text)}</p></div>`
  }
  if (entry.editHref !== undefined && entry.removeHref !== undefined) {
    const about = e(truncate(entry.text, 40))
    html += `<p class="govuk-body-s govuk-!-margin-bottom-0"><a class="govuk-link" href="${e(entry.editHref)}">Change<span class="govuk-visually-hidden"> this entry: ${about}</span></a> <a class="govuk-link govuk-!-margin-left-2" href="${e(entry.removeHref)}">Remove<span class="govuk-visually-hidden"> this entry: ${about}</span></a></p>`
  }
  return `${html}</div>`
}

function sectionHtml(section: Section, goalName: string): string {
  let html = `<section class="app-map-section" aria-labelledby="section-${section.category}"><h3 class="govuk-heading-s" id="section-${section.category}">${e(section.heading)}</h3>`
  if (section.hiddenCount > 0) {
    html += `<p class="govuk-body-s app-map-section__count">The newest ${String(section.entries.length)} of ${String(section.total)}. <a class="govuk-link" href="${e(section.showAllHref ?? '')}">Show all ${String(section.total)} ${e(section.countedName)}</a></p>`
  }
  for (const entry of section.entries) {
    html += entryHtml(entry)
    if ('goal' in entry && entry.goal !== undefined) {
      html += `<p class="govuk-body-s app-map-pairing">Answered by the ${e(goalName)}: <a class="govuk-link" href="${e(entry.goal.href)}">${e(truncate(entry.goal.text, 60))}</a></p>`
    } else if ('addGoalHref' in entry && entry.addGoalHref !== undefined) {
      html += `<p class="govuk-body-s app-map-pairing"><strong class="govuk-tag govuk-tag--yellow">No ${e(goalName)} yet</strong> <a class="govuk-link" href="${e(entry.addGoalHref)}">Add the ${e(goalName)} for this statement</a></p>`
    }
    if ('answers' in entry && entry.answers !== undefined) {
      html += `<p class="govuk-body-s app-map-pairing">Answers: ${e(truncate(entry.answers, 80))}</p>`
    }
  }
  if (section.entries.length === 0) html += '<p class="govuk-body-s app-map-empty">None yet.</p>'
  if (section.showFewerHref !== undefined) {
    html += `<p class="govuk-body-s"><a class="govuk-link" href="${e(section.showFewerHref)}">Show only the newest ${String(section.limit)} ${e(section.countedName)}</a></p>`
  }
  if (section.addHref !== undefined) html += `<p class="govuk-body-s"><a class="govuk-link" href="${e(section.addHref)}">${e(section.addText)}</a></p>`
  return `${html}</section>`
}

/** The three columns and the grey areas below them. */
export function mapSectionsHtml(map: PresentedMap): string {
  const goalName = map.names.goal.singular
  const columns = map.columns.map((column) =>
    `<div class="govuk-grid-column-one-third app-map__column"><h2 class="govuk-heading-m">${e(column.heading)}</h2>${column.sections.map((section) => sectionHtml(section, goalName)).join('')}</div>`).join('')
  return `<div class="govuk-grid-row app-map">${columns}</div><div class="app-map__grey-areas">${sectionHtml(map.greyAreas, goalName)}</div>`
}
