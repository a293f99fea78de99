// tests/browser/lib/browser.mjs - launch Debian's chromium through
// playwright-core for the journey tests (no browser is ever downloaded).
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Start a headless chromium (playwright gives it a fresh temporary profile).  Resolves to
 * { browser, newPage(options), close() }; newPage accepts playwright's
 * context options (viewport, locale ...) and defaults to Vietnamese.
 */
export async function launch() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  async function newPage(options = {}) {
    const context = await browser.newContext({ locale: 'vi-VN', ...options });
    return context.newPage();
  }
  async function close() {
    await browser.close();
  }
  return { browser, newPage, close };
}
