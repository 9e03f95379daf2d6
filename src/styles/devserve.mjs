#!/usr/bin/env node
// The development server behind `.ci/serve`: serves dist/ as the deployed
// site is served (a path's file, PATH.html, PATH/index.html, else 404.html
// with status 404), and keeps it current:
//
// - `trunk watch` rebuilds the app (src/, crates/, the styles, index.html)
//   as before, its post-build hook running the content step too;
// - a content change (content/, ignored by trunk) runs the content step
//   alone (content.mjs: tdt-build straight into dist/, then Pagefind after
//   the reload), with no stylesheet, cargo or wasm-bindgen step;
// - every HTML answer gets one same-origin script, /.tdt-dev/client.js
//   (devclient.js), which the pages' Content-Security-Policy allows: it
//   reloads the page after each good build (keeping the scroll position on
//   the same page) and, while the last content build failed, shows each
//   error over the page. Nothing of it is in dist/: a release build has none.
//
//   node src/styles/devserve.mjs [--port N] [--address A] [--content DIR]
//        [--poll MS] [--release] [--no-trunk] [--dist DIR] [--dev-dir DIR]
//        [--tdt-build FILE] [--no-search] [-- trunk watch arguments]
//
// The reload channel is Server-Sent Events (/.tdt-dev/events): trunk's own
// autoreload script is inline, which the pages' policy blocks.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildContent } from './content.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');

const USAGE = `usage: .ci/serve [--port N] [--address A] [--content DIR] [--poll MS] [--release] [--no-search] [-- trunk watch arguments]
  --port N        the port to serve on (default 8080)
  --address A     the address to listen on (default 127.0.0.1)
  --content DIR   the content folder (default content)
  --poll MS       look for content changes every MS milliseconds instead of
                  waiting for the system's file events (inotify); it also
                  gives trunk --poll --poll-interval MS
  --release       build the app as deployed (trunk --release)
  --no-search     do not rebuild the search index after content edits
  --no-trunk      serve and rebuild the content of an existing --dist only
  --dist DIR      the folder served (default dist, trunk's)
  --dev-dir DIR   the server's own files (default target/tdt-dev)
  --tdt-build F   the preprocessor binary (default target/tool/tdt-build)`;

