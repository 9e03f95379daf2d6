//! The Liquid filters of site includes: Liquid's standard ones, the Jekyll
//! ones the `liquid` crates have (`slugify`, `sort` with a key), and the
//! Jekyll ones added here (`jsonify`, `markdownify`, `relative_url`,
//! `absolute_url`, `group_by`, `where_exp`).

use liquid_core::model::{KStringRef, Value, ValueView};
use liquid_core::parser::{FilterArguments, ParameterReflection};
use liquid_core::runtime::{StackFrame, Template};
use liquid_core::{Expression, Filter, FilterReflection, Language, ParseFilter, Runtime};
use std::collections::HashMap;

/// Registers every filter in `lang`.
pub fn register(lang: &mut Language) {
    use liquid_lib::{jekyll, stdlib};
    let standard: Vec<Box<dyn ParseFilter>> = vec![
        Box::new(stdlib::Append),
        Box::new(stdlib::AtLeast),
        Box::new(stdlib::AtMost),
        Box::new(stdlib::Capitalize),
        Box::new(stdlib::Ceil),
        Box::new(stdlib::Compact),
        Box::new(stdlib::Concat),
        Box::new(stdlib::Default),
        Box::new(stdlib::Downcase),
        Box::new(stdlib::Escape),
        Box::new(stdlib::EscapeOnce),
        Box::new(stdlib::First),
        Box::new(stdlib::Floor),
        Box::new(stdlib::Join),
        Box::new(stdlib::Last),
        Box::new(stdlib::Lstrip),
        Box::new(stdlib::Map),
        Box::new(stdlib::NewlineToBr),
        Box::new(stdlib::Prepend),
        Box::new(stdlib::Remove),
        Box::new(stdlib::RemoveFirst),
        Box::new(stdlib::Replace),
        Box::new(stdlib::ReplaceFirst),
        Box::new(stdlib::Reverse),
        Box::new(stdlib::Round),
        Box::new(stdlib::Rstrip),
        Box::new(stdlib::Size),
        Box::new(stdlib::Slice),
        Box::new(stdlib::SortNatural),
        Box::new(stdlib::Split),
        Box::new(stdlib::Strip),
        Box::new(stdlib::StripHtml),
        Box::new(stdlib::StripNewlines),
        Box::new(stdlib::Truncate),
        Box::new(stdlib::TruncateWords),
        Box::new(stdlib::Uniq),
        Box::new(stdlib::Upcase),
        Box::new(stdlib::UrlDecode),
        Box::new(stdlib::Where),
        Box::new(jekyll::Slugify),
        Box::new(jekyll::Sort),
        Box::new(jekyll::Push),
        Box::new(jekyll::Pop),
        Box::new(jekyll::Shift),
        Box::new(jekyll::Unshift),
        Box::new(jekyll::ArrayToSentenceString),
    ];
    for filter in standard {
        lang.filters
            .register(filter.reflection().name().to_string(), filter);
    }
    for kind in [
        Kind::Jsonify,
        Kind::Markdownify,
        Kind::RelativeUrl,
        Kind::AbsoluteUrl,
        Kind::GroupBy,
        Kind::WhereExp,
        Kind::SitePagesWhere,
        Kind::Abs,
        Kind::Plus,
        Kind::Minus,
        Kind::Times,
        Kind::DividedBy,
        Kind::Modulo,
        Kind::Date,
        Kind::DateToString,
        Kind::DateToLongString,
        Kind::DateToXmlschema,
        Kind::DateToRfc822,
        Kind::NumberOfWords,
        Kind::XmlEscape,
        Kind::CgiEscape,
        Kind::UrlEncode,
        Kind::NormalizeWhitespace,
    ] {
        lang.filters
            .register(kind.name().to_string(), Box::new(Jekyll(kind)));
    }
}

