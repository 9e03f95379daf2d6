#!/usr/bin/env node
// tests/bench/lighthouse.mjs: Lighthouse 12 (the `lighthouse` npm package,
// pinned in tests/bench/package-lock.json; its default config is the mobile
// preset: a Moto G Power screen, simulated slow 4G and a 4× slower CPU) on
// each kind of page: home, job, project, people profile, team list and
// search results, of the release dist/ (content/) and of fixture sites
// built with the same app. Prints the four scores of each page and the
// audits that keep a score below 100; the target is 100 in all four
// categories on every kind, compared and printed, never asserted.
//
//   node tests/bench/lighthouse.mjs            every kind on content/ and on
//                                              the fixture sites (.ci/lighthouse)
//   node tests/bench/lighthouse.mjs --smoke    one page (content/'s job page)
//   node tests/bench/lighthouse.mjs --site browser-site --kind job
//
// run.mjs calls lighthouseRows() the same way (its --smoke: one page).
// Chromium is Debian's (`CHROME_PATH`, else $CHROMIUM, else
// /usr/bin/chromium), started headless by chrome-launcher with the flags of
// tests/browser/harness.mjs and a fresh user-data-dir; the site is served by
// tests/browser/server.mjs like GitHub Pages (`pages` mode, gzip, the
// site's Content-Security-Policy). Nothing is downloaded: Lighthouse runs
// from tests/bench/node_modules (`npm ci` by .ci/setup).

import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, CHROMIUM_ARGS, DIST, REPO } from '../browser/harness.mjs';
import { buildFixtureSite } from '../browser/fixture-site.mjs';
import { startServer } from '../browser/server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The four categories, as Lighthouse names them, and as printed. */
export const CATEGORIES = [
  ['performance', 'perf'],
  ['accessibility', 'a11y'],
  ['best-practices', 'best pr.'],
  ['seo', 'seo'],
];

/** The kinds of page measured, in order. */
export const KINDS = ['home', 'job', 'project', 'people', 'team', 'search'];

/** Files a fixture site borrows from content/ when it has none of its own. */
const BORROWED = ['_config.yml', '_data/strings.yml', 'it/cerca.md', 'en/search.md'];

/**
 * The sites measured: content/ (the release dist/ as it is) and fixture
 * sites of the shape of the real site, built with the same app.
 */
export const SITES = [
  { name: 'content/', dist: true },
  { name: 'browser-site', content: path.join(REPO, 'tests', 'fixtures', 'browser-site') },
  { name: 'wide_site', content: path.join(REPO, 'tests', 'fixtures', 'ok', 'wide_site', 'content') },
];

/** A word the search results page is opened with, per site. */
const QUERY = { 'content/': 'cittadinanza', 'browser-site': 'dati', wide_site: 'dati' };

/**
 * One URL per kind of page of a built site, found in its data: the home
 * page of the default language, the first open job with its form, project, people
 * profile, team list (a page with `team_list`) and search results page
 * (with `?q=`), in the default language when it has one. Kinds the site
 * lacks are missing from the map.
 */
export function pagesByKind(root, query) {
  const dir = path.join(root, 'data', 'p');
  const site = JSON.parse(readFileSync(path.join(root, 'data', 'site.json'), 'utf8'));
  const lang = site.langs?.[0]?.code ?? 'it';
  const pages = readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .map((n) => JSON.parse(readFileSync(path.join(dir, n), 'utf8')))
    .filter((e) => e.kind === 'page' && !e.redirect_to)
    .sort((a, b) => (b.lang === lang) - (a.lang === lang) || a.url.localeCompare(b.url));
  const first = (pred) => pages.find(pred)?.url;
  const html = (p) => (p.blocks ?? []).map((b) => b.html ?? '').join('');
  const kinds = new Map();
  const add = (kind, url) => url && kinds.set(kind, url);
  add('home', first((p) => p.url === `/${lang}/`) ?? first((p) => p.url === '/'));
  add('job', first((p) => p.layout === 'job' && !p.job?.archived && p.job?.apply) ?? first((p) => p.layout === 'job'));
  add('project', first((p) => p.layout === 'project'));
  add('people', first((p) => p.layout === 'people'));
  add('team', first((p) => (p.blocks ?? []).some((b) => b.type === 'team_list')));
  const search = first((p) => html(p).includes('class="search-results"'));
  add('search', search && `${search}?q=${encodeURIComponent(query)}`);
  return kinds;
}

