/**
 * Reading the forms on a server-rendered page without a browser: enough HTML parsing to find each
 * form's action and its fields (names, kinds, what is filled in or chosen, and the choices offered).
 * GOV.UK Frontend's macros write regular markup, so a few regular expressions are enough.
 */

export type FieldKind = 'hidden' | 'text' | 'textarea' | 'radio' | 'checkbox' | 'select' | 'file' | 'password' | 'submit'

export interface FormField {
  name: string
  kind: FieldKind
  /** What the page has filled in: a text value, or the checked / selected choices. */
  values: string[]
  /** The choices offered (radios, checkboxes, select options). */
  options: string[]
}

export interface HtmlForm {
  action: string
  method: string
  multipart: boolean
  fields: FormField[]
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: '\'', nbsp: '\u00a0' }

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code.startsWith('#x') || code.startsWith('#X')) return String.fromCodePoint(Number.parseInt(code.slice(2), 16))
    if (code.startsWith('#')) return String.fromCodePoint(Number(code.slice(1)))
    return ENTITIES[code.toLowerCase()] ?? whole
  })
}

export function attributesOf(tag: string): Map<string, string> {
  const attributes = new Map<string, string>()
  for (const match of tag.matchAll(/([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    const name = (match[1] ?? '').toLowerCase()
    if (!attributes.has(name)) attributes.set(name, decodeEntities(match[2] ?? match[3] ?? match[4] ?? ''))
  }
  return attributes
}

function addField(fields: FormField[], name: string, kind: FieldKind, option: string | undefined, value: string | undefined): void {
  let field = fields.find((candidate) => candidate.name === name)
  if (field === undefined) {
    field = { name, kind, values: [], options: [] }
    fields.push(field)
  }
  if (option !== undefined && !field.options.includes(option)) field.options.push(option)
  if (value !== undefined) field.values.push(value)
}

/** Every form on the page that posts, with its fields in page order. */
export function formsIn(html: string): HtmlForm[] {
  const forms: HtmlForm[] = []
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attributes = attributesOf(match[1] ?? '')
    const method = (attributes.get('method') ?? 'get').toLowerCase()
    const body = match[2] ?? ''
    const fields: FormField[] = []
    for (const tag of body.matchAll(/<(input|textarea|select|button)\b([^>]*)>/gi)) {
      const element = (tag[1] ?? '').toLowerCase()
      const own = attributesOf(tag[2] ?? '')
      const name = own.get('name')
      if (name === undefined || name === '') continue
      if (element === 'textarea') {
        const start = tag.index + tag[0].length
        const end = body.indexOf('</textarea>', start)
        addField(fields, name, 'textarea', undefined, decodeEntities(body.slice(start, end === -1 ? start : end)).replace(/^\n/, ''))
      } else if (element === 'select') {
        const start = tag.index + tag[0].length
        const end = body.indexOf('</select>', start)
        const options = [...body.slice(start, end === -1 ? start : end).matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi)]
          .map((option) => { const optionAttributes = attributesOf(option[1] ?? ''); return { value: optionAttributes.get('value') ?? decodeEntities(option[2] ?? '').trim(), selected: optionAttributes.has('selected') } })
        const chosen = options.find((option) => option.selected) ?? options[0]
        addField(fields, name, 'select', undefined, chosen?.value)
        for (const option of options) addField(fields, name, 'select', option.value, undefined)
      } else if (element === 'button') {
        const value = own.get('value')
        if (value !== undefined) addField(fields, name, 'submit', value, undefined)
      } else {
        const type = (own.get('type') ?? 'text').toLowerCase()
        const value = own.get('value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : '')
        if (type === 'radio' || type === 'checkbox') addField(fields, name, type, value, own.has('checked') ? value : undefined)
        else if (type === 'file') addField(fields, name, 'file', undefined, undefined)
        else if (type === 'submit') addField(fields, name, 'submit', value, undefined)
        else addField(fields, name, type === 'hidden' ? 'hidden' : type === 'password' ? 'password' : 'text', undefined, value)
      }
    }
    forms.push({ action: decodeEntities(attributes.get('action') ?? ''), method, multipart: (attributes.get('enctype') ?? '').includes('multipart'), fields })
  }
  return forms
}

/** The form on the page that posts to this path (its query string aside), if there is one. */
export function formPostingTo(html: string, path: string): HtmlForm | undefined {
  return formsIn(html).find((form) => form.method === 'post' && form.action.split('?')[0] === path)
}
