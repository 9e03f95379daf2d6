//! The content model: the JSON the preprocessor writes and the app reads.
//!
//! Two kinds of file exist: one small [`Site`] file fetched before any page,
//! and one [`Entry`] per URL (a page, or a redirect from an old URL), fetched
//! when that URL is visited. Everything here is resolved at build time: the
//! app only looks things up. The model knows nothing of Markdown or the DOM.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The site file: what the app needs before it can show any page.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct Site {
    /// Id of the build that wrote this file (a hash of everything the
    /// build read: content, page template, stylesheet); the same in every
    /// data file of one build. The app compares it with the id of each page
    /// file it fetches: another id means a new deploy (written first, so the
    /// app can find it in a file it cannot read).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub build: String,
    /// Public origin of the site (`https://…`, no trailing slash), for
    /// canonical and alternate links.
    pub url: String,
    /// The configured languages; the first one is the default.
    pub langs: Vec<Language>,
    /// How many bits of a path's hash pick its index shard (see
    /// [`crate::route::shard_file`]).
    #[serde(default)]
    pub shard_bits: u32,
}

/// One language of the site, with everything the interface needs in it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct Language {
    /// Language code as used in URLs and `<html lang>`, e.g. `it`.
    pub code: String,
    /// The language's name in itself, e.g. `Italiano`.
    pub name: String,
    /// The site title in this language.
    pub title: String,
    /// URL of this language's home page, e.g. `/it/`.
    pub home: String,
    /// Interface strings: key → text in this language.
    pub strings: BTreeMap<String, String>,
    /// The main navigation, in menu order.
    pub nav: Vec<NavItem>,
    /// URL of this language's search results page (the page with
    /// `{% include search_results.html %}`, an HTML block whose results the
    /// browser finds); empty when it has none, and then the header has no
    /// search box.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub search: String,
}

/// One entry of the main navigation.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct NavItem {
    /// Text of the link (the page title).
    pub title: String,
    /// Target URL (the page permalink).
    pub url: String,
    /// Submenu: pages whose `parent_menu` names this page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<NavItem>,
}

/// What a URL resolves to: a page, or a redirect to one.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Entry {
    /// A page of the site.
    Page(Box<Page>),
    /// An old URL (`redirect_from`) of a page.
    Redirect(Redirect),
}

impl Entry {
    /// Id of the build that wrote this entry (see [`Site::build`]).
    pub fn build(&self) -> &str {
        match self {
            Entry::Page(page) => &page.build,
            Entry::Redirect(redirect) => &redirect.build,
        }
    }

    /// Sets the id of the build that writes this entry.
    pub fn set_build(&mut self, id: &str) {
        match self {
            Entry::Page(page) => page.build = id.to_string(),
            Entry::Redirect(redirect) => redirect.build = id.to_string(),
        }
    }

    /// The page, when this entry is one.
    pub fn page(&self) -> Option<&Page> {
        match self {
            Entry::Page(page) => Some(page),
            Entry::Redirect(_) => None,
        }
    }
}

/// An old URL: where it leads, resolved to the end of any chain at build time.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct Redirect {
    /// Id of the build that wrote this file (see [`Site::build`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub build: String,
    /// Permalink of the page this old URL belongs to.
    pub to: String,
    /// Where visitors are finally sent when that page has a `redirect_to`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external: Option<String>,
}

/// A page, ready to render.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// Id of the build that wrote this file (see [`Site::build`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub build: String,
    /// Language code of the page.
    pub lang: String,
    /// Page title (plain text).
    pub title: String,
    /// Meta description: the author's `description`, else the start of the
    /// body's first paragraph (plain text, at most 160 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The page's permalink: its canonical URL path.
    pub url: String,
    /// Which layout renders the page.
    pub layout: Layout,
    /// The same page (same `ref`) in the other languages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub translations: Vec<Link>,
    /// The page named by `parent_ref`, in the same language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Link>,
    /// The body: sanitized HTML and the component blocks between it.
    pub blocks: Vec<Block>,
    /// External URL visitors are sent to instead of seeing the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_to: Option<String>,
    /// Date of the last change shown in the footer, as `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// Table of contents (h2–h4 of the body) when the page asks for one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub toc: Vec<TocEntry>,
    /// Job position facts, on `job` pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job: Option<Job>,
    /// People of a project, current and former, on `project` pages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<PersonCard>,
    /// Profile facts, on `people` pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
    /// The text was translated automatically (English project pages).
    #[serde(default, skip_serializing_if = "is_false")]
    pub auto_translated: bool,
    /// Search engines are asked not to index the page.
    #[serde(default, skip_serializing_if = "is_false")]
    pub no_index: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// The layouts a page can have.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// Title and body (also `default_with_toc` and unknown layouts).
    #[default]
    Default,
    /// A job position.
    Job,
    /// A project, with people, contents and timeline.
    Project,
    /// A person's profile (also `i7person`).
    People,
}

