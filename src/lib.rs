//! The Team per la Trasformazione Digitale website.
//!
//! One crate, two programs: the native preprocessor (`tdt-build`, module
//! [`build`]) turns `content/` into JSON described by [`model`]; the browser
//! app (`tdt-site`, module `app`, wasm32 only) fetches and renders it. Both
//! share [`model`], [`json`] (the app's decoder of it), [`route`] (URL
//! normalisation and lookup) and [`text`].

pub mod json;
pub mod model;
pub mod route;
pub mod text;
pub mod ui;

#[cfg(not(target_arch = "wasm32"))]
pub mod build;

#[cfg(target_arch = "wasm32")]
pub mod app;
