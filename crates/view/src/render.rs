//! Static rendering (feature `ssr`): the frame of one page as HTML, from the
//! same components the app renders in the browser.

use crate::SiteData;
use crate::current::Current;
use crate::frame::Frame;
use crate::model::{Page, Site};
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;
use std::sync::Arc;

/// Skip link, header, main content and footer of `page`, as HTML.
pub fn page_body(site: &Arc<Site>, page: &Page) -> String {
    let owner = Owner::new();
    let html = owner.with(|| {
        provide_context(SiteData(Arc::clone(site)));
        provide_context(Current::fixed(page.clone()));
        view! { <Frame/> }.to_html()
    });
    owner.unset();
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Language, Layout, PersonCard};

    #[test]
    fn the_job_form_loads_only_without_javascript() {
        let site = Site {
            langs: vec![Language {
                code: "it".into(),
                ..Language::default()
            }],
            ..Site::default()
        };
        let page = Page {
            lang: "it".into(),
            layout: Layout::Job,
            job: Some(crate::model::Job {
                apply: Some(crate::model::ApplyForm {
                    url: "https://form.example/x".into(),
                    height: 700,
                }),
                ..Default::default()
            }),
            ..Page::default()
        };
        let html = page_body(&Arc::new(site), &page);
        let frame = html.find("<iframe").expect("the form is there");
        let noscript = html.find("<noscript>").expect("inside <noscript>");
        assert!(noscript < frame && html[frame..].contains("</iframe></noscript>"));
    }

    #[test]
    fn team_cards_show_role_and_dates_in_the_page_language() {
        let person = |name: &str, start: &str, end: &str| PersonCard {
            name: name.into(),
            role: "Designer".into(),
            start_date: start.into(),
            end_date: end.into(),
            former: !end.is_empty(),
            ..PersonCard::default()
        };
        let items = vec![
            person("Anna Verdi", "2019-03-01", ""),
            person("Bruno Bianchi", "2016-09-16", "2018-12-31"),
        ];
        for (lang, dates) in [
            ("it", ["01/03/2019", "16/09/2016 – 31/12/2018"]),
            ("en", ["03/01/2019", "09/16/2016 – 12/31/2018"]),
        ] {
            let site = Site {
                langs: vec![Language {
                    code: lang.into(),
                    ..Language::default()
                }],
                ..Site::default()
            };
            let page = Page {
                lang: lang.into(),
                blocks: vec![Block::TeamList {
                    items: items.clone(),
                }],
                ..Page::default()
            };
            // Hydration's `<!>` markers aside (one after each text).
            let html = page_body(&Arc::new(site), &page).replace("<!>", "");
            for date in dates {
                let span = format!(
                    "<span class=\"person-role\">Designer</span><span class=\"person-dates\">{date}</span>"
                );
                assert!(html.contains(&span), "{lang}: {span} in {html}");
            }
        }
    }

    #[test]
    fn a_card_without_role_or_dates_has_empty_spans() {
        let site = Site {
            langs: vec![Language {
                code: "it".into(),
                ..Language::default()
            }],
            ..Site::default()
        };
        let items = vec![PersonCard {
            name: "Anna Verdi".into(),
            ..PersonCard::default()
        }];
        let page = Page {
            lang: "it".into(),
            blocks: vec![Block::TeamList { items }],
            ..Page::default()
        };
        // No text (comments aside), so that `:empty` hides them as in the app.
        let html = page_body(&Arc::new(site), &page).replace("<!>", "");
        let spans = "<span class=\"person-role\"></span><span class=\"person-dates\"></span>";
        assert!(html.contains(spans), "{spans} in {html}");
    }

    #[test]
    fn the_search_box_is_there_when_the_language_has_a_search_page() {
        let mut language = Language {
            code: "it".into(),
            ..Language::default()
        };
        let page = Page {
            lang: "it".into(),
            ..Page::default()
        };
        let site = |language: &Language| {
            Arc::new(Site {
                langs: vec![language.clone()],
                ..Site::default()
            })
        };
        assert!(!page_body(&site(&language), &page).contains("role=\"search\""));
        language.search = "/it/cerca".into();
        let html = page_body(&site(&language), &page);
        let form = html.find("<form").expect("a search form");
        let tag = &html[form..form + html[form..].find('>').unwrap()];
        for attribute in [
            "role=\"search\"",
            "action=\"/it/cerca\"",
            "method=\"get\"",
            "class=\"search-box\"",
        ] {
            assert!(tag.contains(attribute), "{attribute} in {tag}");
        }
        assert!(html[form..].contains("<label"), "the box's own markup");
    }
}
