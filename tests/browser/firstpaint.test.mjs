// tests/browser/firstpaint.test.mjs: a page's first paint needs only its
// HTML. Each page inlines the rules it uses (tdt-build, critical.rs) under a
// Content-Security-Policy of its own that allows that <style> and no other,
// with the rules of the states the app enters there (a menu opened, a
// contents entry in view, search suggestions); the app loads the whole
// stylesheet when the visitor is about to move on (at once on index.html and
// 404.html), and shows the next page once it has it; without JavaScript a
// <noscript> link loads it. Fonts swap in over a fallback sized like them,
// so nothing moves when they arrive. The keyboard focus ring is the site's own
// (3px), and a #fragment's heading stops 1rem below the top, with the whole
// stylesheet and with a page's inline rules alone.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DIST, ensureDist, launchBrowser, newPage, assertNoConsoleErrors, screenshot } from './harness.mjs';
import { startServer } from './server.mjs';
import { SEEDS, recordLayoutShift, waitForApp, waitForHeading, heading } from './site.mjs';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const PAGES = SEEDS.filter((s) => !s.external);
const STYLESHEET = /\/site-[0-9a-f]+\.css$/;
const PROJECT = PAGES.find((s) => s.url.includes('/projects/'));

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

/** Adds the stylesheet the page's inline rules name (as the app would); settles once it applies. */
function addWholeStylesheet() {
  const style = document.querySelector('style[data-stylesheet]');
  const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: style.dataset.stylesheet, integrity: style.dataset.integrity ?? '' });
  return new Promise((loaded, failed) => {
    link.onload = loaded;
    link.onerror = () => failed(new Error(`${link.href} did not load`));
    document.head.append(link);
  });
}

/** The paths of the whole stylesheet the page has asked for. */
function stylesheetRequests(page) {
  const asked = [];
  page.on('request', (r) => STYLESHEET.test(new URL(r.url()).pathname) && asked.push(new URL(r.url()).pathname));
  return asked;
}

/** Whether the whole stylesheet applies to the document. */
const hasWholeStylesheet = (page) => page.evaluate(() => [...document.styleSheets].some((s) => s.href?.includes('/site-')));

/** The main heading's font, as computed. */
const headingFont = (page) => page.evaluate(() => getComputedStyle(document.querySelector('main h1')).fontFamily);

