// tests/browser/search.test.mjs: the site search (Pagefind, built with the
// site). Nothing of it is downloaded until the box is focused; a query in
// each language finds the expected page and only pages of that language,
// with the count announced; a page that sends visitors elsewhere is found by
// its content and says where it leads; no match and an index that cannot
// load are said so; the box works from the keyboard (arrows, Enter, Escape)
// and results open in the app without a reload; the results page can be
// linked to (on a static host); text typed into the static page's box
// before the app took over stays; axe finds nothing with the results open.
//
// Every wait is on the page's state, never on the clock. The site's
// Content-Security-Policy is on throughout.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DIST, ensureDist, launchBrowser, newPage, assertNoConsoleErrors, assertNoAxeViolations, screenshot } from './harness.mjs';
import { startServer } from './server.mjs';
import { startNginx } from './nginx.mjs';
import { waitForApp, waitForHeading, markWindow, sameWindow, heading, recordLayoutShift } from './site.mjs';

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

const BOX = { it: 'Cerca nel sito', en: 'Search the site' };

/** The paths of /pagefind/ the server was asked for. */
const searchRequests = () => srv.log.filter((e) => e.path?.startsWith('/pagefind/')).map((e) => e.path);

/** The search box of the page, by its role and label. */
const box = (page, lang) => page.getByRole('combobox', { name: BOX[lang] });

/** Waits until the popup's summary (the count, or a message) is shown; returns it. */
async function waitForSummary(page) {
  const summary = page.locator('.search-popup .search-summary');
  await summary.waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.querySelector('.search-popup .search-summary')?.textContent.trim());
  return (await summary.textContent()).trim();
}

/** The texts of the popup's options. */
function options(page) {
  return page.getByRole('listbox').getByRole('option').allTextContents();
}

/** Types `query` into the box and waits for results; returns the summary. */
async function search(page, lang, query) {
  await box(page, lang).click();
  await box(page, lang).fill(query);
  return waitForSummary(page);
}

test('nothing of search is downloaded before the box is focused', async () => {
  const page = await newPage(browser);
  const before = searchRequests().length;
  await page.goto(`${srv.url}/it/projects/cittadinanza-digitale.htm`);
  await waitForApp(page);
  assert.equal(searchRequests().length, before, 'no /pagefind/ request on a deep link');
  await box(page, 'it').focus();
  // Pagefind's script, then (from its worker) its entry file and the language's wasm.
  while (!searchRequests().includes('/pagefind/pagefind-entry.json')) await new Promise((r) => setImmediate(r));
  assert.ok(searchRequests().includes('/pagefind/pagefind.js'), 'focusing the box loads Pagefind');
  assertNoConsoleErrors(page);
  await page.close();
});

test('an Italian query finds the page, only in Italian, and announces the count', async () => {
  const page = await newPage(browser);
  await page.goto(`${srv.url}/it/`);
  await waitForApp(page);
  const summary = await search(page, 'it', 'cittadinanza');
  assert.match(summary, /^\d+ risultat[oi]$/);
  const titles = await page.$$eval('#search-listbox .search-option-title', (ts) => ts.map((t) => t.textContent));
  assert.ok(titles.includes('Cittadinanza digitale'), titles.join(', '));
  // The live region says the same as the popup.
  assert.equal((await page.getByRole('status').filter({ hasText: /risultat/ }).first().textContent()).trim(), summary);
  await box(page, 'it').press('Enter');
  await page.waitForURL(/\/it\/cerca\?q=cittadinanza$/);
  await page.waitForFunction(() => document.querySelectorAll('.search-results-list a').length > 0);
  const links = await page.$$eval('.search-results-list a', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(links.includes('/it/projects/cittadinanza-digitale.htm'), links.join(', '));
  assert.ok(links.every((l) => l.startsWith('/it/')), `only Italian pages: ${links.join(', ')}`);
  assertNoConsoleErrors(page);
  await page.close();
});

test('an English query finds only English pages', async () => {
  const page = await newPage(browser);
  await page.goto(`${srv.url}/en/search?q=projects`);
  await waitForHeading(page, 'Search');
  await page.waitForFunction(() => document.querySelectorAll('.search-results-list a').length > 0);
  const links = await page.$$eval('.search-results-list a', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(links.includes('/en/projects/'), links.join(', '));
  assert.ok(links.every((l) => l.startsWith('/en/')), `only English pages: ${links.join(', ')}`);
  assert.match(await page.locator('.search-results .search-summary').textContent(), /^\d+ results?$/);
  // The header's box says what was searched.
  assert.equal(await page.getByRole('combobox', { name: 'Search the site' }).inputValue(), 'projects');
  // The switcher leads to the same search in Italian.
  const it = page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'IT' });
  assert.equal(await it.getAttribute('href'), '/it/cerca?q=projects');
  await it.click();
  await waitForHeading(page, 'Cerca');
  await page.waitForFunction(() => document.getElementById('search-input')?.value === 'projects');
  assert.equal(new URL(page.url()).search, '?q=projects');
  assertNoConsoleErrors(page);
  await page.close();
});

