//! The app's JSON decoder: reads the site file and page entries into the
//! content model. serde_json with serde's derived code cost about a sixth of
//! the wasm; this reader, written for exactly the JSON the preprocessor
//! writes, costs a small part of that.
//!
//! It accepts any valid JSON for the model: whitespace anywhere, fields in any
//! order, unknown fields skipped, every string escape. Two limits: the tag of
//! an [`Entry`] or [`Block`] comes before the fields whose type it decides
//! (serde writes it first), and numbers are the unsigned integers the model
//! holds. Anything else, truncated or trailing text included, is `None`.
//! Native tests decode every fixture's output with both this and serde and
//! require the same value (`tests/fixtures.rs`).

use crate::model::{
    ApplyForm, Block, Entry, Job, Language, Layout, Link, ListItem, NavItem, Page, PersonCard,
    Profile, Redirect, Site, SocialLink, TimelineEntry, TocEntry,
};
use std::collections::BTreeMap;

/// How deeply arrays and objects may nest (the model needs about 8).
const MAX_DEPTH: u32 = 64;

/// Decodes `text` as a `T`, or `None` when it is not one.
pub fn from_str<T: FromJson>(text: &str) -> Option<T> {
    let mut reader = Reader {
        text,
        at: 0,
        depth: 0,
    };
    let value = T::read(&mut reader)?;
    reader.ws();
    (reader.at == text.len()).then_some(value)
}

/// A type the decoder can read.
pub trait FromJson: Sized {
    /// Reads one value at the reader's position.
    fn read(r: &mut Reader) -> Option<Self>;
}

/// A position in the JSON text.
pub struct Reader<'a> {
    text: &'a str,
    at: usize,
    depth: u32,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// Skips whitespace.
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }

    /// Skips whitespace, then `byte` if it is next.
    fn eat(&mut self, byte: u8) -> bool {
        self.ws();
        let found = self.peek() == Some(byte);
        self.at += usize::from(found);
        found
    }

    /// Skips whitespace, then `word` (`true`, `null`…) if it is next.
    fn word(&mut self, word: &str) -> bool {
        self.ws();
        let found = self.text[self.at..].starts_with(word);
        if found {
            self.at += word.len();
        }
        found
    }

    /// A string.
    fn string(&mut self) -> Option<String> {
        if !self.eat(b'"') {
            return None;
        }
        let mut out = String::new();
        loop {
            let rest = &self.text[self.at..];
            let end = rest.find(['"', '\\'])?;
            if rest[..end].bytes().any(|b| b < 0x20) {
                return None;
            }
            out.push_str(&rest[..end]);
            self.at += end + 1;
            if rest.as_bytes()[end] == b'"' {
                return Some(out);
            }
            out.push(self.escape()?);
        }
    }

    /// The character of the escape after a backslash.
    fn escape(&mut self) -> Option<char> {
        let byte = self.peek()?;
        self.at += 1;
        Some(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode(),
            _ => return None,
        })
    }

    /// `\uXXXX`, or a surrogate pair of two.
    fn unicode(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if !(0xD800..0xDC00).contains(&first) {
            return char::from_u32(first);
        }
        if !self.text[self.at..].starts_with("\\u") {
            return None;
        }
        self.at += 2;
        let second = self.hex4()?;
        if !(0xDC00..0xE000).contains(&second) {
            return None;
        }
        char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.at..self.at + 4)?;
        self.at += 4;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(digits, 16).ok()
    }

    /// An unsigned integer.
    fn unsigned(&mut self) -> Option<u64> {
        self.ws();
        let start = self.at;
        let count = self.digits();
        let number = self.text[start..self.at].parse().ok()?;
        let leading_zero = count > 1 && self.text.as_bytes()[start] == b'0';
        let more = matches!(self.peek(), Some(b'.' | b'e' | b'E'));
        (!leading_zero && !more).then_some(number)
    }

    /// Reads `[…]`, calling `item` for each element.
    fn array(&mut self, item: &mut dyn FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.nested(b'[', b']', &mut |r| item(r))
    }

    /// Reads `{…}`, calling `field` with each key, positioned at its value.
    pub fn object(&mut self, field: &mut dyn FnMut(&mut Self, &str) -> Option<()>) -> Option<()> {
        self.nested(b'{', b'}', &mut |r| {
            let key = r.string()?;
            r.eat(b':').then_some(())?;
            field(r, &key)
        })
    }

    /// `open`, elements separated by commas (each read by `element`), `close`.
    fn nested(
        &mut self,
        open: u8,
        close: u8,
        element: &mut dyn FnMut(&mut Self) -> Option<()>,
    ) -> Option<()> {
        if !self.eat(open) || self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        if !self.eat(close) {
            loop {
                element(self)?;
                if self.eat(close) {
                    break;
                }
                self.eat(b',').then_some(())?;
            }
        }
        self.depth -= 1;
        Some(())
    }

    /// Skips one value of any kind.
    pub fn skip(&mut self) -> Option<()> {
        self.ws();
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'[' => self.array(&mut Self::skip),
            b'{' => self.object(&mut |r, _| r.skip()),
            b't' => self.word("true").then_some(()),
            b'f' => self.word("false").then_some(()),
            b'n' => self.word("null").then_some(()),
            _ => self.number(),
        }
    }

    /// Skips a number of any form: `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`
    /// (checked by hand: parsing floats would cost the wasm a few KB).
    fn number(&mut self) -> Option<()> {
        self.at += usize::from(self.peek() == Some(b'-'));
        let first = self.peek();
        let count = self.digits();
        if count == 0 || (first == Some(b'0') && count > 1) {
            return None;
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            (self.digits() > 0).then_some(())?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            self.at += usize::from(matches!(self.peek(), Some(b'+' | b'-')));
            (self.digits() > 0).then_some(())?;
        }
        Some(())
    }

    /// Skips ASCII digits, giving how many.
    fn digits(&mut self) -> usize {
        let count = self.text.as_bytes()[self.at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        self.at += count;
        count
    }
}

