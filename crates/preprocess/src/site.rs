//! Stage 6, resolve the site: permalinks and old URLs checked across pages,
//! translations, parents, navigation, the lists pages show, project people,
//! footer dates. The result is every JSON entry the app will look up.

use super::config::{Config, Strings};
use super::diag::{Diagnostic, Diagnostics};
use super::page::{Parsed, Piece, text};
use crate::model::{
    ApplyForm, Block, Entry, Job, Language, Layout, Link, ListItem, NavItem, Page, PersonCard,
    Profile, Redirect, Site, SocialLink,
};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The resolved site: the site file and every entry by normalised path.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    /// The site file.
    pub site: Site,
    /// Normalised path → entry.
    pub entries: BTreeMap<String, Entry>,
    /// Normalised old URL → the old URL as the author wrote it.
    pub sources: HashMap<String, String>,
    /// Permalinks of pages with `sitemap: false`.
    pub hidden_from_sitemap: HashSet<String>,
}

/// Pages indexed for lookups.
struct Index<'a> {
    pages: &'a [Parsed],
    by_key: HashMap<&'a str, usize>,
    by_ref: HashMap<(&'a str, &'a str), usize>,
    dates: &'a HashMap<String, String>,
    /// The interface strings, by language (for the search results block).
    strings: Option<&'a Strings>,
    /// The site's public host (`teamdigitale.governo.it`), whose absolute
    /// links become site paths.
    host: String,
}

impl<'a> Index<'a> {
    fn new(
        pages: &'a [Parsed],
        dates: &'a HashMap<String, String>,
        config: &Config,
        diags: &mut Diagnostics,
    ) -> Self {
        let mut by_key = HashMap::new();
        let mut by_ref = HashMap::new();
        for (i, page) in pages.iter().enumerate() {
            if let Some(first) = by_key.insert(page.key.as_str(), i) {
                let (line, column) = page.key_position("permalink");
                diags.push(
                    Diagnostic::error(
                        &page.shown,
                        line,
                        column,
                        if page.url == pages[first].url {
                            format!(
                                "the permalink `{}` is also the permalink of {}",
                                page.url, pages[first].shown
                            )
                        } else {
                            format!(
                                "the permalink `{}` names the same page as `{}`, the permalink of {} (hosts serve `/a` and `/a.html` from one file; letter case and slashes do not count)",
                                page.url, pages[first].url, pages[first].shown
                            )
                        },
                    )
                    .fix("give one of the two pages another `permalink`"),
                );
            }
            if let Some(reference) = page.reference()
                && let Some(first) = by_ref.insert((page.lang.as_str(), reference), i)
            {
                let (line, column) = page.key_position("ref");
                diags.push(
                        Diagnostic::warning(&page.shown, line, column, format!("`ref: {reference}` in `{}` is also used by {}", page.lang, pages[first].shown))
                            .fix("give each page of a language its own `ref`; translations share a `ref` across languages"),
                    );
            }
        }
        Self {
            pages,
            by_key,
            by_ref,
            dates,
            strings: None,
            host: config
                .url
                .split_once("://")
                .map_or("", |(_, host)| host)
                .trim_end_matches('/')
                .to_string(),
        }
    }

    fn link(&self, i: usize) -> Link {
        let page = &self.pages[i];
        Link {
            lang: page.lang.clone(),
            title: page.title.clone(),
            url: page.url.clone(),
        }
    }

    /// The page with `reference` in `lang`, else in any language.
    fn find_ref(&self, lang: &str, reference: &str, langs: &[&str]) -> Option<usize> {
        self.by_ref.get(&(lang, reference)).copied().or_else(|| {
            langs
                .iter()
                .find_map(|l| self.by_ref.get(&(*l, reference)).copied())
        })
    }

