//! A Jekyll site's Ruby plugins (`_plugins/*.rb`): never run, never copied.
//! Each file is read for the Liquid filters and tags it registers
//! (`Liquid::Template.register_filter(Module)` with the `def`s of that
//! module, `Liquid::Template.register_tag("name", Class)`), so that the
//! site's templates still parse: such a filter passes its input through
//! unchanged and such a tag renders nothing, and the build says so once
//! per file.

use super::diag::Diagnostic;
use std::path::Path;

/// What one plugin file registers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plugin {
    /// The file as shown in messages.
    pub shown: String,
    /// 1-based line of the first registration (1 without one).
    pub line: usize,
    /// The filters, in the order of their `def`s.
    pub filters: Vec<String>,
    /// The tags: name, and whether it is a block (`Liquid::Block`, closed
    /// by `{% endNAME %}`).
    pub tags: Vec<(String, bool)>,
}

/// Reads every `_plugins/**/*.rb` of `content`, in path order.
pub fn read(content: &Path, base: &str) -> Vec<Plugin> {
    let mut files = Vec::new();
    collect(&content.join("_plugins"), "_plugins", &mut files);
    files.sort();
    files
        .into_iter()
        .map(|(rel, path)| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            parse(&format!("{base}/{rel}"), &text)
        })
        .collect()
}

/// The `.rb` files under `dir`: (path shown from the content folder, path).
fn collect(dir: &Path, rel: &str, files: &mut Vec<(String, std::path::PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if path.is_dir() {
            collect(&path, &format!("{rel}/{name}"), files);
        } else if name.ends_with(".rb") {
            files.push((format!("{rel}/{name}"), path));
        }
    }
}

/// What the Ruby source `text` of `shown` registers.
pub fn parse(shown: &str, text: &str) -> Plugin {
    let lines: Vec<&str> = text.lines().map(code).collect();
    let mut plugin = Plugin {
        shown: shown.to_string(),
        line: 1,
        ..Plugin::default()
    };
    let mut first = None;
    for (i, line) in lines.iter().enumerate() {
        if let Some(module) = call_argument(line, "register_filter") {
            first.get_or_insert(i + 1);
            let module = module.rsplit("::").next().unwrap_or("").trim();
            for def in defs(&lines, module) {
                if !plugin.filters.contains(&def) {
                    plugin.filters.push(def);
                }
            }
        }
        if let Some(arguments) = call_argument(line, "register_tag") {
            first.get_or_insert(i + 1);
            let (name, class) = arguments.split_once(',').unwrap_or((arguments, ""));
            let name = name.trim().trim_matches(['"', '\'', ':']).to_string();
            let class = class.trim().rsplit("::").next().unwrap_or("").trim();
            if !name.is_empty() {
                plugin.tags.push((name, is_block(&lines, class)));
            }
        }
    }
    plugin.line = first.unwrap_or(1);
    plugin
}

/// A line without its `#` comment (a `#` inside quotes is kept).
fn code(line: &str) -> &str {
    let mut quote = None;
    for (at, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if q == c => quote = None,
            (None, '#') => return &line[..at],
            _ => {}
        }
    }
    line
}

/// The text inside the parentheses (or after the space) of `NAME(…)` on
/// `line`.
fn call_argument<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let at = line.find(name)?;
    let rest = line[at + name.len()..].trim_start();
    let rest = rest.strip_prefix('(').unwrap_or(rest);
    let end = rest.find(')').unwrap_or(rest.len());
    Some(rest[..end].trim())
}

/// The public instance methods of `module NAME` (a `def` at the first
/// indentation inside it, before a `private` there, until its `end`).
fn defs(lines: &[&str], name: &str) -> Vec<String> {
    let Some((start, indent)) = opening(lines, "module", name) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for line in &lines[start + 1..] {
        let depth = line.len() - line.trim_start().len();
        let words: Vec<&str> = line.split_whitespace().collect();
        if depth <= indent && words.first() == Some(&"end") {
            break;
        }
        match words.as_slice() {
            ["private" | "protected", ..] => break,
            ["def", method, ..] if !method.starts_with("self.") => {
                let method = method.split(['(', ';']).next().unwrap_or("");
                if !method.is_empty() {
                    found.push(method.to_string());
                }
            }
            _ => {}
        }
    }
    found
}

