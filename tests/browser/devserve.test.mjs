// tests/browser/devserve.test.mjs: the development server of `.ci/serve`
// (src/styles/devserve.mjs) as an author meets it. It serves a scratch copy
// of the release dist/ and of content/ (`--no-trunk`: the content path, no
// app build), and the tests edit that content like an author: an edit is
// served and the open page reloads by itself at the same scroll position; a
// content error shows over every page with each error as the terminal prints
// it, and the fix takes it away. Last, the release dist/ has none of it.
// Every wait is on a state (the text, the overlay), never on the clock.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDist, launchBrowser, newPage, REPO, screenshot } from './harness.mjs';
import { injectClient, parseArgs, probeFileEvents, resolveFile, startDevServer, trunkEvent } from '../../src/styles/devserve.mjs';

const JOB = 'it/jobpositions/technical-project-manager.md';
const JOB_URL = '/it/jobpositions/technical-project-manager.htm';

let dist;
let work;
let dev;
let browser;
let content;

before(async () => {
  dist = await ensureDist();
  work = mkdtempSync(path.join(os.tmpdir(), 'tdt-devserve-test-'));
  cpSync(dist, path.join(work, 'dist'), { recursive: true });
  cpSync(path.join(REPO, 'content'), path.join(work, 'content'), { recursive: true });
  content = path.join(work, 'content');
  const { options } = parseArgs(['--no-trunk', '--port', '0', '--dist', path.join(work, 'dist'), '--content', content, '--dev-dir', path.join(work, 'dev'), '--no-search']);
  dev = await startDevServer({ options });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await dev?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const read = (file) => readFileSync(path.join(content, file), 'utf8');
const write = (file, text) => writeFileSync(path.join(content, file), text);
const overlay = (page) => page.getByRole('alertdialog', { name: /The content build failed/ });

test('a content edit is served, and the open page reloads by itself where it was', async () => {
  const page = await newPage(browser);
  await page.goto(dev.url + JOB_URL);
  await page.waitForFunction(() => document.documentElement.dataset.app === 'ready');
  // Scrolled down as a visitor does, until the page has moved.
  await page.mouse.move(640, 400);
  await page.mouse.wheel(0, 600);
  await page.waitForFunction(() => window.scrollY > 0);
  const y = await page.evaluate(() => window.scrollY);
  const before = read(JOB);
  write(JOB, before.replace('### Qualifiche chiave', 'Un paragrafo scritto ora.\n\n### Qualifiche chiave'));
  // The new text is served, then shown by the reloaded page.
  await page.getByText('Un paragrafo scritto ora.').waitFor();
  await page.waitForFunction(() => document.documentElement.dataset.app === 'ready');
  const html = await (await fetch(dev.url + JOB_URL)).text();
  assert.ok(html.includes('<p>Un paragrafo scritto ora.</p>'), 'the static page has the new text');
  await page.waitForFunction((y) => window.scrollY === y, y);
  assert.equal(await page.evaluate(() => window.scrollY), y);
  write(JOB, before);
  await page.getByText('Un paragrafo scritto ora.').waitFor({ state: 'detached' });
  await page.context().close();
});

test('while the last content build failed, every page shows each error as printed; the fix removes it', async () => {
  const job = read(JOB);
  const home = read('en/index.md');
  const page = await newPage(browser);
  const other = await newPage(browser);
  await page.goto(dev.url + JOB_URL);
  await other.goto(dev.url + '/en/');
  await page.waitForFunction(() => document.documentElement.dataset.app === 'ready');
  write(JOB, job.replace('iframeheight: 700', 'iframeheight: alta'));
  write('en/index.md', home.replace('lang: en\n', 'lang: en\nmenu_position: first\n'));
  for (const p of [page, other]) {
    await overlay(p).waitFor();
    await p.getByRole('heading', { name: 'The content build failed: 2 errors' }).waitFor();
  }
  const shown = await page.locator('.tdt-dev-error').allTextContents();
  assert.deepEqual(shown, [
    'content/en/index.md:4:16: error: `menu_position` is not valid: not a whole number\n  fix: write `menu_position:` as a whole number, e.g. `menu_position: 5`',
    'content/it/jobpositions/technical-project-manager.md:6:15: error: `iframeheight` is not valid: not a whole number\n  fix: write `iframeheight:` as a whole number, e.g. `iframeheight: 5`',
  ]);
  // A page opened meanwhile shows it too; the last good build is under it.
  const late = await newPage(browser, { viewport: { width: 390, height: 844 } });
  await late.goto(dev.url + '/it/');
  await overlay(late).waitFor();
  assert.equal(await late.locator('main h1').count(), 1);
  await screenshot(page, 'devserve-overlay');
  await screenshot(late, 'devserve-overlay-phone', { fullPage: false });
  // One fixed: one error left. Both fixed: the pages reload, without it.
  write('en/index.md', home);
  await page.getByRole('heading', { name: 'The content build failed: 1 error' }).waitFor();
  assert.deepEqual(await page.locator('.tdt-dev-error').allTextContents(), [shown[1]]);
  write(JOB, job);
  for (const p of [page, other, late]) {
    await overlay(p).waitFor({ state: 'detached' });
    await p.waitForFunction(() => document.documentElement.dataset.app === 'ready');
  }
  assert.equal(await page.locator('.tdt-dev-overlay').count(), 0);
  for (const p of [page, other, late]) await p.context().close();
});

test('the server answers as a static host: PATH.html, PATH/index.html, else 404.html with 404', async () => {
  const d = path.join(work, 'dist');
  assert.deepEqual(resolveFile(d, '/it/'), [path.join(d, 'it/index.html'), 200]);
  assert.deepEqual(resolveFile(d, '/it/cerca'), [path.join(d, 'it/cerca.html'), 200]);
  assert.deepEqual(resolveFile(d, '/nowhere'), [path.join(d, '404.html'), 404]);
  assert.deepEqual(resolveFile(d, '/../../etc/passwd'), [path.join(d, '404.html'), 404]);
  const res = await fetch(dev.url + '/nowhere');
  assert.equal(res.status, 404);
  assert.match(await res.text(), /<script type="module" src="\/\.tdt-dev\/client\.js" data-build="\d+"><\/script><\/body>/);
  assert.equal(injectClient('<p>x</p>', 3), '<p>x</p><script type="module" src="/.tdt-dev/client.js" data-build="3"></script>');
});

test('the builds trunk watch runs are read from its log', () => {
  const cases = [
    ['2026-12-07T23:15:09.781567Z  INFO 📦 starting build', 'start'],
    ['2026-12-07T23:15:18.277999Z  INFO ✅ success', 'success'],
    ['\x1b[2m2026-12-07T23:15:18.277999Z\x1b[0m \x1b[32m INFO\x1b[0m ✅ success', 'success'],
    ['2026-12-07T23:15:18.277999Z ERROR ❌ error', 'error'],
    ['2026-12-07T23:15:18.250754Z  INFO applying new distribution', null],
    ['postbuild.mjs: search index built (pages: en 3, it 7) in 72 ms', null],
    ['content/it/a.md:1:1: error: success', null],
  ];
  for (const [line, event] of cases) assert.equal(trunkEvent(line), event, line);
});

test('options: .ci/serve --port, --content, --poll; unknown ones are refused with the usage', () => {
  const { options, trunkArgs } = parseArgs(['--port', '9600', '--content', 'tests/x', '--poll', '100', '--', '--features', 'y']);
  assert.equal(options.port, 9600);
  assert.equal(options.content, path.join(REPO, 'tests/x'));
  assert.equal(options.poll, 100);
  assert.deepEqual(trunkArgs, ['--features', 'y']);
  assert.throws(() => parseArgs(['--prot', '1']), /^Error: unknown option --prot\nusage: \.ci\/serve /);
});

test('with --poll, an edit is noticed without file events', { timeout: 120_000 }, async () => {
  const ms = await probeFileEvents(path.join(work, 'dev'), content);
  console.log(`# here a file event arrives ${ms} ms after the write (null: the server would poll)`);
  const polled = path.join(work, 'polled');
  cpSync(path.join(work, 'dist'), path.join(polled, 'dist'), { recursive: true });
  cpSync(content, path.join(polled, 'content'), { recursive: true });
  const { options } = parseArgs(['--no-trunk', '--port', '0', '--poll', '50', '--no-search', '--dist', path.join(polled, 'dist'), '--content', path.join(polled, 'content'), '--dev-dir', path.join(polled, 'dev')]);
  const server = await startDevServer({ options });
  try {
    const file = path.join(polled, 'content', JOB);
    writeFileSync(file, readFileSync(file, 'utf8').replace('### Qualifiche chiave', 'Trovato dal polling.\n\n### Qualifiche chiave'));
    for (;;) {
      const html = await (await fetch(server.url + JOB_URL)).text();
      if (html.includes('<p>Trovato dal polling.</p>')) break;
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await server.close();
  }
});

test('the release dist/ has nothing of the development server', () => {
  const found = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/devclient|tdt-dev/.test(name) || /\.tdt-dev|tdt-dev-overlay|EventSource/.test(readFileSync(file, 'latin1'))) found.push(path.relative(dist, file));
    }
  };
  walk(dist);
  assert.deepEqual(found, []);
  // What the server adds is added as it answers, not written.
  const page = readFileSync(path.join(work, 'dist', 'it', 'index.html'), 'utf8');
  assert.ok(!page.includes('/.tdt-dev/'));
});