/** Two frames: what an action changed has been laid out. */
const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** The static page's layout (the app held back) with the stylesheet file answered `fault`, or not at all. */
async function staticLayout(viewport, url, blockStylesheet) {
  const page = await newPage(browser, { viewport });
  await page.route('**/*.wasm', () => {}); // never answered: the static page stays
  if (blockStylesheet) await page.route(/\/site-[0-9a-f]+\.css$/, (route) => route.fulfill({ status: 404, body: '' }));
  await page.goto(srv.url + url);
  await page.evaluate(() => document.fonts.ready);
  if (!blockStylesheet) await page.evaluate(addWholeStylesheet);
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

test('a deep link loads the whole stylesheet only when the visitor is about to move on, and shows the next page with it', async () => {
  const page = await newPage(browser);
  const asked = stylesheetRequests(page);
  let release;
  const held = new Promise((r) => (release = r));
  await page.route(STYLESHEET, async (route) => {
    await held;
    await route.fallback();
  });
  await page.goto(srv.url + PAGES[0].url);
  await waitForHeading(page, PAGES[0].title);
  await frames(page);
  assert.deepEqual(asked, [], 'nothing asked for the stylesheet before the visitor did anything');
  assert.equal(await hasWholeStylesheet(page), false);
  const projects = page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Progetti', exact: true });
  const requested = page.waitForRequest((r) => STYLESHEET.test(new URL(r.url()).pathname));
  const data = page.waitForResponse((r) => r.url().includes('/data/p/'));
  await projects.hover();
  await requested;
  await data;
  await projects.click();
  await frames(page);
  assert.equal(await heading(page), PAGES[0].title, 'the next page waits for the stylesheet');
  release();
  await page.waitForFunction(() => location.pathname === '/it/projects/' && document.querySelector('main h1')?.textContent.trim() !== 'Collaborazioni Internazionali');
  assert.equal(await hasWholeStylesheet(page), true, 'the next page is shown with the whole stylesheet');
  assert.match(await headingFont(page), /^"Titillium Web", "Titillium Web Fallback"/);
  assert.equal(asked.length, 1, `asked once: ${asked}`);
  await page.goBack();
  await waitForHeading(page, PAGES[0].title);
  assert.equal(asked.length, 1, `still once: ${asked}`);
  assertNoConsoleErrors(page);
  await page.context().close();
});

test('a stylesheet that failed to load is asked for again at the next page', async () => {
  const page = await newPage(browser);
  const asked = stylesheetRequests(page);
  let fail = true;
  await page.route(STYLESHEET, (route) => (fail ? route.fulfill({ status: 503, body: '' }) : route.fallback()));
  await page.goto(srv.url + PAGES[0].url);
  await waitForHeading(page, PAGES[0].title);
  await page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Progetti', exact: true }).click();
  await page.waitForFunction(() => location.pathname === '/it/projects/' && document.querySelector('main h1')?.textContent.trim() !== 'Collaborazioni Internazionali');
  assert.ok(asked.length >= 1, `${asked}`);
  // Away from every link (a hover asks again), until each failed link is taken out.
  await page.mouse.move(1, 1);
  await page.waitForFunction(() => !document.querySelector('link[rel="stylesheet"]'));
  assert.equal(await hasWholeStylesheet(page), false, 'every answer failed');
  fail = false;
  const before = asked.length;
  // Back, without a hover: the app asks again before showing the page.
  await page.goBack();
  await waitForHeading(page, PAGES[0].title);
  assert.equal(asked.length, before + 1, `${asked}`);
  assert.equal(await hasWholeStylesheet(page), true);
  assert.equal(await page.locator('link[rel="stylesheet"]').count(), 1);
  await page.context().close();
});

test('a document that shows another page first (index.html, an old-URL page in preview) loads the whole stylesheet at once', async () => {
  for (const [url, title] of [['/', null], [`${SEEDS[0].url}?preview`, SEEDS[0].title]]) {
    const page = await newPage(browser);
    const asked = stylesheetRequests(page);
    await page.goto(srv.url + url);
    if (title) await waitForHeading(page, title);
    else await waitForApp(page);
    await page.waitForFunction(() => document.querySelector('main h1'));
    assert.equal(asked.length, 1, `${url}: ${asked}`);
    assert.equal(await hasWholeStylesheet(page), true, `${url}: shown with the whole stylesheet`);
    assert.match(await headingFont(page), /^"Titillium Web", "Titillium Web Fallback"/);
    await page.context().close();
  }
});

test('without JavaScript the <noscript> link loads the whole stylesheet', async () => {
  const page = await newPage(browser, { javaScriptEnabled: false });
  await page.goto(srv.url + PAGES[0].url);
  await page.waitForFunction(() => [...document.styleSheets].some((s) => s.href?.includes('/site-')));
  const sheets = await page.evaluate(() => [...document.styleSheets].map((s) => (s.href ? new URL(s.href).pathname : 'inline')));
  assert.equal(sheets[0], 'inline', `${sheets}`);
  assert.ok(sheets.some((s) => STYLESHEET.test(s)), `${sheets}`);
  assert.match(await headingFont(page), /^"Titillium Web", "Titillium Web Fallback"/);
  await page.context().close();
});

/** The states a visitor puts a page in, in order: each named, and what brings it about. */
const STATES = {
  desktop: [
    ['a contents entry in view', async (page) => {
      await page.getByRole('navigation', { name: 'Indice della pagina', exact: true }).getByRole('link', { name: 'Benefici', exact: true }).click();
      await page.waitForFunction(() => document.querySelector('.toc a.active, nav a.active'));
    }],
  ],
  phone: [
    ['the menu open', async (page) => {
      await page.getByRole('button', { name: 'Menu', exact: true }).click();
      await page.waitForFunction(() => document.querySelector('.navbar-collapse.show'));
    }],
  ],
};

/** Search suggestions shown for a query (both screens). */
async function suggestions(page) {
  const box = page.getByRole('combobox', { name: 'Cerca nel sito' });
  await box.click();
  await box.fill('progetto');
  await page.getByRole('listbox').getByRole('option').first().waitFor();
  await page.waitForFunction(() => document.querySelector('.search-popup .search-summary')?.textContent.trim());
}

for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`${name}: the states the app puts a page in are styled by the page's inline rules alone`, async () => {
    const states = [...STATES[name], ['search suggestions', suggestions]];
    const run = async (whole) => {
      const page = await newPage(browser, { viewport, reducedMotion: 'reduce' });
      // Without the file: the app's own request for it fails.
      if (!whole) await page.route(STYLESHEET, (route) => route.fulfill({ status: 404, body: '' }));
      await page.goto(srv.url + PROJECT.url);
      await waitForHeading(page, PROJECT.title);
      if (whole) await page.evaluate(addWholeStylesheet);
      await page.evaluate(() => document.fonts.ready);
      const boxes = [];
      for (const [state, enter] of states) {
        await enter(page);
        await frames(page);
        boxes.push([state, await page.evaluate(layout)]);
      }
      return { page, boxes };
    };
    const full = await run(true);
    const inline = await run(false);
    assert.equal(await hasWholeStylesheet(inline.page), false);
    for (const [i, [state, boxes]] of full.boxes.entries()) {
      const other = inline.boxes[i][1];
      const differ = boxes.map((b, j) => [b, other[j]]).filter(([a, b]) => a !== b);
      assert.equal(boxes.length, other.length, state);
      assert.deepEqual(differ.slice(0, 5), [], `${state}: ${differ.length} elements differ (whole stylesheet, inline rules only)`);
    }
    await screenshot(inline.page, `firstpaint-states-inline-only-${name}`);
    await full.page.context().close();
    await inline.page.context().close();
  });
}

