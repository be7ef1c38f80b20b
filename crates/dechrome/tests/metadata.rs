//! Page metadata (issue #22): authors and titles, one signal or failure mode per test, on
//! small pages written for them.

use dechrome::{Cleaned, Format, Options};

/// Paragraphs enough for the page to have an article.
const BODY: &str = "<p>The harbour board met on Thursday evening to decide whether the old ferry pier should be \
    rebuilt or pulled down, after years of complaints from the fishing crews.</p>\
    <p>Engineers told the board that the timber piles had rotted below the waterline and could not be \
    patched again; a final vote is expected next month.</p>";

fn clean(head: &str, body: &str) -> Cleaned {
    let page = format!("<!doctype html><html><head>{head}</head><body>{body}</body></html>");
    dechrome::clean(&page, &Options { format: Some(Format::Html), ..Options::default() }).unwrap()
}

fn author(head: &str, body: &str) -> Option<String> {
    clean(head, body).meta.author
}

fn title(head: &str, body: &str) -> Option<String> {
    clean(head, body).meta.title
}

fn article(byline: &str) -> String {
    format!("<article><h1>Pier To Be Rebuilt</h1>{byline}{BODY}</article>")
}

fn json_ld(json: &str) -> String {
    format!("<script type=\"application/ld+json\">{json}</script>")
}

#[test]
fn a_json_ld_person_is_the_author() {
    let ld = json_ld(
        r#"{"@type":"NewsArticle","headline":"Pier To Be Rebuilt","author":{"@type":"Person","name":"Jane Roe"}}"#,
    );
    assert_eq!(author(&ld, &article("")).as_deref(), Some("Jane Roe"));
}

#[test]
fn json_ld_in_cdata_is_read() {
    let ld = json_ld(
        r#"//<![CDATA[
        {"@type":"Article","headline":"Pier To Be Rebuilt","author":[{"@type":"Person","name":"Jane Roe"}]}
    //]]>"#,
    );
    assert_eq!(author(&ld, &article("")).as_deref(), Some("Jane Roe"));
}

#[test]
fn a_graph_person_named_by_id_is_the_author() {
    let ld = json_ld(
        r##"{"@context":"https://schema.org","@graph":[
            {"@type":"Article","headline":"Pier To Be Rebuilt","author":{"@id":"#person-1"}},
            {"@type":"Person","@id":"#person-1","name":"Jane Roe"}]}"##,
    );
    assert_eq!(author(&ld, &article("")).as_deref(), Some("Jane Roe"));
}

#[test]
fn a_microdata_person_is_the_author() {
    let byline = r#"<div itemprop="author" itemscope itemtype="https://schema.org/Person">
        <img src="jane.jpg" alt=""><span itemprop="name">Jane Roe</span> <span>Harbour Correspondent</span></div>"#;
    assert_eq!(author("", &article(byline)).as_deref(), Some("Jane Roe"));
}

