//! Stage 3, parse and validate front matter: YAML as Jekyll reads it
//! ([`super::yaml`]: libyaml and Psych's rules, with a budget against alias
//! bombs) into typed keys, with every problem reported at its line and
//! column of the content file; a key written twice is a warning, and the
//! last value is used, as in Jekyll.

use super::diag::Diagnostic;
use super::yaml::{self, Spanned};
use serde::{Deserialize, Deserializer};

/// Free text: YAML strings, numbers and booleans are all taken as written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("text")
            }
            fn visit_str<E>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// One value or a list of them (`redirect_from: /old` or a list).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// A single value.
    One(String),
    /// A list.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The values as a list.
    pub fn into_vec(self) -> Vec<String> {
        match self {
            Self::One(one) => vec![one],
            Self::Many(many) => many,
        }
    }
}

/// A timeline entry as written in front matter.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default)]
pub struct TimelineItem {
    /// When (free text).
    pub period: Option<Text>,
    /// What.
    pub title: Option<Text>,
    /// Details, Markdown.
    pub desc: Option<Text>,
    /// `todo` for what is still to come; anything else is done.
    pub status: Option<Text>,
}

/// The front matter keys of the site, typed. Empty values count as absent.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FrontMatter {
    /// Page title.
    pub title: Option<Text>,
    /// Language code.
    pub lang: Option<Text>,
    /// Shared id of the translations of one page.
    #[serde(rename = "ref")]
    pub reference: Option<Text>,
    /// `ref` of the parent page.
    pub parent_ref: Option<Text>,
    /// `ref` of the menu entry this page is a submenu item of.
    pub parent_menu: Option<Text>,
    /// Layout name.
    pub layout: Option<Text>,
    /// URL path of the page.
    pub permalink: Option<Text>,
    /// Position in the main navigation.
    pub menu_position: Option<i64>,
    /// Old URLs of the page.
    pub redirect_from: Option<OneOrMany>,
    /// External URL visitors are sent to.
    pub redirect_to: Option<Text>,
    /// Job position closed.
    pub archived: Option<bool>,
    /// Job position new.
    pub is_new: Option<bool>,
    /// Application form URL.
    pub jazz_url: Option<Text>,
    /// Application form height.
    pub iframeheight: Option<u32>,
    /// `ref`s of a project's people.
    pub people: Option<Vec<String>>,
    /// Show a table of contents.
    pub toc: Option<bool>,
    /// Project timeline.
    pub timeline: Option<Vec<Spanned<TimelineItem>>>,
    /// Footer date: the newest page of this layout.
    pub last_modified_by_layout: Option<Text>,
    /// Footer date hidden.
    pub hide_last_mod_date: Option<bool>,
    /// `no-index` keeps search engines away.
    pub index: Option<Text>,
    /// `false` keeps the page out of the sitemap.
    pub sitemap: Option<bool>,
    /// Meta description.
    pub description: Option<Text>,
    /// Social image.
    pub image: Option<Text>,
    /// Profile: role.
    pub role: Option<Text>,
    /// Profile: text before the role.
    pub pre_role: Option<Text>,
    /// Profile: start date, free text.
    pub start_date: Option<Text>,
    /// Profile: end date, free text.
    pub end_date: Option<Text>,
    /// Profile: Twitter user name.
    pub twitter_user: Option<Text>,
    /// Profile: Medium user name.
    pub medium_user: Option<Text>,
    /// Profile: LinkedIn URL.
    pub linkedin_url: Option<Text>,
    /// Profile: GitHub user name.
    pub github_user: Option<Text>,
    /// Profile: personal page URL.
    pub personal_page_url: Option<Text>,
    /// Profile: email address.
    pub email: Option<Text>,
    /// Profile: period of the appointment.
    pub period_provided: Option<Text>,
    /// Profile: court approval.
    pub approved_by_court: Option<Text>,
    /// Profile: compensation.
    pub annual_compensation: Option<Text>,
    /// Profile: compensation level.
    pub pa_compensation_level: Option<Text>,
}

