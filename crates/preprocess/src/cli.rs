//! Command line of the preprocessor: arguments, messages, exit code.

use super::{Options, run};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str =
    "usage: tdt-build [--content DIR] [--out DIR] [--shell FILE] [--search-docs DIR] [--precompress] [--worker] [--quiet]
  --content DIR  the content folder (default: content)
  --out DIR      where to write (default: $TRUNK_STAGING_DIR, else dist)
  --shell FILE   the app's built index.html, template of every page's HTML
                 (default: index.html in the output folder when run by trunk)
  --search-docs DIR  also write there, outside the site, the documents the
                 search index is built from besides the site's HTML (pages
                 with `redirect_to`; src/styles/postbuild.mjs gives one)
  --precompress  also write .gz and .br copies of the app's files and the
                 site file (default in trunk's release builds)
  --worker       a service worker is shipped (src/styles/worker.mjs writes it):
                 the boot script registers it, and each language gets an
                 offline page (given by src/styles/postbuild.mjs in release
                 builds, never under `trunk serve`)
  --quiet        print errors only";

/// Runs the preprocessor with `args`; messages go to stderr.
pub fn main(args: Vec<String>) -> ExitCode {
    let staging = std::env::var_os("TRUNK_STAGING_DIR").map(PathBuf::from);
    let mut content = PathBuf::from("content");
    let mut out = staging.clone().unwrap_or_else(|| PathBuf::from("dist"));
    let mut shell = staging.as_ref().map(|s| s.join("index.html"));
    let mut quiet = false;
    let mut search_docs = None;
    let mut worker = false;
    let mut precompress = std::env::var("TRUNK_PROFILE").is_ok_and(|p| p == "release");
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().map(PathBuf::from);
        match arg.as_str() {
            "--content" => content = value().unwrap_or(content),
            "--out" => out = value().unwrap_or(out),
            "--shell" => shell = value(),
            "--search-docs" => search_docs = value(),
            "--quiet" => quiet = true,
            "--precompress" => precompress = true,
            "--worker" => worker = true,
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let shell_path = shell.clone();
    let shell = match shell.map(std::fs::read_to_string).transpose() {
        Ok(shell) => shell,
        Err(e) => {
            eprintln!("error: cannot read the shell index.html: {e}");
            return ExitCode::FAILURE;
        }
    };
    let stylesheet = shell_path
        .as_deref()
        .zip(shell.as_deref())
        .and_then(|(path, html)| read_stylesheet(path, html));
    let started = Instant::now();
    match run(&Options {
        content,
        out: out.clone(),
        shell,
        stylesheet,
        search_docs,
        worker,
    }) {
        Ok(report) => {
            if precompress && let Err(e) = super::compress::precompress(&out) {
                eprintln!(
                    "error: cannot write the compressed copies in {}: {e}",
                    out.display()
                );
                return ExitCode::FAILURE;
            }
            for d in report.diagnostics.sorted().into_iter().filter(|_| !quiet) {
                eprintln!("{d}");
            }
            if !quiet {
                eprintln!(
                    "tdt-build: {} pages, {} old URLs, {} files in {} ({} ms)",
                    report.pages,
                    report.redirects,
                    report.files,
                    out.display(),
                    started.elapsed().as_millis()
                );
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            let sorted = diags.sorted();
            for d in &sorted {
                eprintln!("{d}");
            }
            let errors = sorted.iter().filter(|d| d.is_error()).count();
            eprintln!("tdt-build: failed with {errors} error(s); nothing was written");
            ExitCode::FAILURE
        }
    }
}

/// The text of the stylesheet the template `html` (the file `path`) links,
/// from beside it; a note when it links one that is not there (the pages
/// then keep the link and inline nothing).
fn read_stylesheet(path: &std::path::Path, html: &str) -> Option<String> {
    let href = super::shell::stylesheet_href(html)?;
    let file = path.parent()?.join(href.trim_start_matches('/'));
    match std::fs::read_to_string(&file) {
        Ok(css) => Some(css),
        Err(e) => {
            eprintln!(
                "note: the page template links {href}, but {} cannot be read ({e}): pages keep the link and inline none of its rules",
                file.display()
            );
            None
        }
    }
}