#[test]
fn structured_persons_win_over_a_differing_meta_author() {
    let head = r#"<meta name="author" content="Planet Blogs">"#.to_string()
        + &json_ld(r#"{"@type":"Article","headline":"Pier","author":{"@type":"Person","name":"Jane Roe"}}"#);
    assert_eq!(author(&head, &article("")).as_deref(), Some("Jane Roe"));
    let microdata = r#"<p itemprop="author" itemscope itemtype="http://schema.org/Person">By
        <a href="/jane"><span itemprop="name">Jane Roe</span></a></p>"#;
    assert_eq!(author(r#"<meta name="author" content="John Doe">"#, &article(microdata)).as_deref(), Some("Jane Roe"));
}

#[test]
fn several_authors_are_joined_by_semicolons() {
    let ld = json_ld(
        r#"{"@type":"Article","headline":"Pier","author":[{"@type":"Person","name":"Jane Roe"},{"@type":"Person","name":"John Doe"}]}"#,
    );
    assert_eq!(author(&ld, &article("")).as_deref(), Some("Jane Roe; John Doe"));
    let meta = r#"<meta name="author" content="Jane Roe and John Doe">"#;
    assert_eq!(author(meta, &article("")).as_deref(), Some("Jane Roe; John Doe"));
}

#[test]
fn lead_ins_roles_and_dates_leave_the_name() {
    let dated = r#"<div class="byline">By Jane Q. Roe August 3, 2012</div>"#;
    assert_eq!(author("", &article(dated)).as_deref(), Some("Jane Q. Roe"));
    let role = r#"<div class="byline">Posted by Jane Roe, Senior Harbour Correspondent</div>"#;
    assert_eq!(author("", &article(role)).as_deref(), Some("Jane Roe"));
    let linked = r#"<div class="author"><a href="/jane">Jane Roe</a><div>Games Editor</div></div>"#;
    assert_eq!(author("", &article(linked)).as_deref(), Some("Jane Roe"));
}

#[test]
fn a_date_alone_is_no_author() {
    let byline = r#"<span class="authors">3 March 2019, 15:20</span>"#;
    assert_eq!(author("", &article(byline)), None);
}

#[test]
fn organisations_and_the_site_are_no_author() {
    let ld =
        json_ld(r#"{"@type":"Article","headline":"Pier","author":{"@type":"Organization","name":"Planet Daily"}}"#);
    assert_eq!(author(&ld, &article("")), None);
    assert_eq!(author(r#"<meta name="author" content="Planet News">"#, &article("")), None);
    let site =
        r#"<meta property="og:site_name" content="The Daily Planet"><meta name="author" content="The Daily Planet">"#;
    assert_eq!(author(site, &article("")), None);
    let host = r#"<link rel="canonical" href="https://www.dailyplanet.co.uk/pier"><meta name="author" content="Dailyplanet Online">"#;
    assert_eq!(author(host, &article("")), None);
}

#[test]
fn the_article_byline_wins_over_a_blog_masthead() {
    let body = format!(
        r#"<header><div class="blog-author">| Max Mustermann</div></header>{}"#,
        article(r#"<p class="byline">By Jane Roe</p>"#)
    );
    assert_eq!(author("", &body).as_deref(), Some("Jane Roe"));
    let masthead_only = format!(r#"<header><div class="blog-author">| Max Mustermann</div></header>{}"#, article(""));
    assert_eq!(author("", &masthead_only), None);
}

#[test]
fn comment_authors_are_not_the_author() {
    let body = format!(r#"{}<div class="comments"><span class="comment-author">John Doe</span></div>"#, article(""));
    assert_eq!(author("", &body), None);
}

#[test]
fn without_a_title_tag_the_first_content_h1_is_the_title() {
    let body = format!(
        r#"<figure><img src="pier.jpg"><figcaption><h1>The old pier at dusk</h1></figcaption></figure>
        <article><h1>Pier To Be Rebuilt</h1>{BODY}</article>"#
    );
    assert_eq!(title("", &body).as_deref(), Some("Pier To Be Rebuilt"));
}

#[test]
fn without_any_title_an_image_caption_is_not_the_title() {
    let body = format!(
        r#"<table><tr><td><div><img src="pier.jpg" alt="">
        <div class="cap">The old pier has stood since eighteen ninety</div></div>{BODY}</td></tr></table>"#
    );
    assert_eq!(title("", &body), None);
}

#[test]
fn a_site_name_suffix_goes() {
    let head = r#"<title>Pier To Be Rebuilt | The Daily Planet</title><meta property="og:site_name" content="The Daily Planet">"#;
    assert_eq!(title(head, &article("")).as_deref(), Some("Pier To Be Rebuilt"));
}

#[test]
fn a_suffix_naming_the_host_goes() {
    let head = r#"<title>Pier To Be Rebuilt - Planet News</title><link rel="canonical" href="https://www.planet.co.uk/news/pier">"#;
    assert_eq!(title(head, &format!("<div>{BODY}</div>")).as_deref(), Some("Pier To Be Rebuilt"));
}

#[test]
fn a_section_suffix_goes() {
    let head = r#"<title>Pier To Be Rebuilt | Harbour | The Daily Planet</title>
        <meta property="og:site_name" content="The Daily Planet"><meta property="article:section" content="Harbour">"#;
    assert_eq!(title(head, &format!("<div>{BODY}</div>")).as_deref(), Some("Pier To Be Rebuilt"));
    // Without a section tag, the headline the page shows says where it ends.
    let head = "<title>Pier To Be Rebuilt | Harbour</title>";
    assert_eq!(title(head, &article("")).as_deref(), Some("Pier To Be Rebuilt"));
}

#[test]
fn a_dash_inside_the_headline_stays() {
    let head = r#"<title>Pier rebuilt - a town divided | The Daily Planet</title><meta property="og:site_name" content="The Daily Planet">"#;
    let body = format!("<article><h1>Pier rebuilt - a town divided</h1>{BODY}</article>");
    assert_eq!(title(head, &body).as_deref(), Some("Pier rebuilt - a town divided"));
    let bare = "<title>Why we rebuilt the pier - a history</title>";
    assert_eq!(title(bare, &format!("<div>{BODY}</div>")).as_deref(), Some("Why we rebuilt the pier - a history"));
}

#[test]
fn the_structured_title_the_page_shows_wins() {
    let head = r#"<title>Pier rebuilt after vote - Planet</title><meta property="og:title" content="You will not believe this pier">"#
        .to_string()
        + &json_ld(r#"{"@type":"Article","headline":"Pier rebuilt after vote"}"#);
    assert_eq!(title(&head, &format!("<div>{BODY}</div>")).as_deref(), Some("Pier rebuilt after vote"));
}

#[test]
fn a_blog_name_in_the_h1_is_not_the_headline() {
    let head = r#"<title>Harbour Notes › Pier To Be Rebuilt</title><link rel="canonical" href="https://harbournotes.org/pier">"#;
    let body = format!("<header><h1>Harbour Notes</h1></header><div>{BODY}</div>");
    assert_eq!(title(head, &body).as_deref(), Some("Pier To Be Rebuilt"));
}
