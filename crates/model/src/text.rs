//! Interface text: the string keys the app uses (the build checks that the
//! strings file has each of them in every language) and date formatting.

/// Every interface string key the app looks up.
pub const REQUIRED_STRINGS: &[&str] = &[
    "skip_to_content",
    "menu",
    "main_navigation",
    "language_switcher",
    "translation_missing",
    "loading",
    "load_error",
    "retry",
    "not_found_title",
    "not_found_text",
    "back_home",
    "last_update",
    "preview_banner",
    "page_loaded",
    "jobs_open_none",
    "jobs_new",
    "jobs_closed",
    "jobs_show_all",
    "jobs_hide",
    "job_apply_title",
    "job_privacy",
    "job_form_title",
    "job_back",
    "project_people",
    "project_contributed",
    "project_contents",
    "project_auto_translated",
    "timeline_title",
    "timeline_done",
    "timeline_todo",
    "photo_of",
    "profile_link",
    "jobs_accordion_label",
    "jobs_duration_title",
    "jobs_duration_text",
    "jobs_compensation_title",
    "jobs_compensation_text",
    "jobs_location_title",
    "jobs_location_text",
    "jobs_relocation_title",
    "jobs_relocation_text",
    "jobs_contract_title",
    "jobs_contract_text",
    "jobs_dress_title",
    "jobs_dress_text",
    "jobs_keep_in_mind_title",
    "jobs_keep_in_mind_text",
    "search_label",
    "search_placeholder",
    "search_submit",
    "search_results_label",
    "search_none",
    "search_result_one",
    "search_result_other",
    "search_error",
    "search_leads_to",
    "search_needs_js",
    "offline_title",
    "offline_text",
    "offline_pages",
];

/// The seven topics of the job-conditions accordion: key prefixes, in order.
pub const ACCORDION_TOPICS: &[&str] = &[
    "jobs_duration",
    "jobs_compensation",
    "jobs_location",
    "jobs_relocation",
    "jobs_contract",
    "jobs_dress",
    "jobs_keep_in_mind",
];

/// Formats an ISO date (`YYYY-MM-DD`) the way the language writes it:
/// `31/12/2019` in Italian, `12/31/2019` in English. Anything that is not
/// an ISO date is returned as it is.
pub fn format_date(lang: &str, iso: &str) -> String {
    let parts: Vec<&str> = iso.splitn(3, '-').collect();
    let [year, month, day] = parts[..] else {
        return iso.to_string();
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(year, 4) && digits(month, 2) && digits(day, 2)) {
        return iso.to_string();
    }
    match lang {
        "en" => format!("{month}/{day}/{year}"),
        _ => format!("{day}/{month}/{year}"),
    }
}

/// A person's dates as shown on a card and a profile: start and end, each
/// formatted by [`format_date`], between them a dash; one alone as it is.
pub fn date_range(lang: &str, start: &str, end: &str) -> String {
    [start, end]
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| format_date(lang, s))
        .collect::<Vec<_>>()
        .join(" – ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_ranges() {
        assert_eq!(
            date_range("it", "2019-03-01", "2021-12-31"),
            "01/03/2019 – 31/12/2021"
        );
        assert_eq!(date_range("en", "2019-03-01", ""), "03/01/2019");
        assert_eq!(date_range("it", "", "marzo 2020"), "marzo 2020");
        assert_eq!(date_range("it", "", ""), "");
    }

    #[test]
    fn dates_per_language() {
        assert_eq!(format_date("it", "2019-12-31"), "31/12/2019");
        assert_eq!(format_date("en", "2019-12-31"), "12/31/2019");
        assert_eq!(format_date("it", "31 dicembre"), "31 dicembre");
        assert_eq!(format_date("en", "2019-1-31"), "2019-1-31");
    }

    #[test]
    fn accordion_topics_have_strings() {
        for topic in ACCORDION_TOPICS {
            for suffix in ["_title", "_text"] {
                let key = format!("{topic}{suffix}");
                assert!(REQUIRED_STRINGS.contains(&key.as_str()), "{key}");
            }
        }
    }
}
