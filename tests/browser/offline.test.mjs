// tests/browser/offline.test.mjs: the service worker of release builds
// (src/styles/sw.js, written by src/styles/worker.mjs) and how an open tab
// lives through a deploy (src/data/deploy.rs).
//
// Sites are built from small content folders made here, with the release app
// of dist/ and their own worker (buildFixtureSite(..., { worker: true })).
// The server's root is a symbolic link, so that "a deploy" is the link
// switched from build A to build B while the tab stays open on one origin.
// The network is cut with Playwright's context.setOffline(), which the
// worker's requests obey too.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, newPage, assertNoAxeViolations, screenshot } from './harness.mjs';
import { BROWSER_SITE, buildFixtureSite } from './fixture-site.mjs';
import { startServer } from './server.mjs';
import { generateSite } from '../bench/synth.mjs';

let browser;
const cleanups = [];
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tdt-offline-test-'));

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  for (const clean of cleanups.reverse()) await clean();
  fs.rmSync(scratch, { recursive: true, force: true });
});

const page = (title, permalink, body, extra = '') =>
  `---\ntitle: ${title}\nlang: ${permalink.split('/')[1]}\npermalink: ${permalink}\n${extra}---\n${body}\n`;

/** A small two-language site; `variant` B is A after a deploy. */
function writeContent(dir, variant, { offline = true } = {}) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, '_data'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'it'));
  fs.mkdirSync(path.join(dir, 'en'));
  let config = fs.readFileSync(path.join(BROWSER_SITE, '_config.yml'), 'utf8');
  if (!offline) config += '\noffline: false\n';
  fs.writeFileSync(path.join(dir, '_config.yml'), config);
  fs.copyFileSync(path.join(BROWSER_SITE, '_data', 'strings.yml'), path.join(dir, '_data', 'strings.yml'));
  const home =
    variant === 'A'
      ? '- [Uno](/it/uno)\n- [Due](/it/due)\n- [Tre](/it/tre)'
      : '- [Uno](/it/uno)\n- [Due](/it/due)\n- [Quattro](/it/quattro)';
  fs.writeFileSync(path.join(dir, 'it', 'index.md'), page('Casa', '/it/', `Benvenuti.\n\n${home}`, 'ref: home\n'));
  fs.writeFileSync(path.join(dir, 'en', 'index.md'), page('Home', '/en/', 'Welcome.\n\n- [One](/en/one)\n- [Two](/en/two)', 'ref: home\n'));
  fs.writeFileSync(path.join(dir, 'en', 'one.md'), page('One', '/en/one', 'The first page.\n\n[Home](/en/)'));
  fs.writeFileSync(path.join(dir, 'en', 'two.md'), page('Two', '/en/two', 'The second page.'));
  fs.writeFileSync(path.join(dir, 'it', 'uno.md'), page('Uno', '/it/uno', 'La prima pagina.\n\n[Casa](/it/)\n\n[Due](/it/due)'));
  const due = variant === 'A' ? 'Il testo della versione A.' : 'Il testo della versione B.\n\n[Quattro](/it/quattro)';
  fs.writeFileSync(path.join(dir, 'it', 'due.md'), page('Due', '/it/due', due));
  if (variant === 'A') fs.writeFileSync(path.join(dir, 'it', 'tre.md'), page('Tre', '/it/tre', 'La terza pagina, che B toglie.'));
  else fs.writeFileSync(path.join(dir, 'it', 'quattro.md'), page('Quattro', '/it/quattro', 'Una pagina nuova di B.'));
}

/** Adds a field the app does not know to every data file (a newer model). */
function addModelField(root) {
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.json')) {
        const text = fs.readFileSync(file, 'utf8');
        if (text.startsWith('{')) fs.writeFileSync(file, text.replace(/\}$/, ',"future_field":{"list":[1,2.5,null],"on":true}}'));
      }
    }
  };
  walk(path.join(root, 'data'));
}

const buildId = (root) => JSON.parse(fs.readFileSync(path.join(root, 'data', 'site.json'), 'utf8')).build;

/** Builds a site of content `variant` with its worker; returns its root. */
async function build(name, variant, options = {}) {
  const content = path.join(scratch, `content-${name}`);
  writeContent(content, variant, options);
  const site = await buildFixtureSite(content, { dates: {}, worker: true, limits: options.limits });
  cleanups.push(() => site.remove());
  return site.root;
}

