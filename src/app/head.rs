//! The document head, kept in step with the page shown: `<html lang>`, the
//! title, the meta description, the canonical link and the hreflang
//! alternates. The static HTML of each URL already carries them; this
//! updates the same elements after in-app navigation.

use crate::model::{Page, Site};
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

fn document() -> Document {
    leptos::prelude::document()
}

/// Sets the head for a page.
pub fn set_for_page(site: &Site, page: &Page) {
    let origin = site.url.clone();
    set_common(site, &page.lang, &page.title);
    set_meta("description", page.description.as_deref().unwrap_or(""));
    set_meta("robots", if page.no_index { "noindex" } else { "" });
    set_link("canonical", &format!("{origin}{}", page.url));
    let mut alternates: Vec<(String, String)> = vec![(page.lang.clone(), page.url.clone())];
    alternates.extend(
        page.translations
            .iter()
            .map(|t| (t.lang.clone(), t.url.clone())),
    );
    let default_lang = site.langs.first().map(|l| l.code.as_str()).unwrap_or("it");
    let x_default = alternates
        .iter()
        .find(|(lang, _)| lang == default_lang)
        .map(|(_, url)| url.clone());
    if let Some(url) = x_default {
        alternates.push(("x-default".into(), url));
    }
    set_alternates(
        &origin,
        if page.translations.is_empty() {
            &[]
        } else {
            &alternates
        },
    );
}

/// Sets the head for a page that does not exist.
pub fn set_for_missing(site: &Site, lang: &str, title: &str) {
    set_common(site, lang, title);
    set_meta("description", "");
    set_meta("robots", "noindex");
    remove_all("link[rel=canonical]");
    set_alternates("", &[]);
}

fn set_common(site: &Site, lang: &str, title: &str) {
    let site_title = site
        .langs
        .iter()
        .find(|l| l.code == lang)
        .map_or("", |l| l.title.as_str());
    document().set_title(&format!("{title} - {site_title}"));
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("lang", lang);
    }
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

fn set_alternates(origin: &str, alternates: &[(String, String)]) {
    remove_all("link[rel=alternate][hreflang]");
    for (lang, url) in alternates {
        if let Some(link) = create("link") {
            let _ = link.set_attribute("rel", "alternate");
            let _ = link.set_attribute("hreflang", lang);
            let _ = link.set_attribute("href", &format!("{origin}{url}"));
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
