//! Plain state types behind the interactive parts, tested natively: the
//! app's components only render them.

pub mod accordion;
pub mod head;
pub mod lang;
pub mod nav;
pub mod search;

/// Shown when a person has no photo: a neutral silhouette (an SVG data URL,
/// allowed by the site's Content-Security-Policy).
pub const PHOTO_FALLBACK: &str = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 96 96'%3E%3Crect width='96' height='96' fill='%23d9e6f2'/%3E%3Ccircle cx='48' cy='38' r='18' fill='%23707f8f'/%3E%3Cpath d='M14 96c4-22 18-32 34-32s30 10 34 32z' fill='%23707f8f'/%3E%3C/svg%3E";
