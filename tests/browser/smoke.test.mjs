// tests/browser/smoke.test.mjs: the first end-to-end check. Serves dist/ with
// an SPA fallback, opens a page that only the app can render and checks its
// heading. Skipped until the build writes dist/data/site.json (the content
// preprocessor's output), so it turns on by itself once the site is built.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ensureDist, launchBrowser, newPage, assertNoConsoleErrors, screenshot } from './harness.mjs';
import { startServer } from './server.mjs';

const dist = await ensureDist();
const built = existsSync(path.join(dist, 'data', 'site.json'));

let browser;
let srv;

before(async () => {
  if (!built) return;
  srv = await startServer({ root: dist, mode: 'spa' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.close();
});

test('renders /it/lavora-con-noi', { skip: built ? false : 'dist/data/site.json is not built yet' }, async () => {
  const page = await newPage(browser);
  await page.goto(`${srv.url}/it/lavora-con-noi?preview`);
  // Wait for the app to render the heading (bounded), then assert on what is there.
  await page
    .waitForFunction(() => document.querySelector('h1')?.textContent.trim() === 'Lavora con noi', null, { timeout: 20_000 })
    .catch(() => {});
  await screenshot(page, 'smoke-lavora-con-noi');
  // Errors first: they usually say why the heading is missing (e.g. a CSP block).
  assertNoConsoleErrors(page);
  const h1 = await page.evaluate(() => document.querySelector('h1')?.textContent.trim() ?? null);
  assert.equal(h1, 'Lavora con noi');
  await page.context().close();
});
