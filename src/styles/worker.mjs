// The service worker of a release build: `sw.js` at the root of a built site,
// made after the preprocessor and Pagefind (src/styles/postbuild.mjs calls
// `offlineStep`; tests/browser/fixture-build.mjs calls `writeWorker` for the
// sites the browser tests build).
//
// - With offline pages in the site (`tdt-build --worker`, `offline` not
//   false in _config.yml): src/styles/sw.js, bundled with the Workbox
//   modules it uses by esbuild, and the app shell's files listed in it with
//   their revisions by Workbox (`workbox-build`'s injectManifest).
// - Without (`offline: false`, the kill switch): a worker that removes every
//   cache of the site and unregisters itself.
//
// Never under `trunk serve` (its pages carry trunk's reload script) nor in
// debug builds: no worker is written and the boot script registers none.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const stylesDir = path.dirname(fileURLToPath(import.meta.url));

/** The worker of the kill switch (`offline: false`). */
export const KILL_WORKER = `// offline: false in _config.yml: remove every cache of the site, then this worker.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(keys.map((k) => caches.delete(k)))).then(() => self.registration.unregister()));
});
`;

/** Runtime cache bounds: entries and bytes per cache. */
export const LIMITS = {
  pages: { entries: 60, bytes: 4 << 20 },
  data: { entries: 250, bytes: 4 << 20 },
  search: { entries: 120, bytes: 6 << 20 },
  files: { entries: 60, bytes: 12 << 20 },
};

/** Seconds a network-first request waits before a saved answer is used. */
export const TIMEOUT = 3;

/** The app shell, precached at install (paths relative to the site root). */
const SHELL = [
  'tdt-site-*.{js,wasm}',
  '*.css',
  'fonts/*.woff2',
  'data/site.json',
  'boot-*.js',
  'offline-*.{html,js}',
  'index.html',
  '404.html',
  'favicon.svg',
];

/** Names that carry their content's hash: the URL is the revision. */
const HASHED = /-[0-9a-f]{8,}(_bg)?\.(js|wasm|css)$/;

/** Whether `staging` is built for a worker: a release build, not `trunk serve`. */
export function wantsWorker(staging) {
  if (process.env.TRUNK_PROFILE !== 'release' || !staging) return false;
  const index = fs.readFileSync(path.join(staging, 'index.html'), 'utf8');
  return !index.includes('.well-known/trunk/ws') && !parentIsServe();
}

/** trunk serve runs this hook too; with --no-autoreload its pages do not say so. */
function parentIsServe() {
  try {
    return fs.readFileSync(`/proc/${process.ppid}/cmdline`, 'utf8').split('\0').includes('serve');
  } catch {
    return false;
  }
}

function load(name) {
  const require = createRequire(path.join(stylesDir, 'package.json'));
  try {
    return require(name);
  } catch {
    throw new Error(`src/styles/node_modules/${name} is missing: run .ci/setup (or \`npm ci --prefix src/styles\`) first`);
  }
}

/**
 * Writes `root/sw.js` for the site built in `root`. `limits` overrides
 * [`LIMITS`] (the cache-bound test uses small ones). Returns what was
 * written: `{ kind: 'offline' | 'kill', bytes, precached, precachedBytes }`.
 */
export async function writeWorker(root, { limits = LIMITS } = {}) {
  const site = JSON.parse(fs.readFileSync(path.join(root, 'data', 'site.json'), 'utf8'));
  const langs = site.langs.map((l) => l.code);
  const dest = path.join(root, 'sw.js');
  if (!langs.some((code) => fs.existsSync(path.join(root, `offline-${code}.html`)))) {
    fs.writeFileSync(dest, KILL_WORKER);
    return { kind: 'kill', bytes: Buffer.byteLength(KILL_WORKER), precached: 0, precachedBytes: 0 };
  }
  const esbuild = load('esbuild');
  const { injectManifest } = load('workbox-build');
  const settings = { build: site.build, langs, timeout: TIMEOUT, limits };
  const bundled = await esbuild.build({
    entryPoints: [path.join(stylesDir, 'sw.js')],
    bundle: true,
    minify: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    logLevel: 'error',
    define: { __TDT__: JSON.stringify(settings), 'process.env.NODE_ENV': '"production"' },
  });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tdt-sw-'));
  try {
    const source = path.join(scratch, 'sw.js');
    fs.writeFileSync(source, bundled.outputFiles[0].text);
    const result = await injectManifest({
      swSrc: source,
      swDest: dest,
      globDirectory: root,
      globPatterns: SHELL,
      dontCacheBustURLsMatching: HASHED,
      maximumFileSizeToCacheInBytes: 16 << 20,
    });
    if (result.warnings.length) throw new Error(`Workbox: ${result.warnings.join('; ')}`);
    return { kind: 'offline', bytes: fs.statSync(dest).size, precached: result.count, precachedBytes: result.size };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** postbuild.mjs's step, after Pagefind: writes the worker (with gzip -9 and brotli copies, as tdt-build's --precompress does for the app's files) and reports it. */
export async function offlineStep(staging) {
  const started = Date.now();
  const w = await writeWorker(staging);
  const sw = fs.readFileSync(path.join(staging, 'sw.js'));
  fs.writeFileSync(path.join(staging, 'sw.js.gz'), zlib.gzipSync(sw, { level: 9 }));
  fs.writeFileSync(path.join(staging, 'sw.js.br'), zlib.brotliCompressSync(sw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
  const what = w.kind === 'kill' ? 'the kill switch (offline: false)' : `${w.precached} files (${w.precachedBytes} bytes) precached`;
  process.stdout.write(`worker.mjs: sw.js written, ${w.bytes} bytes, ${what}, in ${Date.now() - started} ms\n`);
}
