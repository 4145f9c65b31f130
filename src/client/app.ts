import { initAll } from 'govuk-frontend'
import { startSessionTimeout } from './session-timeout.js'
import { startCoach } from './coach.js'
import { startDrafts } from './drafts.js'
import { startDrawing } from './drawing.js'
import { keepRadiosWithinAria } from './radios.js'

document.body.classList.add('js-enabled')
keepRadiosWithinAria()
initAll()
startSessionTimeout(document)
startCoach(document)
startDrafts(document, window.sessionStorage)
startDrawing(document)
