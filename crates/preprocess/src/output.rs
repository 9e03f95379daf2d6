//! Stage 7, write output: only a site that passed every check is written,
//! so a failed build writes nothing. Files are written as they are made;
//! the data folder is swapped in whole at the end, and every other file is
//! created directly when new, else written under a temporary name and
//! renamed.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A file to write, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    /// Relative path with `/` separators.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// An output folder being written. Files under `data/` go to a staging
/// folder that replaces the previous `data/` in one rename at
/// [`finish`](Output::finish); other files are replaced one by one.
/// [`write`](Output::write) may be called from several threads at once.
pub struct Output {
    out: PathBuf,
    staging: PathBuf,
    /// Folders known to exist.
    folders: Mutex<HashSet<PathBuf>>,
}

impl Output {
    /// Starts writing into `out` (created if missing).
    pub fn begin(out: &Path) -> io::Result<Self> {
        std::fs::create_dir_all(out)?;
        let staging = out.join(".data.new");
        remove_dir_if_present(&staging)?;
        std::fs::create_dir(&staging)?;
        Ok(Self {
            out: out.to_path_buf(),
            folders: Mutex::new(HashSet::from([out.to_path_buf(), staging.clone()])),
            staging,
        })
    }

    /// Writes one file.
    pub fn write(&self, file: &OutFile) -> io::Result<()> {
        match file.path.strip_prefix("data/") {
            Some(rest) => {
                let path = self.staging.join(rest);
                self.make_folder(&path)?;
                std::fs::write(path, &file.bytes)
            }
            None => {
                let target = self.out.join(&file.path);
                self.make_folder(&target)?;
                replace_file(&with_suffix(&target, ".tdt-tmp"), &target, &file.bytes)
            }
        }
    }

    /// Puts the new `data/` folder in place of the old one.
    pub fn finish(self) -> io::Result<()> {
        let data = self.out.join("data");
        let old = self.out.join(".data.old");
        remove_dir_if_present(&old)?;
        if data.exists() {
            std::fs::rename(&data, &old)?;
        }
        std::fs::rename(&self.staging, &data)?;
        remove_dir_if_present(&old)
    }

    /// Creates the folder of `path` unless it is known to exist.
    fn make_folder(&self, path: &Path) -> io::Result<()> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        let folders = || self.folders.lock().unwrap_or_else(|e| e.into_inner());
        if !folders().contains(parent) {
            std::fs::create_dir_all(parent)?;
            folders().insert(parent.to_path_buf());
        }
        Ok(())
    }
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
        let write_all = |files: &[OutFile]| {
            let output = Output::begin(&dir)?;
            files.iter().try_for_each(|f| output.write(f))?;
            output.finish()
        };
        write_all(&[file("data/a.json", "1"), file("x/index.html", "h")]).unwrap();
        write_all(&[file("data/b.json", "2"), file("x/index.html", "h2")]).unwrap();
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