/// Every key [`FrontMatter`] knows, with what its value must be.
pub const KEYS: &[(&str, Expect)] = &[
    ("title", Expect::Text),
    ("lang", Expect::Text),
    ("ref", Expect::Text),
    ("parent_ref", Expect::Text),
    ("parent_menu", Expect::Text),
    ("layout", Expect::Text),
    ("permalink", Expect::Text),
    ("menu_position", Expect::Number),
    ("redirect_from", Expect::List),
    ("redirect_to", Expect::Text),
    ("archived", Expect::Bool),
    ("is_new", Expect::Bool),
    ("jazz_url", Expect::Text),
    ("iframeheight", Expect::Number),
    ("people", Expect::List),
    ("toc", Expect::Bool),
    ("timeline", Expect::Timeline),
    ("last_modified_by_layout", Expect::Text),
    ("hide_last_mod_date", Expect::Bool),
    ("index", Expect::Text),
    ("sitemap", Expect::Bool),
    ("description", Expect::Text),
    ("image", Expect::Text),
    ("role", Expect::Text),
    ("pre_role", Expect::Text),
    ("start_date", Expect::Text),
    ("end_date", Expect::Text),
    ("twitter_user", Expect::Text),
    ("medium_user", Expect::Text),
    ("linkedin_url", Expect::Text),
    ("github_user", Expect::Text),
    ("personal_page_url", Expect::Text),
    ("email", Expect::Text),
    ("period_provided", Expect::Text),
    ("approved_by_court", Expect::Text),
    ("annual_compensation", Expect::Text),
    ("pa_compensation_level", Expect::Text),
];

/// What a key's value must be, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Any text.
    Text,
    /// A whole number.
    Number,
    /// `true` or `false`.
    Bool,
    /// A list of texts.
    List,
    /// A list of timeline entries.
    Timeline,
}

impl Expect {
    fn fix(self, key: &str) -> String {
        match self {
            Self::Text => format!("write `{key}:` followed by text, e.g. `{key}: Some text`"),
            Self::Number => format!("write `{key}:` as a whole number, e.g. `{key}: 5`"),
            Self::Bool => format!("write `{key}: true` or `{key}: false`"),
            Self::List => format!("write `{key}:` as a list, e.g. `{key}: [first, second]`"),
            Self::Timeline => format!(
                "write `{key}:` as a list of entries with `period`, `title` and optional `desc` and `status: todo`"
            ),
        }
    }
}

/// Parses front matter. `yaml_line` is the file line where the YAML starts.
pub fn parse(
    shown: &str,
    yaml: &str,
    yaml_line: usize,
    warnings: &mut Vec<Diagnostic>,
) -> Result<FrontMatter, Diagnostic> {
    if yaml.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    let loaded = yaml::load(yaml).map_err(|e| yaml_error(shown, yaml, yaml_line, &e))?;
    duplicates(shown, yaml_line, &loaded.duplicates, warnings);
    let front: FrontMatter = match &loaded.root.value {
        // Only comments: no keys.
        yaml::Value::Null => FrontMatter::default(),
        _ => yaml::from_node(&loaded.root).map_err(|e| yaml_error(shown, yaml, yaml_line, &e))?,
    };
    unknown_keys(shown, yaml, yaml_line, warnings);
    Ok(front)
}

/// Warns about each key written twice in one map: the last value is used.
pub fn duplicates(
    shown: &str,
    yaml_line: usize,
    duplicates: &[yaml::Duplicate],
    warnings: &mut Vec<Diagnostic>,
) {
    for d in duplicates {
        let line = yaml_line + d.line - 1;
        let first = yaml_line + d.first_line - 1;
        warnings.push(
            Diagnostic::warning(
                shown,
                line,
                d.column,
                format!("`{}` is written twice (first on line {first}): the last value is used, as in Jekyll", d.key),
            )
            .fix(format!("keep one `{}:`", d.key)),
        );
    }
}

/// Turns a YAML error into a diagnostic naming the key and the fix.
fn yaml_error(shown: &str, yaml: &str, yaml_line: usize, e: &yaml::Error) -> Diagnostic {
    let (line, column) = (e.line.max(1), e.column.max(1));
    let reason = e.reason.replace("struct FrontMatter", "`key: value` lines");
    let reason = reason.as_str();
    let file_line = yaml_line + line - 1;
    let key = yaml
        .lines()
        .nth(line - 1)
        .and_then(top_level_key)
        .and_then(|key| KEYS.iter().find(|(k, _)| *k == key));
    let is_type_error = reason.starts_with("invalid");
    match key {
        Some((key, expect)) if is_type_error => Diagnostic::error(
            shown,
            file_line,
            column,
            format!("`{key}` is not valid: {}", plain_reason(reason)),
        )
        .fix(expect.fix(key)),
        _ => Diagnostic::error(shown, file_line, column, format!("front matter is not valid YAML: {reason}"))
            .fix("check the YAML between the `---` lines: `key: value` pairs, lists indented under their key, quotes around text containing `: ` or starting with special characters"),
    }
}

