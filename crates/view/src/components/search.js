// /search.js: what the site search does in the browser, imported by the app
// (src/app/components/search.rs) only when the header's search box is first
// focused or a results page is shown, so that a page that is only read
// downloads none of it. It asks Pagefind's own browser API
// (/pagefind/pagefind.js, built with the site) and fills in the markup the
// app and the static HTML already have: the box's popup (a WAI-ARIA
// combobox with a listbox) and the results page's list. Results open in the
// app: a click on a same-origin link, which the app's router takes.
//
// The pure parts (what a key does, the count's text) are exported for
// tests/browser/search-unit.test.mjs.

/** How many results the popup shows, and the results page. */
export const POPUP_LIMIT = 6;
export const PAGE_LIMIT = 50;

const instances = {};
let attempt = 0;
// What this module already did, kept off the DOM (the app's markup stays
// as the static HTML's): the boxes given their behaviour, and the results
// page's latest search.
const attached = new WeakSet();
const pageSearch = new WeakMap();

/**
 * Pagefind for `lang`: one instance per language, since an instance takes
 * its index from `<html lang>` when it is made (the page's language, which
 * the app keeps). After a failure the next call tries again, with a new URL
 * (a module that failed to load is not fetched again under the same one).
 */
function pagefind(lang) {
  if (!instances[lang]) {
    const url = '/pagefind/pagefind.js' + (attempt ? `?${attempt}` : '');
    instances[lang] = import(url).then(async (module) => {
      const instance = module.createInstance({ excerptLength: 24 });
      await instance.init();
      return instance;
    });
    instances[lang].catch(() => {
      delete instances[lang];
      attempt += 1;
    });
  }
  return instances[lang];
}

/** Starts loading Pagefind and `lang`'s index. */
export function preload(lang) {
  pagefind(lang).catch(() => {});
}

/** `html` reduced to text and Pagefind's `<mark>`s, escaped. */
export function clean(html, parse = (h) => new DOMParser().parseFromString(h, 'text/html').body.childNodes) {
  const escape = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  let out = '';
  for (const node of parse(html)) out += node.nodeName === 'MARK' ? `<mark>${escape(node.textContent)}</mark>` : escape(node.textContent);
  return out;
}

/** Searches `term` in `lang`: {total, hits: [{url, title, excerpt, redirect}]}; rejects when the index cannot load. */
export async function find(lang, term, limit) {
  const instance = await pagefind(lang);
  const found = await instance.search(term);
  const pages = await Promise.all(found.results.slice(0, limit).map((r) => r.data()));
  return {
    total: found.results.length,
    hits: pages.map((p) => ({ url: p.meta.url || p.url, title: p.meta.title || p.url, excerpt: clean(p.excerpt || ''), redirect: p.meta.redirect || '' })),
  };
}

/** The text saying how many results there are, from the language's strings. */
export function countText(count, t) {
  if (count === 0) return t.none;
  return (count === 1 ? t.one : t.other).replace('{n}', String(count));
}

/**
 * What `key` does with `count` results, `active` the highlighted one (-1:
 * none) and the popup `open`: ['highlight', i], ['open', i], ['close'],
 * ['clear'] or null (the browser's own behaviour; Enter then submits the
 * form, which opens the results page). Down and Up wrap around.
 */
export function keyAction(key, count, active, open) {
  const shown = open ? active : -1;
  if ((key === 'ArrowDown' || key === 'ArrowUp') && count > 0) {
    if (key === 'ArrowDown') return ['highlight', shown < 0 ? 0 : (shown + 1) % count];
    return ['highlight', shown <= 0 ? count - 1 : Math.min(shown - 1, count - 1)];
  }
  if (key === 'Enter') return shown >= 0 && shown < count ? ['open', shown] : null;
  if (key === 'Escape') return open ? ['close'] : ['clear'];
  return null;
}

/** Opens `url` in the app (its router takes clicks on same-origin links). */
function go(url) {
  const a = document.createElement('a');
  a.href = url;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
}

/** A result's parts as elements: title, excerpt, where it leads. */
function parts(hit, t, titleTag, excerptTag) {
  const title = document.createElement(titleTag);
  title.textContent = hit.title;
  const excerpt = document.createElement(excerptTag);
  excerpt.innerHTML = hit.excerpt; // text and <mark> only (clean)
  const out = [title, excerpt];
  if (hit.redirect) {
    const leads = document.createElement('span');
    leads.className = 'search-leads';
    leads.textContent = `${t.leads}: ${hit.redirect}`;
    out.push(leads);
  }
  return out;
}

