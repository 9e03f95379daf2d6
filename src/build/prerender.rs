//! The HTML of a page as the app renders it, written into each URL's static
//! file so a deep link paints its content before the wasm has loaded (and
//! reads without JavaScript). It mirrors the app's markup and classes; the
//! app then renders the same page again over it.

use crate::model::{
    Block, Language, Layout, ListItem, NavItem, Page, PersonCard, Site, TimelineEntry,
};
use crate::text::{ACCORDION_TOPICS, format_date};
use std::fmt::Write;

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out
}

/// Strings of one language.
struct Ui<'a> {
    language: &'a Language,
}

impl Ui<'_> {
    fn t(&self, key: &str) -> String {
        escape(self.language.strings.get(key).map_or(key, String::as_str))
    }
}

fn language<'a>(site: &'a Site, lang: &str) -> Option<&'a Language> {
    site.langs
        .iter()
        .find(|l| l.code == lang)
        .or(site.langs.first())
}

/// Header, main content and footer of `page`.
pub fn page_body(site: &Site, page: &Page) -> String {
    let Some(language) = language(site, &page.lang) else {
        return String::new();
    };
    let ui = Ui { language };
    let mut main = String::new();
    match page.layout {
        Layout::Job => job(&ui, page, &mut main),
        Layout::Project => project(&ui, page, &mut main),
        Layout::People => person(&ui, page, &mut main),
        Layout::Default => {
            let _ = write!(
                main,
                "<article class=\"layout-{}\">{}",
                layout_name(page.layout),
                title(page)
            );
            blocks(&ui, &page.blocks, &mut main);
            main.push_str("</article>");
        }
    }
    let footer_date = page.last_modified.as_ref().map(|date| {
        format!(
            "<p class=\"last-update\">{}: {}</p>",
            ui.t("last_update"),
            format_date(&page.lang, date)
        )
    });
    frame(site, &ui, page, &main, footer_date.as_deref().unwrap_or(""))
}

/// The body of the 404 page, in every language.
pub fn not_found_body(site: &Site) -> String {
    let mut main = String::from("<section class=\"not-found\">");
    for language in &site.langs {
        let ui = Ui { language };
        let _ = write!(
            main,
            "<h1 lang=\"{code}\">{}</h1><p lang=\"{code}\">{}</p><p lang=\"{code}\"><a href=\"{}\">{}</a></p>",
            ui.t("not_found_title"),
            ui.t("not_found_text"),
            escape(&language.home),
            ui.t("back_home"),
            code = escape(&language.code),
        );
    }
    main.push_str("</section>");
    format!("<main id=\"main\" tabindex=\"-1\" class=\"container my-4\">{main}</main>")
}

fn layout_name(layout: Layout) -> &'static str {
    match layout {
        Layout::Default => "default",
        Layout::Job => "job",
        Layout::Project => "project",
        Layout::People => "people",
    }
}

fn title(page: &Page) -> String {
    format!("<h1 tabindex=\"-1\">{}</h1>", escape(&page.title))
}

fn frame(site: &Site, ui: &Ui, page: &Page, main: &str, footer_extra: &str) -> String {
    let mut nav = String::new();
    let here = Here {
        page: crate::route::normalize(&page.url),
        parent: page
            .parent
            .as_ref()
            .and_then(|p| crate::route::normalize(&p.url)),
    };
    for item in &ui.language.nav {
        nav_item(item, &here, &mut nav);
    }
    let mut switcher = String::new();
    for other in &site.langs {
        let target = crate::ui::lang::switch_target(site, Some(page), &other.code);
        let current = if other.code == page.lang {
            " aria-current=\"true\""
        } else {
            ""
        };
        // As the app's switcher: a missing translation is said in the
        // target language, in the link's label and title.
        let (class, note) = if target.translated {
            ("lang-link", String::new())
        } else {
            let note = Ui { language: other }.t("translation_missing");
            let upper = escape(&other.code.to_uppercase());
            (
                "lang-link untranslated",
                format!(" aria-label=\"{upper} – {note}\" title=\"{note}\""),
            )
        };
        let _ = write!(
            switcher,
            "<li><a href=\"{}\" hreflang=\"{code}\" lang=\"{code}\"{current}{note} class=\"{class}\">{}</a></li>",
            escape(&target.url),
            escape(&other.code.to_uppercase()),
            code = escape(&other.code)
        );
    }
    format!(
        "<a class=\"skiplink visually-hidden-focusable\" href=\"#main\">{skip}</a>\
<header class=\"it-header-wrapper\"><div class=\"it-header-center-wrapper\"><div class=\"container\"><div class=\"it-header-center-content-wrapper\">\
<a class=\"it-brand-wrapper\" href=\"{home}\"><div class=\"it-brand-text\"><div class=\"it-brand-title\">{site_title}</div></div></a>\
{search}\
<nav class=\"lang-switcher\" aria-label=\"{lang_label}\"><ul>{switcher}</ul></nav></div></div></div>\
<div class=\"it-header-navbar-wrapper\"><div class=\"container\"><nav class=\"navbar navbar-expand-lg\" aria-label=\"{nav_label}\">\
<button type=\"button\" class=\"custom-navbar-toggler\" aria-expanded=\"false\" aria-controls=\"main-nav\"><span aria-hidden=\"true\">☰ </span>{menu}</button>\
<div class=\"navbar-collapse\" id=\"main-nav\"><ul class=\"navbar-nav\">{nav}</ul></div></nav></div></div></header>\
<main id=\"main\" tabindex=\"-1\" class=\"container my-4\"{index}>{main}</main>\
<footer class=\"it-footer\"><div class=\"it-footer-main\"><div class=\"container\"><p class=\"footer-title\">{site_title}</p>{footer_extra}</div></div></footer>",
        skip = ui.t("skip_to_content"),
        home = escape(&ui.language.home),
        site_title = escape(&ui.language.title),
        lang_label = ui.t("language_switcher"),
        nav_label = ui.t("main_navigation"),
        menu = ui.t("menu"),
        index = super::search::main_attributes(page),
        search = super::search::header_box(ui.language),
    )
}

