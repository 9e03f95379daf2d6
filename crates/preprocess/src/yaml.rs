//! YAML as Jekyll reads it, for front matter, `_config.yml` and `_data/`.
//!
//! Jekyll 4.3 reads every YAML file with
//! `Psych.safe_load(text, permitted_classes: [Date, Time], aliases: true)`:
//! libyaml's parser, then Psych's rules for plain scalars. Here the parser
//! is libyaml itself (`libyaml-safer`, a line-by-line port of libyaml
//! 0.2.5, the version Debian's Psych links), so a file is accepted exactly
//! when Jekyll accepts it: quoted scalars continued at column 0, tabs in
//! quoted strings, and so on. The events become a [`Node`] tree with
//! Psych's scalar rules ([`resolve`]): `yes`/`no`/`on`/`off` are booleans,
//! `2024-05-01` a date, `0x1F` and `1:30` numbers (Psych's quirks
//! included); anchors and aliases are expanded (within a budget, against
//! alias bombs), `<<` merges maps; a key written twice keeps its place and
//! takes the last value, and is reported ([`Loaded::duplicates`]). The tree
//! is then read by serde ([`from_node`]), with every type error at the
//! line and column of its value, or straight into Liquid values.
//!
//! `tests/yaml_psych.rs` holds the table of cases, checked against Ruby's
//! Psych itself when Ruby is installed.

use libyaml_safer::{Event, EventData, Mark, Parser, ScalarStyle};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::collections::HashMap;
use std::fmt;

/// Most nodes one file may expand to (aliases included): a budget against
/// alias bombs, far above any real file.
const NODE_BUDGET: usize = 2_000_000;

/// Deepest nesting of lists and maps.
const MAX_DEPTH: usize = 500;

/// One YAML node and where it starts (1-based line and column).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// 1-based line of its first character.
    pub line: usize,
    /// 1-based column of its first character.
    pub column: usize,
}

/// A YAML value after Psych's rules.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null`, nothing.
    Null,
    /// `true`, `yes`, `on`, `false`, `no`, `off` in any case form Psych takes.
    Bool(bool),
    /// A whole number (decimal, `0x`, `0b`, leading-zero octal, `1:30`).
    Int(i64),
    /// A number with a fraction, `.inf`, `.nan`, or a whole number too big
    /// for 64 bits.
    Float(f64),
    /// Text.
    Str(String),
    /// A date or a time, as Ruby writes it (`2024-05-01`,
    /// `2024-05-01 10:00:00 +0000`, `2024-05-01 10:00:00 UTC`).
    Date(String),
    /// A list.
    Seq(Vec<Node>),
    /// A map, in the order its keys were first written.
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// The value as map-key text (what Ruby's `to_s` gives a scalar key).
    pub fn key_text(&self) -> Option<String> {
        Some(match self {
            Self::Null => String::new(),
            Self::Bool(b) => b.to_string(),
            Self::Int(n) => n.to_string(),
            Self::Float(f) => float_text(*f),
            Self::Str(s) | Self::Date(s) => s.clone(),
            Self::Seq(_) | Self::Map(_) => return None,
        })
    }
}

/// A float as Ruby's `to_s` writes it (`1.0`, `1500.0`, `1.0e+20`).
pub fn float_text(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    let scientific = format!("{f:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if (-4..16).contains(&exponent) {
        let fixed = f.to_string();
        if fixed.contains('.') {
            fixed
        } else {
            format!("{fixed}.0")
        }
    } else {
        let mantissa = if mantissa.contains('.') {
            mantissa.to_string()
        } else {
            format!("{mantissa}.0")
        };
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exponent.abs())
    }
}

/// A key written a second time in one map: the last value is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The key as written.
    pub key: String,
    /// 1-based line and column of the second key.
    pub line: usize,
    /// See `line`.
    pub column: usize,
    /// 1-based line of the first one.
    pub first_line: usize,
}

