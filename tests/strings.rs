//! Interface strings on a site whose `_data/strings.yml` has only the keys
//! the seed pages use (`tests/fixtures/strings-site`: the seeds, and people
//! profiles with every fact and every link kind, in Italian and English):
//! every page's HTML shows each label in its language, never a string key,
//! and the site file has a text for every key in both languages.

mod common;

use std::collections::BTreeMap;
use tdt_preprocess::diag::Diagnostics;
use tdt_preprocess::model::Site;
use tdt_preprocess::output::OutFile;
use tdt_preprocess::text::{LINK_KINDS, TEXTS};
use tdt_preprocess::{Options, generate};

/// The smallest page template the build accepts.
const TEMPLATE: &str = "<html><head><title>t</title></head><body></body></html>";

/// The fixture's output files, by path.
fn built() -> BTreeMap<String, String> {
    let content = common::fixtures("strings-site");
    let options = Options {
        content: content.clone(),
        out: content.with_file_name("unused-out"),
        shell: Some(TEMPLATE.into()),
        stylesheet: None,
        search_docs: None,
        worker: false,
    };
    let files = common::on_build_stack(move || {
        let mut diags = Diagnostics::default();
        let files = generate(&options, &mut diags).map(|(files, _, _)| files);
        assert!(
            !diags.has_errors(),
            "{}",
            common::outcome_text(&common::Built { files: None, diags })
        );
        files.unwrap_or_default()
    })
    .unwrap_or_else(|message| panic!("the build panicked: {message}"));
    files
        .into_iter()
        .map(|OutFile { path, bytes }| (path, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

/// What a visitor (or a screen reader) can meet in `html`: the text
/// between tags, and the values of the attributes that name things.
fn shown(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let body = html.split("<body").nth(1).unwrap_or(html);
    for piece in body.split('<') {
        let (tag, text) = piece.split_once('>').unwrap_or((piece, ""));
        if tag.starts_with("script") || tag.starts_with("style") {
            continue;
        }
        for name in ["aria-label=\"", "alt=\"", "title=\"", "placeholder=\""] {
            if let Some(value) = tag.split(name).nth(1).and_then(|v| v.split('"').next()) {
                out.push(unescape(value));
            }
        }
        let text = unescape(text.trim());
        if !text.is_empty() {
            out.push(text);
        }
    }
    out
}

fn unescape(text: &str) -> String {
    text.replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The string key a shown text is or holds: a key of more than one word
/// (`period_provided`) anywhere in it, a one-word key (`menu`) as the
/// whole text.
fn key_in(text: &str) -> Option<&'static str> {
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .collect();
    TEXTS.iter().map(|t| t.key).find(|key| {
        if key.contains('_') {
            words.contains(key)
        } else {
            text == *key
        }
    })
}

#[test]
fn no_page_shows_a_string_key() {
    let files = built();
    let pages: Vec<_> = files
        .iter()
        .filter(|(path, _)| path.ends_with(".htm") || path.ends_with(".html"))
        .collect();
    assert!(pages.len() >= 20, "only {} pages", pages.len());
    for (path, html) in pages {
        for text in shown(html) {
            assert_eq!(key_in(&text), None, "{path} shows `{text}`");
        }
    }
}

#[test]
fn profiles_show_every_label_in_their_language() {
    let files = built();
    let it = shown(&files["it/team/federico-feroldi.htm"]);
    let en = shown(&files["en/team/federico-feroldi.htm"]);
    for label in [
        "Durata dell'incarico",
        "Registrazione della Corte dei conti",
        "Compenso annuo",
        "Livello retributivo nella PA",
        "Dal 16/09/2016 al 31/12/2018",
        "Twitter",
        "Medium",
        "LinkedIn",
        "GitHub",
        "Sito web",
        "E-mail",
        "Sito web: feroldi.example",
        "E-mail: federico@feroldi.example",
    ] {
        assert!(it.iter().any(|t| t == label), "{label} not in {it:?}");
    }
    for label in [
        "Term of appointment",
        "Registered by the Court of Audit",
        "Annual compensation",
        "Public-sector pay level",
        "From 09/16/2016 to 12/31/2018",
        "Twitter",
        "Medium",
        "LinkedIn",
        "GitHub",
        "Web site",
        "E-mail",
        "Web site: feroldi.example",
        "E-mail: federico@feroldi.example",
    ] {
        assert!(en.iter().any(|t| t == label), "{label} not in {en:?}");
    }
    // The kinds as the model names them are never shown.
    for kind in LINK_KINDS {
        assert!(!it.iter().chain(&en).any(|t| t == kind), "{kind} shown");
    }
    let one = |path: &str, label: &str| {
        let texts = shown(&files[path]);
        assert!(
            texts.iter().any(|t| t == label),
            "{label} not in {path}: {texts:?}"
        );
    };
    one("it/team/giulia-verdi.htm", "Dal 9 gennaio 2017");
    one("en/team/giulia-verdi.htm", "Since January 9, 2017");
    one("it/team/luca-neri.htm", "Fino al 30/06/2019");
    one("en/team/luca-neri.htm", "Until 06/30/2019");
    one("en/team/luca-neri.htm", "Web site: neri.example/blog");
    one("it/team/index.html", "Nel team");
    one("it/team/index.html", "Hanno fatto parte del team");
    one("en/team/index.html", "Current members");
    one("en/team/index.html", "Former members");
}

#[test]
fn the_site_file_has_every_text_in_both_languages() {
    let files = built();
    let site: Site = serde_json::from_str(&files["data/site.json"]).expect("site.json");
    for lang in &site.langs {
        for t in TEXTS {
            let text = lang.strings.get(t.key);
            assert!(
                text.is_some_and(|s| !s.is_empty()),
                "{} has no {} text",
                lang.code,
                t.key
            );
        }
        // Keys the model does not know (photo_of, in this strings.yml) stay out.
        assert!(!lang.strings.contains_key("photo_of"));
    }
    // The site's own text wins over the engine's.
    assert_eq!(
        site.langs[0].strings["project_people"],
        "Il team del progetto"
    );
}
