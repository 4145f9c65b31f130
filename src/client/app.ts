import { initAll } from 'govuk-frontend'
import { startSessionTimeout } from './session-timeout.js'

document.body.classList.add('js-enabled')
initAll()
startSessionTimeout(document)
