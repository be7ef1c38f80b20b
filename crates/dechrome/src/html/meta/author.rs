//! Authors: people's names, from structured data or the byline. Several are joined by `; `;
//! lead-ins ("By"), roles, dates, organisations and the site's own name are dropped.

use super::{clean_value, Site};
use crate::html::dom::{Dom, Tag};
use crate::html::flag;

/// Separator between several authors in the `author` field.
pub const AUTHOR_SEPARATOR: &str = "; ";

/// At most this many authors are kept.
const MAX_AUTHORS: usize = 8;

/// A name has at most this many words ("Maria de los Angeles Garcia Lopez" has six).
const MAX_NAME_WORDS: usize = 6;

/// A byline element with more words than this is a block of prose or a list, not a byline.
const MAX_BYLINE_WORDS: usize = 16;

/// Words that introduce a name, lowercase, longest first.
const LEAD_INS: &[&str] = &[
    "posted by",
    "written by",
    "words by",
    "story by",
    "reported by",
    "text by",
    "by:",
    "by",
    "von",
    "par",
    "por",
    "door",
    "author:",
    "autor:",
    "auteur:",
    "text:",
    "texto:",
];

/// Credits after the authors' names: what follows is not an author, lowercase.
const CREDITS: &[&str] = &[" edited by ", " photos by ", " photographs by ", " illustrations by ", " translated by "];

/// Words between several names.
const AND_WORDS: &[&str] = &[" and ", " & ", " und ", " et ", " y ", " e ", " og ", " en "];

/// Separators between a name and a role, an outlet or a date.
const PART_SEPARATORS: &[char] = &[';', ',', '|', '·', '•', '/', '–', '—'];

/// Words of a job title, lowercase: a part holding one is a role, not a name.
const ROLE_WORDS: &[&str] = &[
    "editor",
    "writer",
    "reporter",
    "correspondent",
    "contributor",
    "columnist",
    "journalist",
    "photographer",
    "producer",
    "analyst",
    "staff",
    "senior",
    "chief",
    "freelance",
    "redakteur",
    "redakteurin",
    "korrespondent",
    "journaliste",
    "rédacteur",
    "periodista",
    "redactor",
    "giornalista",
    "fotograf",
];

/// Words of an organisation's name, lowercase: a newsroom is not an author.
const ORGANISATION_WORDS: &[&str] = &[
    "news",
    "press",
    "newsroom",
    "desk",
    "team",
    "editors",
    "editorial",
    "media",
    "agency",
    "magazine",
    "inc",
    "inc.",
    "ltd",
    "ltd.",
    "llc",
    "gmbh",
    "redaktion",
    "rédaction",
    "redacción",
    "redazione",
    "redactie",
    "admin",
    "administrator",
    "webmaster",
    "staff",
];

/// Words that stand before or for a date next to a byline ("Updated 3 May"), lowercase.
const DATE_WORDS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "updated",
    "published",
    "posted",
    "on",
    "at",
    "am",
    "le",
    "el",
    "il",
    "the",
    "publicado",
    "actualizado",
    "veröffentlicht",
    "aktualisiert",
    "publié",
    "pubblicato",
    "aggiornato",
];

/// Words that start what follows a name (`Jane Roe The Daily Planet`), lowercase.
const AFTER_NAME_WORDS: &[&str] = &["the"];

/// Lowercase words that belong inside names.
const NAME_PARTICLES: &[&str] = &[
    "de", "da", "di", "del", "della", "der", "den", "van", "von", "le", "la", "du", "dos", "das", "y", "bin", "ibn",
    "al", "ten", "ter", "zu",
];

/// The authors a raw value names, joined by `; `; none when it names no person.
fn clean_author(raw: &str, site: &Site) -> Option<String> {
    join_names(names_in(raw, site))
}

/// The people a raw value names, in order.
pub(super) fn names_in(raw: &str, site: &Site) -> Vec<String> {
    let Some(value) = clean_value(raw) else { return Vec::new() };
    if value.contains("://") || value.starts_with("www.") || value.contains('@') {
        return Vec::new();
    }
    let lower = value.to_lowercase();
    let credits = CREDITS.iter().filter_map(|c| lower.find(c)).min().filter(|_| lower.len() == value.len());
    let value = credits.map_or(value.as_str(), |at| &value[..at]);
    let mut names = Vec::new();
    for part in split_parts(value) {
        let name = strip_role(strip_date(strip_lead_in(part.trim_matches(|c: char| !c.is_alphanumeric() && c != '.'))));
        let name = name.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
        if is_person(name, site) {
            names.push(name.to_string());
        }
    }
    names
}

