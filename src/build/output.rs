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
/// Folders are made first, then the files are written on every core.
pub fn write_all(out: &Path, files: &[OutFile]) -> io::Result<()> {
    std::fs::create_dir_all(out)?;
    let staging = out.join(".data.new");
    remove_dir_if_present(&staging)?;
    let targets: Vec<(PathBuf, Option<PathBuf>, &[u8])> = files
        .iter()
        .map(|file| match file.path.strip_prefix("data/") {
            Some(rest) => (staging.join(rest), None, &file.bytes[..]),
            None => {
                let target = out.join(&file.path);
                (
                    with_suffix(&target, ".tdt-tmp"),
                    Some(target),
                    &file.bytes[..],
                )
            }
        })
        .collect();
    make_folders(targets.iter().map(|(path, _, _)| path.as_path()))?;
    let written = super::par::map(&targets, |(path, replace, bytes)| match replace {
        Some(target) => replace_file(path, target, bytes),
        None => std::fs::write(path, bytes),
    });
    written.into_iter().collect::<io::Result<()>>()?;
    let data = out.join("data");
    let old = out.join(".data.old");
    remove_dir_if_present(&old)?;
    if data.exists() {
        std::fs::rename(&data, &old)?;
    }
    std::fs::rename(&staging, &data)?;
    remove_dir_if_present(&old)
}

/// Writes `target`: directly when it is new (the usual case in trunk's
/// staging folder), else through `temporary` and a rename, so a reader
/// never sees half a file.
fn replace_file(temporary: &Path, target: &Path, bytes: &[u8]) -> io::Result<()> {
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(target);
    match created {
        Ok(mut file) => io::Write::write_all(&mut file, bytes),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            std::fs::write(temporary, bytes)?;
            std::fs::rename(temporary, target)
        }
        Err(e) => Err(e),
    }
}

/// Creates the parent folder of every path, each once.
fn make_folders<'a>(paths: impl Iterator<Item = &'a Path>) -> io::Result<()> {
    let mut parents: Vec<&Path> = paths.filter_map(Path::parent).collect();
    parents.sort_unstable();
    parents.dedup();
    parents.into_iter().try_for_each(std::fs::create_dir_all)
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
        write_all(
            &dir,
            &[file("data/b.json", "2"), file("x/index.html", "h2")],
        )
        .unwrap();
        assert!(!dir.join("data/a.json").exists());
        assert_eq!(
            std::fs::read_to_string(dir.join("data/b.json")).unwrap(),
            "2"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("x/index.html")).unwrap(),
            "h2"
        );
        assert!(!dir.join("x/index.html.tdt-tmp").exists());
        assert!(!dir.join(".data.new").exists() && !dir.join(".data.old").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
