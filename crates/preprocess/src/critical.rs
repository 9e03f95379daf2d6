//! Critical CSS: the rules of the site's stylesheet a page's own HTML can
//! use, inlined in that page so that its first paint needs nothing but the
//! HTML (the whole stylesheet then loads without blocking the paint).
//!
//! A rule is kept when one of its selectors can match: every class, id and
//! element name it names is in the page's markup (an element's name, a word
//! of a `class`, an `id`; the page's text does not count). Pseudo-classes, attribute selectors and what is
//! inside `:not()`/`:is()` ask for nothing. `@media` and `@supports` keep
//! the rules kept inside them; `@font-face` and the like are always kept,
//! `@keyframes` when a kept rule names them. Order is the stylesheet's own,
//! so the inlined rules cascade as they do in the whole file.
//!
//! The stylesheet is parsed once with `cssparser` (the Servo tokenizer);
//! a page costs one pass over its markup.

use cssparser::{ParseError, Parser, Token};
use rustc_hash::FxHashMap as HashMap;

/// One item of the stylesheet, in order.
#[derive(Debug)]
enum Item {
    /// A style rule: its text, and per selector the words it needs (indices
    /// into the vocabulary).
    Rule { text: String, needs: Vec<Vec<u32>> },
    /// `@media` / `@supports` / `@layer` / `@container` with a block of items.
    Group { head: String, items: Vec<Item> },
    /// `@keyframes NAME {…}`: kept when a kept rule names it.
    Keyframes { name: String, text: String },
    /// Any other at-rule (`@font-face`, `@charset`…): always kept.
    Always(String),
}

/// The stylesheet, parsed for choosing each page's rules.
#[derive(Debug)]
pub struct Critical {
    items: Vec<Item>,
    /// Every word a selector names, with its index.
    vocabulary: HashMap<String, u32>,
}

impl Critical {
    /// Parses `css` (a whole stylesheet).
    pub fn new(css: &str) -> Self {
        let mut vocabulary = HashMap::default();
        let mut parser = Parser::new(css);
        let items = items(&mut parser, &mut vocabulary);
        Self { items, vocabulary }
    }

    /// The rules `html` can use, as CSS text.
    #[cfg(test)]
    pub fn for_page(&self, html: &str) -> String {
        self.css(&self.words_in(html))
    }

    /// The rules a page with the words `present` (from
    /// [`Critical::words_in`]) can use, as CSS text.
    pub fn css(&self, present: &[u64]) -> String {
        let has = |needs: &[u32]| {
            needs
                .iter()
                .all(|&w| present[w as usize / 64] & (1 << (w % 64)) != 0)
        };
        let mut rules = String::new();
        keep(&self.items, &has, &mut rules, None);
        let mut out = String::with_capacity(rules.len() + 256);
        keep(&self.items, &has, &mut out, Some(&rules));
        out
    }

    /// Which words of the vocabulary the markup of `html` names (element
    /// names, classes, ids), as a bit set: pages with the same set get the
    /// same rules. Text and other attributes do not count.
    pub fn words_in(&self, html: &str) -> Vec<u64> {
        let mut present = vec![0u64; self.vocabulary.len().div_ceil(64)];
        let mut mark = |word: &str| {
            if let Some(&w) = self.vocabulary.get(word) {
                present[w as usize / 64] |= 1 << (w % 64);
            }
        };
        let bytes = html.as_bytes();
        let mut at = 0;
        while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
            let start = at + found + 1;
            let end = start
                + bytes[start..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count();
            at = end;
            if end > start {
                mark(&html[start..end]);
                at = attributes(html, end, &mut mark);
            }
        }
        present
    }
}

/// Reads the attributes of the start tag whose name ends at `from`, marking
/// the words of `class` and `id`; returns where the tag ends.
fn attributes(html: &str, from: usize, mark: &mut impl FnMut(&str)) -> usize {
    let bytes = html.as_bytes();
    let space = |b: u8| b.is_ascii_whitespace() || b == b'/';
    let mut p = from;
    loop {
        while p < bytes.len() && space(bytes[p]) {
            p += 1;
        }
        if p >= bytes.len() || bytes[p] == b'>' {
            return p;
        }
        let name = p;
        while p < bytes.len() && !matches!(bytes[p], b'=' | b'>') && !space(bytes[p]) {
            p += 1;
        }
        let attribute = &html[name..p];
        if bytes.get(p) != Some(&b'=') {
            continue;
        }
        p += 1;
        let (value, end) = match bytes.get(p) {
            Some(&quote @ (b'"' | b'\'')) => {
                let end = memchr::memchr(quote, &bytes[p + 1..]).map_or(bytes.len(), |e| p + 1 + e);
                (&html[p + 1..end], end + 1)
            }
            _ => {
                let len = bytes[p..]
                    .iter()
                    .take_while(|&&b| b != b'>' && !b.is_ascii_whitespace())
                    .count();
                (&html[p..p + len], p + len)
            }
        };
        match attribute {
            "class" => value.split_ascii_whitespace().for_each(&mut *mark),
            "id" => mark(value),
            _ => {}
        }
        p = end;
    }
}