/// A loaded file.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// The first document (null when the text has none).
    pub root: Node,
    /// Keys written twice.
    pub duplicates: Vec<Duplicate>,
}

/// Why a text is not YAML Jekyll reads, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// libyaml's words (`found unexpected end of stream while scanning a
    /// quoted scalar`), or ours.
    pub reason: String,
    /// 1-based line; 0 when unknown (a type error not yet placed).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self {
            reason: msg.to_string(),
            line: 0,
            column: 0,
        }
    }
}

impl Error {
    fn at(reason: impl Into<String>, mark: Mark) -> Self {
        Self {
            reason: reason.into(),
            line: mark.line as usize + 1,
            column: mark.column as usize + 1,
        }
    }

    /// Places an error that has no place yet at `node`.
    fn placed(mut self, node: &Node) -> Self {
        if self.line == 0 {
            self.line = node.line;
            self.column = node.column;
        }
        self
    }

    fn from_libyaml(e: &libyaml_safer::Error) -> Self {
        // Psych names the context's mark (where the scalar or key began)
        // when there is one, else the problem's.
        let mark = e.context_mark().or(e.problem_mark()).unwrap_or_default();
        let reason = match e.context() {
            Some(context) => format!("{} {context}", e.problem()),
            None => e.problem().to_string(),
        };
        Self::at(reason, mark)
    }
}

/// Loads the first document of `text` as Psych does.
pub fn load(text: &str) -> Result<Loaded, Error> {
    let mut bytes = text.as_bytes();
    let mut parser = Parser::new();
    parser.set_input_string(&mut bytes);
    let mut builder = Builder::default();
    loop {
        let event = parser.parse().map_err(|e| Error::from_libyaml(&e))?;
        if let Some(root) = builder.event(event)? {
            return Ok(Loaded {
                root,
                duplicates: builder.duplicates,
            });
        }
    }
}

/// A list or map being built.
enum Frame {
    Seq {
        start: Mark,
        anchor: Option<String>,
        items: Vec<Node>,
        size: usize,
    },
    Map {
        start: Mark,
        anchor: Option<String>,
        map: MapBuilder,
        key: Option<Node>,
        size: usize,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<String, (Node, usize)>,
    duplicates: Vec<Duplicate>,
    nodes: usize,
    done: Option<Node>,
}

impl Builder {
    /// Takes one event; the document's root once it is complete.
    fn event(&mut self, event: Event) -> Result<Option<Node>, Error> {
        let start = event.start_mark;
        match event.data {
            EventData::StreamStart { .. } | EventData::DocumentStart { .. } => {}
            EventData::DocumentEnd { .. } | EventData::StreamEnd => {
                let root = self.done.take().unwrap_or(Node {
                    value: Value::Null,
                    line: 1,
                    column: 1,
                });
                return Ok(Some(root));
            }
            EventData::Alias { anchor } => {
                let Some((node, size)) = self.anchors.get(&anchor) else {
                    return Err(Error::at(
                        format!(
                            "the alias `*{anchor}` names no anchor (`&{anchor}`) written before it"
                        ),
                        start,
                    ));
                };
                let (mut node, size) = (node.clone(), *size);
                (node.line, node.column) = (start.line as usize + 1, start.column as usize + 1);
                self.complete(node, size, start)?;
            }
            EventData::Scalar {
                anchor,
                tag,
                value,
                style,
                ..
            } => {
                let value = scalar(value, tag.as_deref(), style, start)?;
                let node = Node {
                    value,
                    line: start.line as usize + 1,
                    column: start.column as usize + 1,
                };
                self.anchor(anchor, &node, 1);
                self.complete(node, 1, start)?;
            }
            EventData::SequenceStart { anchor, .. } => {
                self.open(start)?;
                self.stack.push(Frame::Seq {
                    start,
                    anchor,
                    items: Vec::new(),
                    size: 1,
                });
            }
            EventData::MappingStart { anchor, .. } => {
                self.open(start)?;
                self.stack.push(Frame::Map {
                    start,
                    anchor,
                    map: MapBuilder::default(),
                    key: None,
                    size: 1,
                });
            }
            EventData::SequenceEnd | EventData::MappingEnd => {
                let (node, size, anchor) = match self.stack.pop() {
                    Some(Frame::Seq {
                        start,
                        anchor,
                        items,
                        size,
                    }) => (node_at(Value::Seq(items), start), size, anchor),
                    Some(Frame::Map {
                        start,
                        anchor,
                        map,
                        size,
                        ..
                    }) => (node_at(Value::Map(map.entries), start), size, anchor),
                    None => return Ok(None),
                };
                self.anchor(anchor, &node, size);
                self.complete(node, size, start)?;
            }
        }
        Ok(None)
    }

