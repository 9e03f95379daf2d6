//! People: cards on project pages (current first, then former people under
//! their own heading), the team list, and a person's profile.

use crate::model::{PersonCard, Profile as ProfileData};
use crate::use_site;
use leptos::prelude::*;

pub use crate::ui::PHOTO_FALLBACK;

/// A photo that falls back to a silhouette when the file is missing.
#[component]
pub fn Photo(src: String) -> impl IntoView {
    let src = if src.is_empty() {
        PHOTO_FALLBACK.to_string()
    } else {
        src
    };
    view! {
        <img
            class="person-photo"
            src=src
            alt=""
            width="96"
            height="96"
            loading="lazy"
            on:error=|ev| {
                let img: web_sys::HtmlImageElement = event_target(&ev);
                if img.src() != PHOTO_FALLBACK {
                    img.set_src(PHOTO_FALLBACK);
                }
            }
        />
    }
}

/// `text`, or nothing when it is empty: Leptos's server rendering writes an
/// empty text as a space, which the `:empty` rules (a card without dates)
/// do not match, so the static page was taller than the app's.
fn shown(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

/// A person's card: photo, name, role and dates (in `lang`'s format).
fn card(person: PersonCard, lang: &str) -> impl IntoView + use<> {
    let dates = crate::text::date_range(lang, &person.start_date, &person.end_date);
    view! {
        <li class="person-card">
            <Photo src=person.photo/>
            <a class="person-name" href=person.url>{person.name}</a>
            <span class="person-role">{shown(person.role)}</span>
            <span class="person-dates">{shown(dates)}</span>
        </li>
    }
}

/// The people of a project: current ones, then those who contributed.
#[component]
pub fn PeopleCards(people: Vec<PersonCard>, lang: String) -> impl IntoView {
    let site = use_site();
    let (former, current): (Vec<_>, Vec<_>) = people.into_iter().partition(|p| p.former);
    let current = (!current.is_empty()).then(|| {
        view! {
            <h2 class="people-heading">{site.t(&lang, "project_people")}</h2>
            <ul class="people-cards">{current.into_iter().map(|p| card(p, &lang)).collect_view()}</ul>
        }
    });
    let former = (!former.is_empty()).then(|| {
        view! {
            <h2 class="people-heading">{site.t(&lang, "project_contributed")}</h2>
            <ul class="people-cards former">{former.into_iter().map(|p| card(p, &lang)).collect_view()}</ul>
        }
    });
    view! { <section class="project-people">{current} {former}</section> }
}

/// The team: people pages of a language, current members then former
/// ones, each by surname, with role and dates.
#[component]
pub fn TeamList(items: Vec<PersonCard>, lang: String) -> impl IntoView {
    view! { <ul class="team-list people-cards">{items.into_iter().map(|p| card(p, &lang)).collect_view()}</ul> }
}

/// A person's profile: photo, role, dates, facts and links.
#[component]
pub fn Profile(profile: ProfileData, name: String, lang: String) -> impl IntoView {
    let site = use_site();
    let _ = name;
    let role = [profile.pre_role.as_str(), profile.role.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let dates = crate::text::date_range(&lang, &profile.start_date, &profile.end_date);
    let facts = profile
        .facts
        .into_iter()
        .map(|(key, value)| view! { <dt>{site.t(&lang, &key)}</dt> <dd>{value}</dd> })
        .collect_view();
    let links = profile
        .links
        .into_iter()
        .map(|link| view! { <li><a href=link.url rel="external">{link.kind}</a></li> })
        .collect_view();
    view! {
        <div class="profile-head">
            <Photo src=profile.photo/>
            <p class="person-role">{shown(role)}</p>
            <p class="person-dates">{shown(dates)}</p>
        </div>
        <dl class="person-facts">{facts}</dl>
        <ul class="social-links">{links}</ul>
    }
}