/// The page a menu is written for, as normalised keys.
struct Here {
    /// The page's own.
    page: Option<String>,
    /// Its parent's, if it has one.
    parent: Option<String>,
}

fn nav_item(item: &NavItem, here: &Here, out: &mut String) {
    let same = |url: &str| crate::route::normalize(url) == here.page;
    let key = crate::route::normalize(&item.url);
    let parent = here.parent.is_some() && key == here.parent;
    let aria = if key == here.page {
        " aria-current=\"page\""
    } else if parent || item.children.iter().any(|c| same(&c.url)) {
        " aria-current=\"true\""
    } else {
        ""
    };
    let _ = write!(
        out,
        "<li class=\"nav-item\"><a class=\"nav-link\" href=\"{}\"{aria}>{}</a>",
        escape(&item.url),
        escape(&item.title)
    );
    if !item.children.is_empty() {
        out.push_str("<ul class=\"subnav\">");
        for child in &item.children {
            let aria = if same(&child.url) {
                " aria-current=\"page\""
            } else {
                ""
            };
            let _ = write!(
                out,
                "<li><a class=\"nav-link\" href=\"{}\"{aria}>{}</a></li>",
                escape(&child.url),
                escape(&child.title)
            );
        }
        out.push_str("</ul>");
    }
    out.push_str("</li>");
}

/// A job page. The application form is inside `<noscript>`: the app mounts
/// its own frame, and a prerendered one would load the form a second time.
fn job(ui: &Ui, page: &Page, out: &mut String) {
    let job = page.job.clone().unwrap_or_default();
    let closed = if job.archived {
        format!(
            " <span class=\"badge bg-secondary job-closed\">{}</span>",
            ui.t("jobs_closed")
        )
    } else {
        String::new()
    };
    let _ = write!(
        out,
        "<article class=\"layout-job\"><div class=\"page-title\">{}{closed}</div>",
        title(page)
    );
    blocks(ui, &page.blocks, out);
    if let Some(form) = &job.apply {
        let _ = write!(
            out,
            "<section class=\"job-apply\" aria-labelledby=\"job-apply-title\"><h2 id=\"job-apply-title\">{}</h2><p class=\"privacy-notice\">{}</p>\
<noscript><iframe loading=\"lazy\" class=\"job-iframe\" src=\"{}\" height=\"{}\" title=\"{}\"></iframe></noscript></section>",
            ui.t("job_apply_title"),
            ui.t("job_privacy"),
            escape(&form.url),
            form.height,
            ui.t("job_form_title")
        );
    }
    if let Some(back) = &job.back {
        let _ = write!(
            out,
            "<p class=\"back-link\"><a href=\"{}\">{}: {}</a></p>",
            escape(&back.url),
            ui.t("job_back"),
            escape(&back.title)
        );
    }
    out.push_str("</article>");
}