/** A server whose root is a link that `deploy(root)` switches. */
async function serveSwitchable(root) {
  const link = path.join(scratch, `live-${Math.random().toString(36).slice(2)}`);
  fs.symlinkSync(root, link);
  const srv = await startServer({ root: link, mode: 'pages' });
  cleanups.push(() => srv.close());
  srv.deploy = (next) => {
    const tmp = `${link}.next`;
    fs.symlinkSync(next, tmp);
    fs.renameSync(tmp, link);
  };
  return srv;
}

/** A page whose browser context lets the worker run; it records whether the error view ever shows. */
async function openPage(options = {}) {
  const p = await newPage(browser, { serviceWorkers: 'allow', ...options });
  await p.context().addInitScript(() => {
    window.__errorViews = 0;
    new MutationObserver(() => {
      if (document.querySelector('.error-box')) window.__errorViews++;
    }).observe(document, { subtree: true, childList: true });
  });
  return p;
}

const ready = (p) => p.waitForFunction(() => document.documentElement.dataset.app === 'ready');

/**
 * Polls `fn` in the page (an async function: Playwright's waitForFunction
 * does not await one) until it gives a truthy value, which it returns.
 */
async function until(p, what, fn, arg) {
  for (let i = 0; i < 400; i++) {
    const value = await p.evaluate(fn, arg);
    if (value) return value;
    await p.waitForTimeout(50);
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Waits until the worker has precached the shell, activated and controls the page. */
const installed = (p) =>
  until(p, 'the worker', async () => navigator.serviceWorker.controller !== null && (await navigator.serviceWorker.ready).active?.state === 'activated');

/** Waits until the worker has saved the page open when it took charge (its HTML and JSON). */
const pageSaved = (p) =>
  until(p, 'the open page saved', async () => {
    const found = { pages: false, data: false };
    for (const name of await caches.keys()) {
      const kind = name.split('-')[1];
      if (kind in found) found[kind] = (await (await caches.open(name)).keys()).some((r) => kind === 'pages' || r.url.includes('/data/p/'));
    }
    return found.pages && found.data;
  });

/** Waits until the caches are those of build `id` only. */
const cachesOf = (p, id, old) =>
  until(p, `the caches of build ${id}`, async ([id, old]) => {
    const keys = await caches.keys();
    return keys.some((k) => k.endsWith(`-${id}`)) && !keys.some((k) => k.endsWith(`-${old}`));
  }, [id, old]);

/** Clicks the link named `name` in the main content. */
const click = (p, name) => p.getByRole('main').getByRole('link', { name, exact: true }).click();

const heading = (p) => p.getByRole('main').getByRole('heading', { level: 1 });

test('a visited page opens offline, by reload and by in-app link; coming back online needs no reload', async () => {
  const root = await build('visit', 'A');
  const srv = await serveSwitchable(root);
  const p = await openPage();
  await p.goto(`${srv.url}/it/`);
  await ready(p);
  await installed(p);
  await pageSaved(p);
  await click(p, 'Uno');
  await p.getByText('La prima pagina.').waitFor();
  await p.context().setOffline(true);
  // Visited in the app only (its JSON is saved, not its HTML): the worker
  // gives the app's shell, which shows it.
  await p.reload();
  await ready(p);
  await p.getByText('La prima pagina.').waitFor();
  await click(p, 'Casa');
  await p.getByText('Benvenuti.').waitFor();
  await p.reload();
  await ready(p);
  await p.getByText('Benvenuti.').waitFor();
  // An unvisited page from an in-app link: the Italian offline page, which
  // lists the pages saved and loads the page by itself once online.
  await click(p, 'Due');
  await heading(p).filter({ hasText: 'Sei offline' }).waitFor();
  const saved = await p.getByRole('region', { name: 'Pagine disponibili offline' }).getByRole('link').allTextContents();
  assert.deepEqual(saved.sort(), ['Casa', 'Uno']);
  await screenshot(p, 'offline-it');
  await p.context().setOffline(false);
  await p.getByText('Il testo della versione A.').waitFor();
  assert.equal(new URL(p.url()).pathname, '/it/due');
  assert.equal(await p.evaluate(() => window.__errorViews), 0);
  await p.context().close();
});

test('an unvisited page offline: the offline page in the visitor\'s language, accessible', async () => {
  const root = await build('lang', 'A');
  const srv = await serveSwitchable(root);
  for (const [lang, locale, path_, title, list] of [
    ['en', 'en-GB', '/en/two', 'You are offline', 'Pages available offline'],
    ['it', 'it-IT', '/it/due', 'Sei offline', 'Pagine disponibili offline'],
  ]) {
    const p = await openPage({ locale });
    await p.goto(`${srv.url}/${lang}/`);
    await ready(p);
    await installed(p);
    await pageSaved(p);
    await p.context().setOffline(true);
    await p.goto(`${srv.url}${path_}`);
    await heading(p).filter({ hasText: title }).waitFor();
    assert.equal(await p.evaluate(() => document.documentElement.lang), lang);
    const saved = await p.getByRole('region', { name: list }).getByRole('link').allTextContents();
    assert.deepEqual(saved, [lang === 'en' ? 'Home' : 'Casa']);
    await assertNoAxeViolations(p);
    await screenshot(p, `offline-page-${lang}`);
    // A path of no language: the visitor's.
    await p.goto(`${srv.url}/nowhere`);
    await heading(p).filter({ hasText: title }).waitFor();
    await p.context().close();
  }
});

test('a deploy while a tab is open: the next click shows the new build, new and removed pages work, never the error view', async () => {
  const a = await build('deploy-a', 'A');
  const b = await build('deploy-b', 'B');
  addModelField(b);
  const { writeWorker } = await import('../../src/styles/worker.mjs');
  await writeWorker(b);
  assert.notEqual(buildId(a), buildId(b));
  const srv = await serveSwitchable(a);
  const p = await openPage();
  await p.goto(`${srv.url}/it/`);
  await ready(p);
  await installed(p);
  srv.deploy(b);
  // The removed page: the 404 view.
  await click(p, 'Tre');
  await heading(p).filter({ hasText: 'Pagina non trovata' }).waitFor();
  await p.goBack();
  await p.getByText('Benvenuti.').waitFor();
  // The changed page: B's text (a full load of its URL, B's app and worker).
  await click(p, 'Due');
  await p.getByText('Il testo della versione B.').waitFor();
  await ready(p);
  assert.equal(new URL(p.url()).pathname, '/it/due');
  const loaded = await p.evaluate(() => new URL(performance.getEntriesByType('navigation')[0].name).pathname);
  assert.equal(loaded, '/it/due', 'the click was a full page load');
  // The new page, linked from B's text.
  await click(p, 'Quattro');
  await p.getByText('Una pagina nuova di B.').waitFor();
  // B's worker took over: no cache of A is left.
  const idA = buildId(a);
  const idB = buildId(b);
  await cachesOf(p, idB, idA);
  assert.equal(await p.evaluate(() => window.__errorViews), 0);
  await p.context().close();
});

test('after a deploy a reload shows the new build, and no file of the old one is served from the cache', async () => {
  const a = await build('reload-a', 'A');
  const b = await build('reload-b', 'B');
  const srv = await serveSwitchable(a);
  const p = await openPage();
  await p.goto(`${srv.url}/it/due`);
  await ready(p);
  await installed(p);
  await p.goto(`${srv.url}/it/uno`);
  await ready(p);
  srv.deploy(b);
  await p.goto(`${srv.url}/it/due`);
  await p.getByText('Il testo della versione B.').waitFor();
  await ready(p);
  const idA = buildId(a);
  const idB = buildId(b);
  await cachesOf(p, idB, idA);
  // Every saved answer is B's: none carries A's build id or A's text.
  const stale = await p.evaluate(async (idA) => {
    const found = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const type = (await cache.match(request)).headers.get('content-type') ?? '';
        if (!/json|html|javascript/.test(type)) continue;
        const text = await (await cache.match(request)).text();
        if (text.includes(idA) || text.includes('versione A')) found.push(`${name} ${request.url}`);
      }
    }
    return found;
  }, idA);
  assert.deepEqual(stale, []);
  // Offline, A's pages saved before the deploy are gone with A's caches.
  await p.context().setOffline(true);
  await p.goto(`${srv.url}/it/uno`);
  await heading(p).filter({ hasText: 'Sei offline' }).waitFor();
  await p.context().close();
});

