//! The header's search box as HTML, written into every page's static file
//! by the preprocessor and set by the app as the form's content, from this
//! one function: the two are the same markup by construction. What it
//! does is in `crates/view/src/components/search.js`.

/// The inner HTML of the header's search form (`<form class="search-box"
/// role="search" action="…" method="get">`): label, box (a combobox,
/// `aria-controls` its listbox), submit button, the popup (summary and
/// listbox, hidden) and a live region. `t` gives the language's strings.
pub fn box_html(t: impl Fn(&str) -> String) -> String {
    format!(
        "<label class=\"visually-hidden\" for=\"search-input\">{label}</label>\
<input id=\"search-input\" class=\"search-input\" type=\"search\" name=\"q\" autocomplete=\"off\" spellcheck=\"false\" placeholder=\"{placeholder}\" \
role=\"combobox\" aria-autocomplete=\"list\" aria-controls=\"search-listbox\" aria-expanded=\"false\">\
<button type=\"submit\" class=\"search-submit\">{submit}</button>\
<div class=\"search-popup\" hidden=\"\"><p class=\"search-summary\"></p>\
<ul class=\"search-listbox\" id=\"search-listbox\" role=\"listbox\" aria-label=\"{results}\" hidden=\"\"></ul></div>\
<p class=\"visually-hidden\" role=\"status\"></p>",
        label = escape(&t("search_label")),
        placeholder = escape(&t("search_placeholder")),
        submit = escape(&t("search_submit")),
        results = escape(&t("search_results_label")),
    )
}

/// `text` escaped for HTML text and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_box_is_a_combobox_with_its_strings_escaped() {
        let html = box_html(|key| match key {
            "search_label" => "Cerca nel sito".into(),
            "search_placeholder" => "Cerca \"qui\" & <ora>".into(),
            other => other.to_string(),
        });
        assert!(html.starts_with(
            "<label class=\"visually-hidden\" for=\"search-input\">Cerca nel sito</label><input id=\"search-input\""
        ));
        assert!(html.contains("placeholder=\"Cerca &quot;qui&quot; &amp; &lt;ora&gt;\""));
        assert!(html.contains("role=\"combobox\" aria-autocomplete=\"list\" aria-controls=\"search-listbox\" aria-expanded=\"false\""));
        assert!(html.contains("<ul class=\"search-listbox\" id=\"search-listbox\" role=\"listbox\" aria-label=\"search_results_label\" hidden=\"\"></ul>"));
        assert!(html.ends_with("<p class=\"visually-hidden\" role=\"status\"></p>"));
    }
}
