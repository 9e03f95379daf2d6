//! Site includes: `content/_includes/NAME.html` files and the Liquid of page
//! bodies, rendered with the `liquid` crate at build time. Each include file
//! is parsed once and shared by every page and thread; a page body goes
//! through Liquid only when it has `{%` or `{{`. The variables are Jekyll's:
//! `page`, `site` (with `site.pages` and `site.data.NAME`), `include` and
//! `forloop`. A site include used by a page body becomes a placeholder whose
//! HTML is put back, sanitized, after Markdown; built-in components stay
//! `{% include %}` tags for [`super::liquid`].

use super::diag::Diagnostic;
use super::sanitize::Policy;
use liquid_core::model::{KString, KStringRef, Value};
use liquid_core::runtime::StackFrame;
use liquid_core::runtime::{RuntimeBuilder, Template};
use liquid_core::{
    Expression, Language, ParseTag, Renderable, Runtime, TagReflection, TagTokenIter, ValueView,
};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

/// Deepest nesting of Liquid blocks (`if`, `for`, …) in one template: the
/// parser recurses into each, and no reader follows more.
pub const MAX_BLOCK_DEPTH: usize = 50;

/// Deepest nesting of includes inside includes.
pub const MAX_DEPTH: usize = 10;

/// The placeholder of a site include's HTML: these two parts around `N`.
pub const HTML_OPEN: &str = "<!--tdt-html-";
const HTML_CLOSE: &str = "-->";

/// Where a tag is: file as shown, 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Place {
    /// File as shown in messages.
    pub shown: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.shown, self.line, self.column)
    }
}

/// One include file, parsed once.
struct Compiled {
    shown: String,
    source: String,
    template: Result<Template, Place>,
    error: String,
    fix: String,
}

/// What the site's configuration and plugins change in its Liquid.
#[derive(Debug, Clone, Default)]
pub struct Setup {
    /// `liquid:` of `_config.yml`.
    pub liquid: super::config::LiquidConfig,
    /// The Ruby plugins of `_plugins/`.
    pub plugins: Vec<super::plugins::Plugin>,
    /// The names written as filters (`| NAME`) in the page bodies.
    pub used_filters: HashSet<String>,
}

/// The include files and the shared `site` variable.
pub struct Engine {
    parser: Language,
    /// Undefined variables and keys are nil (`strict_variables: false`).
    lenient: bool,
    includes: Arc<HashMap<String, Compiled>>,
    site: Arc<Value>,
    /// `site.pages` by the text of a front-matter key, built on first use.
    index: Arc<PagesIndex>,
    /// Which iframes include output may have.
    policy: Arc<Policy>,
}

/// `site.pages` indexed by the text of a key: for each key asked for by a
/// `site.pages | where:`, the positions of the pages by their value, so
/// that each page using it does not scan every page of the site again.
#[derive(Default)]
pub struct PagesIndex(std::sync::Mutex<HashMap<String, Arc<Positions>>>);

/// Positions of pages by a key's value.
type Positions = HashMap<String, Vec<usize>>;

impl PagesIndex {
    /// The positions in `pages` of the pages whose `key` is the string
    /// `value` (the index of `key` is built the first time it is asked for).
    pub(super) fn positions(&self, pages: &[&dyn ValueView], key: &str, value: &str) -> Vec<usize> {
        let by_value = {
            let mut keys = self
                .0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            keys.entry(key.to_string())
                .or_insert_with(|| Arc::new(index_by(pages, key)))
                .clone()
        };
        let mut positions = by_value.get(value).cloned().unwrap_or_default();
        // As `where` compares (Ruby truthiness), `true` equals any string.
        if let Some(truthy) = by_value.get(TRUE) {
            positions.extend(truthy);
            positions.sort_unstable();
        }
        positions
    }
}

/// The bucket of the pages whose value is `true` (no string can be this).
const TRUE: &str = "\0true";

/// Positions of `pages` by the text of their string `key`.
fn index_by(pages: &[&dyn ValueView], key: &str) -> Positions {
    let mut by_value = Positions::new();
    for (i, page) in pages.iter().enumerate() {
        let value = page.as_object().and_then(|o| o.get(key));
        match value.map(|v| (v.type_name(), v)) {
            Some(("string", v)) => by_value.entry(v.to_kstr().to_string()).or_default().push(i),
            Some(("boolean", v)) if v.query_state(liquid_core::model::State::Truthy) => {
                by_value.entry(TRUE.to_string()).or_default().push(i);
            }
            _ => {}
        }
    }
    by_value
}

/// A page body rendered by Liquid.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The body, with site includes as placeholders.
    pub body: String,
    /// The HTML of each site include, numbered as its placeholder.
    pub html: Vec<String>,
    /// The links and ids of that HTML, placed in the include files.
    pub links: super::links::PageLinks,
}

/// What a render collects on its thread.
#[derive(Default)]
struct Context {
    includes: Option<Arc<HashMap<String, Compiled>>>,
    site: Option<Arc<Value>>,
    index: Option<Arc<PagesIndex>>,
    policy: Option<Arc<Policy>>,
    lenient: bool,
    stack: Vec<(String, Place)>,
    html: Vec<String>,
    links: super::links::PageLinks,
    failure: Option<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

thread_local! {
    static CONTEXT: RefCell<Context> = RefCell::new(Context::default());
    /// The text being parsed, its shown name and first line.
    static PARSING: RefCell<(String, String, usize)> = const { RefCell::new((String::new(), String::new(), 1)) };
}

impl Engine {
    /// Reads `_includes/*.html` and `_data/*.yml` and builds the `site`
    /// variable; `None` when the folder has no `_includes`.
    pub fn load(
        content: &Path,
        base: &str,
        site: liquid_core::Object,
        setup: Setup,
        warnings: &mut Vec<Diagnostic>,
    ) -> Option<Engine> {
        let dir = content.join("_includes");
        let entries = std::fs::read_dir(&dir).ok()?;
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".html"))
            .collect();
        names.sort();
        let sources = names
            .into_iter()
            .map(|name| {
                let text = std::fs::read_to_string(dir.join(&name)).unwrap_or_default();
                (format!("{base}/_includes/{name}"), name, text)
            })
            .collect();
        Some(Engine::from_sources_with(sources, site, setup, warnings))
    }

    /// An engine of the include files given as (shown, name, text), with
    /// Jekyll's defaults.
    pub fn from_sources(
        sources: Vec<(String, String, String)>,
        site: liquid_core::Object,
        warnings: &mut Vec<Diagnostic>,
    ) -> Engine {
        Engine::from_sources_with(sources, site, Setup::default(), warnings)
    }

    /// An engine of the include files given as (shown, name, text).
    pub fn from_sources_with(
        sources: Vec<(String, String, String)>,
        site: liquid_core::Object,
        mut setup: Setup,
        warnings: &mut Vec<Diagnostic>,
    ) -> Engine {
        for (_, _, text) in &sources {
            filter_names(text, &mut setup.used_filters);
        }
        let parser = parser(&setup);
        let strict = setup.liquid.strict_variables;
        let mut includes = HashMap::new();
        for (shown, name, text) in sources {
            let stem = name.trim_end_matches(".html");
            if super::liquid::INCLUDES.contains(&stem) {
                warnings.push(
                    Diagnostic::warning(
                        &shown,
                        1,
                        1,
                        format!("`{name}` replaces the built-in component of that name"),
                    )
                    .fix("rename the file to keep the built-in component"),
                );
            }
            let compiled = match check(&parser, &text, &shown, 1, (strict, &site), warnings) {
                Ok(t) => Compiled {
                    template: Ok(t),
                    error: String::new(),
                    fix: String::new(),
                    shown,
                    source: text,
                },
                Err(d) => Compiled {
                    template: Err(Place {
                        shown: d.file.clone(),
                        line: d.line,
                        column: d.column,
                    }),
                    error: d.message,
                    fix: d.fix,
                    shown,
                    source: text,
                },
            };
            includes.insert(name, compiled);
        }
        Engine {
            parser,
            lenient: !strict,
            includes: Arc::new(includes),
            site: Arc::new(Value::Object(site)),
            index: Arc::default(),
            policy: Arc::new(Policy::default()),
        }
    }

    /// The same engine, sanitizing include output with `policy`.
    pub fn with_policy(mut self, policy: Arc<Policy>) -> Engine {
        self.policy = policy;
        self
    }

    /// Whether a built-in component is replaced by a site include.
    pub fn replaces(&self, name: &str) -> bool {
        self.includes.contains_key(&format!("{name}.html"))
    }

    /// Renders a page body: `page` is the page variable, `first_line` the
    /// body's line in `shown`.
    pub fn render(
        &self,
        shown: &str,
        body: &str,
        first_line: usize,
        page: &Value,
        warnings: &mut Vec<Diagnostic>,
    ) -> Result<Rendered, Diagnostic> {
        let Value::Object(site) = &*self.site else {
            return Ok(Rendered::default());
        };
        let strict = (!self.lenient, site);
        let template = check(&self.parser, body, shown, first_line, strict, warnings)?;
        CONTEXT.with_borrow_mut(|c| {
            *c = Context {
                includes: Some(self.includes.clone()),
                site: Some(self.site.clone()),
                index: Some(self.index.clone()),
                policy: Some(self.policy.clone()),
                lenient: self.lenient,
                ..Context::default()
            }
        });
        let globals: HashMap<KStringRef, &dyn ValueView> = HashMap::from([
            (
                KStringRef::from_static("site"),
                &*self.site as &dyn ValueView,
            ),
            (KStringRef::from_static("page"), page as &dyn ValueView),
        ]);
        let mut out = Vec::new();
        let runtime = RuntimeBuilder::new().set_globals(&globals).build();
        let result = super::lenient::render_in(&template, &mut out, &runtime, self.lenient);
        let context = CONTEXT.with_borrow_mut(std::mem::take);
        warnings.extend(context.warnings);
        if let Some(failure) = context.failure {
            return Err(failure);
        }
        result.map_err(|e| runtime_error(&e.to_string(), body, shown, first_line, None))?;
        Ok(Rendered {
            body: String::from_utf8_lossy(&out).into_owned(),
            html: context.html,
            links: context.links,
        })
    }
}

