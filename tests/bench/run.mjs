#!/usr/bin/env node
// tests/bench/run.mjs: the site's benchmark. Prints a table and writes
// BENCHMARKS.md (figures, targets, machine, date). Wrapper: .ci/bench.
//
//   node tests/bench/run.mjs            full run: trunk release build, sizes,
//                                       preprocessor on content/ and on
//                                       synthetic sites of 300, 3,000 and
//                                       30,000 pages, browser figures (median
//                                       of 10 cold runs), also throttled
//   node tests/bench/run.mjs --smoke    quick run for .ci/test (~30 s): no
//                                       trunk build (uses dist/ as it is,
//                                       building only if missing), 300 pages
//                                       only, one run of each browser figure,
//                                       one edit under .ci/serve --no-trunk;
//                                       writes target/bench/BENCHMARKS.smoke.md
//
// Options: --no-build (use dist/ as it is), --runs N (browser runs),
// --sizes 300,3000 (synthetic sizes), --out FILE (the report), --no-browser,
// --no-lighthouse (tests/bench/lighthouse.mjs: every page kind of content/
// and the fixture sites; --smoke: one page).
//
// The benchmark is not a test: a figure that misses its target never makes
// it fail. It exits non-zero only when it cannot measure (a build fails, a
// page never shows, a selector is gone...), so that it does not rot.
// Synthetic sites are generated (deterministically) under
// $TMPDIR/tdt-bench/ and reused while the generator is unchanged.
// KB = 1,024 bytes throughout.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { launchBrowser } from '../browser/harness.mjs';
import { startServer } from '../browser/server.mjs';
import { deepLink, inAppNavigation, pageIndex, plainPaint, plainTwin } from './browser.mjs';
import { timeEdits } from './devserve.mjs';
import { indexSite, indexSizes, keystrokeToResults } from './search.mjs';
import { ensureSite } from './synth.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const DIST = path.join(REPO, 'dist');
const CONTENT = path.join(REPO, 'content');
const WORK = path.join(os.tmpdir(), 'tdt-bench');
// The preprocessor writes into memory (tmpfs) when the machine has one, so
// its figures are the program's, not the disk's: on the virtual disks of CI
// machines creating the same 60,000 files takes 2 s one run and 20 s the
// next. One line measures the disk too, for information.
const SHM = existsSync('/dev/shm') && statSync('/dev/shm').isDirectory() ? '/dev/shm' : null;
const OUT_ROOT = SHM ? path.join(SHM, 'tdt-bench-out') : WORK;
const TOOL = path.join(REPO, 'target', 'tool', 'tdt-build');
const ENV = { ...process.env, PATH: `${path.join(os.homedir(), '.cargo', 'bin')}${path.delimiter}${process.env.PATH}` };

// --- options --------------------------------------------------------------------
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const SMOKE = flag('--smoke');
const BUILD = !flag('--no-build') && !SMOKE;
const RUNS = Number(option('--runs') ?? (SMOKE ? 1 : 10));
const TOOL_RUNS = SMOKE ? 1 : 3;
const SIZES = (option('--sizes') ?? (SMOKE ? '300' : '300,3000,30000')).split(',').map(Number);
const OUT = path.resolve(option('--out') ?? (SMOKE ? path.join(REPO, 'target', 'bench', 'BENCHMARKS.smoke.md') : path.join(REPO, 'BENCHMARKS.md')));
const BROWSER = !flag('--no-browser');
for (const a of argv) {
  if (a.startsWith('--') && !['--smoke', '--no-build', '--runs', '--sizes', '--out', '--no-browser', '--no-lighthouse'].includes(a)) {
    console.error(`unknown option ${a}\nusage: node tests/bench/run.mjs [--smoke] [--no-build] [--runs N] [--sizes 300,3000] [--out FILE] [--no-browser] [--no-lighthouse]`);
    process.exit(2);
  }
}

