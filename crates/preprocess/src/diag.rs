//! Diagnostics: build errors and warnings that name the content file, the
//! 1-based line and column, what is wrong and how to fix it.

use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The page still renders sensibly; the build goes on.
    Warning,
    /// The build fails and writes nothing.
    Error,
}

/// One message for an author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Path of the content file, relative to the content folder's parent.
    pub file: String,
    /// 1-based line (0 when the whole file is meant).
    pub line: usize,
    /// 1-based column (0 when the whole line is meant).
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

impl Diagnostic {
    /// An error at `file:line:column`.
    pub fn error(file: &str, line: usize, column: usize, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.to_string(),
            line,
            column,
            message: message.into(),
            fix: String::new(),
        }
    }

    /// A warning at `file:line:column`.
    pub fn warning(file: &str, line: usize, column: usize, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, line, column, message)
        }
    }

    /// The same diagnostic with a hint on how to fix it.
    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = fix.into();
        self
    }

    /// Whether this diagnostic fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// One diagnostic as JSON (`tdt-build --messages-json`): its fields, and
/// `text`, the message exactly as the terminal prints it.
#[derive(serde::Serialize)]
struct Json<'a> {
    severity: Severity,
    file: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
    fix: &'a str,
    text: String,
}

/// `diagnostics` (in the order given) as a JSON array, for the development
/// server's error overlay (`.ci/serve`).
pub fn to_json(diagnostics: &[&Diagnostic]) -> String {
    let items: Vec<Json> = diagnostics
        .iter()
        .map(|d| Json {
            severity: d.severity,
            file: &d.file,
            line: d.line,
            column: d.column,
            message: &d.message,
            fix: &d.fix,
            text: d.to_string(),
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string())
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        write!(f, ": {kind}: {}", self.message)?;
        if !self.fix.is_empty() {
            write!(f, "\n  fix: {}", self.fix)?;
        }
        Ok(())
    }
}

/// The diagnostics of a build, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    /// Everything reported so far.
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Whether any error was reported.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Errors first, then warnings, each sorted by file and position.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut all: Vec<&Diagnostic> = self.items.iter().collect();
        all.sort_by(|a, b| {
            (b.severity, &a.file, a.line, a.column).cmp(&(a.severity, &b.file, b.line, b.column))
        });
        all
    }
}

/// 1-based line and column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    let column = text
        .get(line_start..offset)
        .map_or(offset - line_start, |s| s.chars().count())
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_column_and_fix() {
        let d = Diagnostic::error("content/it/a.md", 3, 7, "bad").fix("do this");
        assert_eq!(
            d.to_string(),
            "content/it/a.md:3:7: error: bad\n  fix: do this"
        );
        let w = Diagnostic::warning("content/x.md", 0, 0, "odd");
        assert_eq!(w.to_string(), "content/x.md: warning: odd");
    }

    #[test]
    fn json_has_the_fields_and_the_terminal_text() {
        let d = Diagnostic::error("content/it/a.md", 3, 7, "bad \"x\"").fix("do this");
        let w = Diagnostic::warning("content/x.md", 0, 0, "odd");
        let json: serde_json::Value = serde_json::from_str(&to_json(&[&d, &w])).unwrap();
        assert_eq!(
            json,
            serde_json::json!([
                {"severity": "error", "file": "content/it/a.md", "line": 3, "column": 7,
                 "message": "bad \"x\"", "fix": "do this",
                 "text": "content/it/a.md:3:7: error: bad \"x\"\n  fix: do this"},
                {"severity": "warning", "file": "content/x.md", "line": 0, "column": 0,
                 "message": "odd", "fix": "", "text": "content/x.md: warning: odd"}
            ])
        );
    }

    #[test]
    fn line_col_counts_from_one() {
        let text = "ab\ncdè\nf";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 7), (2, 4));
        assert_eq!(line_col(text, 99), (3, 2));
    }
}
