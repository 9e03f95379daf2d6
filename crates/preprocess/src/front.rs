//! Stage 2, split front matter: a page starts with a line `---`, then YAML,
//! then a closing `---` (or `...`) line, then the body.

/// A page file cut in two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// 1-based line of the file where the YAML starts.
    pub yaml_line: usize,
    /// The body after the closing fence.
    pub body: &'a str,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
}

/// Why a file could not be split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with `---`: Jekyll copies such files as they are.
    NoFrontMatter,
    /// The opening `---` has no closing line.
    NotClosed,
}

/// Cuts `text` (already decoded, LF line endings) into front matter and body.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| (text.trim_end() == "---").then_some(""))
        .or_else(|| first_line_is_fence(text))
        .ok_or(SplitError::NoFrontMatter)?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let yaml_line = 2;
            let body_line = yaml_line + yaml.matches('\n').count() + 1;
            return Ok(Split {
                yaml,
                yaml_line,
                body,
                body_line,
            });
        }
        offset += line.len();
    }
    Err(SplitError::NotClosed)
}

/// Accepts `---   ` (trailing blanks) as an opening fence.
fn first_line_is_fence(text: &str) -> Option<&str> {
    let (first, rest) = text.split_once('\n')?;
    (first.trim_end() == "---").then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(
        yaml: &str,
        yaml_line: usize,
        body: &str,
        body_line: usize,
    ) -> Result<Split<'static>, SplitError> {
        let yaml: &'static str = Box::leak(yaml.to_string().into_boxed_str());
        let body: &'static str = Box::leak(body.to_string().into_boxed_str());
        Ok(Split {
            yaml,
            yaml_line,
            body,
            body_line,
        })
    }

    #[test]
    fn split_table() {
        let cases: Vec<(&str, Result<Split<'static>, SplitError>)> = vec![
            (
                "---\ntitle: a\n---\nbody\n",
                ok("title: a\n", 2, "body\n", 4),
            ),
            ("---\n---\n", ok("", 2, "", 3)),
            ("---\na: 1\nb: 2\n...\n# x", ok("a: 1\nb: 2\n", 2, "# x", 5)),
            ("---  \na: 1\n---  \nbody", ok("a: 1\n", 2, "body", 4)),
            ("---\na: 1\n---", ok("a: 1\n", 2, "", 4)),
            ("---\na: '---'\n---\n", ok("a: '---'\n", 2, "", 4)),
            ("no front matter\n", Err(SplitError::NoFrontMatter)),
            ("", Err(SplitError::NoFrontMatter)),
            (" ---\na: 1\n---\n", Err(SplitError::NoFrontMatter)),
            (
                "---\ntitle: a\nbody never closed\n",
                Err(SplitError::NotClosed),
            ),
            ("---", Err(SplitError::NotClosed)),
        ];
        for (input, expected) in cases {
            assert_eq!(split(input), expected, "input {input:?}");
        }
    }
}
