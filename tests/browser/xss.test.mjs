// tests/browser/xss.test.mjs: hostile content never runs. The fixture site
// tests/fixtures/xss-site/ carries more than fifty XSS vectors (script tags in
// any casing, event handlers, javascript:/data:/vbscript: URLs also
// entity-encoded, svg and math payloads, iframe srcdoc, meta refresh, base
// href, forms, objects, style tricks) in Markdown bodies, raw HTML, link
// URLs, front matter strings, the site title and the interface strings. Each
// payload, if it ran, would set window.__xss, open a dialog or set
// document.title to 'pwned'.
//
// Every page is opened by deep link and reached by in-app navigation, with
// the site's Content-Security-Policy on and then off, so the test proves the
// sanitizer and the escaping, not just the policy. The build must also have
// warned about what it dropped.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launchBrowser, newPage, assertNoConsoleErrors, REPO } from './harness.mjs';
import { startServer } from './server.mjs';
import { buildFixture } from './fixture-build.mjs';
import { waitForApp, markWindow, sameWindow, fakeOtherHosts } from './site.mjs';

const CONTENT = path.join(REPO, 'tests/fixtures/xss-site/content');

/** Every page of the fixture, with the text its heading starts with. */
const PAGES = [
  { url: '/it/', h1: 'Casa XSS' },
  { url: '/it/link', h1: '<script>window.__xss=1</script>Link' },
  { url: '/it/raw.html', h1: '<img src=x onerror=window.__xss=1>Raw' },
  { url: '/it/projects/evil', h1: 'Progetto <svg onload=window.__xss=1>' },
  { url: '/it/team/evil', h1: 'Persona <script>window.__xss=1</script>' },
  { url: '/it/jobpositions/evil', h1: 'Lavoro <img src=x onerror=window.__xss=1>' },
  { url: '/it/jobpositions/evil2', h1: 'Lavoro 2 <script>alert(1)</script>' },
  { url: '/it/jobpositions/evil3', h1: 'Lavoro 3' },
  { url: '/en/', h1: "Home <script>document.title='pwned'</script>" },
  { url: '/it/no-such-page', h1: 'Pagina non trovata' },
  { url: '/en/no-such-page', h1: 'Page not found' },
];

/** What must not be in the main area (or anywhere in the body) once rendered. */
const FORBIDDEN = [
  'script',
  'iframe[srcdoc]',
  'iframe[src]:not([src^="https://"])',
  'base',
  'meta[http-equiv]',
  'form',
  'object',
  'embed',
  'style',
  'link',
  'svg',
  'math',
  'template',
  'noscript',
  'xmp',
  'isindex',
  'frameset',
  'marquee',
  'video',
  'audio',
  'source',
  '[style]',
  '[srcdoc]',
  '[formaction]',
  '[action]',
  '[xlink\\:href]',
  '[onerror]',
  '[onload]',
  '[onclick]',
  '[onfocus]',
  '[ontoggle]',
  '[onmouseover]',
  '[onstart]',
  'a[href^="javascript:" i]',
  'a[href^="data:" i]',
  'a[href^="vbscript:" i]',
  '[src^="javascript:" i]',
  // The app's own placeholder photos are data:image/svg+xml images, which
  // cannot run scripts in an <img>; any other data: source is injected.
  '[src^="data:" i]:not(img[src^="data:image/" i])',
];

/** Anything in the page an attacker could have added, as text for messages. */
async function injected(page) {
  return page.evaluate((selectors) => {
    const found = [];
    const main = document.querySelector('main');
    for (const selector of selectors) {
      for (const el of main?.querySelectorAll(selector) ?? []) found.push(`${selector}: ${el.outerHTML.slice(0, 120)}`);
    }
    // Outside main: scripts must all be the app's own files, and no element
    // anywhere may carry an event handler attribute.
    for (const el of document.querySelectorAll('script')) {
      if (!el.src || !new URL(el.src).pathname.match(/^\/[\w.-]+\.js$/)) found.push(`script: ${el.outerHTML.slice(0, 120)}`);
    }
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        if (/^on/i.test(attr.name)) found.push(`${el.tagName} ${attr.name}`);
        const dangerous = /^\s*(javascript|vbscript|data):/i.test(attr.value) && !(el.tagName === 'IMG' && /^data:image\//i.test(attr.value));
        if (dangerous && /^(href|src|action|formaction|xlink:href)$/i.test(attr.name)) {
          found.push(`${el.tagName} ${attr.name}=${attr.value.slice(0, 60)}`);
        }
      }
    }
    // The page's own policy (tdt-build writes one, in the head) is the one allowed.
    const policies = document.head.querySelectorAll(':scope > meta[http-equiv="Content-Security-Policy"]');
    for (const el of document.querySelectorAll('base, meta[http-equiv], iframe[srcdoc], object, embed, form')) {
      if (policies.length === 1 && el === policies[0]) continue;
      found.push(`document: ${el.outerHTML.slice(0, 120)}`);
    }
    return found;
  }, FORBIDDEN);
}

