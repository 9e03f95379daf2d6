//! HTML escaping, and the body of `404.html`, which says "not found" in every
//! language at once (the app's 404 speaks the path's language). Every
//! page's own HTML is rendered by the view components (`tdt_view::render`).

use crate::model::{Language, Site};
use std::fmt::Write;

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out
}

/// Strings of one language.
struct Ui<'a> {
    language: &'a Language,
}

impl Ui<'_> {
    fn t(&self, key: &str) -> String {
        escape(self.language.strings.get(key).map_or("", String::as_str))
    }
}

/// The body of the 404 page, in every language.
pub fn not_found_body(site: &Site) -> String {
    let mut main = String::from("<section class=\"not-found\">");
    for language in &site.langs {
        let ui = Ui { language };
        let _ = write!(
            main,
            "<h1 lang=\"{code}\">{}</h1><p lang=\"{code}\">{}</p><p lang=\"{code}\"><a href=\"{}\">{}</a></p>",
            ui.t("not_found_title"),
            ui.t("not_found_text"),
            escape(&language.home),
            ui.t("back_home"),
            code = escape(&language.code),
        );
    }
    main.push_str("</section>");
    format!("<main id=\"main\" tabindex=\"-1\" class=\"container my-4\">{main}</main>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
