// tests/browser/server.mjs: a dependency-free static file server for the
// built site (dist/), used by the browser tests in place of a real host.
//
//   const srv = await startServer({ root, mode: 'spa' | 'pages', csp, gzip, faults });
//   srv.url        e.g. 'http://127.0.0.1:40123' (no trailing slash)
//   srv.requests   pathnames requested, in order (decoded, no query string)
//   srv.log        one {method, path, search, status, fault, headers} object per
//                  request (headers: the request's)
//   srv.faults     the faults table (the one passed in, or a new Map): tests
//                  may change it at run time
//   await srv.close()
//
// Modes:
//   spa    the file if present, else index.html with 200 (a CDN's SPA fallback).
//   pages  GitHub-Pages-like: the file if present, else PATH.html, else
//          PATH/index.html, else 404.html with status 404.
//
// Faults: `faults` is a Map or a plain object from a key to a fault. A key is a
// pathname ('/data/site.json'); in a Map it may also be a RegExp tested on the
// pathname or a predicate (pathname, req) => boolean. The first matching key
// wins. A fault:
//   { status: 404 | 500 }   answer with that status and a short text body
//   { delayMs: 300 }        wait before answering (combines with the others)
//   { html: true }          answer index.html with 200 (a wrong fallback)
//   { truncate: true }      send the first half of the file (broken JSON)
//   { drop: true }          destroy the socket without answering
//   { times: 2, ... }       optional: the fault applies to the next 2 matching
//                           requests only, then is removed from the table
// A fault may also be a function (pathname, req) => fault | null.
//
// Every response carries the site's Content-Security-Policy (unless csp is
// false) and X-Content-Type-Options: nosniff. Paths never leave root.

import http from 'node:http';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data:; frame-src https:; object-src 'none'; base-uri 'none'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
};

// Types worth compressing when gzip is on.
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|wasm|xml|manifest\+json)|image\/svg\+xml)/;

const STATUS_TEXT = { 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 500: 'Internal Server Error' };

/** The content type for a file name, sniffing `<!` for names without a known extension. */
export function contentType(file, body) {
  const type = TYPES[path.extname(file).toLowerCase()];
  if (type) return type;
  const head = body.subarray(0, 64).toString('utf8').trimStart();
  return head.startsWith('<!') ? 'text/html; charset=utf-8' : 'application/octet-stream';
}

async function isFile(p) {
  try {
    return (await fs.stat(p)).isFile();
  } catch {
    return false;
  }
}

/** Finds the fault for a request, consuming one use of a `times`-limited fault. */
function findFault(faults, pathname, req) {
  if (!faults) return null;
  const isMap = faults instanceof Map;
  const entries = isMap ? [...faults.entries()] : Object.entries(faults);
  for (const [key, value] of entries) {
    let hit = false;
    if (typeof key === 'string') hit = key === pathname;
    else if (key instanceof RegExp) hit = key.test(pathname);
    else if (typeof key === 'function') hit = Boolean(key(pathname, req));
    if (!hit) continue;
    const fault = typeof value === 'function' ? value(pathname, req) : value;
    if (!fault) continue;
    if (typeof fault.times === 'number') {
      fault.times -= 1;
      if (fault.times <= 0) {
        if (isMap) faults.delete(key);
        else delete faults[key];
      }
    }
    return fault;
  }
  return null;
}

/**
 * Starts the server. Resolves to {url, port, requests, log, faults, close}.
 * @param {{root: string, mode?: 'spa'|'pages', csp?: boolean, gzip?: boolean,
 *          faults?: Map|object, headers?: object}} options
 *   headers: extra headers for every response (e.g. to test another policy).
 */
export async function startServer({ root, mode = 'spa', csp = true, gzip = false, faults, headers = {} } = {}) {
  if (!root) throw new Error('startServer: root is required');
  if (mode !== 'spa' && mode !== 'pages') throw new Error(`startServer: unknown mode ${mode}`);
  root = path.resolve(root);
  faults ??= new Map();
  const requests = [];
  const log = [];

  // Maps a decoded pathname to an absolute path inside root, or null.
  const inRoot = (pathname) => {
    const abs = path.resolve(root, '.' + path.posix.normalize('/' + pathname));
    return abs === root || abs.startsWith(root + path.sep) ? abs : null;
  };

  // Resolves a request to {file, status} or {file: null, status: 404}.
  const resolve = async (pathname) => {
    const abs = inRoot(pathname);
    const index = path.join(root, 'index.html');
    if (abs && !pathname.endsWith('/') && (await isFile(abs))) return { file: abs, status: 200 };
    if (mode === 'spa') {
      if (abs && pathname.endsWith('/') && (await isFile(path.join(abs, 'index.html')))) {
        return { file: path.join(abs, 'index.html'), status: 200 };
      }
      return (await isFile(index)) ? { file: index, status: 200 } : { file: null, status: 404 };
    }
    if (abs) {
      const trimmed = abs.replace(/[\\/]+$/, '');
      if (!pathname.endsWith('/') && trimmed !== root && (await isFile(trimmed + '.html'))) {
        return { file: trimmed + '.html', status: 200 };
      }
      if (await isFile(path.join(abs, 'index.html'))) return { file: path.join(abs, 'index.html'), status: 200 };
    }
    const notFound = path.join(root, '404.html');
    return (await isFile(notFound)) ? { file: notFound, status: 404 } : { file: null, status: 404 };
  };

  const baseHeaders = () => {
    const h = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache', ...headers };
    if (csp) h['Content-Security-Policy'] = CSP;
    return h;
  };

  const sendText = (req, res, status, entry) => {
    entry.status = status;
    const body = Buffer.from(`${status} ${STATUS_TEXT[status] ?? ''}\n`);
    res.writeHead(status, { ...baseHeaders(), 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const handle = async (req, res) => {
    const entry = { method: req.method, path: null, search: '', status: null, fault: null, headers: req.headers };
    log.push(entry);
    let pathname;
    try {
      const parsed = new URL(req.url, 'http://localhost');
      entry.search = parsed.search;
      pathname = decodeURIComponent(parsed.pathname);
      if (pathname.includes('\0')) throw new Error('NUL in path');
    } catch {
      return sendText(req, res, 400, entry);
    }
    entry.path = pathname;
    requests.push(pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(req, res, 405, entry);

    const fault = findFault(faults, pathname, req);
    entry.fault = fault ? { ...fault } : null;
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    if (fault?.drop) {
      entry.status = 'dropped';
      req.socket.destroy();
      return;
    }
    if (fault?.status) return sendText(req, res, fault.status, entry);

    let { file, status } = fault?.html ? { file: path.join(root, 'index.html'), status: 200 } : await resolve(pathname);
    if (!file) return sendText(req, res, status, entry);
    let body = await fs.readFile(file);
    const type = contentType(file, body);
    if (fault?.truncate) body = body.subarray(0, Math.floor(body.length / 2));

    const h = { ...baseHeaders(), 'Content-Type': type };
    if (gzip && COMPRESSIBLE.test(type)) {
      h.Vary = 'Accept-Encoding';
      if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        body = zlib.gzipSync(body);
        h['Content-Encoding'] = 'gzip';
      }
    }
    h['Content-Length'] = body.length;
    entry.status = status;
    res.writeHead(status, h);
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      // A bug in the server itself: answer 500 so the test sees it.
      console.error('test server error:', err);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('500 test server error\n');
    });
  });
  await new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolveListen);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    root,
    mode,
    requests,
    log,
    faults,
    close: () =>
      new Promise((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}
