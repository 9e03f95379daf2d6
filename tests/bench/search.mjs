// tests/bench/search.mjs: the benchmark's search figures. The Pagefind
// index of a built site (per language: files and bytes as served; Pagefind's
// index files are already gzip-compressed), building it for a folder of the
// preprocessor's HTML, and, in Chromium, the time from the first keystroke
// in the header's search box to the expected result shown.

import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildSearchIndex } from '../../src/styles/postbuild.mjs';

/**
 * The sizes of `dir/pagefind/`: per language (files whose name carries the
 * language: `wasm.it.pagefind`, `pagefind.it_*.pf_meta`, `index/it_*`,
 * `fragment/it_*`, `filter/it_*`) and shared (pagefind.js, the worker, the
 * entry file). Returns {langs: {it: {files, bytes}}, shared: {files, bytes}}.
 */
export function indexSizes(dir) {
  const root = path.join(dir, 'pagefind');
  const langs = {};
  const shared = { files: 0, bytes: 0 };
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const file = path.join(d, name);
      const stat = statSync(file);
      if (stat.isDirectory()) {
        walk(file);
        continue;
      }
      const lang = /^(?:wasm\.([a-z-]+)\.pagefind|pagefind\.([a-z-]+)_[0-9a-f]+\.pf_meta|([a-z-]+)_[0-9a-f]+\.pf_(?:index|fragment|filter))$/.exec(name);
      const code = lang && (lang[1] ?? lang[2] ?? lang[3]);
      const slot = code && code !== 'unknown' ? (langs[code] ??= { files: 0, bytes: 0 }) : shared;
      if (code === 'unknown') continue; // Pagefind's fallback wasm, never loaded here
      slot.files += 1;
      slot.bytes += stat.size;
    }
  };
  walk(root);
  return { langs, shared };
}

/** Builds the search index of the HTML in `dir` as the post-build hook does; {ms, pages}. */
export async function indexSite(dir) {
  const pagefind = await import('../../src/styles/node_modules/pagefind/lib/index.js');
  const t0 = performance.now();
  const pages = await buildSearchIndex(dir, null, pagefind);
  return { ms: performance.now() - t0, pages };
}

/**
 * One cold visit of `url`: once the app is ready, clicks the search box and
 * types `query`; the time from the first keydown to the option titled
 * `title` shown, then the same for a second query (`again`, Pagefind
 * loaded) from its first keydown. {first, warm} in ms.
 */
export async function keystrokeToResults(browser, srv, { url, query, title, again, againTitle }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(srv.url + url);
    await page.waitForFunction(() => document.documentElement.dataset.app === 'ready');
    const timed = async (text, expected) => {
      await page.evaluate((expected) => {
        window.__search = { down: null, shown: null };
        document.addEventListener('keydown', () => (window.__search.down ??= performance.now()), { capture: true, once: true });
        const seen = () =>
          [...document.querySelectorAll('#search-listbox .search-option-title')].some((t) => t.textContent === expected) &&
          !document.querySelector('.search-popup').hidden;
        new MutationObserver((_, observer) => {
          if (seen()) {
            window.__search.shown = performance.now();
            observer.disconnect();
          }
        }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      }, expected);
      await page.keyboard.type(text);
      await page.waitForFunction(() => window.__search.shown !== null, null, { timeout: 30000 });
      return page.evaluate(() => window.__search.shown - window.__search.down);
    };
    await page.locator('#search-input').focus();
    const first = await timed(query, title);
    await page.locator('#search-input').fill('');
    const warm = await timed(again, againTitle);
    return { first, warm };
  } finally {
    await context.close();
  }
}
