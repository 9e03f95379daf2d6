//! The site search: the header's search box (a WAI-ARIA combobox whose
//! popup lists the first results as the visitor types) and the results
//! page's block (`{% include search_results.html %}`, the results of the
//! URL's `?q=`). Both ask Pagefind, whose script and index (`/pagefind/`,
//! built with the site) are imported only when the box is first focused or
//! typed in, or a results page is shown; the state is in
//! [`crate::ui::search`].

use super::bool_str;
use crate::app::controller::use_current;
use crate::app::use_site;
use crate::ui::search::{self, Found, Hit, Key, Search};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

// Pagefind's own browser API, one instance per language (an instance takes
// its index from `<html lang>` when it is made). The module is imported
// by a URL held in a variable, so that bundlers leave it to the browser;
// after a failure the next search tries again with a new URL. Excerpts are
// reduced to text and Pagefind's `<mark>`s, escaped.
#[wasm_bindgen(inline_js = r#"
const loaded = {};
let attempt = 0;
function load(lang) {
  if (!loaded[lang]) {
    const url = '/pagefind/pagefind.js' + (attempt ? '?' + attempt : '');
    loaded[lang] = import(url).then(async (pagefind) => {
      const instance = pagefind.createInstance({ excerptLength: 24 });
      await instance.init();
      return instance;
    });
    loaded[lang].catch(() => { delete loaded[lang]; attempt += 1; });
  }
  return loaded[lang];
}
function clean(html) {
  const escape = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  let out = '';
  for (const node of new DOMParser().parseFromString(html, 'text/html').body.childNodes) {
    out += node.nodeName === 'MARK' ? '<mark>' + escape(node.textContent) + '</mark>' : escape(node.textContent);
  }
  return out;
}
export async function tdtSearch(lang, term, limit) {
  const pagefind = await load(lang);
  const found = await pagefind.search(term);
  const pages = await Promise.all(found.results.slice(0, limit).map((r) => r.data()));
  const out = [String(found.results.length)];
  for (const p of pages) out.push(p.meta.url || p.url, p.meta.title || p.url, clean(p.excerpt || ''), p.meta.redirect || '');
  return out;
}
export function tdtPreload(lang) {
  load(lang).catch(() => {});
}
"#)]
extern "C" {
    #[wasm_bindgen(catch, js_name = tdtSearch)]
    async fn pagefind_search(lang: &str, term: &str, limit: u32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = tdtPreload)]
    fn pagefind_preload(lang: &str);
}

/// Searches `term` in `lang`'s index, loading the first `limit` results.
async fn find(lang: &str, term: &str, limit: u32) -> Search {
    let Ok(value) = pagefind_search(lang, term, limit).await else {
        return Search::Failed;
    };
    let flat: Vec<String> = js_sys::Array::from(&value)
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    Found::decode(&flat).map_or(Search::Failed, Search::Done)
}

/// The interface strings of one language the search shows.
#[derive(Clone)]
struct Texts {
    none: String,
    one: String,
    other: String,
    error: String,
    leads: String,
}

impl Texts {
    fn new(lang: &str) -> Self {
        let site = use_site();
        let t = |key| site.t(lang, key);
        Self {
            none: t("search_none"),
            one: t("search_result_one"),
            other: t("search_result_other"),
            error: t("search_error"),
            leads: t("search_leads_to"),
        }
    }

    /// What to say of `state`: the count, that nothing matched, or that the
    /// index could not be loaded.
    fn summary(&self, state: &Search) -> String {
        match state {
            Search::Done(found) => {
                search::count_text(found.total, &self.none, &self.one, &self.other)
            }
            Search::Failed => self.error.clone(),
            Search::Idle | Search::Loading => String::new(),
        }
    }

