// tests/browser/takeover.test.mjs: the app takes over a deep link without a
// flash. On every animation frame from the first one until the app is ready,
// the main content's text is recorded: it must never be empty, and it must
// be the same page all along. Focus placed in the static page before the app
// is ready stays on the same element; no layout shift happens.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DIST, ensureDist, launchBrowser, newPage, assertNoConsoleErrors } from './harness.mjs';
import { startServer } from './server.mjs';
import { SEEDS, recordLayoutShift, waitForApp } from './site.mjs';

let browser;
let srv;

before(async () => {
  // `pages` mode: every deep link is answered with its own static HTML.
  await ensureDist();
  srv = await startServer({ root: DIST, mode: 'pages' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.close();
});

/** Runs before the page's scripts: one sample of main's text per frame until the app is ready (the layout shift: recordLayoutShift). */
function recordFrames() {
  const frames = [];
  window.__frames = frames;
  const sample = () => {
    const main = document.querySelector('main');
    frames.push({ text: main ? main.textContent.replace(/\s+/g, ' ').trim() : null, ready: document.documentElement.dataset.app === 'ready' });
    if (!frames.at(-1).ready) requestAnimationFrame(sample);
  };
  requestAnimationFrame(sample);
}

for (const seed of SEEDS.filter((s) => !s.external)) {
  test(`${seed.url}: the main content is on screen in every frame until the app is ready`, async () => {
    const page = await newPage(browser);
    await page.addInitScript(recordLayoutShift);
    await page.addInitScript(recordFrames);
    await page.goto(srv.url + seed.url);
    await waitForApp(page);
    await page.waitForFunction(() => window.__frames.at(-1)?.ready);
    const frames = await page.evaluate(() => window.__frames);
    // The first frames may come before the body is parsed; from the first
    // one that shows the page on, none may be empty.
    const first = frames.findIndex((f) => f.text);
    assert.ok(first >= 0, 'no frame showed the main content');
    const empty = frames.slice(first).filter((f) => !f.text);
    assert.equal(empty.length, 0, `${empty.length} of ${frames.length - first} frames had no main content`);
    for (const f of frames.slice(first)) assert.ok(f.text.includes(seed.title), `a frame showed: ${f.text.slice(0, 80)}`);
    const shift = await page.evaluate(() => window.__shift);
    assert.ok(shift <= 0.01, `layout shift ${shift}`);
    assertNoConsoleErrors(page);
    await page.context().close();
  });
}

test('focus placed in the static page stays on the same link when the app takes over', async () => {
  const page = await newPage(browser);
  // Hold the wasm back until the focus is placed.
  let release;
  const held = new Promise((r) => (release = r));
  await page.route('**/*.wasm', async (route) => {
    await held;
    await route.fallback();
  });
  await page.goto(srv.url + SEEDS[2].url);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const before = await page.evaluate(() => ({ text: document.activeElement?.textContent.trim(), tag: document.activeElement?.tagName }));
  assert.equal(before.tag, 'A');
  const staticElement = await page.evaluateHandle(() => document.activeElement);
  release();
  await waitForApp(page);
  const after = await page.evaluate((old) => ({ text: document.activeElement?.textContent.trim(), tag: document.activeElement?.tagName, same: document.activeElement === old, connected: old.isConnected }), staticElement);
  // The static link was replaced by the app's, and the app's has the focus.
  assert.equal(after.connected, false);
  assert.deepEqual({ text: after.text, tag: after.tag }, before);
  assertNoConsoleErrors(page);
  await page.context().close();
});
