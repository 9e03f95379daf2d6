//! The site search in the app: the header's search box (a WAI-ARIA
//! combobox with a listbox popup) and the results page's block
//! (`{% include search_results.html %}`), rendered as the static HTML has
//! them (`src/build/search.rs`). What they do is in `/search.js`
//! (`search.js` beside this file, copied by trunk), which asks Pagefind's
//! own browser API: it is imported, by a dynamic `import()` in the small
//! snippet below, only when the box is first focused or a results page
//! has a query, so a page that is only read downloads nothing of search,
//! and the wasm stays small.

use crate::app::controller::use_current;
use crate::app::use_site;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;
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
export function tdtSearchPage(section, term, texts) {
  const t = strings(texts);
  load().then((m) => m.showPage(section, term, t), () => { section.querySelector('.search-summary').textContent = t.error; });
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = tdtSearchBox)]
    fn search_box(input: &web_sys::EventTarget, texts: &str);
    #[wasm_bindgen(js_name = tdtSearchPage)]
    fn search_page(section: &web_sys::HtmlElement, term: &str, texts: &str);
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
    let page = Memo::new(move |_| {
        let lang = current.lang.get();
        site.0
            .langs
            .iter()
            .find(|l| l.code == lang)
            .map(|l| l.search.clone())
            .unwrap_or_default()
    });
    move || {
        let action = page.get();
        (!action.is_empty()).then(|| {
            let site = use_site();
            let lang = current.lang.get_untracked();
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

/// The results page: the results of the URL's `?q=` in `lang`.
#[component]
pub fn SearchResults(lang: String) -> impl IntoView {
    let site = use_site();
    let location = use_location();
    let section = NodeRef::<leptos::html::Section>::new();
    let texts = texts(&lang);
    Effect::new(move |_| {
        let term = location.query.with(|q| q.get("q")).unwrap_or_default();
        if let Some(section) = section.get()
            && !term.trim().is_empty()
        {
            search_page(&section, &term, &texts);
        }
    });
    view! {
        <section node_ref=section class="search-results" aria-label=site.t(&lang, "search_results_label")>
            <p class="search-summary" role="status"></p>
            <noscript><p class="search-needs-js">{site.t(&lang, "search_needs_js")}</p></noscript>
            <ol class="search-results-list"></ol>
        </section>
    }
}

/// What the visitor typed into the static page's search box before the
/// app took over: the text and the selection.
pub struct Typed {
    value: String,
    selection: (Option<u32>, Option<u32>),
}

fn search_input(root: &web_sys::Element) -> Option<web_sys::HtmlInputElement> {
    root.query_selector("#search-input")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
}

/// Reads what was typed in the search box under `body` (the static page).
pub fn typed(body: &web_sys::Element) -> Option<Typed> {
    let input = search_input(body)?;
    let value = input.value();
    (!value.is_empty()).then(|| Typed {
        selection: (
            input.selection_start().ok().flatten(),
            input.selection_end().ok().flatten(),
        ),
        value,
    })
}

/// Puts `typed` into the app's search box under `body`, once swapped in;
/// `/search.js` searches it when it starts (the box has the focus, which
/// starts it).
pub fn restore(body: &web_sys::Element, typed: Typed) {
    let Some(input) = search_input(body) else {
        return;
    };
    input.set_value(&typed.value);
    if let (Some(start), Some(end)) = typed.selection {
        let _ = input.set_selection_range(start, end);
    }
}