test('a page that sends visitors elsewhere is found by its content and says where it leads', async () => {
  const page = await newPage(browser);
  await page.goto(`${srv.url}/it/`);
  await waitForApp(page);
  await search(page, 'it', 'talenti');
  const option = page.getByRole('option').filter({ hasText: 'Lavora con noi' });
  await option.waitFor();
  assert.match(await option.textContent(), /Porta a: https:\/\/innovazione\.gov\.it\//);
  assertNoConsoleErrors(page);
  await page.close();
});

test('a query with no match says so', async () => {
  const page = await newPage(browser);
  await page.goto(`${srv.url}/en/`);
  await waitForApp(page);
  const summary = await search(page, 'en', 'zzqxjv');
  assert.equal(summary, 'No page matches your search.');
  assert.equal(await page.locator('#search-listbox').isHidden(), true);
  assert.equal((await page.locator('.search-box [role=status]').textContent()).trim(), summary);
  await page.goto(`${srv.url}/it/cerca?q=zzqxjv`);
  await waitForApp(page);
  await page.waitForFunction(() => document.querySelector('.search-results .search-summary')?.textContent);
  assert.equal(await page.locator('.search-results .search-summary').textContent(), 'Nessuna pagina corrisponde alla ricerca.');
  assertNoConsoleErrors(page);
  await page.close();
});

test('an index that cannot load is said so, and search works once it can', async () => {
  const page = await newPage(browser);
  srv.faults.set('/pagefind/pagefind.js', { status: 500 });
  try {
    await page.goto(`${srv.url}/it/`);
    await waitForApp(page);
    const summary = await search(page, 'it', 'cittadinanza');
    assert.equal(summary, 'La ricerca non è disponibile in questo momento. Riprova più tardi.');
  } finally {
    srv.faults.delete('/pagefind/pagefind.js');
  }
  await box(page, 'it').fill('cittadinanz');
  await page.waitForFunction(() => document.querySelector('.search-popup .search-summary')?.textContent.includes('risultat'));
  assertNoConsoleErrors(page, { ignore: [/Failed to load resource|pagefind\.js/] });
  await page.close();
});

test('the keyboard: arrows highlight, Escape closes, Enter opens in the app', async () => {
  const page = await newPage(browser);
  await page.goto(`${srv.url}/it/`);
  await waitForApp(page);
  await markWindow(page);
  await search(page, 'it', 'digitale');
  const input = box(page, 'it');
  const count = (await options(page)).length;
  assert.ok(count >= 2, `at least two results (${count})`);
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  assert.equal(await input.getAttribute('aria-activedescendant'), null);
  await input.press('ArrowDown');
  assert.equal(await input.getAttribute('aria-activedescendant'), 'search-option-0');
  await input.press('ArrowDown');
  assert.equal(await input.getAttribute('aria-activedescendant'), 'search-option-1');
  assert.equal(await page.locator('#search-option-1').getAttribute('aria-selected'), 'true');
  assert.equal(await page.locator('#search-option-0').getAttribute('aria-selected'), 'false');
  await input.press('ArrowUp');
  await input.press('ArrowUp');
  assert.equal(await input.getAttribute('aria-activedescendant'), `search-option-${count - 1}`, 'Up wraps to the last');
  await input.press('Escape');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('.search-popup').isHidden(), true);
  assert.equal(await input.inputValue(), 'digitale', 'Escape keeps the text');
  await input.press('ArrowDown');
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  assert.equal(await input.getAttribute('aria-activedescendant'), 'search-option-0');
  const title = (await page.locator('#search-option-0 .search-option-title').textContent()).trim();
  await input.press('Enter');
  await waitForHeading(page, title);
  assert.equal(await sameWindow(page), true, 'opened without a reload');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  // Back in the box (focus went to the new page's heading), the results
  // open again; Escape closes them, and a second Escape empties the box.
  await input.focus();
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  await input.press('Escape');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  assert.equal(await input.inputValue(), 'digitale');
  await input.press('Escape');
  assert.equal(await input.inputValue(), '');
  assertNoConsoleErrors(page);
  await page.close();
});

