//! Interface text: every string key the interface looks up, with the
//! engine's own Italian and English text for each ([`TEXTS`]; the site's
//! `_data/strings.yml` overrides them, and gives the texts of other
//! languages), what makes a page need each one ([`Use`]), and date
//! formatting. The preprocessor resolves every text into the site file, so
//! the app carries none of them.

/// What makes a page need a string: the build checks, for each page, that
/// its language has a text for every string the page can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// Every page: the frame, loading and error views, the 404 page, the
    /// offline page.
    Every,
    /// A list of job positions (`jobs_list`, `jobs_list_archive`).
    JobsList,
    /// A job position (layout `job`).
    Job,
    /// The people of a project (`people:`).
    People,
    /// The team list (`team_list`) with former members.
    Team,
    /// A table of contents (`toc:`).
    Contents,
    /// A page translated automatically.
    AutoTranslated,
    /// A project timeline (`project_timeline`).
    Timeline,
    /// The working-conditions accordion (`jobs_accordion`).
    Accordion,
    /// The search box and results, in a language with a results page.
    Search,
    /// A person's profile (layout `people`): its dates.
    Profile,
    /// A profile fact: the key is the front-matter key (`period_provided`).
    Fact,
    /// A profile link: the key is `link_` and the link's kind.
    Link,
}

/// One interface string: its key, what needs it, and the engine's texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    /// The key, as `_data/strings.yml` names it.
    pub key: &'static str,
    /// What makes a page need it.
    pub used: Use,
    /// The Italian text.
    pub it: &'static str,
    /// The English text.
    pub en: &'static str,
}

impl Text {
    /// The engine's text in `lang`, if it has one.
    pub fn default_in(&self, lang: &str) -> Option<&'static str> {
        match lang {
            "it" => Some(self.it),
            "en" => Some(self.en),
            _ => None,
        }
    }
}

const fn text(key: &'static str, used: Use, it: &'static str, en: &'static str) -> Text {
    Text { key, used, it, en }
}