/// A link to another page.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct Link {
    /// Language code of the target page.
    pub lang: String,
    /// Title of the target page.
    pub title: String,
    /// Permalink of the target page.
    pub url: String,
}

/// A piece of a page body.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// Sanitized HTML rendered from the Markdown (or HTML) body.
    Html {
        /// The HTML.
        html: String,
    },
    /// `{% include jobs_accordion.html %}`: the working-conditions accordion.
    JobsAccordion,
    /// `{% include jobs_list.html %}`: open positions, sorted by title.
    JobsList {
        /// The positions.
        items: Vec<ListItem>,
    },
    /// `{% include jobs_list_archive.html %}`: closed positions, sorted by title.
    JobsArchive {
        /// The positions.
        items: Vec<ListItem>,
    },
    /// `{% include project_timeline.html %}`: the page's timeline.
    Timeline {
        /// The entries, in the author's order.
        entries: Vec<TimelineEntry>,
    },
    /// `{% include projects_list.html %}`: project pages, sorted by title.
    ProjectsList {
        /// The projects.
        items: Vec<ListItem>,
    },
    /// `{% include team_list.html %}`: people pages, sorted by name.
    TeamList {
        /// The people.
        items: Vec<PersonCard>,
    },
}

/// One item of a list of pages.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct ListItem {
    /// Page title.
    pub title: String,
    /// Page permalink.
    pub url: String,
    /// Marked as new (`is_new`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub is_new: bool,
    /// Closed (`archived`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub closed: bool,
}

/// One entry of a project timeline.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct TimelineEntry {
    /// When, as the author wrote it (e.g. `Novembre 2017`).
    pub period: String,
    /// What.
    pub title: String,
    /// Details, rendered from Markdown and sanitized.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desc: Option<String>,
    /// Still to come (`status: todo`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub todo: bool,
}

/// One heading of a table of contents.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct TocEntry {
    /// Heading level, 2 to 4.
    pub level: u8,
    /// The heading's `id`.
    pub id: String,
    /// The heading's text.
    pub text: String,
}

/// Facts of a job position page.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct Job {
    /// The position is closed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub archived: bool,
    /// The position is new.
    #[serde(default, skip_serializing_if = "is_false")]
    pub is_new: bool,
    /// The application form (an https iframe), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apply: Option<ApplyForm>,
    /// The join-us page of the same language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub back: Option<Link>,
}

/// An embedded application form.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct ApplyForm {
    /// The https URL of the form (`jazz_url`).
    pub url: String,
    /// Height of the iframe in pixels (`iframeheight`, default 600).
    pub height: u32,
}

/// A person, as shown on a card.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct PersonCard {
    /// The person's `ref`.
    pub id: String,
    /// Name (the profile page's title).
    pub name: String,
    /// Role, as written on the profile.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub role: String,
    /// Profile page permalink.
    pub url: String,
    /// Photo URL (`/images/team/{ref}.jpg`), empty when there is no photo.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub photo: String,
    /// Left the project (has an `end_date`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub former: bool,
    /// Start date (`start_date`), free text as written.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub start_date: String,
    /// End date (`end_date`), free text as written.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub end_date: String,
}

/// Facts of a person's profile page.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct Profile {
    /// Role.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub role: String,
    /// Text before the role (e.g. a title).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pre_role: String,
    /// Start date, free text as written.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub start_date: String,
    /// End date, free text as written.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub end_date: String,
    /// Photo URL, empty when there is no photo.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub photo: String,
    /// Links elsewhere (social profiles, personal page, email).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<SocialLink>,
    /// Other facts, as label key → text (e.g. `annual_compensation`): the
    /// key is one of [`crate::text::FACTS`], an interface string.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<(String, String)>,
}

/// A link from a profile to elsewhere.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct SocialLink {
    /// Which kind: one of [`crate::text::LINK_KINDS`] (`twitter`, `medium`,
    /// `linkedin`, `github`, `web`, `email`); its name is the interface
    /// string `link_{kind}`.
    pub kind: String,
    /// The URL (`mailto:` for email).
    pub url: String,
}
