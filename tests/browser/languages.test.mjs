// tests/browser/languages.test.mjs: the language switcher, `/` choosing the
// language, and the head tags kept in step on every navigation (issue 3).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, serveDist, assertNoConsoleErrors } from './harness.mjs';
import { SITE_TITLE, waitForApp, waitForHeading, entry } from './site.mjs';

const ORIGIN = 'https://teamdigitale.governo.it';
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

async function headTags(page) {
  return page.evaluate(() => ({
    lang: document.documentElement.lang,
    title: document.title,
    description: document.querySelector('meta[name=description]')?.content ?? null,
    canonical: document.querySelector('link[rel=canonical]')?.href ?? null,
    alternates: [...document.querySelectorAll('link[rel=alternate][hreflang]')].map((l) => [l.hreflang, l.href]).sort(),
  }));
}

test('the switcher goes both ways on join-us, marking the current language', async () => {
  const page = await newPage(browser);
  await page.goto(`${srv.url}/it/lavora-con-noi?preview`);
  await waitForHeading(page, 'Lavora con noi');
  const switcher = page.getByRole('navigation', { name: 'Lingua' });
  assert.equal(await switcher.getByRole('link', { name: 'IT' }).getAttribute('aria-current'), 'true');
  assert.equal(await switcher.getByRole('link', { name: 'EN' }).getAttribute('aria-current'), null);
  await switcher.getByRole('link', { name: 'EN' }).click();
  await waitForHeading(page, 'Join Us');
  assert.equal(new URL(page.url()).pathname, '/en/join-us');
  const english = page.getByRole('navigation', { name: 'Language' });
  assert.equal(await english.getByRole('link', { name: 'EN' }).getAttribute('aria-current'), 'true');
  await english.getByRole('link', { name: 'IT' }).click();
  await waitForHeading(page, 'Lavora con noi');
  assertNoConsoleErrors(page);
  await page.context().close();
});

test('without a translation the switcher leads home and says so', async () => {
  const page = await newPage(browser);
  await page.goto(`${srv.url}/it/jobpositions/technical-project-manager.htm`);
  await waitForHeading(page, 'Technical Program Manager');
  const en = page.getByRole('navigation', { name: 'Lingua' }).getByRole('link', { name: /^EN/ });
  assert.equal(await en.getAttribute('href'), '/en/');
  assert.match(await en.getAttribute('title'), /not available in English/);
  assert.match(await en.getAttribute('aria-label'), /not available in English/);
  await en.click();
  await waitForHeading(page, 'Digital Transformation Team');
  await page.context().close();
});

const ROOT_CASES = [
  { languages: ['it-IT', 'it'], expect: '/it/' },
  { languages: ['en-US', 'en'], expect: '/en/' },
  { languages: ['fr-FR', 'fr'], expect: '/it/' },
  { languages: ['fr-FR', 'en-GB'], expect: '/en/' },
];

for (const { languages, expect } of ROOT_CASES) {
  test(`/ with browser languages ${languages.join(',')} goes to ${expect}`, async () => {
    const page = await newPage(browser, { languages });
    await page.goto(`${srv.url}/`);
    await page.waitForURL(`${srv.url}${expect}`);
    await waitForApp(page);
    await page.goBack().catch(() => {});
    assert.notEqual(new URL(page.url()).pathname, '/', 'the URL was replaced, not pushed');
    await page.context().close();
  });
}

test('/ honours a language the visitor chose before', async () => {
  const page = await newPage(browser, { languages: ['it-IT'] });
  await page.goto(`${srv.url}/it/`);
  await waitForApp(page);
  await page.getByRole('navigation', { name: 'Lingua' }).getByRole('link', { name: 'EN' }).click();
  await waitForHeading(page, 'Digital Transformation Team');
  await page.goto(`${srv.url}/`);
  await page.waitForURL(`${srv.url}/en/`);
  await page.context().close();
});

test('head tags follow every navigation', async () => {
  const page = await newPage(browser);
  await page.goto(`${srv.url}/it/`);
  await waitForHeading(page, 'Team per la Trasformazione Digitale');
  assert.deepEqual(await headTags(page), {
    lang: 'it',
    // A home page titled as the site says the site's name once.
    title: SITE_TITLE.it,
    description: 'Il Team per la Trasformazione Digitale costruisce il sistema operativo del Paese.',
    canonical: `${ORIGIN}/it/`,
    alternates: [['en', `${ORIGIN}/en/`], ['it', `${ORIGIN}/it/`], ['x-default', `${ORIGIN}/it/`]],
  });
  await page.getByRole('navigation', { name: 'Lingua' }).getByRole('link', { name: 'EN' }).click();
  await waitForHeading(page, 'Digital Transformation Team');
  assert.deepEqual(await headTags(page), {
    lang: 'en',
    title: SITE_TITLE.en,
    description: 'The Digital Transformation Team builds the operating system of the country.',
    canonical: `${ORIGIN}/en/`,
    alternates: [['en', `${ORIGIN}/en/`], ['it', `${ORIGIN}/it/`], ['x-default', `${ORIGIN}/it/`]],
  });
  await page.goto(`${srv.url}/it/projects/`);
  await waitForHeading(page, 'Progetti');
  await page.locator('main').getByRole('link', { name: 'Cittadinanza digitale' }).click();
  await waitForHeading(page, 'Cittadinanza digitale');
  assert.deepEqual(await headTags(page), {
    lang: 'it',
    title: `Cittadinanza digitale - ${SITE_TITLE.it}`,
    // No description in its front matter: the start of its first paragraph.
    description: "La Cittadinanza Digitale ha l'obiettivo di rendere più semplice e familiare l'interazione tra i cittadini e la Pubblica Amministrazione, disegnando i servizi…",
    canonical: `${ORIGIN}/it/projects/cittadinanza-digitale.htm`,
    alternates: [],
  });
  await page.context().close();
});

test('interface strings and dates follow the page language, not the browser', async () => {
  const page = await newPage(browser, { languages: ['en-US'] });
  await page.goto(`${srv.url}/it/jobpositions/collaborazioni-internazionali.htm`);
  await waitForHeading(page, 'Collaborazioni Internazionali');
  const [y1, m1, d1] = (await entry(srv.url, '/it/jobpositions/collaborazioni-internazionali.htm')).last_modified.split('-');
  assert.equal(await page.locator('.last-update').textContent(), `Ultimo aggiornamento: ${d1}/${m1}/${y1}`);
  await page.goto(`${srv.url}/en/`);
  await waitForHeading(page, 'Digital Transformation Team');
  const [y2, m2, d2] = (await entry(srv.url, '/en')).last_modified.split('-');
  assert.equal(await page.locator('.last-update').textContent(), `Last update: ${m2}/${d2}/${y2}`);
  await page.context().close();
});
