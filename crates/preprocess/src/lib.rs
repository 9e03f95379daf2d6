//! The preprocessor: content folder in, JSON and the HTML of every URL out
//! (that HTML rendered by the view components of `tdt-view`, natively).
//!
//! Its stages, each in its own module, in the order they run:
//! [`source`] reads files → [`front`] splits front matter → [`meta`] parses
//! and validates it → [`liquid`] turns tags into blocks → [`markdown`]
//! renders → [`sanitize`] cleans → [`site`] resolves the site → [`shell`]
//! makes the HTML of each URL → [`output`] writes the files as they are
//! made, once every check has passed; [`compress`] then adds precompressed
//! copies of the app's files in release builds.

pub use tdt_model::{json, model, route, text, ui};

pub mod cli;
pub mod compress;
pub mod config;
pub mod critical;
pub mod dates;
pub mod diag;
pub mod filters;
pub mod front;
pub mod lenient;
pub mod links;
pub mod liquid;
pub mod markdown;
pub mod meta;
pub mod offline;
pub mod output;
pub mod page;
pub mod par;
pub mod plugins;
pub mod prerender;
pub mod sanitize;
pub mod scan;
pub mod search;
pub mod shell;
pub mod site;
pub mod source;
pub mod strings;
pub mod suggest;
pub mod templates;
pub mod yaml;
pub mod yaml_value;

use diag::{Diagnostic, Diagnostics};
use output::OutFile;
use page::{Outcome, Parsed};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What to build.
#[derive(Debug, Clone)]
pub struct Options {
    /// The content folder.
    pub content: PathBuf,
    /// The output folder (trunk's staging folder in a trunk build).
    pub out: PathBuf,
    /// The app's `index.html` as built by trunk, used as the template of the
    /// HTML written for every URL; without it only data is written.
    pub shell: Option<String>,
    /// The stylesheet `shell` links (its text, read from beside it): each
    /// page then inlines the rules it uses and loads the whole file without
    /// blocking its first paint (see [`critical`]); none: the link stays.
    pub stylesheet: Option<String>,
    /// Where to write the documents Pagefind indexes besides the site's
    /// own HTML (see [`search::redirect_documents`]); none when unset.
    pub search_docs: Option<PathBuf>,
    /// A service worker will be shipped (release builds, not `trunk
    /// serve`; src/styles/worker.mjs writes it after this build): the boot
    /// script registers it once the app is interactive, and each language
    /// gets an offline page (unless `offline: false`, see [`offline`]).
    pub worker: bool,
}

/// A finished build.
#[derive(Debug, Default)]
pub struct Report {
    /// Warnings (the build succeeded).
    pub diagnostics: Diagnostics,
    /// Number of pages.
    pub pages: usize,
    /// Number of old URLs.
    pub redirects: usize,
    /// Number of files written.
    pub files: usize,
}

/// Runs every stage and writes the output; on error nothing is written.
/// Files are written as they are made, on every core, so the output is never
/// all in memory at once.
pub fn run(options: &Options) -> Result<Report, Diagnostics> {
    let mut diags = Diagnostics::default();
    let prepared = prepare(options, &mut diags).ok_or_else(|| diags.clone())?;
    let (pages, redirects) = (prepared.pages, prepared.redirects);
    let count = AtomicUsize::new(0);
    let written = output::Output::begin(&options.out).and_then(|out| {
        prepared.emit(&|file| {
            count.fetch_add(1, Ordering::Relaxed);
            out.write(&file)
        })?;
        out.finish()
    });
    written.map_err(|e| {
        let mut failed = diags.clone();
        failed.push(
            Diagnostic::error(
                &options.out.display().to_string(),
                0,
                0,
                format!("cannot write the output: {e}"),
            )
            .fix("check that the folder is writable and the disk is not full"),
        );
        failed
    })?;
    Ok(Report {
        files: count.into_inner(),
        diagnostics: diags,
        pages,
        redirects,
    })
}

/// Every output file, in memory and sorted by path, or `None` when an error
/// was found.
pub fn generate(
    options: &Options,
    diags: &mut Diagnostics,
) -> Option<(Vec<OutFile>, usize, usize)> {
    let prepared = prepare(options, diags)?;
    let (pages, redirects) = (prepared.pages, prepared.redirects);
    let files = Mutex::new(Vec::new());
    let collected = prepared.emit(&|file| {
        files.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    });
    collected.ok()?;
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Some((files, pages, redirects))
}

/// How messages name the page template (`--shell`, or trunk's `index.html`).
const SHELL_NAME: &str = "index.html (page template)";

/// A site that passed every check, ready to be written.
struct Prepared {
    resolved: site::Resolved,
    config: config::Config,
    shell: Option<String>,
    stylesheet: Option<String>,
    search_docs: Option<PathBuf>,
    worker: bool,
    statics: Vec<OutFile>,
    pages: usize,
    redirects: usize,
}

