// tests/browser/statichost.test.mjs: the bundle on hosts without rewrite
// rules (issue 3): a files-only server that answers 404.html for the rest,
// as GitHub Pages does, and nginx with the README's configuration. Every
// permalink answers 200 with its own head and paints before the wasm is even
// requested, then the app takes over; every old URL sends visitors on; unknown paths get 404.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage, serveDist, ensureDist, assertNoConsoleErrors } from './harness.mjs';
import { startNginx } from './nginx.mjs';
import { CSP } from './server.mjs';
import { SEEDS, OLD_URLS, EXTERNAL, SITE_TITLE, waitForHeading, fakeOtherHosts } from './site.mjs';

const ORIGIN = 'https://teamdigitale.governo.it';
let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

const HOSTS = {
  'files only (GitHub Pages-like)': () => serveDist({ mode: 'pages' }),
  'nginx with tests/nginx/site.conf': async () => startNginx(await ensureDist()),
};

for (const [name, start] of Object.entries(HOSTS)) {
  describe(name, () => {
    let srv;
    before(async () => {
      srv = await start();
    });
    after(async () => {
      await srv?.close();
    });

    for (const seed of SEEDS) {
      test(`${seed.url} answers 200 with its head, then the app shows it`, async () => {
        const response = await fetch(srv.url + seed.url);
        assert.equal(response.status, 200);
        assert.match(response.headers.get('content-type'), /^text\/html/);
        const html = await response.text();
        assert.ok(html.includes(`<html lang="${seed.lang}">`), 'html lang');
        assert.ok(html.includes(`<title>${seed.title} - ${SITE_TITLE[seed.lang]}</title>`), 'title');
        assert.ok(html.includes(`<link rel="canonical" href="${ORIGIN}${seed.url}">`), 'canonical');
        if (seed.lang === 'it' && seed.external) {
          assert.ok(html.includes(`<link rel="alternate" hreflang="en" href="${ORIGIN}/en/join-us">`), 'hreflang');
          assert.ok(html.includes(`<link rel="alternate" hreflang="x-default" href="${ORIGIN}/it/lavora-con-noi">`), 'x-default');
        }
        assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/.test(html), 'no inline script');
        const page = await newPage(browser);
        await fakeOtherHosts(page);
        await page.goto(`${srv.url}${seed.url}${seed.external ? '?preview' : ''}`);
        await waitForHeading(page, seed.title);
        const paint = await page.evaluate(() => ({
          fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
          wasm: performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'))?.startTime,
        }));
        assert.ok(paint.wasm !== undefined, 'the wasm was fetched');
        if (!seed.external) {
          // A page that sends visitors elsewhere has no content of its own:
          // the app must decide at once.
          assert.ok(paint.fcp !== undefined, JSON.stringify(paint));
          assert.ok(paint.wasm >= paint.fcp, `the page paints (${paint.fcp} ms) before the wasm is requested (${paint.wasm} ms)`);
        }
        assertNoConsoleErrors(page);
        await page.context().close();
      });
    }

    for (const old of OLD_URLS) {
      test(`old URL ${old.from} sends visitors on`, async () => {
        const page = await newPage(browser);
        const visited = await fakeOtherHosts(page);
        await page.goto(`${srv.url}${old.from}`);
        await page.waitForURL(EXTERNAL);
        assert.ok(visited.includes(EXTERNAL));
        await page.goto(`${srv.url}${old.from}?preview#x`);
        await page.waitForURL(`${srv.url}${old.to}?preview#x`);
        await page.context().close();
      });

      test(`old URL ${old.from} works without JavaScript`, async () => {
        const response = await fetch(srv.url + old.from);
        assert.equal(response.status, 200);
        const html = await response.text();
        assert.ok(html.includes(`<meta http-equiv="refresh" content="0; url=${EXTERNAL}">`), 'meta refresh');
        assert.ok(html.includes(`<link rel="canonical" href="${EXTERNAL}">`), 'canonical');
        assert.ok(html.includes(`<a href="${EXTERNAL}">`), 'visible link');
      });
    }

    for (const seed of SEEDS.filter((s) => s.external)) {
      test(`${seed.url} says where it went when the browser does not send visitors on`, async () => {
        // No JavaScript, and the refresh blocked (some browsers and
        // accessibility settings do): the page must not be blank.
        const page = await newPage(browser, { javaScriptEnabled: false });
        await fakeOtherHosts(page);
        await page.route(`${srv.url}${seed.url}`, async (route) => {
          const response = await route.fetch();
          const body = (await response.text()).replace(/<meta http-equiv="refresh"[^>]*>/g, '');
          await route.fulfill({ response, body });
        });
        await page.goto(srv.url + seed.url);
        await page.getByRole('heading', { level: 1, name: seed.title }).waitFor();
        const link = page.locator('main').getByRole('link', { name: EXTERNAL });
        assert.equal(await link.getAttribute('href'), EXTERNAL);
        assert.ok(await link.isVisible());
        await page.context().close();
      });
    }

    test('an unknown path answers 404 and shows the 404 page', async () => {
      const response = await fetch(`${srv.url}/en/nothing-here`);
      assert.equal(response.status, 404);
      const page = await newPage(browser);
      await page.goto(`${srv.url}/en/nothing-here`);
      await waitForHeading(page, 'Page not found');
      assertNoConsoleErrors(page, { ignore: [/404/] });
      await page.context().close();
    });

    test('sitemap.xml lists pages with hreflang alternates, _redirects has 301s', async () => {
      const sitemap = await (await fetch(`${srv.url}/sitemap.xml`)).text();
      assert.ok(sitemap.includes(`<loc>${ORIGIN}/it/projects/cittadinanza-digitale.htm</loc>`));
      assert.ok(sitemap.includes(`<xhtml:link rel="alternate" hreflang="en" href="${ORIGIN}/en/"/>`));
      assert.ok(!sitemap.includes('/it/lavora-con-noi<'), 'pages that send visitors away are left out');
      const redirects = await (await fetch(`${srv.url}/_redirects`)).text();
      assert.ok(redirects.includes(`/it/36-content.htm ${EXTERNAL} 301`));
      // The headers the build writes for Netlify and Cloudflare Pages are the
      // ones the test servers send (the seed site has no iframe_hosts).
      const headers = await (await fetch(`${srv.url}/_headers`)).text();
      assert.equal(headers, `/*\n  Content-Security-Policy: ${CSP}\n  X-Content-Type-Options: nosniff\n`);
    });
  });
}

