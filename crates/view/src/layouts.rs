//! The main area: loading, error, 404, and one layout per kind of page
//! (default, job, project, people), each a function of the page data.

use crate::components::blocks::Blocks;
use crate::components::people::{PeopleCards, Profile};
use crate::components::toc::Toc;
use crate::current::{Status, use_current};
use crate::model::{Entry, Layout, Page};
use crate::use_site;
use leptos::prelude::*;
use std::sync::Arc;

/// What the catch-all route renders.
#[component]
pub fn MainContent() -> impl IntoView {
    let current = use_current();
    move || match current.status.get() {
        Status::Loading => view! { <Loading/> }.into_any(),
        Status::Failed => view! { <LoadError/> }.into_any(),
        Status::NotFound => view! { <NotFound/> }.into_any(),
        Status::Ready(entry) => page_view(entry).into_any(),
    }
}

#[component]
fn Loading() -> impl IntoView {
    let site = use_site();
    let lang = use_current().lang.get_untracked();
    view! {
        <div class="loading" aria-busy="true">
            <p>{site.t(&lang, "loading")}</p>
        </div>
    }
}

#[component]
fn LoadError() -> impl IntoView {
    let site = use_site();
    let current = use_current();
    let lang = current.lang.get_untracked();
    view! {
        <div class="error-box" role="alert">
            <p>{site.t(&lang, "load_error")}</p>
            <button type="button" class="retry" on:click=move |_| current.retry.update(|n| *n += 1)>
                {site.t(&lang, "retry")}
            </button>
        </div>
    }
}

/// The 404 page, in the language of the path's first segment.
#[component]
pub fn NotFound() -> impl IntoView {
    let site = use_site();
    let lang = use_current().lang.get_untracked();
    let home = format!("/{lang}/");
    view! {
        <section class="not-found">
            <h1 tabindex="-1">{site.t(&lang, "not_found_title")}</h1>
            <p>{site.t(&lang, "not_found_text")}</p>
            <p><a href=home>{site.t(&lang, "back_home")}</a></p>
        </section>
    }
}

fn page_view(entry: Arc<Entry>) -> impl IntoView {
    let Entry::Page(page) = entry.as_ref() else {
        return view! { <NotFound/> }.into_any();
    };
    let page: Page = (**page).clone();
    let banner = page
        .redirect_to
        .clone()
        .map(|target| view! { <PreviewBanner lang=page.lang.clone() target/> });
    let body = match page.layout {
        Layout::Default => default_layout(page).into_any(),
        Layout::Job => job_layout(page).into_any(),
        Layout::Project => project_layout(page).into_any(),
        Layout::People => people_layout(page).into_any(),
    };
    view! { {banner} {body} }.into_any()
}

#[component]
fn PreviewBanner(lang: String, target: String) -> impl IntoView {
    let site = use_site();
    view! {
        <div class="preview-banner" role="status">
            {site.t(&lang, "preview_banner")} " "
            <a href=target.clone() rel="external">{target.clone()}</a>
        </div>
    }
}

fn title(page: &Page) -> impl IntoView + use<> {
    view! { <h1 tabindex="-1">{page.title.clone()}</h1> }
}

fn default_layout(page: Page) -> impl IntoView {
    view! {
        <article class="layout-default">
            {title(&page)}
            <Blocks blocks=page.blocks lang=page.lang/>
        </article>
    }
}

fn job_layout(page: Page) -> impl IntoView {
    let site = use_site();
    let lang = page.lang.clone();
    let job = page.job.clone().unwrap_or_default();
    let closed = job.archived.then(|| view! { <span class="badge bg-secondary job-closed">{site.t(&lang, "jobs_closed")}</span> });
    let apply = job.apply.map(|form| {
        let title = site.t(&lang, "job_form_title");
        // In static HTML the form waits in <noscript>: with JavaScript it
        // loads once, from the app. Hydration keeps that <noscript> (its
        // text is not adopted) and puts the frame in its place.
        let frame = if crate::STATIC || !crate::hydrating() {
            let frame = view! {
                <iframe class="job-iframe" src=form.url height=form.height.to_string() title=title></iframe>
            }
            .add_any_attr(leptos::attr::custom::custom_attribute("loading", "lazy"));
            if crate::STATIC {
                view! { <noscript>{frame}</noscript> }.into_any()
            } else {
                frame.into_any()
            }
        } else {
            Effect::new(move |_| form_after_hydration(&form.url, form.height, &title));
            view! { <noscript></noscript> }.into_any()
        };
        view! {
            <section class="job-apply" aria-labelledby="job-apply-title">
                <h2 id="job-apply-title">{site.t(&lang, "job_apply_title")}</h2>
                <p class="privacy-notice">{site.t(&lang, "job_privacy")}</p>
                {frame}
            </section>
        }
    });
    let back = job.back.map(|link| {
        view! { <p class="back-link"><a href=link.url>{site.t(&lang, "job_back")} ": " {link.title}</a></p> }
    });
    view! {
        <article class="layout-job">
            <div class="page-title">{title(&page)} {closed}</div>
            <Blocks blocks=page.blocks lang=lang.clone()/>
            {apply}
            {back}
        </article>
    }
}

/// Puts the job form's frame in place of the hydrated page's `<noscript>`,
/// with the attributes the app's own render gives it.
fn form_after_hydration(url: &str, height: u32, title: &str) {
    let document = document();
    let Some(noscript) = document
        .query_selector(".job-apply noscript")
        .ok()
        .flatten()
    else {
        return;
    };
    let Ok(frame) = document.create_element("iframe") else {
        return;
    };
    let height = height.to_string();
    for (name, value) in [
        ("class", "job-iframe"),
        ("src", url),
        ("height", height.as_str()),
        ("title", title),
        ("loading", "lazy"),
    ] {
        let _ = frame.set_attribute(name, value);
    }
    let _ = noscript.replace_with_with_node_1(&frame);
}

fn project_layout(page: Page) -> impl IntoView {
    let site = use_site();
    let lang = page.lang.clone();
    let notice = page
        .auto_translated
        .then(|| view! { <p class="auto-translated-notice" role="note">{site.t(&lang, "project_auto_translated")}</p> });
    let people = (!page.people.is_empty())
        .then(|| view! { <PeopleCards people=page.people.clone() lang=lang.clone()/> });
    let has_toc = !page.toc.is_empty();
    let toc = has_toc.then(|| view! { <Toc entries=page.toc.clone() lang=lang.clone()/> });
    view! {
        <article class="layout-project">
            {title(&page)}
            {notice}
            {people}
            <div class=if has_toc { "project-layout with-toc" } else { "project-layout" }>
                {toc}
                <div class="project-body">
                    <Blocks blocks=page.blocks lang=lang.clone()/>
                </div>
            </div>
        </article>
    }
}

fn people_layout(page: Page) -> impl IntoView {
    let profile = page.profile.clone().unwrap_or_default();
    view! {
        <article class="layout-people person-profile">
            {title(&page)}
            <Profile profile name=page.title.clone() lang=page.lang.clone()/>
            <Blocks blocks=page.blocks lang=page.lang/>
        </article>
    }
}
