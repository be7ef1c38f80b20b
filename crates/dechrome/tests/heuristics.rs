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

#[test]
fn a_comment_thread_below_the_article_goes_from_its_first_byline() {
    let thread = "Leave a comment\n\nMarta Quill March 4, 2021 at 9:12 am\n\nI walked that pier every summer as a child and I hope the board saves at least part of it.\n\nReply\n\nOskar Brandt March 4, 2021 at 11:40 am\n\nRotten piles are a danger to the boats, and rebuilding is the only sensible choice here.\n\nReply\n";
    let cleaned = clean(&format!("{}\n\n{thread}", article()));
    assert_eq!(cleaned.text.trim(), article());
    assert!(removed_by(&cleaned, "heuristic.comment-thread") > 0, "{:?}", cleaned.meta.removed);
}

#[test]
fn dated_posts_without_comment_words_stay() {
    // A forum thread or a blog's front page: every post has a dated byline, nothing speaks of comments.
    let posts = format!(
        "{}\n\nposted by Marta @ 3/04/2021 09:12 AM\n\n{}\n\nposted by Oskar @ 3/05/2021 11:40 AM\n\n{}\n",
        PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[2]
    );
    let cleaned = clean(&posts);
    assert_eq!(removed_by(&cleaned, "heuristic.comment-thread"), 0);
    assert!(cleaned.text.contains(PARAGRAPHS[2]));
    // A post footer counts its comments: it links to a thread, it is not one.
    let footers = format!(
        "{}\n\nPosted by Marta on March 4, 2021 09:12 AM | 3 Comments\n\n{}\n\nPosted by Oskar on March 5, 2021 11:40 AM | 5 Comments\n\n{}\n",
        PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[2]
    );
    assert_eq!(removed_by(&clean(&footers), "heuristic.comment-thread"), 0);
}

#[test]
fn one_dated_line_below_the_article_is_not_a_thread() {
    let page = format!("{}\n\nComments\n\nUpdated March 4, 2021 at 9:12 am\n", article());
    assert_eq!(removed_by(&clean(&page), "heuristic.comment-thread"), 0);
}

#[test]
fn a_thread_starts_at_a_heading_that_counts_its_comments() {
    // The plain count is the counter signal's too; the heading with a title is not.
    let thread = "2 Responses to the Pier Vote\n\nI hope they keep the old lamp posts when they rebuild the pier next year.\n\nA new pier will bring the summer boats back to the harbour at last, I think.\n";
    let cleaned = clean(&format!("{}\n\n{thread}", article()));
    assert_eq!(cleaned.text.trim(), article());
    assert!(removed_by(&cleaned, "heuristic.comment-thread") >= 3, "{:?}", cleaned.meta.removed);
}

#[test]
fn a_comment_count_under_a_one_sentence_dek_cuts_nothing() {
    // Above the article, below its dek: a thread follows more prose than one sentence.
    let page = format!(
        "The harbour board weighs the future of a pier that has stood for over a century.\n\n14 Comments\n\n{}\n",
        article()
    );
    let text = clean(&page).text;
    assert!(text.contains(PARAGRAPHS[2]), "{text}");
}

#[test]
fn bylines_that_name_the_writer_alone_or_glue_the_time_to_pm_make_a_thread() {
    let says = "Leave a Reply\n\nMarta Quill says:\n\nI walked that pier every summer as a child and I hope the board saves at least part of it.\n\nOskar Brandt says:\n\nRotten piles are a danger to the boats, and rebuilding is the only sensible choice here.\n";
    let glued = "Add your comment\n\nPosted by: Marta, Dover on 9:12pm Tue 4 Mar 21\n\nI walked that pier every summer as a child and I hope the board saves at least part of it.\n\nPosted by: Oskar, Deal on 11:40pm Tue 4 Mar 21\n\nRotten piles are a danger to the boats, and rebuilding is the only sensible choice here.\n";
    for thread in [says, glued] {
        let cleaned = clean(&format!("{}\n\n{thread}", article()));
        assert_eq!(cleaned.text.trim(), article(), "{thread}");
    }
}
