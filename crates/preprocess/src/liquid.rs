//! Liquid tags in page bodies: `{% include NAME.html key=value %}` becomes a
//! placeholder that later turns into a component block,
//! `{% comment %}…{% endcomment %}` is removed and the text inside
//! `{% raw %}…{% endraw %}` is kept as written. Line numbers are kept, so
//! later stages still point at the right line.

use super::diag::{Diagnostic, line_col};

/// The includes the site knows.
pub const INCLUDES: &[&str] = &[
    "jobs_accordion",
    "jobs_list",
    "jobs_list_archive",
    "project_timeline",
    "projects_list",
    "search_results",
    "team_list",
];

/// One `{% include %}` found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    /// Name without `.html`, one of [`INCLUDES`].
    pub name: String,
    /// `key=value` arguments, in order.
    pub args: Vec<(String, String)>,
}

/// A placeholder is `<!--tdt-include-N-->`: these two parts around `N`.
const PLACEHOLDER_OPEN: &str = "<!--tdt-include-";
const PLACEHOLDER_CLOSE: &str = "-->";

/// The placeholder standing for include number `index` in the body.
pub fn placeholder(index: usize) -> String {
    format!("{PLACEHOLDER_OPEN}{index}{PLACEHOLDER_CLOSE}")
}

/// Whether raw HTML from Markdown is one include placeholder and nothing
/// else (the sanitizer need not look at it).
pub fn is_placeholder(html: &str) -> bool {
    html.trim()
        .strip_prefix(PLACEHOLDER_OPEN)
        .and_then(|rest| rest.strip_suffix(PLACEHOLDER_CLOSE))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A body with its Liquid tags handled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// The body, with includes as placeholders and comments blanked.
    pub body: String,
    /// The includes, numbered as their placeholders.
    pub includes: Vec<Include>,
}

