// tests/browser/strings.test.mjs: no interface string key ever reaches a
// visitor. The fixture site tests/fixtures/strings-site/ has the seed pages
// with the strings.yml they use (no profile facts, no link kinds) and people
// profiles with every fact and every link kind, in Italian and English. The
// engine's own texts fill in what strings.yml lacks: every page, opened by
// deep link (the app takes it over) and reached in the app, shows labels,
// never a key of the model (crates/model/src/text.rs), in what is visible or
// in the names of elements.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO, launchBrowser, newPage, assertNoConsoleErrors, assertNoAxeViolations, screenshot } from './harness.mjs';
import { startServer } from './server.mjs';
import { buildFixtureSite } from './fixture-site.mjs';
import { waitForApp, waitForHeading } from './site.mjs';

const CONTENT = path.join(REPO, 'tests/fixtures/strings-site');

/** The string keys of the model: every `text("key", Use::…)` of text.rs. */
const KEYS = [...readFileSync(path.join(REPO, 'crates/model/src/text.rs'), 'utf8').matchAll(/text\("([a-z0-9_]+)", Use::/g)].map((m) => m[1]);
/** The link kinds as the model names them (shown raw before). */
const KINDS = ['twitter', 'medium', 'linkedin', 'github', 'web', 'email'];

const PHONE = { width: 390, height: 844 };

/** The profile of Federico Feroldi, in each language: its labels and links. */
const PROFILE = {
  it: {
    url: '/it/team/federico-feroldi.htm',
    dates: 'Dal 16/09/2016 al 31/12/2018',
    facts: ["Durata dell'incarico", 'Registrazione della Corte dei conti', 'Compenso annuo', 'Livello retributivo nella PA'],
    links: ['Twitter', 'Medium', 'LinkedIn', 'GitHub', 'Sito web: feroldi.example', 'E-mail: federico@feroldi.example'],
    visible: ['Twitter', 'Medium', 'LinkedIn', 'GitHub', 'Sito web', 'E-mail'],
  },
  en: {
    url: '/en/team/federico-feroldi.htm',
    dates: 'From 09/16/2016 to 12/31/2018',
    facts: ['Term of appointment', 'Registered by the Court of Audit', 'Annual compensation', 'Public-sector pay level'],
    links: ['Twitter', 'Medium', 'LinkedIn', 'GitHub', 'Web site: feroldi.example', 'E-mail: federico@feroldi.example'],
    visible: ['Twitter', 'Medium', 'LinkedIn', 'GitHub', 'Web site', 'E-mail'],
  },
};

let site;
let srv;
let browser;

before(async () => {
  site = await buildFixtureSite(CONTENT, { dates: {} });
  srv = await startServer({ root: site.root, mode: 'spa' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.close();
  site?.remove();
});

/** The site paths of the sitemap. */
function sitemapPaths() {
  const xml = readFileSync(path.join(site.root, 'sitemap.xml'), 'utf8');
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
}

/** Every text a visitor can see, and every name an element is given. */
function shownTexts(page) {
  return page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent.trim();
      const parent = node.parentElement;
      if (text && parent && !parent.closest('script, style, noscript') && parent.checkVisibility()) out.push(text);
    }
    for (const el of document.querySelectorAll('[aria-label], [alt], [title], [placeholder]')) {
      for (const name of ['aria-label', 'alt', 'title', 'placeholder']) {
        const value = el.getAttribute(name)?.trim();
        if (value) out.push(value);
      }
    }
    out.push(document.title);
    return out;
  });
}

/** The key a text is or holds (a key of more than one word anywhere in it, a one-word key as the whole text). */
function keyIn(text) {
  const words = text.split(/[^A-Za-z0-9_]+/);
  return KEYS.find((key) => (key.includes('_') ? words.includes(key) : text === key));
}

async function assertNoKeys(page, where) {
  const found = (await shownTexts(page)).filter((t) => keyIn(t)).map((t) => `${keyIn(t)} in "${t}"`);
  assert.deepEqual(found, [], `${where} shows string keys`);
}