/// The filters added here. The arithmetic ones replace liquid's, which
/// overflow (a panic, or a wrong number) on large whole numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Abs,
    Plus,
    Minus,
    Times,
    DividedBy,
    Modulo,
    Jsonify,
    Markdownify,
    RelativeUrl,
    AbsoluteUrl,
    GroupBy,
    WhereExp,
    SitePagesWhere,
    Date,
    DateToString,
    DateToLongString,
    DateToXmlschema,
    DateToRfc822,
    NumberOfWords,
    XmlEscape,
    CgiEscape,
    UrlEncode,
    NormalizeWhitespace,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Abs => "abs",
            Kind::Plus => "plus",
            Kind::Minus => "minus",
            Kind::Times => "times",
            Kind::DividedBy => "divided_by",
            Kind::Modulo => "modulo",
            Kind::Jsonify => "jsonify",
            Kind::Markdownify => "markdownify",
            Kind::RelativeUrl => "relative_url",
            Kind::AbsoluteUrl => "absolute_url",
            Kind::GroupBy => "group_by",
            Kind::WhereExp => "where_exp",
            Kind::SitePagesWhere => "site_pages_where",
            Kind::Date => "date",
            Kind::DateToString => "date_to_string",
            Kind::DateToLongString => "date_to_long_string",
            Kind::DateToXmlschema => "date_to_xmlschema",
            Kind::DateToRfc822 => "date_to_rfc822",
            Kind::NumberOfWords => "number_of_words",
            Kind::XmlEscape => "xml_escape",
            Kind::CgiEscape => "cgi_escape",
            Kind::UrlEncode => "url_encode",
            Kind::NormalizeWhitespace => "normalize_whitespace",
        }
    }
}

/// The parser of one added filter.
#[derive(Clone, Copy, Debug)]
struct Jekyll(Kind);

impl FilterReflection for Jekyll {
    fn name(&self) -> &str {
        self.0.name()
    }
    fn description(&self) -> &str {
        "a Jekyll filter"
    }
    fn positional_parameters(&self) -> &'static [ParameterReflection] {
        &[]
    }
    fn keyword_parameters(&self) -> &'static [ParameterReflection] {
        &[]
    }
}

impl ParseFilter for Jekyll {
    fn parse(&self, arguments: FilterArguments) -> liquid_core::Result<Box<dyn Filter>> {
        let args: Vec<Expression> = arguments.positional.collect();
        let condition = if self.0 == Kind::WhereExp {
            let text = match args.get(1) {
                Some(Expression::Literal(v)) => v.to_kstr().to_string(),
                _ => {
                    return Err(liquid_core::Error::with_msg(
                        "where_exp needs a name and a condition in quotes",
                    ));
                }
            };
            Some(condition_template(&text)?)
        } else {
            None
        };
        Ok(Box::new(Applied {
            kind: self.0,
            args,
            condition,
        }))
    }
    fn reflection(&self) -> &dyn FilterReflection {
        self
    }
}

/// `abs`, `plus`, `minus`, `times`, `divided_by` and `modulo` as liquid
/// computes them (whole numbers stay whole, else decimals), with an error
/// instead of an overflow or a division by zero.
fn arithmetic(
    kind: Kind,
    input: &dyn ValueView,
    operand: Option<&Value>,
) -> liquid_core::Result<Value> {
    let error = |m: &str| liquid_core::Error::with_msg(m.to_string());
    // Nil is 0, as Ruby's Liquid reads it.
    let zero = liquid_core::model::ScalarCow::new(0i64);
    let a = match input.as_scalar() {
        _ if input.is_nil() => zero,
        a => a.ok_or_else(|| error("Number expected"))?,
    };
    if kind == Kind::Abs {
        return match (a.to_integer(), a.to_float()) {
            (Some(i), _) => i
                .checked_abs()
                .map(Value::scalar)
                .ok_or_else(|| error("the result is too large")),
            (None, Some(f)) => Ok(Value::scalar(f.abs())),
            _ => Err(error("Number expected")),
        };
    }
    let b = operand
        .and_then(|o| o.as_scalar())
        .ok_or_else(|| error("Number expected as operand"))?;
    let zero = matches!(kind, Kind::DividedBy | Kind::Modulo)
        && (b.to_integer() == Some(0) || b.to_float() == Some(0.0));
    if zero {
        return Err(error("Can't divide by zero"));
    }
    if let (Some(x), Some(y)) = (a.to_integer(), b.to_integer()) {
        let result = match kind {
            Kind::Plus => x.checked_add(y),
            Kind::Minus => x.checked_sub(y),
            Kind::Times => x.checked_mul(y),
            Kind::DividedBy => x.checked_div(y),
            _ => x.checked_rem(y),
        };
        return result
            .map(Value::scalar)
            .ok_or_else(|| error("the result is too large for a whole number"));
    }
    let (Some(x), Some(y)) = (a.to_float(), b.to_float()) else {
        return Err(error("Number expected"));
    };
    Ok(Value::scalar(match kind {
        Kind::Plus => x + y,
        Kind::Minus => x - y,
        Kind::Times => x * y,
        Kind::DividedBy => x / y,
        _ => x % y,
    }))
}

