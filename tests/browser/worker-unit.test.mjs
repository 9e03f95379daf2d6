// tests/browser/worker-unit.test.mjs: when src/styles/worker.mjs writes a
// service worker, in Node (no browser): release builds only, never under
// `trunk serve`, and the kill switch without offline pages.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KILL_WORKER, wantsWorker, writeWorker } from '../../src/styles/worker.mjs';

function staging(index) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tdt-worker-unit-'));
  fs.writeFileSync(path.join(dir, 'index.html'), index);
  return dir;
}

function withProfile(profile, run) {
  const before = process.env.TRUNK_PROFILE;
  process.env.TRUNK_PROFILE = profile;
  try {
    return run();
  } finally {
    if (before === undefined) delete process.env.TRUNK_PROFILE;
    else process.env.TRUNK_PROFILE = before;
  }
}

test('a worker for release builds only, never for trunk serve', () => {
  const plain = staging('<html><body><script type="module" src="/boot-1.js"></script></body></html>');
  // trunk serve's pages carry its reload script, which opens this socket.
  const served = staging("<html><body><script>const url = protocol + '://' + address + base + '.well-known/trunk/ws';</script></body></html>");
  try {
    assert.equal(withProfile('release', () => wantsWorker(plain)), true);
    assert.equal(withProfile('debug', () => wantsWorker(plain)), false);
    assert.equal(withProfile('release', () => wantsWorker(served)), false);
    assert.equal(withProfile('release', () => wantsWorker(undefined)), false);
  } finally {
    fs.rmSync(plain, { recursive: true, force: true });
    fs.rmSync(served, { recursive: true, force: true });
  }
});

test('without offline pages (offline: false) the worker is the kill switch', async () => {
  const root = staging('<html></html>');
  try {
    fs.mkdirSync(path.join(root, 'data'));
    fs.writeFileSync(path.join(root, 'data', 'site.json'), JSON.stringify({ build: 'b1', langs: [{ code: 'it' }] }));
    const written = await writeWorker(root);
    assert.equal(written.kind, 'kill');
    assert.equal(fs.readFileSync(path.join(root, 'sw.js'), 'utf8'), KILL_WORKER);
    assert.doesNotMatch(KILL_WORKER, /addEventListener\('fetch'/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