/// An error liquid met while rendering `text` (of `shown`, from
/// `first_line`), at the filter or tag it names, with the page tag that
/// included the file when it is an include (`by`).
fn runtime_error(
    message: &str,
    text: &str,
    shown: &str,
    first_line: usize,
    by: Option<&Place>,
) -> Diagnostic {
    let (what, at) = runtime_parts(message, text);
    let (line, column) = at.map_or((1, 1), |at| super::diag::line_col(text, at));
    let by = by
        .map(|p| format!(" (included by {p})"))
        .unwrap_or_default();
    Diagnostic::error(
        shown,
        first_line + line - 1,
        column,
        format!("Liquid error: {what}{by}"),
    )
    .fix("check the values the filter or tag is given (e.g. a number where one is expected, no division by zero)")
}

/// What a liquid render error says, in one line, and the offset in `text`
/// of the filter (`| divided_by`) or tag (`{% for … %}`) it names.
fn runtime_parts(message: &str, text: &str) -> (String, Option<usize>) {
    let value = |key: &str| {
        message
            .lines()
            .find_map(|l| l.trim().strip_prefix(key))
            .map(str::trim)
    };
    let first = message
        .trim_start_matches("liquid: ")
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    let mut what = match value("cause=") {
        Some(cause) => format!("{first}: {cause}"),
        None => first,
    };
    if let Some(filter) = value("filter=") {
        what.push_str(&format!(" in filter `{filter}`"));
        let name = filter.split([' ', ':']).next().unwrap_or("");
        let at = (!name.is_empty())
            .then(|| {
                text.match_indices(name)
                    .map(|(at, _)| at)
                    .find(|&at| text[..at].trim_end().ends_with('|'))
            })
            .flatten();
        return (what, at);
    }
    let Some(from) = value("from: ") else {
        return (what, None);
    };
    what.push_str(&format!(" in `{from}`"));
    let words: Vec<&str> = from
        .trim_start_matches(['{', '%', '-'])
        .split_whitespace()
        .take(2)
        .collect();
    let open = if from.starts_with("{{") { "{{" } else { "{%" };
    let at = super::scan::find_all(text, open).find(|&at| {
        let inner = text[at + 2..].trim_start_matches('-');
        let inner = &inner[..inner.find(['%', '}']).unwrap_or(inner.len())];
        inner.split_whitespace().take(2).eq(words.iter().copied())
    });
    (what, at)
}

/// `site.pages | where:` written as the filter that reads the shared pages:
/// liquid copies a variable each time it reads one, and `site.pages` is
/// every page of the site.
const PAGES_WHERE: [(&str, &str); 2] = [
    ("site.pages | where:", "nil | site_pages_where:"),
    ("site.pages|where:", "nil|site_pages_where:"),
];

/// Calls `f` with `site.pages` of the render running on this thread.
pub(super) fn with_site_pages<R>(f: impl FnOnce(Option<&dyn ValueView>, &PagesIndex) -> R) -> R {
    let (site, index) =
        CONTEXT.with_borrow(|c| (c.site.clone(), c.index.clone().unwrap_or_default()));
    let pages = site
        .as_deref()
        .and_then(|s| s.as_object())
        .and_then(|o| o.get("pages"));
    f(pages, &index)
}

/// Parses `text` (of `shown`, starting at `first_line`), or says where and
/// why it cannot be.
fn compile(
    parser: &Language,
    text: &str,
    shown: &str,
    first_line: usize,
) -> Result<Template, (Place, String)> {
    let mut text = std::borrow::Cow::Borrowed(text);
    for (written, read) in PAGES_WHERE {
        if text.contains(written) {
            text = std::borrow::Cow::Owned(text.replace(written, read));
        }
    }
    let text = &*text;
    PARSING.with_borrow_mut(|p| *p = (text.to_string(), shown.to_string(), first_line));
    liquid_core::parser::parse(text, parser)
        .map(Template::new)
        .map_err(|e| {
            let message = e.to_string();
            if let Some(found) = unknown_filter(&message, text, shown, first_line) {
                return found;
            }
            let (line, column) = pest_position(&message).unwrap_or((1, 1));
            let reason = message
                .lines()
                .find_map(|l| l.trim().strip_prefix("= "))
                .unwrap_or_else(|| message.lines().next().unwrap_or(""))
                .trim_end_matches('.')
                .to_string();
            let place = Place {
                shown: shown.to_string(),
                line: first_line + line - 1,
                column,
            };
            (place, reason)
        })
}

/// Whether the render running on this thread is lenient (undefined
/// values are nil).
pub(super) fn lenient() -> bool {
    CONTEXT.with_borrow(|c| c.lenient)
}