/// Where made files go: written to disk, or kept in memory.
pub(crate) type Sink<'a> = dyn Fn(OutFile) -> std::io::Result<()> + Sync + 'a;

/// Runs every stage up to the output, or `None` when an error was found.
fn prepare(options: &Options, diags: &mut Diagnostics) -> Option<Prepared> {
    let base = content_name(options);
    if let Some(problem) = options.shell.as_deref().and_then(shell::template_problem) {
        diags.push(Diagnostic::error(SHELL_NAME, 0, 0, problem).fix(
            "build with trunk's `minify = \"never\"` (Trunk.toml) and give trunk's own index.html",
        ));
        return None;
    }
    let mut yaml_warnings = Vec::new();
    let config = config::read_config(&options.content, &base, &mut yaml_warnings)
        .map_err(|e| diags.push(e))
        .ok()?;
    let strings = config::read_strings(&options.content, &base, &config, &mut yaml_warnings)
        .map_err(|e| diags.push(e))
        .ok()?;
    for warning in yaml_warnings {
        diags.push(warning);
    }
    let strings = strings::merged(&strings, &config.codes());
    let found = source::walk(&options.content)
        .map_err(|e| {
            diags.push(
                Diagnostic::error(&base, 0, 0, format!("cannot read the content folder: {e}"))
                    .fix("check that it exists and is readable"),
            )
        })
        .ok()?;
    let liquid = templates::defer(&options.content);
    let policy = std::sync::Arc::new(sanitize::Policy::new(config.iframe_hosts.clone()));
    let (mut pages, statics, warnings) =
        parse_pages(&found, &config.codes(), liquid, &policy, diags);
    unknown_keys(&options.content, &base, liquid, &pages, warnings, diags);
    if liquid != page::Defer::Off && !diags.has_errors() {
        let site = templates::SiteInput {
            content: &options.content,
            base: &base,
            statics: &statics,
            liquid: config.liquid,
        };
        templates::render_pages(site, &mut pages, &policy, diags);
    }
    if diags.has_errors() {
        return None;
    }
    let dates = dates::file_dates(&options.content);
    let mut resolved = site::resolve(&pages, &config, &strings, &dates, diags);
    strings::check(&options.content, &base, &pages, &resolved, &strings, diags);
    let id = offline::build_id(
        &options.content,
        options.shell.as_deref(),
        options.stylesheet.as_deref(),
    );
    offline::stamp(&mut resolved.site, &mut resolved.entries, &id);
    let files = links::site_files(&statics, &options.content);
    links::check(&pages, &resolved, &config, &files, diags);
    if diags.has_errors() {
        return None;
    }
    let statics = statics
        .iter()
        .map(static_file)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| diags.push(e))
        .ok()?;
    let prepared = Prepared {
        pages: pages.len(),
        redirects: resolved.entries.len() - pages.len(),
        resolved,
        config,
        shell: options.shell.clone(),
        stylesheet: options.stylesheet.clone(),
        search_docs: options.search_docs.clone(),
        worker: options.worker,
        statics,
    };
    par::drop_all(pages);
    Some(prepared)
}

impl Prepared {
    /// Makes every output file and hands each to `sink`, page files on
    /// every core.
    fn emit(self, sink: &Sink) -> std::io::Result<()> {
        data_files(&self.resolved, sink)?;
        if let Some(template) = &self.shell {
            let styles = self.stylesheet.as_deref();
            shell::files(
                template,
                styles,
                &self.resolved,
                &self.config,
                self.worker,
                sink,
            )?;
        }
        if let Some(dir) = &self.search_docs {
            for doc in search::redirect_documents(&self.resolved.site, &self.resolved.entries) {
                let path = dir.join(&doc.path);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(path, doc.bytes)?;
            }
        }
        let written = self.statics.into_iter().try_for_each(sink);
        par::drop_all(self.resolved.entries);
        written
    }
}

/// A file of the content folder copied as it is.
fn static_file(file: &source::SourceFile) -> Result<OutFile, Diagnostic> {
    let bytes = std::fs::read(&file.path).map_err(|e| {
        Diagnostic::error(&file.shown, 0, 0, format!("cannot read the file: {e}"))
            .fix("check that it exists and is readable")
    })?;
    Ok(OutFile {
        path: file.rel.clone(),
        bytes,
    })
}

fn content_name(options: &Options) -> String {
    options
        .content
        .file_name()
        .map_or_else(|| "content".into(), |n| n.to_string_lossy().into_owned())
}