    fn open(&self, start: Mark) -> Result<(), Error> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(Error::at(
                format!("lists and maps are nested more than {MAX_DEPTH} deep"),
                start,
            ));
        }
        Ok(())
    }

    fn anchor(&mut self, anchor: Option<String>, node: &Node, size: usize) {
        if let Some(name) = anchor {
            self.anchors.insert(name, (node.clone(), size));
        }
    }

    /// Adds a finished node of `size` nodes to its parent.
    fn complete(&mut self, node: Node, size: usize, start: Mark) -> Result<(), Error> {
        self.nodes += size;
        if self.nodes > NODE_BUDGET {
            return Err(Error::at(
                format!("the aliases expand to more than {NODE_BUDGET} values"),
                start,
            ));
        }
        match self.stack.last_mut() {
            None => self.done = Some(node),
            Some(Frame::Seq {
                items, size: total, ..
            }) => {
                items.push(node);
                *total += size;
            }
            Some(Frame::Map {
                map,
                key,
                size: total,
                ..
            }) => {
                *total += size;
                match key.take() {
                    None => *key = Some(node),
                    Some(k) => map.insert(k, node, &mut self.duplicates),
                }
            }
        }
        Ok(())
    }
}

fn node_at(value: Value, mark: Mark) -> Node {
    Node {
        value,
        line: mark.line as usize + 1,
        column: mark.column as usize + 1,
    }
}

/// A map's entries, with a key index once it is large.
#[derive(Default)]
struct MapBuilder {
    entries: Vec<(Node, Node)>,
    /// Whether each entry's key was written in the map itself (not merged).
    written: Vec<bool>,
    index: Option<HashMap<KeyId, usize>>,
}

/// What makes two keys the same key for Ruby's `Hash`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum KeyId {
    Null,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(String),
    Date(String),
}

fn key_id(value: &Value) -> Option<KeyId> {
    Some(match value {
        Value::Null => KeyId::Null,
        Value::Bool(b) => KeyId::Bool(*b),
        Value::Int(n) => KeyId::Int(*n),
        Value::Float(f) => KeyId::Float(f.to_bits()),
        Value::Str(s) => KeyId::Str(s.clone()),
        Value::Date(s) => KeyId::Date(s.clone()),
        Value::Seq(_) | Value::Map(_) => return None,
    })
}

impl MapBuilder {
    /// Psych's `revive_hash`: `<<` merges a map or a list of maps (the
    /// first of the list winning); any other key is set.
    fn insert(&mut self, key: Node, value: Node, duplicates: &mut Vec<Duplicate>) {
        if key.value == Value::Str("<<".into()) {
            match &value.value {
                Value::Map(entries) => {
                    for (k, v) in entries {
                        self.set(k.clone(), v.clone(), false, duplicates);
                    }
                    return;
                }
                Value::Seq(items) if items.iter().all(|i| matches!(i.value, Value::Map(_))) => {
                    let mut merged = Self::default();
                    for item in items.iter().rev() {
                        if let Value::Map(entries) = &item.value {
                            for (k, v) in entries {
                                merged.set(k.clone(), v.clone(), false, duplicates);
                            }
                        }
                    }
                    for (k, v) in merged.entries {
                        self.set(k, v, false, duplicates);
                    }
                    return;
                }
                _ => {}
            }
        }
        self.set(key, value, true, duplicates);
    }

