//! The content model and what the preprocessor and the app share without a
//! renderer: [`model`] (the serde types of the JSON the preprocessor writes),
//! [`json`] (the app's small decoder of it), [`route`] (URL normalisation and
//! lookup), [`text`] (interface string keys, date formats) and [`ui`] (the
//! plain state behind the interactive parts, tested natively).

pub mod json;
pub mod model;
pub mod route;
pub mod text;
pub mod ui;
