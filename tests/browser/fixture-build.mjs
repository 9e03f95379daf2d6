// tests/browser/fixture-build.mjs: builds a content fixture into a site the
// browser tests can serve, reusing the app of the release build in dist/.
//
//   const built = await buildFixture(path.join(REPO, 'tests/fixtures/xss-site/content'));
//   built.root      the site folder (a temporary copy: app files + fixture data)
//   built.output    what tdt-build printed (its warnings), stdout and stderr
//   built.status    its exit status
//   built.remove()  deletes the folder
//
// The app files (wasm, JavaScript, CSS, fonts) come from dist/, built once by
// ensureDist(); the content's data and HTML are written by
// `cargo run --profile tool -p tdt-preprocess --bin tdt-build -- --content DIR --out ROOT --shell SHELL`
// with dist/index.html as the page template.

import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO, ensureDist } from './harness.mjs';

/** What in dist/ belongs to the app, not to the content. */
function isAppFile(name) {
  return /\.(js|wasm|css|svg|ico|png|woff2?)$/.test(name) || name === 'fonts' || name === 'icons';
}

/** Builds `contentDir` into a new temporary site folder. */
export async function buildFixture(contentDir) {
  const dist = await ensureDist();
  const root = mkdtempSync(path.join(os.tmpdir(), 'tdt-fixture-site-'));
  for (const name of readdirSync(dist)) {
    if (isAppFile(name)) cpSync(path.join(dist, name), path.join(root, name), { recursive: true });
  }
  // dist/index.html is the template the build already filled for `/`: take
  // its head tags out again so that each page gets only its own.
  const template = readFileSync(path.join(dist, 'index.html'), 'utf8')
    .replace(/<link rel="(canonical|alternate)"[^>]*>/g, '')
    .replace(/<meta name="description"[^>]*>/g, '');
  const shell = path.join(root, '.shell.html');
  writeFileSync(shell, template);
  const env = { ...process.env, PATH: `${path.join(os.homedir(), '.cargo', 'bin')}${path.delimiter}${process.env.PATH}` };
  const run = spawnSync(
    'cargo',
    ['run', '--quiet', '--offline', '--profile', 'tool', '-p', 'tdt-preprocess', '--bin', 'tdt-build', '--', '--content', contentDir, '--out', root, '--shell', shell],
    { cwd: REPO, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.error) throw run.error;
  rmSync(shell, { force: true });
  return {
    root,
    output: `${run.stdout}${run.stderr}`,
    status: run.status,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