    /// "Leads to: URL" under a result whose page sends visitors elsewhere.
    fn leads_to(&self, hit: &Hit) -> Option<impl IntoView + use<>> {
        let text =
            (!hit.redirect.is_empty()).then(|| format!("{}: {}", self.leads, hit.redirect))?;
        Some(view! { <span class="search-leads">{text}</span> })
    }
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
        (!action.is_empty()).then(|| search_form(action, current.lang.get_untracked()))
    }
}

fn search_form(action: String, lang: String) -> impl IntoView {
    let site = use_site();
    let texts = StoredValue::new(Texts::new(&lang));
    let state = RwSignal::new(Search::Idle);
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let generation = StoredValue::new(0u32);
    let input = NodeRef::<leptos::html::Input>::new();
    let navigate = use_navigate();
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        open.set(false);
        active.set(None);
    });
    let lang = StoredValue::new(lang);
    let run = move |term: String| {
        generation.update_value(|g| *g += 1);
        let this = generation.get_value();
        active.set(None);
        if term.trim().is_empty() {
            state.set(Search::Idle);
            open.set(false);
            return;
        }
        if !matches!(state.get_untracked(), Search::Done(_)) {
            state.set(Search::Loading);
        }
        open.set(true);
        let lang = lang.get_value();
        leptos::task::spawn_local(async move {
            let found = find(&lang, &term, search::POPUP_LIMIT).await;
            if generation.try_get_value() == Some(this) {
                state.try_set(found);
            }
        });
    };
    let go = {
        let navigate = navigate.clone();
        move |url: &str| {
            open.set(false);
            active.set(None);
            navigate(url, Default::default());
        }
    };
    let hit_url = move |i: usize| {
        state.with_untracked(|s| match s {
            Search::Done(found) => found.hits.get(i).map(|h| h.url.clone()),
            _ => None,
        })
    };
    let on_keydown = {
        let go = go.clone();
        move |ev: web_sys::KeyboardEvent| {
            let count = state.with_untracked(|s| match s {
                Search::Done(found) => found.hits.len(),
                _ => 0,
            });
            match search::key(
                &ev.key(),
                count,
                active.get_untracked(),
                open.get_untracked(),
            ) {
                Key::Highlight(i) => {
                    ev.prevent_default();
                    open.set(true);
                    active.set(Some(i));
                    scroll_to_option(i);
                }
                Key::Open(i) => {
                    ev.prevent_default();
                    if let Some(url) = hit_url(i) {
                        go(&url);
                    }
                }
                Key::Close => {
                    ev.prevent_default();
                    open.set(false);
                    active.set(None);
                }
                Key::Clear => {
                    ev.prevent_default();
                    if let Some(input) = input.get_untracked() {
                        input.set_value("");
                    }
                    run(String::new());
                }
                Key::ResultsPage | Key::Other => {}
            }
        }
    };
    let on_submit = {
        let go = go.clone();
        let action = action.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let term = input.get_untracked().map(|i| i.value()).unwrap_or_default();
            if !term.trim().is_empty() {
                go(&search::results_url(&action, &term));
            }
        }
    };
    let summary = move || texts.with_value(|t| state.with(|s| t.summary(s)));
    let has_hits = move || state.with(|s| matches!(s, Search::Done(f) if !f.hits.is_empty()));
    let options = move || {
        state.with(|s| match s {
            Search::Done(found) => found
                .hits
                .iter()
                .enumerate()
                .map(|(i, hit)| {
                    let go = go.clone();
                    let url = hit.url.clone();
                    view! {
                        <li
                            class="search-option"
                            id=search::option_id(i)
                            role="option"
                            aria-selected=move || bool_str(active.get() == Some(i))
                            on:mousedown=|ev| ev.prevent_default()
                            on:click=move |_| go(&url)
                        >
                            <span class="search-option-title">{hit.title.clone()}</span>
                            <span class="search-option-text" inner_html=hit.excerpt.clone()></span>
                            {texts.with_value(|t| t.leads_to(hit))}
                        </li>
                    }
                })
                .collect_view()
                .into_any(),
            _ => ().into_any(),
        })
    };
    let t = |key| site.t(&lang.get_value(), key);
    view! {
        <form class="search-box" role="search" action=action method="get" on:submit=on_submit>
            <label class="visually-hidden" for="search-input">{t("search_label")}</label>
            <input
                node_ref=input
                id="search-input"
                class="search-input"
                type="search"
                name="q"
                autocomplete="off"
                spellcheck="false"
                placeholder=t("search_placeholder")
                role="combobox"
                aria-autocomplete="list"
                aria-controls="search-listbox"
                aria-expanded=move || bool_str(open.get())
                aria-activedescendant=move || active.get().map(search::option_id)
                on:focus=move |_| {
                    pagefind_preload(&lang.get_value());
                    if state.with_untracked(|s| !matches!(s, Search::Idle)) {
                        open.set(true);
                    }
                }
                on:blur=move |_| open.set(false)
                on:input=move |ev| run(event_target_value(&ev))
                on:keydown=on_keydown
            />
            <button type="submit" class="search-submit">{t("search_submit")}</button>
            <div class="search-popup" hidden=move || !open.get()>
                <p class="search-summary">{summary}</p>
                <ul class="search-listbox" id="search-listbox" role="listbox" aria-label=t("search_results_label") hidden=move || !has_hits()>
                    {options}
                </ul>
            </div>
            <p class="visually-hidden" role="status">{summary}</p>
        </form>
    }
}