/// Every interface string, with the engine's texts.
#[rustfmt::skip]
pub const TEXTS: &[Text] = &[
    text("skip_to_content", Use::Every, "Vai al contenuto principale", "Skip to main content"),
    text("menu", Use::Every, "Menu", "Menu"),
    text("main_navigation", Use::Every, "Navigazione principale", "Main navigation"),
    text("language_switcher", Use::Every, "Lingua", "Language"),
    text("translation_missing", Use::Every, "Questa pagina non è disponibile in italiano; vai alla home page italiana", "This page is not available in English; go to the English home page"),
    text("loading", Use::Every, "Caricamento…", "Loading…"),
    text("load_error", Use::Every, "Non è stato possibile caricare la pagina. Controlla la connessione e riprova.", "The page could not be loaded. Check your connection and try again."),
    text("retry", Use::Every, "Riprova", "Try again"),
    text("not_found_title", Use::Every, "Pagina non trovata", "Page not found"),
    text("not_found_text", Use::Every, "La pagina che cerchi non esiste o è stata spostata.", "The page you are looking for does not exist or has moved."),
    text("back_home", Use::Every, "Torna alla home page", "Back to the home page"),
    text("last_update", Use::Every, "Ultimo aggiornamento", "Last update"),
    text("preview_banner", Use::Every, "Anteprima: i visitatori di questa pagina vengono inviati a", "Preview: visitors of this page are sent to"),
    text("page_loaded", Use::Every, "Pagina caricata", "Page loaded"),
    text("jobs_open_none", Use::JobsList, "Nessuna posizione aperta", "No open positions"),
    text("jobs_new", Use::JobsList, "Nuova", "New"),
    text("jobs_closed", Use::JobsList, "Chiusa", "Closed"),
    text("jobs_show_all", Use::JobsList, "Mostra tutto", "See all"),
    text("jobs_hide", Use::JobsList, "Nascondi", "Hide"),
    text("job_apply_title", Use::Job, "Invia il CV per questa posizione", "Apply for this position"),
    text("job_privacy", Use::Job, "I dati personali inviati con il modulo sono trattati solo per la selezione del personale, nel rispetto del Regolamento (UE) 2016/679 (GDPR), e non sono comunicati a terzi.", "The personal data sent with this form are processed only for recruitment, in accordance with Regulation (EU) 2016/679 (GDPR), and are not shared with third parties."),
    text("job_form_title", Use::Job, "Modulo di candidatura", "Application form"),
    text("job_back", Use::Job, "Tutte le posizioni", "All positions"),
    text("project_people", Use::People, "Il team del progetto", "Project team"),
    text("project_contributed", Use::People, "Hanno contribuito", "Contributed to the project"),
    text("project_contents", Use::Contents, "Indice della pagina", "Contents"),
    text("project_auto_translated", Use::AutoTranslated, "Questo testo è stato tradotto automaticamente.", "This text was translated automatically."),
    text("timeline_title", Use::Timeline, "Le tappe del progetto", "Project timeline"),
    text("timeline_done", Use::Timeline, "completato", "done"),
    text("timeline_todo", Use::Timeline, "da completare", "upcoming"),
    text("jobs_accordion_label", Use::Accordion, "Condizioni di lavoro", "Working conditions"),
    text("jobs_duration_title", Use::Accordion, "Durata del rapporto", "Duration of employment"),
    text("jobs_duration_text", Use::Accordion, "Gli incarichi hanno durata limitata, legata al mandato del Team; la data di fine è indicata nel contratto e può essere rinnovata in base alle esigenze dei progetti.", "Appointments are for a limited period tied to the Team's mandate; the end date is stated in the contract and may be renewed as projects require."),
    text("jobs_compensation_title", Use::Accordion, "Compenso", "Compensation"),
    text("jobs_compensation_text", Use::Accordion, "Il compenso è commisurato all'esperienza e al ruolo, in linea con i valori di mercato per profili equivalenti, ed è indicato nell'offerta.", "Pay depends on experience and role, in line with the market for equivalent profiles, and is stated in the offer."),
    text("jobs_location_title", Use::Accordion, "Sede di lavoro", "Location"),
    text("jobs_location_text", Use::Accordion, "Si lavora a Roma, negli uffici del Team, con la possibilità di periodi di lavoro a distanza concordati con il proprio responsabile.", "The work is in Rome, at the Team's offices, with periods of remote work agreed with your manager."),
    text("jobs_relocation_title", Use::Accordion, "Trasferimento", "Relocation"),
    text("jobs_relocation_text", Use::Accordion, "Chi si trasferisce a Roma per lavorare con noi riceve indicazioni pratiche per l'arrivo; le spese di trasferimento non sono rimborsate.", "Those moving to Rome to work with us get practical help with settling in; moving costs are not refunded."),
    text("jobs_contract_title", Use::Accordion, "Tipo di contratto", "Type of contract"),
    text("jobs_contract_text", Use::Accordion, "Il rapporto è regolato da un contratto di collaborazione con la Presidenza del Consiglio dei Ministri, a tempo pieno.", "The work is governed by a full-time collaboration contract with the Presidency of the Council of Ministers."),
    text("jobs_dress_title", Use::Accordion, "Abbigliamento", "Dress code"),
    text("jobs_dress_text", Use::Accordion, "Nessun codice di abbigliamento in ufficio: vestiti come ti trovi meglio, con un tocco più formale per gli incontri istituzionali.", "No dress code at the office: wear what suits you, a little more formal for institutional meetings."),
    text("jobs_keep_in_mind_title", Use::Accordion, "Da tenere a mente", "Keep in mind"),
    text("jobs_keep_in_mind_text", Use::Accordion, "Lavoriamo spesso in inglese, in gruppi piccoli e con scadenze pubbliche: servono autonomia, curiosità e voglia di spiegare il proprio lavoro.", "We often work in English, in small groups and against public deadlines: autonomy, curiosity and a wish to explain your work are needed."),
    text("search_label", Use::Search, "Cerca nel sito", "Search the site"),
    text("search_placeholder", Use::Search, "Cerca", "Search"),
    text("search_submit", Use::Search, "Cerca", "Search"),
    text("search_results_label", Use::Search, "Risultati della ricerca", "Search results"),
    text("search_none", Use::Search, "Nessuna pagina corrisponde alla ricerca.", "No page matches your search."),
    text("search_result_one", Use::Search, "1 risultato", "1 result"),
    text("search_result_other", Use::Search, "{n} risultati", "{n} results"),
    text("search_error", Use::Search, "La ricerca non è disponibile in questo momento. Riprova più tardi.", "Search is not available right now. Try again later."),
    text("search_leads_to", Use::Search, "Porta a", "Leads to"),
    text("search_needs_js", Use::Search, "La ricerca funziona con JavaScript attivo. Puoi trovare le pagine dal menu.", "Search needs JavaScript. You can find pages from the menu."),
    // A person's profile (layout `people`): the dates, the facts, the links.
    text("dates_from_to", Use::Profile, "Dal {start} al {end}", "From {start} to {end}"),
    text("dates_since", Use::Profile, "Dal {start}", "Since {start}"),
    text("dates_until", Use::Profile, "Fino al {end}", "Until {end}"),
    text("period_provided", Use::Fact, "Durata dell'incarico", "Term of appointment"),
    text("approved_by_court", Use::Fact, "Registrazione della Corte dei conti", "Registered by the Court of Audit"),
    text("annual_compensation", Use::Fact, "Compenso annuo", "Annual compensation"),
    text("pa_compensation_level", Use::Fact, "Livello retributivo nella PA", "Public-sector pay level"),
    text("link_twitter", Use::Link, "Twitter", "Twitter"),
    text("link_medium", Use::Link, "Medium", "Medium"),
    text("link_linkedin", Use::Link, "LinkedIn", "LinkedIn"),
    text("link_github", Use::Link, "GitHub", "GitHub"),
    text("link_web", Use::Link, "Sito web", "Web site"),
    text("link_email", Use::Link, "E-mail", "E-mail"),
    // The offline page of each language (written for every language).
    text("offline_title", Use::Every, "Sei offline", "You are offline"),
    text("offline_text", Use::Every, "Questa pagina non è stata salvata per la lettura senza connessione. Si aprirà da sola quando la connessione tornerà.", "This page has not been saved for reading offline. It will open by itself when you are back online."),
    text("offline_pages", Use::Every, "Pagine disponibili offline", "Pages available offline"),
    // The team list (`team_list`), when it has former members too.
    text("team_current", Use::Team, "Nel team", "Current members"),
    text("team_former", Use::Team, "Hanno fatto parte del team", "Former members"),
];

