//! The site configuration (`_config.yml`) and the interface strings
//! (`_data/strings.yml`), both read from the content folder.

use super::diag::Diagnostic;
use super::meta::Text;
use super::yaml;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// `_config.yml`. Other keys are kept for site includes (`site.KEY`); see
/// [`unknown_keys`].
#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    /// Public origin of the site, used for canonical links and the sitemap.
    pub url: String,
    /// The languages; the first is the default.
    pub languages: Vec<LanguageConfig>,
    /// What a broken link in content is (`links: warning`, the default, or
    /// `links: error`).
    #[serde(default)]
    pub links: LinkSeverity,
    /// The hosts whose https pages content and site includes may show in
    /// an iframe (`iframe_hosts:`, e.g. `www.youtube-nocookie.com`), read
    /// lower-cased and without `https://`; absent, any https page may be
    /// shown. The job forms (`jazz_url`) are always shown.
    #[serde(default)]
    pub iframe_hosts: Option<Vec<String>>,
    /// How strict site includes' Liquid is (`liquid:`), as in Jekyll.
    #[serde(default)]
    pub liquid: LiquidConfig,
    /// Offline support in release builds (`offline: true`, the default):
    /// a service worker and an offline page per language. `offline: false`
    /// is the kill switch: the worker shipped then removes every cache and
    /// unregisters itself.
    #[serde(default = "yes")]
    pub offline: bool,
    /// The colour of the browser's interface around the installed site
    /// (`theme_color:` in the web app manifests), default `#0066cc`.
    #[serde(default)]
    pub theme_color: Option<String>,
}

fn yes() -> bool {
    true
}

/// `liquid:` of `_config.yml`, Jekyll's keys and defaults: an undefined
/// variable or key is nil and an unknown filter passes its input through,
/// unless `strict_variables` or `strict_filters` makes them errors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub struct LiquidConfig {
    /// An undefined variable, key or index is an error.
    #[serde(default)]
    pub strict_variables: bool,
    /// An unknown filter is an error.
    #[serde(default)]
    pub strict_filters: bool,
    /// `lax`, `warn` (Jekyll's default) or `strict`: what a Liquid syntax
    /// error is. Here it is always an error (the `liquid` crates have no
    /// lax parser), so the value is only checked.
    #[serde(default)]
    pub error_mode: ErrorMode,
}

/// `error_mode:` of `liquid:`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ErrorMode {
    /// Liquid's lax parser.
    Lax,
    /// Jekyll's default: strict, with a fallback to lax and a warning.
    #[default]
    Warn,
    /// Syntax errors fail the build.
    Strict,
}

/// What a broken link in content is (`links:` in `_config.yml`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkSeverity {
    /// Reported; the build goes on.
    #[default]
    Warning,
    /// The build fails and writes nothing (for CI).
    Error,
}

/// One configured language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// Code, e.g. `it`.
    pub code: String,
    /// Name in itself, e.g. `Italiano`.
    pub name: String,
    /// Site title in this language.
    pub title: String,
    /// The name an installed site has under its icon (`short_name` of the
    /// manifest); default: `title`.
    #[serde(default)]
    pub short_title: Option<String>,
}

impl Config {
    /// The configured language codes, the default first.
    pub fn codes(&self) -> Vec<&str> {
        self.languages.iter().map(|l| l.code.as_str()).collect()
    }
}

/// Interface strings: language → key → text.
pub type Strings = BTreeMap<String, BTreeMap<String, String>>;

/// The keys [`Config`] reads.
const KEYS: &[&str] = &[
    "url",
    "languages",
    "links",
    "iframe_hosts",
    "liquid",
    "baseurl",
    "time",
    "offline",
    "theme_color",
];

/// The top-level keys of `_config.yml` the site does not read, with their
/// lines, as warnings (site includes may read them as `site.KEY`).
pub fn unknown_keys(content: &Path, base: &str) -> Vec<(String, Diagnostic)> {
    let shown = format!("{base}/_config.yml");
    let text = std::fs::read_to_string(content.join("_config.yml")).unwrap_or_default();
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let key = super::meta::top_level_key(line)?;
            (!KEYS.contains(&key)).then(|| {
                let warning = Diagnostic::warning(&shown, i + 1, 1, format!("unknown key `{key}` is ignored"))
                    .fix(format!("check the spelling; the site reads {}; site includes can read another key as `site.{key}`", KEYS.join(", ")));
                (key.to_string(), warning)
            })
        })
        .collect()
}

