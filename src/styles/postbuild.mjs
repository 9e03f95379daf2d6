#!/usr/bin/env node
// trunk's post_build hook (Trunk.toml): in release builds, minifies the
// wasm-bindgen JavaScript glue trunk wrote (trunk 0.21's own minifier cannot
// parse it; esbuild, from src/styles/node_modules, can: about 2 KB less
// gzip) and writes its new integrity hash into the staged index.html; then
// runs the content preprocessor, tdt-build, which fills that index.html in
// for every page. trunk runs the hooks of one stage in parallel, so both
// steps are in this one hook, in this order.
//
//   node src/styles/postbuild.mjs [tdt-build arguments]
//
// Reads TRUNK_PROFILE and TRUNK_STAGING_DIR, as trunk sets them for hooks.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

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
 * Minifies the glue `name` in `staging` and puts its new integrity in the
 * staged index.html in place of the old one. Returns [before, after] sizes.
 */
export function minifyGlue(staging, name, esbuild) {
  const file = path.join(staging, name);
  const source = fs.readFileSync(file);
  const { code } = esbuild.transformSync(source.toString('utf8'), { minify: true, format: 'esm', target: 'es2020' });
  const indexFile = path.join(staging, 'index.html');
  const index = fs.readFileSync(indexFile, 'utf8');
  const old = integrity(source);
  if (!index.includes(old)) fail(`${indexFile} does not carry the integrity of ${name} (${old})`);
  fs.writeFileSync(file, code);
  fs.writeFileSync(indexFile, index.split(old).join(integrity(code)));
  return [source.length, Buffer.byteLength(code)];
}

function main() {
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
  }
  const args = ['run', '--quiet', '--offline', '--profile', 'tool', '-p', 'tdt-preprocess', '--bin', 'tdt-build', '--', ...process.argv.slice(2)];
  const run = spawnSync('cargo', args, { stdio: 'inherit' });
  if (run.error) fail(`cannot run cargo: ${run.error.message}`);
  process.exit(run.status ?? 1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