/// serde's words for a wrong type, in an author's words.
fn plain_reason(reason: &str) -> String {
    let expected = reason.rsplit_once(", expected ").map_or("", |(_, e)| e);
    match expected {
        "i64" | "u32" | "u64" => "not a whole number".into(),
        "a boolean" => "not true or false".into(),
        _ => reason
            .trim_start_matches("invalid type: ")
            .replace("unit value", "nothing")
            .replace("floating point", "number")
            .replace("integer", "number"),
    }
}

/// What a warning of [`unknown_keys`] begins with.
const UNKNOWN_KEY: &str = "unknown front matter key `";

/// The key a warning says is unknown, when it says so.
pub fn unknown_key(warning: &Diagnostic) -> Option<&str> {
    let rest = warning.message.strip_prefix(UNKNOWN_KEY)?;
    rest.split_once('`').map(|(key, _)| key)
}

/// Warns about each top-level key the site does not know.
fn unknown_keys(shown: &str, yaml: &str, yaml_line: usize, warnings: &mut Vec<Diagnostic>) {
    for (index, line) in yaml.lines().enumerate() {
        let Some(key) = top_level_key(line) else {
            continue;
        };
        if !KEYS.iter().any(|(known, _)| *known == key) {
            warnings.push(
                Diagnostic::warning(shown, yaml_line + index, 1, format!("{UNKNOWN_KEY}{key}` is ignored"))
                    .fix("check the spelling; the keys the site knows are listed in README.md under \"Writing content\""),
            );
        }
    }
}