/// Reads and checks `_config.yml`; keys written twice are `warnings`.
pub fn read_config(
    content: &Path,
    base: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Config, Diagnostic> {
    let shown = format!("{base}/_config.yml");
    let text = read(&content.join("_config.yml"), &shown)?;
    let mut config: Config = from_yaml(&shown, &text, warnings)?;
    if let Some(hosts) = &mut config.iframe_hosts {
        for host in hosts.iter_mut() {
            *host = iframe_host(&shown, &text, host)?;
        }
    }
    if config.languages.is_empty() {
        return Err(
            Diagnostic::error(&shown, 1, 1, "no languages are configured").fix(
                "list at least one language under `languages:` with `code`, `name` and `title`",
            ),
        );
    }
    Ok(config)
}

/// An entry of `iframe_hosts` as a host: `https://` and a final `/` are
/// dropped; anything else than a host name (a path, another scheme, a
/// wildcard) is an error.
fn iframe_host(shown: &str, text: &str, written: &str) -> Result<String, Diagnostic> {
    let host = written.trim();
    let host = host
        .get(..8)
        .filter(|p| p.eq_ignore_ascii_case("https://"))
        .map_or(host, |_| &host[8..]);
    let host = host.strip_suffix('/').unwrap_or(host).to_ascii_lowercase();
    let plain = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-'))
        && !host.starts_with(['.', '-']);
    if plain {
        return Ok(host);
    }
    let (line, column) = text
        .find(written)
        .map_or((1, 1), |at| super::diag::line_col(text, at));
    Err(Diagnostic::error(
        shown,
        line,
        column,
        format!("`iframe_hosts` entry `{written}` is not a host name"),
    )
    .fix("list host names only, e.g. `- www.youtube-nocookie.com` (https is implied; no path, port, wildcard or other scheme)"))
}

/// Reads `_data/strings.yml`, the site's own interface texts (none when
/// the file is absent): key → language → text, kept by language for the
/// languages of `_config.yml`. They override the engine's texts
/// (`crate::strings::merged`); which ones a page needs is checked with
/// the site (`crate::strings::check`).
pub fn read_strings(
    content: &Path,
    base: &str,
    config: &Config,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Strings, Diagnostic> {
    let shown = format!("{base}/_data/strings.yml");
    let path = content.join("_data/strings.yml");
    if !path.exists() {
        return Ok(Strings::new());
    }
    let text = read(&path, &shown)?;
    let raw: BTreeMap<String, BTreeMap<String, Text>> = from_yaml(&shown, &text, warnings)?;
    let mut strings: Strings = BTreeMap::new();
    for (key, texts) in raw {
        for lang in config.codes() {
            if let Some(Text(value)) = texts.get(lang) {
                strings
                    .entry(lang.to_string())
                    .or_default()
                    .insert(key.clone(), value.clone());
            }
        }
    }
    Ok(strings)
}

fn read(path: &Path, shown: &str) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(shown, 0, 0, format!("cannot read the file: {e}"))
            .fix("create it; README.md under \"Writing content\" shows its form")
    })?;
    super::source::decode(shown, &bytes)
}

/// Reads a whole file as Jekyll does ([`yaml`]); a type error names the
/// line and column of its value.
fn from_yaml<T: for<'de> Deserialize<'de>>(
    shown: &str,
    text: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Result<T, Diagnostic> {
    let invalid = |e: yaml::Error| {
        Diagnostic::error(
            shown,
            e.line.max(1),
            e.column.max(1),
            format!("not valid: {}", e.reason),
        )
        .fix("compare the file with the example in README.md under \"Writing content\"")
    };
    let loaded = yaml::load(text).map_err(invalid)?;
    super::meta::duplicates(shown, 1, &loaded.duplicates, warnings);
    yaml::from_node(&loaded.root).map_err(invalid)
}

#[cfg(test)]
mod tests {
    use super::iframe_host;

    #[test]
    fn iframe_hosts_are_host_names() {
        let text = "iframe_hosts: [x]";
        for (written, host) in [
            ("www.youtube-nocookie.com", "www.youtube-nocookie.com"),
            ("https://Dashboard.Example.org/", "dashboard.example.org"),
            (" HTTPS://a-b.example ", "a-b.example"),
        ] {
            assert_eq!(iframe_host("c.yml", text, written).as_deref(), Ok(host));
        }
        for bad in [
            "",
            "http://a.example",
            "a.example/embed",
            "a.example:8443",
            "*.example",
            ".a",
            "a b",
        ] {
            assert!(iframe_host("c.yml", text, bad).is_err(), "{bad}");
        }
    }
}
