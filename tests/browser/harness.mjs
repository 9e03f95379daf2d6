// tests/browser/harness.mjs: shared helpers for the browser tests.
//
// The tests run under Node's built-in runner (`node --test` in this folder)
// and drive Debian's Chromium (/usr/bin/chromium, or $CHROMIUM) through
// playwright-core. They test the release build in dist/ (or $TDT_DIST), which
// .ci/test builds once before running them; when dist/index.html is missing,
// ensureDist() runs `trunk build --release --offline` once itself, so
// `node --test` also works on its own.
//
// Typical test file:
//
//   import { test, before, after } from 'node:test';
//   import assert from 'node:assert/strict';
//   import { launchBrowser, newPage, serveDist, assertNoConsoleErrors } from './harness.mjs';
//
//   let browser, srv;
//   before(async () => { srv = await serveDist({ mode: 'spa' }); browser = await launchBrowser(); });
//   after(async () => { await browser?.close(); await srv?.close(); });
//
//   test('home', async () => {
//     const page = await newPage(browser);
//     await page.goto(srv.url + '/it/');
//     ...
//     assertNoConsoleErrors(page);
//     await page.context().close();
//   });
//
// Also: screenshot(page, name) saves to screenshots/ (git-ignored);
// assertNoAxeViolations(page) / axeViolations(page) run axe-core in the page.
//
// Wait on the page's state (locators, waitForFunction, waitForResponse), never
// on the clock: no timed assertions.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The repository root. */
export const REPO = path.resolve(HERE, '..', '..');
/** The built site the tests serve. */
export const DIST = path.resolve(process.env.TDT_DIST ?? path.join(REPO, 'dist'));
/** Where screenshot() saves (git-ignored). */
export const SCREENSHOTS = path.join(HERE, 'screenshots');
/** The Chromium binary (Debian's package). */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Flags that let Chromium run headless as root on a machine without a network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Makes sure DIST/index.html exists, building the site once if not. Several
 * test files may call this at once (node --test runs files in parallel
 * processes): a lock directory makes only one of them build.
 * Returns DIST.
 */
export async function ensureDist() {
  const index = path.join(DIST, 'index.html');
  if (existsSync(index)) return DIST;
  const lock = path.join(os.tmpdir(), `tdt-site-build-${Buffer.from(REPO).toString('hex').slice(-40)}.lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      // Another process is building; a lock older than 30 minutes is stale.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 30 * 60 * 1000) rmSync(lock, { recursive: true, force: true });
      } catch {}
      await sleep(1000);
      if (existsSync(index) && !existsSync(lock)) return DIST;
    }
  }
  try {
    if (existsSync(index)) return DIST;
    console.error(`# ${index} is missing: running trunk build --release --offline`);
    const env = { ...process.env, PATH: `${path.join(os.homedir(), '.cargo', 'bin')}${path.delimiter}${process.env.PATH}` };
    const args = ['build', '--release', '--offline'];
    if (process.env.TDT_DIST) args.push('--dist', DIST);
    // stdout goes to stderr so it does not mix with the runner's report.
    const run = spawnSync('trunk', args, { cwd: REPO, env, stdio: ['ignore', 2, 2] });
    if (run.error) throw run.error;
    if (run.status !== 0) throw new Error(`trunk build failed with status ${run.status}`);
    if (!existsSync(index)) throw new Error(`trunk build did not produce ${index}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return DIST;
}

/** ensureDist(), then startServer({root: DIST, ...options}) (see server.mjs). */
export async function serveDist(options = {}) {
  return startServer({ root: await ensureDist(), ...options });
}

/** Launches headless Chromium; call once per test file and close it in after(). */
export async function launchBrowser(options = {}) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    ...options,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}

/**
 * Opens a page in a fresh browser context (its own cookies and storage).
 * Console errors and uncaught page errors are collected in `page.errors`
 * (strings), and console messages of every kind in `page.consoleMessages`.
 * Close it with `await page.context().close()` (browser.close() also does).
 *
 * @param {import('playwright-core').Browser} browser
 * @param {{viewport?: {width: number, height: number}, locale?: string,
 *          languages?: string[], [option: string]: any}} options
 *   languages: navigator.languages and the Accept-Language header, e.g.
 *   ['en-GB', 'en']; locale defaults to its first entry, else 'it-IT'.
 *   Other options go to browser.newContext() (reducedMotion, colorScheme...).
 */
export async function newPage(browser, { viewport = { width: 1280, height: 800 }, locale, languages, serviceWorkers = 'block', ...rest } = {}) {
  locale ??= languages?.[0] ?? 'it-IT';
  // The release build registers a service worker once the app is ready; only
  // the tests of it (offline.test.mjs) let it run: `serviceWorkers: 'allow'`.
  const context = await browser.newContext({ viewport, locale, serviceWorkers, ...rest });
  if (languages?.length) {
    // `locale` sets Accept-Language to that one tag on navigations, and
    // extraHTTPHeaders lose to it there: rewrite the header on every request.
    // (A page.route() handler that wants to keep it must call route.fallback().)
    const acceptLanguage = languages.map((l, i) => (i === 0 ? l : `${l};q=${Math.max(0.1, 1 - i / 10).toFixed(1)}`)).join(',');
    await context.route('**/*', (route) =>
      route.fallback({ headers: { ...route.request().headers(), 'accept-language': acceptLanguage } }),
    );
    await context.addInitScript((langs) => {
      Object.defineProperty(Navigator.prototype, 'languages', { get: () => [...langs], configurable: true });
      Object.defineProperty(Navigator.prototype, 'language', { get: () => langs[0], configurable: true });
    }, languages);
  }
  const page = await context.newPage();
  page.errors = [];
  page.consoleMessages = [];
  page.on('console', (msg) => {
    const loc = msg.location();
    const where = loc?.url ? ` (${loc.url}:${loc.lineNumber})` : '';
    page.consoleMessages.push({ type: msg.type(), text: msg.text() });
    if (msg.type() === 'error') page.errors.push(`console.error: ${msg.text()}${where}`);
  });
  page.on('pageerror', (err) => page.errors.push(`pageerror: ${err.stack ?? err.message ?? String(err)}`));
  page.on('crash', () => page.errors.push('crash: the page crashed'));
  return page;
}

/**
 * Fails when the page logged console errors or threw uncaught errors.
 * `ignore`: RegExps for errors a test provokes on purpose (e.g. /404/).
 */
export function assertNoConsoleErrors(page, { ignore = [] } = {}) {
  const errors = (page.errors ?? []).filter((e) => !ignore.some((re) => re.test(e)));
  assert.deepEqual(errors, [], `the page logged errors:\n${errors.join('\n')}`);
}

/** Saves a PNG of the page to tests/browser/screenshots/NAME.png; returns its path. */
export async function screenshot(page, name, { fullPage = true } = {}) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

let axeSource;

/**
 * Runs axe-core in the page (the site's CSP stays on: the script is evaluated
 * through the DevTools protocol, not added as a tag) and returns its
 * violations, each {id, impact, help, nodes: [selector...]}.
 * `options` go to axe.run, e.g. {runOnly: ['wcag2a', 'wcag2aa']}.
 */
export async function axeViolations(page, options = { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }) {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const result = await page.evaluate((opts) => window.axe.run(document, opts), options);
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

/** Fails, listing them, when axe-core finds accessibility violations. */
export async function assertNoAxeViolations(page, options) {
  const violations = await axeViolations(page, options);
  const text = violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');
  assert.deepEqual(violations, [], `axe-core found violations:\n${text}`);
}
