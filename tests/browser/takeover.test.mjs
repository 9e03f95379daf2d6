// tests/browser/takeover.test.mjs: the app takes over a deep link without a
// flash. On every animation frame from the first one until the app is ready,
// the main content's text is recorded: it must never be empty, and it must
// be the same page all along. Focus placed in the static page before the app
// is ready stays on the same element; no layout shift happens. The app
// adopts the prerendered page's nodes (hydration) rather than making its
// own, so the browser sees no new candidate for largest contentful paint:
// every LCP entry, read once the app is ready (never timed), names an
// element of the static page, still in the document (a web font swapping
// in may add an entry, for the same element).

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
  // The app adopted the static link: the same element keeps the focus.
  assert.deepEqual({ text: after.text, tag: after.tag, same: after.same, connected: after.connected }, { ...before, same: true, connected: true });
  assertNoConsoleErrors(page);
  await page.context().close();
});

/** Runs before the page's scripts: every largest-contentful-paint entry. */
function recordLcp() {
  window.__lcp = [];
  try {
    new PerformanceObserver((list) => window.__lcp.push(...list.getEntries())).observe({ type: 'largest-contentful-paint', buffered: true });
  } catch {}
}

/** Runs in the page once the app is ready: the LCP entries and the frame's elements the app made. */
function adoption() {
  const describe = (e) => (e ? `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : ''} "${e.textContent.trim().slice(0, 40)}"` : 'null (removed from the document)');
  const prerendered = (e) => !!e && e.isConnected && window.__static.has(e);
  const frame = document.querySelectorAll('body > header, main, body > footer, #announcer');
  return {
    entries: window.__lcp.map((e) => ({ element: describe(e.element), prerendered: prerendered(e.element) })),
    // The job form's frame is the one element the app adds (in <noscript> in the file).
    made: [...frame].flatMap((p) => [p, ...p.querySelectorAll('*')]).filter((e) => !window.__static.has(e) && !e.matches('.job-apply > iframe')).map(describe),
  };
}

for (const seed of SEEDS.filter((s) => !s.external)) {
  test(`${seed.url}: the app adopts the static page's nodes, and no LCP entry names an element it made`, async () => {
    const page = await newPage(browser);
    await page.addInitScript(recordLcp);
    // Hold the wasm back until the static page's elements are noted.
    let release;
    const held = new Promise((r) => (release = r));
    await page.route(/\.wasm$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(srv.url + seed.url);
    await page.evaluate(() => {
      window.__static = new WeakSet(document.querySelectorAll('*'));
    });
    release();
    await waitForApp(page);
    await page.evaluate(() => document.fonts.ready);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const { entries, made } = await page.evaluate(adoption);
    assert.ok(entries.length > 0, 'the page has an LCP entry');
    assert.deepEqual(entries.filter((e) => !e.prerendered), [], `LCP entries: ${entries.map((e) => e.element).join(', ')}`);
    assert.deepEqual(made, [], 'elements the app made in place of the static ones');
    assertNoConsoleErrors(page);
    await page.context().close();
  });
}
