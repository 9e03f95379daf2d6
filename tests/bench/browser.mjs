// tests/bench/browser.mjs: the browser figures of the benchmark (run.mjs).
//
// Headless Chromium (playwright-core and the flags of tests/browser/harness.mjs)
// against the built site, served by tests/browser/server.mjs in `pages` mode
// with gzip. Every run gets a new browser context (a cold cache). Optionally
// throttled through CDP Network.emulateNetworkConditions.
//
//   deepLink(browser, srv, {url, throttle})  one cold load of a URL
//   inAppNavigation(browser, srv, {throttle}) one cold session of clicks
//
// Times come from the page's own clock (performance.now(), navigation start =
// 0); bytes are CDP's encodedDataLength (body plus headers, as transferred),
// summed over every request of the page.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** 9 Mbit/s down, 1.5 Mbit/s up, 60 ms latency. */
export const THROTTLE = { offline: false, latency: 60, downloadThroughput: 9e6 / 8, uploadThroughput: 1.5e6 / 8 };

const TIMEOUT = 30_000;

/** url → {file: '/data/p/….json', title} for every page entry of a built site. */
export function pageIndex(dist) {
  const dir = path.join(dist, 'data', 'p');
  const index = new Map();
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    const entry = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
    if (entry.kind === 'page') index.set(entry.url, { url: entry.url, file: `/data/p/${name}`, title: entry.title });
  }
  return index;
}

/**
 * Runs in the page before its own scripts: records FCP, every
 * largest-contentful-paint entry (time, size and element), the cumulative
 * layout shift (every shift not caused by input, summed) and, when `title`
 * is given, when the app shows it.
 */
function initScript(title) {
  const bench = { fcp: null, ready: null, cls: 0, lcp: [] };
  window.__bench = bench;
  const describe = (e) => {
    if (!e) return 'null';
    const name = `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.classList.length ? '.' + [...e.classList].join('.') : ''}`;
    return `${name} "${e.textContent.trim().replace(/\s+/g, ' ').slice(0, 30)}"`;
  };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.lcp.push({ time: e.startTime, size: e.size, element: describe(e.element) });
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === 'first-contentful-paint' && bench.fcp === null) bench.fcp = e.startTime;
    }).observe({ type: 'paint', buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) bench.cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  } catch {}
  if (title === null) return;
  const check = () => {
    if (bench.ready !== null || document.documentElement?.dataset.app !== 'ready') return;
    const h1 = document.querySelector('main h1');
    if (h1 && h1.textContent.trim() === title) {
      bench.ready = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

/** A page in a new context, with a CDP session counting requests and bytes. */
async function openPage(browser, { throttle, title }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'it-IT' });
  if (title !== undefined) await context.addInitScript(initScript, title);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e.message ?? e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const cdp = await context.newCDPSession(page);
  const requests = new Map();
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!e.request.url.startsWith('http')) return;
    requests.set(e.requestId, { url: e.request.url, bytes: 0, done: false, type: e.type });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) Object.assign(r, { bytes: e.encodedDataLength, done: true });
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = requests.get(e.requestId);
    if (r) Object.assign(r, { failed: e.errorText, done: true });
  });
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  if (throttle) await cdp.send('Network.emulateNetworkConditions', THROTTLE);
  return { context, page, cdp, requests, errors };
}