test('the results page links open in the app, and axe finds nothing with results open', async () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    const page = await newPage(browser, { viewport });
    await page.goto(`${srv.url}/it/cerca?q=digitale`);
    await waitForHeading(page, 'Cerca');
    await page.waitForFunction(() => document.querySelectorAll('.search-results-list a').length > 0);
    await markWindow(page);
    await search(page, 'it', 'team');
    const name = viewport.width > 500 ? 'desktop' : 'phone';
    await screenshot(page, `search-${name}-popup`, { fullPage: false });
    await assertNoAxeViolations(page);
    await box(page, 'it').press('Escape');
    await screenshot(page, `search-${name}-results-page`);
    const first = page.locator('.search-results-list a').first();
    const title = (await first.textContent()).trim();
    await first.click();
    await waitForHeading(page, title);
    assert.equal(await sameWindow(page), true, 'opened without a reload');
    assert.equal(await heading(page), title);
    assertNoConsoleErrors(page);
    await page.close();
  }
});

test('results coming in move nothing on screen, on a phone and a desktop', async () => {
  for (const viewport of [{ width: 412, height: 823 }, { width: 1280, height: 800 }]) {
    const page = await newPage(browser, { viewport });
    await page.addInitScript(recordLayoutShift);
    await page.goto(`${srv.url}/it/cerca?q=digitale`);
    await page.waitForFunction(() => document.querySelectorAll('.search-results-list a').length > 0);
    await page.waitForFunction(() => document.querySelector('.search-results .search-summary')?.textContent.trim());
    // The footer was on screen and moved down when the results came (0.061 on the phone).
    const shift = await page.evaluate(() => window.__shift);
    assert.ok(shift <= 0.01, `layout shift ${shift.toFixed(4)} at ${viewport.width}×${viewport.height}`);
    assertNoConsoleErrors(page);
    await page.close();
  }
});

test('text typed into the static page before the app took over stays, with the focus', async () => {
  const page = await newPage(browser);
  // The app's wasm is held back until the visitor has typed.
  let release;
  const held = new Promise((r) => (release = r));
  await page.route(/\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${srv.url}/it/projects/`);
  const input = page.locator('#search-input');
  await input.click();
  await input.pressSequentially('cittad');
  await input.press('ArrowLeft');
  assert.notEqual(await page.evaluate(() => document.documentElement.dataset.app), 'ready', 'typed before the app was ready');
  release();
  await waitForApp(page);
  const state = await page.evaluate(() => {
    const i = document.querySelector('#search-input');
    return { value: i.value, focused: document.activeElement === i, start: i.selectionStart, end: i.selectionEnd };
  });
  assert.deepEqual(state, { value: 'cittad', focused: true, start: 5, end: 5 });
  // The app searches what was typed.
  const summary = await waitForSummary(page);
  assert.match(summary, /^\d+ risultat[oi]$/);
  assertNoConsoleErrors(page);
  await page.close();
});

test('the results page is a deep link on nginx too', async () => {
  const web = await startNginx(DIST);
  const page = await newPage(browser);
  try {
    const answer = await page.goto(`${web.url}/en/search?q=projects`);
    assert.equal(answer.status(), 200);
    await waitForHeading(page, 'Search');
    await page.waitForFunction(() => document.querySelectorAll('.search-results-list a').length > 0);
    const links = await page.$$eval('.search-results-list a', (as) => as.map((a) => a.getAttribute('href')));
    assert.ok(links.includes('/en/projects/'), links.join(', '));
    assertNoConsoleErrors(page);
  } finally {
    await page.close();
    await web.close();
  }
});
