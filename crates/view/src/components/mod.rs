//! Components: each renders data it is given (page blocks, lists, people)
//! and keeps its state in the plain types of [`crate::ui`].

pub mod accordion;
pub mod blocks;
pub mod footer;
pub mod header;
pub mod jobs;
pub mod people;
pub mod search;
pub mod switcher;
pub mod timeline;
pub mod toc;

/// `"true"` or `"false"`, for `aria-*` attributes.
pub fn bool_str(value: bool) -> &'static str {
    if value { "true" } else { "false" }
}