/// Reports the warnings of the pages and those of the keys of
/// `_config.yml` the site does not read, but not those of unknown keys the
/// site's Liquid names (`page.forum_category`, `site.forum_url`): the
/// site includes read them.
fn unknown_keys(
    content: &std::path::Path,
    base: &str,
    liquid: page::Defer,
    pages: &[Parsed],
    warnings: Vec<Diagnostic>,
    diags: &mut Diagnostics,
) {
    let used = (liquid != page::Defer::Off).then(|| templates::liquid_words(content, pages));
    let is_used = |key: &str| used.as_ref().is_some_and(|used| used.contains(key));
    for warning in warnings {
        if !meta::unknown_key(&warning).is_some_and(is_used) {
            diags.push(warning);
        }
    }
    for (key, warning) in config::unknown_keys(content, base) {
        if !is_used(&key) {
            diags.push(warning);
        }
    }
}

/// Reads and processes every page file; files without front matter join
/// the static files. Errors go to `diags`; the warnings are returned.
fn parse_pages(
    found: &source::Found,
    langs: &[&str],
    liquid: page::Defer,
    policy: &sanitize::Policy,
    diags: &mut Diagnostics,
) -> (Vec<Parsed>, Vec<source::SourceFile>, Vec<Diagnostic>) {
    let mut pages = Vec::new();
    let mut statics = found.statics.clone();
    let mut pending = Vec::new();
    for (file, (result, warnings)) in
        found
            .pages
            .iter()
            .zip(process_all(&found.pages, langs, liquid, policy))
    {
        pending.extend(warnings);
        match result {
            Ok(Outcome::Page(parsed)) => pages.push(*parsed),
            Ok(Outcome::Static) => statics.push(file.clone()),
            Err(e) => diags.push(e),
        }
    }
    (pages, statics, pending)
}

/// What became of one page file, with its warnings.
type Processed = (Result<Outcome, Diagnostic>, Vec<Diagnostic>);

/// Processes the page files on every core, keeping their order. A file the
/// preprocessor fails on (a bug) is reported, and the others still are
/// processed.
fn process_all(
    files: &[source::SourceFile],
    langs: &[&str],
    liquid: page::Defer,
    policy: &sanitize::Policy,
) -> Vec<Processed> {
    par::map(files, |file| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            process_one(file, langs, liquid, policy)
        }))
        .unwrap_or_else(|_| crashed(file))
    })
}

/// The outcome for a file the preprocessor panicked on.
fn crashed(file: &source::SourceFile) -> Processed {
    let error = Diagnostic::error(&file.shown, 0, 0, "the preprocessor failed on this file")
        .fix("report this with the file attached; meanwhile try removing the file");
    (Err(error), Vec::new())
}

fn process_one(
    file: &source::SourceFile,
    langs: &[&str],
    liquid: page::Defer,
    policy: &sanitize::Policy,
) -> Processed {
    let mut warnings = Vec::new();
    let result = std::fs::read(&file.path)
        .map_err(|e| {
            Diagnostic::error(&file.shown, 0, 0, format!("cannot read the file: {e}"))
                .fix("check its permissions")
        })
        .and_then(|bytes| {
            page::process_with(
                &file.shown,
                &file.rel,
                &bytes,
                langs,
                liquid,
                policy,
                &mut warnings,
            )
        });
    (result, warnings)
}