    fn position(&mut self, id: &KeyId) -> Option<usize> {
        if self.index.is_none() && self.entries.len() >= 16 {
            let index = self
                .entries
                .iter()
                .enumerate()
                .filter_map(|(i, (k, _))| key_id(&k.value).map(|id| (id, i)))
                .collect();
            self.index = Some(index);
        }
        match &self.index {
            Some(index) => index.get(id).copied(),
            None => self
                .entries
                .iter()
                .position(|(k, _)| key_id(&k.value).as_ref() == Some(id)),
        }
    }

    fn set(&mut self, key: Node, value: Node, written: bool, duplicates: &mut Vec<Duplicate>) {
        let Some(id) = key_id(&key.value) else {
            self.entries.push((key, value));
            self.written.push(written);
            return;
        };
        if let Some(at) = self.position(&id) {
            if written && self.written[at] {
                duplicates.push(Duplicate {
                    key: key.value.key_text().unwrap_or_default(),
                    line: key.line,
                    column: key.column,
                    first_line: self.entries[at].0.line,
                });
            }
            self.entries[at].1 = value;
            self.written[at] |= written;
            return;
        }
        if let Some(index) = &mut self.index {
            index.insert(id, self.entries.len());
        }
        self.entries.push((key, value));
        self.written.push(written);
    }
}

/// A scalar event's value: quoted and block scalars are text, plain ones
/// follow [`resolve`]; the core tags (`!!str`, `!!int`, ...) are honoured.
fn scalar(text: String, tag: Option<&str>, style: ScalarStyle, at: Mark) -> Result<Value, Error> {
    let plain = style == ScalarStyle::Plain;
    let Some(tag) = tag.filter(|t| *t != "!") else {
        return if plain {
            resolve(text).map_err(|reason| Error::at(reason, at))
        } else {
            Ok(Value::Str(text))
        };
    };
    let core = tag.strip_prefix("tag:yaml.org,2002:").unwrap_or(tag);
    let resolved = || resolve(text.clone()).map_err(|reason| Error::at(reason, at));
    let wrong = |what: &str| Error::at(format!("`!!{core} {text}` is not {what}"), at);
    Ok(match core {
        "str" => Value::Str(text),
        "int" => match resolved()? {
            v @ Value::Int(_) => v,
            _ => return Err(wrong("a whole number")),
        },
        "float" => match resolved()? {
            Value::Int(n) => Value::Float(n as f64),
            v @ Value::Float(_) => v,
            _ => return Err(wrong("a number")),
        },
        "bool" => match resolved()? {
            v @ Value::Bool(_) => v,
            _ => return Err(wrong("true or false")),
        },
        "null" => Value::Null,
        _ if plain => resolved()?,
        _ => Value::Str(text),
    })
}

/// Psych's `ScalarScanner#tokenize`: what a plain scalar is. `Err` for a
/// Ruby symbol (`:name`), which `safe_load` refuses.
pub fn resolve(text: String) -> Result<Value, String> {
    if text.is_empty() {
        return Ok(Value::Null);
    }
    if looks_like_a_word(&text) {
        return Ok(word(text));
    }
    if let Some(time) = time(&text) {
        return Ok(time);
    }
    if let Some(date) = date(&text) {
        return Ok(Value::Date(date));
    }
    let lower = text.to_ascii_lowercase();
    match lower.as_str() {
        ".inf" | "+.inf" => return Ok(Value::Float(f64::INFINITY)),
        "-.inf" => return Ok(Value::Float(f64::NEG_INFINITY)),
        ".nan" => return Ok(Value::Float(f64::NAN)),
        _ => {}
    }
    if text.len() > 1 && text.starts_with(':') {
        return Err(format!(
            "`{text}` would be a Ruby symbol, which Jekyll refuses (Psych's safe_load): put it in quotes"
        ));
    }
    if let Some(value) = sexagesimal(&text) {
        return Ok(value);
    }
    if let Some(value) = float(&text) {
        return Ok(value);
    }
    if let Some(value) = integer(&text) {
        return Ok(value);
    }
    Ok(Value::Str(text))
}