/// The line and indentation of `KEYWORD NAME` (`module Filters`,
/// `class Tag < Liquid::Block`).
fn opening(lines: &[&str], keyword: &str, name: &str) -> Option<(usize, usize)> {
    lines.iter().enumerate().find_map(|(i, line)| {
        let mut words = line.split_whitespace();
        let named = words.next() == Some(keyword)
            && words
                .next()
                .is_some_and(|w| w.rsplit("::").next() == Some(name));
        named.then(|| (i, line.len() - line.trim_start().len()))
    })
}

/// Whether `class NAME` derives from `Liquid::Block`.
fn is_block(lines: &[&str], class: &str) -> bool {
    opening(lines, "class", class).is_some_and(|(i, _)| {
        let line = lines[i];
        line.split_once('<')
            .is_some_and(|(_, parent)| parent.trim().ends_with("Block"))
    })
}

/// The warning for one plugin file.
pub fn warning(plugin: &Plugin) -> Diagnostic {
    let list = |names: Vec<&str>| {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut parts = Vec::new();
    match plugin.filters.as_slice() {
        [] => {}
        [one] => parts.push(format!(
            "its filter `{one}` passes its input through unchanged"
        )),
        many => parts.push(format!(
            "its filters {} pass their input through unchanged",
            list(many.iter().map(String::as_str).collect())
        )),
    }
    let tags: Vec<&str> = plugin.tags.iter().map(|(n, _)| n.as_str()).collect();
    match tags.as_slice() {
        [] => {}
        [one] => parts.push(format!("its tag `{one}` renders nothing")),
        many => parts.push(format!("its tags {} render nothing", list(many.to_vec()))),
    }
    let what = if parts.is_empty() {
        "it registers no Liquid filter or tag".to_string()
    } else {
        parts.join("; ")
    };
    Diagnostic::warning(
        &plugin.shown,
        plugin.line,
        1,
        format!("Ruby plugin not run: {what}"),
    )
    .fix("write what it does in Liquid in the includes, or use a built-in filter (README.md, \"Site includes and Liquid\"); `_plugins/` is not copied to the site")
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILTERS: &str = r##"# Number formatting for the dashboards.
module Jekyll
  module NumberFilters
    def intcomma(input, sep = ".")
      input.to_s.reverse.scan(/\d{1,3}/).join(sep).reverse # "1.234"
    end

    def percent(input)
      "#{input} %"
    end

    def self.helper; end

    private

    def digits(x)
      x
    end
  end
end

Liquid::Template.register_filter(Jekyll::NumberFilters)
"##;

    const TAGS: &str = r#"module Jekyll
  class YoutubeTag < Liquid::Tag
    def render(context)
      "<iframe></iframe>"
    end
  end
  class Notice < Liquid::Block
  end
end
Liquid::Template.register_tag('youtube', Jekyll::YoutubeTag)
Liquid::Template.register_tag("notice", Jekyll::Notice)
"#;

    #[test]
    fn reads_the_filters_and_tags_a_plugin_registers() {
        let plugin = parse("content/_plugins/filters.rb", FILTERS);
        assert_eq!(plugin.filters, ["intcomma", "percent"]);
        assert_eq!(plugin.line, 22);
        assert!(plugin.tags.is_empty());
        let plugin = parse("content/_plugins/tags.rb", TAGS);
        assert!(plugin.filters.is_empty());
        assert_eq!(
            plugin.tags,
            [("youtube".to_string(), false), ("notice".to_string(), true)]
        );
    }

    #[test]
    fn warns_once_naming_the_file_and_what_it_registers() {
        let text = |source: &str| warning(&parse("content/_plugins/p.rb", source)).to_string();
        assert_eq!(
            text(FILTERS).lines().next(),
            Some(
                "content/_plugins/p.rb:22:1: warning: Ruby plugin not run: its filters `intcomma`, `percent` pass their input through unchanged"
            )
        );
        assert_eq!(
            text(TAGS).lines().next(),
            Some(
                "content/_plugins/p.rb:10:1: warning: Ruby plugin not run: its tags `youtube`, `notice` render nothing"
            )
        );
        assert_eq!(
            text("Jekyll::Hooks.register :site, :post_write do |site|\nend\n")
                .lines()
                .next(),
            Some(
                "content/_plugins/p.rb:1:1: warning: Ruby plugin not run: it registers no Liquid filter or tag"
            )
        );
    }
}
