// The stylesheet keeps only the rules the site can use (src/styles/build.mjs,
// PurgeCSS): a class an author writes in a page keeps its rule, one nobody
// writes is dropped, and the classes the app makes at run time stay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST, ensureDist } from './harness.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function build(pageBody) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tdt-styles-'));
  const content = path.join(dir, 'content');
  fs.mkdirSync(path.join(content, 'it'), { recursive: true });
  fs.writeFileSync(path.join(content, 'it', 'a.md'), `---\ntitle: A\n---\n${pageBody}\n`);
  const out = path.join(dir, 'site.css');
  const run = spawnSync('node', ['src/styles/build.mjs', out, '--content', content], { cwd: repo, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return fs.readFileSync(out, 'utf8');
}

test('a class written in a page keeps its rule; one nobody writes is dropped', () => {
  const used = build('<p class="text-uppercase">Avviso</p>');
  assert.match(used, /\.text-uppercase\{/);
  const unused = build('Solo testo.');
  assert.doesNotMatch(unused, /\.text-uppercase\{/);
  // The components' classes and the contents box's run-time classes stay.
  for (const css of [used, unused]) {
    for (const selector of ['.it-header-wrapper', '.jobs-accordion-button', '.navbar-collapse:not(.show)', '.toc-h3']) {
      assert.ok(css.includes(selector), `${selector} is missing`);
    }
  }
});

/** The HTML files of the built site. */
function pages(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'pagefind' ? [] : pages(file);
    return /\.html?$/.test(e.name) ? [file] : [];
  });
}

test('every class of our own styles that a built page uses keeps its rule', async () => {
  await ensureDist();
  const css = fs.readFileSync(path.join(DIST, fs.readdirSync(DIST).find((n) => /^site-[0-9a-f]+\.css$/.test(n))), 'utf8');
  const stylesDir = path.join(repo, 'src', 'styles');
  const ours = new Set();
  for (const name of fs.readdirSync(stylesDir).filter((n) => /^_.*\.scss$/.test(n))) {
    const scss = fs.readFileSync(path.join(stylesDir, name), 'utf8').replace(/\/\/.*$/gm, '');
    for (const m of scss.matchAll(/\.([a-z][\w-]*)/g)) ours.add(m[1]);
  }
  const used = new Set();
  for (const file of pages(DIST)) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/ class="([^"]*)"/g)) m[1].split(/\s+/).forEach((c) => used.add(c));
  }
  const missing = [...used].filter((c) => ours.has(c) && !css.includes(`.${c}`));
  assert.deepEqual(missing, [], 'classes of pages whose rules the stylesheet lost');
});