/** A copy of a fixture's content with what it borrows from content/. */
function withBorrowed(content) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tdt-lighthouse-content-'));
  cpSync(content, tmp, { recursive: true });
  for (const rel of BORROWED) {
    if (!existsSync(path.join(tmp, rel))) cpSync(path.join(REPO, 'content', rel), path.join(tmp, rel));
  }
  return { dir: tmp, remove: () => rmSync(tmp, { recursive: true, force: true }) };
}

/** Lighthouse's result → {scores: {category: 0–100}, failing: ['audit (value)']}. */
export function summarize(lhr) {
  const scores = {};
  const failing = [];
  for (const [id] of CATEGORIES) {
    const category = lhr.categories[id];
    scores[id] = category?.score === null || category?.score === undefined ? null : Math.round(category.score * 100);
    for (const ref of category?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id];
      if (!audit || audit.score === null || audit.score >= 1) continue;
      if (['notApplicable', 'informative', 'manual'].includes(audit.scoreDisplayMode)) continue;
      // Unweighted audits count only when they are performance opportunities.
      if (ref.weight === 0 && audit.details?.type !== 'opportunity') continue;
      const value = audit.displayValue ? ` ${audit.displayValue.replace(/\s+/g, ' ')}` : '';
      // LCP: which element it was (Lighthouse's diagnostic of that name).
      const source = ref.id === 'largest-contentful-paint' ? lhr.audits['largest-contentful-paint-element'] : audit;
      const items = (source?.details?.items ?? [])
        .flatMap((i) => (i.items && !i.node ? i.items : [i]))
        .map((i) => i.node?.snippet ?? i.url ?? i.source?.url)
        .filter(Boolean)
        .slice(0, 2)
        .map((s) => String(s).slice(0, 80));
      failing.push(`${id === 'performance' ? '' : `${id}: `}${ref.id}${value} (${audit.score.toFixed(2)})${items.length ? ` [${items.join('; ')}]` : ''}`);
    }
  }
  return { scores, failing };
}