fn project(ui: &Ui, page: &Page, out: &mut String) {
    out.push_str("<article class=\"layout-project\">");
    out.push_str(&title(page));
    if page.auto_translated {
        let _ = write!(
            out,
            "<p class=\"auto-translated-notice\" role=\"note\">{}</p>",
            ui.t("project_auto_translated")
        );
    }
    if !page.people.is_empty() {
        people(ui, &page.people, out);
    }
    let with_toc = !page.toc.is_empty();
    let _ = write!(
        out,
        "<div class=\"project-layout{}\">",
        if with_toc { " with-toc" } else { "" }
    );
    if with_toc {
        let label = ui.t("project_contents");
        let _ = write!(
            out,
            "<nav class=\"toc\" aria-label=\"{label}\"><h2 class=\"toc-title\">{label}</h2><ul>"
        );
        for (i, entry) in page.toc.iter().enumerate() {
            // The first section is the one being read at the top, as the
            // app marks it.
            let active = if i == 0 {
                " class=\"active\" aria-current=\"true\""
            } else {
                ""
            };
            let _ = write!(
                out,
                "<li class=\"toc-h{}\"><a href=\"#{}\"{active}>{}</a></li>",
                entry.level,
                escape(&entry.id),
                escape(&entry.text)
            );
        }
        out.push_str("</ul></nav>");
    }
    out.push_str("<div class=\"project-body\">");
    blocks(ui, &page.blocks, out);
    out.push_str("</div></div></article>");
}

/// A person's page: as the app's people layout, the profile (photo, role,
/// dates, facts, links) under the name, then the body.
fn person(ui: &Ui, page: &Page, out: &mut String) {
    let _ = write!(
        out,
        "<article class=\"layout-people person-profile\">{}",
        title(page)
    );
    let profile = page.profile.clone().unwrap_or_default();
    let join = |parts: [&str; 2], by: &str| {
        parts
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(by)
    };
    let _ = write!(
        out,
        "<div class=\"profile-head\">{}<p class=\"person-role\">{}</p><p class=\"person-dates\">{}</p></div><dl class=\"person-facts\">",
        photo(&profile.photo),
        escape(&join([&profile.pre_role, &profile.role], " ")),
        escape(&join([&profile.start_date, &profile.end_date], " – ")),
    );
    for (key, value) in &profile.facts {
        let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", ui.t(key), escape(value));
    }
    out.push_str("</dl><ul class=\"social-links\">");
    for link in &profile.links {
        let _ = write!(
            out,
            "<li><a href=\"{}\" rel=\"external\">{}</a></li>",
            escape(&link.url),
            escape(&link.kind)
        );
    }
    out.push_str("</ul>");
    blocks(ui, &page.blocks, out);
    out.push_str("</article>");
}

/// A person's photo, or the silhouette when there is none.
fn photo(src: &str) -> String {
    format!(
        "<img class=\"person-photo\" src=\"{}\" alt=\"\" width=\"96\" height=\"96\" loading=\"lazy\">",
        escape(if src.is_empty() {
            crate::ui::PHOTO_FALLBACK
        } else {
            src
        })
    )
}

fn people(ui: &Ui, people: &[PersonCard], out: &mut String) {
    out.push_str("<section class=\"project-people\">");
    let (former, current): (Vec<&PersonCard>, Vec<&PersonCard>) =
        people.iter().partition(|p| p.former);
    for (key, group, class) in [
        ("project_people", current, "people-cards"),
        ("project_contributed", former, "people-cards former"),
    ] {
        if group.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "<h2 class=\"people-heading\">{}</h2><ul class=\"{class}\">",
            ui.t(key)
        );
        group.into_iter().for_each(|p| card(p, out));
        out.push_str("</ul>");
    }
    out.push_str("</section>");
}

fn card(person: &PersonCard, out: &mut String) {
    let _ = write!(
        out,
        "<li class=\"person-card\">{}<a class=\"person-name\" href=\"{}\">{}</a><span class=\"person-role\">{}</span></li>",
        photo(&person.photo),
        escape(&person.url),
        escape(&person.name),
        escape(&person.role)
    );
}

fn blocks(ui: &Ui, blocks: &[Block], out: &mut String) {
    for block in blocks {
        match block {
            Block::Html { html } => {
                let _ = write!(out, "<div class=\"page-body\">{html}</div>");
            }
            Block::JobsAccordion => accordion(ui, out),
            Block::JobsList { items } => jobs_list(ui, items, out),
            Block::JobsArchive { items } => jobs_archive(ui, items, out),
            Block::Timeline { entries } => timeline(ui, entries, out),
            Block::ProjectsList { items } => {
                out.push_str("<ul class=\"projects-list\">");
                for item in items {
                    let _ = write!(
                        out,
                        "<li class=\"card project-card\"><a class=\"card-body\" href=\"{}\">{}</a></li>",
                        escape(&item.url),
                        escape(&item.title)
                    );
                }
                out.push_str("</ul>");
            }
            Block::TeamList { items } => {
                out.push_str("<ul class=\"team-list people-cards\">");
                items.iter().for_each(|p| card(p, out));
                out.push_str("</ul>");
            }
        }
    }
}

