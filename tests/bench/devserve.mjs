// tests/bench/devserve.mjs: an author's edit under a running `.ci/serve`,
// timed. A copy of a content folder is served (`.ci/serve --content COPY`);
// a page is open in Chromium; each edit appends a paragraph with a new text
// to one page file, and two times are taken from the moment of the save:
//
//   served    until an HTTP request for the page's URL answers with the text
//             (polled every 5 ms)
//   reloaded  until the browser has reloaded by itself and the new document
//             holds the text (its DOMContentLoaded, from the Navigation
//             Timing of the new document; wall clocks of one machine)
//
// `trunk: false` serves a copy of a built dist/ (`.ci/serve --no-trunk`),
// which measures the same content path without waiting for a first trunk
// build (the smoke run).
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The permalink in the front matter of `file`. */
function permalink(file) {
  const m = /^permalink:\s*(\S+)\s*$/m.exec(readFileSync(file, 'utf8'));
  if (!m) throw new Error(`benchmark: ${file} has no permalink`);
  return m[1].replace(/^["']|["']$/g, '');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts `.ci/serve` with `args`; resolves to {url, log(), stop()} once it serves and its first build is done. */
async function startServe(repo, args, { trunk }) {
  const child = spawn(path.join(repo, '.ci', 'serve'), args, { cwd: repo, env: { ...process.env, TDT_SKIP_SETUP: '1' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (out += c));
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
  };
  const deadline = Date.now() + 30 * 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`benchmark: .ci/serve exited (${child.exitCode}):\n${out.slice(-3000)}`);
    const url = /serving .* at (http:\/\/[^/\s]+)\//.exec(out)?.[1];
    if (url && (!trunk || /success/.test(out))) return { url, log: () => out, stop };
    await sleep(100);
  }
  await stop();
  throw new Error(`benchmark: .ci/serve did not start:\n${out.slice(-3000)}`);
}

/**
 * Times `edits` edits of `page` (a path inside `content`) under `.ci/serve`
 * on a copy of `content`: {served: [ms], reloaded: [ms], url}.
 */
export async function timeEdits(browser, { repo, content, page, edits, port, trunk = true, dist = null }) {
  const work = mkdtempSync(path.join(os.tmpdir(), 'tdt-bench-serve-'));
  const copy = path.join(work, 'content');
  cpSync(content, copy, { recursive: true });
  // Served from a folder of its own: the release dist/ stays as it is.
  const args = ['--port', String(port), '--content', copy, '--dev-dir', path.join(work, 'dev'), '--dist', path.join(work, 'dist')];
  if (!trunk) {
    cpSync(dist, path.join(work, 'dist'), { recursive: true });
    args.push('--no-trunk');
  }
  const serve = await startServe(repo, args, { trunk });
  const context = await browser.newContext();
  try {
    const file = path.join(copy, page);
    const url = permalink(file);
    const tab = await context.newPage();
    await tab.goto(serve.url + url);
    await tab.waitForFunction(() => document.documentElement.dataset.app === 'ready');
    const served = [];
    const reloaded = [];
    for (let i = 0; i < edits; i++) {
      const text = `Bench edit ${i + 1} ${Date.now().toString(36)}`;
      const loaded = tab.waitForEvent('domcontentloaded', { timeout: 120_000 });
      const before = readFileSync(file, 'utf8');
      const t0 = Date.now();
      writeFileSync(file, `${before.trimEnd()}\n\n${text}\n`);
      const poll = (async () => {
        for (;;) {
          const res = await fetch(serve.url + url).catch(() => null);
          if (res && (await res.text()).includes(text)) return Date.now() - t0;
          await sleep(5);
        }
      })();
      served.push(await poll);
      await loaded;
      await tab.waitForFunction((t) => document.body.textContent.includes(t), text);
      const shown = await tab.evaluate(() => performance.timeOrigin + performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd);
      reloaded.push(shown - t0);
      // The search index of this edit is built after the reload: let it
      // finish before the next edit, as an author's next save comes later.
      const indexed = i + 1;
      while ((serve.log().match(/search index (rebuilt|failed)/g) ?? []).length < indexed) await sleep(20);
    }
    return { served, reloaded, url };
  } catch (e) {
    throw new Error(`${e.message}\n.ci/serve said:\n${serve.log().slice(-3000)}`);
  } finally {
    await context.close();
    await serve.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
