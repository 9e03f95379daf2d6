// tests/browser/samedom.test.mjs: the static HTML of every page and the DOM
// the app renders for it are the same. For each page of the seed site and of
// the fixture site (built with the release app), the header, main content
// and footer are read twice: from the prerendered file as the server sent
// it (JavaScript off), and after the app has taken over (data-app="ready");
// so are the head tags (lang, title, description, robots, canonical, hreflang).
// They are compared after normalising whitespace, attribute order and empty
// class attributes, without Pagefind's data-pagefind-* marks (for the search
// indexer only), with the job form's <noscript> unwrapped. The app hydrates
// a deep link (it adopts the static nodes), so the same components' own
// render in the browser is compared too: each page reached by an in-app
// navigation from another page must equal its static HTML as well.
// A second test lays each page out both ways (desktop and phone): the static
// page as a visitor sees it before the wasm arrives, and the app's; every
// element of the header, main content and footer must have the same box
// (whitespace the normalising above hides, such as a space the server
// rendering writes for an empty text, shows here).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO, ensureDist, launchBrowser } from './harness.mjs';
import { buildFixture } from './fixture-build.mjs';
import { startServer } from './server.mjs';

let browser;
const sites = [];

before(async () => {
  browser = await launchBrowser();
  const dist = await ensureDist();
  const fixture = await buildFixture(path.join(REPO, 'tests/fixtures/browser-site'));
  assert.equal(fixture.status, 0, fixture.output);
  // Profiles with every fact and link kind, the team list under its headings.
  const strings = await buildFixture(path.join(REPO, 'tests/fixtures/strings-site'));
  assert.equal(strings.status, 0, strings.output);
  for (const [name, root, remove] of [['seeds', dist, null], ['fixture', fixture.root, fixture.remove], ['strings', strings.root, strings.remove]]) {
    sites.push({ name, root, remove, srv: await startServer({ root, mode: 'pages' }) });
  }
});

after(async () => {
  await browser?.close();
  for (const s of sites) {
    await s.srv.close();
    s.remove?.();
  }
});

/** Every page entry of a built site that has content of its own, by URL. */
function pageEntries(root) {
  const dir = path.join(root, 'data', 'p');
  return readdirSync(dir)
    .map((n) => JSON.parse(readFileSync(path.join(dir, n), 'utf8')))
    .filter((e) => e.kind === 'page' && !e.redirect_to)
    .sort((a, b) => (a.url < b.url ? -1 : 1));
}

/** The URL of every page entry of a built site that has content of its own. */
function pageUrls(root) {
  return pageEntries(root).map((e) => e.url);
}

/** Runs in the page: the frame's parts as normalised HTML. */
function snapshot() {
  const clean = (el) => {
    if (!el) return null;
    const copy = el.cloneNode(true);
    for (const node of [copy, ...copy.querySelectorAll('*')]) {
      // Attribute order is not content: put them in name order. Pagefind's
      // marks (data-pagefind-*) are for the search indexer, which reads only
      // the static files: the app leaves them out.
      const attrs = [...node.attributes].filter((a) => !a.name.startsWith('data-hk') && !a.name.startsWith('data-pagefind-')).map((a) => [a.name, a.value]);
      for (const a of [...node.attributes]) node.removeAttribute(a.name);
      for (const [name, value] of attrs.sort(([a], [b]) => (a < b ? -1 : 1))) if (name !== 'class' || value) node.setAttribute(name, value);
    }
    // The job form is in <noscript> in the static page (so that it loads
    // once, from the app): what is inside counts.
    for (const n of copy.querySelectorAll('noscript')) n.replaceWith(...n.childNodes);
    const walker = document.createTreeWalker(copy, NodeFilter.SHOW_COMMENT);
    const comments = [];
    while (walker.nextNode()) comments.push(walker.currentNode);
    for (const c of comments) c.remove();
    return copy.outerHTML.replace(/\s+/g, ' ').replace(/> </g, '><').trim();
  };
  const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? null;
  const head = {
    lang: document.documentElement.lang,
    title: document.title,
    description: meta('description'),
    robots: meta('robots'),
    canonical: [...document.querySelectorAll('link[rel="canonical"]')].map((l) => l.getAttribute('href')),
    alternates: [...document.querySelectorAll('link[rel="alternate"][hreflang]')].map((l) => `${l.hreflang} ${l.getAttribute('href')}`).sort(),
  };
  return {
    head: JSON.stringify(head),
    header: clean(document.querySelector('body > header')),
    main: clean(document.querySelector('main')),
    footer: clean(document.querySelector('body > footer')),
  };
}

