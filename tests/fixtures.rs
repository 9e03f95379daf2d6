//! Golden tests of the preprocessor: each folder `tests/fixtures/ok/<case>/`
//! holds a `content/` folder and, under `expected/`, what building it gives:
//!
//! - `site.json`: the site file, pretty-printed (when the fixture borrows
//!   the real `_data/strings.yml`, each language's strings are replaced by
//!   one placeholder entry, so new interface strings do not touch fixtures);
//! - `pages.json`: one object mapping each normalised path to its entry
//!   (page or old URL), `last_modified` replaced by `<date>` since footer
//!   dates come from git or file times;
//! - `warnings.txt`: the warnings as the CLI prints them, one per block;
//! - `files.txt`: every output file but the entries (`data/p/…`): the
//!   site file, the index shards and the files copied as they are.
//!
//! Data files are named by a hash of their path; the runner maps them back
//! by hashing every path the content mentions (page URLs and the paths in
//! front matter). Every data file is also decoded into the app's model,
//! every link it holds must name a page, the index shards must list every
//! entry, and copied files must equal their source.
//!
//! To rewrite the expected files after an intended change, run
//! `UPDATE_FIXTURES=1 cargo test --test fixtures` and review the diff.
//!
//! `wide_site` is too big for expected files: its invariants are checked
//! in code instead. Its content was generated once by
//! `tests/fixtures/ok/wide_site/generate.py` and is committed.

mod common;

use common::{Built, Prepared, check_expected};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use tdt_model::json::FromJson;
use tdt_model::model::{Block, Entry, Layout, ListItem, Page, PersonCard, Site};
use tdt_model::route::{entry_file, normalize};
use tdt_preprocess::output::OutFile;
use tdt_preprocess::site::{collation_key, surname_key};

/// Placeholder for footer dates.
const DATE: &str = "<date>";

/// Placeholder for the build id, which changes with any content change.
const BUILD: &str = "<build>";

/// Placeholder for interface strings borrowed from the real content.
const BORROWED_STRINGS: &str = "<the strings of content/_data/strings.yml>";

/// The golden cases: one test each.
macro_rules! golden_cases {
    ($($name:ident),* $(,)?) => {
        const GOLDEN: &[&str] = &[$(stringify!($name)),*];
        $(
            #[test]
            fn $name() {
                check_golden(stringify!($name));
            }
        )*
    };
}

golden_cases!(
    seeds,
    permalinks,
    liquid,
    markdown,
    lists,
    people,
    timeline,
    translations_nav,
    redirects,
    site_includes,
    jekyll_site,
);

/// The build output, decoded.
struct Output {
    site: Site,
    /// Normalised path → entry.
    entries: BTreeMap<String, Entry>,
    /// Every file but the entries (`data/p/`): path → bytes.
    others: BTreeMap<String, Vec<u8>>,
}

#[test]
fn every_fixture_folder_has_a_test() {
    for name in common::case_names(&common::fixtures("ok")) {
        assert!(
            GOLDEN.contains(&name.as_str()) || name == "wide_site",
            "tests/fixtures/ok/{name} has no test: add it to golden_cases!"
        );
    }
}

fn check_golden(name: &str) {
    let case = common::fixtures("ok").join(name);
    let prepared = common::prepare(&case.join("content"), name);
    let (built, output) = build_ok(name, &prepared);
    check_links(name, &output);
    check_statics(name, &prepared, &output);
    check_build_ids(name, &output);
    let expected = case.join("expected");
    let actual = [
        (
            "site.json",
            site_text(&output.site, prepared.borrowed_strings),
        ),
        ("pages.json", pages_text(&output.entries)),
        ("warnings.txt", warnings_text(&built)),
        ("files.txt", files_text(&output)),
    ];
    let problems: Vec<String> = actual
        .iter()
        .filter_map(|(file, text)| check_expected(&expected.join(file), text).err())
        .collect();
    assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
}

