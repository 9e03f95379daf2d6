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
