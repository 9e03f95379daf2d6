//! Plain state types behind the interactive parts, tested natively: the
//! app's components only render them.

pub mod accordion;
pub mod lang;
pub mod nav;