/// Builds a prepared fixture that must build, and decodes its output.
fn build_ok(name: &str, prepared: &Prepared) -> (Built, Output) {
    let built = common::build(&prepared.content())
        .unwrap_or_else(|message| panic!("{name}: the build panicked: {message}"));
    let Some(files) = &built.files else {
        panic!(
            "{name}: the build failed:\n{}",
            common::outcome_text(&built)
        );
    };
    let output = decode(name, files, &prepared.content());
    (built, output)
}

fn decode(name: &str, files: &[OutFile], content: &Path) -> Output {
    let site_file = tdt_model::route::SITE_FILE.trim_start_matches('/');
    let mut site = None;
    let mut data = Vec::new();
    let mut shards = Vec::new();
    let mut others = BTreeMap::new();
    for file in files {
        if file.path == site_file {
            site = Some(decode_json::<Site>(name, file));
        } else if file.path.starts_with("data/p/") {
            data.push((file.path.clone(), decode_json::<Entry>(name, file)));
        } else if file.path.starts_with("data/s/") {
            shards.extend(decode_json::<Vec<String>>(name, file));
        }
        if !file.path.starts_with("data/p/") {
            others.insert(file.path.clone(), file.bytes.clone());
        }
    }
    check_shards(name, &data, shards);
    let site = site.unwrap_or_else(|| panic!("{name}: no {site_file} in the output"));
    let entries = key_entries(name, data, content);
    Output {
        site,
        entries,
        others,
    }
}

/// The index shards list every entry's hash once, and nothing else.
fn check_shards(name: &str, data: &[(String, Entry)], mut shards: Vec<String>) {
    let mut hashes: Vec<String> = data
        .iter()
        .filter_map(|(path, _)| path.strip_prefix("data/p/")?.strip_suffix(".json"))
        .map(str::to_string)
        .collect();
    hashes.sort();
    shards.sort();
    assert_eq!(
        shards, hashes,
        "{name}: the index shards do not list the entries"
    );
}

/// Decodes a data file as the app does, checking it re-encodes to the same
/// JSON (nothing the build writes is lost on the way into the model) and
/// that the app's own decoder ([`tdt_model::json`]) reads the same value.
fn decode_json<T>(name: &str, file: &OutFile) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize + FromJson + PartialEq + std::fmt::Debug,
{
    let value: T = serde_json::from_slice(&file.bytes)
        .unwrap_or_else(|e| panic!("{name}: {} does not decode: {e}", file.path));
    let text = std::str::from_utf8(&file.bytes).expect("UTF-8");
    let app = tdt_model::json::from_str::<T>(text);
    assert_eq!(
        app.as_ref(),
        Some(&value),
        "{name}: the app decodes {} differently",
        file.path
    );
    let again = serde_json::to_vec(&value).expect("encode");
    let original: serde_json::Value = serde_json::from_slice(&file.bytes).expect("json");
    let round: serde_json::Value = serde_json::from_slice(&again).expect("json");
    assert_eq!(
        original, round,
        "{name}: {} changes when decoded",
        file.path
    );
    value
}

/// Names each data file by its path: the paths are found by hashing every
/// candidate the content mentions.
fn key_entries(name: &str, data: Vec<(String, Entry)>, content: &Path) -> BTreeMap<String, Entry> {
    let mut candidates = front_matter_paths(content);
    candidates.extend(
        data.iter()
            .filter_map(|(_, entry)| Some(entry.page()?.url.clone())),
    );
    let by_file: HashMap<String, String> = candidates
        .iter()
        .filter_map(|c| normalize(c))
        .map(|key| (entry_file(&key).trim_start_matches('/').to_string(), key))
        .collect();
    data.into_iter()
        .map(|(file, entry)| {
            let key = by_file
                .get(&file)
                .unwrap_or_else(|| panic!("{name}: no path of the content is named by {file}"));
            (key.clone(), entry)
        })
        .collect()
}

