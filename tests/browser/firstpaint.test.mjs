// tests/browser/firstpaint.test.mjs: a page's first paint needs only its
// HTML. Each page inlines the rules it uses (tdt-build, critical.rs) under a
// Content-Security-Policy of its own that allows that <style> and no other;
// the whole stylesheet is added by the boot script without holding up the
// paint (or by a <noscript> link); fonts swap in over a fallback sized like
// them, so nothing moves when they arrive.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DIST, ensureDist, launchBrowser, newPage, assertNoConsoleErrors, screenshot } from './harness.mjs';
import { startServer } from './server.mjs';
import { SEEDS, recordLayoutShift, waitForApp } from './site.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const PAGES = SEEDS.filter((s) => !s.external);

let browser;
let srv;

before(async () => {
  await ensureDist();
  srv = await startServer({ root: DIST, mode: 'pages' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.close();
});

/** Every element's box and a few computed styles, in document order. */
function layout() {
  return [...document.body.querySelectorAll('*')]
    .filter((e) => !e.closest('noscript, script'))
    .map((e) => {
      const r = e.getBoundingClientRect();
      const s = getComputedStyle(e);
      return `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} ${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)} ${s.color} ${s.backgroundColor} ${s.fontWeight} ${s.display}`;
    });
}

/** The static page's layout (the app held back) with the stylesheet file answered `fault`, or not at all. */
async function staticLayout(viewport, url, blockStylesheet) {
  const page = await newPage(browser, { viewport });
  await page.route('**/*.wasm', () => {}); // never answered: the static page stays
  if (blockStylesheet) await page.route(/\/site-[0-9a-f]+\.css$/, (route) => route.fulfill({ status: 404, body: '' }));
  await page.goto(srv.url + url);
  await page.evaluate(() => document.fonts.ready);
  if (!blockStylesheet) await page.waitForFunction(() => [...document.styleSheets].some((s) => s.href?.includes('/site-')));
  const boxes = await page.evaluate(layout);
  return { page, boxes };
}

for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  for (const seed of PAGES) {
    test(`${seed.url} (${name}): the page's inline rules lay it out exactly as the whole stylesheet does`, async () => {
      const full = await staticLayout(viewport, seed.url, false);
      const inline = await staticLayout(viewport, seed.url, true);
      const differ = full.boxes.map((b, i) => [b, inline.boxes[i]]).filter(([a, b]) => a !== b);
      assert.equal(full.boxes.length, inline.boxes.length);
      assert.deepEqual(differ.slice(0, 5), [], `${differ.length} elements differ (whole stylesheet, inline rules only)`);
      await screenshot(inline.page, `firstpaint-inline-only-${name}-${seed.url}`);
      await full.page.context().close();
      await inline.page.context().close();
    });
  }
}

test('the page policy allows its own <style> only, and nothing is blocked while it loads', async () => {
  const page = await newPage(browser);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(srv.url + PAGES[1].url);
  await waitForApp(page);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  const before = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const after = await page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = 'body { background-color: rgb(255, 0, 0) !important; }';
    document.head.append(style);
    return getComputedStyle(document.body).backgroundColor;
  });
  assert.equal(after, before, 'an injected <style> applied');
  // The report comes as an event, after the block.
  await page.waitForFunction(() => window.__violations.some((v) => v.startsWith('style-src')));
  await page.context().close();
});

test('the whole stylesheet is added after the first paint, without JavaScript by the <noscript> link', async () => {
  for (const javaScriptEnabled of [true, false]) {
    const page = await newPage(browser, { javaScriptEnabled });
    await page.goto(srv.url + PAGES[0].url);
    await page.waitForFunction(() => [...document.styleSheets].some((s) => s.href?.includes('/site-')));
    const sheets = await page.evaluate(() => [...document.styleSheets].map((s) => (s.href ? new URL(s.href).pathname : 'inline')));
    assert.equal(sheets[0], 'inline', `javaScriptEnabled ${javaScriptEnabled}: ${sheets}`);
    assert.ok(sheets.some((s) => /^\/site-[0-9a-f]+\.css$/.test(s)), `javaScriptEnabled ${javaScriptEnabled}: ${sheets}`);
    const heading = await page.evaluate(() => getComputedStyle(document.querySelector('main h1')).fontFamily);
    assert.match(heading, /^"Titillium Web", "Titillium Web Fallback"/);
    await page.context().close();
  }
});

for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`${name}: nothing moves when the fonts arrive late`, async () => {
    const page = await newPage(browser, { viewport });
    await page.addInitScript(recordLayoutShift);
    let release;
    const held = new Promise((r) => (release = r));
    await page.route('**/fonts/*.woff2', async (route) => {
      await held;
      await route.fallback();
    });
    // Not until `load`: that waits for the fonts held back.
    await page.goto(srv.url + PAGES[1].url, { waitUntil: 'domcontentloaded' });
    await waitForApp(page);
    // Painted in the fallback: the web fonts are still held back.
    const loading = await page.evaluate(() => [...document.fonts].filter((f) => f.family.includes('Titillium Web') && !f.family.includes('Fallback') && f.status === 'loaded').length);
    assert.equal(loading, 0);
    release();
    await page.evaluate(() => document.fonts.ready);
    await page.waitForFunction(() => [...document.fonts].some((f) => f.status === 'loaded' && f.family.replace(/"/g, '') === 'Titillium Web'));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const shift = await page.evaluate(() => window.__shift);
    assert.ok(shift <= 0.01, `layout shift ${shift} when the fonts swapped in`);
    assertNoConsoleErrors(page);
    await page.context().close();
  });
}
