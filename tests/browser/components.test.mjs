// tests/browser/components.test.mjs: the page components, driven by role and
// label as a visitor would: the jobs accordion (mouse and keyboard), the
// closed-positions disclosure, the job lists in both languages, the job page
// and its application form, the project timeline, contents and people, the
// navigation's aria-current, footer dates, the small-screen menu, focus and
// announcements after in-app navigation, and the skip link.
//
// The seed pages are served from dist/; content the seeds lack (jobs in both
// languages, people with and without photos, a team list, an English project,
// a page without a footer date) comes from tests/fixtures/browser-site, built
// with the same release app by fixture-site.mjs.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, assertNoConsoleErrors, screenshot } from './harness.mjs';
import { startSites, BROWSER_SITE_DATES, FIXTURE_DATE } from './fixture-site.mjs';
import { SEEDS, SITE_TITLE, waitForApp, waitForHeading, markWindow, sameWindow, fakeOtherHosts, entry } from './site.mjs';

/** Interface texts the tests look for, as the issue names them. */
const TEXT = {
  it: {
    joinUs: '/it/lavora-con-noi',
    joinUsTitle: 'Lavora con noi',
    accordion: 'Condizioni di lavoro',
    topics: [
      'Durata del rapporto',
      'Compenso',
      'Sede di lavoro',
      'Trasferimento',
      'Tipo di contratto',
      'Abbigliamento',
      'Da tenere a mente',
    ],
    showAll: 'Mostra tutto',
    hide: 'Nascondi',
    isNew: 'Nuova',
    closed: 'Chiusa',
    none: 'Nessuna posizione aperta',
    openHeading: 'Posizioni aperte',
    nav: 'Navigazione principale',
    menu: 'Menu',
    lastUpdate: 'Ultimo aggiornamento',
  },
  en: {
    joinUs: '/en/join-us',
    joinUsTitle: 'Join Us',
    accordion: 'Working conditions',
    topics: [
      'Duration of employment',
      'Compensation',
      'Location',
      'Relocation',
      'Type of contract',
      'Dress code',
      'Keep in mind',
    ],
    showAll: 'See all',
    hide: 'Hide',
    isNew: 'New',
    closed: 'Closed',
    none: 'No open positions',
    openHeading: 'Open positions',
    nav: 'Main navigation',
    menu: 'Menu',
    lastUpdate: 'Last update',
  },
};

const PHOTO_FALLBACK_PREFIX = 'data:image/svg+xml,';
const SMALL = { width: 375, height: 812 };

let sites;
let browser;
let srv;
let fx;

before(async () => {
  sites = await startSites();
  ({ browser, srv, fx } = sites);
});

after(async () => {
  await sites?.close();
});

/** Opens `path` of `server` and waits for its main heading. */
async function open(server, path, title, options = {}) {
  const page = await newPage(browser, options);
  await fakeOtherHosts(page);
  await page.goto(server.url + path);
  await waitForHeading(page, title);
  return page;
}

/** Day/month order of a language, as the footer writes an ISO date. */
function formatDate(lang, iso) {
  const [y, m, d] = iso.split('-');
  return lang === 'en' ? `${m}/${d}/${y}` : `${d}/${m}/${y}`;
}

/** page.waitForFunction, failing with `what` (and the page state) on timeout. */
async function waitUntil(page, what, fn, arg) {
  try {
    await page.waitForFunction(fn, arg, { timeout: 15000 });
  } catch (err) {
    const state = await page.evaluate(() => ({
      url: location.href,
      scrollY,
      current: [...document.querySelectorAll('[aria-current]')].map((e) => `${e.textContent.trim()}=${e.getAttribute('aria-current')}`),
      focused: document.activeElement?.outerHTML.slice(0, 120),
    }));
    throw new Error(`${what}: ${err.message.split('\n')[0]}\n${JSON.stringify(state, null, 1)}`);
  }
}

