// tests/browser/release.test.mjs: what a release build gives dist/ for
// hosts and visitors: the JavaScript glue minified with its integrity hash
// right in every page, and precompressed copies (.gz, .br) of the app's
// files that decompress to the files themselves, and fonts that never move
// text (font-display: optional, the first screen's faces preloaded).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ensureDist } from './harness.mjs';

const dist = await ensureDist();
const top = readdirSync(dist);
const glue = top.find((n) => /^tdt-site-[0-9a-f]+\.js$/.test(n));

test('the JavaScript glue is minified and every page carries its integrity', () => {
  assert.ok(glue, 'no tdt-site-*.js in dist/');
  const js = readFileSync(path.join(dist, glue));
  // wasm-bindgen writes one statement a line with comments; minified, the
  // glue has almost no line breaks and no comments.
  assert.ok(js.toString().split('\n').length < 20, 'the glue is not minified');
  const hash = 'sha384-' + crypto.createHash('sha384').update(js).digest('base64');
  for (const page of ['index.html', '404.html', 'it/lavora-con-noi.html', 'it/jobpositions/technical-project-manager.htm']) {
    const html = readFileSync(path.join(dist, page), 'utf8');
    const preload = html.match(new RegExp(`<link rel="modulepreload" href="/${glue}"[^>]*>`))?.[0];
    assert.ok(preload, `${page}: no modulepreload of the glue`);
    assert.match(preload, new RegExp(`integrity="${hash.replace(/[+/]/g, '\\$&')}"`), page);
  }
});

test('the app\'s files and the site file have .gz and .br copies of the same bytes', () => {
  const files = [...top.filter((n) => /\.(wasm|js|css)$/.test(n)), 'data/site.json'];
  assert.ok(files.some((n) => n.endsWith('.wasm')) && files.some((n) => n.endsWith('.css')));
  for (const name of files) {
    const bytes = readFileSync(path.join(dist, name));
    assert.deepEqual(zlib.gunzipSync(readFileSync(path.join(dist, name + '.gz'))), bytes, `${name}.gz`);
    assert.deepEqual(zlib.brotliDecompressSync(readFileSync(path.join(dist, name + '.br'))), bytes, `${name}.br`);
  }
  // Page files are left to the host.
  assert.ok(!top.includes('index.html.gz'));
});

test('fonts swap in over a fallback sized as they are, and none is preloaded or italic', () => {
  const css = readFileSync(path.join(dist, top.find((n) => /^site-[0-9a-f]+\.css$/.test(n))), 'utf8');
  const faces = css.match(/@font-face\{[^}]*\}/g) ?? [];
  const web = faces.filter((f) => f.includes('font-family:"Titillium Web";'));
  const fallback = faces.filter((f) => f.includes('font-family:"Titillium Web Fallback";'));
  assert.equal(web.length, 8, `${web.length} Titillium Web faces`);
  for (const face of web) {
    assert.match(face, /font-display:swap/, face.slice(0, 120));
    assert.doesNotMatch(face, /font-style:italic/, face.slice(0, 120));
  }
  assert.deepEqual(fallback.map((f) => /font-weight:(\d+)/.exec(f)[1]), ['300', '400', '600', '700']);
  for (const face of fallback) assert.match(face, /src:local\("Arial.*size-adjust:\d+\.\d+%;ascent-override:\d+\.\d+%;descent-override/, face);
  assert.ok(!existsSync(path.join(dist, 'fonts', 'titillium-web-400-italic.woff2')));
  const html = readFileSync(path.join(dist, 'it/jobpositions/technical-project-manager.htm'), 'utf8');
  assert.doesNotMatch(html, /<link rel="preload"[^>]*as="font"/);
  assert.match(html, /--bs-font-sans-serif: "Titillium Web", "Titillium Web Fallback",/);
});