test('the kill switch: with `offline: false` the worker removes every cache and itself', async () => {
  const a = await build('kill-a', 'A');
  const off = await build('kill-off', 'A', { offline: false });
  // Its pages register no worker, as a real `offline: false` build's boot
  // script (the fixture reuses the boot script of dist/, which does).
  for (const name of fs.readdirSync(off).filter((n) => /^boot-.*\.js$/.test(n))) {
    const file = path.join(off, name);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^if \('serviceWorker' in navigator\).*$/m, ''));
  }
  assert.match(fs.readFileSync(path.join(off, 'sw.js'), 'utf8'), /registration\.unregister\(\)/);
  assert.ok(!fs.existsSync(path.join(off, 'offline-it.html')), 'no offline page with offline: false');
  const srv = await serveSwitchable(a);
  const p = await openPage();
  await p.goto(`${srv.url}/it/`);
  await ready(p);
  await installed(p);
  assert.ok((await p.evaluate(() => caches.keys())).length > 0);
  srv.deploy(off);
  await p.reload();
  await ready(p);
  await until(p, 'no worker and no cache', async () => (await navigator.serviceWorker.getRegistrations()).length === 0 && (await caches.keys()).length === 0);
  await p.reload();
  await ready(p);
  assert.equal(await p.evaluate(() => navigator.serviceWorker.controller), null);
  await p.context().close();
});