/** Waits until the page has stopped scrolling (smooth scrolling ends), as a reader would. */
function scrollSettled(page) {
  return page.evaluate(
    () =>
      new Promise((done) => {
        let last = -1;
        let still = 0;
        const frame = () => {
          still = scrollY === last ? still + 1 : 0;
          last = scrollY;
          if (still >= 10) done();
          else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
  );
}

/** The text of the element that has the focus. */
function focusedText(page) {
  return page.evaluate(() => document.activeElement?.textContent.trim() ?? null);
}

/** Whether the element is hidden with the `hidden` attribute and not rendered. */
function isHidden(locator) {
  return locator.evaluate((el) => el.hidden && el.getClientRects().length === 0);
}

/** The element an `aria-controls` names. */
async function controlled(page, button) {
  const id = await button.getAttribute('aria-controls');
  assert.ok(id, 'the button has aria-controls');
  const target = page.locator(`[id="${id}"]`);
  assert.equal(await target.count(), 1, `one element has id ${id}`);
  return target;
}

// ---------------------------------------------------------------------------
// The jobs accordion

for (const lang of ['it', 'en']) {
  const t = TEXT[lang];
  const title = SEEDS.find((s) => s.url === t.joinUs).title;

  describe(`jobs accordion (${lang})`, () => {
    async function accordion() {
      const page = await open(srv, `${t.joinUs}?preview`, title);
      const region = page.getByRole('region', { name: t.accordion, exact: true });
      assert.equal(await region.count(), 1, 'the accordion is a region named by its label');
      const buttons = t.topics.map((name) => region.getByRole('button', { name, exact: true }));
      return { page, region, buttons };
    }

    async function state(page, buttons) {
      const out = [];
      for (const button of buttons) {
        const panel = await controlled(page, button);
        out.push({
          expanded: await button.getAttribute('aria-expanded'),
          hidden: await isHidden(panel),
        });
      }
      return out;
    }

    const only = (i, n = 7) =>
      Array.from({ length: n }, (_, j) => ({ expanded: String(j === i), hidden: j !== i }));

    test('seven topics, each a button in a heading, the first open', async () => {
      const { page, region, buttons } = await accordion();
      assert.equal(await region.getByRole('button').count(), 7);
      const titles = await region.getByRole('button').allTextContents();
      assert.deepEqual(titles.map((s) => s.trim()), t.topics, 'the topics in order');
      for (const button of buttons) {
        assert.equal(await button.count(), 1);
        assert.equal(await button.evaluate((el) => el.tagName), 'BUTTON');
        assert.equal(await button.getAttribute('type'), 'button');
        assert.match(await button.evaluate((el) => el.parentElement.tagName), /^H[2-6]$/, 'the button is inside a heading');
        const panel = await controlled(page, button);
        assert.equal(await panel.getAttribute('role'), 'region');
        assert.equal(await panel.getAttribute('aria-labelledby'), await button.getAttribute('id'));
      }
      assert.deepEqual(await state(page, buttons), only(0));
      assert.ok(await page.getByRole('region', { name: t.topics[0], exact: true }).isVisible(), 'the first panel shows');
      assertNoConsoleErrors(page);
      await page.context().close();
    });

    test('by mouse: a click opens one topic and closes the other', async () => {
      const { page, buttons } = await accordion();
      await buttons[2].click();
      assert.deepEqual(await state(page, buttons), only(2));
      assert.ok(await page.getByRole('region', { name: t.topics[2], exact: true }).isVisible());
      await buttons[6].click();
      assert.deepEqual(await state(page, buttons), only(6));
      await buttons[6].click();
      assert.deepEqual(await state(page, buttons), only(-1), 'clicking the open topic closes it');
      await buttons[0].click();
      assert.deepEqual(await state(page, buttons), only(0));
      await page.context().close();
    });

    test('by keyboard: Enter and Space toggle, arrows, Home and End move the focus', async () => {
      const { page, buttons } = await accordion();
      await buttons[0].focus();
      const moves = [
        ['ArrowDown', 1],
        ['ArrowDown', 2],
        ['ArrowUp', 1],
        ['ArrowUp', 0],
        ['ArrowUp', 6],
        ['ArrowDown', 0],
        ['End', 6],
        ['Home', 0],
        ['End', 6],
        ['ArrowDown', 0],
      ];
      for (const [key, to] of moves) {
        await page.keyboard.press(key);
        assert.equal(await focusedText(page), t.topics[to], `${key} moves the focus to ${t.topics[to]}`);
      }
      assert.deepEqual(await state(page, buttons), only(0), 'moving the focus opens nothing');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      assert.deepEqual(await state(page, buttons), only(1), 'Enter opens the focused topic');
      await page.keyboard.press('Enter');
      assert.deepEqual(await state(page, buttons), only(-1), 'Enter closes it again');
      await page.keyboard.press('End');
      await page.keyboard.press(' ');
      assert.deepEqual(await state(page, buttons), only(6), 'Space opens the focused topic');
      await page.keyboard.press('Home');
      await page.keyboard.press(' ');
      assert.deepEqual(await state(page, buttons), only(0), 'Space on another topic closes the open one');
      assert.equal(await focusedText(page), t.topics[0], 'the focus stays on the title');
      assertNoConsoleErrors(page);
      await page.context().close();
    });
  });
}

// ---------------------------------------------------------------------------
// The closed-positions disclosure

for (const lang of ['it', 'en']) {
  const t = TEXT[lang];
  const title = SEEDS.find((s) => s.url === t.joinUs).title;

  test(`closed positions disclosure (${lang}): ${t.showAll} ↔ ${t.hide}`, async () => {
    const page = await open(fx, `${t.joinUs}?preview`, title);
    const button = page.getByRole('button', { name: t.showAll, exact: true });
    assert.equal(await button.count(), 1);
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    const list = await controlled(page, button);
    assert.ok(await isHidden(list), 'the list is hidden while closed');

    await button.click();
    const hide = page.getByRole('button', { name: t.hide, exact: true });
    await hide.waitFor();
    assert.equal(await hide.getAttribute('aria-expanded'), 'true');
    assert.ok(await list.isVisible(), 'the list shows');
    assert.ok(await hide.evaluate((el) => el === document.activeElement), 'the focus stays on the button');
    const items = list.getByRole('listitem');
    assert.ok((await items.count()) > 0);
    for (const item of await items.all()) {
      assert.equal(await item.getByText(t.closed, { exact: true }).count(), 1, 'each closed position is marked closed');
    }

    await page.keyboard.press('Enter');
    await button.waitFor();
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.ok(await isHidden(list), 'hidden again');
    assert.ok(await button.evaluate((el) => el === document.activeElement), 'the focus stays on the button');
    await page.keyboard.press(' ');
    await hide.waitFor();
    assert.equal(await hide.getAttribute('aria-expanded'), 'true');
    assertNoConsoleErrors(page);
    await page.context().close();
  });
}

// ---------------------------------------------------------------------------
// Lists sorted and badged

/** The open positions list (after the "open positions" heading) and the archive list. */
async function jobLists(page, t) {
  const open = page.locator('ul.jobs-list:not(.jobs-list-archive)');
  const archive = page.locator('ul.jobs-list-archive');
  const read = async (list) => {
    const rows = [];
    for (const item of await list.getByRole('listitem').all()) {
      rows.push({
        title: (await item.getByRole('link').textContent()).trim(),
        href: await item.getByRole('link').getAttribute('href'),
        isNew: (await item.getByText(t.isNew, { exact: true }).count()) === 1,
        closed: (await item.getByText(t.closed, { exact: true }).count()) === 1,
      });
    }
    return rows;
  };
  const openRows = (await open.count()) ? await read(open) : null;
  // The closed positions are read once shown (hidden ones have no role).
  await page.getByRole('button', { name: t.showAll, exact: true }).click();
  await archive.waitFor({ state: 'visible' });
  return { open: openRows, archive: await read(archive) };
}

const FIXTURE_JOBS = {
  it: {
    open: [
      { title: 'Designer di servizi', href: '/it/jobpositions/designer-di-servizi.htm', isNew: false, closed: false },
      { title: 'Èlite dei dati', href: '/it/jobpositions/elite-dati.htm', isNew: true, closed: false },
      { title: 'sviluppatore mobile', href: '/it/jobpositions/sviluppatore-mobile.htm', isNew: false, closed: false },
      { title: 'Technical Program Manager', href: '/it/jobpositions/technical-project-manager.htm', isNew: true, closed: false },
    ],
    archive: [
      { title: 'Architetto software', href: '/it/jobpositions/architetto-software.htm', isNew: false, closed: true },
      { title: 'Collaborazioni Internazionali', href: '/it/jobpositions/collaborazioni-internazionali.htm', isNew: false, closed: true },
    ],
  },
  en: {
    open: [
      { title: 'data analyst', href: '/en/jobpositions/data-analyst.htm', isNew: false, closed: false },
      { title: 'Émigré Liaison', href: '/en/jobpositions/emigre-liaison.htm', isNew: true, closed: false },
      { title: 'Zeta Engineer', href: '/en/jobpositions/zeta-engineer.htm', isNew: false, closed: false },
    ],
    archive: [{ title: 'Old Position', href: '/en/jobpositions/old-position.htm', isNew: false, closed: true }],
  },
};

for (const lang of ['it', 'en']) {
  const t = TEXT[lang];
  const title = SEEDS.find((s) => s.url === t.joinUs).title;

  test(`open positions sorted by title with ${lang} collation, new ones badged (fixture)`, async () => {
    const page = await open(fx, `${t.joinUs}?preview`, title);
    const lists = await jobLists(page, t);
    assert.deepEqual(lists.open, FIXTURE_JOBS[lang].open);
    assert.deepEqual(lists.archive, FIXTURE_JOBS[lang].archive);
    const collator = new Intl.Collator(lang, { sensitivity: 'base' });
    const titles = lists.open.map((r) => r.title);
    assert.deepEqual([...titles].sort(collator.compare), titles, 'sorted as the language sorts');
    assert.notDeepEqual([...titles].sort(), titles, 'not in code point order (accents and case are ignored)');
    assert.equal(await page.getByText(t.none, { exact: true }).count(), 0);
    await page.context().close();
  });
}

test('seed lists: the Italian position is new, the English page has none open', async () => {
  const it = await open(srv, '/it/lavora-con-noi?preview', 'Lavora con noi');
  const lists = await jobLists(it, TEXT.it);
  assert.deepEqual(lists.open, [
    { title: 'Technical Program Manager', href: '/it/jobpositions/technical-project-manager.htm', isNew: true, closed: false },
  ]);
  assert.deepEqual(lists.archive, [
    { title: 'Collaborazioni Internazionali', href: '/it/jobpositions/collaborazioni-internazionali.htm', isNew: false, closed: true },
  ]);
  await it.context().close();

  const en = await open(srv, '/en/join-us?preview', 'Join Us');
  assert.equal(await en.getByText(TEXT.en.none, { exact: true }).count(), 1, '"No open positions"');
  assert.equal(await en.locator('ul.jobs-list:not(.jobs-list-archive)').count(), 0);
  await en.context().close();
});

// ---------------------------------------------------------------------------
// Job pages

test('job page: the application form, its heading, privacy notice and back link', async () => {
  const page = await open(srv, '/it/jobpositions/technical-project-manager.htm', 'Technical Program Manager');
  const heading = page.getByRole('heading', { name: 'Invia il CV per questa posizione', exact: true });
  assert.equal(await heading.count(), 1);
  const iframe = page.locator('main iframe');
  assert.equal(await iframe.count(), 1);
  assert.equal(await iframe.getAttribute('height'), '700');
  assert.equal(await iframe.getAttribute('title'), 'Modulo di candidatura');
  assert.equal(await iframe.getAttribute('loading'), 'lazy');
  assert.equal(await iframe.evaluate((el) => el.loading), 'lazy');
  assert.match(await iframe.getAttribute('src'), /^https:\/\/teamdigitale\.applytojob\.com\//);
  assert.ok((await iframe.evaluate((el) => el.getBoundingClientRect().height)) >= 699, 'the frame is 700px tall');
  const privacy = page.getByText(/dati personali inviati con il modulo/);
  assert.equal(await privacy.count(), 1, 'the privacy notice');
  assert.ok(await privacy.isVisible());
  const back = page.locator('main').getByRole('link', { name: /Lavora con noi/ });
  assert.equal(await back.getAttribute('href'), '/it/lavora-con-noi');
  assert.equal(await page.locator('main').getByText('Chiusa', { exact: true }).count(), 0, 'an open position has no closed badge');
  assertNoConsoleErrors(page);
  await page.context().close();
});

test('job page: a deep link loads the application form once, not once per render', async () => {
  // A window tall enough for the lazy frame to load at once: the prerendered
  // page must not load a frame of its own before the app mounts one.
  const page = await newPage(browser, { viewport: { width: 1280, height: 4000 } });
  const visited = await fakeOtherHosts(page);
  await page.goto(srv.url + '/it/jobpositions/technical-project-manager.htm');
  await waitForHeading(page, 'Technical Program Manager');
  // The app's frame has left about:blank for the (cross-origin) form.
  await page.waitForFunction(() => document.querySelector('main iframe')?.contentDocument === null);
  await page.waitForFunction(() => document.readyState === 'complete');
  const forms = visited.filter((url) => url.includes('applytojob.com'));
  assert.equal(forms.length, 1, `the form was requested ${forms.length} times`);
  await page.context().close();
});

test('job page without jazz_url: no form; a closed one is badged', async () => {
  const page = await open(srv, '/it/jobpositions/collaborazioni-internazionali.htm', 'Collaborazioni Internazionali');
  assert.equal(await page.locator('iframe').count(), 0);
  assert.equal(await page.getByRole('heading', { name: 'Invia il CV per questa posizione' }).count(), 0);
  const badge = page.locator('main').getByText('Chiusa', { exact: true });
  assert.equal(await badge.count(), 1);
  assert.ok(await badge.isVisible());
  assert.equal(await page.locator('main').getByRole('link', { name: /Lavora con noi/ }).getAttribute('href'), '/it/lavora-con-noi');
  await page.context().close();

  const en = await open(fx, '/en/jobpositions/emigre-liaison.htm', 'Émigré Liaison');
  assert.equal(await en.locator('iframe').count(), 0, 'an open position without jazz_url has no form');
  assert.equal(await en.getByRole('heading', { name: 'Apply for this position' }).count(), 0);
  assert.equal(await en.locator('main').getByText('Closed', { exact: true }).count(), 0);
  assert.equal(await en.locator('main').getByRole('link', { name: /Join Us/ }).getAttribute('href'), '/en/join-us');
  await en.context().close();
});

test('English job page with a form', async () => {
  const page = await open(fx, '/en/jobpositions/zeta-engineer.htm', 'Zeta Engineer');
  assert.equal(await page.getByRole('heading', { name: 'Apply for this position', exact: true }).count(), 1);
  const iframe = page.locator('main iframe');
  assert.equal(await iframe.getAttribute('title'), 'Application form');
  assert.equal(await iframe.getAttribute('loading'), 'lazy');
  assert.equal(await iframe.getAttribute('height'), '600', 'the default height');
  await page.context().close();
});

// ---------------------------------------------------------------------------
// The project page

const PROJECT = '/it/projects/cittadinanza-digitale.htm';

test('project timeline: front-matter order, the last two still to come', async () => {
  const page = await open(srv, PROJECT, 'Cittadinanza digitale');
  const timeline = page.locator('#timeline');
  assert.equal(await timeline.evaluate((el) => el.tagName), 'OL');
  const entries = timeline.getByRole('listitem');
  assert.equal(await entries.count(), 3);
  const rows = await entries.evaluateAll((els) =>
    els.map((el) => ({
      period: el.querySelector('.timeline-period')?.textContent.trim(),
      todo: el.classList.contains('todo'),
      done: el.classList.contains('done'),
      hidden: el.querySelector('.visually-hidden')?.textContent.trim(),
      text: el.textContent.replace(/\s+/g, ' ').trim(),
    })),
  );
  assert.deepEqual(
    rows.map((r) => [r.period, r.todo, r.done, r.hidden]),
    [
      ['Novembre 2017', false, true, '(completato)'],
      ['Gennaio 2018', true, false, '(da completare)'],
      ['Gennaio 2018', true, false, '(da completare)'],
    ],
  );
  assert.match(rows[0].text, /Rilascio API Comunicazioni e Preferenze \(versione beta\)/);
  assert.match(rows[1].text, /Rilascio API Comunicazioni e Preferenze \(produzione\)/);
  assert.match(rows[2].text, /Rilascio applicazione di Cittadinanza Digitale \(versione beta\)/);
  // The state is text for screen readers, out of sight.
  const hidden = timeline.getByText('(da completare)').first();
  assert.equal(await hidden.evaluate((el) => el.getBoundingClientRect().width <= 1), true, 'visually hidden');
  assert.equal(await page.getByRole('heading', { name: 'Le tappe del progetto' }).count(), 1);
  await page.context().close();
});

test('project contents: links scroll to their headings; the section read is highlighted', async () => {
  const page = await open(srv, PROJECT, 'Cittadinanza digitale');
  const toc = page.getByRole('navigation', { name: 'Indice della pagina', exact: true });
  assert.equal(await toc.count(), 1);
  const links = toc.getByRole('link');
  assert.equal(await links.count(), 8);
  for (const name of ['Il ruolo del Team', 'Benefici', 'Per i Cittadini', 'In breve']) {
    const link = toc.getByRole('link', { name, exact: true });
    const id = (await link.getAttribute('href')).slice(1);
    await link.click();
    await waitUntil(page, `the URL ends with #${id}`, (h) => location.hash === `#${h}`, id);
    // The heading is at the top of the viewport, or the page is scrolled to its end.
    await waitUntil(page, `${id} is at the top`, (h) => {
      const top = document.getElementById(h).getBoundingClientRect().top;
      const atEnd = Math.ceil(scrollY + innerHeight) >= document.documentElement.scrollHeight - 1;
      return (top >= -1 && top <= 80) || (atEnd && top >= -1 && top < innerHeight);
    }, id);
    const heading = page.locator(`[id="${id}"]`);
    assert.match(await heading.evaluate((el) => el.tagName), /^H[2-4]$/);
    assert.equal(await heading.textContent(), name);
    await waitUntil(page, `after a click ${id} is current`, (h) => document.querySelector(`nav.toc a[href="#${h}"]`)?.getAttribute('aria-current') === 'true', id);
    assert.equal(await toc.locator('[aria-current]').count(), 1, 'one entry is current');
    assert.equal(new URL(page.url()).pathname, PROJECT);
  }
  // Scrolling (without the contents) moves the highlight.
  for (const id of ['benefici', 'in-breve', 'per-le-amministrazioni']) {
    await page.evaluate((h) => {
      const el = document.getElementById(h);
      window.scrollTo(0, el.getBoundingClientRect().top + scrollY - 10);
    }, id);
    await waitUntil(page, `after scrolling ${id} is current`, (h) => document.querySelector(`nav.toc a[href="#${h}"]`)?.getAttribute('aria-current') === 'true', id);
    assert.equal(await toc.locator('[aria-current]').count(), 1);
  }
  assertNoConsoleErrors(page);
  await page.context().close();
});

test('project contents: each jump is a step in the history, as a link to a heading is', async () => {
  const page = await open(srv, PROJECT, 'Cittadinanza digitale');
  const toc = page.getByRole('navigation', { name: 'Indice della pagina', exact: true });
  const jump = async (name, hash) => {
    await toc.getByRole('link', { name, exact: true }).click();
    await waitUntil(page, `the URL ends with ${hash}`, (h) => location.hash === h, hash);
    await scrollSettled(page);
  };
  await jump('Benefici', '#benefici');
  await jump('Media', '#media');
  await waitUntil(page, 'scrolled on to Media', () => document.getElementById('benefici').getBoundingClientRect().top < -200);
  await page.goBack();
  await waitUntil(page, 'Back returns to #benefici', () => location.hash === '#benefici');
  await scrollSettled(page);
  await waitUntil(page, 'at the Benefici heading', () => Math.abs(document.getElementById('benefici').getBoundingClientRect().top) < 80);
  await page.goBack();
  await waitUntil(page, 'Back returns to the page without a fragment', () => location.hash === '');
  await scrollSettled(page);
  await waitUntil(page, 'at the top again', () => scrollY < 100);
  assert.equal(new URL(page.url()).pathname, PROJECT);
  assert.equal(await page.locator('main h1').textContent(), 'Cittadinanza digitale');
  assertNoConsoleErrors(page);
  await page.context().close();
});

test('project people: the seed person has no photo and shows the silhouette', async () => {
  const page = await open(srv, PROJECT, 'Cittadinanza digitale');
  const card = page.locator('.person-card', { has: page.getByRole('link', { name: 'Federico Feroldi' }) });
  assert.equal(await card.count(), 1);
  assert.equal(await card.getByRole('link').getAttribute('href'), '/it/team/federico-feroldi.htm');
  const img = card.locator('img');
  assert.ok((await img.getAttribute('src')).startsWith(PHOTO_FALLBACK_PREFIX), 'the fallback silhouette');
  assert.equal(await img.getAttribute('alt'), '');
  assert.equal(await page.getByRole('heading', { name: 'Il team del progetto' }).count(), 1);
  assert.equal(await page.getByRole('heading', { name: 'Hanno contribuito' }).count(), 0, 'nobody left the project');
  await page.context().close();
});

test('project people (fixture): current and former people, a photo and the silhouette', async () => {
  const page = await open(fx, '/it/projects/dati-pubblici.htm', 'Dati pubblici');
  const current = page.locator('ul.people-cards:not(.former)');
  const former = page.locator('ul.people-cards.former');
  assert.deepEqual(await current.getByRole('link').allTextContents(), ['Mario Rossi']);
  assert.deepEqual(await former.getByRole('link').allTextContents(), ['Anna Bianchi']);
  assert.equal(await page.getByRole('heading', { name: 'Il team del progetto' }).count(), 1);
  assert.equal(await page.getByRole('heading', { name: 'Hanno contribuito' }).count(), 1);
  const photo = current.locator('img');
  assert.equal(await photo.getAttribute('src'), '/images/team/mario-rossi.jpg');
  await photo.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => {
    const img = document.querySelector('ul.people-cards:not(.former) img');
    return img.complete && img.naturalWidth === 96;
  });
  assert.ok((await former.locator('img').getAttribute('src')).startsWith(PHOTO_FALLBACK_PREFIX));
  assert.equal(await page.locator('.auto-translated-notice').count(), 0, 'an Italian page is not translated');
  assertNoConsoleErrors(page);
  await page.context().close();
});

test('a photo that is missing at run time falls back to the silhouette', async () => {
  const page = await newPage(browser);
  await page.route('**/images/team/mario-rossi.jpg', (route) => route.fulfill({ status: 404, body: 'missing' }));
  await page.goto(`${fx.url}/it/projects/dati-pubblici.htm`);
  await waitForHeading(page, 'Dati pubblici');
  const img = page.locator('ul.people-cards:not(.former) img');
  await img.scrollIntoViewIfNeeded();
  await page.waitForFunction(
    (prefix) => document.querySelector('ul.people-cards:not(.former) img')?.src.startsWith(prefix),
    PHOTO_FALLBACK_PREFIX,
  );
  await page.waitForFunction(() => {
    const el = document.querySelector('ul.people-cards:not(.former) img');
    return el.complete && el.naturalWidth > 0;
  });
  assertNoConsoleErrors(page, { ignore: [/404/] });
  await page.context().close();
});

test('English project page: the automatic translation notice', async () => {
  const page = await open(fx, '/en/projects/public-data.htm', 'Public data');
  const notice = page.getByRole('note');
  assert.equal(await notice.count(), 1);
  assert.equal((await notice.textContent()).trim(), 'This text was translated automatically.');
  assert.equal(await page.getByRole('heading', { name: 'Project team' }).count(), 1);
  assert.equal(await page.getByRole('heading', { name: 'Contributed to the project' }).count(), 1);
  await page.context().close();
});

test('team list and projects list (fixture): sorted cards', async () => {
  const team = await open(fx, '/it/team/', 'Il team');
  const cards = team.locator('main ul.team-list > li');
  assert.deepEqual(
    (await cards.getByRole('link').allTextContents()).map((s) => s.trim()),
    // Current members by surname, then former ones (Anna Bianchi has an end_date).
    ['Federico Feroldi', 'Mario Rossi', 'Anna Bianchi'],
  );
  // With role and dates, in the page language's format.
  assert.deepEqual(
    (await cards.locator('.person-dates').allTextContents()).map((s) => s.trim()),
    ['', '09/01/2017', '16/09/2016 – 31/12/2018'],
  );
  const srcs = await cards.locator('img').evaluateAll((els) => els.map((e) => e.getAttribute('src')));
  assert.ok(srcs[0].startsWith(PHOTO_FALLBACK_PREFIX));
  assert.equal(srcs[1], '/images/team/mario-rossi.jpg');
  assert.ok(srcs[2].startsWith(PHOTO_FALLBACK_PREFIX));
  await team.context().close();

  const projects = await open(fx, '/it/projects/', 'Progetti');
  assert.deepEqual(
    (await projects.locator('main ul.projects-list').getByRole('link').allTextContents()).map((s) => s.trim()),
    ['Cittadinanza digitale', 'Dati pubblici'],
  );
  await projects.context().close();
});

test('a person page shows the profile', async () => {
  const page = await open(fx, '/it/team/mario-rossi.htm', 'Mario Rossi');
  assert.equal(await page.locator('main img').getAttribute('src'), '/images/team/mario-rossi.jpg');
  assert.match(await page.locator('main').textContent(), /Sviluppatore backend/);
  await page.context().close();
});

// ---------------------------------------------------------------------------
// Navigation

/** aria-current of the main navigation's links, by link text. */
async function navCurrent(page, lang) {
  const nav = page.getByRole('navigation', { name: TEXT[lang].nav, exact: true });
  return nav.getByRole('link').evaluateAll((els) =>
    Object.fromEntries(els.map((e) => [e.textContent.trim(), e.getAttribute('aria-current')])),
  );
}

test('navigation marks the current page and the parent of the page shown', async () => {
  const cases = [
    { server: srv, path: '/it/projects/', title: 'Progetti', lang: 'it', expect: { Progetti: 'page', 'Lavora con noi': null } },
    { server: srv, path: '/it/lavora-con-noi?preview', title: 'Lavora con noi', lang: 'it', expect: { Progetti: null, 'Lavora con noi': 'page' } },
    { server: srv, path: '/it/jobpositions/technical-project-manager.htm', title: 'Technical Program Manager', lang: 'it', expect: { Progetti: null, 'Lavora con noi': 'true' } },
    { server: srv, path: PROJECT, title: 'Cittadinanza digitale', lang: 'it', expect: { Progetti: 'true', 'Lavora con noi': null } },
    { server: srv, path: '/it/', title: 'Team per la Trasformazione Digitale', lang: 'it', expect: { Progetti: null, 'Lavora con noi': null } },
    { server: fx, path: '/en/jobpositions/zeta-engineer.htm', title: 'Zeta Engineer', lang: 'en', expect: { Projects: null, 'Join Us': 'true' } },
    { server: fx, path: '/en/projects/public-data.htm', title: 'Public data', lang: 'en', expect: { Projects: 'true', 'Join Us': null } },
  ];
  for (const c of cases) {
    const page = await open(c.server, c.path, c.title);
    assert.deepEqual(await navCurrent(page, c.lang), c.expect, c.path);
    await page.context().close();
  }
});

test('aria-current follows in-app navigation', async () => {
  const page = await open(srv, '/it/', 'Team per la Trasformazione Digitale');
  await page.locator('main').getByRole('link', { name: 'Cittadinanza digitale' }).click();
  await waitForHeading(page, 'Cittadinanza digitale');
  assert.deepEqual(await navCurrent(page, 'it'), { Progetti: 'true', 'Lavora con noi': null });
  await page.getByRole('navigation', { name: TEXT.it.nav }).getByRole('link', { name: 'Progetti' }).click();
  await waitForHeading(page, 'Progetti');
  assert.deepEqual(await navCurrent(page, 'it'), { Progetti: 'page', 'Lavora con noi': null });
  await page.context().close();
});

for (const lang of ['it', 'en']) {
  test(`the header's site title links to the ${lang} home`, async () => {
    const start = lang === 'it' ? PROJECT : '/en/projects/';
    const title = lang === 'it' ? 'Cittadinanza digitale' : 'Projects';
    const page = await open(srv, start, title);
    await markWindow(page);
    const home = page.getByRole('banner').getByRole('link', { name: SITE_TITLE[lang], exact: true });
    assert.equal(await home.getAttribute('href'), `/${lang}/`);
    await home.click();
    await waitForHeading(page, SITE_TITLE[lang]);
    assert.equal(new URL(page.url()).pathname, `/${lang}/`);
    assert.ok(await sameWindow(page), 'in-app navigation');
    await page.context().close();
  });
}

// ---------------------------------------------------------------------------
// Footer dates

/** The footer's "last update" text, or null. */
async function footerDate(page) {
  const p = page.getByRole('contentinfo').locator('.last-update');
  return (await p.count()) ? (await p.textContent()).trim() : null;
}

for (const seed of SEEDS) {
  test(`footer date of ${seed.url}`, async () => {
    const data = await entry(srv.url, seed.url.toLowerCase());
    assert.match(data.last_modified ?? '', /^\d{4}-\d{2}-\d{2}$/, 'the build gave the page a date');
    const page = await open(srv, seed.url + (seed.external ? '?preview' : ''), seed.title);
    const t = TEXT[seed.lang];
    assert.equal(await footerDate(page), `${t.lastUpdate}: ${formatDate(seed.lang, data.last_modified)}`);
    await page.context().close();
  });
}

test('footer dates (fixture): both formats, hidden date, newest job date', async () => {
  const cases = [
    { path: '/it/', title: 'Team per la Trasformazione Digitale', expect: 'Ultimo aggiornamento: 31/12/2019' },
    { path: '/en/', title: 'Digital Transformation Team', expect: 'Last update: 12/31/2019' },
    { path: '/it/note-legali', title: 'Note legali', expect: null },
    // last_modified_by_layout: job → the newest job of the language (archived ones count).
    { path: '/it/lavora-con-noi?preview', title: 'Lavora con noi', expect: 'Ultimo aggiornamento: 15/03/2020' },
    { path: '/en/join-us?preview', title: 'Join Us', expect: 'Last update: 07/04/2021' },
    { path: '/it/jobpositions/elite-dati.htm', title: 'Èlite dei dati', expect: 'Ultimo aggiornamento: 15/03/2020' },
  ];
  assert.equal(FIXTURE_DATE, '2019-12-31');
  assert.equal(BROWSER_SITE_DATES['it/jobpositions/elite-dati.md'], '2020-03-15');
  assert.equal(BROWSER_SITE_DATES['en/jobpositions/zeta-engineer.md'], '2021-07-04');
  for (const c of cases) {
    const page = await open(fx, c.path, c.title);
    assert.equal(await footerDate(page), c.expect, c.path);
    await page.context().close();
  }
  // The date changes with the page on in-app navigation.
  const page = await open(fx, '/it/', 'Team per la Trasformazione Digitale');
  await page.goto(`${fx.url}/it/note-legali`);
  await waitForHeading(page, 'Note legali');
  assert.equal(await footerDate(page), null);
  await page.context().close();
});

// ---------------------------------------------------------------------------
// Small screens

for (const seed of SEEDS) {
  test(`375×812: no horizontal scroll on ${seed.url}`, async () => {
    const page = await open(srv, seed.url + (seed.external ? '?preview' : ''), seed.title, { viewport: SMALL });
    await page.evaluate(() => document.fonts.ready);
    const sizes = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: innerWidth }));
    assert.ok(sizes.scroll <= sizes.inner, `scrollWidth ${sizes.scroll} > innerWidth ${sizes.inner}`);
    // Open the menu and the widest parts too.
    await page.getByRole('button', { name: TEXT[seed.lang].menu }).click();
    const after = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(after <= sizes.inner, `with the menu open: scrollWidth ${after}`);
    await page.context().close();
  });
}