// --- helpers --------------------------------------------------------------------
const KB = 1024;
const kb = (n) => `${(n / KB).toFixed(1)} KB`;
const ms = (n) => (n === null || n === undefined ? '–' : `${n.toFixed(n < 10 ? 1 : 0)} ms`);
const median = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const T0 = Date.now();
const log = (...a) => console.error(`[bench ${((Date.now() - T0) / 1000).toFixed(1)}s]`, ...a);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: REPO, env: ENV, encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with status ${r.status}\n${(r.stderr ?? '').slice(-4000)}`);
  return r;
}

const gz = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
const br = (buf) => zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length;

/** The app's files in a built folder: {wasm, js, boot, css, index, site}. */
function appFiles(dir) {
  const names = readdirSync(dir);
  const one = (re, what) => {
    const found = names.filter((n) => re.test(n));
    if (found.length !== 1) throw new Error(`benchmark: expected one ${what} in ${dir}, found ${found.length ? found.join(', ') : 'none'}`);
    return path.join(dir, found[0]);
  };
  return {
    wasm: one(/^tdt-site-[0-9a-f]+_bg\.wasm$/, 'wasm file'),
    js: one(/^tdt-site-[0-9a-f]+\.js$/, 'tdt-site-*.js'),
    boot: one(/^boot-[0-9a-f]+\.js$/, 'boot-*.js'),
    css: one(/\.css$/, 'CSS file'),
    index: path.join(dir, 'index.html'),
    site: path.join(dir, 'data', 'site.json'),
  };
}

/** gzip size of what a first visit downloads before any page: index.html, js, wasm, css, site.json. */
function firstDownload(dir) {
  const f = appFiles(dir);
  return [f.index, f.js, f.boot, f.wasm, f.css, f.site].reduce((s, p) => s + gz(readFileSync(p)), 0);
}

const rows = []; // {section, name, figure, target, pass}
const row = (section, name, figure, target = '', pass = null) => rows.push({ section, name, figure, target, pass });
const verdict = (pass) => (pass === null ? '' : pass ? 'pass' : 'FAIL');
const notes = {}; // section → extra markdown

/** Crates only the preprocessor uses (Cargo.toml, native-only section). */
const NATIVE_ONLY = ['pulldown-cmark', 'serde-saphyr', 'ammonia', 'html5ever', 'mimalloc', 'liquid-core', 'liquid-lib', 'flate2', 'brotli', 'rayon', 'tdt-preprocess'];

// --- 0. build ------------------------------------------------------------------------
const started = Date.now();
const LOAD_AT_START = os.loadavg().map((x) => x.toFixed(2)).join(' ');
if (BUILD || !existsSync(path.join(DIST, 'index.html'))) {
  log('trunk build --release --offline');
  run('trunk', ['build', '--release', '--offline'], { stdio: ['ignore', 'inherit', 'inherit'] });
}
log('cargo build --profile tool -p tdt-preprocess --bin tdt-build');
run('cargo', ['build', '--quiet', '--offline', '--profile', 'tool', '-p', 'tdt-preprocess', '--bin', 'tdt-build'], { stdio: ['ignore', 'inherit', 'inherit'] });

// --- 1. sizes ------------------------------------------------------------------------
{
  const S = '1. Sizes';
  const f = appFiles(DIST);
  const pagesDir = path.join(DIST, 'data', 'p');
  const largest = readdirSync(pagesDir)
    .map((n) => path.join(pagesDir, n))
    .sort((a, b) => statSync(b).size - statSync(a).size)[0];
  const size = {};
  const list = [
    ['wasm', f.wasm],
    ['js (tdt-site)', f.js],
    ['js (boot)', f.boot],
    ['css', f.css],
    ['index.html', f.index],
    ['site.json', f.site],
    ['largest page JSON', largest],
  ];
  const table = ['| file | raw | gzip -9 | brotli 11 |', '|---|---:|---:|---:|'];
  for (const [name, file] of list) {
    const buf = readFileSync(file);
    size[name] = { raw: buf.length, gz: gz(buf), br: br(buf) };
    table.push(`| ${name} (\`${path.relative(DIST, file)}\`) | ${kb(buf.length)} | ${kb(size[name].gz)} | ${kb(size[name].br)} |`);
    row(S, `${name} raw / gzip / brotli`, `${kb(buf.length)} / ${kb(size[name].gz)} / ${kb(size[name].br)}`);
  }
  notes[S] = table.join('\n');
  const code = size.wasm.gz + size['js (tdt-site)'].gz + size['js (boot)'].gz;
  row(S, 'wasm + js, gzip', kb(code), '≤ 120 KB', code <= 120 * KB);
  row(S, 'wasm + js, gzip, with hydration', kb(code), '≤ 185 KB', code <= 185 * KB);
  row(S, 'css, gzip', kb(size.css.gz), '≤ 40 KB', size.css.gz <= 40 * KB);
  // The preprocessor's own crates must stay out of the browser app.
  const tree = run('cargo', ['tree', '--offline', '--target', 'wasm32-unknown-unknown', '-e', 'normal', '--prefix', 'none', '--format', '{p}']).stdout;
  const crates = new Set(tree.split('\n').map((l) => l.split(' ')[0]).filter(Boolean));
  const leaked = NATIVE_ONLY.filter((c) => crates.has(c));
  row(S, `crates in the wasm build (cargo tree --target wasm32-unknown-unknown)`, String(crates.size));
  row(S, `preprocessor-only crates in it (${NATIVE_ONLY.join(', ')})`, leaked.length ? leaked.join(', ') : 'none', 'none', leaked.length === 0);
}