    fn of_layout(
        &self,
        lang: &'a str,
        layout: Layout,
    ) -> impl Iterator<Item = (usize, &'a Parsed)> + 'a {
        self.pages
            .iter()
            .enumerate()
            .filter(move |(_, p)| p.lang == lang && p.layout == layout)
    }
}

/// Resolves the site; errors are collected in `diags`.
pub fn resolve(
    pages: &[Parsed],
    config: &Config,
    strings: &Strings,
    dates: &HashMap<String, String>,
    diags: &mut Diagnostics,
) -> Resolved {
    let mut index = Index::new(pages, dates, config, diags);
    index.strings = Some(strings);
    let langs = config.codes();
    let mut resolved = Resolved {
        site: site_file(&index, config, strings),
        entries: BTreeMap::new(),
        sources: HashMap::new(),
        hidden_from_sitemap: pages
            .iter()
            .filter(|p| p.front.sitemap == Some(false))
            .map(|p| p.url.clone())
            .collect(),
    };
    let redirects = redirect_targets(&index, config, diags);
    let numbers: Vec<usize> = (0..pages.len()).collect();
    let done = super::par::map(&numbers, |&i| {
        let mut found = Diagnostics::default();
        (
            resolve_page(&index, i, &langs, &redirects, &mut found),
            found,
        )
    });
    for (page, (entry, found)) in pages.iter().zip(done) {
        diags.items.extend(found.items);
        resolved
            .entries
            .insert(page.key.clone(), Entry::Page(Box::new(entry)));
    }
    old_urls(&index, &redirects, &mut resolved, diags);
    check_hashes(&resolved.entries, diags);
    resolved.site.shard_bits = crate::route::shard_bits(resolved.entries.len());
    resolved
}

fn site_file(index: &Index, config: &Config, strings: &Strings) -> Site {
    Site {
        build: String::new(),
        shard_bits: 0,
        url: config.url.trim_end_matches('/').to_string(),
        langs: config
            .languages
            .iter()
            .map(|l| Language {
                code: l.code.clone(),
                name: l.name.clone(),
                title: l.title.clone(),
                home: format!("/{}/", l.code),
                strings: strings.get(&l.code).cloned().unwrap_or_default(),
                nav: navigation(index, &l.code),
                search: super::search::results_page(index.pages, &l.code),
            })
            .collect(),
    }
}

/// A page that goes in the main menu itself when it has a `menu_position`
/// (not under a parent, not in a submenu).
fn is_top_level(page: &Parsed) -> bool {
    text(&page.front.parent_ref).is_none() && text(&page.front.parent_menu).is_none()
}

/// Top-level pages with a `menu_position`, in order, with their submenus.
fn navigation(index: &Index, lang: &str) -> Vec<NavItem> {
    let in_menu = |filter: &dyn Fn(&Parsed) -> bool| {
        let mut items: Vec<&Parsed> = index
            .pages
            .iter()
            .filter(|p| p.lang == lang && p.front.menu_position.is_some() && filter(p))
            .collect();
        items.sort_by_key(|p| (p.front.menu_position, collation_key(&p.title)));
        items
    };
    in_menu(&is_top_level)
        .into_iter()
        .map(|top| NavItem {
            title: top.title.clone(),
            url: top.url.clone(),
            children: in_menu(&|p| {
                top.reference().is_some() && text(&p.front.parent_menu) == top.reference()
            })
            .into_iter()
            .map(|child| NavItem {
                title: child.title.clone(),
                url: child.url.clone(),
                children: Vec::new(),
            })
            .collect(),
        })
        .collect()
}

/// Final destination of each page that sends visitors away: external URLs
/// as written, URLs of this site followed to the end of the chain.
fn redirect_targets(
    index: &Index,
    config: &Config,
    diags: &mut Diagnostics,
) -> HashMap<usize, String> {
    let origin = config.url.trim_end_matches('/').to_ascii_lowercase();
    let internal = |target: &str| -> Option<String> {
        let lower = target.to_ascii_lowercase();
        let path = lower.strip_prefix(&origin)?;
        (path.is_empty() || path.starts_with('/'))
            .then(|| crate::route::normalize(&target[origin.len()..]))?
    };
    let mut targets = HashMap::new();
    for (i, page) in index.pages.iter().enumerate() {
        let Some(first) = text(&page.front.redirect_to) else {
            continue;
        };
        let mut seen = vec![i];
        let mut target = first.to_string();
        while let Some(next) =
            internal(&target).and_then(|key| index.by_key.get(key.as_str()).copied())
        {
            if seen.contains(&next) {
                let chain: Vec<&str> = seen
                    .iter()
                    .chain([&next])
                    .map(|j| index.pages[*j].url.as_str())
                    .collect();
                let (line, column) = page.key_position("redirect_to");
                diags.push(
                    Diagnostic::error(
                        &page.shown,
                        line,
                        column,
                        format!("redirect loop: {}", chain.join(" → ")),
                    )
                    .fix("remove `redirect_to` from one of these pages"),
                );
                break;
            }
            seen.push(next);
            target = match text(&index.pages[next].front.redirect_to) {
                Some(further) => further.to_string(),
                None => index.pages[next].url.clone(),
            };
        }
        targets.insert(i, target);
    }
    targets
}

/// Writes a redirect entry for each `redirect_from` path.
fn old_urls(
    index: &Index,
    targets: &HashMap<usize, String>,
    resolved: &mut Resolved,
    diags: &mut Diagnostics,
) {
    let mut sources: HashMap<String, usize> = HashMap::new();
    for (i, page) in index.pages.iter().enumerate() {
        let Some(list) = page.front.redirect_from.clone() else {
            continue;
        };
        for source in list
            .into_vec()
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
        {
            let key = match super::page::check_url(page, "redirect_from", source) {
                Ok(key) => key,
                Err(e) => {
                    diags.push(e);
                    continue;
                }
            };
            let (line, column) = page.item_position("redirect_from", source);
            if let Some(owner) = index.by_key.get(key.as_str()) {
                diags.push(
                    Diagnostic::error(&page.shown, line, column, format!("`redirect_from` `{source}` is the permalink of {}", index.pages[*owner].shown))
                        .fix("remove it from `redirect_from`: a path cannot be both a page and an old URL"),
                );
            } else if let Some(first) = sources.insert(key.clone(), i) {
                diags.push(
                    Diagnostic::error(
                        &page.shown,
                        line,
                        column,
                        format!(
                            "`redirect_from` `{source}` is listed twice (also in {})",
                            index.pages[first].shown
                        ),
                    )
                    .fix("keep the old URL in one page's `redirect_from` only"),
                );
            } else {
                let external = targets
                    .get(&i)
                    .filter(|t| crate::route::is_external(t))
                    .cloned();
                resolved.sources.insert(key.clone(), source.to_string());
                resolved.entries.insert(
                    key,
                    Entry::Redirect(Redirect {
                        to: page.url.clone(),
                        external,
                        ..Default::default()
                    }),
                );
            }
        }
    }
}

/// Two paths whose JSON files would share a name fail the build.
fn check_hashes(entries: &BTreeMap<String, Entry>, diags: &mut Diagnostics) {
    let mut seen: HashMap<u64, &str> = HashMap::new();
    for key in entries.keys() {
        if let Some(other) = seen.insert(crate::route::hash(key), key) {
            diags.push(
                Diagnostic::error(
                    "content",
                    0,
                    0,
                    format!("the paths `{other}` and `{key}` share a data file name"),
                )
                .fix("change one of the two permalinks slightly"),
            );
        }
    }
}

/// A `parent_menu` must name a page of the main menu in the page's language,
/// or the page shows in no submenu.
fn check_parent_menu(index: &Index, page: &Parsed, diags: &mut Diagnostics) {
    let Some(menu) = text(&page.front.parent_menu) else {
        return;
    };
    let named = index.by_ref.get(&(page.lang.as_str(), menu));
    if named.is_some_and(|&i| {
        let p = &index.pages[i];
        p.front.menu_position.is_some() && is_top_level(p)
    }) {
        return;
    }
    let (line, column) = page.key_position("parent_menu");
    diags.push(
        Diagnostic::warning(
            &page.shown,
            line,
            column,
            format!("`parent_menu: {menu}` names no page of the main menu in `{}`: the page is in no submenu", page.lang),
        )
        .fix("use the `ref` of a page with a `menu_position` and no `parent_ref` in the same language, or remove `parent_menu`"),
    );
}

fn resolve_page(
    index: &Index,
    i: usize,
    langs: &[&str],
    targets: &HashMap<usize, String>,
    diags: &mut Diagnostics,
) -> Page {
    let page = &index.pages[i];
    let parent = text(&page.front.parent_ref).and_then(|r| {
        let found = index.find_ref(&page.lang, r, langs);
        if found.is_none() {
            let (line, column) = page.key_position("parent_ref");
            diags.push(
                Diagnostic::warning(
                    &page.shown,
                    line,
                    column,
                    format!("`parent_ref: {r}` names no page"),
                )
                .fix("use the `ref` of an existing page, or remove `parent_ref`"),
            );
        }
        found.map(|p| index.link(p))
    });
    check_parent_menu(index, page, diags);
    Page {
        build: String::new(),
        lang: page.lang.clone(),
        title: page.title.clone(),
        description: text(&page.front.description)
            .map(str::to_string)
            .or_else(|| super::page::summary(&page.pieces)),
        url: page.url.clone(),
        layout: page.layout,
        translations: translations(index, i, langs),
        blocks: page
            .pieces
            .iter()
            .map(|piece| block(index, page, piece, langs))
            .collect(),
        redirect_to: targets.get(&i).cloned(),
        last_modified: last_modified(index, page),
        toc: if page.front.toc == Some(true) {
            page.toc.clone()
        } else {
            Vec::new()
        },
        job: (page.layout == Layout::Job).then(|| job(page, parent.clone(), diags)),
        people: if page.layout == Layout::Project {
            project_people(index, page, langs, diags)
        } else {
            Vec::new()
        },
        profile: (page.layout == Layout::People).then(|| profile(index, page)),
        auto_translated: page.layout == Layout::Project && page.lang == "en",
        no_index: text(&page.front.index) == Some("no-index"),
        parent,
    }
}

fn translations(index: &Index, i: usize, langs: &[&str]) -> Vec<Link> {
    let page = &index.pages[i];
    let Some(reference) = page.reference() else {
        return Vec::new();
    };
    langs
        .iter()
        .filter(|l| **l != page.lang)
        .filter_map(|l| index.by_ref.get(&(*l, reference)))
        .map(|j| index.link(*j))
        .collect()
}

fn last_modified(index: &Index, page: &Parsed) -> Option<String> {
    if page.front.hide_last_mod_date == Some(true) {
        return None;
    }
    let own = index.dates.get(&page.rel).cloned();
    let Some(layout) = text(&page.front.last_modified_by_layout) else {
        return own;
    };
    index
        .pages
        .iter()
        .filter(|p| p.lang == page.lang && p.layout_name == layout)
        .filter_map(|p| index.dates.get(&p.rel))
        .max()
        .cloned()
        .or(own)
}

fn block(index: &Index, page: &Parsed, piece: &Piece, langs: &[&str]) -> Block {
    let include = match piece {
        Piece::Html(html) => {
            return Block::Html {
                html: super::sanitize::own_site_links(html, &index.host),
            };
        }
        Piece::Include(include) => include,
    };
    let lang = page.lang.as_str();
    match include.name.as_str() {
        "jobs_accordion" => Block::JobsAccordion,
        "search_results" => Block::Html {
            html: super::search::results_block(
                index
                    .strings
                    .and_then(|s| s.get(lang))
                    .unwrap_or(&BTreeMap::new()),
            ),
        },
        "jobs_list" => Block::JobsList {
            items: jobs(index, lang, false),
        },
        "jobs_list_archive" => Block::JobsArchive {
            items: jobs(index, lang, true),
        },
        "project_timeline" => Block::Timeline {
            entries: page.timeline.clone(),
        },
        "projects_list" => Block::ProjectsList {
            items: sorted_items(
                index
                    .of_layout(lang, Layout::Project)
                    .map(|(i, _)| list_item(index, i)),
            ),
        },
        _ => {
            let _ = langs;
            Block::TeamList {
                items: team(index, lang),
            }
        }
    }
}

/// The team list: pages of layout `people` (not other person layouts) of
/// the language, current members first, then former ones (an `end_date`),
/// each by surname, then by full name.
fn team(index: &Index, lang: &str) -> Vec<PersonCard> {
    let mut items: Vec<PersonCard> = index
        .of_layout(lang, Layout::People)
        .filter(|(_, p)| p.layout_name == "people")
        .map(|(i, p)| person_card(index, i, p))
        .collect();
    items.sort_by_cached_key(|c| (c.former, surname_key(&c.name), collation_key(&c.name)));
    items
}

/// The collation key of a name's surname: its last word.
pub fn surname_key(name: &str) -> String {
    collation_key(name.split_whitespace().last().unwrap_or(name))
}

fn list_item(index: &Index, i: usize) -> ListItem {
    let page = &index.pages[i];
    ListItem {
        title: page.title.clone(),
        url: page.url.clone(),
        is_new: page.front.is_new == Some(true),
        closed: page.front.archived == Some(true),
    }
}

fn jobs(index: &Index, lang: &str, archived: bool) -> Vec<ListItem> {
    sorted_items(
        index
            .of_layout(lang, Layout::Job)
            .filter(|(_, p)| (p.front.archived == Some(true)) == archived)
            .map(|(i, _)| list_item(index, i)),
    )
}

fn sorted_items(items: impl Iterator<Item = ListItem>) -> Vec<ListItem> {
    let mut items: Vec<ListItem> = items.collect();
    items.sort_by_cached_key(|item| (collation_key(&item.title), item.title.clone()));
    items
}

/// A sort key that orders titles as a reader expects: case and accents
/// are ignored first (`Élite` sorts with `elite`, after `Dati`).
pub fn collation_key(title: &str) -> String {
    title
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            '’' | '\'' | '"' | '“' | '”' => ' ',
            other => other,
        })
        .collect()
}

