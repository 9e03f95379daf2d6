#!/usr/bin/env node
// trunk's post_build hook (Trunk.toml): in release builds, minifies the
// wasm-bindgen JavaScript glue trunk wrote (trunk 0.21's own minifier cannot
// parse it; esbuild, from src/styles/node_modules, can: about 2 KB less
// gzip) and writes its new integrity hash into the staged index.html; then
// runs the content step (content.mjs): the preprocessor, tdt-build, which
// fills that index.html in for every page, then the search index of the
// pages' HTML (Pagefind) into `pagefind/` of the staging folder. trunk runs
// the hooks of one stage in parallel, so every step is in this one hook, in
// this order.
//
//   node src/styles/postbuild.mjs [tdt-build arguments]
//
// Reads TRUNK_PROFILE and TRUNK_STAGING_DIR, as trunk sets them for hooks.
// Under .ci/serve (devserve.mjs) also TDT_DEV_DIR, where it leaves the page
// template and stylesheet for the content watcher and the build's messages
// as JSON for the error overlay, and TDT_CONTENT, the content folder served.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildContent } from './content.mjs';
import { offlineStep, wantsWorker } from './worker.mjs';

export { buildSearchIndex } from './content.mjs';

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
  const args = process.argv.slice(2);
  const dev = process.env.TDT_DEV_DIR;
  if (dev) {
    const at = args.indexOf('--content');
    if (process.env.TDT_CONTENT && at >= 0) args[at + 1] = process.env.TDT_CONTENT;
    if (staging) saveTemplate(staging, path.join(dev, 'shell-pending'));
    args.push('--messages-json', path.join(dev, 'hook-messages.json'));
  }
  try {
    // Release builds, not under trunk serve: a service worker (worker.mjs).
    const worker = wantsWorker(staging);
    if (worker) args.push('--worker');
    const built = await buildContent({ args, out: staging, search: Boolean(staging) });
    if (built.status !== 0 || !staging) process.exit(built.status ?? 1);
    const counts = Object.entries(built.pages).map(([lang, n]) => `${lang} ${n}`).join(', ');
    process.stdout.write(`postbuild.mjs: search index built (pages: ${counts}) in ${built.searchMs} ms\n`);
    if (worker) await offlineStep(staging);
  } catch (e) {
    fail(e.message);
  }
}

/**
 * Copies the staged index.html (the page template, before tdt-build fills
 * it in) and the stylesheets beside it into `dir`, for the development
 * server's content builds.
 */
export function saveTemplate(staging, dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const name of fs.readdirSync(staging)) {
    if (name === 'index.html' || name.endsWith('.css')) fs.copyFileSync(path.join(staging, name), path.join(dir, name));
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
