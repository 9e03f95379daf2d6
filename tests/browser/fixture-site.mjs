// tests/browser/fixture-site.mjs: a site built from another content folder
// with the release app of dist/, for tests that need content the seeds do
// not have (jobs in both languages, people with and without photos...).
//
//   const site = await buildFixtureSite(path.join(REPO, 'tests/fixtures/browser-site'));
//   const srv = await startServer({ root: site.root, mode: 'spa' });
//   ...
//   await srv.close(); site.remove();
//
// startSites() does what the component and accessibility tests both need:
// dist/ served like a CDN (`srv`), the browser-site fixture built (`fixture`)
// and served (`fx`), and a browser; `close()` stops them all.
//
// The release dist/ (ensureDist()) is copied to a temporary folder, its data/
// and generated HTML are deleted, and the native preprocessor is run over the
// content folder with the copied index.html as the shell. The content folder
// is first copied to a temporary folder too, outside any git repository, with
// every file's modification time set to FIXTURE_DATE (or the date `dates`
// gives it): the footer dates the tests expect do not depend on git history.

import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO, ensureDist, launchBrowser, serveDist } from './harness.mjs';
import { startServer } from './server.mjs';
import { writeWorker } from '../../src/styles/worker.mjs';

/** The content folder of the browser fixture site. */
export const BROWSER_SITE = path.join(REPO, 'tests', 'fixtures', 'browser-site');

/** The date every fixture content file has unless `dates` says otherwise. */
export const FIXTURE_DATE = '2019-12-31';

/** Dates of particular files of BROWSER_SITE (see the footer tests). */
export const BROWSER_SITE_DATES = {
  'it/jobpositions/elite-dati.md': '2020-03-15',
  'it/jobpositions/architetto-software.md': '2020-02-01',
  'en/jobpositions/zeta-engineer.md': '2021-07-04',
  'en/jobpositions/old-position.md': '2021-01-02',
  'it/lavora-con-noi.md': '2018-05-20',
  'en/join-us.md': '2018-05-21',
};

function walk(dir, prefix = '') {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...walk(path.join(dir, entry.name), rel));
    else files.push(rel);
  }
  return files;
}

/** Noon UTC of an ISO date, so the day is the same in every time zone. */
function noon(iso) {
  return new Date(`${iso}T12:00:00Z`);
}

/** Removes the head tags the preprocessor wrote into dist/index.html for `/`. */
function cleanShell(html) {
  return html
    .replace(/<link rel="canonical"[^>]*>/g, '')
    .replace(/<link rel="alternate"[^>]*>/g, '')
    .replace(/<meta name="robots"[^>]*>/g, '')
    .replace(/<meta name="description"[^>]*>/g, '');
}

/**
 * Builds the site of `contentDir` with the release app. Returns
 * {root, remove()}: root is the built folder, to serve with startServer().
 * `dates`: content path → ISO date of the file (others get FIXTURE_DATE).
 * `worker`: the site gets its service worker, as a release build does
 * (`tdt-build --worker`, then src/styles/worker.mjs, with `limits`, the
 * runtime cache bounds, when given); without it, none.
 */
export async function buildFixtureSite(contentDir = BROWSER_SITE, { dates = BROWSER_SITE_DATES, worker = false, limits } = {}) {
  const dist = await ensureDist();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'tdt-fixture-site-'));
  const root = path.join(tmp, 'site');
  const content = path.join(tmp, 'content');
  cpSync(dist, root, { recursive: true });
  cpSync(contentDir, content, { recursive: true });
  for (const rel of walk(content)) {
    const when = noon(dates[rel] ?? FIXTURE_DATE);
    utimesSync(path.join(content, rel), when, when);
  }

  // What the preprocessor wrote into dist/ goes: the data, every HTML file
  // but the shell, the host files and the old-URL script.
  const shell = path.join(root, 'index.html');
  const template = cleanShell(readFileSync(shell, 'utf8'));
  rmSync(path.join(root, 'data'), { recursive: true, force: true });
  for (const rel of walk(root)) {
    const name = path.basename(rel);
    const generated =
      /\.html?$/.test(name) ||
      /^(redirect|offline)-[0-9a-f]+\.js$/.test(name) ||
      /\.webmanifest$/.test(name) ||
      ['sw.js', '_redirects', '_headers', 'sitemap.xml', 'robots.txt', '.nojekyll'].includes(name);
    if (generated) rmSync(path.join(root, rel), { force: true });
  }
  for (const dir of readdirSync(root)) {
    const full = path.join(root, dir);
    if (statSync(full).isDirectory() && walk(full).length === 0) rmSync(full, { recursive: true, force: true });
  }
  writeFileSync(shell, template);

  const env = { ...process.env, PATH: `${path.join(os.homedir(), '.cargo', 'bin')}${path.delimiter}${process.env.PATH}` };
  delete env.TRUNK_STAGING_DIR;
  const args = ['run', '--quiet', '--offline', '--profile', 'tool', '-p', 'tdt-preprocess', '--bin', 'tdt-build', '--'];
  args.push('--content', content, '--out', root, '--shell', shell, '--quiet', ...(worker ? ['--worker'] : []));
  const run = spawnSync('cargo', args, { cwd: REPO, env, encoding: 'utf8' });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`tdt-build failed with status ${run.status}:\n${run.stderr}`);
  if (worker) await writeWorker(root, limits ? { limits } : {});
  return {
    root,
    remove: () => rmSync(tmp, { recursive: true, force: true }),
  };
}

/** dist/ and the browser-site fixture, each served like a CDN, and a browser. */
export async function startSites() {
  const sites = {};
  const close = async () => {
    await sites.browser?.close();
    await sites.srv?.close();
    await sites.fx?.close();
    sites.fixture?.remove();
  };
  try {
    sites.srv = await serveDist({ mode: 'spa' });
    sites.fixture = await buildFixtureSite();
    sites.fx = await startServer({ root: sites.fixture.root, mode: 'spa' });
    sites.browser = await launchBrowser();
  } catch (err) {
    await close();
    throw err;
  }
  return { ...sites, close };
}