test('375×812: the menu button shows and hides the navigation', async () => {
  const page = await open(srv, PROJECT, 'Cittadinanza digitale', { viewport: SMALL });
  const button = page.getByRole('button', { name: 'Menu', exact: true });
  assert.ok(await button.isVisible());
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  const menu = await controlled(page, button);
  const link = page.getByRole('navigation', { name: TEXT.it.nav }).getByRole('link', { name: 'Progetti' });
  assert.equal(await menu.isVisible(), false, 'the navigation is hidden at first');
  assert.equal(await link.isVisible(), false);
  await button.click();
  assert.equal(await button.getAttribute('aria-expanded'), 'true');
  await link.waitFor({ state: 'visible' });
  assert.ok(await menu.isVisible());
  await screenshot(page, 'components-menu-open-375');
  await button.click();
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  await link.waitFor({ state: 'hidden' });
  // A link in the menu closes it on navigation.
  await button.click();
  await link.click();
  await waitForHeading(page, 'Progetti');
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  await link.waitFor({ state: 'hidden' });
  await page.context().close();
});

test('375×812: Escape in the open menu closes it and gives the focus back to its button', async () => {
  const page = await open(srv, PROJECT, 'Cittadinanza digitale', { viewport: SMALL });
  const button = page.getByRole('button', { name: 'Menu', exact: true });
  const link = page.getByRole('navigation', { name: TEXT.it.nav }).getByRole('link', { name: 'Progetti' });
  await button.click();
  await link.waitFor({ state: 'visible' });
  // From a link of the menu, as a keyboard user would be.
  await link.focus();
  await page.keyboard.press('Escape');
  await link.waitFor({ state: 'hidden' });
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  assert.equal(await focusedText(page), '☰ Menu', 'the focus is on the menu button');
  // From the button itself.
  await page.keyboard.press('Enter');
  await link.waitFor({ state: 'visible' });
  await page.keyboard.press('Escape');
  await link.waitFor({ state: 'hidden' });
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  await page.context().close();
});

