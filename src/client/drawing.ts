/**
 * Drawing on screen with a finger, pen or mouse. Without JavaScript the area stays hidden and the
 * upload field does the job; with it, each stroke is copied into a hidden field as a PNG, which the
 * server cleans like any upload.
 */
export function startDrawing(document: Document): void {
  for (const area of document.querySelectorAll<HTMLElement>('[data-drawing]')) {
    const canvas = area.querySelector('canvas')
    const field = document.getElementById(area.dataset.drawing ?? '')
    const clear = area.querySelector<HTMLButtonElement>('[data-drawing-clear]')
    const context = canvas?.getContext('2d')
    if (canvas === null || !(field instanceof HTMLInputElement) || context === null || context === undefined) continue
    area.hidden = false
    context.fillStyle = '#ffffff'
    context.fillRect(0, 0, canvas.width, canvas.height)
    context.lineWidth = 4
    context.lineCap = 'round'
    context.lineJoin = 'round'
    context.strokeStyle = '#0b0c0c'
    let drawing = false
    const point = (event: PointerEvent): [number, number] => {
      const box = canvas.getBoundingClientRect()
      return [(event.clientX - box.left) * (canvas.width / box.width), (event.clientY - box.top) * (canvas.height / box.height)]
    }
    canvas.addEventListener('pointerdown', (event) => {
      drawing = true
      canvas.setPointerCapture(event.pointerId)
      const [x, y] = point(event)
      context.beginPath()
      context.moveTo(x, y)
      context.lineTo(x + 0.1, y + 0.1)
      context.stroke()
      event.preventDefault()
    })
    canvas.addEventListener('pointermove', (event) => {
      if (!drawing) return
      const [x, y] = point(event)
      context.lineTo(x, y)
      context.stroke()
    })
    const finish = (): void => {
      if (!drawing) return
      drawing = false
      field.value = canvas.toDataURL('image/png')
    }
    canvas.addEventListener('pointerup', finish)
    canvas.addEventListener('pointercancel', finish)
    clear?.addEventListener('click', () => {
      context.fillStyle = '#ffffff'
      context.fillRect(0, 0, canvas.width, canvas.height)
      field.value = ''
    })
  }
}