/**
 * Gives the header's search box (`input`, in its form) its behaviour, once.
 * `t`: {lang, none, one, other, error, leads}.
 */
export function attachBox(input, t) {
  if (attached.has(input)) return;
  attached.add(input);
  preload(t.lang);
  const form = input.form;
  const popup = form.querySelector('.search-popup');
  const summary = popup.querySelector('.search-summary');
  const list = form.querySelector('[role=listbox]');
  const status = form.querySelector('[role=status]');
  let hits = [];
  let active = -1;
  let asked = false;
  // One search at a time: keys typed meanwhile are searched together, once
  // it is done (fast typing does not queue a search per key).
  let busy = false;
  let again = false;

  const highlight = (index) => {
    active = index;
    [...list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === index)));
    if (index >= 0) {
      input.setAttribute('aria-activedescendant', `search-option-${index}`);
      list.children[index]?.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };
  const setOpen = (open) => {
    popup.hidden = !open;
    input.setAttribute('aria-expanded', String(open));
    if (!open) highlight(-1);
  };
  const say = (text) => {
    summary.textContent = text;
    status.textContent = text;
  };
  const show = (found) => {
    hits = found.hits;
    list.replaceChildren(
      ...hits.map((hit, i) => {
        const li = document.createElement('li');
        li.className = 'search-option';
        li.id = `search-option-${i}`;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        const [title, excerpt, leads] = parts(hit, t, 'span', 'span');
        title.className = 'search-option-title';
        excerpt.className = 'search-option-text';
        li.append(...[title, excerpt, leads].filter(Boolean));
        li.addEventListener('mousedown', (e) => e.preventDefault());
        li.addEventListener('click', () => open(i));
        return li;
      }),
    );
    list.hidden = hits.length === 0;
    highlight(-1);
    say(countText(found.total, t));
  };
  const open = (i) => {
    setOpen(false);
    if (hits[i]) go(hits[i].url);
  };
  const run = async () => {
    if (busy) {
      again = true;
      return;
    }
    const term = input.value;
    highlight(-1);
    if (!term.trim()) {
      asked = false;
      hits = [];
      list.replaceChildren();
      list.hidden = true;
      say('');
      setOpen(false);
      return;
    }
    asked = true;
    setOpen(true);
    let found = null;
    busy = true;
    try {
      found = await find(t.lang, term, POPUP_LIMIT);
    } catch {}
    busy = false;
    if (again || input.value !== term) {
      again = false;
      return run();
    }
    if (found) show(found);
    else {
      hits = [];
      list.replaceChildren();
      list.hidden = true;
      say(t.error);
    }
  };

  input.addEventListener('input', run);
  input.addEventListener('focus', () => asked && setOpen(true));
  input.addEventListener('blur', () => setOpen(false));
  input.addEventListener('keydown', (e) => {
    const action = keyAction(e.key, hits.length, active, !popup.hidden);
    if (!action) return;
    e.preventDefault();
    const [what, i] = action;
    if (what === 'highlight') {
      setOpen(true);
      highlight(i);
    } else if (what === 'open') open(i);
    else if (what === 'close') setOpen(false);
    else {
      input.value = '';
      run();
    }
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!input.value.trim()) return;
    setOpen(false);
    go(`${form.getAttribute('action')}?${new URLSearchParams({ q: input.value.trim() })}`);
  });
  // Text typed before this ran (in the static page, or while it loaded).
  if (input.value.trim()) run();
}

/** Fills the results page's `section` with the results of `term` in `t.lang`. */
export async function showPage(section, term, t) {
  const summary = section.querySelector('.search-summary');
  const list = section.querySelector('.search-results-list');
  const mine = (pageSearch.get(section) ?? 0) + 1;
  pageSearch.set(section, mine);
  list.replaceChildren();
  summary.textContent = '';
  if (!term.trim()) return;
  let found = null;
  try {
    found = await find(t.lang, term, PAGE_LIMIT);
  } catch {}
  if (pageSearch.get(section) !== mine) return;
  if (!found) {
    summary.textContent = t.error;
    return;
  }
  list.replaceChildren(
    ...found.hits.map((hit) => {
      const li = document.createElement('li');
      li.className = 'search-result';
      const [title, excerpt, leads] = parts(hit, t, 'a', 'p');
      title.className = 'search-result-title';
      title.href = hit.url;
      excerpt.className = 'search-excerpt';
      li.append(...[title, excerpt, leads].filter(Boolean));
      return li;
    }),
  );
  summary.textContent = countText(found.total, t);
}
