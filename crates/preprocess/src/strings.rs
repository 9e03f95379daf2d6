//! The interface strings, resolved at build time: the engine's texts
//! ([`crate::text::TEXTS`], Italian and English) with those of
//! `_data/strings.yml` over them, for every configured language, written
//! into the site file; and the check that every string a page can show has
//! a text in the page's language, so that the app never lacks one.

use super::config::Strings;
use super::diag::{Diagnostic, Diagnostics};
use super::page::Parsed;
use super::site::Resolved;
use crate::model::{Block, Entry, Layout, Page};
use crate::text::{TEXTS, Text, Use, link_key};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// Every key of the model in every language that has a text for it:
/// the site's own (`written`, from `_data/strings.yml`), else the engine's.
/// Keys the model does not know stay out of the site file.
pub fn merged(written: &Strings, langs: &[&str]) -> Strings {
    langs
        .iter()
        .map(|&lang| {
            let own = written.get(lang);
            let texts: BTreeMap<String, String> = TEXTS
                .iter()
                .filter_map(|t| {
                    let text = own
                        .and_then(|o| o.get(t.key).cloned())
                        .or_else(|| t.default_in(lang).map(str::to_string))?;
                    Some((t.key.to_string(), text))
                })
                .collect();
            (lang.to_string(), texts)
        })
        .collect()
}