// --- 2. preprocessor -----------------------------------------------------------------
/** Runs tdt-build under /usr/bin/time -v into a fresh folder: {wall, rss, pages}. */
function timeBuild(content, { shell, disk } = {}) {
  const out = path.join(disk ? WORK : OUT_ROOT, 'out');
  rmSync(out, { recursive: true, force: true });
  const args = ['--content', content, '--out', out];
  if (shell) {
    // A copy of dist/ as the output, the way trunk's staging folder holds the app.
    cpSync(DIST, out, { recursive: true });
    args.push('--shell', path.join(DIST, 'index.html'));
  }
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const t0 = process.hrtime.bigint();
  const r = timeBin ? run(timeBin, ['-v', TOOL, ...args]) : run(TOOL, args);
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN) * 1024;
  const pages = Number(/tdt-build: (\d+) pages/.exec(r.stderr)?.[1]);
  if (!pages) throw new Error(`benchmark: tdt-build printed no page count:\n${r.stderr.slice(-2000)}`);
  return { wall, rss, pages, out };
}

/**
 * TOOL_RUNS builds; the best wall time (other processes on a small machine
 * only ever add to it) and the largest peak memory.
 */
function measureBuild(content, opts) {
  const runs = [];
  for (let i = 0; i < TOOL_RUNS; i++) runs.push(timeBuild(content, opts));
  return { wall: Math.min(...runs.map((r) => r.wall)), rss: Math.max(...runs.map((r) => r.rss)), pages: runs[0].pages, out: runs[0].out };
}