/// Appends to `out` the kept items of `items`. Without `rules` (the first
/// pass) keyframes are left out; with them, keyframes some kept rule names
/// are kept too.
fn keep(items: &[Item], has: &dyn Fn(&[u32]) -> bool, out: &mut String, rules: Option<&str>) {
    for item in items {
        match item {
            Item::Rule { text, needs } => {
                if needs.iter().any(|n| has(n)) {
                    out.push_str(text);
                }
            }
            Item::Group { head, items } => {
                let mut inner = String::new();
                keep(items, has, &mut inner, rules);
                if !inner.is_empty() {
                    out.push_str(head);
                    out.push('{');
                    out.push_str(&inner);
                    out.push('}');
                }
            }
            Item::Keyframes { name, text } => {
                if rules.is_some_and(|r| r.contains(name.as_str())) {
                    out.push_str(text);
                }
            }
            Item::Always(text) => out.push_str(text),
        }
    }
}

/// The items of a stylesheet or of a group's block.
fn items(parser: &mut Parser, vocabulary: &mut HashMap<String, u32>) -> Vec<Item> {
    let mut items = Vec::new();
    loop {
        parser.skip_whitespace();
        let start = parser.position();
        let mut at_rule: Option<String> = None;
        let mut prelude = String::new();
        let is_block = loop {
            let before = parser.position();
            match parser.next_including_whitespace_and_comments() {
                Err(_) => return items,
                Ok(Token::AtKeyword(name)) if before == start => {
                    at_rule = Some(name.to_ascii_lowercase());
                }
                Ok(Token::CurlyBracketBlock) => {
                    // Up to the `{` just read (a block before it, such as
                    // `(min-width:…)`, was consumed after `before`).
                    let read = parser.slice_from(start);
                    prelude = read[..read.len() - 1].trim().to_string();
                    break true;
                }
                Ok(Token::Semicolon) => break false,
                Ok(_) => {}
            }
        };
        let item = match (at_rule.as_deref(), is_block) {
            (Some("media" | "supports" | "layer" | "container"), true) => {
                let inner = parser
                    .parse_nested_block(|p| Ok::<_, ParseError<()>>(self::items(p, vocabulary)))
                    .unwrap_or_default();
                Item::Group {
                    head: prelude,
                    items: inner,
                }
            }
            (Some(at), true) if at.ends_with("keyframes") => {
                skip_block(parser);
                let name = prelude.rsplit([' ', '\t', '\n']).next().unwrap_or("");
                Item::Keyframes {
                    name: name.to_string(),
                    text: parser.slice_from(start).to_string(),
                }
            }
            (Some(_), true) => {
                skip_block(parser);
                Item::Always(parser.slice_from(start).to_string())
            }
            (_, false) => Item::Always(parser.slice_from(start).to_string()),
            (None, true) => {
                skip_block(parser);
                Item::Rule {
                    text: parser.slice_from(start).to_string(),
                    needs: selector_needs(&prelude, vocabulary),
                }
            }
        };
        items.push(item);
    }
}

/// Moves `parser` past the block whose `{` it has just read.
fn skip_block(parser: &mut Parser) {
    let _ = parser.parse_nested_block(|p| {
        while p.next_including_whitespace_and_comments().is_ok() {}
        Ok::<_, ParseError<()>>(())
    });
}