/// Parses `text`, warning once for each filter it passes through; with
/// `strict_variables` (`strict.0`), checks that each `site.data.NAME` it
/// names has its file (in `strict.1`).
fn check(
    parser: &Language,
    text: &str,
    shown: &str,
    first_line: usize,
    strict: (bool, &liquid_core::Object),
    warnings: &mut Vec<Diagnostic>,
) -> Result<Template, Diagnostic> {
    let (strict, site) = strict;
    if let Some(at) = too_deep(text) {
        let (line, column) = super::diag::line_col(text, at);
        return Err(Diagnostic::error(
            shown,
            first_line + line - 1,
            column,
            format!("Liquid blocks nest more than {MAX_BLOCK_DEPTH} deep here"),
        )
        .fix("flatten the nested `if`/`for` blocks, or move a part into an include"));
    }
    if let Some((at, len)) = huge_number(text) {
        let (line, column) = super::diag::line_col(text, at);
        return Err(Diagnostic::error(
            shown,
            first_line + line - 1,
            column,
            format!(
                "the number `{}` is too large for Liquid (at most {})",
                &text[at..at + len],
                i64::MAX
            ),
        )
        .fix("write a smaller number, or put it in quotes to make it text"));
    }
    super::lenient::take_passed();
    let template = compile(parser, text, shown, first_line).map_err(|(place, m)| {
        Diagnostic::error(&place.shown, place.line, place.column, format!("Liquid syntax error: {m}"))
            .fix("correct the tag as the message says (a filter from a Jekyll plugin must be replaced by Liquid or a built-in one); `{% raw %}…{% endraw %}` shows braces as written")
    })?;
    for (name, plugin) in super::lenient::take_passed() {
        warnings.push(passed_warning(
            text,
            shown,
            first_line,
            &name,
            plugin.as_deref(),
        ));
    }
    if !strict {
        return Ok(template);
    }
    let data = site.get("data").and_then(|d| d.as_object());
    for at in super::scan::find_all(text, "site.data.") {
        let rest = &text[at + 10..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        if data.is_some_and(|d| d.contains_key(&name)) {
            continue;
        }
        let (line, column) = super::diag::line_col(text, at);
        return Err(Diagnostic::error(
            shown,
            first_line + line - 1,
            column,
            format!("`site.data.{name}` has no data file"),
        )
        .fix(format!("add `_data/{name}.yml`, or correct the name")));
    }
    Ok(template)
}

/// The warning for a filter of `text` that passes its input through: an
/// unknown one, or one of the Ruby `plugin`.
fn passed_warning(
    text: &str,
    shown: &str,
    first_line: usize,
    name: &str,
    plugin: Option<&str>,
) -> Diagnostic {
    let (line, column) = filter_at(text, name).map_or((1, 1), |at| super::diag::line_col(text, at));
    let (what, fix) = match plugin {
        Some(file) => (
            format!("filter `{name}` of the Ruby plugin {file} (not run)"),
            "write what it does in Liquid, or use a built-in filter, to get its output".to_string(),
        ),
        None => (
            format!("unknown filter `{name}`"),
            "correct the name, or use a built-in filter (README.md, \"Site includes and Liquid\"); `strict_filters: true` under `liquid:` in _config.yml makes this an error".to_string(),
        ),
    };
    Diagnostic::warning(
        shown,
        first_line + line - 1,
        column,
        format!("{what} passes its input through unchanged"),
    )
    .fix(fix)
}

/// The offset of the first `| NAME` filter of `text`.
fn filter_at(text: &str, name: &str) -> Option<usize> {
    text.match_indices(name).map(|(at, _)| at).find(|&at| {
        let next = text[at + name.len()..].chars().next();
        text[..at].trim_end().ends_with('|')
            && !next.is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// Adds to `names` every word written after a `|` in the Liquid tags and
/// outputs of `text`: the filters it may use.
fn filter_names(text: &str, names: &mut HashSet<String>) {
    for (open, close) in [("{{", "}}"), ("{%", "%}")] {
        for at in super::scan::find_all(text, open) {
            let inner = &text[at + 2..];
            let inner = &inner[..inner.find(close).unwrap_or(inner.len())];
            for part in inner.split('|').skip(1) {
                let name: String = part
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && !names.contains(&name) {
                    names.insert(name);
                }
            }
        }
    }
}

/// An unknown filter's name and place (liquid's message has neither place
/// nor name in its first line).
fn unknown_filter(
    message: &str,
    text: &str,
    shown: &str,
    first_line: usize,
) -> Option<(Place, String)> {
    let name = message
        .lines()
        .find_map(|l| l.trim().strip_prefix("requested filter="))
        .filter(|n| !n.is_empty())?;
    let at = text
        .match_indices(name)
        .map(|(at, _)| at)
        .find(|&at| text[..at].trim_end().ends_with('|'))
        .unwrap_or(0);
    let (line, column) = super::diag::line_col(text, at);
    let place = Place {
        shown: shown.to_string(),
        line: first_line + line - 1,
        column,
    };
    Some((place, format!("unknown filter `{name}`")))
}

/// The offset and length of the first integer in the Liquid tags and
/// outputs of `text` (not in `raw` or `comment` blocks) too large for a
/// 64-bit integer: the liquid parser cannot read one (it panics).
fn huge_number(text: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(at) = text[from..].find('{').map(|p| from + p) {
        let close = match text.as_bytes().get(at + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            _ => {
                from = at + 1;
                continue;
            }
        };
        let inner_at = at + 2;
        let end = text[inner_at..]
            .find(close)
            .map_or(text.len(), |e| inner_at + e);
        let inner = &text[inner_at..end];
        if let Some((offset, len)) = huge_integer(inner) {
            return Some((inner_at + offset, len));
        }
        from = (end + 2).min(text.len());
        let name = inner.trim_start_matches('-').split_whitespace().next();
        if close == "%}" && matches!(name, Some("raw" | "comment")) {
            let end_tag = format!("end{}", name.unwrap_or(""));
            from = text[from..].find(&end_tag).map_or(text.len(), |e| from + e);
        }
    }
    None
}

/// The offset and length of the first integer literal of the Liquid
/// expression `expr` (quoted text left out) too large for an `i64`.
pub(super) fn huge_integer(expr: &str) -> Option<(usize, usize)> {
    let b = expr.as_bytes();
    let in_name = |x: u8| x.is_ascii_alphanumeric() || x == b'_' || x == b'-';
    let (mut i, mut quote) = (0, None);
    while i < b.len() {
        let c = b[i];
        if quote.is_some() || c == b'"' || c == b'\'' {
            quote = match quote {
                Some(q) if q == c => None,
                None => Some(c),
                open => open,
            };
            i += 1;
            continue;
        }
        if !c.is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let at = |p: usize| p.checked_sub(1).map(|p| b[p]);
        let signed = matches!(at(start), Some(b'-' | b'+')) && !at(start - 1).is_some_and(in_name);
        let first = if signed { start - 1 } else { start };
        // Part of a name (`a1`, `a-1`), the decimals of a float, or the
        // whole part of one: not an integer literal.
        let named = !signed && at(start).is_some_and(in_name);
        let decimals = at(start) == Some(b'.') && at(start - 1) != Some(b'.');
        let whole = b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit);
        if !named && !decimals && !whole && expr[first..i].parse::<i64>().is_err() {
            return Some((first, i - first));
        }
    }
    None
}

/// The offset of the first block tag nested deeper than
/// [`MAX_BLOCK_DEPTH`], if any.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for start in super::scan::find_all(text, "{%") {
        let inner = text[start + 2..].trim_start_matches('-').trim_start();
        let name: String = inner.chars().take_while(|c| c.is_alphanumeric()).collect();
        match name.as_str() {
            "if" | "unless" | "for" | "case" | "capture" | "comment" | "raw" | "tablerow"
            | "ifchanged" => depth += 1,
            n if n.starts_with("end") => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_BLOCK_DEPTH {
            return Some(start);
        }
    }
    None
}

/// The `--> line:column` of a parser message.
fn pest_position(message: &str) -> Option<(usize, usize)> {
    let at = message.find("--> ")?;
    let rest = &message[at + 4..];
    let end = rest.find(|c: char| !c.is_ascii_digit() && c != ':')?;
    let (line, column) = rest[..end].split_once(':')?;
    Some((line.parse().ok()?, column.parse().ok()?))
}

/// The language: Liquid's standard tags and filters, the Jekyll filters
/// and this site's `include`; unless `strict_variables`, a `for` whose
/// missing keys are nil; the filters and tags of the Ruby plugins, and
/// unless `strict_filters`, every other filter the site uses, passing
/// their input through.
fn parser(setup: &Setup) -> Language {
    use liquid_lib::stdlib;
    let mut lang = Language::empty();
    for tag in [
        Box::new(stdlib::AssignTag) as Box<dyn ParseTag>,
        Box::new(stdlib::BreakTag),
        Box::new(stdlib::ContinueTag),
        Box::new(stdlib::CycleTag),
        Box::new(stdlib::IncrementTag),
        Box::new(stdlib::DecrementTag),
        Box::new(IncludeTag),
    ] {
        lang.tags.register(tag.reflection().tag().to_string(), tag);
    }
    for block in [
        Box::new(stdlib::RawBlock) as Box<dyn liquid_core::ParseBlock>,
        Box::new(stdlib::IfBlock),
        Box::new(stdlib::UnlessBlock),
        if setup.liquid.strict_variables {
            Box::new(stdlib::ForBlock)
        } else {
            Box::new(super::lenient::ForBlock)
        },
        Box::new(stdlib::CommentBlock),
        Box::new(stdlib::CaptureBlock),
        Box::new(stdlib::CaseBlock),
    ] {
        lang.blocks
            .register(block.reflection().start_tag().to_string(), block);
    }
    super::filters::register(&mut lang);
    super::lenient::nil_inputs(&mut lang);
    pass_through(&mut lang, setup);
    lang
}

/// Registers the filters and tags of the Ruby plugins and, unless
/// `strict_filters`, the other filters the site uses that do not exist.
fn pass_through(lang: &mut Language, setup: &Setup) {
    use super::lenient::{PassThrough, PluginTag};
    for plugin in &setup.plugins {
        for name in &plugin.filters {
            if lang.filters.get(name).is_none() {
                let filter = PassThrough {
                    name: name.clone(),
                    plugin: Some(plugin.shown.clone()),
                };
                lang.filters.register(name.clone(), Box::new(filter));
            }
        }
        for (name, block) in &plugin.tags {
            if lang.tags.get(name).is_some() || lang.blocks.get(name).is_some() {
                continue;
            }
            let tag = PluginTag {
                name: name.clone(),
                end: format!("end{name}"),
            };
            if *block {
                lang.blocks.register(name.clone(), Box::new(tag));
            } else {
                lang.tags.register(name.clone(), Box::new(tag));
            }
        }
    }
    if setup.liquid.strict_filters {
        return;
    }
    for name in &setup.used_filters {
        if lang.filters.get(name).is_none() {
            let filter = PassThrough {
                name: name.clone(),
                plugin: None,
            };
            lang.filters.register(name.clone(), Box::new(filter));
        }
    }
}

/// `{% include NAME.html key=value %}`.
#[derive(Clone, Copy, Debug)]
struct IncludeTag;

impl TagReflection for IncludeTag {
    fn tag(&self) -> &'static str {
        "include"
    }
    fn description(&self) -> &'static str {
        "a site include or a built-in component"
    }
}