/// `; `-joined, without repeats; none when empty.
pub(super) fn join_names(names: Vec<String>) -> Option<String> {
    let mut kept: Vec<String> = Vec::new();
    for name in names {
        if kept.len() < MAX_AUTHORS && !kept.iter().any(|k| k.eq_ignore_ascii_case(&name)) {
            kept.push(name);
        }
    }
    (!kept.is_empty()).then(|| kept.join(AUTHOR_SEPARATOR))
}

/// The parts of a byline: several names, roles, outlets, dates. `Roe, Jane` (a family name
/// then a given name) stays one part.
fn split_parts(value: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = vec![value];
    for and in AND_WORDS {
        parts = parts.iter().flat_map(|p| p.split(and)).collect();
    }
    parts = parts.iter().flat_map(|p| p.split(" - ")).collect();
    let comma_parts: Vec<&str> = parts.iter().flat_map(|p| p.split(PART_SEPARATORS)).collect();
    let family = comma_parts.first().is_some_and(|p| p.split_whitespace().count() == 1 && !is_role_or_organisation(p));
    let inverted = value.matches(',').count() == 1 && parts.len() == 1 && comma_parts.len() == 2 && family;
    if inverted {
        parts
    } else {
        comma_parts
    }
}

fn strip_lead_in(value: &str) -> &str {
    let value = value.trim();
    let lower = value.to_lowercase();
    for lead in LEAD_INS {
        let boundary = lower.strip_prefix(lead).is_some_and(|rest| rest.starts_with(' ') || lead.ends_with(':'));
        if boundary && lower.len() == value.len() {
            return value[lead.len()..].trim();
        }
    }
    value
}

/// `Jane Roe March 9, 2017 13` → `Jane Roe`: a byline's date and what follows go.
fn strip_date(value: &str) -> &str {
    let words: Vec<&str> = value.split_whitespace().collect();
    let Some(first_digit) = words.iter().position(|w| w.chars().any(|c| c.is_ascii_digit())) else {
        return value;
    };
    let mut keep = first_digit;
    while keep > 0 {
        let word = words[keep - 1].trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        let lowercase_word = words[keep - 1].chars().next().is_some_and(char::is_lowercase);
        let particle = NAME_PARTICLES.contains(&word.as_str());
        if DATE_WORDS.contains(&word.as_str()) || lowercase_word && !particle {
            keep -= 1;
        } else {
            break;
        }
    }
    match words.get(keep) {
        Some(cut) if keep > 0 => value[..cut.as_ptr() as usize - value.as_ptr() as usize].trim(),
        _ => "",
    }
}

/// `Jane Roe Staff Writer` → `Jane Roe`: a role (or an outlet) after two or more words goes.
fn strip_role(value: &str) -> &str {
    let words: Vec<&str> = value.split_whitespace().collect();
    let role = words.iter().position(|w| {
        let w = w.to_lowercase();
        ROLE_WORDS.contains(&w.as_str()) || AFTER_NAME_WORDS.contains(&w.as_str())
    });
    match role {
        Some(at) if at >= 2 => value[..words[at].as_ptr() as usize - value.as_ptr() as usize].trim(),
        _ => value,
    }
}

/// A person's name: a few words, no digits, capitalised where the script has case, neither a
/// role, an organisation nor the site.
fn is_person(name: &str, site: &Site) -> bool {
    let words = name.split_whitespace().count();
    let cased = name.chars().any(|c| c.is_uppercase() || c.is_lowercase());
    let capitalised = name.split_whitespace().any(|w| w.chars().next().is_some_and(char::is_uppercase));
    (1..=MAX_NAME_WORDS).contains(&words)
        && name.chars().any(char::is_alphabetic)
        && !name.chars().any(|c| c.is_ascii_digit())
        && (!cased || capitalised)
        && !is_role_or_organisation(name)
        && !site.is_named(name)
}