/// `{% if CONDITION %}1{% endif %}`, parsed once.
fn condition_template(condition: &str) -> liquid_core::Result<Template> {
    let mut lang = Language::empty();
    lang.blocks.register(
        "if".to_string(),
        Box::new(liquid_lib::stdlib::IfBlock) as Box<dyn liquid_core::ParseBlock>,
    );
    if let Some((at, len)) = super::templates::huge_integer(condition) {
        let number = &condition[at..at + len];
        return Err(liquid_core::Error::with_msg(format!(
            "the number `{number}` is too large for Liquid"
        )));
    }
    let text = format!("{{% if {condition} %}}1{{% endif %}}");
    liquid_core::parser::parse(&text, &lang).map(Template::new)
}

/// An added filter with its arguments.
#[derive(Debug)]
struct Applied {
    kind: Kind,
    args: Vec<Expression>,
    condition: Option<Template>,
}

impl std::fmt::Display for Applied {
    /// As liquid shows a filter in its messages: `divided_by : 0`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.kind.name())?;
        for (i, arg) in self.args.iter().enumerate() {
            write!(f, "{}{arg}", if i == 0 { " : " } else { ", " })?;
        }
        Ok(())
    }
}

impl Filter for Applied {
    fn evaluate(&self, input: &dyn ValueView, runtime: &dyn Runtime) -> liquid_core::Result<Value> {
        let arg = |i: usize| -> liquid_core::Result<String> {
            match self.args.get(i) {
                Some(e) => Ok(e.evaluate(runtime)?.to_kstr().to_string()),
                None => Ok(String::new()),
            }
        };
        Ok(match self.kind {
            Kind::Abs | Kind::Plus | Kind::Minus | Kind::Times | Kind::DividedBy | Kind::Modulo => {
                let operand = match self.args.first() {
                    Some(e) => Some(e.evaluate(runtime)?.into_owned()),
                    None => None,
                };
                arithmetic(self.kind, input, operand.as_ref())?
            }
            Kind::Jsonify => Value::scalar(jsonify(input)),
            Kind::Markdownify => Value::scalar(markdownify(&input.to_kstr())),
            Kind::RelativeUrl if input.is_nil() => Value::Nil,
            Kind::RelativeUrl => Value::scalar(relative_url(&input.to_kstr(), runtime)),
            Kind::AbsoluteUrl if input.is_nil() => Value::Nil,
            Kind::AbsoluteUrl => {
                let url = input.to_kstr();
                if url.contains("://") {
                    Value::scalar(url.to_string())
                } else {
                    let base = site_config(runtime, "url");
                    let base = base.trim_end_matches('/');
                    Value::scalar(format!("{base}{}", relative_url(&url, runtime)))
                }
            }
            Kind::Date => date(input, &arg(0)?)?,
            Kind::DateToString => date(input, "%d %b %Y")?,
            Kind::DateToLongString => date(input, "%d %B %Y")?,
            Kind::DateToRfc822 => date(input, "%a, %d %b %Y %H:%M:%S %z")?,
            Kind::DateToXmlschema => match to_date_time(input) {
                Some(d) => {
                    let zone = d.format("%z").unwrap_or_default();
                    let (hours, minutes) = zone.split_at(zone.len().min(3));
                    let local = d.format("%Y-%m-%dT%H:%M:%S").unwrap_or_default();
                    Value::scalar(format!("{local}{hours}:{minutes}"))
                }
                None => input.to_value(),
            },
            Kind::NumberOfWords => Value::scalar(input.to_kstr().split_whitespace().count() as i64),
            Kind::XmlEscape if input.is_nil() => Value::Nil,
            // Jekyll's `xml_escape`: `&`, `<`, `>`, `"` and `'` as entities.
            Kind::XmlEscape => Value::scalar(super::prerender::escape(&input.to_kstr())),
            // Ruby Liquid's `url_encode` is `CGI.escape` too.
            Kind::CgiEscape | Kind::UrlEncode if input.is_nil() => Value::Nil,
            Kind::CgiEscape | Kind::UrlEncode => Value::scalar(cgi_escape(&input.to_kstr())),
            Kind::NormalizeWhitespace => {
                let text = input.to_kstr();
                Value::scalar(text.split_whitespace().collect::<Vec<_>>().join(" "))
            }
            Kind::GroupBy => group_by(input, &arg(0)?),
            Kind::WhereExp => self.where_exp(input, runtime, &arg(0)?)?,
            Kind::SitePagesWhere => {
                let target = match self.args.get(1) {
                    Some(e) => Some(e.evaluate(runtime)?.into_owned()),
                    None => None,
                };
                let key = arg(0)?;
                super::templates::with_site_pages(|pages, index| {
                    pages.map_or(Value::Nil, |p| pages_where(p, index, &key, target.as_ref()))
                })
            }
        })
    }
}

