// tests/browser/site.test.mjs: the site end to end (issue 2). Every seed page
// opens by deep link in its layout with its title as the main heading and in
// the document title, without console errors; links inside rendered Markdown
// navigate without a reload; unknown paths give the 404 in the language of
// their first segment; Back and Forward never fetch a page twice.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, serveDist, assertNoConsoleErrors, screenshot } from './harness.mjs';
import { SEEDS, SITE_TITLE, waitForHeading, heading, markWindow, sameWindow, fakeOtherHosts } from './site.mjs';

let browser;
let srv;

before(async () => {
  srv = await serveDist({ mode: 'spa' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.close();
});

for (const seed of SEEDS) {
  test(`deep link ${seed.url}`, async () => {
    const page = await newPage(browser);
    await fakeOtherHosts(page);
    const query = seed.external ? '?preview' : '';
    await page.goto(`${srv.url}${seed.url}${query}`);
    await waitForHeading(page, seed.title);
    assert.equal(await page.title(), `${seed.title} - ${SITE_TITLE[seed.lang]}`);
    assert.equal(await page.getAttribute('html', 'lang'), seed.lang);
    assert.equal(await page.locator('main h1').count(), 1, 'one main heading');
    await screenshot(page, `deep-link${seed.url}`);
    assertNoConsoleErrors(page);
    await page.context().close();
  });
}

test('the project page renders its Markdown in the project layout', async () => {
  const page = await newPage(browser);
  await page.goto(`${srv.url}/it/projects/cittadinanza-digitale.htm`);
  await waitForHeading(page, 'Cittadinanza digitale');
  assert.equal(await page.locator('article.layout-project').count(), 1);
  assert.equal(await page.getByRole('heading', { name: 'Il ruolo del Team' }).count(), 1);
  assert.equal(await page.getByRole('link', { name: 'codice delle API' }).getAttribute('rel'), 'external');
  assert.equal(await page.locator('main script').count(), 0, 'the press widget script was removed');
  await page.context().close();
});

test('the job pages render in the job layout', async () => {
  const page = await newPage(browser);
  await page.goto(`${srv.url}/it/jobpositions/technical-project-manager.htm`);
  await waitForHeading(page, 'Technical Program Manager');
  assert.equal(await page.locator('article.layout-job').count(), 1);
  assert.equal(await page.getByRole('heading', { name: 'Qualifiche chiave' }).count(), 1);
  await page.context().close();
});

test('a link inside rendered Markdown navigates without a reload', async () => {
  const page = await newPage(browser);
  await page.goto(`${srv.url}/it/`);
  await waitForHeading(page, 'Team per la Trasformazione Digitale');
  await markWindow(page);
  await page.locator('main').getByRole('link', { name: 'Cittadinanza digitale' }).click();
  await waitForHeading(page, 'Cittadinanza digitale');
  assert.equal(new URL(page.url()).pathname, '/it/projects/cittadinanza-digitale.htm');
  assert.ok(await sameWindow(page), 'the page was not reloaded');
  assert.equal(await page.title(), `Cittadinanza digitale - ${SITE_TITLE.it}`);
  assertNoConsoleErrors(page);
  await page.context().close();
});

test('Back and Forward show pages again without fetching them', async () => {
  const page = await newPage(browser);
  const fetched = [];
  page.on('request', (r) => r.url().includes('/data/p/') && fetched.push(new URL(r.url()).pathname));
  await page.goto(`${srv.url}/it/`);
  await waitForHeading(page, 'Team per la Trasformazione Digitale');
  await page.locator('main').getByRole('link', { name: 'Cittadinanza digitale' }).click();
  await waitForHeading(page, 'Cittadinanza digitale');
  const before = fetched.length;
  await page.goBack();
  await waitForHeading(page, 'Team per la Trasformazione Digitale');
  await page.goForward();
  await waitForHeading(page, 'Cittadinanza digitale');
  // Other pages may be prefetched meanwhile (a link that ends up under the
  // pointer); the two pages shown must not be fetched again.
  const shown = fetched.slice(0, before);
  assert.deepEqual(fetched.slice(before).filter((f) => shown.includes(f)), [], 'a page shown before was fetched again');
  assert.equal(new Set(fetched).size, fetched.length, `a page was fetched twice: ${fetched}`);
  await page.context().close();
});

// Static hosts serve a page's `a.html` for `/a.html` too, and `index.html`
// for `/index.html`: the app shows that page, not a 404. Another spelling
// of a page's URL is replaced by its own in the address bar (query and
// fragment kept, no history entry added).
const HTML_NAMES = [
  { path: '/it/cerca.html', h1: 'Cerca', url: '/it/cerca' },
  { path: '/it/lavora-con-noi.html?preview#x', h1: 'Lavora con noi', url: '/it/lavora-con-noi?preview#x' },
  { path: '/index.html', h1: 'Digital Transformation Team', url: '/en/', languages: ['en-US', 'en'] },
  { path: '/it/index.html', h1: 'Team per la Trasformazione Digitale', url: '/it/' },
  { path: '/IT//Projects?a=1', h1: 'Progetti', url: '/it/projects/?a=1' },
];

for (const c of HTML_NAMES) {
  test(`${c.path} shows its page, as the host serves it, at ${c.url}`, async () => {
    const page = await newPage(browser, { languages: c.languages });
    await page.goto(`${srv.url}/it/projects/`);
    await waitForHeading(page, 'Progetti');
    await page.goto(`${srv.url}${c.path}`);
    await waitForHeading(page, c.h1);
    await page.waitForFunction((want) => location.pathname + location.search + location.hash === want, c.url);
    // Back leaves for the page before, not for the other spelling.
    await page.goBack();
    await page.waitForFunction(() => location.pathname === '/it/projects/');
    assertNoConsoleErrors(page);
    await page.context().close();
  });
}

const MISSING = [
  { path: '/it/non-esiste', h1: 'Pagina non trovata', lang: 'it' },
  { path: '/en/does-not-exist', h1: 'Page not found', lang: 'en' },
  { path: '/nowhere/at/all', h1: 'Pagina non trovata', lang: 'it' },
  // A path of no language speaks the visitor's, as `/` does.
  { path: '/nowhere/at/all', h1: 'Page not found', lang: 'en', languages: ['en-US', 'en'] },
  { path: '/en/does-not-exist', h1: 'Page not found', lang: 'en', languages: ['it-IT'] },
];

for (const missing of MISSING) {
  test(`unknown path ${missing.path} shows the 404 in ${missing.lang}${missing.languages ? ` (browser: ${missing.languages})` : ''}`, async () => {
    const page = await newPage(browser, { languages: missing.languages });
    await page.goto(`${srv.url}${missing.path}`);
    await waitForHeading(page, missing.h1);
    assert.equal(await page.getAttribute('html', 'lang'), missing.lang);
    const home = page.locator('main').getByRole('link').first();
    assert.equal(await home.getAttribute('href'), `/${missing.lang}/`);
    assertNoConsoleErrors(page, { ignore: [/404/] });
    await page.context().close();
  });
}
