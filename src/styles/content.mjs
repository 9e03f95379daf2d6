// The content step, shared by trunk's post-build hook (postbuild.mjs) and the
// development server's content watcher (devserve.mjs): runs the
// preprocessor, tdt-build, then builds the search index of the pages' HTML
// with Pagefind (the `pagefind` npm package, whose binary comes with it) into
// `pagefind/` of the output folder: one index per language, from each page's
// `<html lang>`; only pages whose `<main>` has `data-pagefind-body`
// (tdt-build marks them), plus the documents tdt-build writes outside the
// site for pages that send visitors elsewhere (`--search-docs`).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Pagefind's files for its own interfaces, which the site does not use. */
const PAGEFIND_UNUSED = /^pagefind-(component-ui|modular-ui|ui)\.(js|css)$|^pagefind-highlight\.js$/;

/**
 * Builds the search index of the HTML pages in `site` and in `extra` (a
 * folder outside the site, or null) into `site/pagefind/`. Returns the
 * number of pages indexed per language.
 */
export async function buildSearchIndex(site, extra, pagefind) {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`Pagefind: ${errors.join('; ')}`);
  const problems = [];
  for (const dir of [site, extra]) {
    if (!dir || !fs.existsSync(dir)) continue;
    const added = await index.addDirectory({ path: dir, glob: '**/*.{html,htm}' });
    problems.push(...added.errors);
  }
  const out = path.join(site, 'pagefind');
  fs.rmSync(out, { recursive: true, force: true });
  const written = await index.writeFiles({ outputPath: out });
  problems.push(...written.errors);
  await pagefind.close();
  if (problems.length) throw new Error(`Pagefind: ${problems.join('; ')}`);
  const entry = JSON.parse(fs.readFileSync(path.join(out, 'pagefind-entry.json'), 'utf8'));
  // The wasm of a language no index has (Pagefind always writes `unknown`'s).
  const wasms = new Set(Object.values(entry.languages).map((l) => `wasm.${l.wasm}.pagefind`));
  for (const name of fs.readdirSync(out)) {
    if (PAGEFIND_UNUSED.test(name) || (/^wasm\..*\.pagefind$/.test(name) && !wasms.has(name))) fs.rmSync(path.join(out, name));
  }
  return Object.fromEntries(Object.entries(entry.languages).map(([lang, l]) => [lang, l.page_count]));
}

/**
 * The command that runs tdt-build: `cargo run` (which first rebuilds it if
 * the preprocessor changed: trunk's hook) or, given `binary`, that file
 * (the development server, which saves cargo's check on every edit).
 */
export function tdtBuildCommand(args, binary = null) {
  if (binary) return [binary, args];
  return ['cargo', ['run', '--quiet', '--offline', '--profile', 'tool', '-p', 'tdt-preprocess', '--bin', 'tdt-build', '--', ...args]];
}

/**
 * Runs tdt-build with `args` (plus `--search-docs` into a scratch folder
 * when `search` is set), its messages to `stdio`'s stderr; then, if it
 * succeeded and `search` is set, the search index of `out`. Resolves to
 * {status, stderr, ms, searchMs, pages} (`stderr`: its text when `capture`
 * is set, as well as printed). `search` may also be 'after': the index is
 * not built yet, and `index()` builds it (resolves to {pages, ms}).
 */
export async function buildContent({ args, out, binary = null, search = true, capture = false, env = process.env }) {
  const docs = search ? fs.mkdtempSync(path.join(os.tmpdir(), 'tdt-search-')) : null;
  const started = Date.now();
  const [cmd, cmdArgs] = tdtBuildCommand(docs ? [...args, '--search-docs', docs] : args, binary);
  const { status, stderr } = await new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'inherit', capture ? 'pipe' : 'inherit'], env });
    let text = '';
    child.stderr?.on('data', (chunk) => {
      text += chunk;
      process.stderr.write(chunk);
    });
    child.on('error', (e) => resolve({ status: null, stderr: `cannot run ${cmd}: ${e.message}\n` }));
    child.on('close', (code) => resolve({ status: code, stderr: text }));
  });
  const result = { status, stderr, ms: Date.now() - started };
  const cleanup = () => docs && fs.rmSync(docs, { recursive: true, force: true });
  if (status !== 0 || !search) {
    cleanup();
    return result;
  }
  const index = async () => {
    const pagefind = await import('pagefind').catch(() => {
      throw new Error('src/styles/node_modules/pagefind is missing: run .ci/setup (or `npm ci --prefix src/styles`) first');
    });
    const t0 = Date.now();
    try {
      const pages = await buildSearchIndex(out, docs, pagefind);
      return { pages, ms: Date.now() - t0 };
    } finally {
      cleanup();
    }
  };
  if (search === 'after') return { ...result, index };
  const { pages, ms } = await index();
  return { ...result, pages, searchMs: ms };
}
