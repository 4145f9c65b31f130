import { escapeHtml } from '../../platform/views/presenters.js'
import { formatDate } from '../../platform/views/setup.js'

export interface Stage { id: string; title: string; description: string; startsOn: string; reviewOn: string }

export interface TrajectoryStage extends Stage { position: number; state: 'done' | 'now' | 'next'; sentence: string }

const DAY_MS = 86_400_000
const days = (date: string): number => Math.round(new Date(`${date}T00:00:00Z`).getTime() / DAY_MS)

/** Stages in date order, each marked done, now or next against today, with a sentence saying it in words. */
export function trajectoryStages(stages: readonly Stage[], today: string): TrajectoryStage[] {
  return [...stages].sort((a, b) => a.startsOn.localeCompare(b.startsOn) || a.reviewOn.localeCompare(b.reviewOn)).map((stage, index) => {
    const state = stage.reviewOn < today ? 'done' : stage.startsOn <= today ? 'now' : 'next'
    const when = state === 'done' ? 'reviewed' : 'review'
    return {
      ...stage, position: index + 1, state,
      sentence: `Stage ${String(index + 1)}: ${stage.title}. From ${formatDate(stage.startsOn)}, ${when} on ${formatDate(stage.reviewOn)}${state === 'now' ? ' (this is where things are now)' : state === 'done' ? ' (done)' : ''}.`,
    }
  })
}

/**
 * The trajectory drawn as a timeline on the server: one row per stage, a bar from its start to its
 * review date, a diamond at the review, and a line for today. The text equivalent is the list of sentences.
 */
export function trajectorySvg(stages: readonly TrajectoryStage[], today: string, title: string): string {
  const width = 720
  const rowHeight = 56
  const top = 40
  const left = 16
  const right = 24
  const height = top + Math.max(1, stages.length) * rowHeight + 16
  if (stages.length === 0) {
    return `<svg class="app-trajectory" role="img" aria-labelledby="trajectory-title trajectory-desc" viewBox="0 0 ${String(width)} ${String(height)}" xmlns="http://www.w3.org/2000/svg"><title id="trajectory-title">${escapeHtml(title)}</title><desc id="trajectory-desc">No stages yet.</desc></svg>`
  }
  const first = Math.min(...stages.map((stage) => days(stage.startsOn)), days(today))
  const last = Math.max(...stages.map((stage) => days(stage.reviewOn)), days(today)) + 1
  const x = (date: string): number => left + ((days(date) - first) * (width - left - right)) / Math.max(1, last - first)
  const colours = { done: '#00703c', now: '#1d70b8', next: '#505a5f' }
  const rows = stages.map((stage, index) => {
    const y = top + index * rowHeight
    const start = x(stage.startsOn)
    const end = Math.max(x(stage.reviewOn), start + 6)
    const colour = colours[stage.state]
    const labelX = Math.min(start, width - right - 300)
    return `<g data-stage="${escapeHtml(stage.id)}">` +
      `<text x="${labelX.toFixed(1)}" y="${String(y + 12)}" font-size="14" font-weight="bold" fill="#0b0c0c">${String(stage.position)}. ${escapeHtml(stage.title)}</text>` +
      `<rect x="${start.toFixed(1)}" y="${String(y + 20)}" width="${(end - start).toFixed(1)}" height="14" rx="3" fill="${colour}"${stage.state === 'next' ? ' fill-opacity="0.35" stroke="#505a5f"' : ''}/>` +
      `<polygon points="${end.toFixed(1)},${String(y + 17)} ${(end + 7).toFixed(1)},${String(y + 27)} ${end.toFixed(1)},${String(y + 37)} ${(end - 7).toFixed(1)},${String(y + 27)}" fill="#0b0c0c"/>` +
      `<text x="${labelX.toFixed(1)}" y="${String(y + 50)}" font-size="12" fill="#0b0c0c">${escapeHtml(formatDate(stage.startsOn))} to review on ${escapeHtml(formatDate(stage.reviewOn))}</text></g>`
  }).join('')
  const now = x(today)
  const todayLine = `<line x1="${now.toFixed(1)}" x2="${now.toFixed(1)}" y1="${String(top - 16)}" y2="${String(height - 8)}" stroke="#d4351c" stroke-width="2" stroke-dasharray="4 3"/>` +
    `<text x="${Math.min(now + 4, width - 80).toFixed(1)}" y="${String(top - 20)}" font-size="12" fill="#d4351c">Today, ${escapeHtml(formatDate(today))}</text>`
  const description = stages.map((stage) => stage.sentence).join(' ')
  return `<svg class="app-trajectory" role="img" aria-labelledby="trajectory-title trajectory-desc" viewBox="0 0 ${String(width)} ${String(height)}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="trajectory-title">${escapeHtml(title)}</title><desc id="trajectory-desc">${escapeHtml(description)}</desc>${rows}${todayLine}</svg>`
}