/// The site file, one file per entry and the index shards.
fn data_files(resolved: &site::Resolved, sink: &Sink) -> std::io::Result<()> {
    sink(OutFile {
        path: crate::route::SITE_FILE.trim_start_matches('/').to_string(),
        bytes: serde_json::to_vec(&resolved.site).unwrap_or_default(),
    })?;
    let bits = resolved.site.shard_bits;
    let mut shards: Vec<Vec<String>> = vec![Vec::new(); 1 << bits];
    for key in resolved.entries.keys() {
        let hash = crate::route::hash(key);
        shards[crate::route::shard_of(hash, bits) as usize].push(format!("{hash:016x}"));
    }
    let entries: Vec<_> = resolved.entries.iter().collect();
    par::try_each(&entries, |(key, entry)| {
        sink(OutFile {
            path: crate::route::entry_file(key)
                .trim_start_matches('/')
                .to_string(),
            bytes: serde_json::to_vec(entry).unwrap_or_default(),
        })
    })?;
    shards.iter().enumerate().try_for_each(|(index, shard)| {
        sink(OutFile {
            path: format!("data/s/{index:x}.json"),
            bytes: serde_json::to_vec(shard).unwrap_or_default(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::{Options, run};
    use std::path::{Path, PathBuf};

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("tdt-run-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn options(content: &str, out: &Path) -> Options {
        Options {
            content: Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../..")
                .join(content),
            out: out.to_path_buf(),
            shell: Some("<html><head><title>t</title></head><body></body></html>".into()),
            stylesheet: None,
            search_docs: None,
            worker: false,
        }
    }

    #[test]
    fn a_build_writes_data_and_html_and_replaces_the_previous_one() {
        let out = scratch("ok");
        std::fs::create_dir_all(out.join("data/p")).unwrap();
        std::fs::write(out.join("data/p/stale.json"), "{}").unwrap();
        let report = run(&options("content", &out)).unwrap();
        assert_eq!(report.pages, 12);
        assert!(out.join("data/site.json").is_file());
        assert!(out.join("it/projects/cittadinanza-digitale.htm").is_file());
        assert!(
            !out.join("data/p/stale.json").exists(),
            "the old data folder is gone"
        );
        assert!(!out.join(".data.new").exists() && !out.join(".data.old").exists());
        let again = run(&options("content", &out)).unwrap();
        assert_eq!(again.files, report.files);
        std::fs::remove_dir_all(&out).unwrap();
    }

    #[test]
    fn every_language_gets_a_manifest_and_with_a_worker_an_offline_page() {
        let out = scratch("offline");
        let loader = "<html><head><title>t</title><script type=\"module\">await init();</script></head><body></body></html>";
        let mut opts = options("content", &out);
        opts.shell = Some(loader.into());
        run(&opts).unwrap();
        let boot = |out: &Path| {
            let name = std::fs::read_dir(out)
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .find(|n| n.starts_with("boot-"))
                .unwrap();
            std::fs::read_to_string(out.join(name)).unwrap()
        };
        let plain = boot(&out);
        assert!(
            plain.contains("getRegistrations()") && !plain.contains("register('/sw.js')"),
            "without a worker, one left by an earlier build goes: {plain}"
        );
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("manifest-en.webmanifest")).unwrap())
                .unwrap();
        assert_eq!(manifest["lang"], "en");
        assert_eq!(manifest["start_url"], "/en/");
        assert_eq!(manifest["name"], "Digital Transformation Team");
        assert_eq!(manifest["theme_color"], "#0066cc");
        let purposes: Vec<&str> = manifest["icons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["purpose"].as_str().unwrap())
            .collect();
        assert_eq!(purposes, ["any", "any", "maskable", "maskable"]);
        let page = std::fs::read_to_string(out.join("en/join-us.html")).unwrap();
        assert!(page.contains("<link rel=\"manifest\" href=\"/manifest-en.webmanifest\">"));
        assert!(
            !out.join("offline-it.html").exists(),
            "no worker, no offline page"
        );
        opts.worker = true;
        std::fs::remove_dir_all(&out).unwrap();
        run(&opts).unwrap();
        assert!(boot(&out).contains("register('/sw.js')"));
        let offline = std::fs::read_to_string(out.join("offline-it.html")).unwrap();
        assert!(offline.contains("<h1>Sei offline</h1>"), "{offline}");
        assert!(out.join("offline-en.html").is_file());
        let site = std::fs::read_to_string(out.join("data/site.json")).unwrap();
        assert!(
            site.starts_with("{\"build\":\""),
            "the id comes first: {site}"
        );
        std::fs::remove_dir_all(&out).unwrap();
    }

    #[test]
    fn a_build_with_errors_writes_nothing() {
        let out = scratch("bad");
        std::fs::write(out.join("kept.txt"), "x").unwrap();
        let failed = run(&options(
            "tests/fixtures/bad/duplicate_permalink/content",
            &out,
        ));
        assert!(failed.unwrap_err().has_errors());
        let left: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["kept.txt"]);
        std::fs::remove_dir_all(&out).unwrap();
    }

    #[test]
    fn a_minified_template_is_refused_and_nothing_is_written() {
        let out = scratch("minified");
        let mut opts = options("content", &out);
        opts.shell = Some(
            "<!doctype html><html lang=it><title>t</title><script type=module>import init from '/a.js';</script></head><body></body></html>".into(),
        );
        let errors = run(&opts).unwrap_err();
        let shown: Vec<String> = errors.sorted().iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "index.html (page template): error: the page template is minified (trunk's `minify` setting)\n  fix: build with trunk's `minify = \"never\"` (Trunk.toml) and give trunk's own index.html"
            ]
        );
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
        std::fs::remove_dir_all(&out).unwrap();
    }

    #[test]
    fn a_static_file_that_cannot_be_read_is_reported() {
        let file = super::source::SourceFile {
            rel: "img/gone.png".into(),
            shown: "content/img/gone.png".into(),
            path: std::path::PathBuf::from("/nonexistent/tdt/img/gone.png"),
        };
        let error = super::static_file(&file).unwrap_err().to_string();
        assert_eq!(
            error,
            "content/img/gone.png: error: cannot read the file: No such file or directory (os error 2)\n  fix: check that it exists and is readable"
        );
    }
}
