import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { expectAccessible, newContext, serverAndBrowser, signIn } from './support.js'

/** Where the legend sits: inside the picture's own coordinates, and on the screen. */
async function legendPlacement(page: Page) {
  return page.locator('[data-network-picture] svg').evaluate((svg: SVGSVGElement) => {
    const legend = svg.querySelector<SVGGElement>('.app-network-picture__legend')
    if (legend === null) throw new Error('no legend')
    const box = legend.getBBox()
    const view = svg.viewBox.baseVal
    const onScreen = legend.getBoundingClientRect()
    const picture = svg.getBoundingClientRect()
    return {
      insideViewBox: box.x >= view.x && box.y >= view.y && box.x + box.width <= view.x + view.width && box.y + box.height <= view.y + view.height,
      insidePicture: onScreen.left >= picture.left - 0.5 && onScreen.right <= picture.right + 0.5 && onScreen.bottom <= picture.bottom + 0.5,
      insideWindow: onScreen.left >= 0 && onScreen.right <= document.documentElement.clientWidth,
      lines: legend.querySelectorAll('tspan').length,
    }
  })
}

describe('the network picture\'s legend', () => {
  const running = serverAndBrowser()

  for (const width of [320, 1280]) {
    it(`fits inside the picture on a screen ${String(width)} pixels wide`, async () => {
      const context = await newContext(running.browser(), { viewport: { width, height: 900 } })
      const page = await context.newPage()
      await signIn(page, running.server().baseUrl, 'practitioner@fellside.example')
      await page.getByRole('heading', { name: 'Hello, Rowan Ashby' }).waitFor()
      await expectAccessible(page, 'the home page')
      await page.goto(`${running.server().baseUrl}/families`)
      await page.getByLabel('Find a family').fill('Ashworth')
      await page.getByRole('button', { name: 'Search' }).click()
      await page.getByRole('link', { name: 'The Ashworth family' }).click()
      await page.getByRole('heading', { name: /The Ashworth family/, level: 1 }).waitFor()
      await expectAccessible(page, 'the family record')
      await page.getByRole('link', { name: 'Safety network', exact: true }).click()
      await page.getByRole('heading', { name: 'Safety network', level: 1 }).waitFor()
      await expectAccessible(page, 'the network page')

      const placement = await legendPlacement(page)
      expect(placement.insideViewBox).toBe(true)
      expect(placement.insidePicture).toBe(true)
      expect(placement.insideWindow).toBe(true)
      // Every ring's words are there, wrapped rather than cut.
      expect(placement.lines).toBeGreaterThanOrEqual(3)
      await expect.poll(() => page.locator('.app-network-picture__legend').textContent()).toContain('helps from further away')
      await context.close()
    })
  }
})