impl ParseTag for IncludeTag {
    fn parse(
        &self,
        mut arguments: TagTokenIter<'_>,
        _options: &Language,
    ) -> liquid_core::Result<Box<dyn Renderable>> {
        let place = tag_place(&mut arguments);
        let name = arguments
            .expect_next("an include name is expected")?
            .as_str()
            .trim_matches(['"', '\''])
            .to_string();
        let mut args = Vec::new();
        while let Some(token) = arguments.next() {
            let key = token.as_str().to_string();
            let Some((key, value)) = key.split_once('=') else {
                arguments
                    .expect_next("`=` is expected after a parameter name")?
                    .expect_str("=")
                    .into_result_custom_msg("write parameters as `key=value`")?;
                let value = arguments
                    .expect_next("a value is expected after `=`")?
                    .expect_value()
                    .into_result()?;
                args.push((KString::from(key), value));
                continue;
            };
            let value = liquid_core::parser::parse_variable(value)
                .map(Expression::Variable)
                .unwrap_or_else(|_| {
                    Expression::Literal(Value::scalar(value.trim_matches(['"', '\'']).to_string()))
                });
            args.push((KString::from(key.to_string()), value));
        }
        Ok(Box::new(Include { name, args, place }))
    }
    fn reflection(&self) -> &dyn TagReflection {
        self
    }
}

/// Where the tag whose arguments these are starts.
fn tag_place(arguments: &mut TagTokenIter<'_>) -> Place {
    let message = arguments.raise_error("").to_string();
    let (line, column) = pest_position(&message).unwrap_or((1, 1));
    PARSING.with_borrow(|(text, shown, first_line)| {
        let row = text.lines().nth(line - 1).unwrap_or("");
        let upto: String = row.chars().take(column.saturating_sub(1)).collect();
        let start = upto
            .rfind("{%")
            .map_or(1, |b| upto[..b].chars().count() + 1);
        Place {
            shown: shown.clone(),
            line: first_line + line - 1,
            column: start,
        }
    })
}

/// A parsed include tag.
#[derive(Debug)]
struct Include {
    name: String,
    args: Vec<(KString, Expression)>,
    place: Place,
}

impl Renderable for Include {
    fn render_to(&self, writer: &mut dyn Write, runtime: &dyn Runtime) -> liquid_core::Result<()> {
        let includes = CONTEXT.with_borrow(|c| c.includes.clone());
        let Some(includes) = includes else {
            return Ok(());
        };
        let depth = CONTEXT.with_borrow(|c| c.stack.len());
        if let Some(compiled) = includes.get(&self.name) {
            return self.render_site(compiled, writer, runtime, depth);
        }
        let stem = self.name.trim_end_matches(".html");
        if depth == 0 && super::liquid::INCLUDES.contains(&stem) {
            let mut tag = format!("{{% include {}", self.name);
            for (key, value) in &self.args {
                let value = value.evaluate(runtime)?.render().to_string();
                tag.push_str(&format!(" {key}={value}"));
            }
            tag.push_str(" %}");
            return writer
                .write_all(tag.as_bytes())
                .map_err(|e| liquid_core::Error::with_msg(e.to_string()));
        }
        self.warn_unknown(&includes);
        Ok(())
    }
}

impl Include {
    /// Renders a site include, nested or from the page body.
    fn render_site(
        &self,
        compiled: &Compiled,
        writer: &mut dyn Write,
        runtime: &dyn Runtime,
        depth: usize,
    ) -> liquid_core::Result<()> {
        if let Some(failure) = self.check_stack(compiled, depth) {
            return Err(fail(failure));
        }
        let template = match &compiled.template {
            Ok(t) => t,
            Err(place) => {
                let by = self.included_by();
                return Err(fail(
                    Diagnostic::error(
                        &place.shown,
                        place.line,
                        place.column,
                        format!("{} (included by {by})", compiled.error),
                    )
                    .fix(compiled.fix.clone()),
                ));
            }
        };
        let mut params = liquid_core::Object::new();
        for (key, value) in &self.args {
            params.insert(key.clone(), value.evaluate(runtime)?.into_owned());
        }
        let params = Value::Object(params);
        let frame: HashMap<KStringRef, &dyn ValueView> = HashMap::from([(
            KStringRef::from_static("include"),
            &params as &dyn ValueView,
        )]);
        let scope = StackFrame::new(runtime, &frame);
        CONTEXT.with_borrow_mut(|c| c.stack.push((self.name.clone(), self.place.clone())));
        let mut out = Vec::new();
        let result = super::lenient::render_in(template, &mut out, &scope, lenient());
        CONTEXT.with_borrow_mut(|c| c.stack.pop());
        if let Err(e) = result {
            let source = &compiled.source;
            let by = self.included_by();
            let error = runtime_error(&e.to_string(), source, &compiled.shown, 1, Some(&by));
            return Err(fail(error));
        }
        let write = |bytes: &[u8], w: &mut dyn Write| {
            w.write_all(bytes)
                .map_err(|e| liquid_core::Error::with_msg(e.to_string()))
        };
        if depth > 0 {
            return write(&out, writer);
        }
        let html = String::from_utf8_lossy(&out).into_owned();
        let warnings = self.sanitizer_warnings(compiled, &html);
        let links = self.links(compiled, &html);
        let index = CONTEXT.with_borrow_mut(|c| {
            c.warnings.extend(warnings);
            c.links.append(links);
            c.html.push(html);
            c.html.len() - 1
        });
        write(format!("{HTML_OPEN}{index}{HTML_CLOSE}").as_bytes(), writer)
    }

    /// What the sanitizer will remove from the include's output, named at
    /// the line of the include file that has it.
    fn sanitizer_warnings(&self, compiled: &Compiled, html: &str) -> Vec<Diagnostic> {
        let policy = CONTEXT
            .with_borrow(|c| c.policy.clone())
            .unwrap_or_default();
        policy
            .problems(html)
            .iter()
            .map(|problem| {
                let needle = problem_needle(problem);
                let source = &compiled.source;
                let (line, column) = source
                    .find(&needle)
                    .or_else(|| made_iframe(source, problem))
                    .map_or((1, 1), |at| super::diag::line_col(source, at));
                let mut warning = super::sanitize::warning(&compiled.shown, line, column, problem);
                warning.message = format!("{} (included by {})", warning.message, self.place);
                warning
            })
            .collect()
    }

    /// The links and ids of the include's output, for the link check: a
    /// link is placed where the include file has its URL, or else at the
    /// page's include tag.
    fn links(&self, compiled: &Compiled, html: &str) -> super::links::PageLinks {
        let mut found = super::links::collect_html(html, 1);
        let by = format!("included by {}", self.place);
        for link in &mut found.links {
            let source = &compiled.source;
            let at = source
                .find(link.url.as_str())
                .filter(|_| !link.url.is_empty());
            let origin = match at {
                Some(at) => {
                    (link.line, link.column) = super::diag::line_col(source, at);
                    (compiled.shown.clone(), by.clone())
                }
                None => {
                    (link.line, link.column) = (self.place.line, self.place.column);
                    let written = format!("written by `{}`", self.name);
                    (self.place.shown.clone(), written)
                }
            };
            link.include = Some(Box::new(origin));
        }
        found
    }

    /// The page tag this include was reached from.
    fn included_by(&self) -> Place {
        CONTEXT
            .with_borrow(|c| c.stack.first().map(|(_, p)| p.clone()))
            .unwrap_or_else(|| self.place.clone())
    }

    /// An error when this include is already being rendered, or too deep.
    fn check_stack(&self, compiled: &Compiled, depth: usize) -> Option<Diagnostic> {
        let chain: Vec<String> =
            CONTEXT.with_borrow(|c| c.stack.iter().map(|(n, _)| n.clone()).collect());
        let p = &self.place;
        if chain.contains(&self.name) {
            let mut path = chain.clone();
            path.push(self.name.clone());
            let message = if chain.last() == Some(&self.name) {
                format!("`{}` includes itself", self.name)
            } else {
                format!("include recursion: {}", path.join(" → "))
            };
            return Some(
                Diagnostic::error(&p.shown, p.line, p.column, format!("{message} (included by {})", self.included_by()))
                    .fix(format!("remove this `{{% include {} %}}`, or include it only under a condition that ends", self.name)),
            );
        }
        (depth >= MAX_DEPTH).then(|| {
            Diagnostic::error(
                &p.shown,
                p.line,
                p.column,
                format!(
                    "includes nest deeper than {MAX_DEPTH} levels at `{}` (included by {})",
                    compiled.shown,
                    self.included_by()
                ),
            )
            .fix("include fewer files inside one another")
        })
    }