/// Where a page needs a string: the front-matter key, or the include tag,
/// that makes it show the string.
#[derive(Debug, Clone, Copy)]
enum Place {
    /// A top-level front-matter key (`lang` for strings every page shows).
    Key(&'static str),
    /// A `{% include NAME.html %}` tag of the body.
    Include(&'static str),
}

/// Reports, once per language and key, a string that a page shows but that
/// has no text in the page's language, at the first page that needs it.
pub fn check(
    content: &Path,
    base: &str,
    pages: &[Parsed],
    resolved: &Resolved,
    strings: &Strings,
    diags: &mut Diagnostics,
) {
    let empty = BTreeMap::new();
    let mut reported: HashSet<(&str, &str)> = HashSet::new();
    for parsed in pages {
        let Some(Entry::Page(page)) = resolved.entries.get(&parsed.key) else {
            continue;
        };
        let has = strings.get(&parsed.lang).unwrap_or(&empty);
        let search = resolved
            .site
            .langs
            .iter()
            .any(|l| l.code == parsed.lang && l.search == parsed.url);
        for text in TEXTS {
            if has.contains_key(text.key) || reported.contains(&(parsed.lang.as_str(), text.key)) {
                continue;
            }
            let Some(place) = needs(text, page, search) else {
                continue;
            };
            reported.insert((parsed.lang.as_str(), text.key));
            let (line, column) = position(content, parsed, place);
            diags.push(missing(base, parsed, text.key, line, column));
        }
    }
}

fn missing(base: &str, page: &Parsed, key: &str, line: usize, column: usize) -> Diagnostic {
    let lang = &page.lang;
    Diagnostic::error(
        &page.shown,
        line,
        column,
        format!("the interface string `{key}` has no `{lang}` text, and this page shows it"),
    )
    .fix(format!(
        "give `{key}:` a line `  {lang}: …` in {base}/_data/strings.yml (the engine has its own texts only in Italian and English)"
    ))
}

/// Whether `page` shows `text`, and what makes it; `search`: the page is
/// its language's search results page (whose language then has the box).
fn needs(text: &Text, page: &Page, search: bool) -> Option<Place> {
    let key = text.key;
    let profile = page.profile.as_ref();
    let blocks = || page.blocks.iter();
    match text.used {
        Use::Every => Some(Place::Key("lang")),
        Use::JobsList => blocks()
            .find_map(|b| match b {
                Block::JobsList { .. } => Some(Place::Include("jobs_list")),
                Block::JobsArchive { .. } => Some(Place::Include("jobs_list_archive")),
                _ => None,
            })
            .or_else(|| {
                let closed = page.job.as_ref().is_some_and(|j| j.archived);
                (key == "jobs_closed" && closed).then_some(Place::Key("archived"))
            }),
        Use::Job => (page.layout == Layout::Job).then_some(Place::Key("layout")),
        Use::People => {
            let former = key == "project_contributed";
            page.people
                .iter()
                .any(|p| p.former == former)
                .then_some(Place::Key("people"))
        }
        Use::Team => blocks()
            .any(|b| match b {
                Block::TeamList { items } => {
                    items.iter().any(|p| p.former) && items.iter().any(|p| !p.former)
                }
                _ => false,
            })
            .then_some(Place::Include("team_list")),
        Use::Contents => (!page.toc.is_empty()).then_some(Place::Key("toc")),
        Use::AutoTranslated => page.auto_translated.then_some(Place::Key("lang")),
        Use::Timeline => blocks()
            .any(|b| matches!(b, Block::Timeline { .. }))
            .then_some(Place::Include("project_timeline")),
        Use::Accordion => blocks()
            .any(|b| matches!(b, Block::JobsAccordion))
            .then_some(Place::Include("jobs_accordion")),
        Use::Search => search.then_some(Place::Include(super::search::RESULTS_INCLUDE)),
        Use::Profile => {
            let p = profile?;
            let (start, end) = (!p.start_date.is_empty(), !p.end_date.is_empty());
            let shown = match key {
                "dates_from_to" => start && end,
                "dates_since" => start && !end,
                _ => end && !start,
            };
            shown.then_some(Place::Key(if start { "start_date" } else { "end_date" }))
        }
        Use::Fact => {
            let p = profile?;
            let fact = crate::text::FACTS.iter().find(|f| **f == key)?;
            p.facts
                .iter()
                .any(|(k, _)| k == key)
                .then_some(Place::Key(fact))
        }
        Use::Link => {
            let p = profile?;
            let link = p.links.iter().find(|l| link_key(&l.kind) == key)?;
            Some(Place::Key(link_source(&link.kind)))
        }
    }
}

/// The front-matter key a profile link of `kind` comes from.
fn link_source(kind: &str) -> &'static str {
    match kind {
        "twitter" => "twitter_user",
        "medium" => "medium_user",
        "linkedin" => "linkedin_url",
        "github" => "github_user",
        "web" => "personal_page_url",
        _ => "email",
    }
}

/// File line and column of `place` in `page` (an include tag is looked for
/// in the file, read again: this runs only for a missing text).
fn position(content: &Path, page: &Parsed, place: Place) -> (usize, usize) {
    match place {
        Place::Key(key) => page.key_position(key),
        Place::Include(name) => {
            let source = std::fs::read_to_string(content.join(&page.rel)).unwrap_or_default();
            include_position(&source, name).unwrap_or_else(|| page.key_position("lang"))
        }
    }
}

/// Line and column of the first `{% include NAME.html` tag of `source`.
fn include_position(source: &str, name: &str) -> Option<(usize, usize)> {
    let file = format!("{name}.html");
    source.lines().enumerate().find_map(|(i, line)| {
        let mut from = 0;
        while let Some(at) = line[from..].find("{%") {
            let open = from + at;
            let rest = line[open + 2..].trim_start_matches(['-', ' ', '\t']);
            if let Some(after) = rest.strip_prefix("include")
                && after.trim_start().starts_with(&file)
            {
                return Some((i + 1, open + 1));
            }
            from = open + 2;
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::{Strings, include_position, merged};
    use crate::text::TEXTS;

    fn written(entries: &[(&str, &str, &str)]) -> Strings {
        let mut strings = Strings::new();
        for (lang, key, text) in entries {
            strings
                .entry(lang.to_string())
                .or_default()
                .insert(key.to_string(), text.to_string());
        }
        strings
    }

    #[test]
    fn the_engine_gives_every_text_in_italian_and_english() {
        let strings = merged(&Strings::new(), &["it", "en"]);
        for t in TEXTS {
            assert_eq!(strings["it"][t.key], t.it);
            assert_eq!(strings["en"][t.key], t.en);
        }
        assert_eq!(strings["it"]["link_web"], "Sito web");
        assert_eq!(strings["en"]["period_provided"], "Term of appointment");
    }

    #[test]
    fn the_site_texts_override_and_unknown_keys_stay_out() {
        let own = written(&[
            ("it", "link_web", "Pagina personale"),
            ("de", "menu", "Menü"),
            ("it", "not_a_key", "x"),
        ]);
        let strings = merged(&own, &["it", "en", "de"]);
        assert_eq!(strings["it"]["link_web"], "Pagina personale");
        assert_eq!(strings["en"]["link_web"], "Web site");
        assert!(!strings["it"].contains_key("not_a_key"));
        // German has no engine texts: only the site's.
        assert_eq!(strings["de"].len(), 1);
        assert_eq!(strings["de"]["menu"], "Menü");
    }

    #[test]
    fn include_tags_are_found() {
        let source = "---\ntitle: a\n---\nText.\n\nx {%- include  jobs_list.html %}\n";
        assert_eq!(include_position(source, "jobs_list"), Some((6, 3)));
        assert_eq!(include_position(source, "jobs_list_archive"), None);
        assert_eq!(
            include_position("{% include team_list.html %}", "team_list"),
            Some((1, 1))
        );
    }
}