/// Every word starting with `/` in the front matter of the content's pages.
fn front_matter_paths(content: &Path) -> Vec<String> {
    common::snapshot(content)
        .into_iter()
        .filter(|(rel, _)| tdt_preprocess::source::is_page_name(rel))
        .filter_map(|(_, bytes)| String::from_utf8(bytes).ok())
        .flat_map(|text| {
            let yaml = text.split("\n---").next().unwrap_or("").to_string();
            yaml.split(|c: char| c.is_whitespace() || "[],'\"".contains(c))
                .filter(|word| word.starts_with('/'))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Every page URL the output links to names a page of the output.
fn check_links(name: &str, output: &Output) {
    let pages: Vec<&Page> = output.entries.values().filter_map(Entry::page).collect();
    let mut links: Vec<(String, &str)> = Vec::new();
    for (key, entry) in &output.entries {
        match entry {
            Entry::Redirect(redirect) => links.push((format!("old URL {key}"), &redirect.to)),
            Entry::Page(page) => page_links(key, page, &mut links),
        }
    }
    for lang in &output.site.langs {
        for item in lang
            .nav
            .iter()
            .chain(lang.nav.iter().flat_map(|n| &n.children))
        {
            links.push((format!("nav of {}", lang.code), &item.url));
        }
    }
    check_photos(name, output);
    for (from, url) in links {
        let found = normalize(url)
            .is_some_and(|key| matches!(output.entries.get(&key), Some(Entry::Page(_))));
        assert!(found, "{name}: {from} links to {url}, which is no page");
    }
    assert!(!pages.is_empty(), "{name}: no pages");
}

/// A person's photo names a file copied to the output, and a card shows
/// none only when the content has no photo for its `ref`.
fn check_photos(name: &str, output: &Output) {
    for entry in output.entries.values() {
        let Entry::Page(page) = entry else { continue };
        let cards = page
            .people
            .iter()
            .chain(page.blocks.iter().flat_map(|b| block_items(b).1));
        for card in cards {
            check_photo(name, output, &card.photo, Some(&card.id));
        }
        if let Some(profile) = &page.profile {
            check_photo(name, output, &profile.photo, None);
        }
    }
}

fn check_photo(name: &str, output: &Output, photo: &str, id: Option<&str>) {
    if !photo.is_empty() {
        let file = photo.trim_start_matches('/');
        assert!(
            output.others.contains_key(file),
            "{name}: photo {photo} is not in the output"
        );
    } else if let Some(id) = id {
        let file = format!("images/team/{id}.jpg");
        assert!(
            !output.others.contains_key(&file),
            "{name}: {id} has {file} but no photo"
        );
    }
}

fn page_links<'a>(key: &str, page: &'a Page, links: &mut Vec<(String, &'a str)>) {
    let from = || format!("page {key}");
    let linked = page
        .translations
        .iter()
        .chain(&page.parent)
        .chain(page.job.as_ref().and_then(|j| j.back.as_ref()));
    links.extend(linked.map(|l| (from(), l.url.as_str())));
    links.extend(page.people.iter().map(|p| (from(), p.url.as_str())));
    for block in &page.blocks {
        let (items, people) = block_items(block);
        links.extend(items.iter().map(|i| (from(), i.url.as_str())));
        links.extend(people.iter().map(|p| (from(), p.url.as_str())));
    }
}

/// The list items and person cards of a block.
fn block_items(block: &Block) -> (&[ListItem], &[PersonCard]) {
    match block {
        Block::JobsList { items }
        | Block::JobsArchive { items }
        | Block::ProjectsList { items } => (items, &[]),
        Block::TeamList { items } => (&[], items),
        _ => (&[], &[]),
    }
}

/// Files outside `data/` are content files copied byte for byte.
fn check_statics(name: &str, prepared: &Prepared, output: &Output) {
    let statics = output
        .others
        .iter()
        .filter(|(p, _)| !p.starts_with("data/"));
    for (path, bytes) in statics {
        let source = std::fs::read(prepared.content().join(path))
            .unwrap_or_else(|e| panic!("{name}: copied file {path} has no source: {e}"));
        assert!(&source == bytes, "{name}: {path} is not copied as it is");
    }
}

/// The site file and every entry carry the same build id, 16 hex digits.
fn check_build_ids(name: &str, output: &Output) {
    let id = &output.site.build;
    assert!(
        id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit()),
        "{name}: build id {id:?} is not 16 hex digits"
    );
    for (key, entry) in &output.entries {
        assert_eq!(entry.build(), id, "{name}: {key} has another build id");
    }
}

fn site_text(site: &Site, borrowed_strings: bool) -> String {
    let mut site = site.clone();
    site.build = BUILD.to_string();
    if borrowed_strings {
        for lang in &mut site.langs {
            lang.strings = BTreeMap::from([("*".to_string(), BORROWED_STRINGS.to_string())]);
        }
    }
    pretty(&site)
}

fn pages_text(entries: &BTreeMap<String, Entry>) -> String {
    let mut entries = entries.clone();
    for entry in entries.values_mut() {
        entry.set_build(BUILD);
        if let Entry::Page(page) = entry {
            page.last_modified = page.last_modified.as_deref().map(placeholder_date);
        }
    }
    pretty(&entries)
}

/// Checks a footer date's form and hides its value.
fn placeholder_date(date: &str) -> String {
    let digits = date.bytes().filter(u8::is_ascii_digit).count();
    assert!(
        date.len() == 10 && digits == 8 && &date[4..5] == "-" && &date[7..8] == "-",
        "footer date {date:?} is not YYYY-MM-DD"
    );
    DATE.to_string()
}

fn warnings_text(built: &Built) -> String {
    built
        .diags
        .sorted()
        .iter()
        .map(|d| format!("{d}\n\n"))
        .collect()
}

fn files_text(output: &Output) -> String {
    output.others.keys().map(|p| format!("{p}\n")).collect()
}

fn pretty<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).expect("encode") + "\n"
}

