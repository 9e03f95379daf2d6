// tests/browser/faults.test.mjs: the network fails and the visitor is not
// left with a blank page. A page's JSON answered with 500, HTML (a wrong SPA
// fallback for a page the index shard lists), truncated JSON, or a dropped
// connection shows an error in the page's language (role=alert) with a retry
// button that works once the server recovers; a 404 shows the 404 page; a
// slow answer shows the loading state, then the page. Other pages keep
// working, and nothing panics. The site file failing at start gives an error
// in the path's language whose retry starts the app.
//
// Every wait is on the page's state, never on the clock.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, serveDist, assertNoConsoleErrors, screenshot } from './harness.mjs';
import { entryFile, heading, waitForApp, waitForHeading, markWindow, sameWindow } from './site.mjs';

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

/** A page whose JSON is broken, one to move to, and the texts of its language. */
const PAGES = {
  it: {
    url: '/it/projects/cittadinanza-digitale.htm',
    key: '/it/projects/cittadinanza-digitale.htm',
    title: 'Cittadinanza digitale',
    error: /^Non è stato possibile caricare la pagina/,
    retry: 'Riprova',
    notFound: 'Pagina non trovata',
    other: { url: '/it/', title: 'Team per la Trasformazione Digitale' },
  },
  en: {
    url: '/en/projects/',
    key: '/en/projects',
    title: 'Projects',
    error: /^The page could not be loaded/,
    retry: 'Try again',
    notFound: 'Page not found',
    other: { url: '/en/', title: 'Digital Transformation Team' },
  },
};

/** How many requests for `file` the server has finished with. */
const answered = (file) => srv.log.filter((e) => e.path === file && e.status !== null).length;

/** Waits until the server has finished with more than `count` requests for `file`. */
async function waitForServer(file, count) {
  while (answered(file) <= count) await new Promise((r) => setImmediate(r));
}

/** Adds a link to `url` in the main area and returns its selector. */
async function addLink(page, url) {
  await page.evaluate((href) => {
    document.getElementById('test-link')?.remove();
    const a = document.createElement('a');
    a.href = href;
    a.id = 'test-link';
    a.textContent = 'test link';
    document.querySelector('main').append(a);
  }, url);
  return '#test-link';
}

/** Errors a broken request legitimately logs in the console. */
const NETWORK_NOISE = [/Failed to load resource/, /net::ERR_/, /status of (404|500)/];

/** Whether the page shows something: never a blank body. */
async function assertNotBlank(page) {
  const text = await page.evaluate(() => document.body.innerText.trim());
  assert.ok(text.length > 0, 'the page is blank');
}

async function waitForError(page, lang) {
  const alert = page.locator('main [role="alert"]');
  await alert.waitFor();
  assert.match((await alert.innerText()).trim(), PAGES[lang].error);
  assert.equal(await page.getAttribute('html', 'lang'), lang);
  return alert;
}

const FAULTS = [
  { name: '500', fault: { status: 500 } },
  { name: 'HTML instead of JSON', fault: { html: true } },
  { name: 'truncated JSON', fault: { truncate: true } },
  { name: 'a dropped connection', fault: { drop: true } },
];

for (const lang of ['it', 'en']) {
  for (const { name, fault } of FAULTS) {
    test(`${lang}: a page's JSON answered with ${name} shows an error with a working retry`, async () => {
      const p = PAGES[lang];
      const file = entryFile(p.key);
      srv.faults.set(file, { ...fault });
      const page = await newPage(browser);
      try {
        await page.goto(srv.url + p.url);
        await waitForApp(page);
        const alert = await waitForError(page, lang);
        assert.equal(await page.locator('main h1', { hasText: p.notFound }).count(), 0, 'not the 404 page');
        await assertNotBlank(page);
        await screenshot(page, `fault-${lang}-${name}`);

        // Retrying while the server still fails shows the error again.
        const count = answered(file);
        await alert.getByRole('button', { name: p.retry }).click();
        await waitForServer(file, count);
        await waitForError(page, lang);

        // Other pages keep working, by in-app navigation.
        await markWindow(page);
        await page.click(await addLink(page, p.other.url));
        await waitForHeading(page, p.other.title);
        assert.ok(await sameWindow(page), 'moved without a reload');
        await page.goBack();
        await waitForError(page, lang);

        // Once the server recovers, the retry shows the page.
        srv.faults.delete(file);
        await page.locator('main [role="alert"]').getByRole('button', { name: p.retry }).click();
        await waitForHeading(page, p.title);
        assert.equal(await page.locator('main [role="alert"]').count(), 0);
        assert.ok(await sameWindow(page), 'retried without a reload');
        assertNoConsoleErrors(page, { ignore: NETWORK_NOISE });
      } finally {
        srv.faults.delete(file);
        await page.context().close();
      }
    });
  }

  test(`${lang}: a page's JSON answered with 404 shows the 404 page`, async () => {
    const p = PAGES[lang];
    const file = entryFile(p.key);
    srv.faults.set(file, { status: 404 });
    const page = await newPage(browser);
    try {
      await page.goto(srv.url + p.url);
      await waitForHeading(page, p.notFound);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      assert.equal(await page.locator('main [role="alert"]').count(), 0);
      assertNoConsoleErrors(page, { ignore: NETWORK_NOISE });
    } finally {
      srv.faults.delete(file);
      await page.context().close();
    }
  });
}