    /// Warns that the include does not exist; it renders nothing.
    fn warn_unknown(&self, includes: &HashMap<String, Compiled>) {
        let mut known: Vec<String> = super::liquid::INCLUDES
            .iter()
            .map(|n| format!("{n}.html"))
            .chain(includes.keys().cloned())
            .collect();
        known.sort();
        known.dedup();
        let p = &self.place;
        let by = CONTEXT
            .with_borrow(|c| c.stack.first().map(|(_, p)| format!(" (included by {p})")))
            .unwrap_or_default();
        let warning = Diagnostic::warning(
            &p.shown,
            p.line,
            p.column,
            format!("unknown include `{}` renders nothing{by}", self.name),
        )
        .fix(format!(
            "add `_includes/{}`, use one of {}, or remove the tag",
            self.name,
            known.join(", ")
        ));
        CONTEXT.with_borrow_mut(|c| c.warnings.push(warning));
    }
}

/// Keeps the first failure of a render and stops it.
fn fail(diagnostic: Diagnostic) -> liquid_core::Error {
    CONTEXT.with_borrow_mut(|c| {
        c.failure.get_or_insert(diagnostic);
    });
    liquid_core::Error::with_msg("include failed")
}

/// What the `site` variable is made of besides the pages.
#[derive(Clone, Copy)]
pub struct SiteInput<'a> {
    /// The content folder.
    pub content: &'a Path,
    /// Its name in messages.
    pub base: &'a str,
    /// The files copied as they are (`site.static_files`).
    pub statics: &'a [super::source::SourceFile],
    /// `liquid:` of `_config.yml`.
    pub liquid: super::config::LiquidConfig,
}

/// Renders the Liquid of every page that has some (kept by
/// [`super::page::process_with`]), on every core; `None` when the content
/// folder has no `_includes`.
pub fn render_pages(
    site: SiteInput<'_>,
    pages: &mut [super::page::Parsed],
    policy: &Arc<Policy>,
    diags: &mut super::diag::Diagnostics,
) {
    let SiteInput {
        content,
        base,
        statics,
        liquid,
    } = site;
    let mut warnings = Vec::new();
    let plugins = super::plugins::read(content, base);
    warnings.extend(plugins.iter().map(super::plugins::warning));
    // The filters the bodies use and whether one reads `site.html_pages`,
    // on every core.
    let scans = super::par::map(pages, |p| {
        let (body, _) = p.liquid.as_ref()?;
        let mut names = HashSet::new();
        filter_names(body, &mut names);
        Some((names, body.contains("html_pages")))
    });
    let mut used_filters = HashSet::new();
    let mut html_pages = false;
    for (names, html) in scans.into_iter().flatten() {
        used_filters.extend(names);
        html_pages |= html;
    }
    html_pages |= includes_mention(content, "html_pages");
    let setup = Setup {
        liquid,
        plugins,
        used_filters,
    };
    let strict = liquid.strict_variables;
    let made = (html_pages, strict);
    let site = site_value(content, base, pages, statics, made, &mut warnings);
    let Some(engine) = Engine::load(content, base, site, setup, &mut warnings) else {
        return;
    };
    let engine = engine.with_policy(policy.clone());
    warnings.into_iter().for_each(|w| diags.push(w));
    let results = super::par::map(pages, |page| {
        let (body, line) = page.liquid.as_ref()?;
        let mut warnings = Vec::new();
        // A failure of the liquid crates (a bug) fails this page, not the build.
        let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            engine
                .render(
                    &page.shown,
                    body,
                    *line,
                    &page_value(page, body, strict),
                    &mut warnings,
                )
                .and_then(|r| {
                    let mut body = super::page::render_body(
                        page,
                        &r.body,
                        *line,
                        &r.html,
                        policy,
                        &mut warnings,
                    )?;
                    body.links.append(r.links);
                    Ok(body)
                })
        }));
        let result = rendered.unwrap_or_else(|_| {
            Err(Diagnostic::error(&page.shown, *line, 1, "the Liquid renderer failed on this body")
                .fix("report this with the page and its includes attached; meanwhile simplify the Liquid of the page"))
        });
        Some((result, warnings))
    });
    for (page, result) in pages.iter_mut().zip(results) {
        let Some((result, warnings)) = result else {
            continue;
        };
        warnings.into_iter().for_each(|w| diags.push(w));
        match result {
            Ok(body) => {
                (page.pieces, page.toc) = (body.pieces, body.toc);
                page.links.append(body.links);
            }
            Err(e) => diags.push(e),
        }
        page.liquid = None;
    }
}