/// Handles the Liquid tags of `body`; `first_line` is its line in the file.
pub fn process(
    shown: &str,
    body: &str,
    first_line: usize,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Processed, Diagnostic> {
    let mut out = String::with_capacity(body.len());
    let mut includes = Vec::new();
    let mut rest = body;
    let position = |offset: usize| {
        let (line, column) = line_col(body, offset);
        (first_line + line - 1, column)
    };
    while let Some(start) = super::scan::find(rest, "{%") {
        out.push_str(&rest[..start]);
        let at = body.len() - rest.len() + start;
        warn_outputs(shown, &rest[..start], at - start, &position, warnings);
        // The `%}` that closes, not the `%` of `{%` itself (`{%}`).
        let close = super::scan::find(&rest[start + 2..], "%}").map(|p| p + 2);
        let Some(len) = close else {
            let (line, column) = position(at);
            return Err(Diagnostic::error(
                shown,
                line,
                column,
                "a Liquid tag `{%` is never closed",
            )
            .fix("end the tag with `%}` on the same line"));
        };
        // `{%-` and `-%}` (whitespace control) name the same tags.
        let tag = rest[start + 2..start + len].trim_matches('-');
        let mut after = &rest[start + len + 2..];
        let words: Vec<&str> = tag.split_whitespace().collect();
        match words.first().copied() {
            Some(name @ ("comment" | "raw")) => {
                let (end_tag, what) = match name {
                    "raw" => ("endraw", "raw text"),
                    _ => ("endcomment", "comment"),
                };
                let Some(end) = find_end(after, end_tag) else {
                    let (line, column) = position(at);
                    return Err(Diagnostic::error(
                        shown,
                        line,
                        column,
                        format!("`{{% {name} %}}` is never closed"),
                    )
                    .fix(format!("add `{{% {end_tag} %}}` where the {what} ends")));
                };
                let close = after[end + 2..]
                    .find("%}")
                    .map_or(after.len(), |p| end + 2 + p + 2);
                let dropped = if name == "raw" {
                    out.push_str(&after[..end]);
                    &after[end..close]
                } else {
                    &after[..close]
                };
                out.extend(dropped.chars().filter(|c| *c == '\n'));
                after = &after[close..];
            }
            Some("include") => {
                let (line, column) = position(at);
                if let Some(include) = parse_include(shown, &words[1..], line, column, warnings) {
                    out.push_str(&placeholder(includes.len()));
                    includes.push(include);
                }
            }
            other => {
                let (line, column) = position(at);
                warnings.push(
                    Diagnostic::warning(shown, line, column, format!("Liquid tag `{{% {} %}}` is not supported and is removed", other.unwrap_or("")))
                        .fix("only `{% include NAME.html %}`, `{% comment %}…{% endcomment %}` and `{% raw %}…{% endraw %}` are supported"),
                );
            }
        }
        rest = after;
    }
    warn_outputs(shown, rest, body.len() - rest.len(), &position, warnings);
    out.push_str(rest);
    Ok(Processed {
        body: out,
        includes,
    })
}

/// Warns of each Liquid output `{{ … }}` in `text` (which starts at byte
/// `offset` of the body): the site has no variables, so it shows as written.
fn warn_outputs(
    shown: &str,
    text: &str,
    offset: usize,
    position: &dyn Fn(usize) -> (usize, usize),
    warnings: &mut Vec<Diagnostic>,
) {
    let mut from = 0;
    while let Some(start) = super::scan::find(&text[from..], "{{").map(|p| p + from) {
        let Some(len) = super::scan::find(&text[start..], "}}") else {
            return;
        };
        let (line, column) = position(offset + start);
        let inner = text[start + 2..start + len].trim();
        warnings.push(
            Diagnostic::warning(
                shown,
                line,
                column,
                format!("Liquid output `{{{{ {inner} }}}}` is not supported and is shown as written"),
            )
            .fix("write the text itself, or wrap it in `{% raw %}…{% endraw %}` to show the braces on purpose"),
        );
        from = start + len + 2;
    }
}

/// Whether a body needs the site's templates: it has Liquid output, or a
/// tag other than a built-in include, a comment or raw text.
pub fn needs_templates(body: &str) -> bool {
    if super::scan::find(body, "{{").is_some() {
        return true;
    }
    super::scan::find_all(body, "{%").any(|start| {
        let inner = body[start + 2..].split("%}").next().unwrap_or("");
        let mut words = inner.trim_matches('-').split_whitespace();
        match words.next() {
            Some("comment" | "endcomment" | "raw" | "endraw") => false,
            Some("include") => {
                let file = words.next().unwrap_or("");
                !INCLUDES.contains(&file.strip_suffix(".html").unwrap_or(file))
            }
            _ => true,
        }
    })
}

/// Finds the tag `{% name %}`, whatever its spacing.
fn find_end(text: &str, name: &str) -> Option<usize> {
    super::scan::find_all(text, "{%").find(|start| {
        let inner = text[start + 2..].split("%}").next().unwrap_or("");
        inner.trim_matches('-').trim() == name
    })
}

fn parse_include(
    shown: &str,
    words: &[&str],
    line: usize,
    column: usize,
    warnings: &mut Vec<Diagnostic>,
) -> Option<Include> {
    let file = words.first().copied().unwrap_or("");
    let name = file.strip_suffix(".html").unwrap_or(file);
    if !INCLUDES.contains(&name) {
        let known: Vec<String> = INCLUDES.iter().map(|n| format!("{n}.html")).collect();
        warnings.push(
            Diagnostic::warning(
                shown,
                line,
                column,
                format!("unknown include `{file}` renders nothing"),
            )
            .fix(format!(
                "use one of {}, or remove the tag",
                known.join(", ")
            )),
        );
        return None;
    }
    let args = words[1..]
        .iter()
        .filter_map(|w| w.split_once('='))
        .map(|(k, v)| (k.to_string(), v.trim_matches(['"', '\'']).to_string()))
        .collect();
    Some(Include {
        name: name.to_string(),
        args,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &str) -> (Result<Processed, String>, Vec<String>) {
        let mut warnings = Vec::new();
        let result = process("p.md", body, 10, &mut warnings).map_err(|d| d.to_string());
        (result, warnings.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn includes_become_placeholders() {
        let (result, warnings) =
            run("a\n\n{% include jobs_list.html %}\n\n{% include team_list.html limit=3 %}\n");
        let result = result.unwrap();
        assert!(warnings.is_empty());
        assert_eq!(
            result.body,
            "a\n\n<!--tdt-include-0-->\n\n<!--tdt-include-1-->\n"
        );
        assert_eq!(
            result.includes[1].args,
            vec![("limit".to_string(), "3".to_string())]
        );
    }

    #[test]
    fn placeholders_are_recognised() {
        assert!(is_placeholder(&placeholder(0)));
        assert!(is_placeholder(&format!("{}\n", placeholder(12))));
        for other in [
            "<!--tdt-include--->",
            "<!--tdt-include-1x-->",
            "<!-- x -->",
            "<!--tdt-include-1--><b>",
        ] {
            assert!(!is_placeholder(other), "{other}");
        }
    }

    #[test]
    fn liquid_outputs_are_warned_of_outside_raw() {
        let (result, warnings) =
            run("a {{ site.title }} b\n{% raw %}{{ kept }}{% endraw %}\n{{page.url}}\n{{ open");
        assert_eq!(
            result.unwrap().body,
            "a {{ site.title }} b\n{{ kept }}\n{{page.url}}\n{{ open"
        );
        assert_eq!(
            warnings,
            [
                "p.md:10:3: warning: Liquid output `{{ site.title }}` is not supported and is shown as written\n  fix: write the text itself, or wrap it in `{% raw %}…{% endraw %}` to show the braces on purpose",
                "p.md:12:1: warning: Liquid output `{{ page.url }}` is not supported and is shown as written\n  fix: write the text itself, or wrap it in `{% raw %}…{% endraw %}` to show the braces on purpose",
            ]
        );
    }

    #[test]
    fn comments_are_removed_keeping_lines() {
        let (result, _) =
            run("a {% comment %}x\ny\n{% endcomment %}b\n{%comment%}z{%endcomment%}c");
        assert_eq!(result.unwrap().body, "a \n\nb\nc");
        let (result, warnings) =
            run("a {%- comment -%}x\n{%- endcomment -%}b {%- include team_list.html -%}");
        assert_eq!(result.unwrap().body, "a \nb <!--tdt-include-0-->");
        assert!(warnings.is_empty());
        let (result, _) = run("{%comment%}a{%endcomment%}kept{% comment %}b{% endcomment %}");
        assert_eq!(result.unwrap().body, "kept");
    }

    #[test]
    fn raw_text_is_kept_as_written() {
        let (result, warnings) =
            run("`{% raw %}{% include team_list.html %}{% endraw %}`\n{%raw%}{{ x }}\n{%endraw%}!");
        let result = result.unwrap();
        assert_eq!(result.body, "`{% include team_list.html %}`\n{{ x }}\n!");
        assert!(result.includes.is_empty() && warnings.is_empty());
        assert_eq!(
            run("a\n{% raw %} never closed").0.unwrap_err(),
            "p.md:11:1: error: `{% raw %}` is never closed\n  fix: add `{% endraw %}` where the raw text ends"
        );
    }

    #[test]
    fn unknown_include_warns_and_renders_nothing() {
        let (result, warnings) = run("x\n{% include ipress.html %}\n");
        assert_eq!(result.unwrap().body, "x\n\n");
        assert_eq!(
            warnings,
            vec![
                "p.md:11:1: warning: unknown include `ipress.html` renders nothing\n  fix: use one of jobs_accordion.html, jobs_list.html, jobs_list_archive.html, project_timeline.html, projects_list.html, search_results.html, team_list.html, or remove the tag"
            ]
        );
    }

    #[test]
    fn errors_are_exact() {
        assert_eq!(
            run("a\n\n {% comment %} never closed\n").0.unwrap_err(),
            "p.md:12:2: error: `{% comment %}` is never closed\n  fix: add `{% endcomment %}` where the comment ends"
        );
        assert_eq!(
            run("{% include x").0.unwrap_err(),
            "p.md:10:1: error: a Liquid tag `{%` is never closed\n  fix: end the tag with `%}` on the same line"
        );
        // Found by fuzzing: the `%` of `{%` does not close the tag.
        assert_eq!(
            run("a {%} b").0.unwrap_err(),
            "p.md:10:3: error: a Liquid tag `{%` is never closed\n  fix: end the tag with `%}` on the same line"
        );
        assert!(run("{%}%}").0.is_ok());
        assert!(run("{% raw %}x{%}endraw %}").0.is_err());
    }

    #[test]
    fn bodies_needing_templates() {
        let cases = [
            ("plain", false),
            (
                "{% include team_list.html %} {%- comment -%}x{% endcomment %}",
                false,
            ),
            ("{% raw %}{% endraw %}", false),
            ("{{ page.title }}", true),
            ("{% include signature.html %}", true),
            ("{% assign x = 1 %}", true),
        ];
        for (body, expected) in cases {
            assert_eq!(needs_templates(body), expected, "{body}");
        }
    }

    #[test]
    fn other_tags_warn() {
        let (result, warnings) = run("{% if x %}y{% endif %}");
        assert_eq!(result.unwrap().body, "y");
        assert_eq!(warnings.len(), 2);
    }
}