/// For each selector of the list `prelude`, the words (classes, ids,
/// element names) it needs, as vocabulary indices.
fn selector_needs(prelude: &str, vocabulary: &mut HashMap<String, u32>) -> Vec<Vec<u32>> {
    let mut parser = Parser::new(prelude);
    let mut all = vec![Vec::new()];
    let mut previous: Option<Token> = None;
    while let Ok(token) = parser.next_including_whitespace_and_comments() {
        let token = token.clone();
        let word = match (&token, &previous) {
            (Token::Comma, _) => {
                all.push(Vec::new());
                None
            }
            (Token::Ident(name), Some(Token::Delim('.'))) => Some(name.to_string()),
            (Token::Ident(_), Some(Token::Colon)) => None,
            (Token::Ident(name), _) => Some(name.to_ascii_lowercase()),
            (Token::IDHash(name), _) => Some(name.to_string()),
            _ => None,
        };
        if let Some(word) = word {
            let next = u32::try_from(vocabulary.len()).unwrap_or(u32::MAX);
            let index = *vocabulary.entry(word).or_insert(next);
            if let Some(needs) = all.last_mut() {
                needs.push(index);
            }
        }
        previous = Some(token);
    }
    all
}

#[cfg(test)]
mod tests {
    use super::Critical;

    /// (what the case shows, stylesheet, page, rules kept)
    const CASES: &[(&str, &str, &str, &str)] = &[
        (
            "a rule whose class the page has is kept, one whose class it lacks is not",
            ".a{color:red}.b{color:blue}",
            "<p class=\"a\">x</p>",
            ".a{color:red}",
        ),
        (
            "every class of a compound selector must be there",
            ".a.b{color:red}.a .c{color:blue}",
            "<p class=\"a b\">x</p>",
            ".a.b{color:red}",
        ),
        (
            "one selector of a list is enough, and the rule is kept whole",
            ".x,.a>p{margin:0}",
            "<div class=\"a\"><p>x</p></div>",
            ".x,.a>p{margin:0}",
        ),
        (
            "element names count; pseudo-classes and pseudo-elements do not",
            "table{width:100%}p:first-child::before{content:\"a\"}a:hover{color:red}",
            "<p>x <a href=\"/\">y</a></p>",
            "p:first-child::before{content:\"a\"}a:hover{color:red}",
        ),
        (
            "ids count, attribute selectors and :not() ask for nothing",
            "#main{padding:0}#other{padding:1px}[hidden]{display:none}.a:not(.z){color:red}",
            "<main id=\"main\" class=\"a\"></main>",
            "#main{padding:0}[hidden]{display:none}.a:not(.z){color:red}",
        ),
        (
            "@media keeps what is kept inside, and goes when nothing is",
            "@media (min-width:576px){.a{margin:0}.b{margin:1px}}@media print{.b{color:red}}",
            "<p class=\"a\"></p>",
            "@media (min-width:576px){.a{margin:0}}",
        ),
        (
            "@font-face always, @keyframes only when a kept rule names them",
            "@font-face{font-family:X;src:url(/x.woff2)}@keyframes spin{to{opacity:0}}@keyframes fade{to{opacity:1}}.a{animation:fade 1s}.b{animation:spin 1s}",
            "<p class=\"a\"></p>",
            "@font-face{font-family:X;src:url(/x.woff2)}@keyframes fade{to{opacity:1}}.a{animation:fade 1s}",
        ),
        (
            "the license comment and whitespace between rules are dropped",
            "/*! Bootstrap */\n.a{color:red}\n\n.b{color:blue}",
            "<p class=\"a\"></p>",
            ".a{color:red}",
        ),
        (
            "escaped class names are compared unescaped",
            ".w-\\31 00{width:100%}.w-\\32 00{width:200%}",
            "<div class=\"w-100\"></div>",
            ".w-\\31 00{width:100%}",
        ),
        (
            "only markup counts: not the text, not other attributes",
            ".container{max-width:1200px}.nav{margin:0}.x{color:red}",
            "<p title=\"nav\" data-x='x'>the container</p>",
            "",
        ),
        (
            "quoted, unquoted and single-quoted values; `>` inside a value",
            ".a{color:red}.b{color:blue}.c{margin:0}#d{padding:0}",
            "<p title=\"1 > 0\" class=\"a\"><i class=b></i><b class='c' id=d></b></p>",
            ".a{color:red}.b{color:blue}.c{margin:0}#d{padding:0}",
        ),
    ];

    #[test]
    fn keeps_what_the_page_can_use() {
        for (case, css, html, kept) in CASES {
            assert_eq!(Critical::new(css).for_page(html), *kept, "{case}");
        }
    }

    #[test]
    fn html_body_and_root_rules_stay() {
        let css = ":root{--a:1}html{font-size:16px}body{margin:0}*,::after{box-sizing:border-box}";
        let page = "<!DOCTYPE html><html lang=\"it\"><head></head><body></body></html>";
        assert_eq!(Critical::new(css).for_page(page), css);
    }
}