/// Every word (`[A-Za-z0-9_-]+`) inside the Liquid tags and outputs of
/// the site includes and of the page bodies left for the templates: the
/// names of the variables, keys and filters they use.
pub fn liquid_words(content: &Path, pages: &[super::page::Parsed]) -> HashSet<String> {
    let mut words = HashSet::new();
    let includes = std::fs::read_dir(content.join("_includes"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".html"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok());
    let bodies = pages
        .iter()
        .filter_map(|p| p.liquid.as_ref().map(|(b, _)| b.clone()));
    for text in includes.chain(bodies) {
        for (open, close) in [("{{", "}}"), ("{%", "%}")] {
            for at in super::scan::find_all(&text, open) {
                let inner = &text[at + 2..];
                let inner = &inner[..inner.find(close).unwrap_or(inner.len())];
                let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
                words.extend(
                    inner
                        .split(|c| !is_word(c))
                        .filter(|w| !w.is_empty())
                        .map(str::to_string),
                );
            }
        }
    }
    words
}

/// A `page` variable with nothing in it.
pub fn empty_page() -> Value {
    Value::Object(liquid_core::Object::new())
}

/// Which page bodies the site's templates render: none without
/// `_includes`, all with Liquid when a site include replaces a built-in one.
pub fn defer(content: &Path) -> super::page::Defer {
    use super::page::Defer;
    let Ok(entries) = std::fs::read_dir(content.join("_includes")) else {
        return Defer::Off;
    };
    let replaces = entries.filter_map(Result::ok).any(|e| {
        let name = e.file_name().to_string_lossy().into_owned();
        let stem = name.strip_suffix(".html").unwrap_or("");
        super::liquid::INCLUDES.contains(&stem)
    });
    if replaces {
        Defer::All
    } else {
        Defer::Templates
    }
}

/// A page's front matter with `lang`, `title` and Jekyll's `url`, `dir`,
/// `name`, `path` (unless the front matter has one) and `excerpt` (the
/// front matter's, else nil: absent, unless `strict` variables need it),
/// as Jekyll gives them; not its `content`.
fn page_object(page: &super::page::Parsed, strict: bool) -> liquid_core::Object {
    let mut object = match super::yaml_value::parse(&page.yaml) {
        Value::Object(o) => o,
        _ => liquid_core::Object::new(),
    };
    let name = page.rel.rsplit('/').next().unwrap_or(&page.rel);
    object.insert("url".into(), Value::scalar(page.url.clone()));
    object.insert("dir".into(), Value::scalar(url_dir(&page.url)));
    object.insert("name".into(), Value::scalar(name.to_string()));
    object.insert("lang".into(), Value::scalar(page.lang.clone()));
    object.insert("title".into(), Value::scalar(page.title.clone()));
    object
        .entry("path")
        .or_insert_with(|| Value::scalar(page.rel.clone()));
    let excerpt = match object.get("excerpt") {
        Some(Value::Nil) | None => Value::Nil,
        Some(v) => Value::scalar(v.to_kstr().into_owned()),
    };
    if strict || !excerpt.is_nil() {
        object.insert("excerpt".into(), excerpt);
    }
    object
}

/// Whether a site include has `word`.
fn includes_mention(content: &Path, word: &str) -> bool {
    std::fs::read_dir(content.join("_includes"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .any(|text| text.contains(word))
}

/// Jekyll's `page.dir`: the URL when it ends with `/`, else its folder
/// with a final `/`.
fn url_dir(url: &str) -> String {
    if url.ends_with('/') {
        return url.to_string();
    }
    match url.rfind('/') {
        Some(0) | None => "/".to_string(),
        Some(at) => format!("{}/", &url[..at]),
    }
}

/// Whether Jekyll counts a page of this URL in `site.html_pages`: its
/// output is HTML (no extension, or `.html`, `.htm`, `.xhtml`) or the URL
/// ends with `/`.
fn is_html_page(url: &str) -> bool {
    let last = url.rsplit('/').next().unwrap_or("");
    match last.rsplit_once('.') {
        None => true,
        Some((_, ext)) => matches!(ext, "html" | "htm" | "xhtml"),
    }
}

/// `site.static_files`: each file copied as it is, as Jekyll describes
/// it (`path` from the site root, `name`, `basename`, `extname`,
/// `modified_time`, `collection`).
fn static_files(statics: &[super::source::SourceFile]) -> Value {
    let files = statics.iter().map(|file| {
        let name = file.rel.rsplit('/').next().unwrap_or(&file.rel).to_string();
        let (basename, extname) = match name.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => (stem.to_string(), format!(".{ext}")),
            _ => (name.clone(), String::new()),
        };
        let modified = std::fs::metadata(&file.path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .and_then(|d| date_time(d.as_secs()));
        let mut object = liquid_core::Object::new();
        object.insert("path".into(), Value::scalar(format!("/{}", file.rel)));
        object.insert("name".into(), Value::scalar(name));
        object.insert("basename".into(), Value::scalar(basename));
        object.insert("extname".into(), Value::scalar(extname));
        object.insert(
            "modified_time".into(),
            modified.map_or(Value::Nil, Value::scalar),
        );
        object.insert("collection".into(), Value::Nil);
        Value::Object(object)
    });
    Value::Array(files.collect())
}

/// A Liquid date and time of `secs` seconds since 1970, in UTC.
fn date_time(secs: u64) -> Option<liquid_core::model::DateTime> {
    let day = secs % 86_400;
    let text = format!(
        "{} {:02}:{:02}:{:02} +0000",
        super::dates::civil_date(secs / 86_400),
        day / 3600,
        day % 3600 / 60,
        day % 60
    );
    liquid_core::model::DateTime::from_str(&text)
}

/// `site.time`: `time:` of `_config.yml` when it is a date, else now.
fn site_time(config: &liquid_core::Object) -> Value {
    let configured = config
        .get("time")
        .and_then(|t| t.as_scalar().and_then(|s| s.to_date_time()));
    let now = || {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        date_time(secs).unwrap_or_default()
    };
    Value::scalar(configured.unwrap_or_else(now))
}

/// The `page` variable of a page whose body is `body`.
fn page_value(page: &super::page::Parsed, body: &str, strict: bool) -> Value {
    let mut object = page_object(page, strict);
    object.insert("content".into(), Value::scalar(body.to_string()));
    Value::Object(object)
}

/// The `site` variable: `_config.yml`'s values, `time`, `pages`,
/// `html_pages` (when the site reads it), `static_files` and `data`;
/// each page's `excerpt` even when nil with `strict` variables.
fn site_value(
    content: &Path,
    base: &str,
    pages: &[super::page::Parsed],
    statics: &[super::source::SourceFile],
    (html_pages, strict): (bool, bool),
    warnings: &mut Vec<Diagnostic>,
) -> liquid_core::Object {
    let config = std::fs::read_to_string(content.join("_config.yml")).unwrap_or_default();
    let mut site = match super::yaml_value::parse(&config) {
        Value::Object(o) => o,
        _ => liquid_core::Object::new(),
    };
    let listed = super::par::map(pages, |p| Value::Object(page_object(p, strict)));
    // A second list of (nearly) every page only for a site that reads it.
    if html_pages {
        let html = pages
            .iter()
            .zip(&listed)
            .filter(|(p, _)| is_html_page(&p.url));
        let html: Vec<Value> = html.map(|(_, v)| v.clone()).collect();
        site.insert("html_pages".into(), Value::Array(html));
    }
    site.insert("time".into(), site_time(&site));
    site.insert("pages".into(), Value::Array(listed));
    site.insert("static_files".into(), static_files(statics));
    site.insert(
        "data".into(),
        Value::Object(data_value(content, base, warnings)),
    );
    site
}

/// Every `_data/NAME.yml` (or `.yaml`, `.json`) as `site.data.NAME`, and
/// every subfolder `_data/DIR/` as `site.data.DIR`, read the same way, as
/// Jekyll reads them.
fn data_value(content: &Path, base: &str, warnings: &mut Vec<Diagnostic>) -> liquid_core::Object {
    data_folder(&content.join("_data"), &format!("{base}/_data"), warnings)
}

/// The data files and subfolders of `dir` (shown as `shown`), by name.
fn data_folder(dir: &Path, shown: &str, warnings: &mut Vec<Diagnostic>) -> liquid_core::Object {
    let mut data = liquid_core::Object::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return data;
    };
    let mut entries: Vec<(String, bool)> = entries
        .filter_map(Result::ok)
        .map(|e| {
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
            (e.file_name().to_string_lossy().into_owned(), is_dir)
        })
        .collect();
    entries.sort();
    for (name, is_dir) in entries {
        let shown = format!("{shown}/{name}");
        if is_dir {
            let value = data_folder(&dir.join(&name), &shown, warnings);
            data.insert(name.into(), Value::Object(value));
            continue;
        }
        let Some(stem) = [".yml", ".yaml", ".json"]
            .iter()
            .find_map(|ext| name.strip_suffix(ext))
        else {
            continue;
        };
        // JSON is YAML's flow style, which libyaml reads as Psych does.
        let text = std::fs::read_to_string(dir.join(&name)).unwrap_or_default();
        let value = super::yaml_value::parse_file(&shown, &text, warnings);
        data.insert(stem.to_string().into(), value);
    }
    data
}

/// For a problem with an iframe source the include makes with Liquid
/// (`src="{{ page.url }}"`), where the first such iframe starts.
fn made_iframe(source: &str, problem: &str) -> Option<usize> {
    if !problem.starts_with("removed the iframe source") {
        return None;
    }
    super::scan::find_all(source, "<iframe").find(|&at| {
        let tag = &source[at..];
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        tag.contains("{{")
    })
}

/// What to look for in an include's source to find a sanitizer problem:
/// the element (`<script`) or the attribute or URL in backquotes.
fn problem_needle(problem: &str) -> String {
    if let Some(rest) = problem.split_once('<').map(|(_, r)| r)
        && problem.starts_with("removed <")
    {
        let name: String = rest.chars().take_while(|c| *c != '>').collect();
        return format!("<{name}");
    }
    problem
        .split('`')
        .nth(1)
        .map_or_else(String::new, str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders `body` with no site includes and an empty site.
    fn render(body: &str) -> Result<String, String> {
        render_with(body, &[], LiquidConfig::default()).0
    }

    use super::super::config::LiquidConfig;

    /// `liquid:` with `strict_variables` and `strict_filters`.
    const STRICT: LiquidConfig = LiquidConfig {
        strict_variables: true,
        strict_filters: true,
        error_mode: super::super::config::ErrorMode::Strict,
    };

    /// Renders `body` with the site includes `includes` (name, text), a
    /// site with `site.data.people` and `liquid`: the output with the
    /// includes' HTML in place, or the error; and the warnings.
    fn render_with(
        body: &str,
        includes: &[(&str, &str)],
        liquid: LiquidConfig,
    ) -> (Result<String, String>, Vec<String>) {
        let sources = includes
            .iter()
            .map(|(n, t)| {
                (
                    format!("content/_includes/{n}"),
                    n.to_string(),
                    t.to_string(),
                )
            })
            .collect();
        let mut used_filters = HashSet::new();
        filter_names(body, &mut used_filters);
        let setup = Setup {
            liquid,
            plugins: vec![super::super::plugins::parse(
                "content/_plugins/filters.rb",
                "module F\n  def intcomma(x)\n  end\nend\nLiquid::Template.register_filter(F)\n",
            )],
            used_filters,
        };
        let site = liquid_core::object!({
            "data": {"people": [{"name": "A", "projects": ["x", "y"]}, {"name": "B", "end_date": "2020"}]}
        });
        let mut warnings = Vec::new();
        let engine = Engine::from_sources_with(sources, site, setup, &mut warnings);
        let page = Value::Object(liquid_core::object!({"title": "T", "tags": ["b", "a"]}));
        let result = engine
            .render("p.md", body, 5, &page, &mut warnings)
            .map(|r| {
                let mut body = r.body;
                for (i, html) in r.html.iter().enumerate() {
                    body = body.replace(&format!("{HTML_OPEN}{i}{HTML_CLOSE}"), html);
                }
                body
            })
            .map_err(|d| d.to_string());
        (result, warnings.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn undefined_values_are_nil_as_in_jekyll() {
        let card = "{% if include[\"title\"] != nil %}T{% endif %}[{{ include.person.name }}|{{ include.person.role }}]";
        let cases = [
            (
                "[{{ nothing }}][{{ page.nothing }}][{{ page.tags[7] }}][{{ page.nothing.deeper }}]",
                "[][][][]",
            ),
            (
                "{% assign x = page[\"dashboard_daily\"] | default: false %}{{ x }}",
                "false",
            ),
            (
                "{% if page.nothing == nil %}nil{% endif %}{% if page.nothing != nil %}set{% endif %}",
                "nil",
            ),
            (
                "{% unless page.nothing %}no{% endunless %}{% if nothing.deeper %}yes{% endif %}",
                "no",
            ),
            (
                "{% for p in sorted_people_pages %}x{% else %}none{% endfor %}",
                "none",
            ),
            (
                "{% for p in site.data.people %}{{ p.name }}:{% for x in p[\"projects\"] %}{{ x }}{% endfor %}{{ p.end_date }};{% endfor %}",
                "A:xy;B:2020;",
            ),
            (
                "{% assign people = site.data.people | sort: 'name' %}{% for p in people %}{{ p.role | default: '-' }}{{ forloop.index }}{% endfor %}",
                "-1-2",
            ),
            (
                "{{ site.data.people | where_exp: 'person', 'person.end_date == nil' | map: 'name' | join: ',' }}",
                "A",
            ),
            (
                "{{ page.nothing | size }}{{ site.data.nothing.key | default: 'd' }}",
                "0d",
            ),
            (
                "{% for p in site.data.people %}{% include card.html person=p %}{% endfor %}",
                "[A|][B|]",
            ),
            (
                "{% for i in (1..5) limit: 2 offset: 1 reversed %}{{ i }}{% endfor %}",
                "32",
            ),
            (
                "{% for i in (1..4) %}{% if i == 3 %}{% break %}{% endif %}{{ forloop.rindex }}{% endfor %}",
                "43",
            ),
        ];
        for (body, expected) in cases {
            let (result, warnings) =
                render_with(body, &[("card.html", card)], LiquidConfig::default());
            assert_eq!(result.as_deref(), Ok(expected), "{body}");
            assert_eq!(warnings, Vec::<String>::new(), "{body}");
        }
    }

    #[test]
    fn nil_reads_as_jekyll_reads_it() {
        // The expected texts are what Jekyll 4.3 renders for each line.
        let cases = [
            ("1[{% if page.nothing == empty %}e{% endif %}]", "1[]"),
            ("2[{% if page.nothing == blank %}b{% endif %}]", "2[]"),
            (
                "3[{% case page.nothing %}{% when nil %}n{% else %}x{% endcase %}]",
                "3[n]",
            ),
            ("4[{{ page.nothing | where: \"a\", \"b\" | size }}]", "4[0]"),
            ("5[{{ page.nothing | map: \"a\" | size }}]", "5[0]"),
            ("6[{{ page.nothing | join: \",\" }}]", "6[]"),
            ("7[{{ page.nothing | first }}]", "7[]"),
            (
                "8[{% for x in page.title %}({{ x }}){% endfor %}]",
                "8[(T)]",
            ),
            (
                "9[{{ page.nothing | where_exp: \"i\", \"i.a\" | size }}]",
                "9[0]",
            ),
            ("11[{{ page.nothing | jsonify }}]", "11[null]"),
            ("12[{{ page.nothing | append: \"x\" }}]", "12[x]"),
            ("13[{{ page.nothing | plus: 1 }}]", "13[1]"),
            (
                "14[{% if page.nothing contains \"a\" %}c{% endif %}]",
                "14[]",
            ),
            ("15[{{ page.nothing.size }}]", "15[]"),
            ("17[{{ page.nothing | group_by: \"x\" | size }}]", "17[0]"),
            ("18[{{ page.nothing | sort_natural | size }}]", "18[0]"),
            ("21[{{ page.nothing | date: \"%Y\" }}]", "21[]"),
            ("22[{{ page.nothing | split: \",\" | size }}]", "22[0]"),
            (
                "23[{{ page.nothing | round }}{{ page.nothing | abs }}]",
                "23[00]",
            ),
            (
                "24[{% if page.nothing == nil %}n{% endif %}{% if nothing == empty %}e{% endif %}{% unless page.nothing %}u{% endunless %}]",
                "24[nu]",
            ),
            ("25[{{ page.nothing | slice: 0 }}]", "25[]"),
            (
                "26[{{ page.nothing | truncate: 3 }}{{ page.nothing | upcase }}{{ page.nothing | escape }}]",
                "26[]",
            ),
            (
                "27[{% assign x = page.nothing | default: \"d\" %}{{ x }}]",
                "27[d]",
            ),
            ("28[{{ page.nothing | push: \"a\" | size }}]", "28[0]"),
            (
                "29[{% for i in (1..page.nothing) %}{{ i }}{% endfor %}]",
                "29[]",
            ),
            ("30[{% if page.nothing > 1 %}gt{% endif %}]", "30[]"),
            (
                "{{ site.data.people | where: \"name\", \"Z\" | sort: \"name\" | size }}",
                "0",
            ),
        ];
        for (body, expected) in cases {
            let (result, warnings) = render_with(body, &[], LiquidConfig::default());
            assert_eq!(result.as_deref(), Ok(expected), "{body}");
            assert_eq!(warnings, Vec::<String>::new(), "{body}");
        }
    }

    #[test]
    fn a_plugins_tags_render_nothing() {
        let ruby = "class Y < Liquid::Tag\nend\nclass N < Liquid::Block\nend\nLiquid::Template.register_tag('youtube', Y)\nLiquid::Template.register_tag('note', N)\n";
        let setup = Setup {
            plugins: vec![super::super::plugins::parse("content/_plugins/t.rb", ruby)],
            ..Setup::default()
        };
        let engine =
            Engine::from_sources_with(vec![], liquid_core::Object::new(), setup, &mut Vec::new());
        let body = "a{% youtube abc 3 %}b{% note x %}{{ hidden | nope }}{% endnote %}c";
        let rendered = engine.render("p.md", body, 1, &empty_page(), &mut Vec::new());
        assert_eq!(
            rendered.map(|r| r.body).map_err(|e| e.to_string()),
            Ok("abc".to_string())
        );
    }

    #[test]
    fn strict_variables_make_undefined_values_errors() {
        let first = |body: &str| {
            let (result, _) = render_with(body, &[("card.html", "{{ include.title }}")], STRICT);
            result.unwrap_err().lines().next().unwrap_or("").to_string()
        };
        assert_eq!(
            first("a\n{{ nothing }}"),
            "p.md:5:1: error: Liquid error: Unknown variable"
        );
        assert_eq!(
            first("{% for p in site.data.people %}{{ p.role }}{% endfor %}"),
            "p.md:5:1: error: Liquid error: Unknown index in `{% for p in site[\"data\"][\"people\"]  %}`"
        );
        assert_eq!(
            first("{% include card.html %}"),
            "content/_includes/card.html:1:1: error: Liquid error: Unknown index (included by p.md:5:1)"
        );
        assert_eq!(
            first("{{ site.data.x }}"),
            "p.md:5:4: error: `site.data.x` has no data file"
        );
    }

    #[test]
    fn unknown_filters_pass_through_with_one_warning_per_name_and_file() {
        let (result, warnings) = render_with(
            "{{ 1234 | intcomma }} {{ 'a' | nope: 3 | upcase }}\n  {{ 'b' | nope }}",
            &[("n.html", "x\n {{ 5 | nope }}")],
            LiquidConfig::default(),
        );
        assert_eq!(result.as_deref(), Ok("1234 A\n  b"));
        assert_eq!(
            warnings,
            [
                "content/_includes/n.html:2:9: warning: unknown filter `nope` passes its input through unchanged\n  fix: correct the name, or use a built-in filter (README.md, \"Site includes and Liquid\"); `strict_filters: true` under `liquid:` in _config.yml makes this an error",
                "p.md:5:11: warning: filter `intcomma` of the Ruby plugin content/_plugins/filters.rb (not run) passes its input through unchanged\n  fix: write what it does in Liquid, or use a built-in filter, to get its output",
                "p.md:5:32: warning: unknown filter `nope` passes its input through unchanged\n  fix: correct the name, or use a built-in filter (README.md, \"Site includes and Liquid\"); `strict_filters: true` under `liquid:` in _config.yml makes this an error",
            ]
        );
        let (result, _) = render_with("a\n  {{ x | nope }}", &[], STRICT);
        assert_eq!(
            result.unwrap_err().lines().next(),
            Some("p.md:6:10: error: Liquid syntax error: unknown filter `nope`")
        );
        // A plugin's filter is known to Jekyll: it still passes through.
        let (result, _) = render_with("{{ 7 | intcomma }}", &[], STRICT);
        assert_eq!(result.as_deref(), Ok("7"));
    }

    #[test]
    fn the_pages_index_finds_the_pages_a_scan_finds() {
        let page = |role: Option<Value>| {
            let mut object = liquid_core::Object::new();
            if let Some(role) = role {
                object.insert("role".into(), role);
            }
            Value::Object(object)
        };
        let pages = [
            page(Some(Value::scalar("designer"))),
            page(Some(Value::scalar(7i64))),
            page(None),
            page(Some(Value::scalar("designer"))),
            page(Some(Value::scalar("dev"))),
            page(Some(Value::scalar(true))),
            page(Some(Value::scalar(false))),
        ];
        let views: Vec<&dyn ValueView> = pages.iter().map(|p| p as &dyn ValueView).collect();
        let index = PagesIndex::default();
        // `true` equals every string, as `where` compares.
        assert_eq!(index.positions(&views, "role", "designer"), [0, 3, 5]);
        assert_eq!(index.positions(&views, "role", "dev"), [4, 5]);
        // A number is not the string "7", as for `where`; an absent key matches nothing.
        assert_eq!(index.positions(&views, "role", "7"), [5]);
        assert_eq!(
            index.positions(&views, "team", "designer"),
            Vec::<usize>::new()
        );
    }

    #[test]
    fn bodies_render_with_jekyll_filters() {
        let cases = [
            ("{{ page.title }}", "T"),
            ("{{ page.tags | sort | first }}", "a"),
            ("{{ page.tags | jsonify }}", r#"["b","a"]"#),
            ("{{ \"Ciao Mondo!\" | slugify }}", "ciao-mondo"),
            ("{{ \"x/y\" | relative_url }}", "/x/y"),
            ("{{ 7 | modulo: 3 }}", "1"),
            ("{{ \"*a*\" | markdownify }}", "<p><em>a</em></p>\n"),
            (
                "{% assign n = page.tags | where_exp: \"t\", \"t == 'a'\" %}{{ n | size }}",
                "1",
            ),
            (
                "{% capture c %}x{% endcapture %}{{ c | append: 'y' }}",
                "xy",
            ),
            (
                "{% for t in page.tags %}{{ forloop.index }}{% endfor %}",
                "12",
            ),
            (
                "{% include team_list.html limit=3 %}",
                "{% include team_list.html limit=3 %}",
            ),
        ];
        for (body, expected) in cases {
            assert_eq!(render(body).as_deref(), Ok(expected), "{body}");
        }
    }

    #[test]
    fn render_errors_name_the_filter_or_tag_and_the_including_page() {
        let sources = vec![(
            "content/_includes/a.html".into(),
            "a.html".into(),
            "x\n  {{ 7 | divided_by: 0 }}".to_string(),
        )];
        let engine = Engine::from_sources(sources, liquid_core::Object::new(), &mut Vec::new());
        let render = |body: &str| {
            engine
                .render("p.md", body, 3, &empty_page(), &mut Vec::new())
                .unwrap_err()
                .to_string()
        };
        let first = |text: String| text.lines().next().unwrap_or("").to_string();
        assert_eq!(
            first(render("t\n{% include a.html %}")),
            "content/_includes/a.html:2:10: error: Liquid error: Can't divide by zero in filter `divided_by : 0` (included by p.md:4:1)"
        );
        assert_eq!(
            first(render("t\n  {{ 'a' | slice: 'b' }}")),
            "p.md:4:12: error: Liquid error: Invalid argument: Whole number expected in filter `slice : \"b\"`"
        );
        assert_eq!(
            first(render(
                "t\n{% if true %}\n {% for i in (1..'x') %}{% endfor %}{% endif %}"
            )),
            "p.md:5:2: error: Liquid error: Expected whole number, found `string` in `{% for i in (1..\"x\")  %}`"
        );
    }

    #[test]
    fn odd_includes_never_panic() {
        let deep = "{% if true %}".repeat(3000) + &"{% endif %}".repeat(3000);
        let limit =
            "{% if true %}".repeat(MAX_BLOCK_DEPTH) + &"{% endif %}".repeat(MAX_BLOCK_DEPTH);
        let odd = [
            "{% include a.html %}",
            "{% include %}",
            "{% include a.html x= %}",
            "{% include a.html x=y=z %}",
            "{{ include.x | where_exp: x }}",
            "{{ 'x' | where_exp: 'i', 'i ==' }}",
            "{{ site.pages | where: 'a' | group_by: 'b' | jsonify }}",
            "{% for i in (1..100000) %}{% endfor %}",
            "{{",
            "{% if %}",
            deep.as_str(),
            limit.as_str(),
            "{{ x | default: (((((((((( }}",
            "{% for p in 99999999999999999999 %}{% endfor %}",
            "{{ page.tags | where_exp: 'i', 'i == 99999999999999999999' }}",
        ];
        for include in odd {
            let mut warnings = Vec::new();
            let sources = vec![("a.html".into(), "a.html".into(), include.to_string())];
            let engine = Engine::from_sources(sources, liquid_core::Object::new(), &mut warnings);
            let body = "{% include a.html x=1 %}";
            let _ = engine.render("p.md", body, 1, &empty_page(), &mut warnings);
            let _ = engine.render("p.md", include, 1, &empty_page(), &mut warnings);
        }
    }

    #[test]
    fn arithmetic_as_liquid_without_overflow() {
        let cases = [
            ("{{ 7 | plus: 3 }}", "10"),
            ("{{ 7 | minus: 10 }}", "-3"),
            ("{{ 2.5 | times: 2 }}", "5"),
            ("{{ 7 | divided_by: 2 }}", "3"),
            ("{{ 7.0 | divided_by: 2 }}", "3.5"),
            ("{{ 7 | modulo: 3 }}", "1"),
            ("{{ -5 | abs }}", "5"),
            ("{{ '3' | plus: 1 }}", "4"),
        ];
        for (body, expected) in cases {
            assert_eq!(render(body).as_deref(), Ok(expected), "{body}");
        }
        let min = "-9223372036854775807 | minus: 1";
        for body in [
            "{{ 9223372036854775807 | plus: 1 }}".to_string(),
            "{{ 9223372036854775807 | times: 2 }}".to_string(),
            format!("{{{{ {min} | minus: 1 }}}}"),
            format!("{{{{ {min} | abs }}}}"),
            format!("{{{{ {min} | divided_by: -1 }}}}"),
            format!("{{{{ {min} | modulo: -1 }}}}"),
            "{{ 1 | modulo: 0 }}".to_string(),
            "{{ 1.5 | divided_by: 0 }}".to_string(),
        ] {
            let error = render(&body).unwrap_err();
            assert!(error.contains("error: Liquid error"), "{body}: {error}");
        }
    }

    #[test]
    fn a_number_too_large_is_an_error_not_a_panic() {
        // Found by the fuzzer (liquid-core 0.26 panics on such a literal).
        let crash = include_str!("../../../fuzz/corpus/includes/regression-huge-integer");
        let (include, body) = crash.split_once('\0').unwrap_or((crash, ""));
        let sources = vec![("a.html".into(), "a.html".into(), include.to_string())];
        let engine = Engine::from_sources(sources, liquid_core::Object::new(), &mut Vec::new());
        let _ = engine.render("p.md", body, 1, &empty_page(), &mut Vec::new());
        assert_eq!(
            render("x {{ 1 | plus: 99999999999999999999 }}")
                .unwrap_err()
                .lines()
                .next(),
            Some(
                "p.md:5:16: error: the number `99999999999999999999` is too large for Liquid (at most 9223372036854775807)"
            )
        );
        for fine in [
            "{{ 9223372036854775807 }}",
            "{{ 1.99999999999999999999 | plus: -9223372036854775808 }}",
            "{{ '99999999999999999999' }}",
            "{% raw %}{{ 99999999999999999999 }}{% endraw %}",
            "{% comment %}{{ 99999999999999999999 }}{% endcomment %}",
            "99999999999999999999",
        ] {
            assert!(render(fine).is_ok(), "{fine}");
        }
        for huge in [
            "{% for i in (1..99999999999999999999) %}{% endfor %}",
            "{{ -99999999999999999999 }}",
            "{% assign n = +99999999999999999999 %}",
        ] {
            assert!(render(huge).unwrap_err().contains("too large"), "{huge}");
        }
    }

    #[test]
    fn problem_needles() {
        assert_eq!(problem_needle("removed <script> element: x"), "<script");
        assert_eq!(
            problem_needle("removed the `onclick` attribute of <a>: x"),
            "onclick"
        );
    }
}