test('runtime caches stay within their bounds on the 300-page synthetic site', async () => {
  const content = path.join(scratch, 'synth');
  generateSite({ pages: 300, dir: content });
  const limits = {
    pages: { entries: 4, bytes: 1 << 20 },
    data: { entries: 40, bytes: 24 * 1024 },
    search: { entries: 10, bytes: 1 << 20 },
    files: { entries: 10, bytes: 1 << 20 },
  };
  const site = await buildFixtureSite(content, { dates: {}, worker: true, limits });
  cleanups.push(() => site.remove());
  const srv = await startServer({ root: site.root, mode: 'pages' });
  cleanups.push(() => srv.close());
  const p = await openPage();
  await p.goto(`${srv.url}/it/`);
  await ready(p);
  await installed(p);
  const sitemap = fs.readFileSync(path.join(site.root, 'sitemap.xml'), 'utf8');
  const urls = [...sitemap.matchAll(/<loc>[^<]*?(\/[^<]*)<\/loc>/g)].map((m) => new URL(m[1], srv.url).pathname);
  assert.ok(urls.length >= 300, `${urls.length} pages in the sitemap`);
  for (const url of urls.slice(0, 8)) await p.goto(`${srv.url}${url}`);
  await ready(p);
  const files = fs.readdirSync(path.join(site.root, 'data', 'p')).filter((n) => n.endsWith('.json'));
  await p.evaluate(async (files) => {
    for (const f of files) await fetch(`/data/p/${f}`);
  }, files.slice(0, 120));
  // The worker trims after each answer it saves: wait until it has.
  const sizes = await until(p, 'the caches within their bounds', async (limits) => {
    const out = {};
    for (const name of await caches.keys()) {
      if (!name.startsWith('tdt-')) continue;
      const cache = await caches.open(name);
      const responses = await cache.matchAll();
      out[name.split('-')[1]] = { entries: responses.length, bytes: responses.reduce((n, r) => n + Number(r.headers.get('x-tdt-bytes')), 0) };
    }
    const within = ['pages', 'data'].every((k) => out[k] && out[k].entries <= limits[k].entries && out[k].bytes <= limits[k].bytes);
    return within && out;
  }, limits);
  assert.ok(sizes.pages.entries <= limits.pages.entries && sizes.pages.entries > 0, JSON.stringify(sizes));
  assert.ok(sizes.data.entries <= limits.data.entries && sizes.data.bytes <= limits.data.bytes, JSON.stringify(sizes));
  // The byte bound is the one that bit: fewer entries than the entry bound.
  assert.ok(sizes.data.entries < limits.data.entries && sizes.data.entries > 1, JSON.stringify(sizes));
  await p.context().close();
});

test('the Pagefind files a visitor used are kept for later (the release dist/)', async () => {
  const { DIST } = await import('./harness.mjs');
  const srv = await startServer({ root: DIST, mode: 'pages' });
  cleanups.push(() => srv.close());
  const build = buildId(DIST);
  const p = await openPage();
  await p.goto(`${srv.url}/it/`);
  await ready(p);
  await installed(p);
  const box = p.getByRole('combobox', { name: 'Cerca nel sito' });
  await box.click();
  await box.fill('cittadinanza');
  await p.locator('.search-popup .search-summary').filter({ hasText: /\S/ }).waitFor();
  const kept = await until(p, 'Pagefind files in the search cache', async (build) => {
    const cache = await caches.open(`tdt-search-${build}`);
    const paths = (await cache.keys()).map((r) => new URL(r.url).pathname);
    return paths.some((x) => /\.pf_(index|fragment)$/.test(x)) && paths.includes('/pagefind/pagefind.js') && paths;
  }, build);
  assert.ok(kept.includes('/search.js'), kept.join(' '));
  await p.context().close();
});
