// tests/browser/server.test.mjs: checks the test static server (server.mjs)
// itself on a small fake site in a temp folder: both modes, content types,
// headers, gzip, faults, and that paths cannot leave the root.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { CSP, startServer } from './server.mjs';

let root;

/** A raw GET (fetch would normalise `..` away); resolves to {status, headers, body}. */
function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request({ host: u.hostname, port: u.port, path: url.slice(u.origin.length), headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

before(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'tdt-server-test-'));
  const w = (p, body) => {
    mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    writeFileSync(path.join(root, p), body);
  };
  w('index.html', '<!doctype html><title>index</title>');
  w('404.html', '<!doctype html><title>not found</title>');
  w('it/chi-siamo.html', '<!doctype html><title>chi siamo</title>');
  w('en/index.html', '<!doctype html><title>en</title>');
  w('data/site.json', JSON.stringify({ pages: Array.from({ length: 50 }, (_, i) => ({ id: i, title: `page ${i}` })) }));
  w('app-0123abcd_bg.wasm', Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  w('app-0123abcd.js', 'export default 1;\n'.repeat(40));
  w('CNAME', 'example.org\n');
  w('feed', '<!doctype html><p>feed</p>');
  w('file with space.txt', 'spaced');
  writeFileSync(path.join(os.tmpdir(), 'tdt-secret.txt'), 'secret');
});

after(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(path.join(os.tmpdir(), 'tdt-secret.txt'), { force: true });
});

test('spa mode: files as they are, index.html with 200 for anything else', async () => {
  const srv = await startServer({ root, mode: 'spa' });
  try {
    let r = await get(`${srv.url}/data/site.json`);
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/json');
    assert.equal(JSON.parse(r.body).pages.length, 50);

    r = await get(`${srv.url}/it/lavora-con-noi?preview`);
    assert.equal(r.status, 200);
    assert.match(r.body.toString(), /<title>index</);
    assert.match(r.headers['content-type'], /^text\/html/);

    r = await get(`${srv.url}/app-0123abcd_bg.wasm`);
    assert.equal(r.headers['content-type'], 'application/wasm');
    r = await get(`${srv.url}/app-0123abcd.js`);
    assert.match(r.headers['content-type'], /^text\/javascript/);
    r = await get(`${srv.url}/CNAME`);
    assert.equal(r.headers['content-type'], 'application/octet-stream');
    r = await get(`${srv.url}/feed`);
    assert.match(r.headers['content-type'], /^text\/html/);
    r = await get(`${srv.url}/file%20with%20space.txt`);
    assert.equal(r.body.toString(), 'spaced');
    assert.match(r.headers['content-type'], /^text\/plain/);

    assert.deepEqual(srv.requests.slice(0, 2), ['/data/site.json', '/it/lavora-con-noi']);
    assert.equal(srv.log[1].search, '?preview');
  } finally {
    await srv.close();
  }
});

test('pages mode: PATH.html, PATH/index.html, else 404.html with 404', async () => {
  const srv = await startServer({ root, mode: 'pages' });
  try {
    let r = await get(`${srv.url}/it/chi-siamo`);
    assert.equal(r.status, 200);
    assert.match(r.body.toString(), /chi siamo/);
    r = await get(`${srv.url}/en/`);
    assert.match(r.body.toString(), /<title>en</);
    r = await get(`${srv.url}/en`);
    assert.match(r.body.toString(), /<title>en</);
    r = await get(`${srv.url}/`);
    assert.match(r.body.toString(), /<title>index</);
    r = await get(`${srv.url}/it/nope`);
    assert.equal(r.status, 404);
    assert.match(r.body.toString(), /not found/);
    assert.match(r.headers['content-type'], /^text\/html/);
  } finally {
    await srv.close();
  }
});

test('headers: CSP and nosniff by default, no CSP when csp is false', async () => {
  let srv = await startServer({ root, mode: 'spa' });
  try {
    const r = await get(`${srv.url}/`);
    assert.equal(r.headers['content-security-policy'], CSP);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
  } finally {
    await srv.close();
  }
  srv = await startServer({ root, mode: 'spa', csp: false });
  try {
    const r = await get(`${srv.url}/`);
    assert.equal(r.headers['content-security-policy'], undefined);
  } finally {
    await srv.close();
  }
});

test('gzip when the client accepts it', async () => {
  const srv = await startServer({ root, mode: 'spa', gzip: true });
  try {
    let r = await get(`${srv.url}/data/site.json`, { 'accept-encoding': 'gzip, br' });
    assert.equal(r.headers['content-encoding'], 'gzip');
    assert.equal(JSON.parse(zlib.gunzipSync(r.body)).pages.length, 50);
    r = await get(`${srv.url}/data/site.json`);
    assert.equal(r.headers['content-encoding'], undefined);
    assert.equal(JSON.parse(r.body).pages.length, 50);
  } finally {
    await srv.close();
  }
});

test('paths never leave the root; bad escapes are a 400', async () => {
  const srv = await startServer({ root, mode: 'pages' });
  try {
    for (const p of ['/../tdt-secret.txt', '/%2e%2e/tdt-secret.txt', '/..%2ftdt-secret.txt', '/it/..%2f..%2ftdt-secret.txt']) {
      const r = await get(srv.url + p);
      assert.doesNotMatch(r.body.toString(), /secret/, p);
    }
    assert.equal((await get(`${srv.url}/%E0%A4%A`)).status, 400);
    assert.equal((await get(`${srv.url}/a%00b`)).status, 400);
  } finally {
    await srv.close();
  }
});

test('faults: status, html, truncate, drop, delay, times, predicates', async () => {
  const faults = new Map();
  const srv = await startServer({ root, mode: 'spa', faults });
  try {
    faults.set('/data/site.json', { status: 500 });
    assert.equal((await get(`${srv.url}/data/site.json`)).status, 500);

    faults.set('/data/site.json', { html: true });
    let r = await get(`${srv.url}/data/site.json`);
    assert.equal(r.status, 200);
    assert.match(r.headers['content-type'], /^text\/html/);

    faults.set('/data/site.json', { truncate: true });
    r = await get(`${srv.url}/data/site.json`);
    assert.throws(() => JSON.parse(r.body));
    assert.equal(Number(r.headers['content-length']), r.body.length);

    faults.set('/data/site.json', { drop: true });
    await assert.rejects(get(`${srv.url}/data/site.json`));

    faults.set('/data/site.json', { delayMs: 50, status: 404 });
    assert.equal((await get(`${srv.url}/data/site.json`)).status, 404);

    faults.clear();
    faults.set((p) => p.startsWith('/data/'), { status: 404, times: 1 });
    assert.equal((await get(`${srv.url}/data/site.json`)).status, 404);
    assert.equal((await get(`${srv.url}/data/site.json`)).status, 200);
    assert.equal(faults.size, 0);

    // A plain object works too, and can be swapped in through srv.faults.
    const srv2 = await startServer({ root, mode: 'spa', faults: { '/en/': { status: 500 } } });
    try {
      assert.equal((await get(`${srv2.url}/en/`)).status, 500);
      delete srv2.faults['/en/'];
      assert.equal((await get(`${srv2.url}/en/`)).status, 200);
    } finally {
      await srv2.close();
    }
    assert.equal(srv.requests.filter((p) => p === '/data/site.json').length, 7);
  } finally {
    await srv.close();
  }
});
