//! Bad content: each folder `tests/fixtures/bad/<case>/` holds a `content/`
//! folder and `expected.txt`, the exact outcome of building it: every
//! diagnostic as the CLI prints them (sorted, one block each), then `ok` when
//! the build must succeed or `failed with N error(s)` when it must fail.
//!
//! Every case also checks that the build does not panic (it runs on a
//! thread of its own, with a main thread's stack as the CLI has) and, when
//! it fails, that `run` leaves a previous good output folder byte for byte
//! as it was. The time each case takes is printed (see it with
//! `cargo test --test bad_content -- --nocapture`), never asserted.
//!
//! A case may have a `public/` folder next to `content/`: it is copied
//! next to the scratch `content/`, as the site's `public/` is.
//!
//! Some inputs are made at run time in the scratch copy rather than
//! committed: huge or deeply nested pages, bytes that are not UTF-8, and
//! BOM + CRLF copies (see [`generate_inputs`]).
//!
//! `UPDATE_FIXTURES=1 cargo test --test bad_content` rewrites the
//! `expected.txt` files; review the diff before committing.

mod common;

use common::{Built, Prepared};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;
use tdt_preprocess::{Options, run};

/// Cases whose only checks are the common ones: one test each.
macro_rules! bad_cases {
    ($($name:ident),* $(,)?) => {
        const PLAIN: &[&str] = &[$(stringify!($name)),*];
        $(
            #[test]
            fn $name() {
                check_case(stringify!($name));
            }
        )*
    };
}

bad_cases!(
    alias_bomb,
    archived_maybe,
    body_liquid_error,
    comment_not_closed,
    config_no_languages,
    config_unknown_key,
    deep_blockquote,
    deep_html,
    deep_list,
    deep_yaml,
    duplicate_permalink,
    duplicate_permalink_html,
    front_matter_not_closed,
    heading_level_skipped,
    heading_event_attribute,
    html_page_script,
    huge_page,
    iframe_host_not_listed,
    iframe_hosts_not_host,
    iframe_http,
    include_broken_link,
    include_missing_data,
    include_recursion,
    include_render_error,
    include_replaces_builtin,
    include_script,
    include_self,
    include_syntax_error,
    include_too_deep,
    include_unknown,
    include_unknown_filter,
    iframeheight_tall,
    jazz_url_http,
    liquid_tag_not_closed,
    liquid_number_too_large,
    liquid_output,
    liquid_unsupported_tag,
    link_anchor,
    link_file,
    link_front_matter,
    link_html_page,
    link_own_address,
    link_page,
    links_error,
    links_unknown_value,
    many_errors,
    menu_position_word,
    missing_lang,
    missing_title,
    not_utf8,
    only_fences,
    parent_menu_unknown,
    parent_ref_unknown,
    people_number,
    people_unknown_ref,
    permalink_escape,
    permalink_protocol_relative,
    permalink_relative,
    raw_not_closed,
    redirect_from_is_permalink,
    redirect_from_not_path,
    redirect_from_space,
    redirect_from_twice,
    redirect_from_twice_in_page,
    redirect_loop,
    redirect_to_relative,
    ref_twice,
    strings_no_text,
    timeline_no_period,
    timeline_not_list,
    title_list,
    unknown_include,
    unknown_key,
    unknown_key_with_includes,
    unknown_lang,
    unknown_layout,
    yaml_bad_indent,
    yaml_duplicate_key,
    yaml_not_mapping,
    yaml_tab_indent,
    yaml_unclosed_flow,
    yaml_unclosed_quote,
);

/// Cases with a test of their own below.
const SPECIAL: &[&str] = &["bom_crlf", "empty_file", "no_front_matter"];

#[test]
fn every_fixture_folder_has_a_test() {
    let names = common::case_names(&common::fixtures("bad"));
    for name in &names {
        assert!(
            PLAIN.contains(&name.as_str()) || SPECIAL.contains(&name.as_str()),
            "tests/fixtures/bad/{name} has no test: add it to bad_cases!"
        );
    }
    assert!(names.len() >= 30, "only {} bad-content cases", names.len());
}

/// A page without front matter is copied as it is, with a warning.
#[test]
fn no_front_matter() {
    let (prepared, built) = check_case("no_front_matter");
    assert_copied(&prepared, &built, "it/senza.md");
}

/// An empty page file is copied as it is, with a warning.
#[test]
fn empty_file() {
    let (prepared, built) = check_case("empty_file");
    assert_copied(&prepared, &built, "it/vuoto.md");
}

/// Pages saved with a byte-order mark and CRLF line endings build exactly
/// like the same pages with LF endings.
#[test]
fn bom_crlf() {
    let (_, crlf) = check_case("bom_crlf");
    let lf = common::build(&prepare_case("bom_crlf", false).content())
        .unwrap_or_else(|message| panic!("bom_crlf: the LF build panicked: {message}"));
    assert_eq!(data_without_dates(&crlf), data_without_dates(&lf));
    assert_eq!(common::outcome_text(&crlf), common::outcome_text(&lf));
}

/// Builds a case, compares its outcome, and checks `run` keeps a previous
/// output when the build fails.
fn check_case(name: &str) -> (Prepared, Built) {
    let prepared = prepare_case(name, true);
    let started = Instant::now();
    let built = common::build(&prepared.content())
        .unwrap_or_else(|message| panic!("{name}: the build panicked: {message}"));
    println!("{name}: built in {} ms", started.elapsed().as_millis());
    let expected = common::fixtures("bad").join(name).join("expected.txt");
    if let Err(difference) = common::check_expected(&expected, &common::outcome_text(&built)) {
        panic!("{name}: {difference}");
    }
    if built.files.is_none() {
        assert_run_keeps_previous_output(name, &prepared);
    }
    (prepared, built)
}

