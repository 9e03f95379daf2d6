//! The site search in the app: the header's search box (a WAI-ARIA
//! combobox with a listbox popup), rendered as the static HTML has it
//! (`crate::ui::search::box_html`), and the results page's list (an HTML
//! block of the page, `{% include search_results.html %}`) filled in. What they do is in `/search.js`
//! (`search.js` beside this file, copied by trunk), which asks Pagefind's
//! own browser API: it is imported, by a dynamic `import()` in the small
//! snippet below, only when the box is first focused or a results page
//! has a query, so a page that is only read downloads nothing of search,
//! and the wasm stays small.

use crate::current::use_current;
use crate::use_site;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

// `texts`: the language and its strings, one a line (see [`texts`]). The
// module URL is held in a variable, so that bundlers leave it to the
// browser. If `/search.js` cannot load, the box or the page says so.
#[wasm_bindgen(inline_js = r#"
let ui;
function load() {
  if (!ui) {
    const url = '/search.js';
    ui = import(url);
    ui.catch(() => { ui = undefined; });
  }
  return ui;
}
function strings(texts) {
  const [lang, none, one, other, error, leads] = texts.split('\n');
  return { lang, none, one, other, error, leads };
}
export function tdtSearchBox(input, texts) {
  if (input.id !== 'search-input') return;
  const t = strings(texts);
  load().then((m) => m.attachBox(input, t), () => {
    for (const e of input.form.querySelectorAll('.search-summary, [role=status]')) e.textContent = t.error;
    input.form.querySelector('.search-popup').hidden = false;
  });
}
export function tdtSearchPage(search, texts) {
  const t = strings(texts);
  const term = new URLSearchParams(search).get('q') || '';
  // Once the page is on screen (after the app took over), if it has results.
  const run = () => {
    if (document.documentElement.dataset.app !== 'ready') return requestAnimationFrame(run);
    const section = document.querySelector('.search-results');
    if (!section) return;
    // The header's box says what was searched (a shared link, Back), and
    // the language switcher leads to the same search in the other language.
    const input = document.getElementById('search-input');
    if (input && !input.value) input.value = term;
    if (term) {
      for (const a of document.querySelectorAll('.lang-switcher a.lang-link:not(.untranslated)')) {
        a.setAttribute('href', `${a.getAttribute('href').split('?')[0]}?${new URLSearchParams({ q: term })}`);
      }
    }
    load().then((m) => m.showPage(section, term, t), () => { section.querySelector('.search-summary').textContent = t.error; });
  };
  requestAnimationFrame(run);
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = tdtSearchBox)]
    fn search_box(input: &web_sys::EventTarget, texts: &str);
    #[wasm_bindgen(js_name = tdtSearchPage)]
    fn search_page(search: &str, texts: &str);
}

/// The language and the strings `/search.js` shows, one a line.
fn texts(lang: &str) -> String {
    let site = use_site();
    let mut out = lang.to_string();
    for key in [
        "search_none",
        "search_result_one",
        "search_result_other",
        "search_error",
        "search_leads_to",
    ] {
        out.push('\n');
        out.push_str(&site.t(lang, key));
    }
    out
}

/// The header's search box, when the page's language has a search page.
#[component]
pub fn SearchBox() -> impl IntoView {
    let site = use_site();
    let current = use_current();
    // The results page (an HTML block, `.search-results`): its results,
    // once each page is shown with a `?q=`.
    Effect::new(move |_| {
        current.status.track();
        let search = window().location().search().unwrap_or_default();
        if search.contains("q=") {
            search_page(&search, &texts(&current.lang.get_untracked()));
        }
    });
    if crate::hydrating() {
        // The visitor may have focused the static page's box, and typed
        // into it, before the app arrived: its focus handler missed that.
        let texts = texts(&current.lang.get_untracked());
        Effect::new(move |_| {
            let active = document().active_element();
            if let Some(input) = active.filter(|e| e.id() == "search-input") {
                search_box(&input, &texts);
            }
        });
    }
    move || {
        let lang = current.lang.get();
        let action = site
            .0
            .langs
            .iter()
            .find(|l| l.code == lang)
            .map(|l| l.search.clone())
            .unwrap_or_default();
        (!action.is_empty()).then(|| {
            let texts = texts(&lang);
            view! {
                <form
                    class="search-box"
                    role="search"
                    action=action
                    method="get"
                    inner_html=crate::ui::search::box_html(|key| site.t(&lang, key))
                    on:focusin=move |ev| {
                        if let Some(input) = ev.target() {
                            search_box(&input, &texts);
                        }
                    }
                ></form>
            }
        })
    }
}