/// The key of a top-level `key: value` line (of front matter or
/// `_config.yml`).
pub fn top_level_key(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '#', '-', '?', '[', '{']) {
        return None;
    }
    let (key, _) = line.split_once(':')?;
    let key = key.trim().trim_matches(['"', '\'']);
    (!key.is_empty()).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(yaml: &str) -> (Result<FrontMatter, String>, Vec<String>) {
        let mut warnings = Vec::new();
        let result = parse("p.md", yaml, 2, &mut warnings).map_err(|d| d.to_string());
        (result, warnings.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn typing_table() {
        let (front, warnings) = parse_str(
            "title: Lavora con noi\nlang: it\nref: join-us\nmenu_position: 5\nredirect_from:\n  - /a\n  - /b\narchived: true\niframeheight: 700\npeople: [x, y]\ntoc: true\npermalink:\n",
        );
        let front = front.unwrap();
        assert!(warnings.is_empty());
        assert_eq!(front.title, Some(Text("Lavora con noi".into())));
        assert_eq!(front.menu_position, Some(5));
        assert_eq!(
            front.redirect_from.map(OneOrMany::into_vec),
            Some(vec!["/a".to_string(), "/b".to_string()])
        );
        assert_eq!(front.archived, Some(true));
        assert_eq!(front.iframeheight, Some(700));
        assert_eq!(front.people, Some(vec!["x".into(), "y".into()]));
        assert_eq!(front.permalink, None, "an empty value means absent");
    }

    #[test]
    fn scalars_are_text() {
        let front = parse_str("title: 2019\nstart_date: 2017-01-09\nredirect_from: /old\n")
            .0
            .unwrap();
        assert_eq!(front.title, Some(Text("2019".into())));
        assert_eq!(front.start_date, Some(Text("2017-01-09".into())));
        assert_eq!(
            front.redirect_from.map(OneOrMany::into_vec),
            Some(vec!["/old".to_string()])
        );
    }

    #[test]
    fn timeline_entries_keep_their_lines() {
        let front =
            parse_str("timeline:\n  - period: a\n    title: b\n  - title: c\n    status: todo\n")
                .0
                .unwrap();
        let timeline = front.timeline.unwrap();
        assert_eq!(timeline.len(), 2);
        assert_eq!(timeline[1].line, 4);
        assert_eq!(timeline[1].value.status, Some(Text("todo".into())));
    }

    #[test]
    fn error_messages_are_exact() {
        let cases = [
            (
                "title: x\nmenu_position: five\n",
                "p.md:3:16: error: `menu_position` is not valid: not a whole number\n  fix: write `menu_position:` as a whole number, e.g. `menu_position: 5`",
            ),
            (
                "toc: maybe\n",
                "p.md:2:6: error: `toc` is not valid: not true or false\n  fix: write `toc: true` or `toc: false`",
            ),
            (
                "title: [a]\n",
                "p.md:2:8: error: `title` is not valid: sequence, expected text\n  fix: write `title:` followed by text, e.g. `title: Some text`",
            ),
            (
                "title: [a\n",
                "p.md:2:8: error: front matter is not valid YAML: did not find expected ',' or ']' while parsing a flow sequence\n  fix: check the YAML between the `---` lines: `key: value` pairs, lists indented under their key, quotes around text containing `: ` or starting with special characters",
            ),
            (
                "title: x\n  bad: indent\n",
                "p.md:3:6: error: front matter is not valid YAML: mapping values are not allowed in this context\n  fix: check the YAML between the `---` lines: `key: value` pairs, lists indented under their key, quotes around text containing `: ` or starting with special characters",
            ),
            (
                "title: x\ndescription: \"never\n\nclosed\n",
                "p.md:3:14: error: front matter is not valid YAML: found unexpected end of stream while scanning a quoted scalar\n  fix: check the YAML between the `---` lines: `key: value` pairs, lists indented under their key, quotes around text containing `: ` or starting with special characters",
            ),
            (
                "title: x\npeople: *nobody\n",
                "p.md:3:9: error: front matter is not valid YAML: the alias `*nobody` names no anchor (`&nobody`) written before it\n  fix: check the YAML between the `---` lines: `key: value` pairs, lists indented under their key, quotes around text containing `: ` or starting with special characters",
            ),
            (
                "title: :symbol\n",
                "p.md:2:8: error: front matter is not valid YAML: `:symbol` would be a Ruby symbol, which Jekyll refuses (Psych's safe_load): put it in quotes\n  fix: check the YAML between the `---` lines: `key: value` pairs, lists indented under their key, quotes around text containing `: ` or starting with special characters",
            ),
        ];
        for (yaml, expected) in cases {
            assert_eq!(parse_str(yaml).0.unwrap_err(), expected, "yaml {yaml:?}");
        }
    }

    #[test]
    fn unknown_keys_warn_with_their_line() {
        let (front, warnings) = parse_str("title: x\ncolour: red\nextra:\n  nested: ok\n");
        assert!(front.is_ok());
        let fix = "\n  fix: check the spelling; the keys the site knows are listed in README.md under \"Writing content\"";
        assert_eq!(
            warnings,
            vec![
                format!("p.md:3:1: warning: unknown front matter key `colour` is ignored{fix}"),
                format!("p.md:4:1: warning: unknown front matter key `extra` is ignored{fix}"),
            ]
        );
    }

    #[test]
    fn a_key_written_twice_warns_and_the_last_value_wins() {
        let (front, warnings) = parse_str("title: a\nlang: it\ntitle: b\n");
        assert_eq!(front.unwrap().title, Some(Text("b".into())));
        assert_eq!(
            warnings,
            vec!["p.md:4:1: warning: `title` is written twice (first on line 2): the last value is used, as in Jekyll\n  fix: keep one `title:`".to_string()]
        );
    }

    #[test]
    fn yaml_that_jekyll_reads() {
        let front = parse_str(concat!(
            "title: \"Una frase\ncontinuata in colonna zero\"\n",
            "description: \"tab\there\"\n",
            "toc: yes\n",
            "archived: No\n",
            "is_new: on\n",
            "start_date: 2017-1-9\n",
            "end_date: 2019-03-01 10:00:00\n",
            "people: &team [anna, bruno]\n",
            "x_copy: *team\n",
            "menu_position: 0x0A\n",
        ))
        .0
        .unwrap();
        assert_eq!(
            front.title,
            Some(Text("Una frase continuata in colonna zero".into()))
        );
        assert_eq!(front.description, Some(Text("tab\there".into())));
        assert_eq!(
            (front.toc, front.archived, front.is_new),
            (Some(true), Some(false), Some(true))
        );
        assert_eq!(front.start_date, Some(Text("2017-01-09".into())));
        assert_eq!(
            front.end_date,
            Some(Text("2019-03-01 10:00:00 +0000".into()))
        );
        assert_eq!(front.people, Some(vec!["anna".into(), "bruno".into()]));
        assert_eq!(front.menu_position, Some(10));
    }

    #[test]
    fn alias_bombs_are_stopped() {
        let mut yaml = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .windows(2)
            .map(|w| (w[0], w[1]))
        {
            yaml.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        let err = parse_str(&yaml).0.unwrap_err();
        assert!(
            err.starts_with("p.md:8:11: error: front matter is not valid YAML: the aliases expand to more than 2000000 values\n"),
            "{err}"
        );
    }
}