const waitFor = async (what, fn, timeout = TIMEOUT) => {
  const until = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`benchmark: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** Waits until every request CDP saw has finished (none pending for 300 ms). */
async function settle(requests) {
  let quietSince = Date.now();
  await waitFor('the network to settle', () => {
    if ([...requests.values()].some((r) => !r.done)) quietSince = Date.now();
    return Date.now() - quietSince > 300;
  });
}

/**
 * One cold load of `url` (a site path): {fcp, ready, wasmEnd, lcp (the last
 * LCP entry's time), lcpEntries, bytes, requests, list}; times in ms from
 * navigation start.
 */
export async function deepLink(browser, srv, { url, title, throttle = false }) {
  const { context, page, requests, errors } = await openPage(browser, { throttle, title });
  try {
    await page.goto(srv.url + url, { waitUntil: 'load', timeout: TIMEOUT });
    try {
      await page.waitForFunction(() => window.__bench.ready !== null, null, { timeout: TIMEOUT });
    } catch {
      const h1 = await page.evaluate(() => [document.documentElement.dataset.app, document.querySelector('main h1')?.textContent]);
      throw new Error(`benchmark: ${url} never showed the app with heading "${title}" (data-app, h1: ${JSON.stringify(h1)}; errors: ${errors.join(' | ')})`);
    }
    await settle(requests);
    const timing = await page.evaluate(() => {
      const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
      const lcp = window.__bench.lcp;
      return { fcp: window.__bench.fcp, ready: window.__bench.ready, cls: window.__bench.cls, wasmEnd: wasm ? wasm.responseEnd : null, lcp: lcp.at(-1)?.time ?? null, lcpEntries: lcp };
    });
    const list = [...requests.values()].map((r) => ({ path: new URL(r.url).pathname, bytes: r.bytes, failed: r.failed }));
    return { ...timing, bytes: list.reduce((s, r) => s + r.bytes, 0), requests: list.length, list, errors };
  } finally {
    await context.close();
  }
}

/**
 * One cold load of a plain HTML file (no CSS, fonts or scripts): its first
 * contentful paint, the yardstick a deep link's paint is compared with.
 */
export async function plainPaint(browser, srv, { url, throttle = false }) {
  const { context, page } = await openPage(browser, { throttle, title: null });
  try {
    await page.goto(srv.url + url, { waitUntil: 'load', timeout: TIMEOUT });
    await page.waitForFunction(() => window.__bench.fcp !== null, null, { timeout: TIMEOUT });
    return await page.evaluate(() => window.__bench.fcp);
  } finally {
    await context.close();
  }
}

/**
 * A plain HTML file as large as `html` (the deep link's own file): its text,
 * in paragraphs, padded to the same number of bytes; no CSS, fonts or scripts.
 */
export function plainTwin(html) {
  const text = html
    .replace(/<(script|style|noscript)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  let doc = `<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>plain</title></head><body><main><p>${text}</p></main></body></html>`;
  const size = Buffer.byteLength(html);
  if (Buffer.byteLength(doc) < size) doc = doc.replace('</main>', `<!--${'x'.repeat(size - Buffer.byteLength(doc) - 7)}--></main>`);
  return doc;
}

/** Clicks `selector` in the page (no pointer or focus events) and times it until main h1 reads `title`. */
async function timedClick(page, selector, title) {
  return page.evaluate(
    ({ selector, title, timeout }) =>
      new Promise((resolve, reject) => {
        const a = document.querySelector(selector);
        if (!a) return reject(new Error(`benchmark: no ${selector} on ${location.pathname}`));
        let done = false;
        const check = () => {
          if (done) return;
          const h1 = document.querySelector('main h1');
          if (h1 && h1.textContent.trim() === title) {
            done = true;
            const ms = performance.now() - t0;
            observer.disconnect();
            resolve(ms);
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        setTimeout(() => {
          if (!done) {
            observer.disconnect();
            reject(new Error(`benchmark: clicking ${selector} on ${location.pathname} never showed "${title}" (h1: ${document.querySelector('main h1')?.textContent})`));
          }
        }, timeout);
        const t0 = performance.now();
        a.click();
        check();
      }),
    { selector, title, timeout: TIMEOUT },
  );
}

/**
 * One cold session: deep link to the home page, then in-app clicks:
 *   notFetched   home → project, its JSON never requested before
 *   backHome     project → home (home's JSON was fetched at start)
 *   fetched      home → project again (fetched in the first step)
 *   hover        hover the menu link to the projects index, wait for its
 *                JSON (prefetch), then click it
 * Returns the times (ms) and the /data/p/ requests each step made.
 */
export async function inAppNavigation(browser, srv, { pages, throttle = false }) {
  const home = pages.get('/it/');
  const project = pages.get('/it/projects/cittadinanza-digitale.htm');
  const projects = pages.get('/it/projects/');
  if (!home || !project || !projects) throw new Error('benchmark: the site lacks /it/, /it/projects/ or /it/projects/cittadinanza-digitale.htm');
  const { context, page, requests, errors } = await openPage(browser, { throttle, title: home.title });
  const dataRequests = () => [...requests.values()].filter((r) => new URL(r.url).pathname.startsWith('/data/p/')).map((r) => new URL(r.url).pathname);
  const count = (file) => dataRequests().filter((p) => p === file).length;
  try {
    await page.goto(srv.url + '/it/', { waitUntil: 'load', timeout: TIMEOUT });
    await page.waitForFunction(() => window.__bench.ready !== null, null, { timeout: TIMEOUT });
    await settle(requests);
    const out = { errors };
    const projectLink = `main a[href="${project.url}"]`;

    out.notFetchedBefore = count(project.file);
    out.notFetched = await timedClick(page, projectLink, project.title);
    await settle(requests);
    out.notFetchedRequests = count(project.file);

    const before = dataRequests().length;
    out.backHome = await timedClick(page, `a[href="${home.url}"]:not([hreflang])`, home.title);
    out.fetched = await timedClick(page, projectLink, project.title);
    await settle(requests);
    out.fetchedRequests = dataRequests().length - before;

    const menuLink = `header a[href="${projects.url}"]`;
    out.hoverBefore = count(projects.file);
    await page.hover(menuLink, { timeout: TIMEOUT });
    await waitFor(`the prefetch of ${projects.file} on hover`, () => requests.size && [...requests.values()].some((r) => r.done && new URL(r.url).pathname === projects.file));
    out.hoverPrefetched = count(projects.file);
    out.hover = await timedClick(page, menuLink, projects.title);
    await settle(requests);
    out.hoverRequests = count(projects.file);

    const seen = new Map();
    for (const p of dataRequests()) seen.set(p, (seen.get(p) ?? 0) + 1);
    out.maxSameFile = Math.max(...seen.values());
    out.dataRequests = dataRequests();
    return out;
  } finally {
    await context.close();
  }
}