/// `[[:alpha:]_\s!@#$%^&*(){}<>|/\~;=]`, the characters of Psych's "string"
/// pattern.
fn wordish(c: char) -> bool {
    c.is_alphabetic() || c.is_whitespace() || "_!@#$%^&*(){}<>|/\\~;=".contains(c)
}

/// Psych's first test: `^[^\d.:-]?[wordish]+` anywhere at a line start, or
/// a line break.
fn looks_like_a_word(text: &str) -> bool {
    text.contains('\n') || {
        let mut chars = text.chars();
        let first = chars.next().unwrap_or(' ');
        wordish(first)
            || (!first.is_ascii_digit()
                && !".:-".contains(first)
                && chars.next().is_some_and(wordish))
    }
}

/// A word: `null`, `~`, the booleans of five letters or fewer, else text.
fn word(text: String) -> Value {
    if text.chars().count() > 5 {
        return Value::Str(text);
    }
    match text.to_ascii_lowercase().as_str() {
        "~" | "null" => Value::Null,
        "yes" | "true" | "on" => Value::Bool(true),
        "no" | "false" | "off" => Value::Bool(false),
        _ => Value::Str(text),
    }
}

/// Splits `text` into runs of ASCII digits and single other characters.
fn digits(text: &str, at: usize, min: usize, max: usize) -> Option<(u32, usize)> {
    let run = text[at..].bytes().take_while(u8::is_ascii_digit).count();
    (min..=max)
        .contains(&run)
        .then(|| text[at..at + run].parse().ok().map(|n| (n, at + run)))
        .flatten()
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count (the inverse of [`days_from_civil`]).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `^\d{4}-(1[012]|0\d|\d)-([12]\d|3[01]|0\d|\d)$`, a real date: Ruby's
/// `Date#to_s`.
fn date(text: &str) -> Option<String> {
    let (y, at) = digits(text, 0, 4, 4)?;
    let at = text[at..].starts_with('-').then_some(at + 1)?;
    let (m, at) = digits(text, at, 1, 2)?;
    let at = text[at..].starts_with('-').then_some(at + 1)?;
    let (d, at) = digits(text, at, 1, 2)?;
    let valid =
        at == text.len() && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(i64::from(y), m);
    valid.then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// Psych's `TIME` pattern and `parse_time`, as Ruby's `Time#to_s` writes
/// the result (a time without a zone is taken as UTC, as on a machine
/// whose zone is UTC).
fn time(text: &str) -> Option<Value> {
    let (neg, at) = if text.starts_with('-') {
        (true, 1)
    } else {
        (false, 0)
    };
    let (y, at) = digits(text, at, 4, 4)?;
    let at = text[at..].starts_with('-').then_some(at + 1)?;
    let (mo, at) = digits(text, at, 1, 2)?;
    let at = text[at..].starts_with('-').then_some(at + 1)?;
    let (d, at) = digits(text, at, 1, 2)?;
    let rest = &text[at..];
    let sep = if rest.starts_with(['T', 't']) {
        1
    } else {
        rest.bytes().take_while(|b| b.is_ascii_whitespace()).count()
    };
    if sep == 0 {
        return None;
    }
    let at = at + sep;
    let (h, at) = digits(text, at, 1, 2)?;
    let at = text[at..].starts_with(':').then_some(at + 1)?;
    let (mi, at) = digits(text, at, 2, 2)?;
    let at = text[at..].starts_with(':').then_some(at + 1)?;
    let (s, mut at) = digits(text, at, 2, 2)?;
    if text[at..].starts_with('.') {
        at += 1 + text[at + 1..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
    }
    let zone_at = at
        + text[at..]
            .bytes()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
    let zone = &text[zone_at..];
    let offset = match zone {
        "" if zone_at == text.len() && at == text.len() => Some(0),
        "" => return None,
        "Z" => None,
        _ => Some(zone_offset(zone)?),
    };
    let y = if neg { -i64::from(y) } else { i64::from(y) };
    // Time.utc's ranges: an out-of-range field is an ArgumentError (the
    // text stays text); a day past the month's end rolls over.
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 24 || mi > 59 || s > 60 {
        return None;
    }
    if h == 24 && (mi > 0 || s > 0) {
        return None;
    }
    let seconds = days_from_civil(y, mo, 1) * 86_400
        + (i64::from(d) - 1) * 86_400
        + i64::from(h) * 3600
        + i64::from(mi) * 60
        + i64::from(s);
    let (shown, suffix) = match offset {
        None => (seconds, " UTC".to_string()),
        Some(off) => {
            // A zoned time is shown in its own zone; an unzoned one in UTC.
            let sign = if off < 0 { '-' } else { '+' };
            let abs = off.abs();
            (
                seconds,
                format!(" {sign}{:02}{:02}", abs / 3600, abs % 3600 / 60),
            )
        }
    };
    let days = shown.div_euclid(86_400);
    let secs = shown.rem_euclid(86_400);
    let (yy, mm, dd) = civil_from_days(days);
    Some(Value::Date(format!(
        "{yy:04}-{mm:02}-{dd:02} {:02}:{:02}:{:02}{suffix}",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )))
}

/// `[-+]\d{1,2}:?(\d\d)?` as seconds east of UTC, split as Psych's
/// `parse_time` splits it (hours take two digits when they can).
fn zone_offset(zone: &str) -> Option<i64> {
    let sign = match zone.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let body = &zone[1..];
    let (h, m) = match body.split_once(':') {
        Some((h, m)) => (h, m),
        None if body.len() > 2 => body.split_at(2),
        None => (body, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let fits = (1..=2).contains(&h.len())
        && all_digits(h)
        && all_digits(m)
        && (m.is_empty() || m.len() == 2 || (m.len() == 1 && !body.contains(':')));
    if !fits {
        return None;
    }
    let h: i64 = h.parse().ok()?;
    let m: i64 = if m.is_empty() { 0 } else { m.parse().ok()? };
    Some(sign * (h * 3600 + m * 60))
}

/// Ruby's `String#to_i` of a run of digits and underscores with a sign.
fn ruby_to_i(part: &str) -> i64 {
    let (sign, digits) = match part.as_bytes().first() {
        Some(b'-') => (-1, &part[1..]),
        Some(b'+') => (1, &part[1..]),
        _ => (1, part),
    };
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    sign * clean.parse::<i64>().unwrap_or(0)
}

/// `^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}(\.[0-9_]*)?$`: Psych's base 60,
/// whose first part counts 60² whatever the number of parts.
fn sexagesimal(text: &str) -> Option<Value> {
    let (body, fraction) = match text.split_once('.') {
        Some((body, fraction)) => (body, Some(fraction)),
        None => (text, None),
    };
    let mut parts = body.split(':');
    let first = parts.next()?;
    let unsigned = first.strip_prefix(['-', '+']).unwrap_or(first);
    if !unsigned.starts_with(|c: char| c.is_ascii_digit())
        || !unsigned.bytes().all(|b| b.is_ascii_digit() || b == b'_')
    {
        return None;
    }
    let rest: Vec<&str> = parts.collect();
    let base60 = |p: &&str| {
        (1..=2).contains(&p.len())
            && p.bytes().all(|b| b.is_ascii_digit())
            && (p.len() == 1 || p.as_bytes()[0] <= b'5')
    };
    if !(1..=2).contains(&rest.len()) || !rest.iter().all(base60) {
        return None;
    }
    if let Some(f) = fraction
        && !f.bytes().all(|b| b.is_ascii_digit() || b == b'_')
    {
        return None;
    }
    let all: Vec<&str> = std::iter::once(first).chain(rest.iter().copied()).collect();
    let weight = |e: usize| 60_i64.pow(u32::try_from(e.abs_diff(2)).unwrap_or(0));
    match fraction {
        None => {
            let total = all
                .iter()
                .enumerate()
                .map(|(e, p)| ruby_to_i(p) * weight(e))
                .sum();
            Some(Value::Int(total))
        }
        Some(f) => {
            let last = all.len() - 1;
            let total = all
                .iter()
                .enumerate()
                .map(|(e, p)| {
                    let n = if e == last {
                        format!("{}.{}", ruby_to_i(p), f.replace('_', ""))
                            .parse()
                            .unwrap_or(0.0)
                    } else {
                        ruby_to_i(p) as f64
                    };
                    n * weight(e) as f64
                })
                .sum();
            Some(Value::Float(total))
        }
    }
}

/// Psych's `FLOAT`: `^[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?$`.
fn float(text: &str) -> Option<Value> {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (whole, rest) = body.split_once('.')?;
    if !whole.is_empty()
        && (!whole.starts_with(|c: char| c.is_ascii_digit())
            || !whole
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'_' || b == b','))
    {
        return None;
    }
    let fraction_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    let exponent = &rest[fraction_len..];
    if !exponent.is_empty() {
        let e = exponent
            .strip_prefix(['e', 'E'])?
            .strip_prefix(['-', '+'])?;
        if e.is_empty() || !e.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    if whole.is_empty() && rest.is_empty() {
        return Some(Value::Str(text.to_string()));
    }
    let clean: String = text.chars().filter(|c| *c != '_' && *c != ',').collect();
    let clean = clean.replace(".e", "e").replace(".E", "E");
    let clean = clean.strip_suffix('.').unwrap_or(&clean);
    clean.parse::<f64>().ok().map(Value::Float)
}

/// Psych's `INTEGER` (binary, octal with a leading zero, decimal, hex;
/// `_` and `,` allowed as Psych allows them), as `Integer()` reads it.
fn integer(text: &str) -> Option<Value> {
    let (negative, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let only = |s: &str, ok: fn(u8) -> bool| {
        !s.is_empty() && s.bytes().all(|b| ok(b) || b == b'_' || b == b',')
    };
    let (radix, digits) = if let Some(bin) = body.strip_prefix("0b") {
        (2, only(bin, |b| b == b'0' || b == b'1').then_some(bin)?)
    } else if let Some(hex) = body.strip_prefix("0x") {
        (16, only(hex, |b| b.is_ascii_hexdigit()).then_some(hex)?)
    } else if body.len() > 1 && body.starts_with('0') {
        (
            8,
            only(&body[1..], |b| (b'0'..=b'7').contains(&b)).then_some(&body[1..])?,
        )
    } else {
        let b = body.as_bytes();
        let ok = body == "0"
            || (b.first().is_some_and(|c| (b'1'..=b'9').contains(c))
                && b.iter().enumerate().skip(1).all(|(i, c)| {
                    c.is_ascii_digit()
                        || (matches!(c, b'_' | b',')
                            && b.get(i + 1).is_some_and(u8::is_ascii_digit))
                }));
        (10, ok.then_some(body)?)
    };
    let clean: String = digits.chars().filter(|c| *c != '_' && *c != ',').collect();
    if clean.is_empty() {
        return None;
    }
    match i64::from_str_radix(&clean, radix) {
        Ok(n) => Some(Value::Int(if negative { -n } else { n })),
        Err(_) => {
            let big = u128::from_str_radix(&clean, radix).map_or(f64::INFINITY, |n| n as f64);
            Some(Value::Float(if negative { -big } else { big }))
        }
    }
}

/// Reads a `T` from a node, every error placed at its value.
pub fn from_node<'de, T: serde::Deserialize<'de>>(node: &'de Node) -> Result<T, Error> {
    T::deserialize(node).map_err(|e| e.placed(node))
}

/// The name [`Spanned`] asks a deserializer for.
const SPANNED: &str = "$tdt::yaml::Spanned";
const SPANNED_FIELDS: &[&str] = &["line", "column", "value"];

/// A value with the 1-based line and column where it starts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for Spanned<T> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct SpannedVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: serde::Deserialize<'de>> Visitor<'de> for SpannedVisitor<T> {
            type Value = Spanned<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value with its place")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Spanned<T>, A::Error> {
                let (mut line, mut column, mut value) = (0, 0, None);
                while let Some(key) = map.next_key::<&str>()? {
                    match key {
                        "line" => line = map.next_value()?,
                        "column" => column = map.next_value()?,
                        _ => value = Some(map.next_value()?),
                    }
                }
                let value = value.ok_or_else(|| de::Error::missing_field("value"))?;
                Ok(Spanned {
                    value,
                    line,
                    column,
                })
            }
        }
        d.deserialize_struct(
            SPANNED,
            SPANNED_FIELDS,
            SpannedVisitor(std::marker::PhantomData),
        )
    }
}

impl<'de> de::Deserializer<'de> for &'de Node {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = match &self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Int(n) => visitor.visit_i64(*n),
            Value::Float(f) => visitor.visit_f64(*f),
            Value::Str(s) | Value::Date(s) => visitor.visit_borrowed_str(s),
            Value::Seq(items) => visitor.visit_seq(Items(items.iter())),
            Value::Map(entries) => visitor.visit_map(Entries {
                entries: entries.iter(),
                value: None,
            }),
        };
        result.map_err(|e| e.placed(self))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Str(s) | Value::Date(s) => visitor.visit_borrowed_str(s),
            Value::Null | Value::Seq(_) | Value::Map(_) => self.deserialize_any(visitor),
            other => {
                let text = other.key_text().unwrap_or_default();
                visitor
                    .visit_string(text)
                    .map_err(|e: Error| e.placed(self))
            }
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name == SPANNED {
            return visitor.visit_map(Span {
                node: self,
                next: 0,
            });
        }
        if let Value::Seq(_) = self.value {
            // serde would read a list as the fields in order.
            return Err(
                <Error as de::Error>::invalid_type(de::Unexpected::Seq, &visitor).placed(self),
            );
        }
        self.deserialize_any(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match &self.value {
            Value::Str(s) => visitor
                .visit_enum(s.as_str().into_deserializer())
                .map_err(|e: Error| e.placed(self)),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char
        bytes byte_buf unit unit_struct seq tuple tuple_struct map
    }
}

/// A list's items for serde.
struct Items<'de>(std::slice::Iter<'de, Node>);

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0
            .next()
            .map(|node| seed.deserialize(node).map_err(|e| e.placed(node)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// A map's entries for serde.
struct Entries<'de> {
    entries: std::slice::Iter<'de, (Node, Node)>,
    value: Option<&'de Node>,
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(key).map(Some).map_err(|e| e.placed(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let node = self
            .value
            .take()
            .ok_or_else(|| de::Error::custom("a value without a key"))?;
        seed.deserialize(node).map_err(|e| e.placed(node))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// A node's place and the node, as the map [`Spanned`] reads.
struct Span<'de> {
    node: &'de Node,
    next: usize,
}

impl<'de> MapAccess<'de> for Span<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(name) = SPANNED_FIELDS.get(self.next) else {
            return Ok(None);
        };
        seed.deserialize(de::value::BorrowedStrDeserializer::new(name))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let field = self.next;
        self.next += 1;
        match field {
            0 => seed.deserialize((self.node.line as u64).into_deserializer()),
            1 => seed.deserialize((self.node.column as u64).into_deserializer()),
            _ => seed.deserialize(self.node),
        }
    }
}