test('a slow page shows the loading state, then the page', async () => {
  const p = PAGES.it;
  const file = entryFile(p.key);
  srv.faults.set(file, { delayMs: 5000 });
  const page = await newPage(browser);
  try {
    await page.goto(srv.url + '/it/');
    await waitForHeading(page, p.other.title);
    await markWindow(page);
    const response = page.waitForResponse((r) => r.url().endsWith(file));
    await page.click(await addLink(page, p.url));
    await page.locator('main [aria-busy="true"]').waitFor();
    await assertNotBlank(page);
    await response;
    await waitForHeading(page, p.title);
    assert.ok(await sameWindow(page));
    assert.equal(await page.locator('main [aria-busy="true"]').count(), 0);
    assertNoConsoleErrors(page);
  } finally {
    srv.faults.delete(file);
    await page.context().close();
  }
});

test('a slow page opened by deep link keeps its static HTML on screen until the app has it', async () => {
  const p = PAGES.en;
  const file = entryFile(p.key);
  srv.faults.set(file, { delayMs: 3000 });
  const page = await newPage(browser);
  try {
    const requested = page.waitForRequest((r) => r.url().endsWith(file));
    await page.goto(srv.url + p.url);
    await requested;
    // The app is running and waiting for the JSON: the prerendered page is
    // still what the visitor sees, with no loading state in its place.
    assert.equal(await page.evaluate(() => document.documentElement.dataset.app ?? null), null);
    assert.equal(await heading(page), p.title);
    assert.equal(await page.locator('main [aria-busy="true"]').count(), 0);
    await waitForHeading(page, p.title);
    assert.equal(await page.locator('main [aria-busy="true"]').count(), 0);
    assertNoConsoleErrors(page);
  } finally {
    srv.faults.delete(file);
    await page.context().close();
  }
});

test('a slow page opened on a host that answers with the bare app shell shows the loading state, then the page', async () => {
  const p = PAGES.en;
  const file = entryFile(p.key);
  srv.faults.set(file, { delayMs: 5000 });
  const page = await newPage(browser);
  try {
    // `/en/projects` has no HTML file of its own: the SPA fallback answers.
    await page.goto(srv.url + p.url.replace(/\/$/, ''));
    await waitForApp(page);
    await page.locator('main [aria-busy="true"]').waitFor();
    await waitForHeading(page, p.title);
    assertNoConsoleErrors(page);
  } finally {
    srv.faults.delete(file);
    await page.context().close();
  }
});

const BOOT = [
  { lang: 'it', path: '/it/projects/cittadinanza-digitale.htm', error: /^Non è stato possibile caricare/, retry: 'Riprova', title: 'Cittadinanza digitale' },
  { lang: 'en', path: '/en/', error: /^The site could not be loaded/, retry: 'Try again', title: 'Digital Transformation Team' },
  // A path that merely starts with "en" is not English.
  { lang: 'it', path: '/enroll', error: /^Non è stato possibile caricare/, retry: 'Riprova', title: 'Pagina non trovata' },
];

for (const boot of BOOT) {
  for (const { name, fault } of [
    { name: '500', fault: { status: 500 } },
    { name: 'a dropped connection', fault: { drop: true } },
  ]) {
    test(`${boot.lang}: the site file failing with ${name} at start shows an error with a working retry`, async () => {
      srv.faults.set('/data/site.json', { ...fault });
      const page = await newPage(browser);
      try {
        await page.goto(srv.url + boot.path);
        const alert = page.locator('[role="alert"]');
        await alert.waitFor();
        assert.match((await alert.innerText()).trim(), boot.error);
        assert.equal(await page.getAttribute('html', 'lang'), boot.lang);
        await screenshot(page, `fault-site-${boot.lang}-${name}`);

        srv.faults.delete('/data/site.json');
        await alert.getByRole('button', { name: boot.retry }).click();
        await waitForHeading(page, boot.title);
        assert.equal(await page.locator('[role="alert"]').count(), 0);
        assertNoConsoleErrors(page, { ignore: NETWORK_NOISE });
      } finally {
        srv.faults.delete('/data/site.json');
        await page.context().close();
      }
    });
  }
}