fn job(page: &Parsed, back: Option<Link>, diags: &mut Diagnostics) -> Job {
    let apply = text(&page.front.jazz_url).and_then(|url| {
        if url.to_ascii_lowercase().starts_with("https://") && !url.contains(char::is_whitespace) {
            Some(ApplyForm {
                url: url.to_string(),
                height: page.front.iframeheight.unwrap_or(600),
            })
        } else {
            let (line, column) = page.key_position("jazz_url");
            diags.push(
                Diagnostic::warning(
                    &page.shown,
                    line,
                    column,
                    format!(
                        "`jazz_url` `{url}` is not an https URL: the application form is left out"
                    ),
                )
                .fix("use the form's https:// address"),
            );
            None
        }
    });
    Job {
        archived: page.front.archived == Some(true),
        is_new: page.front.is_new == Some(true),
        apply,
        back,
    }
}

/// The photo of person `id` when the content folder has it (every content
/// file has a date, so `dates` lists them all), else empty: the app then
/// shows a neutral silhouette without asking for a missing file.
fn photo(index: &Index, id: &str) -> String {
    let file = format!("images/team/{id}.jpg");
    if index.dates.contains_key(&file) {
        format!("/{file}")
    } else {
        String::new()
    }
}

fn person_card(index: &Index, i: usize, person: &Parsed) -> PersonCard {
    let id = person.reference().unwrap_or(&person.title).to_string();
    PersonCard {
        photo: photo(index, &id),
        id,
        name: person.title.clone(),
        role: text(&person.front.role).unwrap_or_default().to_string(),
        url: index.pages[i].url.clone(),
        former: text(&person.front.end_date).is_some(),
        start_date: text(&person.front.start_date)
            .unwrap_or_default()
            .to_string(),
        end_date: text(&person.front.end_date).unwrap_or_default().to_string(),
    }
}