// ---------------------------------------------------------------------------
// wide_site: a generated site of realistic shape, checked by invariants.

/// Counts of the generated wide site (see its `generate.py`): 40 people,
/// half of them with an English profile too; projects and jobs in both
/// languages.
const WIDE_PEOPLE: usize = 40;
const WIDE_PROJECTS: usize = 12;
const WIDE_JOBS_PER_LANG: usize = 15;

#[test]
fn wide_site() {
    let prepared = common::prepare(
        &common::fixtures("ok").join("wide_site/content"),
        "wide_site",
    );
    let (built, output) = build_ok("wide_site", &prepared);
    assert!(
        built.diags.items.is_empty(),
        "wide_site: unexpected warnings:\n{}",
        warnings_text(&built)
    );
    check_links("wide_site", &output);
    assert_eq!(
        pages_of(&output, Layout::People).len(),
        WIDE_PEOPLE + WIDE_PEOPLE / 2
    );
    assert_eq!(pages_of(&output, Layout::Project).len(), WIDE_PROJECTS * 2);
    assert_eq!(pages_of(&output, Layout::Job).len(), WIDE_JOBS_PER_LANG * 2);
    wide_pages_match_content(&prepared, &output);
    wide_people_resolved(&prepared, &output);
    wide_lists_sorted_and_complete(&output);
    wide_redirects_resolve(&prepared, &output);
    for lang in &output.site.langs {
        let home = normalize(&lang.home).expect("home path");
        assert!(output.entries.contains_key(&home), "no home page {home}");
        assert!(!lang.nav.is_empty(), "no navigation in {}", lang.code);
    }
}

/// The pages of the output with `layout`.
fn pages_of(output: &Output, layout: Layout) -> Vec<&Page> {
    output
        .entries
        .values()
        .filter_map(|entry| match entry {
            Entry::Page(page) if page.layout == layout => Some(page.as_ref()),
            _ => None,
        })
        .collect()
}

/// Every page file of the content is one page entry.
fn wide_pages_match_content(prepared: &Prepared, output: &Output) {
    let files = content_pages(prepared, output).len();
    let pages = output
        .entries
        .values()
        .filter(|e| matches!(e, Entry::Page(_)))
        .count();
    assert_eq!(pages, files, "one page per content file");
}