/** Fails when any payload ran. */
async function assertNothingRan(page, dialogs, where) {
  const state = await page.evaluate(() => ({ xss: window.__xss, title: document.title }));
  assert.equal(state.xss, undefined, `${where}: window.__xss was set`);
  assert.notEqual(state.title, 'pwned', `${where}: document.title was set`);
  assert.deepEqual(dialogs, [], `${where}: a dialog opened`);
  assert.deepEqual(await injected(page), [], `${where}: injected elements survived`);
}

/** Fires the events a surviving handler would wait for, on every element of the body. */
async function provoke(page) {
  await page.evaluate(() => {
    for (const el of document.body.querySelectorAll('*')) {
      if (el.matches('a[href], button, input[type="submit"]')) continue; // clicking would navigate
      for (const type of ['mouseover', 'focus', 'click', 'toggle', 'load', 'error', 'animationstart']) {
        el.dispatchEvent(new Event(type, { bubbles: false }));
      }
    }
    for (const el of document.body.querySelectorAll('a[href], button')) {
      for (const type of ['mouseover', 'focus']) el.dispatchEvent(new Event(type));
    }
  });
}

/** Waits until the app shows the page whose heading starts with `h1`. */
async function waitForPage(page, h1) {
  await waitForApp(page);
  await page.waitForFunction(
    (t) => document.querySelector('main h1')?.textContent.trim().startsWith(t) && !document.querySelector('main [aria-busy="true"]'),
    h1,
  );
}

async function openPage(browser) {
  const page = await newPage(browser);
  await fakeOtherHosts(page);
  const dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  return { page, dialogs };
}

let built;
let browser;

before(async () => {
  built = await buildFixture(CONTENT);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  built?.remove();
});