impl Applied {
    /// The items for which the condition holds, the item named `name`.
    fn where_exp(
        &self,
        input: &dyn ValueView,
        runtime: &dyn Runtime,
        name: &str,
    ) -> liquid_core::Result<Value> {
        let Some(condition) = &self.condition else {
            return Ok(Value::Nil);
        };
        let mut kept = Vec::new();
        for item in items(input) {
            let frame: HashMap<KStringRef, &dyn ValueView> =
                HashMap::from([(KStringRef::from_ref(name), item)]);
            let scope = StackFrame::new(runtime, &frame);
            let mut out = Vec::new();
            super::lenient::render_in(condition, &mut out, &scope, super::templates::lenient())?;
            if out == b"1" {
                kept.push(item.to_value());
            }
        }
        Ok(Value::Array(kept))
    }
}

/// `site.pages | where: key, value`, copying only the pages kept: those
/// whose `key` is `value` (or is truthy, without a value).
fn pages_where(
    pages: &dyn ValueView,
    index: &super::templates::PagesIndex,
    key: &str,
    target: Option<&Value>,
) -> Value {
    let all = items(pages);
    if let Some(text) = target.filter(|t| t.type_name() == "string") {
        let kept = index.positions(&all, key, &text.to_kstr());
        return Value::Array(kept.into_iter().map(|i| all[i].to_value()).collect());
    }
    let kept = all.into_iter().filter(|page| {
        let value = page.as_object().and_then(|o| o.get(key));
        match (value, target) {
            (Some(v), Some(t)) => {
                liquid_core::model::ValueViewCmp::new(v) == liquid_core::model::ValueViewCmp::new(t)
            }
            (Some(v), None) => v.query_state(liquid_core::model::State::Truthy),
            (None, _) => false,
        }
    });
    Value::Array(kept.map(|p| p.to_value()).collect())
}

/// The elements of an array (none for anything else).
fn items(input: &dyn ValueView) -> Vec<&dyn ValueView> {
    input
        .as_array()
        .map(|a| a.values().collect())
        .unwrap_or_default()
}

/// The value as JSON.
fn jsonify(input: &dyn ValueView) -> String {
    serde_json::to_string(&to_json(input)).unwrap_or_default()
}

fn to_json(input: &dyn ValueView) -> serde_json::Value {
    if input.is_nil() {
        return serde_json::Value::Null;
    }
    if let Some(a) = input.as_array() {
        return a.values().map(to_json).collect();
    }
    if let Some(o) = input.as_object() {
        return o
            .iter()
            .map(|(k, v)| (k.to_string(), to_json(v)))
            .collect::<serde_json::Map<_, _>>()
            .into();
    }
    let Some(s) = input.as_scalar() else {
        return serde_json::Value::Null;
    };
    if let Some(b) = s.to_bool() {
        return b.into();
    }
    if let Some(i) = s.to_integer() {
        return i.into();
    }
    if let Some(n) = s.to_float().and_then(serde_json::Number::from_f64) {
        return n.into();
    }
    serde_json::Value::String(s.to_kstr().to_string())
}

