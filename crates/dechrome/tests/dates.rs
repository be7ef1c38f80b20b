//! Publication dates (`date`) and modification dates (`date_modified`) of pages: one test per
//! signal, and per way a signal misleads (a UTC stamp, a video's date, a teaser's, a comment's,
//! a future or pre-web date, an ambiguous numeric date).

use dechrome::{Cleaner, Format, Metadata, Options};

/// A page with `head` in its `<head>` and `top` above the article's paragraphs.
fn page(lang: &str, head: &str, top: &str) -> String {
    let paragraph = "<p>The harbour committee met on a grey morning and agreed, after a long debate about \
        the cost of dredging and the future of the ferry service, to put the question to the town.</p>";
    format!(
        "<!doctype html><html lang=\"{lang}\"><head><title>Harbour vote</title>{head}</head><body>\
         <nav><a href=\"/\">Home</a></nav><article><h1>The harbour vote</h1>{top}{}</article>\
         <footer><p>Site footer, updated 12 January 2024</p></footer></body></html>",
        paragraph.repeat(4)
    )
}

fn meta_with(html: &str, options: Options) -> Metadata {
    let options = Options { format: Some(Format::Html), ..options };
    Cleaner::new().clean(html, &options).expect("the page cleans").meta
}

fn meta(html: &str) -> Metadata {
    meta_with(html, Options::default())
}

fn date(html: &str) -> Option<String> {
    meta(html).date
}

#[test]
fn json_ld_dates_of_an_article_and_of_a_graph_s_web_page() {
    let article = r#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
        "headline":"The harbour vote","datePublished":"2019-04-03T09:00:00+02:00",
        "dateModified":"2019-04-05T10:00:00+02:00"}</script>"#;
    let m = meta(&page("en", article, ""));
    assert_eq!((m.date.as_deref(), m.date_modified.as_deref()), (Some("2019-04-03"), Some("2019-04-05")));
    let graph = r##"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
        {"@type":"WebSite","@id":"#site","name":"Harbour News"},
        {"@type":"WebPage","isPartOf":{"@id":"#site"},"datePublished":"2018-02-28T15:07:03+00:00"}]}</script>"##;
    assert_eq!(date(&page("en", graph, "")).as_deref(), Some("2018-02-28"));
}

#[test]
fn an_article_s_date_goes_before_a_video_s_in_the_page() {
    let head = r#"<meta property="article:published_time" content="2017-12-01T12:01:11+01:00">
        <script type="application/ld+json">{"@type":"VideoObject","name":"Clip","uploadDate":"2015-01-16T14:53:35+01:00"}</script>"#;
    assert_eq!(date(&page("de", head, "")).as_deref(), Some("2017-12-01"));
}

#[test]
fn named_meta_tags_open_graph_dublin_core_and_microdata() {
    for head in [
        r#"<meta name="OriginalPublicationDate" content="2019/04/03 10:00:00">"#,
        r#"<meta itemprop="datePublished" content="2019-04-03">"#,
        r#"<meta name="DC.date.issued" content="2019-04-03">"#,
        r#"<meta name="citation_publication_date" content="2019/04/03">"#,
        r#"<meta property="og:pubdate" content="2019-04-03T08:00:00-04:00">"#,
    ] {
        assert_eq!(date(&page("en", head, "")).as_deref(), Some("2019-04-03"), "{head}");
    }
}

#[test]
fn marked_elements_give_their_attribute_or_their_text() {
    for top in [
        r#"<p itemprop="datePublished" class="info">6 dicembre 2020</p>"#,
        r#"<div>Posted <time pubdate datetime="2020-12-06T00:15">yesterday</time></div>"#,
        r#"<div>Posted <abbr class="published" title="2020-12-06T00:15:00+01:00">Sunday</abbr></div>"#,
        r#"<div><span title="06.12.2020" class="entry-date">am 06.12.2020</span></div>"#,
    ] {
        assert_eq!(date(&page("it", "", top)).as_deref(), Some("2020-12-06"), "{top}");
    }
}

#[test]
fn the_url_path_dates_the_page_given_or_canonical() {
    let url = "https://news.example/2019/04/03/harbour-vote/";
    let given = meta_with(&page("en", "", ""), Options { url: Some(url.into()), ..Options::default() });
    assert_eq!(given.date.as_deref(), Some("2019-04-03"));
    let canonical = format!(r#"<link rel="canonical" href="{url}">"#);
    assert_eq!(date(&page("en", &canonical, "")).as_deref(), Some("2019-04-03"));
    // A number in the slug is no day: `/2019/04/3-questions` is April's.
    let slug = r#"<link rel="canonical" href="https://news.example/2019/04/3-questions/">"#;
    assert_eq!(date(&page("en", slug, "")), None);
}

#[test]
fn the_url_s_local_day_goes_before_a_utc_stamp_of_the_day_after() {
    let head = r#"<link rel="canonical" href="https://news.example/2020/02/24/vote/">
        <meta property="article:published_time" content="2020-02-25T02:25:54Z">"#;
    assert_eq!(date(&page("en", head, "")).as_deref(), Some("2020-02-24"));
}

#[test]
fn a_utc_stamp_takes_the_day_shown_on_the_page() {
    let head = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Vote",
        "datePublished":"2019-10-18T22:04:00Z"}</script>"#;
    let top = r#"<div class="article-date">19. Oktober 2019, 00:04 Uhr</div>"#;
    assert_eq!(date(&page("de", head, top)).as_deref(), Some("2019-10-19"));
    // Without a local date beside it, the stamp's own day stands.
    assert_eq!(date(&page("de", head, "")).as_deref(), Some("2019-10-18"));
}