fn project_people(
    index: &Index,
    page: &Parsed,
    langs: &[&str],
    diags: &mut Diagnostics,
) -> Vec<PersonCard> {
    let mut cards: Vec<PersonCard> = Vec::new();
    for reference in page.front.people.iter().flatten() {
        let found = index
            .find_ref(&page.lang, reference, langs)
            .filter(|i| index.pages[*i].layout == Layout::People);
        match found {
            Some(i) => cards.push(person_card(index, i, &index.pages[i])),
            None => {
                let (line, column) = page.item_position("people", reference);
                diags.push(
                    Diagnostic::warning(&page.shown, line, column, format!("`people` names `{reference}`, but no people page has that `ref`: it is left out"))
                        .fix("check the spelling, or add a people page with that `ref`"),
                );
            }
        }
    }
    cards.sort_by_key(|c| c.former);
    cards
}

/// A social profile URL from a user name, or the URL itself when the author
/// wrote one.
fn profile_url(base: &str, user: &str) -> String {
    if user.starts_with("https://") {
        user.to_string()
    } else {
        format!("{base}{}", user.trim_start_matches('@'))
    }
}

fn profile(index: &Index, page: &Parsed) -> Profile {
    let value = |v: &Option<super::meta::Text>| text(v).unwrap_or_default().to_string();
    let mut links = Vec::new();
    let mut add = |kind: &str, url: Option<String>| {
        if let Some(url) = url {
            links.push(SocialLink {
                kind: kind.into(),
                url,
            });
        }
    };
    let f = &page.front;
    add(
        "twitter",
        text(&f.twitter_user).map(|u| profile_url("https://twitter.com/", u)),
    );
    add(
        "medium",
        text(&f.medium_user).map(|u| profile_url("https://medium.com/@", u)),
    );
    add(
        "linkedin",
        text(&f.linkedin_url)
            .filter(|u| u.starts_with("https://"))
            .map(str::to_string),
    );
    add(
        "github",
        text(&f.github_user).map(|u| profile_url("https://github.com/", u)),
    );
    add(
        "web",
        text(&f.personal_page_url)
            .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
            .map(str::to_string),
    );
    add(
        "email",
        text(&f.email)
            .filter(|e| e.contains('@') && !e.contains(':'))
            .map(|e| format!("mailto:{e}")),
    );
    let facts = [
        ("period_provided", &f.period_provided),
        ("approved_by_court", &f.approved_by_court),
        ("annual_compensation", &f.annual_compensation),
        ("pa_compensation_level", &f.pa_compensation_level),
    ]
    .into_iter()
    .filter_map(|(key, v)| text(v).map(|t| (key.to_string(), t.to_string())))
    .collect();
    let id = page.reference().unwrap_or(&page.title);
    Profile {
        role: value(&f.role),
        pre_role: value(&f.pre_role),
        start_date: value(&f.start_date),
        end_date: value(&f.end_date),
        photo: photo(index, id),
        links,
        facts,
    }
}

#[cfg(test)]
mod tests {
    use super::collation_key;

    #[test]
    fn collation_ignores_case_and_accents() {
        let mut titles = vec!["Zeta", "élite", "Dati", "api", "Èra"];
        titles.sort_by_key(|t| collation_key(t));
        assert_eq!(titles, vec!["api", "Dati", "élite", "Èra", "Zeta"]);
    }
}

#[cfg(test)]
mod surname_tests {
    use super::surname_key;

    #[test]
    fn names_sort_by_surname() {
        let mut names = vec!["Anna Verdi", "Zoe Bianchi", "Carlo Élia Rossi", "Mononimo"];
        names.sort_by_key(|n| surname_key(n));
        assert_eq!(
            names,
            vec!["Zoe Bianchi", "Mononimo", "Carlo Élia Rossi", "Anna Verdi"]
        );
    }
}
