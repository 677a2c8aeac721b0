// Headless Debian chromium through playwright-core, for the tests that render Mermaid and load the
// HTML report. Tests call `launch()` and skip (with the printed reason) when it returns a string.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.WARDEN_CHROMIUM ?? '/usr/bin/chromium';

/** A browser, or the reason there is none. */
export async function launch(): Promise<Browser | string> {
  if (!existsSync(CHROMIUM)) return `chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set WARDEN_CHROMIUM)`;
  try {
    return await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
  } catch (err) {
    return `chromium failed to start: ${(err as Error).message.split('\n')[0]}`;
  }
}

/** Renders an SVG document to a PNG file (for looking at diagrams). */
export async function svgToPng(browser: Browser, svg: string, pngPath: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  try {
    await page.setContent(`<!doctype html><html><body style="margin:0;background:#fff">${svg.slice(svg.indexOf('<svg'))}</body></html>`);
    await page.locator('svg').first().screenshot({ path: pngPath });
  } finally {
    await page.close();
  }
}