/** Starts Debian's Chromium for Lighthouse; returns {port, kill()}. */
async function launchChrome() {
  const { launch } = await import('chrome-launcher');
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'tdt-lighthouse-chrome-'));
  const chrome = await launch({
    chromePath: process.env.CHROME_PATH ?? CHROMIUM,
    chromeFlags: ['--headless', ...CHROMIUM_ARGS],
    userDataDir,
    logLevel: 'silent',
  });
  return {
    port: chrome.port,
    kill: async () => {
      await chrome.kill();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** One Lighthouse run (mobile preset) on `url`: {scores, failing, lcp, fcp}. */
async function audit(port, url) {
  const { default: lighthouse } = await import('lighthouse');
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: CATEGORIES.map(([id]) => id),
  });
  const lhr = result?.lhr;
  if (!lhr) throw new Error(`lighthouse: no result for ${url}`);
  if (lhr.runtimeError) throw new Error(`lighthouse: ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const metric = (id) => lhr.audits[id]?.numericValue ?? null;
  return { ...summarize(lhr), fcp: metric('first-contentful-paint'), lcp: metric('largest-contentful-paint'), warnings: lhr.runWarnings ?? [] };
}

/**
 * Measures the sites and kinds asked for; calls `report(result)` for each
 * page as it is measured and returns every result:
 * {site, kind, url, scores, failing, fcp, lcp}.
 */
export async function measure({ smoke = false, sites = null, kinds = null, log = () => {} } = {}) {
  const chosen = SITES.filter((s) => (smoke ? s.dist : !sites || sites.includes(s.name)));
  const wanted = smoke ? ['job'] : kinds ?? KINDS;
  const results = [];
  const chrome = await launchChrome();
  try {
    for (const site of chosen) {
      let root = DIST;
      let cleanup = () => {};
      if (!site.dist) {
        log(`lighthouse: building the ${site.name} fixture site`);
        const content = withBorrowed(site.content);
        try {
          const built = await buildFixtureSite(content.dir, { dates: {}, worker: true });
          root = built.root;
          cleanup = built.remove;
        } finally {
          content.remove();
        }
      }
      const srv = await startServer({ root, mode: 'pages', gzip: true });
      try {
        const kindsOfSite = pagesByKind(root, QUERY[site.name] ?? 'dati');
        for (const kind of wanted) {
          const url = kindsOfSite.get(kind);
          if (!url) {
            results.push({ site: site.name, kind, url: null });
            continue;
          }
          log(`lighthouse: ${site.name} ${kind} ${url}`);
          results.push({ site: site.name, kind, url, ...(await audit(chrome.port, `${srv.url}${url}`)) });
        }
      } finally {
        await srv.close();
        cleanup();
      }
    }
  } finally {
    await chrome.kill();
  }
  return results;
}

/** A Markdown table of results. */
export function table(results) {
  const lines = [`| site | kind | page | ${CATEGORIES.map(([, short]) => short).join(' | ')} | FCP | LCP | below 1 |`, `|---|---|---|${CATEGORIES.map(() => '---:|').join('')}---:|---:|---|`];
  for (const r of results) {
    if (!r.url) {
      lines.push(`| ${r.site} | ${r.kind} | (no such page) |${CATEGORIES.map(() => ' |').join('')} | | |`);
      continue;
    }
    const scores = CATEGORIES.map(([id]) => (r.scores[id] === 100 ? '100' : `**${r.scores[id] ?? '–'}**`));
    const s = (n) => (n === null ? '–' : `${(n / 1000).toFixed(1)} s`);
    lines.push(`| ${r.site} | ${r.kind} | \`${r.url}\` | ${scores.join(' | ')} | ${s(r.fcp)} | ${s(r.lcp)} | ${r.failing.join('; ').replace(/\|/g, '\\|') || '–'} |`);
  }
  return lines.join('\n');
}

/** Whether a result meets the target: 100 in all four categories. */
export const meetsTarget = (r) => CATEGORIES.every(([id]) => r.scores?.[id] === 100);

/** The benchmark's rows: `row(name, figure, target, pass)` for each page. */
export async function lighthouseRows({ smoke, row, log }) {
  const results = await measure({ smoke, log });
  for (const r of results) {
    if (!r.url) {
      row(`${r.site} ${r.kind}: no such page`, '–');
      continue;
    }
    const figure = CATEGORIES.map(([id, short]) => `${short} ${r.scores[id]}`).join(', ');
    row(`${r.site} ${r.kind} (\`${r.url}\`)`, figure, '100 in all four', meetsTarget(r));
  }
  return table(results);
}

// --- command line ------------------------------------------------------------------
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const option = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const known = ['--smoke', '--site', '--kind'];
  for (const a of argv) {
    if (a.startsWith('--') && !known.includes(a)) {
      console.error(`unknown option ${a}\nusage: node tests/bench/lighthouse.mjs [--smoke] [--site ${SITES.map((s) => s.name).join('|')}] [--kind ${KINDS.join('|')}]`);
      process.exit(2);
    }
  }
  if (!existsSync(path.join(HERE, 'node_modules', 'lighthouse'))) {
    console.error('lighthouse is not installed: run .ci/setup (npm ci in tests/bench/)');
    process.exit(1);
  }
  const t0 = Date.now();
  const log = (...a) => console.error(`[lighthouse ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
  const sites = option('--site')?.split(',');
  const kinds = option('--kind')?.split(',');
  const results = await measure({ smoke: argv.includes('--smoke'), sites, kinds, log });
  console.log(table(results));
  const measured = results.filter((r) => r.url);
  const met = measured.filter(meetsTarget).length;
  console.log(`\n${met} of ${measured.length} pages at 100 in all four categories (target: all; printed, never asserted)`);
}