/// The case's content in a scratch folder, with its run-time inputs made
/// when `generated` is set.
fn prepare_case(name: &str, generated: bool) -> Prepared {
    let case = common::fixtures("bad").join(name);
    let prepared = common::prepare(&case.join("content"), name);
    // The files of `public/` next to `content/`, which links may lead to.
    if case.join("public").is_dir() {
        common::copy_dir(
            &case.join("public"),
            &prepared.scratch.root().join("public"),
        );
    }
    if generated {
        generate_inputs(name, &prepared.content());
    }
    prepared
}

/// Writes the inputs too big or too odd to commit.
fn generate_inputs(name: &str, content: &Path) {
    let page = |title: &str, body: &str| format!("---\ntitle: {title}\nlang: it\n---\n{body}");
    let write = |rel: &str, bytes: &[u8]| {
        let path = content.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create folder");
        std::fs::write(path, bytes).expect("write generated input");
    };
    match name {
        "huge_page" => {
            let line = "Una riga di testo per riempire la pagina fino a dieci megabyte.\n";
            let body = line.repeat(10 * 1024 * 1024 / line.len() + 1);
            write("it/enorme.md", page("Enorme", &body).as_bytes());
        }
        "deep_list" => {
            let body = "- ".repeat(10_000) + "fondo\n";
            write("it/lista.md", page("Lista", &body).as_bytes());
        }
        "deep_blockquote" => {
            write(
                "it/citazione.md",
                page("Citazione", &"> ".repeat(10_000)).as_bytes(),
            );
        }
        "deep_html" => {
            let body = "<div>".repeat(10_000) + "fondo" + &"</div>".repeat(10_000);
            write("it/annidata.html", page("Annidata", &body).as_bytes());
        }
        "deep_yaml" => {
            let yaml = format!(
                "---\ntitle: {}x{}\nlang: it\n---\n",
                "[".repeat(10_000),
                "]".repeat(10_000)
            );
            write("it/profonda.md", yaml.as_bytes());
        }
        "not_utf8" => write(
            "it/latin1.md",
            b"---\ntitle: Citt\xe0\nlang: it\n---\nPerch\xe9 no?\n",
        ),
        "bom_crlf" => to_bom_crlf(content),
        _ => {}
    }
}

/// Rewrites every page file with a byte-order mark and CRLF line endings.
fn to_bom_crlf(content: &Path) {
    for (rel, bytes) in common::snapshot(content) {
        if !rel.starts_with('_') && tdt_preprocess::source::is_page_name(&rel) {
            let text = String::from_utf8(bytes).expect("utf-8 page");
            let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
            std::fs::write(content.join(&rel), crlf).expect("rewrite page");
        }
    }
}

/// A failed `run` leaves the output of an earlier good build untouched.
fn assert_run_keeps_previous_output(name: &str, prepared: &Prepared) {
    let good = common::prepare(&common::fixtures("ok").join("seeds/content"), "previous");
    let out = prepared.scratch.out();
    let run_into = |content: &Path| {
        let options = Options {
            content: content.to_path_buf(),
            out: out.clone(),
            shell: None,
            stylesheet: None,
            search_docs: None,
            worker: false,
        };
        common::on_build_stack(move || run(&options).map(|_| ()).map_err(|_| ()))
            .unwrap_or_else(|message| panic!("{name}: run panicked: {message}"))
    };
    assert!(
        run_into(&good.content()).is_ok(),
        "{name}: the good build failed"
    );
    let before = common::snapshot(&out);
    assert!(!before.is_empty(), "{name}: the good build wrote nothing");
    assert!(
        run_into(&prepared.content()).is_err(),
        "{name}: run did not fail"
    );
    let after = common::snapshot(&out);
    assert!(
        before == after,
        "{name}: a failed run changed the output folder: {:?}",
        changed_paths(&before, &after)
    );
}

fn changed_paths(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    let mut paths: Vec<String> = before.keys().chain(after.keys()).cloned().collect();
    paths.sort();
    paths.dedup();
    paths.retain(|p| before.get(p) != after.get(p));
    paths
}

/// A copied file is in the output with the bytes of its source.
fn assert_copied(prepared: &Prepared, built: &Built, rel: &str) {
    let files = built.files.as_ref().expect("the build succeeds");
    let copied = files
        .iter()
        .find(|f| f.path == rel)
        .unwrap_or_else(|| panic!("{rel} is not in the output"));
    let source = std::fs::read(prepared.content().join(rel)).expect("source");
    assert_eq!(copied.bytes, source, "{rel} is copied as it is");
}

/// The data files, decoded, with footer dates and build ids removed: path → JSON.
fn data_without_dates(built: &Built) -> BTreeMap<String, serde_json::Value> {
    let files = built.files.as_ref().expect("the build succeeds");
    files
        .iter()
        .filter(|f| f.path.starts_with("data/"))
        .map(|f| {
            let mut value: serde_json::Value =
                serde_json::from_slice(&f.bytes).expect("data file is JSON");
            if let Some(object) = value.as_object_mut() {
                object.remove("last_modified");
                // The build id hashes the files' bytes, which differ.
                object.remove("build");
            }
            (f.path.clone(), value)
        })
        .collect()
}
