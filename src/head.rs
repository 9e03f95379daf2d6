//! The document head, kept in step with the page shown: `<html lang>`, the
//! title, the meta description, the canonical link and the hreflang
//! alternates, as [`crate::ui::head`] decides them for both renderers. The
//! static HTML of each URL already carries them; this updates the same
//! elements after in-app navigation.

use crate::model::{Page, Site};
use crate::ui::head::HeadTags;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

fn document() -> Document {
    leptos::prelude::document()
}

/// Sets the head for a page.
pub fn set_for_page(site: &Site, page: &Page) {
    apply(&crate::ui::head::for_page(site, page));
}

/// Sets the head for a page that does not exist.
pub fn set_for_missing(site: &Site, lang: &str, title: &str) {
    apply(&crate::ui::head::for_missing(site, lang, title));
}

/// Puts `tags` in the document: the same tags the preprocessor writes.
fn apply(tags: &HeadTags) {
    document().set_title(&tags.title);
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("lang", &tags.lang);
    }
    set_meta("description", tags.description.as_deref().unwrap_or(""));
    set_meta("robots", if tags.no_index { "noindex" } else { "" });
    match &tags.canonical {
        Some(url) => set_link("canonical", url),
        None => remove_all("link[rel=canonical]"),
    }
    set_alternates(&tags.alternates);
    set_link("manifest", &format!("/manifest-{}.webmanifest", tags.lang));
}

fn head() -> Option<Element> {
    document().head().map(Into::into)
}

fn create(tag: &str) -> Option<Element> {
    let element = document().create_element(tag).ok()?;
    head()?.append_child(&element).ok()?;
    Some(element)
}

/// Sets `<meta name=…>`; an empty value removes it.
fn set_meta(name: &str, content: &str) {
    let selector = format!("meta[name={name}]");
    if content.is_empty() {
        remove_all(&selector);
        return;
    }
    let meta = document()
        .query_selector(&selector)
        .ok()
        .flatten()
        .or_else(|| {
            let meta = create("meta")?;
            meta.set_attribute("name", name).ok()?;
            Some(meta)
        });
    if let Some(meta) = meta {
        let _ = meta.set_attribute("content", content);
    }
}

fn set_link(rel: &str, href: &str) {
    let link = document()
        .query_selector(&format!("link[rel={rel}]"))
        .ok()
        .flatten()
        .or_else(|| {
            let link = create("link")?;
            link.set_attribute("rel", rel).ok()?;
            Some(link)
        });
    if let Some(link) = link {
        let _ = link.set_attribute("href", href);
    }
}

fn set_alternates(alternates: &[(String, String)]) {
    remove_all("link[rel=alternate][hreflang]");
    for (lang, url) in alternates {
        if let Some(link) = create("link") {
            let _ = link.set_attribute("rel", "alternate");
            let _ = link.set_attribute("hreflang", lang);
            let _ = link.set_attribute("href", url);
        }
    }
}

fn remove_all(selector: &str) {
    let Ok(list) = document().query_selector_all(selector) else {
        return;
    };
    for i in 0..list.length() {
        if let Some(element) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            element.remove();
        }
    }
}