async function staticSnapshot(url) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(url);
    return await page.evaluate(snapshot);
  } finally {
    await context.close();
  }
}

async function appSnapshot(url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => document.documentElement.dataset.app === 'ready');
    return await page.evaluate(snapshot);
  } finally {
    await context.close();
  }
}

/** Where a part of a page differs, with the text around it both ways. */
function showDifference(d) {
  let i = 0;
  while (i < d.static?.length && d.static[i] === d.app?.[i]) i++;
  return `${d.site} ${d.url} ${d.part} differs at ${i}:\n  static: …${d.static?.slice(Math.max(0, i - 60), i + 120)}\n  app:    …${d.app?.slice(Math.max(0, i - 60), i + 120)}`;
}

/** `url` rendered by the app after an in-app navigation from `from` (the router follows popstate). */
async function inAppSnapshot(base, from, url, title) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(base + from);
    await page.waitForFunction(() => document.documentElement.dataset.app === 'ready');
    await page.evaluate((to) => {
      history.pushState(null, '', to);
      dispatchEvent(new PopStateEvent('popstate'));
    }, url);
    await page.waitForFunction((t) => document.querySelector('main h1')?.textContent.trim() === t && document.title.includes(t), title);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    return await page.evaluate(snapshot);
  } finally {
    await context.close();
  }
}

test('every page: the app renders it in-app as the static HTML has it (head tags, header, main content, footer)', async () => {
  const differences = [];
  for (const site of sites) {
    const entries = pageEntries(site.root);
    for (const [i, e] of entries.entries()) {
      const from = entries[i === 0 ? 1 : 0].url;
      const [before, after] = [await staticSnapshot(site.srv.url + e.url), await inAppSnapshot(site.srv.url, from, e.url, e.title)];
      for (const part of ['head', 'header', 'main', 'footer']) {
        if (before[part] !== after[part]) differences.push({ site: site.name, url: `${e.url} (in-app from ${from})`, part, static: before[part], app: after[part] });
      }
    }
  }
  assert.equal(differences.length, 0, `${differences.length} differences:\n${differences.map(showDifference).join('\n')}`);
});

test('every page: the app renders the same head tags, header, main content and footer as the static HTML', async () => {
  const differences = [];
  for (const site of sites) {
    for (const url of pageUrls(site.root)) {
      const [before, after] = [await staticSnapshot(site.srv.url + url), await appSnapshot(site.srv.url + url)];
      for (const part of ['head', 'header', 'main', 'footer']) {
        if (before[part] !== after[part]) differences.push({ site: site.name, url, part, static: before[part], app: after[part] });
      }
    }
  }
  assert.equal(differences.length, 0, `${differences.length} differences:\n${differences.map(showDifference).join('\n')}`);
});

/** Runs in the page: each element of the frame's parts with its box, in document order. */
function boxes() {
  // The job form is added by the app only (in <noscript> in the static page):
  // its section is hidden and what is in it left out.
  for (const e of document.querySelectorAll('.job-apply')) e.style.display = 'none';
  const parts = document.querySelectorAll('body > header, main, body > footer');
  return [...parts].flatMap((part) => [part, ...part.querySelectorAll('*')])
    .filter((e) => !e.closest('noscript') && !e.parentElement?.closest('.job-apply'))
    .map((e) => {
      const r = e.getBoundingClientRect();
      const name = `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : ''}`;
      return `${name} ${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)}`;
    });
}

/** The boxes of `url` at `viewport`: before the app (its wasm held back) or once it is ready. */
async function layoutOf(url, viewport, app) {
  const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
  try {
    const page = await context.newPage();
    if (!app) await page.route(/\.wasm$/, () => {});
    await page.goto(url);
    if (app) await page.waitForFunction(() => document.documentElement.dataset.app === 'ready');
    await page.evaluate(() => document.fonts.ready);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    return await page.evaluate(boxes);
  } finally {
    await context.close();
  }
}

test('every page: the app lays out every element where the static page had it, desktop and phone', async () => {
  const differences = [];
  for (const site of sites) {
    for (const url of pageUrls(site.root)) {
      for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
        const [before, after] = [await layoutOf(site.srv.url + url, viewport, false), await layoutOf(site.srv.url + url, viewport, true)];
        const i = before.findIndex((b, j) => b !== after[j]);
        if (i >= 0 || before.length !== after.length) {
          const at = i >= 0 ? i : Math.min(before.length, after.length);
          differences.push(`${site.name} ${url} at ${viewport.width}px, element ${at}:\n  static: ${before[at]}\n  app:    ${after[at]}`);
        }
      }
    }
  }
  assert.equal(differences.length, 0, `${differences.length} pages differ:\n${differences.join('\n')}`);
});
