//! Language choices: which language `/` opens, and where the language
//! switcher leads from a page.

use crate::model::{Page, Site};

/// The language `/` opens: a choice the visitor stored wins, then the first
/// of the browser's languages the site has, then the default (the first).
pub fn pick(site_langs: &[&str], stored: Option<&str>, browser: &[String]) -> String {
    let has = |code: &str| {
        site_langs
            .iter()
            .find(|l| l.eq_ignore_ascii_case(code))
            .copied()
    };
    stored
        .and_then(has)
        .or_else(|| {
            browser
                .iter()
                .find_map(|tag| has(tag.split(['-', '_']).next().unwrap_or("")))
        })
        .or_else(|| site_langs.first().copied())
        .unwrap_or("it")
        .to_string()
}

/// Where the switcher entry for `lang` leads from `page`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwitchTarget {
    /// The URL.
    pub url: String,
    /// `false` when the page has no translation and this is the home page.
    pub translated: bool,
}

/// The page's translation in `lang`, else that language's home page.
pub fn switch_target(site: &Site, page: Option<&Page>, lang: &str) -> SwitchTarget {
    let home = site
        .langs
        .iter()
        .find(|l| l.code == lang)
        .map_or_else(|| format!("/{lang}/"), |l| l.home.clone());
    match page {
        Some(page) if page.lang == lang => SwitchTarget {
            url: page.url.clone(),
            translated: true,
        },
        Some(page) => page.translations.iter().find(|t| t.lang == lang).map_or(
            SwitchTarget {
                url: home,
                translated: false,
            },
            |t| SwitchTarget {
                url: t.url.clone(),
                translated: true,
            },
        ),
        None => SwitchTarget {
            url: home,
            translated: true,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Language, Link};

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn pick_table() {
        let langs = ["it", "en"];
        let cases: &[(Option<&str>, &[&str], &str)] = &[
            (None, &["it-IT", "en"], "it"),
            (None, &["en-US", "it"], "en"),
            (None, &["fr-FR"], "it"),
            (None, &["fr-FR", "EN-gb"], "en"),
            (None, &[], "it"),
            (Some("en"), &["it-IT"], "en"),
            (Some("de"), &["en-US"], "en"),
        ];
        for (stored, browser, expected) in cases {
            assert_eq!(
                pick(&langs, *stored, &strings(browser)),
                *expected,
                "{stored:?} {browser:?}"
            );
        }
    }

    #[test]
    fn switch_to_translation_or_home() {
        let site = Site {
            build: String::new(),
            url: String::new(),
            shard_bits: 0,
            langs: vec![
                Language {
                    code: "it".into(),
                    home: "/it/".into(),
                    ..Default::default()
                },
                Language {
                    code: "en".into(),
                    home: "/en/".into(),
                    ..Default::default()
                },
            ],
        };
        let mut page = Page {
            lang: "it".into(),
            url: "/it/a".into(),
            ..Default::default()
        };
        assert_eq!(
            switch_target(&site, Some(&page), "en"),
            SwitchTarget {
                url: "/en/".into(),
                translated: false
            }
        );
        assert_eq!(
            switch_target(&site, Some(&page), "it"),
            SwitchTarget {
                url: "/it/a".into(),
                translated: true
            }
        );
        page.translations.push(Link {
            lang: "en".into(),
            title: "A".into(),
            url: "/en/a".into(),
        });
        assert_eq!(
            switch_target(&site, Some(&page), "en"),
            SwitchTarget {
                url: "/en/a".into(),
                translated: true
            }
        );
        assert_eq!(
            switch_target(&site, None, "en"),
            SwitchTarget {
                url: "/en/".into(),
                translated: true
            }
        );
    }
}
