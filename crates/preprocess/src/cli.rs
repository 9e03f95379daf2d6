//! Command line of the preprocessor: arguments, messages, exit code.

use super::{Options, run};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str =
    "usage: tdt-build [--content DIR] [--out DIR] [--shell FILE] [--search-docs DIR] [--precompress] [--messages-json FILE] [--worker] [--quiet]
  --content DIR  the content folder (default: content)
  --out DIR      where to write (default: $TRUNK_STAGING_DIR, else dist)
  --shell FILE   the app's built index.html, template of every page's HTML
                 (default: index.html in the output folder when run by trunk)
  --search-docs DIR  also write there, outside the site, the documents the
                 search index is built from besides the site's HTML (pages
                 with `redirect_to`; src/styles/postbuild.mjs gives one)
  --precompress  also write .gz and .br copies of the app's files and the
                 site file (default in trunk's release builds)
  --messages-json FILE  also write every error and warning there as JSON
                 (file, line, column, message, fix, and the text as printed),
                 for the error overlay of the development server (.ci/serve)
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
    let mut messages_json = None;
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
            "--messages-json" => messages_json = value(),
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
    let result = run(&Options {
        content,
        out: out.clone(),
        shell,
        stylesheet,
        search_docs,
        worker,
    });
    if let Some(file) = &messages_json {
        let diagnostics = match &result {
            Ok(report) => &report.diagnostics,
            Err(diags) => diags,
        };
        if let Err(e) = std::fs::write(file, super::diag::to_json(&diagnostics.sorted())) {
            eprintln!("error: cannot write {}: {e}", file.display());
            return ExitCode::FAILURE;
        }
    }
    match result {
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

#[cfg(test)]
mod tests {
    use super::main;
    use std::path::Path;

    /// A scratch content folder: the site's `_config.yml` and strings, and
    /// one page `it/a.md` with `page` as its text.
    fn scratch(name: &str, page: &str) -> std::path::PathBuf {
        let root = std::env::temp_dir().join(format!("tdt-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
        let content = root.join("content");
        std::fs::create_dir_all(content.join("_data")).unwrap();
        std::fs::create_dir_all(content.join("it")).unwrap();
        for file in ["_config.yml", "_data/strings.yml"] {
            std::fs::copy(site.join(file), content.join(file)).unwrap();
        }
        std::fs::write(content.join("it/a.md"), page).unwrap();
        root
    }

    fn run_with_json(root: &Path) -> (std::process::ExitCode, serde_json::Value) {
        let json = root.join("messages.json");
        let args = [
            "--content",
            "content",
            "--out",
            "out",
            "--messages-json",
            "messages.json",
            "--quiet",
        ];
        let args = args
            .iter()
            .map(|a| match *a {
                "content" | "out" | "messages.json" => root.join(a).display().to_string(),
                a => a.to_string(),
            })
            .collect();
        let code = main(args);
        let text = std::fs::read_to_string(json).unwrap();
        (code, serde_json::from_str(&text).unwrap())
    }

    #[test]
    fn messages_json_lists_the_errors_of_a_failed_build() {
        let root = scratch("bad", "---\ntitle: A\nlang: it\n");
        let (code, json) = run_with_json(&root);
        assert_eq!(code, std::process::ExitCode::FAILURE);
        // Named from the content folder's parent, as the terminal names it.
        let file = "content/it/a.md";
        assert_eq!(
            json,
            serde_json::json!([{
                "severity": "error", "file": file, "line": 1, "column": 1,
                "message": "the front matter opened on line 1 is never closed",
                "fix": "add a line with just `---` after the last front matter key",
                "text": format!("{file}:1:1: error: the front matter opened on line 1 is never closed\n  fix: add a line with just `---` after the last front matter key"),
            }])
        );
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn messages_json_is_empty_after_a_clean_build() {
        let root = scratch("good", "---\ntitle: A\nlang: it\n---\nText.\n");
        let (code, json) = run_with_json(&root);
        assert_eq!(code, std::process::ExitCode::SUCCESS);
        assert_eq!(json, serde_json::json!([]));
        std::fs::remove_dir_all(root).unwrap();
    }
}