if (!existsSync('/usr/bin/time')) log('warning: /usr/bin/time is missing (apt-get install time): no peak memory figures');
const perPage = {}; // size → µs per page (with --shell)
const downloads = {}; // size → first download gzip bytes
const searchIndex = {}; // size → {ms, pages, sizes} of the Pagefind index (sites up to 3,000 pages)
{
  const S = '2. Preprocessor';
  mkdirSync(WORK, { recursive: true });
  const table = ['| site | pages | output | wall time | pages/s | µs/page | peak memory |', '|---|---:|---|---:|---:|---:|---:|'];
  const line = (site, shell, r) => {
    const rate = r.pages / (r.wall / 1000);
    const us = (r.wall * 1000) / r.pages;
    table.push(`| ${site} | ${r.pages.toLocaleString('en')} | ${shell ? 'data + HTML (--shell)' : 'data only'} | ${ms(r.wall)} | ${Math.round(rate).toLocaleString('en')} | ${us.toFixed(0)} | ${Number.isNaN(r.rss) ? '–' : `${(r.rss / 1024 / 1024).toFixed(0)} MB`} |`);
    return { rate, us };
  };
  log('tdt-build on content/');
  for (const shell of [false, true]) {
    const r = measureBuild(CONTENT, { shell });
    const { rate } = line('content/', shell, r);
    row(S, `content/ (${r.pages} pages${shell ? ', --shell' : ', data only'})`, `${ms(r.wall)}, ${Math.round(rate).toLocaleString('en')} pages/s, ${(r.rss / 1048576).toFixed(0)} MB`);
  }
  for (const size of SIZES) {
    const dir = path.join(WORK, `synth-${size}`);
    log(`synthetic site of ${size} pages`);
    const g = ensureSite({ pages: size, dir });
    for (const shell of [false, true]) {
      log(`tdt-build on ${size} pages${shell ? ' --shell' : ''}`);
      const r = measureBuild(dir, { shell });
      const { rate, us } = line(`synthetic ${size.toLocaleString('en')} (${(g.bytes / 1048576).toFixed(0)} MB Markdown)`, shell, r);
      const big = size === Math.max(...SIZES) && size >= 30000;
      row(
        S,
        `${size.toLocaleString('en')} pages${shell ? ', --shell' : ', data only'}`,
        `${ms(r.wall)}, ${Math.round(rate).toLocaleString('en')} pages/s, ${us.toFixed(0)} µs/page, ${(r.rss / 1048576).toFixed(0)} MB`,
        big ? '≥ 10,000 pages/s' : '',
        big ? rate >= 10000 : null,
      );
      if (shell) {
        perPage[size] = us;
        downloads[size] = firstDownload(r.out);
        if (size <= 3000) {
          log(`Pagefind index of ${size} pages`);
          searchIndex[size] = { ...(await indexSite(r.out)), sizes: indexSizes(r.out) };
        }
      }
    }
  }
  if (perPage[3000] && perPage[30000]) {
    const ratio = perPage[30000] / perPage[3000];
    row(S, 'time per page, 30,000 vs 3,000 (--shell)', `${ratio.toFixed(2)}×`, '≤ 1.5×', ratio <= 1.5);
  } else {
    row(S, 'time per page, 30,000 vs 3,000', 'not measured (smoke)', '≤ 1.5×');
  }
  for (const size of SIZES) row(S, `first download, ${size.toLocaleString('en')}-page site (gzip)`, kb(downloads[size]));
  if (downloads[300] && downloads[30000]) {
    const ratio = downloads[30000] / downloads[300];
    row(S, 'first download, 30,000 vs 300 pages', `${ratio >= 1 ? '+' : '−'}${(Math.abs(ratio - 1) * 100).toFixed(2)}%`, '≤ +5%', ratio <= 1.05);
  }
  const biggest = Math.max(...SIZES);
  if (!SMOKE && SHM) {
    log(`tdt-build on ${biggest} pages --shell, output on disk`);
    const r = measureBuild(path.join(WORK, `synth-${biggest}`), { shell: true, disk: true });
    const { rate } = line(`synthetic ${biggest.toLocaleString('en')}, output on disk`, true, r);
    row(S, `${biggest.toLocaleString('en')} pages, --shell, output on disk (for information)`, `${ms(r.wall)}, ${Math.round(rate).toLocaleString('en')} pages/s`);
  }
  rmSync(OUT_ROOT === WORK ? path.join(WORK, 'out') : OUT_ROOT, { recursive: true, force: true });
  notes[S] = table.join('\n') + `\n\nOutput written to ${SHM ? 'tmpfs (/dev/shm), except the line marked "on disk"' : 'disk (no /dev/shm here)'}.` + '\n\nFirst download: index.html + tdt-site-*.js + boot-*.js + wasm + css + data/site.json, each gzip -9.';
}

