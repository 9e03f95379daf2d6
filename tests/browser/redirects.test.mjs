// tests/browser/redirects.test.mjs: old URLs and external redirects (issue 3).
// Old paths land on their page (or on its final external target), replacing
// the URL so Back never bounces; query and fragment are carried over; the
// external redirect happens with nothing of the page shown, except in
// preview, which names where visitors are sent and lasts for the tab.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, serveDist, assertNoConsoleErrors, screenshot } from './harness.mjs';
import { EXTERNAL, OLD_URLS, waitForApp, waitForHeading, fakeOtherHosts } from './site.mjs';

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

/** Records every <h1> the page ever shows, from before any script runs. */
async function recordHeadings(page) {
  await page.addInitScript(() => {
    window.__headings = [];
    new MutationObserver(() => {
      for (const h of document.querySelectorAll('h1')) window.__headings.push(h.textContent.trim());
    }).observe(document, { childList: true, subtree: true });
  });
}

for (const old of OLD_URLS) {
  test(`deep link to old URL ${old.from} reaches the external target`, async () => {
    const page = await newPage(browser);
    const visited = await fakeOtherHosts(page);
    await page.goto(`${srv.url}${old.from}`);
    await page.waitForURL(EXTERNAL);
    assert.deepEqual(visited.filter((u) => u.startsWith(EXTERNAL)), [EXTERNAL]);
    await page.context().close();
  });

  test(`deep link to old URL ${old.from} with ?preview lands on ${old.to}; Back returns`, async () => {
    const page = await newPage(browser);
    await page.goto(`${srv.url}/it/`);
    await waitForApp(page);
    await page.goto(`${srv.url}${old.from}?preview&x=1#intro`);
    await page.waitForURL(`${srv.url}${old.to}?preview&x=1#intro`);
    await page.waitForFunction(() => document.querySelector('.preview-banner'));
    await page.goBack();
    await page.waitForURL(`${srv.url}/it/`);
    assertNoConsoleErrors(page);
    await page.context().close();
  });
}

test('the external redirect shows nothing of the page first', async () => {
  const page = await newPage(browser);
  const visited = await fakeOtherHosts(page);
  await recordHeadings(page);
  await page.goto(`${srv.url}/it/lavora-con-noi`);
  await page.waitForURL(EXTERNAL);
  assert.ok(visited.includes(EXTERNAL));
  const seen = await page.evaluate(() => window.__headings);
  assert.deepEqual(seen, [], 'no heading of the page was shown before leaving');
  await page.context().close();
});

test('preview renders the page under a banner naming the target, and stays on in the tab', async () => {
  const page = await newPage(browser);
  const visited = await fakeOtherHosts(page);
  await page.goto(`${srv.url}/it/lavora-con-noi?preview`);
  await waitForHeading(page, 'Lavora con noi');
  const banner = page.locator('.preview-banner');
  assert.equal(await banner.getAttribute('role'), 'status');
  assert.match(await banner.textContent(), /innovazione\.gov\.it/);
  await screenshot(page, 'preview-lavora-con-noi');
  await page.locator('.lang-switcher').getByRole('link', { name: 'EN' }).click();
  await waitForHeading(page, 'Join Us');
  assert.equal(new URL(page.url()).search, '', 'the preview flag is not in the URL any more');
  assert.equal(await page.locator('.preview-banner').count(), 1);
  assert.deepEqual(visited, []);
  assertNoConsoleErrors(page);
  await page.context().close();
});

test('an in-app click on an old URL replaces it with the page', async () => {
  const page = await newPage(browser);
  await page.goto(`${srv.url}/it/?preview`);
  await waitForHeading(page, 'Team per la Trasformazione Digitale');
  await page.evaluate(() => {
    const a = document.createElement('a');
    a.href = '/it/36-content.htm?ref=old#top';
    a.textContent = 'old link';
    document.querySelector('main').append(a);
  });
  await page.getByRole('link', { name: 'old link' }).click();
  await waitForHeading(page, 'Lavora con noi');
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/it/lavora-con-noi?ref=old');
  await page.goBack();
  await page.waitForURL(/\/it\/\?preview$/);
  await page.context().close();
});

test('no query, path or fragment makes the site leave for another host', async () => {
  const page = await newPage(browser);
  const visited = await fakeOtherHosts(page);
  for (const path of ['//evil.example/x', '/it/?redirect=https://evil.example/', '/%2F%2Fevil.example', '/it/#https://evil.example']) {
    await page.goto(`${srv.url}${path}`);
    await waitForApp(page);
    await page.waitForFunction(() => document.querySelector('main h1'));
  }
  assert.deepEqual(visited, []);
  await page.context().close();
});
