//! Precompressed copies of the app's own files, for hosts that serve them
//! as they are (nginx `gzip_static`/`brotli_static`, most CDNs): next to each
//! `.wasm`, `.js` and `.css` file at the top of the output folder, and next
//! to `data/site.json`, a `NAME.gz` (gzip -9) and a `NAME.br` (brotli -q 11).
//! Page HTML and page JSON are left to the host: there are thousands of
//! them, and the few files here are what every first visit downloads.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The endings of the files compressed at the top of the output folder.
const ENDINGS: &[&str] = &[".wasm", ".js", ".css"];

/// Writes the `.gz` and `.br` of every file [`candidates`] finds in `out`;
/// returns how many files were compressed.
pub fn precompress(out: &Path) -> io::Result<usize> {
    let files = candidates(out)?;
    super::par::try_each(&files, |file| {
        let bytes = std::fs::read(file)?;
        std::fs::write(with_suffix(file, ".gz"), gzip(&bytes)?)?;
        std::fs::write(with_suffix(file, ".br"), brotli(&bytes)?)
    })?;
    Ok(files.len())
}

/// The files to compress: the app's at the top of `out`, and the site file.
pub fn candidates(out: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(out)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_file() && ENDINGS.iter().any(|e| name.ends_with(e)) {
            files.push(path);
        }
    }
    let site = out.join("data").join("site.json");
    if site.is_file() {
        files.push(site);
    }
    files.sort();
    Ok(files)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// `bytes` in gzip at the highest level.
pub fn gzip(bytes: &[u8]) -> io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    encoder.finish()
}

/// `bytes` in brotli at the highest quality and window.
pub fn brotli(bytes: &[u8]) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        writer.write_all(bytes)?;
        writer.flush()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn both_encodings_give_back_the_bytes() {
        let text = "Team per la Trasformazione Digitale ".repeat(200);
        let mut gunzipped = String::new();
        flate2::read::GzDecoder::new(&gzip(text.as_bytes()).unwrap()[..])
            .read_to_string(&mut gunzipped)
            .unwrap();
        assert_eq!(gunzipped, text);
        let mut unbrotlied = String::new();
        brotli::Decompressor::new(&brotli(text.as_bytes()).unwrap()[..], 4096)
            .read_to_string(&mut unbrotlied)
            .unwrap();
        assert_eq!(unbrotlied, text);
    }

    #[test]
    fn only_the_app_files_and_the_site_file_are_compressed() {
        let dir = std::env::temp_dir().join(format!("tdt-compress-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("data/p")).unwrap();
        for name in [
            "app_bg.wasm",
            "app.js",
            "site.css",
            "index.html",
            "favicon.svg",
            "data/site.json",
            "data/p/1.json",
        ] {
            std::fs::write(dir.join(name), "x".repeat(100)).unwrap();
        }
        assert_eq!(precompress(&dir).unwrap(), 4);
        let mut made: Vec<String> = candidates(&dir)
            .unwrap()
            .iter()
            .map(|p| p.strip_prefix(&dir).unwrap().display().to_string())
            .collect();
        made.sort();
        assert_eq!(
            made,
            ["app.js", "app_bg.wasm", "data/site.json", "site.css"]
        );
        for name in [
            "app.js.gz",
            "app.js.br",
            "data/site.json.br",
            "app_bg.wasm.gz",
        ] {
            assert!(dir.join(name).is_file(), "{name}");
        }
        assert!(!dir.join("index.html.gz").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