describe('fonts', () => {
  let srv;
  before(async () => {
    srv = await serveDist({ mode: 'pages' });
  });
  after(async () => {
    await srv?.close();
  });

  const fontFiles = (page) =>
    page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => new URL(e.name).pathname)
        .filter((p) => p.startsWith('/fonts/'))
        .sort(),
    );

  const addText = (page, text) =>
    page.evaluate(async (t) => {
      const p = document.createElement('p');
      p.textContent = t;
      document.querySelector('main').append(p);
      await document.fonts.load('400 16px "Titillium Web"', t);
    }, text);

  test('Italian text loads only the core font files; other Latin letters load the extension file', async () => {
    const page = await newPage(browser);
    await page.goto(`${srv.url}/it/projects/cittadinanza-digitale.htm`);
    await waitForHeading(page, 'Cittadinanza digitale');
    await page.evaluate(() => document.fonts.ready);
    const first = await fontFiles(page);
    assert.ok(first.includes('/fonts/titillium-web-400.woff2'), `regular face loaded: ${first}`);
    assert.deepEqual(first.filter((p) => p.includes('-ext')), [], 'no extension file for Italian text');
    await addText(page, 'È così: «Perché l’Università?» – 3° piano, 1ª volta, © 2026, 5 €, À Ì Ò Ù Í Î Ó Ú');
    const italian = await fontFiles(page);
    assert.deepEqual(italian.filter((p) => p.includes('-ext')), [], `Italian capitals and punctuation need no extension file: ${italian}`);
    await addText(page, 'François Müller, Łukasz Dvořák');
    const after = await fontFiles(page);
    assert.ok(after.includes('/fonts/titillium-web-400-ext.woff2'), `extension file loaded: ${after}`);
    assertNoConsoleErrors(page);
    await page.context().close();
  });
});