#[test]
fn the_date_line_by_the_headline_goes_before_teasers_and_comments() {
    let top = r#"<div class="byline">By Jane Roe · 3 April 2019</div>"#;
    let html = page("en", "", top).replace(
        "</article>",
        r#"</article><aside><h3>More</h3><span class="date">1 April 2019</span></aside>
        <div class="comments"><span class="comment-date">5 April 2019</span><p>Great article.</p></div>"#,
    );
    assert_eq!(date(&html).as_deref(), Some("2019-04-03"));
    let above = r#"<div class="date">Party, 03.04.19</div>"#;
    let html = page("de", "", "").replace("<h1>", &format!("{above}<h1>")).replace(
        "</article>",
        r#"<ul class="more"><li><span class="date">13.03.2019</span> Other story</li></ul></article>"#,
    );
    assert_eq!(date(&html).as_deref(), Some("2019-04-03"));
}

#[test]
fn a_page_showing_only_a_later_date_than_its_structured_one_goes_by_the_shown_date() {
    let head = r#"<meta property="article:published_time" content="2016-08-29T10:00:00-04:00">"#;
    let updated = r#"<div class="byline">By Jane Roe <span class="date">Updated May 6, 2019</span></div>"#;
    assert_eq!(date(&page("en", head, updated)).as_deref(), Some("2019-05-06"));
    // The same without a date element: the short line after the headline.
    assert_eq!(date(&page("en", head, "<p>Monday, 6 May 2019</p>")).as_deref(), Some("2019-05-06"));

    // The page also shows its first publication: that is its date.
    let both = format!("{updated}<p>First published August 29, 2016</p>");
    assert_eq!(date(&page("en", head, &both)).as_deref(), Some("2016-08-29"));
    // A listing shows many dates: none of them is the page's.
    let listing = page("en", head, "").replace(
        "</article>",
        r#"</article><ul class="events"><li><span class="date">12 May 2019</span> Fair</li>
        <li><span class="date">4 June 2019</span> Regatta</li></ul>"#,
    );
    assert_eq!(date(&listing).as_deref(), Some("2016-08-29"));
    // A shown date before the structured one is not an update.
    let earlier = r#"<span class="date">2 March 2015</span>"#;
    assert_eq!(date(&page("en", head, earlier)).as_deref(), Some("2016-08-29"));
}

#[test]
fn a_date_in_the_text_when_nothing_marks_one() {
    let top = "<p><strong>Hamburg, 2. November 2021</strong></p>";
    assert_eq!(date(&page("de", "", top)).as_deref(), Some("2021-11-02"));
    // A page that says no date has none: the footer's is the site's.
    assert_eq!(date(&page("de", "", "")), None);
}

#[test]
fn dates_in_many_languages_and_forms() {
    for (lang, shown) in [
        ("fr", "jeudi 3 avril 2019"),
        ("de", "3. April 2019"),
        ("de", "03.04.2019"),
        ("en", "April 3rd, 2019"),
        ("en-GB", "3 April 2019"),
        ("es", "3 de abril de 2019"),
        ("pt", "3 de abril de 2019"),
        ("ja", "2019年4月3日"),
        ("ko", "2019년 4월 3일"),
        ("it", "3 aprile 2019"),
    ] {
        let top = format!(r#"<div class="post-date">{shown}</div>"#);
        assert_eq!(date(&page(lang, "", &top)).as_deref(), Some("2019-04-03"), "{lang}: {shown}");
    }
}

#[test]
fn day_and_month_order_follows_the_page_s_language() {
    let top = r#"<span class="date">04/03/2019</span>"#;
    assert_eq!(date(&page("en-US", "", top)).as_deref(), Some("2019-04-03"));
    assert_eq!(date(&page("fr", "", top)).as_deref(), Some("2019-03-04"));
}

#[test]
fn future_and_pre_web_dates_are_refused() {
    let head = r#"<meta name="date" content="2031-06-01">"#;
    let top = r#"<span class="date">3 April 2019</span>"#;
    let captured = Options { captured: Some("2019-05-01T08:00:00Z".into()), ..Options::default() };
    // After the capture: an event's date, not the page's.
    let m = meta_with(&page("en", r#"<meta name="date" content="2019-06-01">"#, top), captured.clone());
    assert_eq!(m.date.as_deref(), Some("2019-04-03"));
    // After today, with no capture date.
    assert_eq!(date(&page("en", &head.replace("2031", "2999"), top)).as_deref(), Some("2019-04-03"));
    let old = r#"<meta name="date" content="1970-01-01">"#;
    assert_eq!(date(&page("en", old, top)).as_deref(), Some("2019-04-03"));
}

#[test]
fn a_modification_date_only_when_later_and_never_for_the_publication() {
    let same = r#"<meta property="article:published_time" content="2019-04-03T09:00:00+02:00">
        <meta property="article:modified_time" content="2019-04-03T11:00:00+02:00">"#;
    let m = meta(&page("en", same, ""));
    assert_eq!((m.date.as_deref(), m.date_modified), (Some("2019-04-03"), None));
    // A page that gives only a modification date is dated by it.
    let only = r#"<meta property="og:updated_time" content="2019-04-05T11:00:00+02:00">"#;
    let m = meta(&page("en", only, ""));
    assert_eq!((m.date.as_deref(), m.date_modified), (Some("2019-04-05"), None));
}