/** The command line, as {options, trunkArgs}. */
export function parseArgs(argv) {
  const o = { port: 8080, address: '127.0.0.1', content: 'content', poll: 0, release: false, trunk: true, search: true, dist: 'dist', devDir: null, tdtBuild: null };
  const trunkArgs = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value\n${USAGE}`);
      return argv[++i];
    };
    if (a === '--') trunkArgs.push(...argv.slice(i + 1)), (i = argv.length);
    else if (a === '--port') o.port = Number(value());
    else if (a === '--address') o.address = value();
    else if (a === '--content') o.content = value();
    else if (a === '--poll') o.poll = Number(value());
    else if (a === '--release') o.release = true;
    else if (a === '--no-trunk') o.trunk = false;
    else if (a === '--no-search') o.search = false;
    else if (a === '--dist') o.dist = value();
    else if (a === '--dev-dir') o.devDir = value();
    else if (a === '--tdt-build') o.tdtBuild = value();
    else if (a === '--help' || a === '-h') throw new Error(USAGE);
    else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  if (!Number.isInteger(o.port) || o.port < 0) throw new Error(`--port must be a port number\n${USAGE}`);
  if (!(o.poll >= 0)) throw new Error(`--poll must be a number of milliseconds\n${USAGE}`);
  const at = (p) => path.resolve(REPO, p);
  o.content = at(o.content);
  o.dist = at(o.dist);
  o.devDir = at(o.devDir ?? 'target/tdt-dev');
  const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(REPO, process.env.CARGO_TARGET_DIR) : path.join(REPO, 'target');
  o.tdtBuild = o.tdtBuild ? at(o.tdtBuild) : path.join(targetDir, 'tool', 'tdt-build');
  return { options: o, trunkArgs };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
  '.pagefind': 'application/octet-stream',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
};

const log = (message) => process.stdout.write(`[serve ${new Date().toISOString().slice(11, 23)}] ${message}\n`);

/** The file `dist` serves for `pathname`, as a static host does: [file, status] or null. */
export function resolveFile(dist, pathname) {
  const rel = path.normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '');
  const base = path.join(dist, rel);
  if (!base.startsWith(dist) || rel.split(path.sep).some((s) => s === '.stage')) return null;
  const isFile = (f) => {
    try {
      return fs.statSync(f).isFile();
    } catch {
      return false;
    }
  };
  for (const f of [base, `${base}.html`, path.join(base, 'index.html')]) if (isFile(f)) return [f, 200];
  const missing = path.join(dist, '404.html');
  return isFile(missing) ? [missing, 404] : null;
}

/** `html` with the development client's script before `</body>`. */
export function injectClient(html, build) {
  const tag = `<script type="module" src="/.tdt-dev/client.js" data-build="${build}"></script>`;
  const at = html.lastIndexOf('</body>');
  return at < 0 ? html + tag : html.slice(0, at) + tag + html.slice(at);
}

/** What a line of trunk's log says of its build: 'start', 'success', 'error' or null. */
export function trunkEvent(line) {
  const text = line.replace(/\x1b\[[0-9;]*m/g, '');
  if (!/^\S+\s+(INFO|ERROR)\s/.test(text)) return null;
  if (/\sstarting build$/.test(text)) return 'start';
  if (/\sINFO\s+(✅ )?success$/.test(text)) return 'success';
  if (/\sERROR\s+(❌ )?error$/.test(text)) return 'error';
  return null;
}

/** Runs the development server; resolves to {url, close()} once it listens. */
export async function startDevServer({ options, trunkArgs = [] }) {
  const o = options;
  fs.mkdirSync(o.devDir, { recursive: true });
  const shellDir = path.join(o.devDir, 'shell');
  const state = { build: 0, errors: [], source: null };
  const clients = new Set();
  let trunk = null;
  let trunkBuilding = o.trunk;
  let trunkStarted = 0;
  let trunkFailed = false;
  let building = false;
  let pending = false;
  let closed = false;
  let searching = Promise.resolve();

  const send = (message) => {
    const text = `data: ${JSON.stringify(message)}\n\n`;
    for (const res of clients) res.write(text);
  };
  const publish = () => send({ type: 'state', build: state.build, errors: state.errors });
  const reload = () => {
    state.build++;
    state.errors = [];
    state.source = null;
    send({ type: 'reload', build: state.build });
  };
  const fail = (errors, source) => {
    state.errors = errors;
    state.source = source;
    publish();
  };

  /** The errors of a messages file tdt-build wrote (null when it wrote none since `since`). */
  const readMessages = (file, since = 0) => {
    try {
      if (fs.statSync(file).mtimeMs < since) return null;
      return JSON.parse(fs.readFileSync(file, 'utf8')).filter((d) => d.severity === 'error');
    } catch {
      return null;
    }
  };

  // --- the content step -------------------------------------------------------
  const ensureShell = () => {
    if (fs.existsSync(path.join(shellDir, 'index.html'))) return true;
    if (o.trunk || !fs.existsSync(path.join(o.dist, 'index.html'))) return false;
    // Serving a dist/ built before: its index.html is the template (tdt-build
    // takes a page it wrote back as one), the stylesheet beside it.
    fs.mkdirSync(shellDir, { recursive: true });
    for (const name of fs.readdirSync(o.dist)) if (name === 'index.html' || name.endsWith('.css')) fs.copyFileSync(path.join(o.dist, name), path.join(shellDir, name));
    return true;
  };

  const contentBuild = async (why) => {
    if (closed) return;
    if (building || trunkBuilding || !ensureShell()) {
      pending = true;
      return;
    }
    building = true;
    pending = false;
    try {
      await runContentBuild(why);
    } catch (e) {
      log(`content build: ${e.message}`);
    }
    building = false;
    if (pending) contentBuild('changed while building');
  };

  const runContentBuild = async (why) => {
    const messages = path.join(o.devDir, 'messages.json');
    fs.rmSync(messages, { force: true });
    const args = ['--content', o.content, '--out', o.dist, '--shell', path.join(shellDir, 'index.html'), '--messages-json', messages];
    const env = { ...process.env };
    delete env.TRUNK_STAGING_DIR;
    delete env.TRUNK_PROFILE;
    const result = await buildContent({ args, out: o.dist, binary: o.tdtBuild, search: o.search ? 'after' : false, capture: true, env });
    if (result.status === 0) {
      log(`content rebuilt in ${result.ms} ms (${why}): reloading ${clients.size} page(s)`);
      reload();
      // One index at a time, each after the reload was sent.
      if (result.index) {
        searching = searching
          .then(result.index)
          .then(
            (r) => log(`search index rebuilt in ${r.ms} ms`),
            (e) => log(`search index failed: ${e.message}`),
          );
      }
      if (trunkFailed) {
        // The last full build failed (perhaps on this content): run it
        // again, by writing index.html with the same bytes (trunk's watcher
        // takes a write for a change; a new time alone it ignores).
        trunkFailed = false;
        const index = path.join(REPO, 'index.html');
        fs.writeFileSync(index, fs.readFileSync(index));
      }
    } else {
      const errors = readMessages(messages) ?? [{ severity: 'error', file: '', line: 0, column: 0, message: 'tdt-build failed', fix: '', text: result.stderr.trim() || `tdt-build exited with status ${result.status}` }];
      log(`content build failed with ${errors.length} error(s): shown in the browser`);
      fail(errors, 'content');
    }
  };

  // --- trunk ------------------------------------------------------------------------
  const trunkLine = (line) => {
    const event = trunkEvent(line);
    if (event === 'start') {
      trunkBuilding = true;
      trunkStarted = Date.now();
    } else if (event === 'success') {
      trunkBuilding = false;
      trunkFailed = false;
      const next = path.join(o.devDir, 'shell-pending');
      if (fs.existsSync(next)) {
        fs.rmSync(shellDir, { recursive: true, force: true });
        fs.renameSync(next, shellDir);
      }
      if (pending) contentBuild('changed during the full build');
      else reload();
    } else if (event === 'error' && trunkBuilding) {
      trunkBuilding = false;
      trunkFailed = true;
      fs.rmSync(path.join(o.devDir, 'shell-pending'), { recursive: true, force: true });
      const errors = readMessages(path.join(o.devDir, 'hook-messages.json'), trunkStarted);
      if (errors?.length) fail(errors, 'content');
      else fail([{ severity: 'error', file: '', line: 0, column: 0, message: 'the trunk build failed', fix: 'see the terminal', text: 'the trunk build failed: see the terminal running .ci/serve' }], 'trunk');
      if (pending) contentBuild('changed during the full build');
    }
  };

  const startTrunk = () => {
    const args = ['watch', '--offline', '--dist', o.dist, ...(o.release ? ['--release'] : []), ...(o.poll ? ['--poll', '--poll-interval', `${o.poll}ms`] : []), ...trunkArgs];
    log(`trunk ${args.join(' ')}`);
    // A process group of its own, stopped whole (trunk, cargo, the hooks).
    trunk = spawn('trunk', args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, TDT_DEV_DIR: o.devDir, TDT_CONTENT: o.content } });
    for (const stream of [trunk.stdout, trunk.stderr]) {
      let rest = '';
      stream.on('data', (chunk) => {
        process.stdout.write(chunk);
        const lines = (rest + chunk).split('\n');
        rest = lines.pop();
        lines.forEach(trunkLine);
      });
    }
    trunk.on('exit', (code) => {
      if (!closed) {
        log(`trunk exited (${code}); stopping`);
        process.exit(code ?? 1);
      }
    });
  };

  // --- the content watcher ------------------------------------------------------------
  let timer = null;
  const changed = (why) => {
    clearTimeout(timer);
    // Editors write a file in several steps: wait for the last one.
    timer = setTimeout(() => contentBuild(why), 15);
  };
  const stopWatching = watchContent(o, changed);

  // --- HTTP ----------------------------------------------------------------------------
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/.tdt-dev/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(`retry: 300\ndata: ${JSON.stringify({ type: 'state', build: state.build, errors: state.errors })}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (url.pathname === '/.tdt-dev/client.js' || url.pathname === '/.tdt-dev/client.css') {
      const file = path.join(HERE, url.pathname.endsWith('.js') ? 'devclient.js' : 'devclient.css');
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)], 'cache-control': 'no-store' });
      res.end(fs.readFileSync(file));
      return;
    }
    const found = resolveFile(o.dist, url.pathname);
    if (!found) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`not found: ${url.pathname} (is the first build done?)\n`);
      return;
    }
    const [file, status] = found;
    const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    let body;
    try {
      body = fs.readFileSync(file);
    } catch {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' });
      res.end('rebuilding, try again\n');
      return;
    }
    if (type.startsWith('text/html')) body = Buffer.from(injectClient(body.toString('utf8'), state.build));
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.address, resolve);
  });
  const url = `http://${o.address}:${server.address().port}`;
  log(`serving ${path.relative(REPO, o.dist) || o.dist} at ${url}/ (content: ${path.relative(REPO, o.content) || o.content})`);

  if (o.trunk) startTrunk();
  else if (!fs.existsSync(o.tdtBuild)) {
    log('cargo build --profile tool --bin tdt-build');
    spawnSync('cargo', ['build', '--quiet', '--offline', '--profile', 'tool', '-p', 'tdt-preprocess', '--bin', 'tdt-build'], { cwd: REPO, stdio: 'inherit' });
  }

  return {
    url,
    state,
    close: async () => {
      closed = true;
      await searching;
      clearTimeout(timer);
      stopWatching();
      for (const res of clients) res.end();
      if (trunk && trunk.exitCode === null) {
        const exited = new Promise((resolve) => trunk.once('exit', resolve));
        try {
          process.kill(-trunk.pid, 'SIGINT');
        } catch {
          trunk.kill('SIGINT');
        }
        await exited;
      }
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Calls `changed(why)` on each change under `o.content`: through the
 * system's file events (inotify), or by comparing every file's size and time
 * every `o.poll` ms (with --poll, or by itself, every 100 ms, when file events
 * cannot be had or do not arrive: a probe file written in `o.devDir`, on the
 * same file system, must be seen within a second). Returns a function that
 * stops.
 */
function watchContent(o, changed) {
  let stop = () => {};
  const poll = (ms, why) => {
    log(`polling ${path.relative(REPO, o.content) || o.content} every ${ms} ms${why ? ` (${why})` : ''}`);
    let last = snapshot(o.content);
    const timer = setInterval(() => {
      const now = snapshot(o.content);
      if (now !== last) {
        last = now;
        changed('polled');
      }
    }, ms);
    stop = () => clearInterval(timer);
  };
  if (o.poll) poll(o.poll);
  else {
    try {
      const watcher = fs.watch(o.content, { recursive: true }, (_event, file) => changed(`${file ?? 'a file'} changed`));
      watcher.on('error', (e) => log(`watching content failed: ${e.message}`));
      stop = () => watcher.close();
      probeFileEvents(o.devDir, o.content).then((ms) => {
        if (ms === undefined) log(`watching ${path.relative(REPO, o.content) || o.content} (file events)`);
        else if (ms !== null) log(`watching ${path.relative(REPO, o.content) || o.content} (file events, seen ${ms} ms after a write)`);
        else {
          watcher.close();
          poll(100, 'file events did not arrive within 1 s');
        }
      });
    } catch (e) {
      poll(100, `file events unavailable: ${e.code ?? e.message}`);
    }
  }
  return () => stop();
}

/**
 * How long a file event takes to arrive for a file written in `dir`, in ms:
 * null if none came within a second; undefined when `dir` is not on the file
 * system of `like` (nothing is then measured).
 */
export async function probeFileEvents(dir, like) {
  try {
    if (fs.statSync(dir).dev !== fs.statSync(like).dev) return undefined;
  } catch {
    return undefined;
  }
  const probe = path.join(dir, `probe-${process.pid}`);
  return new Promise((resolve) => {
    let t0 = 0;
    let watcher;
    const done = (value) => {
      clearTimeout(timer);
      watcher?.close();
      fs.rmSync(probe, { force: true });
      resolve(value);
    };
    const timer = setTimeout(() => done(null), 1000);
    try {
      watcher = fs.watch(dir, (_event, file) => file === path.basename(probe) && t0 && done(Date.now() - t0));
    } catch {
      done(null);
      return;
    }
    t0 = Date.now();
    fs.writeFileSync(probe, 'probe');
  });
}

/** Every file's path, size and time under `dir`, as one string. */
function snapshot(dir) {
  const out = [];
  const walk = (d) => {
    let entries;
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        try {
          const s = fs.statSync(p);
          out.push(`${p}\0${s.size}\0${s.mtimeMs}`);
        } catch {
          // removed meanwhile
        }
      }
    }
  };
  walk(dir);
  return out.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let parsed;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(2);
  }
  const dev = await startDevServer(parsed);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, async () => {
      await dev.close();
      process.exit(0);
    });
  }
}
