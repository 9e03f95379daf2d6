// The development server's client (devserve.mjs serves it as
// /.tdt-dev/client.js and adds it to every HTML page it serves; never part of
// dist/). Listens to /.tdt-dev/events: reloads the page after each good
// build, coming back to the same scroll position on the same page, and while
// the last content build failed shows each error over the page, as the
// terminal prints it.
const script = document.currentScript ?? document.querySelector('script[src^="/.tdt-dev/client.js"]');
const served = Number(script?.dataset.build ?? 0);
const KEY = 'tdt-dev-scroll';

// Back from a reload: the same page opens where it was.
try {
  const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
  sessionStorage.removeItem(KEY);
  if (saved && saved.path === location.pathname + location.search) {
    history.scrollRestoration = 'manual';
    const restore = () => window.scrollTo(saved.x, saved.y);
    restore();
    addEventListener('load', restore);
    // The app takes over the page: once it is ready, scroll again.
    const html = document.documentElement;
    const ready = () => html.dataset.app === 'ready';
    if (ready()) restore();
    else new MutationObserver((_, obs) => ready() && (obs.disconnect(), restore())).observe(html, { attributes: true, attributeFilter: ['data-app'] });
  }
} catch {
  // no sessionStorage: open at the top
}

function reload() {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ path: location.pathname + location.search, x: scrollX, y: scrollY }));
  } catch {
    // reload anyway
  }
  location.reload();
}

let overlay = null;

// The app replaces the static page's nodes when it takes over: put the
// overlay back whenever it is taken out.
new MutationObserver(() => {
  if (overlay && !overlay.isConnected) document.body.append(overlay);
}).observe(document.documentElement, { childList: true, subtree: true });

function showErrors(errors) {
  if (!errors.length) {
    overlay?.remove();
    overlay = null;
    return;
  }
  if (!document.querySelector('link[href="/.tdt-dev/client.css"]')) {
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = '/.tdt-dev/client.css';
    document.head.append(css);
  }
  overlay?.remove();
  overlay = document.createElement('section');
  overlay.className = 'tdt-dev-overlay';
  overlay.setAttribute('role', 'alertdialog');
  overlay.setAttribute('aria-labelledby', 'tdt-dev-overlay-title');
  const title = document.createElement('h2');
  title.id = 'tdt-dev-overlay-title';
  title.textContent = `The content build failed: ${errors.length} error${errors.length === 1 ? '' : 's'}`;
  const note = document.createElement('p');
  note.textContent = 'The page shows the last good build. Fix the content and save: this goes away on the next good build.';
  const list = document.createElement('ol');
  for (const e of errors) {
    const item = document.createElement('li');
    const pre = document.createElement('pre');
    pre.className = 'tdt-dev-error';
    pre.textContent = e.text;
    item.append(pre);
    list.append(item);
  }
  overlay.append(title, note, list);
  document.body.append(overlay);
}

function connect() {
  const events = new EventSource('/.tdt-dev/events');
  events.onmessage = (ev) => {
    const msg = JSON.parse(ev.data);
    if (msg.type === 'reload' || (msg.type === 'state' && msg.build > served && !msg.errors.length)) reload();
    else if (msg.type === 'state') showErrors(msg.errors);
  };
}

connect();
