#!/usr/bin/env node
// Compiles src/styles/site.scss (a subset of Bootstrap Italia plus our own
// styles) into one compressed CSS file, then keeps only the rules whose
// classes, ids and elements the site can produce (PurgeCSS): the view
// components, the preprocessor's own HTML, index.html and every file of the
// content folder (Markdown, raw HTML, includes, data), so a class an author
// writes in a page keeps its rule.
//
//   node src/styles/build.mjs OUT_FILE [--content DIR]
//
// OUT_FILE is relative to the current directory (trunk runs its hooks from the
// project root: `node src/styles/build.mjs target/tdt-css/site.css`).
// Needs `npm ci` in src/styles (done by .ci/setup). The file is only rewritten
// when its content changes, so `trunk serve` is not woken up for nothing.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const stylesDir = path.dirname(fileURLToPath(import.meta.url));
const nodeModules = path.join(stylesDir, 'node_modules');
const entry = path.join(stylesDir, 'site.scss');

function fail(message) {
  process.stderr.write(`build.mjs: ${message}\n`);
  process.exit(1);
}

const args = process.argv.slice(2);
const contentAt = args.indexOf('--content');
const contentDir = path.resolve(process.cwd(), contentAt >= 0 ? args[contentAt + 1] ?? '' : 'content');
if (contentAt >= 0) args.splice(contentAt, 2);
const outArg = args[0];
if (!outArg || args.length > 1) {
  fail('usage: node src/styles/build.mjs OUT_FILE [--content DIR]');
}
const outFile = path.resolve(process.cwd(), outArg);
const repo = path.resolve(stylesDir, '..', '..');

for (const pkg of ['sass', 'bootstrap-italia', 'purgecss']) {
  if (!fs.existsSync(path.join(nodeModules, pkg, 'package.json'))) {
    fail(
      `${path.relative(process.cwd(), path.join(nodeModules, pkg)) || nodeModules} is missing: ` +
        'run .ci/setup (or `npm ci --prefix src/styles`) first',
    );
  }
}

// Load sass from src/styles/node_modules whatever the current directory is.
const require = createRequire(path.join(stylesDir, 'package.json'));
const sass = require('sass');

let css;
try {
  const result = sass.compile(entry, {
    style: 'compressed',
    loadPaths: [nodeModules],
    sourceMap: false,
    // Bootstrap Italia's own sources still use @import and global Sass
    // functions; their deprecation warnings are noise for us.
    quietDeps: true,
    silenceDeprecations: ['import', 'global-builtin', 'color-functions'],
  });
  css = result.css;
} catch (err) {
  fail(`Sass compilation failed:\n${err.message ?? err}`);
}

// Guard: the only @font-face rules must be ours (self-hosted under /fonts/,
// or a local fallback font: _fallback.scss).
const fontFaces = css.match(/@font-face\{[^}]*\}/g) ?? [];
for (const rule of fontFaces) {
  if (!/src:(url\(["']?\/fonts\/|local\()/.test(rule)) {
    fail(`unexpected @font-face in output (must point to /fonts/ or be local()): ${rule.slice(0, 160)}`);
  }
}

const full = Buffer.byteLength(css);
css = await purge(css);
css += '\n';
fs.mkdirSync(path.dirname(outFile), { recursive: true });
let unchanged = false;
try {
  unchanged = fs.readFileSync(outFile, 'utf8') === css;
} catch {
  // no previous output
}
if (!unchanged) {
  fs.writeFileSync(outFile, css);
}
process.stdout.write(
  `build.mjs: ${outFile} (${Buffer.byteLength(css)} bytes of ${full} kept, ${unchanged ? 'unchanged' : 'written'})\n`,
);

/** `css` without the rules nothing on the site can match. */
async function purge(css) {
  const { PurgeCSS } = await import(pathToFileURL(require.resolve('purgecss')).href);
  const glob = (dir, pattern) => path.join(dir, pattern).split(path.sep).join('/');
  const [result] = await new PurgeCSS().purge({
    content: [
      glob(repo, 'crates/model/src/**/*.rs'),
      glob(repo, 'crates/view/src/**/*.{rs,js}'),
      glob(repo, 'crates/preprocess/src/**/*.rs'),
      glob(repo, 'src/*.{rs,js}'),
      glob(repo, 'index.html'),
      glob(contentDir, '**/*.{md,markdown,html,htm,yml,yaml}'),
    ],
    css: [{ raw: css }],
    // Our @font-face rules are all used, and their families are named in
    // variables PurgeCSS cannot follow.
    fontFace: false,
    variables: false,
    // Made at run time: the contents box's `toc-h2` … `toc-h4`.
    safelist: { standard: [/^toc-h[1-6]$/] },
  });
  return result.css;
}
