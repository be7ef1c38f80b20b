//! The generic heuristics, one signal at a time, with no rule file loaded: what each removes,
//! what each keeps, and the id each removal is charged to.

use dechrome::{Cleaned, Cleaner, Options};

fn clean(text: &str) -> Cleaned {
    let cleaner = Cleaner::builder().default_rules(false).build().unwrap();
    cleaner.clean(text, &Options { source: "t.txt".into(), ..Options::default() }).unwrap()
}

fn removed_by(cleaned: &Cleaned, id: &str) -> usize {
    cleaned.meta.removed.iter().filter(|r| &*r.rule == id).map(|r| r.lines).sum()
}

const PARAGRAPHS: [&str; 3] = [
    "The harbour board met on Thursday evening to decide whether the old ferry pier should be rebuilt or pulled down.",
    "Engineers told the board that the timber piles had rotted below the waterline and could not be patched again.",
    "A final vote is expected next month, after the public has had a chance to comment on both of the plans.",
];

fn article() -> String {
    PARAGRAPHS.join("\n\n")
}

#[test]
fn only_the_main_text_survives_a_page_of_chrome() {
    let page = format!(
        "Harbour News Online: Local Stories Every Day\nHome\nNews\nSport\nWeather\n\n{}\n\nTrending Now\nPier plans divide the town council\nNew bakery opens on the quay\nTide tables for the coming week\n",
        article()
    );
    let cleaned = clean(&page);
    assert_eq!(cleaned.text.trim(), article());
    assert!(removed_by(&cleaned, "heuristic.outside-main-text") > 0, "{:?}", cleaned.meta.removed);
}

#[test]
fn a_headline_right_above_the_text_stays_with_it() {
    let page = format!("Menu\n\nFerry Pier To Be Rebuilt After Years Of Delay\n\n{}\n", article());
    let text = clean(&page).text;
    assert!(text.starts_with("Ferry Pier To Be Rebuilt"), "{text}");
    assert!(!text.contains("Menu"));
}

#[test]
fn a_closing_short_paragraph_stays() {
    let page = format!("{}\n\nThe meeting ended at nine.\n", article());
    assert!(clean(&page).text.contains("The meeting ended at nine."));
}

#[test]
fn runs_of_five_short_lines_go_and_shorter_runs_stay() {
    let tags = "Harbour\nFerries\nTown Council\nEngineering\nPublic Works";
    let page = format!("{}\n\n{tags}\n\n{}\n\n{}", PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[2]);
    let cleaned = clean(&page);
    assert_eq!(removed_by(&cleaned, "heuristic.short-line-run"), 5);
    let four = "Harbour\nFerries\nTown Council\nEngineering";
    let page = format!("{}\n\n{four}\n\n{}\n\n{}", PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[2]);
    assert_eq!(removed_by(&clean(&page), "heuristic.short-line-run"), 0);
}

#[test]
fn counters_and_bare_urls_go() {
    let page = format!(
        "{}\n\n12K shares\n\n{}\n\nhttps://example.com/harbour/pier-vote\n\n{}\n\n3 comments",
        PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[2]
    );
    let cleaned = clean(&page);
    assert_eq!(removed_by(&cleaned, "heuristic.counter"), 2);
    assert_eq!(removed_by(&cleaned, "heuristic.url-line"), 1);
    assert_eq!(cleaned.text.trim(), article());
}

#[test]
fn the_language_is_named_from_function_words() {
    let german = "Der Hafenrat hat am Donnerstag beschlossen, dass die alte Anlegestelle neu gebaut wird, und \
                  die Ingenieure sind mit dem Plan einverstanden, weil die Pfähle unter der Wasserlinie verrottet sind. \
                  Die Bürger können sich bis zum Ende des Monats zu den Plänen äußern.";
    assert_eq!(clean(german).meta.language.as_deref(), Some("de"));
    assert_eq!(clean(&article()).meta.language.as_deref(), Some("en"));
    assert_eq!(clean("Home\nNews\nSport").meta.language, None);
}

#[test]
fn prose_without_a_full_stop_counts_when_its_function_words_say_so() {
    // A paragraph cut off mid-sentence still reads as prose in a known language.
    let cut = "The board said that it would ask the engineers for a second opinion on the piles and the deck";
    let page = format!("{}\n\n{cut}\n\n{}", PARAGRAPHS[0], PARAGRAPHS[1]);
    assert!(clean(&page).text.contains(cut));
}

#[test]
fn a_capture_that_loses_almost_everything_is_flagged_not_emptied_silently() {
    let menu: Vec<String> = (0..60).map(|i| format!("Section {i} Index")).collect();
    let cleaned = clean(&menu.join("\n"));
    assert!(cleaned.meta.words_in >= 100);
    assert!(cleaned.meta.warnings.iter().any(|w| w.contains("over-stripped")), "{:?}", cleaned.meta.warnings);
    assert!(clean(&article()).meta.warnings.is_empty());
}

#[test]
fn heuristics_can_be_turned_off() {
    let page = format!("Home\nNews\nSport\nWeather\nTravel\n\n{}\n", article());
    let cleaner = Cleaner::builder().default_rules(false).heuristics(false).build().unwrap();
    let cleaned = cleaner.clean(&page, &Options::default()).unwrap();
    assert_eq!(cleaned.text, page);
}
