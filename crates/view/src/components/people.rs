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
/// ones, each by surname, with role and dates; under a heading each when
/// there are both.
#[component]
pub fn TeamList(items: Vec<PersonCard>, lang: String) -> impl IntoView {
    let site = use_site();
    let (former, current): (Vec<_>, Vec<_>) = items.iter().cloned().partition(|p| p.former);
    if former.is_empty() || current.is_empty() {
        return view! { <ul class="team-list people-cards">{items.into_iter().map(|p| card(p, &lang)).collect_view()}</ul> }.into_any();
    }
    view! {
        <h2 class="people-heading">{site.t(&lang, "team_current")}</h2>
        <ul class="team-list people-cards">{current.into_iter().map(|p| card(p, &lang)).collect_view()}</ul>
        <h2 class="people-heading">{site.t(&lang, "team_former")}</h2>
        <ul class="team-list people-cards former">{former.into_iter().map(|p| card(p, &lang)).collect_view()}</ul>
    }
    .into_any()
}

/// A profile's dates as a sentence in `lang` ("Dal 01/03/2019 al
/// 31/12/2021"), each date formatted by [`crate::text::format_date`];
/// empty without dates.
fn profile_dates(site: &crate::SiteData, lang: &str, start: &str, end: &str) -> String {
    let key = match (start.is_empty(), end.is_empty()) {
        (false, false) => "dates_from_to",
        (false, true) => "dates_since",
        (true, false) => "dates_until",
        (true, true) => return String::new(),
    };
    let (start, end) = (
        crate::text::format_date(lang, start),
        crate::text::format_date(lang, end),
    );
    crate::text::fill(&site.t(lang, key), &[("start", &start), ("end", &end)])
}

/// Where a profile link leads, when its name alone does not say it: the
/// address of a web site or of an e-mail.
fn destination(kind: &str, url: &str) -> Option<String> {
    let shown = match kind {
        "web" => url.split_once("://").map_or(url, |(_, rest)| rest),
        "email" => url.strip_prefix("mailto:").unwrap_or(url),
        _ => return None,
    };
    Some(shown.trim_end_matches('/').to_string())
}

/// A person's profile: photo, role, dates, facts and links, each fact and
/// link under its name in the page's language.
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
    let dates = profile_dates(&site, &lang, &profile.start_date, &profile.end_date);
    let facts = profile
        .facts
        .into_iter()
        .map(|(key, value)| view! { <dt>{site.t(&lang, &key)}</dt> <dd>{value}</dd> })
        .collect_view();
    let links = profile
        .links
        .into_iter()
        .map(|link| {
            let name = site.t(&lang, &crate::text::link_key(&link.kind));
            let label = destination(&link.kind, &link.url).map(|to| format!("{name}: {to}"));
            view! { <li><a href=link.url rel="external" aria-label=label>{name}</a></li> }
        })
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

#[cfg(test)]
mod tests {
    use super::destination;

    #[test]
    fn destinations_of_links_whose_name_does_not_say() {
        assert_eq!(
            destination("web", "https://rossi.example/").as_deref(),
            Some("rossi.example")
        );
        assert_eq!(
            destination("web", "http://rossi.example/blog").as_deref(),
            Some("rossi.example/blog")
        );
        assert_eq!(
            destination("email", "mailto:m@rossi.example").as_deref(),
            Some("m@rossi.example")
        );
        assert_eq!(destination("twitter", "https://twitter.com/m"), None);
    }
}