impl FromJson for String {
    fn read(r: &mut Reader) -> Option<Self> {
        r.string()
    }
}

impl FromJson for bool {
    fn read(r: &mut Reader) -> Option<Self> {
        if r.word("true") {
            Some(true)
        } else {
            r.word("false").then_some(false)
        }
    }
}

impl FromJson for u32 {
    fn read(r: &mut Reader) -> Option<Self> {
        r.unsigned()?.try_into().ok()
    }
}

impl FromJson for u8 {
    fn read(r: &mut Reader) -> Option<Self> {
        r.unsigned()?.try_into().ok()
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn read(r: &mut Reader) -> Option<Self> {
        if r.word("null") {
            Some(None)
        } else {
            T::read(r).map(Some)
        }
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn read(r: &mut Reader) -> Option<Self> {
        T::read(r).map(Box::new)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn read(r: &mut Reader) -> Option<Self> {
        let mut items = Vec::new();
        r.array(&mut |r| {
            items.push(T::read(r)?);
            Some(())
        })?;
        Some(items)
    }
}

impl FromJson for (String, String) {
    fn read(r: &mut Reader) -> Option<Self> {
        let mut pair = Vec::<String>::read(r)?;
        let second = pair.pop()?;
        let first = pair.pop()?;
        pair.is_empty().then_some((first, second))
    }
}

impl FromJson for BTreeMap<String, String> {
    fn read(r: &mut Reader) -> Option<Self> {
        let mut map = BTreeMap::new();
        r.object(&mut |r, key| {
            map.insert(key.to_string(), r.string()?);
            Some(())
        })?;
        Some(map)
    }
}

impl FromJson for Layout {
    fn read(r: &mut Reader) -> Option<Self> {
        Some(match r.string()?.as_str() {
            "default" => Layout::Default,
            "job" => Layout::Job,
            "project" => Layout::Project,
            "people" => Layout::People,
            _ => return None,
        })
    }
}

/// A struct read field by field from a JSON object.
trait Fields: Default {
    /// Reads the value of `key` into its field, or skips an unknown key.
    fn field(&mut self, key: &str, r: &mut Reader) -> Option<()>;
}

/// Any [`Fields`] struct reads from an object, starting from its default.
fn read_fields<T: Fields>(r: &mut Reader) -> Option<T> {
    let mut value = T::default();
    r.object(&mut |r, key| value.field(key, r))?;
    Some(value)
}

/// `Fields` and `FromJson` for a struct with `Default`: each listed field is
/// read from the key of the same name; other keys are skipped.
macro_rules! object {
    ($($ty:ty { $($field:ident),* $(,)? })*) => {$(
        impl Fields for $ty {
            fn field(&mut self, key: &str, r: &mut Reader) -> Option<()> {
                $(if key == stringify!($field) {
                    self.$field = FromJson::read(r)?;
                    return Some(());
                })*
                r.skip()
            }
        }

        impl FromJson for $ty {
            fn read(r: &mut Reader) -> Option<Self> {
                read_fields(r)
            }
        }
    )*};
}

object! {
    Site { build, url, langs, shard_bits }
    Language { code, name, title, home, strings, nav, search }
    NavItem { title, url, children }
    Redirect { build, to, external }
    Link { lang, title, url }
    ListItem { title, url, is_new, closed }
    TimelineEntry { period, title, desc, todo }
    TocEntry { level, id, text }
    Job { archived, is_new, apply, back }
    ApplyForm { url, height }
    PersonCard { id, name, role, url, photo, former, start_date, end_date }
    Profile { role, pre_role, start_date, end_date, photo, links, facts }
    SocialLink { kind, url }
    Page {
        build, lang, title, description, url, layout, translations, parent, blocks,
        redirect_to, last_modified, toc, job, people, profile, auto_translated,
        no_index,
    }
}

impl FromJson for Entry {
    /// `{"kind": "page", …page fields}` or `{"kind": "redirect", "to": …}`.
    fn read(r: &mut Reader) -> Option<Self> {
        let mut kind = None;
        let mut page = Page::default();
        let mut redirect = Redirect::default();
        r.object(&mut |r, key| match key {
            "kind" => {
                kind = Some(r.string()?);
                Some(())
            }
            // The fields of a redirect; every other key is the page's.
            "to" | "external" => redirect.field(key, r),
            "build" => {
                redirect.build = r.string()?;
                page.build.clone_from(&redirect.build);
                Some(())
            }
            _ => page.field(key, r),
        })?;
        match kind?.as_str() {
            "page" => Some(Entry::Page(Box::new(page))),
            "redirect" => Some(Entry::Redirect(redirect)),
            _ => None,
        }
    }
}

impl FromJson for Block {
    /// `{"type": "html", "html": …}`, `{"type": "jobs_list", "items": […]}`…
    fn read(r: &mut Reader) -> Option<Self> {
        let mut block = None;
        r.object(&mut |r, key| {
            if key == "type" {
                block = Some(empty_block(&r.string()?)?);
                return Some(());
            }
            match (block.as_mut(), key) {
                (Some(Block::Html { html }), "html") => *html = r.string()?,
                (
                    Some(
                        Block::JobsList { items }
                        | Block::JobsArchive { items }
                        | Block::ProjectsList { items },
                    ),
                    "items",
                ) => *items = FromJson::read(r)?,
                (Some(Block::TeamList { items }), "items") => *items = FromJson::read(r)?,
                (Some(Block::Timeline { entries }), "entries") => *entries = FromJson::read(r)?,
                (None, "html" | "items" | "entries") => return None,
                _ => r.skip()?,
            }
            Some(())
        })?;
        block
    }
}

/// The block a `type` names, with its fields empty.
fn empty_block(kind: &str) -> Option<Block> {
    Some(match kind {
        "html" => Block::Html {
            html: String::new(),
        },
        "jobs_accordion" => Block::JobsAccordion,
        "jobs_list" => Block::JobsList { items: Vec::new() },
        "jobs_archive" => Block::JobsArchive { items: Vec::new() },
        "timeline" => Block::Timeline {
            entries: Vec::new(),
        },
        "projects_list" => Block::ProjectsList { items: Vec::new() },
        "team_list" => Block::TeamList { items: Vec::new() },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings() {
        let cases: &[(&str, Option<&str>)] = &[
            (r#""plain""#, Some("plain")),
            (r#"  "  spaced"  "#, Some("  spaced")),
            (r#""àè 😀""#, Some("àè 😀")),
            (
                r#""a\"b\\c\/d\b\f\n\r\t""#,
                Some("a\"b\\c/d\u{8}\u{c}\n\r\t"),
            ),
            (r#""\u00e0\u20AC""#, Some("à€")),
            (r#""\ud83d\ude00""#, Some("😀")),
            (r#""\ud83d""#, None),
            (r#""\ude00""#, None),
            (r#""\u12""#, None),
            (r#""\x""#, None),
            ("\"tab\tinside\"", None),
            (r#""unterminated"#, None),
            (r#""a" "b""#, None),
            ("", None),
            ("null", None),
        ];
        for (text, want) in cases {
            assert_eq!(from_str::<String>(text).as_deref(), *want, "{text:?}");
        }
    }

    #[test]
    fn numbers_and_words() {
        assert_eq!(from_str::<u32>(" 700 "), Some(700));
        assert_eq!(from_str::<u32>("0"), Some(0));
        for bad in ["-1", "007", "7.5", "1e3", "4294967296", "", "x"] {
            assert_eq!(from_str::<u32>(bad), None, "{bad:?}");
        }
        assert_eq!(from_str::<u8>("256"), None);
        assert_eq!(from_str::<bool>("true"), Some(true));
        assert_eq!(from_str::<bool>("false"), Some(false));
        assert_eq!(from_str::<bool>("tru"), None);
        assert_eq!(from_str::<Option<String>>("null"), Some(None));
        assert_eq!(
            from_str::<(String, String)>(r#"["a","b"]"#),
            Some(("a".into(), "b".into()))
        );
        assert_eq!(from_str::<(String, String)>(r#"["a"]"#), None);
        assert_eq!(from_str::<(String, String)>(r#"["a","b","c"]"#), None);
    }

    #[test]
    fn arrays_and_objects() {
        assert_eq!(from_str::<Vec<u32>>("[ ]"), Some(vec![]));
        assert_eq!(from_str::<Vec<u32>>("[1, 2 ,3]"), Some(vec![1, 2, 3]));
        for bad in ["[1,]", "[,1]", "[1 2]", "[1", "]"] {
            assert_eq!(from_str::<Vec<u32>>(bad), None, "{bad:?}");
        }
        let link = r#"{"url":"/x","extra":{"a":[1,-2.5e3,0,0.5,1E+2,true,null,"s"]},"title":"T","lang":"it"}"#;
        assert_eq!(
            from_str::<Link>(link),
            Some(Link {
                lang: "it".into(),
                title: "T".into(),
                url: "/x".into(),
            })
        );
        for bad in [
            r#"{"url"}"#,
            r#"{"url":"/x",}"#,
            r#"{"url":1}"#,
            r#"{url:"/x"}"#,
        ] {
            assert_eq!(from_str::<Link>(bad), None, "{bad:?}");
        }
        for number in ["01", "00", "-", "1.", ".5", "1e", "1e+", "+1", "--1", "0x1"] {
            let bad = format!(r#"{{"n":{number}}}"#);
            assert_eq!(from_str::<Link>(&bad), None, "{bad:?}");
        }
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert_eq!(from_str::<Link>(&format!(r#"{{"x":{deep}}}"#)), None);
    }

    #[test]
    fn tagged_enums() {
        let redirect = r#"{"kind":"redirect","build":"b","to":"/it/a","external":"https://x.it/"}"#;
        assert_eq!(
            from_str::<Entry>(redirect),
            Some(Entry::Redirect(Redirect {
                build: "b".into(),
                to: "/it/a".into(),
                external: Some("https://x.it/".into()),
            }))
        );
        let page = r#"{"kind":"page","lang":"it","title":"T","url":"/it/","layout":"job","blocks":[{"type":"jobs_accordion"},{"type":"team_list","items":[{"id":"a","name":"A","url":"/a"}]}]}"#;
        let Some(Entry::Page(page)) = from_str::<Entry>(page) else {
            panic!("not a page");
        };
        assert_eq!(page.layout, Layout::Job);
        assert_eq!(page.blocks.len(), 2);
        assert!(matches!(&page.blocks[1], Block::TeamList { items } if items[0].name == "A"));
        for bad in [
            r#"{"kind":"other"}"#,
            r#"{"to":"/x"}"#,
            r#"{"kind":"page","layout":"other"}"#,
            r#"{"kind":"page","blocks":[{"items":[],"type":"jobs_list"}]}"#,
            r#"{"kind":"page","blocks":[{"type":"unknown"}]}"#,
        ] {
            assert_eq!(from_str::<Entry>(bad), None, "{bad:?}");
        }
    }
}
