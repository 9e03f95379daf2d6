// The site's service worker, as written: src/styles/worker.mjs bundles it
// with the Workbox modules it imports (esbuild, minified), with __TDT__ set
// to the build's settings, and Workbox's injectManifest puts the list of the
// app shell's files and their revisions in place of self.__WB_MANIFEST.
//
// - App shell (wasm, JavaScript, CSS, fonts, site.json, boot script,
//   index.html, 404.html, the offline pages): precached at install.
// - Page HTML, page JSON and the site file: network first, the cache after a
//   short timeout or when the network fails.
// - Hashed files (NAME-<hex>.js/.wasm/.css, Pagefind's index pieces): cache
//   first. Pagefind's other files and /search.js: network first.
// - Runtime caches: one per kind, named by the build, each bounded by
//   entries and by bytes (oldest written first out); on activate every cache
//   of another build goes, so nothing of an older build is ever served.
// - Offline, a page never saved: the offline page of the visitor's language,
//   with links to the pages saved; a page whose JSON is saved (visited in
//   the app) but not its HTML: the app's index.html, which shows it.
import { addRoute, matchPrecache, precache } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';
import { clientsClaim } from 'workbox-core';

/* global __TDT__ */
const { build, langs, timeout, limits } = __TDT__;
const name = (kind) => `tdt-${kind}-${build}`;
const CACHES = ['pages', 'data', 'search', 'files'].map(name);

self.addEventListener('install', () => self.skipWaiting());
clientsClaim();
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k.startsWith('tdt-') && !CACHES.includes(k)).map((k) => caches.delete(k)))),
  );
});

/** Keeps cache `cacheName` within `max.entries` and `max.bytes`, oldest written first out. */
let trimming = Promise.resolve();
function trim(cacheName, max) {
  trimming = trimming.then(async () => {
    const cache = await caches.open(cacheName);
    const keys = await cache.keys();
    const sizes = await Promise.all(keys.map(async (k) => Number((await cache.match(k))?.headers.get('x-tdt-bytes')) || 0));
    let total = sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; i < keys.length && (keys.length - i > max.entries || total > max.bytes); i++) {
      total -= sizes[i];
      await cache.delete(keys[i]);
    }
  });
  return trimming;
}

/** Stores only whole 200 answers of `type`, with their size; then trims. */
const bounded = (max, type = /./) => ({
  cacheWillUpdate: async ({ response }) => {
    if (response?.status !== 200 || !type.test(response.headers.get('content-type') ?? '')) return null;
    const body = await response.clone().arrayBuffer();
    const headers = new Headers(response.headers);
    headers.set('x-tdt-bytes', String(body.byteLength));
    return new Response(body, { status: 200, statusText: response.statusText, headers });
  },
  cacheDidUpdate: ({ cacheName }) => trim(cacheName, max),
});

const networkFirst = (kind, type) =>
  new NetworkFirst({ cacheName: name(kind), networkTimeoutSeconds: timeout, plugins: [bounded(limits[kind], type)] });

const sameOrigin = (url) => url.origin === self.location.origin;

// The site file: fresh when the network answers, else the saved one, else the precached one.
const siteFile = new NetworkFirst({
  cacheName: name('data'),
  networkTimeoutSeconds: timeout,
  plugins: [bounded(limits.data, /json/), { handlerDidError: () => matchPrecache('/data/site.json') }],
});
registerRoute(({ url }) => sameOrigin(url) && url.pathname === '/data/site.json', siteFile);

const pages = networkFirst('pages', /html/);
registerRoute(
  ({ request, url }) => request.mode === 'navigate' && sameOrigin(url),
  async (options) => {
    try {
      return await pages.handle(options);
    } catch {
      return offline(new URL(options.request.url));
    }
  },
);

precache(self.__WB_MANIFEST);
addRoute({ ignoreURLParametersMatching: [/./], cleanURLs: false });

const data = networkFirst('data', /json/);
registerRoute(({ url }) => sameOrigin(url) && url.pathname.startsWith('/data/'), data);

// A page the worker did not see load (the first one, before it was in
// charge; the one open when a new build's worker takes over): the page
// (boot script) names its URL and the data files it fetched, to be saved.
self.addEventListener('message', (event) => {
  const { visited, files } = event.data ?? {};
  const ours = (u) => typeof u === 'string' && sameOrigin(new URL(u, self.location.href));
  if (!ours(visited)) return;
  const save = (strategy, url) => strategy.handle({ event, request: new Request(url) }).catch(() => {});
  const saved = (Array.isArray(files) ? files : []).filter(ours).map((u) => save(new URL(u).pathname === '/data/site.json' ? siteFile : data, u));
  event.waitUntil(Promise.all([save(pages, visited), ...saved]));
});
const cacheFirst = (kind) => new CacheFirst({ cacheName: name(kind), plugins: [bounded(limits[kind])] });
const hashed = (pattern) => ({ url }) => sameOrigin(url) && pattern.test(url.pathname);
registerRoute(hashed(/-[0-9a-f]{8,}(_bg)?\.(js|wasm|css)$/), cacheFirst('files'));
registerRoute(hashed(/^\/pagefind\/.*_[0-9a-f]{6,}\.pf_/), cacheFirst('search'));
registerRoute(({ url }) => sameOrigin(url) && (url.pathname.startsWith('/pagefind/') || url.pathname === '/search.js'), networkFirst('search'));
registerRoute(({ url }) => sameOrigin(url), networkFirst('files'));

/** A path as the site compares paths: case, `index.html`, `.html` and a final `/` do not count. */
const plain = (path) => {
  let p = path;
  try {
    p = decodeURI(path);
  } catch {
    // Kept as written.
  }
  p = p.toLowerCase().replace(/\/index\.html?$/, '/').replace(/\.html?$/, '');
  while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
};

/** The pages whose JSON is saved: url, title, lang. */
async function savedPages() {
  const cache = await caches.open(name('data'));
  const found = [];
  for (const key of await cache.keys()) {
    if (!new URL(key.url).pathname.startsWith('/data/p/')) continue;
    try {
      const entry = await (await cache.match(key)).json();
      if (entry.kind === 'page') found.push({ url: entry.url, title: entry.title, lang: entry.lang });
    } catch {
      // Not JSON: not a page.
    }
  }
  return found;
}

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The language of `path`, else the visitor's, else the site's first. */
function language(path) {
  const first = path.split('/')[1];
  if (langs.includes(first)) return first;
  const spoken = (self.navigator.languages ?? []).map((l) => l.slice(0, 2).toLowerCase());
  return spoken.find((l) => langs.includes(l)) ?? langs[0];
}

/** What a navigation gets offline when the page itself is not saved. */
async function offline(url) {
  const saved = await savedPages();
  const wanted = plain(url.pathname);
  if (saved.some((p) => plain(p.url) === wanted)) {
    const shell = await matchPrecache('/index.html');
    if (shell) return shell;
  }
  const lang = language(url.pathname);
  const page = await matchPrecache(`/offline-${lang}.html`);
  if (!page) return Response.error();
  let html = await page.text();
  const items = saved
    .filter((p) => p.lang === lang)
    .map((p) => `<li><a href="${escape(p.url)}">${escape(p.title)}</a></li>`)
    .join('');
  if (items) html = html.replace(/(<section class="offline-pages"[^>]*) hidden>/, '$1>').replace('<!--tdt:offline-pages-->', items);
  return new Response(html, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } });
}