test('375×812 without JavaScript: the navigation is shown, with no menu button that could not work', async () => {
  const page = await newPage(browser, { viewport: SMALL, javaScriptEnabled: false });
  await page.goto(srv.url + PROJECT);
  await page.getByRole('heading', { level: 1, name: 'Cittadinanza digitale' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Menu', exact: true }).isVisible(), false);
  const nav = page.getByRole('navigation', { name: TEXT.it.nav });
  assert.ok(await nav.getByRole('link', { name: 'Progetti' }).isVisible());
  assert.ok(await nav.getByRole('link', { name: 'Lavora con noi' }).isVisible());
  await screenshot(page, 'components-menu-nojs-375');
  await page.context().close();
});

for (const viewport of [SMALL, { width: 1280, height: 800 }]) {
  test(`${viewport.width}×${viewport.height}: the header's controls come in the tab order as they are seen, row by row`, async () => {
    const page = await open(srv, PROJECT, 'Cittadinanza digitale', { viewport });
    const boxes = await page.evaluate(() =>
      [...document.querySelectorAll('header a[href], header button, header input')]
        .filter((e) => e.getClientRects().length > 0)
        .map((e) => {
          const r = e.getBoundingClientRect();
          return { what: e.textContent.trim() || e.getAttribute('aria-label') || e.id, top: r.top, bottom: r.bottom, left: r.left };
        }),
    );
    assert.ok(boxes.length >= 5, JSON.stringify(boxes));
    for (let i = 1; i < boxes.length; i++) {
      const [a, b] = [boxes[i - 1], boxes[i]];
      const sameRow = b.top < a.bottom && a.top < b.bottom;
      assert.ok(sameRow ? b.left > a.left : b.top >= a.bottom - 1, `${a.what} then ${b.what}: ${JSON.stringify([a, b])}`);
    }
    await page.context().close();
  });
}

test('1280×800: the navigation shows without a menu button', async () => {
  const page = await open(srv, PROJECT, 'Cittadinanza digitale');
  assert.equal(await page.getByRole('button', { name: 'Menu', exact: true }).isVisible(), false);
  assert.ok(await page.getByRole('navigation', { name: TEXT.it.nav }).getByRole('link', { name: 'Progetti' }).isVisible());
  await page.context().close();
});

// ---------------------------------------------------------------------------
// Focus and announcements

test('after in-app navigation the focus is on the new h1 and the page is announced', async () => {
  const page = await open(srv, '/it/', 'Team per la Trasformazione Digitale');
  const announcer = page.getByRole('status').and(page.locator('[aria-live]'));
  assert.equal(await announcer.count(), 1);
  assert.equal((await announcer.textContent()).trim(), '', 'nothing announced on the first page');
  await markWindow(page);
  await page.locator('main').getByRole('link', { name: 'Cittadinanza digitale' }).click();
  await waitForHeading(page, 'Cittadinanza digitale');
  await page.waitForFunction(() => document.activeElement === document.querySelector('main h1'));
  await page.waitForFunction(
    () => document.getElementById('announcer')?.textContent.trim() === 'Pagina caricata: Cittadinanza digitale',
  );
  assert.equal(await announcer.getAttribute('aria-live'), 'polite');
  await page.getByRole('navigation', { name: TEXT.it.nav }).getByRole('link', { name: 'Progetti' }).click();
  await waitForHeading(page, 'Progetti');
  await page.waitForFunction(() => document.activeElement === document.querySelector('main h1'));
  await page.waitForFunction(() => document.getElementById('announcer')?.textContent.trim() === 'Pagina caricata: Progetti');
  await page.goBack();
  await waitForHeading(page, 'Cittadinanza digitale');
  await page.waitForFunction(() => document.activeElement === document.querySelector('main h1'));
  assert.ok(await sameWindow(page));
  assertNoConsoleErrors(page);
  await page.context().close();
});

for (const lang of ['it', 'en']) {
  test(`skip link moves the focus to main (${lang})`, async () => {
    const start = lang === 'it' ? { path: PROJECT, title: 'Cittadinanza digitale', text: 'Vai al contenuto principale' } : { path: '/en/', title: 'Digital Transformation Team', text: 'Skip to main content' };
    const page = await open(srv, start.path, start.title);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: start.text, exact: true });
    assert.ok(await skip.evaluate((el) => el === document.activeElement), 'the skip link is the first stop');
    assert.ok(await skip.isVisible(), 'visible when focused');
    const box = await skip.boundingBox();
    assert.ok(box.width > 20 && box.height > 10, 'not clipped when focused');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main');
    // The next Tab goes on inside main.
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.getElementById('main').contains(document.activeElement)), 'Tab continues in main');
    await page.context().close();
  });
}

test('the app mounts on the fixture site without errors', async () => {
  const page = await newPage(browser);
  await page.goto(`${fx.url}/it/team/`);
  await waitForApp(page);
  await waitForHeading(page, 'Il team');
  assertNoConsoleErrors(page);
  await page.context().close();
});
