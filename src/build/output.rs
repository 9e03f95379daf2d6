//! Stage 7, write output: every file is produced in memory first, so a
//! failed build writes nothing; then the data folder is swapped in whole and
//! every other file is written under a temporary name and renamed.

use std::io;
use std::path::{Path, PathBuf};

/// A file to write, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    /// Relative path with `/` separators.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// Writes `files` below `out`. Files under `data/` replace the previous
/// `data/` folder in one rename; other files are replaced one by one.
pub fn write_all(out: &Path, files: &[OutFile]) -> io::Result<()> {
    std::fs::create_dir_all(out)?;
    let staging = out.join(".data.new");
    remove_dir_if_present(&staging)?;
    for file in files {
        let target = match file.path.strip_prefix("data/") {
            Some(rest) => staging.join(rest),
            None => continue,
        };
        write_file(&target, &file.bytes)?;
    }
    for file in files.iter().filter(|f| !f.path.starts_with("data/")) {
        let target = out.join(&file.path);
        let temporary = with_suffix(&target, ".tdt-tmp");
        write_file(&temporary, &file.bytes)?;
        std::fs::rename(&temporary, &target)?;
    }
    let data = out.join("data");
    let old = out.join(".data.old");
    remove_dir_if_present(&old)?;
    if data.exists() {
        std::fs::rename(&data, &old)?;
    }
    std::fs::rename(&staging, &data)?;
    remove_dir_if_present(&old)
}

fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, bytes)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

fn remove_dir_if_present(path: &Path) -> io::Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_folder_is_replaced_whole() {
        let dir = std::env::temp_dir().join(format!("tdt-out-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let file = |path: &str, text: &str| OutFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        };
        write_all(&dir, &[file("data/a.json", "1"), file("x/index.html", "h")]).unwrap();
        write_all(&dir, &[file("data/b.json", "2")]).unwrap();
        assert!(!dir.join("data/a.json").exists());
        assert_eq!(
            std::fs::read_to_string(dir.join("data/b.json")).unwrap(),
            "2"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("x/index.html")).unwrap(),
            "h"
        );
        assert!(!dir.join(".data.new").exists() && !dir.join(".data.old").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