/// The kinds of profile links, as [`crate::model::SocialLink::kind`] names them.
pub const LINK_KINDS: &[&str] = &["twitter", "medium", "linkedin", "github", "web", "email"];

/// The key of the name of a link kind (`twitter` → `link_twitter`).
pub fn link_key(kind: &str) -> String {
    format!("link_{kind}")
}

/// The keys of the profile facts, in the order a profile shows them.
pub const FACTS: &[&str] = &[
    "period_provided",
    "approved_by_court",
    "annual_compensation",
    "pa_compensation_level",
];

/// `template` with each `{name}` replaced by its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |out, (name, value)| {
            out.replace(&format!("{{{name}}}"), value)
        })
}

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

    fn known(key: &str) -> bool {
        TEXTS.iter().any(|t| t.key == key)
    }

    #[test]
    fn accordion_topics_have_strings() {
        for topic in ACCORDION_TOPICS {
            for suffix in ["_title", "_text"] {
                let key = format!("{topic}{suffix}");
                assert!(known(&key), "{key}");
            }
        }
    }

    #[test]
    fn facts_and_link_kinds_have_strings() {
        for key in FACTS {
            assert!(
                TEXTS.iter().any(|t| t.key == *key && t.used == Use::Fact),
                "{key}"
            );
        }
        for kind in LINK_KINDS {
            let key = link_key(kind);
            assert!(
                TEXTS.iter().any(|t| t.key == key && t.used == Use::Link),
                "{key}"
            );
        }
    }

    /// Each key once, and a text in both languages the engine speaks that
    /// is not the key itself.
    #[test]
    fn every_string_has_both_texts() {
        for (i, t) in TEXTS.iter().enumerate() {
            assert!(
                !TEXTS[..i].iter().any(|u| u.key == t.key),
                "{} twice",
                t.key
            );
            for lang in ["it", "en"] {
                let text = t.default_in(lang).unwrap_or_default();
                assert!(
                    !text.trim().is_empty() && text != t.key,
                    "{} in {lang}",
                    t.key
                );
            }
        }
        assert_eq!(TEXTS[0].default_in("de"), None);
    }

    #[test]
    fn templates_are_filled() {
        assert_eq!(
            fill("Dal {start} al {end}", &[("start", "1"), ("end", "2")]),
            "Dal 1 al 2"
        );
        assert_eq!(fill("{n} risultati", &[]), "{n} risultati");
    }
}
