// tests/browser/nginx.mjs: runs a private nginx serving a folder with the
// project's deployment config (tests/nginx/site.conf), so tests can check the
// site behind a real web server.
//
//   const web = await startNginx(root);   // e.g. startNginx(DIST)
//   await fetch(web.url + '/it/');        // web.url: 'http://127.0.0.1:PORT'
//   await web.close();
//
// Everything nginx writes (config, pid, logs, temp files) goes into a fresh
// temp folder, removed by close() (web.errorLog() reads the error log first).
// nginx runs in the foreground (daemon off) as a child of the test process.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const SITE_CONF = path.resolve(HERE, '..', 'nginx', 'site.conf');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A port that was free a moment ago on 127.0.0.1. */
async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: '127.0.0.1' });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

/** The nginx binary: $NGINX, else nginx on PATH, else Debian's /usr/sbin/nginx. */
function nginxBinary() {
  if (process.env.NGINX) return process.env.NGINX;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, 'nginx'))) return path.join(dir, 'nginx');
  }
  return '/usr/sbin/nginx';
}

/**
 * Starts nginx serving `root` with tests/nginx/site.conf on a free loopback
 * port. Resolves once it accepts connections to {url, port, dir, errorLog, close}.
 */
export async function startNginx(root, { conf = SITE_CONF } = {}) {
  root = path.resolve(root);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tdt-nginx-'));
  const mimeTypes = ['/etc/nginx/mime.types', '/usr/local/nginx/conf/mime.types'].find((f) => existsSync(f));
  if (!mimeTypes) throw new Error('nginx mime.types not found (is nginx installed? run .ci/setup)');

  let lastError;
  // A port picked by freePort() may be taken before nginx binds it: retry.
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const site = readFileSync(conf, 'utf8').replaceAll('__ROOT__', root).replaceAll('__PORT__', `127.0.0.1:${port}`);
    writeFileSync(path.join(dir, 'site.conf'), site);
    const t = (name) => path.join(dir, name);
    writeFileSync(
      t('nginx.conf'),
      [
        'daemon off;',
        'worker_processes 1;',
        // Workers must read the root, which may be a private temp folder.
        process.getuid?.() === 0 ? 'user root;' : '',
        `pid ${t('nginx.pid')};`,
        `error_log ${t('error.log')} warn;`,
        'events { worker_connections 256; }',
        'http {',
        `  include ${mimeTypes};`,
        '  default_type application/octet-stream;',
        `  access_log ${t('access.log')};`,
        `  client_body_temp_path ${t('client_body')};`,
        `  proxy_temp_path ${t('proxy')};`,
        `  fastcgi_temp_path ${t('fastcgi')};`,
        `  uwsgi_temp_path ${t('uwsgi')};`,
        `  scgi_temp_path ${t('scgi')};`,
        '  sendfile on;',
        `  include ${t('site.conf')};`,
        '}',
        '',
      ].join('\n'),
    );

    const child = spawn(nginxBinary(), ['-p', dir, '-e', t('error.log'), '-c', t('nginx.conf')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let exited = null;
    const exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve((exited = { code, signal }))));
    child.once('error', (err) => {
      exited = { error: err };
    });

    // Wait (bounded) until nginx accepts connections or exits.
    for (let i = 0; i < 200 && !exited; i++) {
      if (await canConnect(port)) break;
      await sleep(50);
    }
    if (!exited && (await canConnect(port))) {
      const errorLog = () => (existsSync(t('error.log')) ? readFileSync(t('error.log'), 'utf8') : '');
      return {
        url: `http://127.0.0.1:${port}`,
        port,
        dir,
        errorLog,
        close: async () => {
          if (!exited) {
            child.kill('SIGQUIT'); // graceful shutdown
            let timer;
            const done = await Promise.race([exit, new Promise((r) => (timer = setTimeout(r, 5000, null)))]);
            clearTimeout(timer);
            if (!done) {
              child.kill('SIGKILL');
              await exit;
            }
          }
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    if (!exited) {
      child.kill('SIGKILL');
      await exit;
    }
    const log = existsSync(t('error.log')) ? readFileSync(t('error.log'), 'utf8') : '';
    lastError = new Error(`nginx did not start (${JSON.stringify(exited)}):\n${stderr}\n${log}`);
    if (!/Address already in use/.test(stderr + log)) break;
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}