fn is_role_or_organisation(part: &str) -> bool {
    part.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.').to_lowercase();
        ROLE_WORDS.contains(&w.as_str()) || ORGANISATION_WORDS.contains(&w.as_str())
    })
}

/// Microdata persons: the `itemprop=name` inside each `itemprop=author` Person item.
pub(super) fn microdata_persons(dom: &Dom, site: &Site) -> Vec<String> {
    let mut names = Vec::new();
    for &person in &dom.head.persons {
        let end = dom.nodes[person as usize].end;
        let name = dom.head.item_names.iter().find(|&&n| person < n && n < end);
        if let Some(&name) = name {
            names.extend(names_in(&dom.collapsed_text(name, &[], 200), site));
        }
    }
    names
}

/// The first byline that names a person: bylines in the article first (a blog's masthead
/// names its owner, the article its writer), outside comments, a link's text before the
/// whole element's (which may hold a role or a date).
pub(super) fn byline(dom: &Dom, site: &Site) -> Option<String> {
    let in_comments =
        |node: u32| std::iter::once(node).chain(dom.ancestors(node)).any(|a| dom.nodes[a as usize].has(flag::COMMENTS));
    let usable: Vec<u32> = dom.head.bylines.iter().copied().filter(|&n| !in_comments(n)).collect();
    let (article, rest): (Vec<u32>, Vec<u32>) =
        usable.into_iter().partition(|&n| dom.nodes[n as usize].has(flag::IN_CONTENT));
    article.into_iter().chain(rest).find_map(|node| byline_names(dom, node, site))
}

fn byline_names(dom: &Dom, node: u32, site: &Site) -> Option<String> {
    let text = dom.collapsed_text(node, &[], 400);
    let words = text.split_whitespace().count();
    // `| Jane Roe` continues another element: a label or masthead fragment, not a byline.
    if !(1..=MAX_BYLINE_WORDS).contains(&words) || text.starts_with(['|', '/', '·', '•']) {
        return None;
    }
    let end = dom.nodes[node as usize].end;
    // Links up to the first that names no one: `by <a>Jane Roe</a> on <a>date</a> in <a>Section</a>`.
    let links = (node + 1..end).filter(|&i| dom.nodes[i as usize].tag == Tag::A);
    let linked: Vec<String> = links
        .map(|a| dom.collapsed_text(a, &[], 200))
        .filter(|text| !text.is_empty())
        .map(|text| names_in(&text, site))
        .take_while(|names| !names.is_empty())
        .flatten()
        .collect();
    join_names(linked).or_else(|| clean_author(&text, site))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(raw: &str) -> Option<String> {
        clean_author(raw, &Site::default())
    }

    #[test]
    fn authors_are_names() {
        assert_eq!(clean("By  Jane Roe").as_deref(), Some("Jane Roe"));
        assert_eq!(clean("Posted by Jane Roe").as_deref(), Some("Jane Roe"));
        assert_eq!(clean("https://example.com/jane"), None);
    }

    #[test]
    fn dates_roles_and_organisations_go() {
        assert_eq!(clean("Jane Q. Roe August 3, 2012").as_deref(), Some("Jane Q. Roe"));
        assert_eq!(clean("Jane Roe March 9, 2017 13").as_deref(), Some("Jane Roe"));
        assert_eq!(clean("Jana Nováková před 2 hodinami").as_deref(), Some("Jana Nováková"));
        assert_eq!(clean("Jane Roe, Staff Writer").as_deref(), Some("Jane Roe"));
        assert_eq!(clean("Jane Roe | Senior Editor").as_deref(), Some("Jane Roe"));
        assert_eq!(clean("1 mars 2019 à 15:20"), None);
        assert_eq!(clean("Planet News"), None);
        assert_eq!(clean("Jane Roe —").as_deref(), Some("Jane Roe"));
    }

    #[test]
    fn several_authors_are_joined() {
        assert_eq!(clean("Jane Roe and John Doe").as_deref(), Some("Jane Roe; John Doe"));
        assert_eq!(clean("Jane Roe, John Doe & Max Mustermann").as_deref(), Some("Jane Roe; John Doe; Max Mustermann"));
        assert_eq!(clean("Roe, Jane").as_deref(), Some("Roe, Jane"));
        assert_eq!(clean("Ludwig van Beethoven").as_deref(), Some("Ludwig van Beethoven"));
    }
}