/** Waits for the app and for the page whose heading is `h1` (any when absent). */
async function shown(page, h1) {
  await waitForApp(page);
  await page.waitForFunction(
    (t) => {
      const heading = document.querySelector('main h1')?.textContent.trim();
      return heading && (!t || heading === t) && !document.querySelector('main [aria-busy="true"]');
    },
    h1,
  );
}

test('the model has string keys to look for', () => {
  assert.ok(KEYS.length >= 70, `only ${KEYS.length} keys found in text.rs`);
  for (const key of ['period_provided', 'approved_by_court', 'annual_compensation', 'pa_compensation_level', 'link_twitter', 'team_former']) {
    assert.ok(KEYS.includes(key), key);
  }
});

test('no page of the fixture shows a string key, opened by deep link', async () => {
  // The sitemap, the search pages (not in it) with a query, and the 404 page.
  const paths = [...sitemapPaths(), '/it/cerca?q=team', '/en/search?q=team', '/it/no-such-page', '/en/no-such-page'];
  assert.ok(paths.length >= 20, `only ${paths.length} pages`);
  const page = await newPage(browser);
  for (const p of paths) {
    await page.goto(`${srv.url}${p}`);
    await shown(page);
    await assertNoKeys(page, p);
  }
  assertNoConsoleErrors(page, { ignore: [/404/, /ipress/] });
  await page.context().close();
});

test('a profile shows every fact and link under its name, in both languages', async () => {
  for (const [lang, want] of Object.entries(PROFILE)) {
    const page = await newPage(browser);
    await page.goto(`${srv.url}${want.url}`);
    await waitForHeading(page, 'Federico Feroldi');
    const main = page.locator('main');
    assert.equal((await main.locator('.profile-head .person-dates').textContent()).trim(), want.dates);
    assert.deepEqual((await main.locator('.person-facts dt').allTextContents()).map((s) => s.trim()), want.facts, lang);
    const links = main.locator('.social-links').getByRole('link');
    assert.deepEqual((await links.allTextContents()).map((s) => s.trim()), want.visible, lang);
    for (const name of want.links) {
      assert.equal(await main.getByRole('link', { name, exact: true }).count(), 1, `${lang}: link named "${name}"`);
    }
    for (const text of await links.allTextContents()) assert.ok(!KINDS.includes(text.trim()), `${lang}: ${text}`);
    await assertNoAxeViolations(page);
    await page.context().close();
  }
});

test('in the app: the team list, then a profile, with every label', async () => {
  for (const [lang, team, headings] of [
    ['it', '/it/team/', ['Nel team', 'Hanno fatto parte del team']],
    ['en', '/en/team/', ['Current members', 'Former members']],
  ]) {
    const page = await newPage(browser);
    await page.goto(`${srv.url}${team}`);
    await shown(page);
    const main = page.locator('main');
    assert.deepEqual((await main.locator('h2.people-heading').allTextContents()).map((s) => s.trim()), headings, lang);
    await main.getByRole('link', { name: 'Federico Feroldi' }).click();
    await waitForHeading(page, 'Federico Feroldi');
    assert.deepEqual((await main.locator('.person-facts dt').allTextContents()).map((s) => s.trim()), PROFILE[lang].facts, lang);
    await assertNoKeys(page, `${lang} profile reached in the app`);
    assertNoConsoleErrors(page);
    await page.context().close();
  }
});

test('screenshots of a profile, phone and desktop', async () => {
  for (const [name, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', PHONE]]) {
    for (const lang of ['it', 'en']) {
      const page = await newPage(browser, { viewport });
      await page.goto(`${srv.url}${PROFILE[lang].url}`);
      await waitForHeading(page, 'Federico Feroldi');
      await screenshot(page, `strings-profile-${lang}-${name}`);
      // Nothing of the profile overflows the viewport sideways.
      const wider = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      assert.equal(wider, false, `${lang} ${name}: the page scrolls sideways`);
      await page.context().close();
    }
  }
});
