// tests/browser/a11y.test.mjs: axe-core (WCAG 2.0/2.1 A and AA rules) finds
// no violation on any seed page (the join-us pages in preview), on the 404
// page, and on the fixture pages that show what the seeds lack (job lists in
// both languages, people with and without photos, the team list, an English
// project), at 1280×800 and at 375×812; also with the interactive parts
// opened (accordion topic, closed positions, small-screen menu). Each page is
// saved as a screenshot (tests/browser/screenshots/a11y-*.png) for a look.

import { test, before, after } from 'node:test';
import { newPage, assertNoAxeViolations, assertNoConsoleErrors, screenshot } from './harness.mjs';
import { startSites } from './fixture-site.mjs';
import { SEEDS, waitForHeading, fakeOtherHosts } from './site.mjs';

const WCAG = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } };

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'mobile', width: 375, height: 812 },
];

const FIXTURE_PAGES = [
  { url: '/it/lavora-con-noi', title: 'Lavora con noi', external: true },
  { url: '/en/join-us', title: 'Join Us', external: true },
  { url: '/it/projects/dati-pubblici.htm', title: 'Dati pubblici' },
  { url: '/en/projects/public-data.htm', title: 'Public data' },
  { url: '/it/team/', title: 'Il team' },
  { url: '/it/team/mario-rossi.htm', title: 'Mario Rossi' },
  { url: '/it/projects/', title: 'Progetti' },
  { url: '/en/jobpositions/emigre-liaison.htm', title: 'Émigré Liaison' },
];

let sites;
let browser;
let srv;
let fx;

before(async () => {
  sites = await startSites();
  ({ browser, srv, fx } = sites);
});

after(async () => {
  await sites?.close();
});

async function check(server, item, viewport, prefix) {
  const page = await newPage(browser, { viewport: { width: viewport.width, height: viewport.height } });
  await fakeOtherHosts(page);
  await page.goto(`${server.url}${item.url}${item.external ? '?preview' : ''}`);
  await waitForHeading(page, item.title);
  await page.evaluate(() => document.fonts.ready);
  await assertNoAxeViolations(page, WCAG);
  await screenshot(page, `a11y-${prefix}-${viewport.name}${item.url}`);
  assertNoConsoleErrors(page);
  return page;
}

for (const viewport of VIEWPORTS) {
  for (const seed of SEEDS) {
    test(`axe: ${seed.url} at ${viewport.width}×${viewport.height}`, async () => {
      const page = await check(srv, seed, viewport, 'seed');
      await page.context().close();
    });
  }

  for (const item of FIXTURE_PAGES) {
    test(`axe (fixture): ${item.url} at ${viewport.width}×${viewport.height}`, async () => {
      const page = await check(fx, item, viewport, 'fixture');
      await page.context().close();
    });
  }

  test(`axe: the 404 page at ${viewport.width}×${viewport.height}`, async () => {
    for (const [path, title] of [
      ['/it/non-esiste', 'Pagina non trovata'],
      ['/en/does-not-exist', 'Page not found'],
    ]) {
      const page = await newPage(browser, { viewport: { width: viewport.width, height: viewport.height } });
      await page.goto(srv.url + path);
      await waitForHeading(page, title);
      await assertNoAxeViolations(page, WCAG);
      await screenshot(page, `a11y-404-${viewport.name}${path}`);
      await page.context().close();
    }
  });

  test(`axe: the static 404.html at ${viewport.width}×${viewport.height}`, async () => {
    // What a host serves for a missing path before (or without) the app.
    const page = await newPage(browser, { viewport: { width: viewport.width, height: viewport.height } });
    await page.route(/\.(js|wasm)$/, (route) => route.abort());
    await page.goto(`${srv.url}/404.html`);
    await page.locator('main h1').first().waitFor();
    await assertNoAxeViolations(page, WCAG);
    await page.context().close();
  });

  test(`axe: opened parts of the join-us page at ${viewport.width}×${viewport.height}`, async () => {
    const page = await newPage(browser, { viewport: { width: viewport.width, height: viewport.height } });
    await fakeOtherHosts(page);
    await page.goto(`${fx.url}/it/lavora-con-noi?preview`);
    await waitForHeading(page, 'Lavora con noi');
    await page.getByRole('button', { name: 'Compenso', exact: true }).click();
    await page.getByRole('button', { name: 'Mostra tutto', exact: true }).click();
    await page.getByRole('button', { name: 'Nascondi', exact: true }).waitFor();
    if (viewport.width < 992) {
      await page.getByRole('button', { name: 'Menu', exact: true }).click();
      await page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Progetti' }).waitFor();
    }
    await page.getByRole('button', { name: 'Compenso', exact: true }).focus();
    await assertNoAxeViolations(page, WCAG);
    await screenshot(page, `a11y-opened-${viewport.name}-lavora-con-noi`);
    await page.context().close();
  });
}