/// Front matter values of `key` in a page file (a flow list `[a, b]`).
fn front_list(text: &str, key: &str) -> Vec<String> {
    let prefix = format!("{key}: [");
    text.lines()
        .find_map(|line| line.strip_prefix(&prefix))
        .map(|rest| {
            rest.trim_end_matches(']')
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// Each project shows every person its front matter names, current first.
fn wide_people_resolved(prepared: &Prepared, output: &Output) {
    let projects: Vec<(String, &Page)> = content_pages(prepared, output)
        .into_iter()
        .filter(|(_, page)| page.layout == Layout::Project)
        .collect();
    assert_eq!(projects.len(), WIDE_PROJECTS * 2);
    let photos: Vec<bool> = projects
        .iter()
        .flat_map(|(_, p)| p.people.iter().map(|c| c.photo.is_empty()))
        .collect();
    assert!(
        photos.contains(&true) && photos.contains(&false),
        "people with and without photos"
    );
    for (text, project) in projects {
        let mut wanted = front_list(&text, "people");
        let mut shown: Vec<String> = project.people.iter().map(|p| p.id.clone()).collect();
        assert!(
            !wanted.is_empty(),
            "project {} names no people",
            project.url
        );
        wanted.sort();
        shown.sort();
        assert_eq!(shown, wanted, "people of {}", project.url);
        let former: Vec<bool> = project.people.iter().map(|p| p.former).collect();
        assert!(
            former.is_sorted(),
            "current people first in {}",
            project.url
        );
    }
}

/// Each page file's text with its page entry, found by its `permalink`.
fn content_pages<'a>(prepared: &Prepared, output: &'a Output) -> Vec<(String, &'a Page)> {
    common::snapshot(&prepared.content())
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".md"))
        .map(|(rel, bytes)| {
            let text = String::from_utf8(bytes).expect("utf-8");
            let page = permalink_of(&text)
                .and_then(|p| output.entries.get(&normalize(&p)?))
                .and_then(Entry::page)
                .unwrap_or_else(|| panic!("{rel} has no page entry"));
            (text, page)
        })
        .collect()
}

/// Lists are sorted by title as a reader expects (the team: current members
/// first, each part by surname) and hold every page.
fn wide_lists_sorted_and_complete(output: &Output) {
    let mut jobs_listed: HashMap<String, usize> = HashMap::new();
    for entry in output.entries.values() {
        let Entry::Page(page) = entry else { continue };
        for block in &page.blocks {
            let (items, people) = block_items(block);
            let titles: Vec<String> = items.iter().map(|i| collation_key(&i.title)).collect();
            assert!(titles.is_sorted(), "list on {} not sorted", page.url);
            let names: Vec<_> = people
                .iter()
                .map(|p| (p.former, surname_key(&p.name), collation_key(&p.name)))
                .collect();
            assert!(names.is_sorted(), "team on {} not sorted", page.url);
            if let Block::JobsList { items } | Block::JobsArchive { items } = block {
                for item in items {
                    assert_eq!(item.closed, matches!(block, Block::JobsArchive { .. }));
                    *jobs_listed.entry(item.url.clone()).or_default() += 1;
                }
            }
        }
    }
    let jobs = pages_of(output, Layout::Job);
    for job in &jobs {
        assert_eq!(
            jobs_listed.get(&job.url),
            Some(&1),
            "job {} listed once",
            job.url
        );
    }
    assert_eq!(jobs_listed.len(), jobs.len());
}

/// Every old URL of the content is an entry leading to its page.
fn wide_redirects_resolve(prepared: &Prepared, output: &Output) {
    let mut count = 0;
    for (text, page) in content_pages(prepared, output) {
        for old in front_list(&text, "redirect_from") {
            count += 1;
            let key = normalize(&old).expect("old URL");
            match output.entries.get(&key) {
                Some(Entry::Redirect(r)) => assert_eq!(r.to, page.url, "old URL {old}"),
                other => panic!("old URL {old} gives {other:?}"),
            }
        }
    }
    let pages = output
        .entries
        .values()
        .filter(|e| matches!(e, Entry::Page(_)))
        .count();
    assert_eq!(output.entries.len() - pages, count, "one entry per old URL");
    assert!(count >= 20, "the wide site has old URLs");
}

fn permalink_of(text: &str) -> Option<String> {
    text.lines()
        .find_map(|line| line.strip_prefix("permalink: "))
        .map(str::to_string)
}