fn accordion(ui: &Ui, out: &mut String) {
    let _ = write!(
        out,
        "<section class=\"jobs-accordion\" aria-label=\"{}\">",
        ui.t("jobs_accordion_label")
    );
    for (i, topic) in ACCORDION_TOPICS.iter().enumerate() {
        let open = i == 0;
        let _ = write!(
            out,
            "<h3 class=\"jobs-accordion-heading\"><button type=\"button\" class=\"jobs-accordion-button\" id=\"{topic}-button\" aria-expanded=\"{open}\" aria-controls=\"{topic}-panel\">{}</button></h3>\
<div class=\"jobs-accordion-panel\" role=\"region\" id=\"{topic}-panel\" aria-labelledby=\"{topic}-button\"{}><p>{}</p></div>",
            ui.t(&format!("{topic}_title")),
            if open { "" } else { " hidden" },
            ui.t(&format!("{topic}_text")),
        );
    }
    out.push_str("</section>");
}

fn jobs_list(ui: &Ui, items: &[ListItem], out: &mut String) {
    if items.is_empty() {
        let _ = write!(
            out,
            "<p class=\"jobs-empty\">{}</p>",
            ui.t("jobs_open_none")
        );
        return;
    }
    out.push_str("<ul class=\"jobs-list\">");
    for item in items {
        let badge = if item.is_new {
            format!(
                " <span class=\"badge bg-success\">{}</span>",
                ui.t("jobs_new")
            )
        } else {
            String::new()
        };
        let _ = write!(
            out,
            "<li><a href=\"{}\">{}</a>{badge}</li>",
            escape(&item.url),
            escape(&item.title)
        );
    }
    out.push_str("</ul>");
}

fn jobs_archive(ui: &Ui, items: &[ListItem], out: &mut String) {
    let _ = write!(
        out,
        "<div class=\"jobs-archive\"><button type=\"button\" class=\"btn btn-outline-primary btn-sm jobs-archive-toggle\" aria-expanded=\"false\" aria-controls=\"jobs-archive-list\">{}</button><ul class=\"jobs-list jobs-list-archive\" id=\"jobs-archive-list\" hidden>",
        ui.t("jobs_show_all")
    );
    for item in items {
        let _ = write!(
            out,
            "<li><a href=\"{}\">{}</a> <span class=\"badge bg-secondary\">{}</span></li>",
            escape(&item.url),
            escape(&item.title),
            ui.t("jobs_closed")
        );
    }
    out.push_str("</ul></div>");
}

fn timeline(ui: &Ui, entries: &[TimelineEntry], out: &mut String) {
    let _ = write!(
        out,
        "<section class=\"timeline-section\" aria-labelledby=\"timeline-title\"><h2 id=\"timeline-title\" class=\"timeline-heading\">{}</h2><ol class=\"timeline\" id=\"timeline\">",
        ui.t("timeline_title")
    );
    for entry in entries {
        let (class, state) = if entry.todo {
            ("todo", ui.t("timeline_todo"))
        } else {
            ("done", ui.t("timeline_done"))
        };
        let desc = entry
            .desc
            .as_ref()
            .map(|d| format!("<div class=\"timeline-desc\">{d}</div>"))
            .unwrap_or_default();
        let _ = write!(
            out,
            "<li class=\"timeline-entry {class}\"><span class=\"timeline-marker\" aria-hidden=\"true\"></span><div class=\"timeline-period\">{}</div><div class=\"timeline-title\">{}<span class=\"visually-hidden\"> ({state})</span></div>{desc}</li>",
            escape(&entry.period),
            escape(&entry.title)
        );
    }
    out.push_str("</ol></section>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn the_job_form_loads_only_without_javascript() {
        let site = Site {
            langs: vec![Language {
                code: "it".into(),
                ..Language::default()
            }],
            ..Site::default()
        };
        let page = Page {
            lang: "it".into(),
            layout: Layout::Job,
            job: Some(crate::model::Job {
                apply: Some(crate::model::ApplyForm {
                    url: "https://form.example/x".into(),
                    height: 700,
                }),
                ..Default::default()
            }),
            ..Page::default()
        };
        let html = page_body(&site, &page);
        let frame = html.find("<iframe").expect("the form is there");
        let noscript = html.find("<noscript>").expect("inside <noscript>");
        assert!(noscript < frame && html[frame..].contains("</iframe></noscript>"));
    }
}