// --- 3 and 4. browser ------------------------------------------------------------------
if (BROWSER) {
  const pages = pageIndex(DIST);
  const targets = [
    ['job', '/it/jobpositions/technical-project-manager.htm'],
    ['project', '/it/projects/cittadinanza-digitale.htm'],
  ];
  // Beside each deep link, a plain HTML file of the same size (removed at the end).
  const plains = targets.map(([kind, url]) => {
    const file = path.join(DIST, `bench-plain-${kind}.html`);
    const own = path.join(DIST, url.replace(/^\//, '').replace(/\/$/, '/index.html'));
    writeFileSync(file, plainTwin(readFileSync(own, 'utf8')));
    return file;
  });
  const browser = await launchBrowser();
  const srv = await startServer({ root: DIST, mode: 'pages', gzip: true });
  try {
    for (const throttle of [false, true]) {
      const S = throttle ? '4. Browser, throttled (9 Mbit/s down, 1.5 up, 60 ms)' : '3. Browser (loopback, gzip)';
      const runs = throttle && SMOKE ? 1 : RUNS;
      const table = [
        '| measure | median | runs | all runs |',
        '|---|---:|---:|---|',
      ];
      for (const [kind, url] of targets) {
        const page = pages.get(url);
        if (!page) throw new Error(`benchmark: no page entry for ${url} in dist/data/p`);
        log(`${throttle ? 'throttled ' : ''}deep link to ${url} × ${runs}`);
        const results = [];
        const plain = `/bench-plain-${kind}.html`;
        for (let i = 0; i < runs; i++) {
          const r = await deepLink(browser, srv, { url, title: page.title, throttle });
          r.plainFcp = await plainPaint(browser, srv, { url: plain, throttle });
          r.fcpRatio = r.fcp / r.plainFcp;
          results.push(r);
        }
        const m = (k) => median(results.map((r) => r[k]));
        const fcpFirst = results.filter((r) => r.fcp !== null && r.wasmEnd !== null && r.fcp < r.wasmEnd).length;
        row(S, `deep link ${kind}: first contentful paint`, ms(m('fcp')));
        row(S, `deep link ${kind}: plain HTML of the same size, first contentful paint`, ms(m('plainFcp')));
        row(S, `deep link ${kind}: first paint vs the plain HTML`, `${m('fcpRatio').toFixed(2)}×`, '≤ 1.2×', m('fcpRatio') <= 1.2);
        row(S, `deep link ${kind}: cumulative layout shift`, Math.max(...results.map((r) => r.cls)).toFixed(4) + ' (worst run)', '≤ 0.01', results.every((r) => r.cls <= 0.01));
        row(S, `deep link ${kind}: app interactive (navigation start → app ready)`, ms(m('ready')));
        row(S, `deep link ${kind}: wasm response end`, ms(m('wasmEnd')));
        row(S, `deep link ${kind}: paints before the wasm has loaded`, `${fcpFirst}/${runs} runs`, 'FCP < wasm responseEnd', fcpFirst === runs);
        row(S, `deep link ${kind}: transferred`, `${kb(m('bytes'))}, ${m('requests')} requests`, '≤ 200 KB', m('bytes') <= 200 * KB);
        row(S, `deep link ${kind}: transferred, with hydration`, kb(m('bytes')), '≤ 230 KB', m('bytes') <= 230 * KB);
        // Largest contentful paint: the last entry of each run, against that run's first paint.
        const lcpLate = results.map((r) => (r.lcp ?? Infinity) - (r.fcp ?? 0));
        row(S, `deep link ${kind}: largest contentful paint (last entry)`, ms(m('lcp')));
        row(S, `deep link ${kind}: last LCP entry after first paint`, `${ms(Math.max(...lcpLate))} (worst run)`, '≤ 50 ms, every run', lcpLate.every((d) => d <= 50));
        const searchFiles = Math.max(...results.map((r) => r.list.filter((x) => x.path.startsWith('/pagefind/')).length));
        row(S, `deep link ${kind}: search files downloaded (/pagefind/)`, String(searchFiles), '0 until the box is focused', searchFiles === 0);
        for (const k of ['fcp', 'plainFcp', 'lcp', 'ready', 'wasmEnd']) table.push(`| ${kind} ${k} | ${ms(m(k))} | ${runs} | ${results.map((r) => (r[k] ?? 0).toFixed(0)).join(', ')} |`);
        table.push(`| ${kind} cls | ${m('cls').toFixed(4)} | ${runs} | ${results.map((r) => r.cls.toFixed(4)).join(', ')} |`);
        table.push(`| ${kind} bytes | ${kb(m('bytes'))} | ${runs} | ${results.map((r) => (r.bytes / KB).toFixed(1)).join(', ')} |`);
        results.forEach((r, i) => table.push(`| ${kind} LCP entries, run ${i + 1} | ${r.lcpEntries.length} | | ${r.lcpEntries.map((e) => `${e.time.toFixed(0)} ms ${e.size} px² ${e.element.replace(/\|/g, '/')}`).join('; ')} |`));
        if (!throttle) {
          const list = results[0].list.map((r) => `${r.path} ${kb(r.bytes)}${r.failed ? ` (${r.failed})` : ''}`).join('; ');
          table.push(`| ${kind} requests (first run) | ${results[0].requests} | | ${list} |`);
        }
        const errs = results.flatMap((r) => r.errors);
        if (errs.length) log(`page errors on ${url}: ${[...new Set(errs)].join(' | ')}`);
      }

      log(`${throttle ? 'throttled ' : ''}in-app navigation × ${runs}`);
      const nav = [];
      for (let i = 0; i < runs; i++) nav.push(await inAppNavigation(browser, srv, { pages, throttle }));
      const m = (k) => median(nav.map((r) => r[k]));
      const all = (pred) => nav.every(pred);
      row(S, 'in-app nav, page not fetched yet (click → heading)', ms(m('notFetched')));
      row(S, 'in-app nav, not fetched yet: requests for its JSON', `${nav.map((r) => `${r.notFetchedBefore}→${r.notFetchedRequests}`).join(', ')}`, 'exactly 1', all((r) => r.notFetchedBefore === 0 && r.notFetchedRequests === 1));
      row(S, 'in-app nav, page fetched before (click → heading)', ms(m('fetched')), '≤ 16 ms (median)', m('fetched') <= 16);
      row(S, 'in-app nav, back to the deep-linked page', ms(m('backHome')), '≤ 16 ms (median)', m('backHome') <= 16);
      row(S, 'in-app nav, fetched before: new requests', nav.map((r) => r.fetchedRequests).join(', '), '0', all((r) => r.fetchedRequests === 0));
      row(S, 'in-app nav, hover prefetch: JSON requests before click → after', nav.map((r) => `${r.hoverPrefetched}→${r.hoverRequests}`).join(', '), '1 → 1', all((r) => r.hoverBefore === 0 && r.hoverPrefetched === 1 && r.hoverRequests === 1));
      row(S, 'in-app nav, after hover prefetch (click → heading)', ms(m('hover')), '≤ 16 ms (median)', m('hover') <= 16);
      row(S, 'in-app nav, most requests for one page JSON', String(Math.max(...nav.map((r) => r.maxSameFile))), '1', all((r) => r.maxSameFile === 1));
      for (const k of ['notFetched', 'backHome', 'fetched', 'hover']) table.push(`| nav ${k} | ${ms(m(k))} | ${runs} | ${nav.map((r) => r[k].toFixed(1)).join(', ')} |`);
      table.push(`| nav /data/p/ requests (first run) | | | ${nav[0].dataRequests.join(', ')} |`);
      notes[S] = table.join('\n');
    }
    {
      const S = '5. Search';
      log(`first keystroke to search results × ${RUNS}`);
      const times = [];
      for (let i = 0; i < RUNS; i++) {
        times.push(await keystrokeToResults(browser, srv, { url: '/it/projects/', query: 'cittadinanza', title: 'Cittadinanza digitale', again: 'talenti', againTitle: 'Lavora con noi' }));
      }
      row(S, 'first keystroke → expected result shown, Pagefind loaded on focus (median)', ms(median(times.map((t) => t.first))));
      row(S, 'first keystroke → expected result shown, second query (median)', ms(median(times.map((t) => t.warm))));
      notes[S] = `Keystrokes: \`cittadinanza\` typed into the header's box of \`/it/projects/\` right after focusing it (a new browser context each run, loopback with gzip), then \`talenti\`; time from the first keydown to the option with the expected title shown. All runs (ms): ${times.map((t) => `${t.first.toFixed(0)}/${t.warm.toFixed(0)}`).join(', ')}.`;
    }
  } finally {
    await browser.close();
    await srv.close();
    for (const file of plains) rmSync(file, { force: true });
  }
}

// --- 5. search index sizes --------------------------------------------------------------
{
  const S = '5. Search';
  const describe = (s) =>
    Object.entries(s.langs)
      .map(([lang, l]) => `${lang} ${kb(l.bytes)} (${l.files} files)`)
      .join(', ');
  const content = indexSizes(DIST);
  for (const [lang, l] of Object.entries(content.langs)) row(S, `index, content/: ${lang}`, `${kb(l.bytes)} in ${l.files} files`);
  row(S, 'index, shared files (pagefind.js, worker, entry)', `${kb(content.shared.bytes)} in ${content.shared.files} files (raw; served compressed)`);
  for (const [size, r] of Object.entries(searchIndex)) {
    const pages = Object.entries(r.pages).map(([lang, n]) => `${lang} ${n}`).join(', ');
    row(S, `index, ${Number(size).toLocaleString('en')}-page synthetic site`, `${describe(r.sizes)}; pages ${pages}; built in ${ms(r.ms)}`);
  }
}

// --- 6. authoring: an edit under .ci/serve -----------------------------------------------
if (BROWSER) {
  const S = '6. Authoring (.ci/serve)';
  const edits = SMOKE ? 1 : 5;
  const browser = await launchBrowser();
  const table = ['| site | page | edits | save → served (ms) | save → reloaded (ms) |', '|---|---|---:|---|---|'];
  try {
    const sites = [
      ['content/', CONTENT, 'it/jobpositions/technical-project-manager.md'],
      ['300-page synthetic site', path.join(WORK, 'synth-300'), 'it/team/index.md'],
    ];
    for (const [name, content, page] of sites) {
      if (content !== CONTENT) ensureSite({ pages: 300, dir: content });
      log(`${edits} edit(s) of ${name} ${page} under .ci/serve${SMOKE ? ' --no-trunk' : ''}`);
      const r = await timeEdits(browser, { repo: REPO, content, page, edits, port: 0, trunk: !SMOKE, dist: DIST });
      const worst = (xs) => Math.max(...xs);
      for (const [what, xs] of [['save → new text served', r.served], ['save → browser reloaded', r.reloaded]]) {
        row(S, `${name}: ${what} (median, worst of ${edits})`, `${ms(median(xs))}, ${ms(worst(xs))}`, '≤ 1 s worst', worst(xs) <= 1000);
      }
      table.push(`| ${name} | \`${r.url}\` | ${edits} | ${r.served.map((x) => x.toFixed(0)).join(', ')} | ${r.reloaded.map((x) => x.toFixed(0)).join(', ')} |`);
    }
  } finally {
    await browser.close();
  }
  notes[S] = table.join('\n') + `\n\nEach edit appends a paragraph to the page's file in a copy of the content folder served by \`.ci/serve --content COPY\`${SMOKE ? ' --no-trunk (a copy of dist/ served, no trunk build: the same content path)' : ' (trunk watch running, after its first build)'}; "served": an HTTP request for the page answers with the new text (polled every 5 ms); "reloaded": the open page has reloaded by itself and the new document holds the text (its DOMContentLoaded).`;
}

// --- 7. Lighthouse: tests/bench/lighthouse.mjs -------------------------------------------
if (BROWSER && !flag('--no-lighthouse')) {
  const S = '7. Lighthouse (mobile preset)';
  const { lighthouseRows } = await import('./lighthouse.mjs');
  notes[S] = await lighthouseRows({ smoke: SMOKE, row: (...a) => row(S, ...a), log });
}

// --- report ------------------------------------------------------------------------------
function machine() {
  const cpu = /model name\s*:\s*(.+)/.exec(existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '')?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const nproc = spawnSync('nproc', { encoding: 'utf8' }).stdout?.trim() || String(os.availableParallelism?.() ?? os.cpus().length);
  const chromium = spawnSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
  const rev = spawnSync('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout?.trim() || 'unknown';
  const dirty = spawnSync('git', ['-C', REPO, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).stdout?.trim() ? ' (with uncommitted changes)' : '';
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  return { load, cpu, nproc, mem: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GB`, os: `${os.type()} ${os.release()} ${os.arch()}`, node: process.version, chromium, rev: rev + dirty };
}

const mach = machine();
const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const widths = [0, 0, 0];
for (const r of rows) {
  widths[0] = Math.max(widths[0], r.name.length);
  widths[1] = Math.max(widths[1], r.figure.length);
  widths[2] = Math.max(widths[2], r.target.length);
}
let section = '';
const lines = [];
for (const r of rows) {
  if (r.section !== section) {
    section = r.section;
    lines.push('', section);
  }
  lines.push(`  ${r.name.padEnd(widths[0])}  ${r.figure.padEnd(widths[1])}  ${r.target.padEnd(widths[2])}  ${verdict(r.pass)}`);
}
const failed = rows.filter((r) => r.pass === false);
const elapsed = ((Date.now() - started) / 1000).toFixed(0);
console.log(lines.join('\n'));
console.log(`\n${rows.filter((r) => r.pass).length} targets met, ${failed.length} missed${failed.length ? `: ${failed.map((r) => r.name).join('; ')}` : ''} (${SMOKE ? 'smoke run, ' : ''}${elapsed} s; ${mach.nproc} CPUs, ${mach.cpu}, ${mach.mem})`);

const md = [];
md.push('# Benchmarks', '');
md.push(`Generated by \`.ci/bench\` (\`node tests/bench/run.mjs${argv.length ? ' ' + argv.join(' ') : ''}\`) on ${date}${SMOKE ? ' — **smoke run**: one run per figure, small sites only' : ''}. Do not edit: run it again.`, '');
md.push(`Machine: ${mach.nproc} CPUs (${mach.cpu}), ${mach.mem} memory, ${mach.os}; Node ${mach.node}; ${mach.chromium}. Commit ${mach.rev}. Load average at the start ${LOAD_AT_START}, at the end ${mach.load} (other work on the machine slows every figure).`, '');
md.push('Figures are medians (browser: of ' + RUNS + ' cold runs, a new browser context each; preprocessor: best of ' + TOOL_RUNS + ' runs). KB = 1,024 bytes. A figure that misses its target does not fail CI.', '');
md.push(`**${rows.filter((r) => r.pass).length} targets met, ${failed.length} missed.**`, '');
const sections = [...new Set(rows.map((r) => r.section))];
for (const s of sections) {
  md.push(`## ${s}`, '', '| measure | figure | target | result |', '|---|---|---|---|');
  for (const r of rows.filter((x) => x.section === s)) md.push(`| ${r.name} | ${r.figure} | ${r.target} | ${r.pass === null ? '' : r.pass ? 'pass' : '**fail**'} |`);
  md.push('');
  if (notes[s]) md.push(notes[s], '');
}
md.push(readFileSync(path.join(HERE, 'levers.md'), 'utf8').trim(), '');
md.push(readFileSync(path.join(HERE, 'bytes.md'), 'utf8').replace(/^<!--.*-->\n/, '').trim(), '');
md.push('## How it is measured', '');
md.push(
  '- Sizes: the files of `dist/` after `trunk build --release --offline`; gzip level 9 and brotli quality 11 (Node zlib).',
  '- Preprocessor: `target/tool/tdt-build` (`cargo build --profile tool`) under `/usr/bin/time -v`, wall time of the whole process into an empty folder (data only), or into a copy of `dist/` with `--shell dist/index.html` (data and every HTML file). Synthetic sites (`tests/bench/synth.mjs`): both languages in pairs; 20% jobs, 30% projects with people and timelines, 50% people profiles; bodies of 2–6 KB of Markdown with headings, lists, links, emphasis.',
  '- Browser: Chromium headless (`/usr/bin/chromium`, the flags of `tests/browser/harness.mjs`), site served by `tests/browser/server.mjs` (`pages` mode, gzip) on loopback. FCP from the `paint` PerformanceObserver; the plain HTML beside each deep link has the text of the deep link padded to the same number of bytes and no CSS, fonts or scripts, loaded cold right after it in the same run (the ratio is the median of the per-run ratios); layout shift from the `layout-shift` PerformanceObserver, every entry without recent input summed from navigation start until the network is quiet after the app is ready; "app interactive" when `<html data-app="ready">` and `main h1` shows the page title; bytes are CDP `encodedDataLength` (bodies and headers) of every request. In-app navigation: `performance.now()` from `a.click()` to a MutationObserver seeing the new `main h1` text. Hover prefetch: Playwright hovers the menu link, the page JSON is fetched, then the click must not fetch again.',
  '- Largest contentful paint: every `largest-contentful-paint` entry (PerformanceObserver, buffered) with its time, size and element, read once the network is quiet after the app is ready; the throttled runs are Chrome\'s Fast 4G figures (9 Mbit/s down, 1.5 up, 60 ms). The target compares the last entry of each run with that run\'s first contentful paint: a new entry when the app takes over would come hundreds of ms later.',
  '- Throttled: CDP `Network.emulateNetworkConditions` (latency 60 ms, 9 Mbit/s down, 1.5 Mbit/s up) on every page of the run.',
  '- Lighthouse: `tests/bench/lighthouse.mjs`, Lighthouse 12.2.3 with its default (mobile) preset, one run per page, Debian\'s Chromium headless with a fresh profile, the site served in `pages` mode with gzip; the fixture sites are built with the release app (`tests/browser/fixture-site.mjs`).',
);
mkdirSync(path.dirname(OUT), { recursive: true });
writeFileSync(OUT, md.join('\n') + '\n');
log(`wrote ${path.relative(REPO, OUT)}`);
