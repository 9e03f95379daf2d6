#!/usr/bin/env node
// Compiles src/styles/site.scss (a subset of Bootstrap Italia plus our own
// styles) into one compressed CSS file.
//
//   node src/styles/build.mjs OUT_FILE
//
// OUT_FILE is relative to the current directory (trunk runs its hooks from the
// project root: `node src/styles/build.mjs target/tdt-css/site.css`).
// Needs `npm ci` in src/styles (done by .ci/setup). The file is only rewritten
// when its content changes, so `trunk serve` is not woken up for nothing.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const stylesDir = path.dirname(fileURLToPath(import.meta.url));
const nodeModules = path.join(stylesDir, 'node_modules');
const entry = path.join(stylesDir, 'site.scss');

function fail(message) {
  process.stderr.write(`build.mjs: ${message}\n`);
  process.exit(1);
}

const outArg = process.argv[2];
if (!outArg || process.argv.length > 3) {
  fail('usage: node src/styles/build.mjs OUT_FILE');
}
const outFile = path.resolve(process.cwd(), outArg);

for (const pkg of ['sass', 'bootstrap-italia']) {
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

// Guard: the only @font-face rules must be ours (self-hosted under /fonts/).
const fontFaces = css.match(/@font-face\{[^}]*\}/g) ?? [];
for (const rule of fontFaces) {
  if (!/src:url\(["']?\/fonts\//.test(rule)) {
    fail(`unexpected @font-face in output (must point to /fonts/): ${rule.slice(0, 160)}`);
  }
}

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
  `build.mjs: ${outFile} (${Buffer.byteLength(css)} bytes, ${unchanged ? 'unchanged' : 'written'})\n`,
);