test('the build succeeds and warns about what it dropped', () => {
  assert.equal(built.status, 0, built.output);
  const warnings = built.output.split('\n').filter((l) => l.includes(': warning: '));
  assert.ok(warnings.length >= 50, `only ${warnings.length} warnings:\n${built.output}`);
  const expected = [
    /content\/it\/index\.md:\d+:\d+: warning: removed <script> element/,
    /content\/it\/index\.md:\d+:\d+: warning: removed the `onerror` attribute of <img>/,
    /content\/it\/index\.md:\d+:\d+: warning: removed the `ontoggle` attribute of <details>/,
    /content\/it\/index\.md:\d+:\d+: warning: removed <svg> element/,
    /content\/it\/index\.md:\d+:\d+: warning: removed <math> element/,
    /content\/it\/index\.md:\d+:\d+: warning: removed the `srcdoc` attribute of <iframe>/,
    /content\/it\/index\.md:\d+:\d+: warning: removed the iframe source `http:\/\/insecure\.example\/frame`: iframes must use https/,
    /content\/it\/index\.md:\d+:\d+: warning: removed <meta> element/,
    /content\/it\/index\.md:\d+:\d+: warning: removed <base> element/,
    /content\/it\/index\.md:\d+:\d+: warning: removed <form> element/,
    /content\/it\/index\.md:\d+:\d+: warning: removed <object> element/,
    /content\/it\/index\.md:\d+:\d+: warning: removed <embed> element/,
    /content\/it\/index\.md:\d+:\d+: warning: removed <style> element/,
    /content\/it\/index\.md:\d+:\d+: warning: removed the URL `data:text\/html,<script>alert\(1\)<\/script>`/,
    /content\/it\/link\.md:\d+:\d+: warning: removed the URL `javascript:window.__xss=1`/,
    /content\/it\/link\.md:\d+:\d+: warning: removed the URL `&#106;avascript:alert\(1\)`/,
    /content\/it\/link\.md:\d+:\d+: warning: removed the URL `javascript&colon;alert\(1\)`/,
    /content\/it\/link\.md:\d+:\d+: warning: removed the URL `vbscript:msgbox\(1\)`/,
    /content\/it\/link\.md:\d+:\d+: warning: removed the URL `&#86;bscript:msgbox\(1\)`/,
    /content\/it\/link\.md:\d+:\d+: warning: removed the URL `data:text\/html;base64,/,
    /content\/it\/raw\.html:\d+:\d+: warning: removed the `srcdoc` attribute of <iframe>/,
    /content\/it\/raw\.html:\d+:\d+: warning: removed <script> element/,
    /content\/it\/projects\/evil\.md:\d+:\d+: warning: removed the URL `javascript:window.__xss=1`/,
    /content\/it\/projects\/evil\.md:\d+:\d+: warning: removed the iframe source `http:\/\/insecure\.example\/`: iframes must use https/,
    /content\/it\/jobpositions\/evil\.md:\d+:\d+: warning: `jazz_url` `http:\/\/insecure\.example\/apply` is not an https URL/,
    /content\/it\/jobpositions\/evil2\.md:\d+:\d+: warning: `jazz_url` `javascript:window.__xss=1` is not an https URL/,
    /content\/it\/jobpositions\/evil3\.md:\d+:\d+: warning: `jazz_url` `data:text\/html,<script>alert\(1\)<\/script>` is not an https URL/,
    /content\/en\/index\.md:\d+:\d+: warning: removed the `onerror` attribute of <img>/,
  ];
  const missing = expected.filter((re) => !warnings.some((w) => re.test(w)));
  assert.deepEqual(missing, [], `warnings missing:\n${built.output}`);
});

for (const csp of [true, false]) {
  describe(`Content-Security-Policy ${csp ? 'on' : 'off'}`, () => {
    let srv;
    before(async () => {
      srv = await startServer({ root: built.root, mode: 'spa', csp });
    });
    after(async () => {
      await srv?.close();
    });

    for (const { url, h1 } of PAGES) {
      test(`deep link ${url}: nothing runs, nothing injected survives`, async () => {
        // The prerendered HTML the server sends, with the app kept from
        // starting (its wasm refused): what a visitor gets before it runs.
        {
          const { page, dialogs } = await openPage(browser);
          try {
            await page.route('**/*.wasm', (route) => route.abort());
            await page.goto(srv.url + url);
            await page.locator('main').first().waitFor({ state: 'attached' });
            await provoke(page);
            await assertNothingRan(page, dialogs, `${url} (prerendered)`);
          } finally {
            await page.context().close();
          }
        }
        // The app.
        const { page, dialogs } = await openPage(browser);
        try {
          await page.goto(srv.url + url);
          await waitForPage(page, h1);
          await provoke(page);
          await assertNothingRan(page, dialogs, url);
          if (csp) assertNoConsoleErrors(page, { ignore: [/404/, /Failed to load resource/] });
        } finally {
          await page.context().close();
        }
      });
    }

    test('in-app navigation through every page: nothing runs', async () => {
      const { page, dialogs } = await openPage(browser);
      try {
        await page.goto(srv.url + '/it/');
        await waitForPage(page, 'Casa XSS');
        await markWindow(page);
        for (const { url, h1 } of PAGES.slice(1)) {
          // Click a link written in the content where there is one, else
          // follow an added link (the router handles both alike).
          const written = page.locator(`main a[href="${url}"]`);
          if ((await written.count()) > 0) {
            await written.first().click();
          } else {
            await page.evaluate((href) => {
              document.getElementById('test-link')?.remove();
              const a = document.createElement('a');
              a.href = href;
              a.id = 'test-link';
              a.textContent = 'test link';
              document.querySelector('main').append(a);
            }, url);
            await page.click('#test-link');
          }
          await waitForPage(page, h1);
          assert.equal(new URL(page.url()).pathname, url);
          await assertNothingRan(page, dialogs, `${url} (in-app)`);
          await page.goBack();
          await waitForPage(page, 'Casa XSS');
        }
        assert.ok(await sameWindow(page), 'every move happened in the app');
        // Every link still in the content is a site path or an http(s)/mailto URL.
        const hrefs = await page.evaluate(() => [...document.querySelectorAll('main a[href]')].map((a) => a.getAttribute('href')));
        for (const href of hrefs) assert.match(href, /^(\/(?!\/)|https?:\/\/|mailto:|tel:|#)/i, href);
        await assertNothingRan(page, dialogs, 'after navigating');
      } finally {
        await page.context().close();
      }
    });

    test('the job forms: only https iframes, no form for other schemes', async () => {
      const { page } = await openPage(browser);
      try {
        for (const url of ['/it/jobpositions/evil', '/it/jobpositions/evil2', '/it/jobpositions/evil3']) {
          await page.goto(srv.url + url);
          await waitForPage(page, 'Lavoro');
          assert.equal(await page.locator('iframe').count(), 0, `${url}: an iframe was rendered`);
        }
        await page.goto(srv.url + '/it/raw.html');
        await waitForPage(page, '<img');
        const frames = await page.locator('main iframe').evaluateAll((els) => els.map((e) => e.getAttribute('src')));
        assert.ok(frames.includes('https://www.youtube-nocookie.com/embed/x'), `https iframe kept: ${frames}`);
        for (const src of frames) assert.ok(src === null || src.startsWith('https://'), src);
      } finally {
        await page.context().close();
      }
    });
  });
}