/// Markdown to HTML (sanitized later with the rest of the include), with
/// heading ids as kramdown makes them.
fn markdownify(text: &str) -> String {
    let mut events: Vec<_> = pulldown_cmark::Parser::new(text)
        .into_offset_iter()
        .collect();
    super::markdown::assign_heading_ids(&mut events);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
    html
}

/// Jekyll's `relative_url`: `site.baseurl` (without a final `/`) and the
/// URL, each with a leading `/`; a URL with a scheme is kept.
fn relative_url(url: &str, runtime: &dyn Runtime) -> String {
    if url.contains("://") {
        return url.to_string();
    }
    let base = site_config(runtime, "baseurl");
    let base = base.strip_suffix('/').unwrap_or(&base);
    let lead = |part: &str| {
        if part.is_empty() || part.starts_with('/') {
            part.to_string()
        } else {
            format!("/{part}")
        }
    };
    format!("{}{}", lead(base), lead(url))
}

/// `site.KEY` as text (empty when absent).
fn site_config(runtime: &dyn Runtime, key: &str) -> String {
    let site = runtime.try_get(&[liquid_core::model::ScalarCow::new("site")]);
    site.and_then(|s| {
        s.as_object().and_then(|o| {
            o.get(key)
                .filter(|v| !v.is_nil())
                .map(|u| u.to_kstr().to_string())
        })
    })
    .unwrap_or_default()
}

/// A value as a date and time: Liquid's own forms, and those YAML gives
/// (`2024-05-01`, `2024-05-01 10:00:00 UTC`) and ISO 8601 (`T`, `Z`,
/// `+02:00`), as Ruby's `Time.parse` reads them.
fn to_date_time(input: &dyn ValueView) -> Option<liquid_core::model::DateTime> {
    use liquid_core::model::DateTime;
    let scalar = input.as_scalar()?;
    if let Some(d) = scalar.to_date_time() {
        return Some(d);
    }
    let text = scalar.to_kstr();
    let text = text.trim();
    let (date, time) = text.split_once([' ', 'T', 't']).unwrap_or((text, ""));
    let time = time.trim();
    let (clock, zone) = match time.find(['+', '-', 'Z', ' ']) {
        Some(at) => (&time[..at], time[at..].trim()),
        None => (time, ""),
    };
    let clock = if clock.is_empty() { "00:00:00" } else { clock };
    let clock = clock.split('.').next().unwrap_or(clock);
    let zone = match zone {
        "" | "Z" | "UTC" | "GMT" => "+0000".to_string(),
        z => z.replace(':', ""),
    };
    DateTime::from_str(&format!("{date} {clock} {zone}"))
}

/// Liquid's `date`, reading every form [`to_date_time`] reads; anything
/// else is kept, as Jekyll keeps it.
fn date(input: &dyn ValueView, format: &str) -> liquid_core::Result<Value> {
    match to_date_time(input) {
        Some(d) if !format.is_empty() => d.format(format).map(Value::scalar).map_err(|_| {
            liquid_core::Error::with_msg(format!("Invalid date-format string: {format}"))
        }),
        _ => Ok(input.to_value()),
    }
}

/// Ruby's `CGI.escape`: a space as `+`, letters, digits and `*-._` kept,
/// every other byte as `%XX`.
fn cgi_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b' ' => out.push('+'),
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(b as char)
            }
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Groups items by a property: `[{name, items, size}]`, in order of first
/// appearance.
fn group_by(input: &dyn ValueView, key: &str) -> Value {
    let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
    for item in items(input) {
        let name = item
            .as_object()
            .and_then(|o| o.get(key))
            .map(|v| v.to_kstr().to_string())
            .unwrap_or_default();
        match groups.iter_mut().find(|(n, _)| *n == name) {
            Some((_, list)) => list.push(item.to_value()),
            None => groups.push((name, vec![item.to_value()])),
        }
    }
    let groups = groups.into_iter().map(|(name, list)| {
        let mut group = liquid_core::Object::new();
        group.insert("size".into(), Value::scalar(list.len() as i64));
        group.insert("name".into(), Value::scalar(name));
        group.insert("items".into(), Value::Array(list));
        Value::Object(group)
    });
    Value::Array(groups.collect())
}
