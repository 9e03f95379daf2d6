#!/usr/bin/env node
// trunk's post_build hook (Trunk.toml): in release builds, minifies the
// wasm-bindgen JavaScript glue trunk wrote (trunk 0.21's own minifier cannot
// parse it; esbuild, from src/styles/node_modules, can: about 2 KB less
// gzip) and writes its new integrity hash into the staged index.html; then
// runs the content preprocessor, tdt-build, which fills that index.html in
// for every page; then builds the search index from the pages' HTML with
// Pagefind (the `pagefind` npm package, whose binary comes with it) into
// `pagefind/` of the staging folder: one index per language, from each
// page's `<html lang>`; only pages whose `<main>` has `data-pagefind-body`
// (tdt-build marks them), plus the documents tdt-build writes outside the
// site for pages that send visitors elsewhere (`--search-docs`). trunk runs
// the hooks of one stage in parallel, so every step is in this one hook, in
// this order.
//
//   node src/styles/postbuild.mjs [tdt-build arguments]
//
// Reads TRUNK_PROFILE and TRUNK_STAGING_DIR, as trunk sets them for hooks.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { offlineStep, wantsWorker } from './worker.mjs';

const stylesDir = path.dirname(fileURLToPath(import.meta.url));

function fail(message) {
  process.stderr.write(`postbuild.mjs: ${message}\n`);
  process.exit(1);
}

/** The integrity value of `bytes` as trunk writes it (SHA-384, base64). */
export function integrity(bytes) {
  return 'sha384-' + crypto.createHash('sha384').update(bytes).digest('base64');
}

/**
 * Minifies the glue `name` in `staging`, with the wasm-bindgen snippets it
 * imports (`snippets/`) bundled in, so that starting the app takes no extra
 * request, and puts its new integrity in the staged index.html in place of
 * the old one. Returns [before, after] sizes.
 */
export function minifyGlue(staging, name, esbuild) {
  const file = path.join(staging, name);
  const source = fs.readFileSync(file);
  const built = esbuild.buildSync({ entryPoints: [file], bundle: true, write: false, minify: true, format: 'esm', target: 'es2020', logLevel: 'error' });
  const code = built.outputFiles[0].text;
  const indexFile = path.join(staging, 'index.html');
  const index = fs.readFileSync(indexFile, 'utf8');
  const old = integrity(source);
  if (!index.includes(old)) fail(`${indexFile} does not carry the integrity of ${name} (${old})`);
  fs.writeFileSync(file, code);
  fs.writeFileSync(indexFile, index.split(old).join(integrity(code)));
  return [source.length, Buffer.byteLength(code)];
}

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

/** Removes `snippets/` from `staging` and the staged index.html's modulepreloads of it. */
export function dropSnippets(staging) {
  fs.rmSync(path.join(staging, 'snippets'), { recursive: true, force: true });
  const indexFile = path.join(staging, 'index.html');
  const index = fs.readFileSync(indexFile, 'utf8');
  fs.writeFileSync(indexFile, index.replace(/[ \t]*<link rel="modulepreload" href="\/snippets\/[^"]*"[^>]*>\n?/g, ''));
}

async function main() {
  const staging = process.env.TRUNK_STAGING_DIR;
  if (process.env.TRUNK_PROFILE === 'release' && staging) {
    const require = createRequire(path.join(stylesDir, 'package.json'));
    let esbuild;
    try {
      esbuild = require('esbuild');
    } catch {
      fail('src/styles/node_modules/esbuild is missing: run .ci/setup (or `npm ci --prefix src/styles`) first');
    }
    const glue = fs.readdirSync(staging).filter((n) => /^tdt-site-[0-9a-f]+\.js$/.test(n));
    for (const name of glue) {
      const [before, after] = minifyGlue(staging, name, esbuild);
      process.stdout.write(`postbuild.mjs: ${name} minified, ${before} → ${after} bytes\n`);
    }
    // Bundled into the glue above: the files and trunk's preloads of them go.
    if (glue.length) dropSnippets(staging);
  }
  const docs = fs.mkdtempSync(path.join(os.tmpdir(), 'tdt-search-'));
  process.on('exit', () => fs.rmSync(docs, { recursive: true, force: true }));
  try {
    // Release builds, not under trunk serve: a service worker (worker.mjs).
    const worker = wantsWorker(staging);
    const extra = [...(staging ? ['--search-docs', docs] : []), ...(worker ? ['--worker'] : [])];
    const args = ['run', '--quiet', '--offline', '--profile', 'tool', '-p', 'tdt-preprocess', '--bin', 'tdt-build', '--', ...process.argv.slice(2), ...extra];
    const run = spawnSync('cargo', args, { stdio: 'inherit' });
    if (run.error) fail(`cannot run cargo: ${run.error.message}`);
    if (run.status !== 0 || !staging) process.exit(run.status ?? 1);
    let pagefind;
    try {
      pagefind = await import('pagefind');
    } catch {
      fail('src/styles/node_modules/pagefind is missing: run .ci/setup (or `npm ci --prefix src/styles`) first');
    }
    const started = Date.now();
    const pages = await buildSearchIndex(staging, docs, pagefind);
    const counts = Object.entries(pages).map(([lang, n]) => `${lang} ${n}`).join(', ');
    process.stdout.write(`postbuild.mjs: search index built (pages: ${counts}) in ${Date.now() - started} ms\n`);
    if (worker) await offlineStep(staging);
  } catch (e) {
    fail(e.message);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
