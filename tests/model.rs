//! One model, guarded: a page with every field set and every kind of block,
//! and a site with every field set, are written with serde (as the
//! preprocessor writes them) and read back with the app's small JSON reader
//! (`tdt_model::json`). The values are written as struct literals without
//! `..Default::default()`, so a field added to the model does not compile
//! here until it is given a value, and then fails the test if the reader
//! forgets it; a block kind added to the model fails to compile in
//! [`kind`] until it is listed in [`every_block`].

use std::collections::BTreeMap;
use tdt_model::json::from_str;
use tdt_model::model::{
    ApplyForm, Block, Entry, Job, Language, Layout, Link, ListItem, NavItem, Page, PersonCard,
    Profile, Redirect, Site, SocialLink, TimelineEntry, TocEntry,
};

fn link(lang: &str, title: &str, url: &str) -> Link {
    Link {
        lang: lang.into(),
        title: title.into(),
        url: url.into(),
    }
}

fn item(title: &str, url: &str) -> ListItem {
    ListItem {
        title: title.into(),
        url: url.into(),
        is_new: true,
        closed: true,
    }
}

fn person(former: bool) -> PersonCard {
    PersonCard {
        id: "mario-rossi".into(),
        name: "Mario \"Rossi\" è".into(),
        role: "Sviluppatore\nbackend".into(),
        url: "/it/team/mario-rossi.htm".into(),
        photo: "/images/team/mario.jpg".into(),
        former,
        start_date: "2017-01-09".into(),
        end_date: if former {
            "31 \"dicembre\" 2019".into()
        } else {
            String::new()
        },
    }
}

/// Position of a block kind in [`every_block`]; a new kind must be added here.
fn kind(block: &Block) -> usize {
    match block {
        Block::Html { .. } => 0,
        Block::JobsAccordion => 1,
        Block::JobsList { .. } => 2,
        Block::JobsArchive { .. } => 3,
        Block::Timeline { .. } => 4,
        Block::ProjectsList { .. } => 5,
        Block::TeamList { .. } => 6,
    }
}

/// One block of every kind, in [`kind`] order.
fn every_block() -> Vec<Block> {
    vec![
        Block::Html {
            html: "<p>Testo con \\ e \u{1F600} e \"virgolette\"</p>".into(),
        },
        Block::JobsAccordion,
        Block::JobsList {
            items: vec![item("Designer", "/it/jobpositions/designer.htm")],
        },
        Block::JobsArchive {
            items: vec![item("Vecchia", "/it/jobpositions/vecchia.htm")],
        },
        Block::Timeline {
            entries: vec![TimelineEntry {
                period: "2017 – 2018".into(),
                title: "Avvio".into(),
                desc: Some("Descrizione".into()),
                todo: true,
            }],
        },
        Block::ProjectsList {
            items: vec![item("ANPR", "/it/projects/anpr.htm")],
        },
        Block::TeamList {
            items: vec![person(false), person(true)],
        },
    ]
}

fn full_page() -> Page {
    Page {
        build: "0123abcd".into(),
        lang: "it".into(),
        title: "Pagina completa".into(),
        description: Some("Descrizione".into()),
        url: "/it/completa.htm".into(),
        layout: Layout::Project,
        translations: vec![link("en", "Full page", "/en/full.htm")],
        parent: Some(link("it", "Progetti", "/it/projects/")),
        blocks: every_block(),
        redirect_to: Some("https://example.org/".into()),
        last_modified: Some("2026-11-22".into()),
        toc: vec![TocEntry {
            level: 3,
            id: "in-breve".into(),
            text: "In breve".into(),
        }],
        job: Some(Job {
            archived: true,
            is_new: true,
            apply: Some(ApplyForm {
                url: "https://forms.example.org/apply".into(),
                height: 700,
            }),
            back: Some(link("it", "Lavora con noi", "/it/lavora-con-noi")),
        }),
        people: vec![person(false), person(true)],
        profile: Some(Profile {
            role: "Designer".into(),
            pre_role: "Dott.".into(),
            start_date: "2017".into(),
            end_date: "2019".into(),
            photo: "/images/team/anna.jpg".into(),
            links: vec![SocialLink {
                kind: "email".into(),
                url: "mailto:anna@example.org".into(),
            }],
            facts: vec![("annual_compensation".into(), "100.000 €".into())],
        }),
        auto_translated: true,
        no_index: true,
    }
}

fn full_site() -> Site {
    Site {
        build: "0123abcd".into(),
        url: "https://teamdigitale.governo.it".into(),
        langs: vec![Language {
            code: "it".into(),
            name: "Italiano".into(),
            title: "Team per la Trasformazione Digitale".into(),
            home: "/it/".into(),
            strings: BTreeMap::from([("menu".to_string(), "Menu".to_string())]),
            nav: vec![NavItem {
                title: "Progetti".into(),
                url: "/it/projects/".into(),
                children: vec![NavItem {
                    title: "ANPR".into(),
                    url: "/it/projects/anpr.htm".into(),
                    children: Vec::new(),
                }],
            }],
            search: "/it/cerca".into(),
        }],
        shard_bits: 3,
    }
}

#[test]
fn every_block_kind_is_listed_once_in_order() {
    let kinds: Vec<usize> = every_block().iter().map(kind).collect();
    assert_eq!(kinds, (0..kinds.len()).collect::<Vec<_>>());
}

#[test]
fn a_page_with_every_field_and_block_reads_back_as_written() {
    let entry = Entry::Page(Box::new(full_page()));
    let json = serde_json::to_string(&entry).unwrap();
    assert_eq!(from_str::<Entry>(&json), Some(entry));
}

#[test]
fn every_layout_reads_back() {
    for layout in [
        Layout::Default,
        Layout::Job,
        Layout::Project,
        Layout::People,
    ] {
        let entry = Entry::Page(Box::new(Page {
            layout,
            ..full_page()
        }));
        let json = serde_json::to_string(&entry).unwrap();
        assert_eq!(from_str::<Entry>(&json), Some(entry), "{layout:?}");
    }
}

#[test]
fn a_redirect_with_every_field_reads_back() {
    let entry = Entry::Redirect(Redirect {
        build: "b1".into(),
        to: "/it/lavora-con-noi".into(),
        external: Some("https://example.org/".into()),
    });
    let json = serde_json::to_string(&entry).unwrap();
    assert_eq!(from_str::<Entry>(&json), Some(entry));
}

#[test]
fn a_site_with_every_field_reads_back() {
    let site = full_site();
    let json = serde_json::to_string(&site).unwrap();
    assert_eq!(from_str::<Site>(&json), Some(site));
}
