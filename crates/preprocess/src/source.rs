//! Stage 1, read files: walk the content folder, decode each file as UTF-8
//! (a byte-order mark is dropped and CRLF becomes LF) and sort it into pages,
//! data files and static files copied as they are.

use super::diag::{Diagnostic, line_col};
use std::path::{Path, PathBuf};

/// Largest page file accepted, in bytes.
pub const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;

/// A file of the content folder.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the content folder, with `/` separators.
    pub rel: String,
    /// Path as shown in messages (`content/it/x.md`).
    pub shown: String,
    /// Full path on disk.
    pub path: PathBuf,
}

/// What the walk found.
#[derive(Debug, Default)]
pub struct Found {
    /// `.md`, `.markdown` and `.html` files: pages if they have front matter.
    pub pages: Vec<SourceFile>,
    /// Everything else outside `_` folders: copied as it is.
    pub statics: Vec<SourceFile>,
}

/// Lists the files below `root`, sorted, skipping `_*` and `.*` entries.
pub fn walk(root: &Path) -> std::io::Result<Found> {
    let mut found = Found::default();
    let base = root
        .file_name()
        .map_or_else(|| "content".into(), |n| n.to_string_lossy().into_owned());
    walk_dir(root, "", &base, &mut found)?;
    found.pages.sort_by(|a, b| a.rel.cmp(&b.rel));
    found.statics.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(found)
}

fn walk_dir(dir: &Path, prefix: &str, base: &str, found: &mut Found) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(['_', '.']) {
            continue;
        }
        let rel = format!("{prefix}{name}");
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk_dir(&entry.path(), &format!("{rel}/"), base, found)?;
        } else if kind.is_file() {
            let file = SourceFile {
                shown: format!("{base}/{rel}"),
                rel,
                path: entry.path(),
            };
            if is_page_name(&name) {
                found.pages.push(file);
            } else {
                found.statics.push(file);
            }
        }
    }
    Ok(())
}

/// Whether a file name is one that can hold a page.
pub fn is_page_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".md", ".markdown", ".html", ".htm"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// Decodes a file's bytes: UTF-8 only, BOM dropped, line endings made LF.
pub fn decode(shown: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    if bytes.len() > MAX_PAGE_BYTES {
        return Err(Diagnostic::error(
            shown,
            0,
            0,
            format!(
                "the file is {:.1} MB; a page may be at most {} MB",
                bytes.len() as f64 / 1_048_576.0,
                MAX_PAGE_BYTES / 1_048_576
            ),
        )
        .fix("split the page into several pages, or move large data out of it"));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        let (line, column) = line_col(valid, valid.len());
        Diagnostic::error(shown, line, column, "the file is not valid UTF-8")
            .fix("save the file with UTF-8 encoding (most editors offer it in \"Save as\")")
    })?;
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_table() {
        let cases: &[(&[u8], Result<&str, &str>)] = &[
            (b"abc", Ok("abc")),
            (b"\xEF\xBB\xBFabc", Ok("abc")),
            (b"a\r\nb\r\n", Ok("a\nb\n")),
            (b"a\rb", Ok("a\nb")),
            (
                b"ok\nx\xFFy",
                Err(
                    "c.md:2:2: error: the file is not valid UTF-8\n  fix: save the file with UTF-8 encoding (most editors offer it in \"Save as\")",
                ),
            ),
        ];
        for (bytes, expected) in cases {
            let got = decode("c.md", bytes).map_err(|d| d.to_string());
            assert_eq!(got.as_deref().map_err(String::as_str), *expected);
        }
    }

    #[test]
    fn oversized_pages_are_refused() {
        let big = vec![b'a'; MAX_PAGE_BYTES + 1];
        let err = decode("big.md", &big).unwrap_err().to_string();
        assert_eq!(
            err,
            "big.md: error: the file is 4.0 MB; a page may be at most 4 MB\n  fix: split the page into several pages, or move large data out of it"
        );
    }

    #[test]
    fn page_names() {
        assert!(is_page_name("a.md") && is_page_name("B.HTML") && is_page_name("c.htm"));
        assert!(!is_page_name("a.jpg") && !is_page_name("md"));
    }
}
