//! The HTML written for every URL (filled in by the static-host work).

use super::config::Config;
use super::diag::Diagnostic;
use super::output::OutFile;
use super::page::Parsed;
use super::site::Resolved;

/// HTML files for every permalink and old URL, from trunk's `index.html`.
pub fn files(
    _template: &str,
    _resolved: &Resolved,
    _config: &Config,
    _pages: &[Parsed],
) -> Result<Vec<OutFile>, Diagnostic> {
    Ok(Vec::new())
}
