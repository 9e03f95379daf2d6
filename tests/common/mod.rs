//! Helpers shared by the content fixture tests (`tests/fixtures.rs` and
//! `tests/bad_content.rs`): scratch copies of fixture folders, a build that
//! cannot take the test down with it, and expected-file comparison that
//! rewrites the expected file instead when `UPDATE_FIXTURES=1` is set.
//!
//! A fixture's `content/` may leave out `_config.yml` and
//! `_data/strings.yml`: the scratch copy then gets the real ones from the
//! crate's own `content/`, so fixtures follow new interface strings.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use tdt_preprocess::diag::Diagnostics;
use tdt_preprocess::output::OutFile;
use tdt_preprocess::{Options, generate};

/// The files a fixture may borrow from the real content folder.
pub const BORROWED: &[&str] = &["_config.yml", "_data/strings.yml"];

/// Stack of the thread a build runs on: the size of a main thread, as the
/// CLI has, not the smaller stack of a test thread.
pub const BUILD_STACK: usize = 8 * 1024 * 1024;

/// The crate's real content folder.
pub fn real_content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// `tests/fixtures/{kind}`.
pub fn fixtures(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind)
}

/// Whether expected files are to be rewritten rather than compared.
pub fn updating() -> bool {
    std::env::var_os("UPDATE_FIXTURES").is_some_and(|v| v == "1")
}

/// The case folders below `dir`, sorted.
pub fn case_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A temporary folder, removed when dropped.
pub struct Scratch {
    root: PathBuf,
}

impl Scratch {
    /// A new empty folder under the system's temporary folder.
    pub fn new(label: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let root =
            std::env::temp_dir().join(format!("tdt-fixture-{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("create scratch folder");
        Self { root }
    }

    /// The scratch folder itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `content/` inside it: messages then name files `content/…`.
    pub fn content(&self) -> PathBuf {
        self.root.join("content")
    }

    /// `out/` inside it.
    pub fn out(&self) -> PathBuf {
        self.root.join("out")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// A fixture's content, copied to a scratch folder and completed.
pub struct Prepared {
    /// The scratch folder holding `content/`.
    pub scratch: Scratch,
    /// Whether `_data/strings.yml` came from the real content folder.
    pub borrowed_strings: bool,
}

impl Prepared {
    /// The prepared content folder.
    pub fn content(&self) -> PathBuf {
        self.scratch.content()
    }
}

/// Copies `fixture_content` to a scratch `content/` and adds the borrowed
/// files it lacks.
pub fn prepare(fixture_content: &Path, label: &str) -> Prepared {
    let scratch = Scratch::new(label);
    copy_dir(fixture_content, &scratch.content());
    let mut borrowed_strings = false;
    for name in BORROWED {
        let target = scratch.content().join(name);
        if !target.exists() {
            copy_file(&real_content().join(name), &target);
            borrowed_strings |= *name == "_data/strings.yml";
        }
    }
    Prepared {
        scratch,
        borrowed_strings,
    }
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    let entries =
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("cannot read {}: {e}", from.display()));
    for entry in entries.map(|e| e.expect("folder entry")) {
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            copy_file(&entry.path(), &target);
        }
    }
}

fn copy_file(from: &Path, to: &Path) {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::copy(from, to).unwrap_or_else(|e| panic!("cannot copy {}: {e}", from.display()));
}

/// What a build gave.
pub struct Built {
    /// The output files, `None` when the build failed.
    pub files: Option<Vec<OutFile>>,
    /// Everything reported.
    pub diags: Diagnostics,
}

/// Builds `content` in memory on a thread of its own; a panic becomes `Err`
/// with its message.
pub fn build(content: &Path) -> Result<Built, String> {
    let options = Options {
        content: content.to_path_buf(),
        out: content.with_file_name("unused-out"),
        shell: None,
        stylesheet: None,
        search_docs: None,
        worker: false,
    };
    on_build_stack(move || {
        let mut diags = Diagnostics::default();
        let files = generate(&options, &mut diags).map(|(files, _, _)| files);
        Built { files, diags }
    })
}

/// Runs `work` on a thread with the stack of a main thread ([`BUILD_STACK`]);
/// a panic becomes `Err` with its message.
pub fn on_build_stack<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    std::thread::Builder::new()
        .stack_size(BUILD_STACK)
        .spawn(work)
        .expect("spawn build thread")
        .join()
        .map_err(|payload| panic_message(&*payload))
}

/// The text of a panic payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
}

/// Diagnostics as the CLI prints them (sorted), one block each, blocks
/// separated by an empty line, then `ok` or the count of errors.
pub fn outcome_text(built: &Built) -> String {
    let mut text = String::new();
    for diagnostic in built.diags.sorted() {
        text.push_str(&format!("{diagnostic}\n\n"));
    }
    match built.files {
        Some(_) => text.push_str("ok\n"),
        None => {
            let errors = built.diags.items.iter().filter(|d| d.is_error()).count();
            text.push_str(&format!("failed with {errors} error(s)\n"));
        }
    }
    text
}

/// Compares `actual` with the expected file, or writes it when updating.
/// Returns a description of the difference.
pub fn check_expected(path: &Path, actual: &str) -> Result<(), String> {
    if updating() {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create expected folder");
        }
        std::fs::write(path, actual).expect("write expected file");
        return Ok(());
    }
    let expected = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read {}: {e} (run with UPDATE_FIXTURES=1 to create it)",
            path.display()
        )
    })?;
    if expected == actual {
        return Ok(());
    }
    Err(format!(
        "{} differs:\n{}",
        path.display(),
        first_difference(&expected, actual)
    ))
}

/// The first differing line of two texts, with a little context.
pub fn first_difference(expected: &str, actual: &str) -> String {
    let expected_lines: Vec<&str> = expected.lines().collect();
    let actual_lines: Vec<&str> = actual.lines().collect();
    let at = expected_lines
        .iter()
        .zip(&actual_lines)
        .position(|(e, a)| e != a)
        .unwrap_or(expected_lines.len().min(actual_lines.len()));
    let window = |lines: &[&str]| -> String {
        let from = at.saturating_sub(2);
        let to = (at + 3).min(lines.len());
        lines[from..to]
            .iter()
            .enumerate()
            .map(|(i, l)| format!("  {:>5} | {l}\n", from + i + 1))
            .collect()
    };
    format!(
        "first difference at line {}\n expected:\n{} actual:\n{}",
        at + 1,
        window(&expected_lines),
        window(&actual_lines)
    )
}

/// Every file below `dir`: relative path → bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    snapshot_into(dir, "", &mut files);
    files
}

fn snapshot_into(dir: &Path, prefix: &str, files: &mut BTreeMap<String, Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.map(|e| e.expect("folder entry")) {
        let rel = format!("{prefix}{}", entry.file_name().to_string_lossy());
        if entry.file_type().expect("file type").is_dir() {
            snapshot_into(&entry.path(), &format!("{rel}/"), files);
        } else {
            files.insert(rel, std::fs::read(entry.path()).expect("read output"));
        }
    }
}
