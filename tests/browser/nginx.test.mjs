// tests/browser/nginx.test.mjs: checks the deployment config
// tests/nginx/site.conf in a real nginx (via nginx.mjs) on a tiny fake site
// in a temp folder: permalink HTML files, the 404 page, cache headers, gzip,
// content types and the security headers.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { CSP } from './server.mjs';
import { startNginx } from './nginx.mjs';

let root;
let web;

before(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'tdt-nginx-site-'));
  const w = (p, body) => {
    mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    writeFileSync(path.join(root, p), body);
  };
  w('index.html', '<!doctype html><title>index</title>');
  w('404.html', '<!doctype html><title>not found</title>');
  w('it/lavora-con-noi.html', '<!doctype html><title>lavora con noi</title>');
  w('en/index.html', '<!doctype html><title>en</title>');
  w('data/site.json', JSON.stringify({ pages: Array.from({ length: 50 }, (_, i) => ({ id: i })) }));
  w('tdt-site-5f3a9c0e12b4d6f8_bg.wasm', Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  w('tdt-site-5f3a9c0e12b4d6f8.js', 'export const x = 1;\n'.repeat(50));
  w('fonts/titillium.woff2', Buffer.alloc(16));
  w('pagefind/pagefind.js', 'export const x = 1;\n');
  w('pagefind/index/it_3ec2518.pf_index', Buffer.alloc(16));
  // A precompressed copy whose content differs, to tell which one was sent.
  w('site-0123456789abcdef.css', 'body{color:red}\n'.repeat(50));
  w('site-0123456789abcdef.css.gz', zlib.gzipSync('/* precompressed */ body{color:blue}\n'.repeat(50), { level: 9 }));
  web = await startNginx(root);
});

after(async () => {
  await web?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

test('serves files, PATH.html and PATH/index.html', async () => {
  let r = await fetch(`${web.url}/`);
  assert.equal(r.status, 200);
  assert.match(await r.text(), /<title>index</);
  r = await fetch(`${web.url}/it/lavora-con-noi`);
  assert.equal(r.status, 200);
  assert.match(await r.text(), /lavora con noi/);
  r = await fetch(`${web.url}/en/`);
  assert.match(await r.text(), /<title>en</);
  r = await fetch(`${web.url}/data/site.json`);
  assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal((await r.json()).pages.length, 50);
});

test('unknown paths get 404.html with status 404', async () => {
  const r = await fetch(`${web.url}/it/non-esiste`);
  assert.equal(r.status, 404);
  assert.match(await r.text(), /not found/);
  assert.equal(r.headers.get('content-security-policy'), CSP);
});

test('security headers on every answer', async () => {
  for (const p of ['/', '/data/site.json', '/tdt-site-5f3a9c0e12b4d6f8_bg.wasm']) {
    const r = await fetch(web.url + p);
    assert.equal(r.headers.get('content-security-policy'), CSP, p);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', p);
    await r.arrayBuffer();
  }
});

test('cache: hashed assets for a year, HTML and /data/ revalidated', async () => {
  const cc = async (p) => {
    const r = await fetch(web.url + p);
    await r.arrayBuffer();
    return r.headers.get('cache-control');
  };
  assert.equal(await cc('/tdt-site-5f3a9c0e12b4d6f8_bg.wasm'), 'public, max-age=31536000, immutable');
  assert.equal(await cc('/tdt-site-5f3a9c0e12b4d6f8.js'), 'public, max-age=31536000, immutable');
  assert.equal(await cc('/'), 'no-cache');
  assert.equal(await cc('/it/lavora-con-noi'), 'no-cache');
  assert.equal(await cc('/it/non-esiste'), 'no-cache');
  assert.equal(await cc('/data/site.json'), 'no-cache');
  assert.equal(await cc('/fonts/titillium.woff2'), 'no-cache');
  // Pagefind: its index files are named by their hash, its script is not.
  assert.equal(await cc('/pagefind/index/it_3ec2518.pf_index'), 'public, max-age=31536000, immutable');
  assert.equal(await cc('/pagefind/pagefind.js'), 'no-cache');
});

test('content types and gzip', async () => {
  let r = await fetch(`${web.url}/tdt-site-5f3a9c0e12b4d6f8_bg.wasm`);
  assert.equal(r.headers.get('content-type'), 'application/wasm');
  await r.arrayBuffer();
  // fetch() asks for gzip and decodes it; the header tells what was sent.
  r = await fetch(`${web.url}/tdt-site-5f3a9c0e12b4d6f8.js`, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(r.headers.get('content-encoding'), 'gzip');
  assert.match(r.headers.get('content-type'), /javascript/);
  assert.match(await r.text(), /export const x/);
  r = await fetch(`${web.url}/data/site.json`, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(r.headers.get('content-encoding'), 'gzip');
  await r.arrayBuffer();
});

test('the build\'s precompressed NAME.gz is sent as it is', async () => {
  let r = await fetch(`${web.url}/site-0123456789abcdef.css`, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(r.headers.get('content-encoding'), 'gzip');
  assert.match(r.headers.get('content-type'), /text\/css/);
  assert.match(await r.text(), /^\/\* precompressed \*\//);
  r = await fetch(`${web.url}/site-0123456789abcdef.css`, { headers: { 'accept-encoding': 'identity' } });
  assert.equal(r.headers.get('content-encoding'), null);
  assert.match(await r.text(), /^body\{color:red\}/);
});