/// Keeps the highlighted result in view when the popup scrolls.
fn scroll_to_option(index: usize) {
    if let Some(option) = document().get_element_by_id(&search::option_id(index)) {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        option.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// The results page: the results of the URL's `?q=` in `lang`.
#[component]
pub fn SearchResults(lang: String) -> impl IntoView {
    let location = use_location();
    let texts = StoredValue::new(Texts::new(&lang));
    let site = use_site();
    let (label, needs_js) = (
        site.t(&lang, "search_results_label"),
        site.t(&lang, "search_needs_js"),
    );
    let state = RwSignal::new(Search::Idle);
    let generation = StoredValue::new(0u32);
    Effect::new(move |_| {
        let term = location.query.with(|q| q.get("q")).unwrap_or_default();
        generation.update_value(|g| *g += 1);
        let this = generation.get_value();
        if term.trim().is_empty() {
            state.set(Search::Idle);
            return;
        }
        state.set(Search::Loading);
        let lang = lang.clone();
        leptos::task::spawn_local(async move {
            let found = find(&lang, &term, search::PAGE_LIMIT).await;
            if generation.try_get_value() == Some(this) {
                state.try_set(found);
            }
        });
    });
    let items = move || {
        state.with(|s| match s {
            Search::Done(found) => found
                .hits
                .iter()
                .map(|hit| {
                    view! {
                        <li class="search-result">
                            <a class="search-result-title" href=hit.url.clone()>{hit.title.clone()}</a>
                            <p class="search-excerpt" inner_html=hit.excerpt.clone()></p>
                            {texts.with_value(|t| t.leads_to(hit))}
                        </li>
                    }
                })
                .collect_view()
                .into_any(),
            _ => ().into_any(),
        })
    };
    view! {
        <section class="search-results" aria-label=label>
            <p class="search-summary" role="status">{move || texts.with_value(|t| state.with(|s| t.summary(s)))}</p>
            <noscript><p class="search-needs-js">{needs_js}</p></noscript>
            <ol class="search-results-list">{items}</ol>
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

/// Puts `typed` into the app's search box under `body` (once swapped in)
/// and searches it, as if it had been typed there.
pub fn restore(body: &web_sys::Element, typed: Typed) {
    let Some(input) = search_input(body) else {
        return;
    };
    input.set_value(&typed.value);
    if let (Some(start), Some(end)) = typed.selection {
        let _ = input.set_selection_range(start, end);
    }
    if let Ok(event) = web_sys::Event::new("input") {
        let _ = input.dispatch_event(&event);
    }
}
