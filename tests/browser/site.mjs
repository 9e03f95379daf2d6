// tests/browser/site.mjs: what the site's browser tests share: the seed
// pages and their old URLs, and waits on the app's own state (never on the
// clock).

/** The five seed pages: permalink, title, language. */
export const SEEDS = [
  { url: '/it/lavora-con-noi', title: 'Lavora con noi', lang: 'it', external: true },
  { url: '/en/join-us', title: 'Join Us', lang: 'en', external: true },
  { url: '/it/jobpositions/collaborazioni-internazionali.htm', title: 'Collaborazioni Internazionali', lang: 'it' },
  { url: '/it/jobpositions/technical-project-manager.htm', title: 'Technical Program Manager', lang: 'it' },
  { url: '/it/projects/cittadinanza-digitale.htm', title: 'Cittadinanza digitale', lang: 'it' },
];

/** Where both join-us pages send visitors. */
export const EXTERNAL =
  'https://innovazione.gov.it/it/amministrazione-trasparente/selezione-del-personale/reclutamento-del-personale/lavora-con-noi/';

/** The seeds' old URLs and the page each belongs to. */
export const OLD_URLS = [
  { from: '/lavora-con-noi', to: '/it/lavora-con-noi' },
  { from: '/it/36-content.htm', to: '/it/lavora-con-noi' },
  { from: '/join-us', to: '/en/join-us' },
  { from: '/en/43-content.htm', to: '/en/join-us' },
];

export const SITE_TITLE = { it: 'Team per la Trasformazione Digitale', en: 'Digital Transformation Team' };

/** Waits until the app has mounted (it marks <html data-app="ready">). */
export async function waitForApp(page) {
  await page.waitForFunction(() => document.documentElement.dataset.app === 'ready');
}

/** Waits until the main heading reads `text`, with the app running. */
export async function waitForHeading(page, text) {
  await waitForApp(page);
  await page.waitForFunction((t) => document.querySelector('main h1')?.textContent.trim() === t, text);
}

/** The main heading's text. */
export function heading(page) {
  return page.evaluate(() => document.querySelector('main h1')?.textContent.trim() ?? null);
}

/**
 * Answers every request to another host with a small page instead of the
 * network (nothing outside loopback is reachable here), recording the URLs.
 */
export async function fakeOtherHosts(page) {
  const visited = [];
  await page.context().route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => {
    visited.push(route.request().url());
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!DOCTYPE html><title>elsewhere</title><p>elsewhere</p>' });
  });
  return visited;
}

/** Marks the window so a test can tell an in-app navigation from a reload. */
export async function markWindow(page) {
  await page.evaluate(() => {
    window.__noReload = true;
  });
}

/** Whether the window is still the one markWindow() marked. */
export function sameWindow(page) {
  return page.evaluate(() => window.__noReload === true);
}

/** The data file of a normalised path (FNV-1a 64, as crates/model/src/route.rs). */
export function entryFile(key) {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(key)) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return `/data/p/${h.toString(16).padStart(16, '0')}.json`;
}

/** The entry the build wrote for a normalised path. */
export async function entry(baseUrl, key) {
  const response = await fetch(baseUrl + entryFile(key));
  return response.json();
}

/**
 * Runs in the page before its scripts (`page.addInitScript`): sums into
 * `window.__shift` the layout shift of every entry without recent input.
 */
export function recordLayoutShift() {
  window.__shift = 0;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  } catch {}
}