/** The focus ring of the first `count` elements Tab reaches: tag, outline style and width. */
async function focusRings(page, count) {
  const rings = [];
  for (let i = 0; i < count; i += 1) {
    await page.keyboard.press('Tab');
    rings.push(await page.evaluate(() => {
      const e = document.activeElement;
      const s = getComputedStyle(e);
      return `${e.tagName.toLowerCase()} ${e.textContent.trim().slice(0, 20) || e.getAttribute('aria-label') || e.id}: ${s.outlineStyle} ${s.outlineWidth}`;
    }));
  }
  return rings;
}

for (const whole of [true, false]) {
  test(`the keyboard focus is a 3px ring, ${whole ? 'with the whole stylesheet' : "with the page's inline rules alone"}`, async () => {
    const page = await newPage(browser, { viewport: DESKTOP });
    // Without the file (answered 404), the rules can only be the page's own.
    if (!whole) await page.route(STYLESHEET, (route) => route.fulfill({ status: 404, body: '' }));
    await page.goto(srv.url + PROJECT.url);
    await waitForHeading(page, PROJECT.title);
    if (whole) await page.evaluate(addWholeStylesheet);
    const rings = await focusRings(page, 8);
    const thin = rings.filter((r) => !r.endsWith(': solid 3px'));
    assert.deepEqual(thin, [], `focused elements without the site's ring, of ${rings.join('; ')}`);
    await page.context().close();
  });

  test(`a #fragment's heading stops 1rem below the top, ${whole ? 'with the whole stylesheet' : "with the page's inline rules alone"}`, async () => {
    // Reduced motion: the stylesheet scrolls smoothly otherwise.
    const page = await newPage(browser, { viewport: DESKTOP, reducedMotion: 'reduce' });
    if (!whole) await page.route(STYLESHEET, (route) => route.fulfill({ status: 404, body: '' }));
    await page.goto(`${srv.url}${PROJECT.url}#benefici`);
    await waitForApp(page);
    if (whole) await page.evaluate(addWholeStylesheet);
    await frames(page);
    const target = await page.evaluate(() => {
      const e = document.getElementById('benefici');
      return { margin: getComputedStyle(e).scrollMarginTop, top: Math.round(e.getBoundingClientRect().top), scrolled: window.scrollY > 0 };
    });
    assert.deepEqual(target, { margin: '16px', top: 16, scrolled: true });
    await page.context().close();
  });
}

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
