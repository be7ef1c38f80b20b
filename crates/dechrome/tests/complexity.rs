//! Cleaning time grows linearly with the size of a capture, whatever its shape: each
//! adversarial shape is cleaned at a size N and at 4N, and the time must grow by less than
//! [`MAX_RATIO`] (4 for linear work, 16 for quadratic). A ratio, not an absolute time, so the
//! test holds on a slow or loaded machine; each time is the least of a few runs.

use dechrome::{Cleaner, Format, MarkdownOptions, Options, TextFormat};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The timing tests take turns: run side by side, each would time the other's work too.
static TIMING: Mutex<()> = Mutex::new(());

/// Time at 4N over time at N above which a shape counts as superlinear.
const MAX_RATIO: f64 = 6.0;
/// Runs of each size, the two sizes in turn (so that both see the machine's load alike); the
/// fastest of each counts, which damps the noise of a shared machine.
const RUNS: usize = 5;
/// The larger size, as a multiple of the smaller.
const GROWTH: usize = 4;

#[derive(Clone, Copy)]
enum Kind {
    Text,
    Html,
}

/// One shape: how to make a capture of it with `n` repeats of its unit, and `n` for the
/// smaller size (chosen for some tens of milliseconds in the test profile).
struct Shape {
    name: &'static str,
    kind: Kind,
    n: usize,
    make: fn(usize) -> String,
}

fn page(body: &str) -> String {
    format!("<!doctype html><html><head><title>T</title></head><body>{body}</body></html>\n")
}

/// Prose words, so that lines read as text and not as chrome.
const SENTENCE: &str = "The council approved the budget for the new library after a long debate. ";

fn shapes() -> Vec<Shape> {
    vec![
        Shape {
            name: "attributes",
            kind: Kind::Html,
            n: 10_000,
            make: |n| page(&format!("<div {}>x</div>", (0..n).map(|i| format!("a{i}=\"v\" ")).collect::<String>())),
        },
        Shape {
            name: "attributes, the first tag",
            kind: Kind::Html,
            n: 10_000,
            make: |n| {
                format!("<html {}><body>x</body></html>", (0..n).map(|i| format!("a{i}=v&amp;w ")).collect::<String>())
            },
        },
        Shape {
            name: "nesting",
            kind: Kind::Html,
            // Blocks nested as deep as real pages nest. How deep a page nests is bounded by
            // `Limits::max_depth`: the tree builder's scope checks walk the open elements.
            n: 300,
            make: |n| {
                page(&format!("{}{SENTENCE}{}\n", "<div><span>".repeat(32), "</span></div>".repeat(32)).repeat(n))
            },
        },
        Shape {
            name: "entities",
            kind: Kind::Html,
            n: 20_000,
            make: |n| page(&format!("<p>{}</p>", "a &amp; b &eacute; &#8217; &bogus; &lt ".repeat(n / 5))),
        },
        Shape {
            name: "tags",
            kind: Kind::Html,
            n: 8_000,
            make: |n| page(&format!("<p>{}</p>", "<span>word</span> ".repeat(n))),
        },
        Shape { name: "comments", kind: Kind::Html, n: 20_000, make: |n| page(&"<!-- a comment -->\n".repeat(n)) },
        Shape {
            name: "tables",
            kind: Kind::Html,
            n: 1_500,
            make: |n| page(&format!("<table>{}</table>", "<tr><td>cell one</td><td>cell two</td></tr>".repeat(n))),
        },
        Shape {
            name: "links",
            kind: Kind::Html,
            n: 3_000,
            make: |n| {
                page(&(0..n).map(|i| format!("<p>{SENTENCE}<a href=\"/p/{i}\">link {i}</a></p>\n")).collect::<String>())
            },
        },
        Shape {
            name: "JSON-LD",
            kind: Kind::Html,
            n: 4_000,
            make: |n| {
                let items = (0..n).map(|i| format!("{{\"@type\":\"Thing\",\"name\":\"n{i}\"}}")).collect::<Vec<_>>();
                let graph = format!("{{\"@context\":\"https://schema.org\",\"@graph\":[{}]}}", items.join(","));
                let script = format!("<script type=\"application/ld+json\">{graph}</script>");
                page(&format!("{}<p>{SENTENCE}</p>", script.repeat(4)))
            },
        },
        Shape {
            name: "a long line of text",
            kind: Kind::Html,
            n: 2_000,
            make: |n| page(&format!("<p>{}</p>", SENTENCE.repeat(n))),
        },
        Shape { name: "a long line", kind: Kind::Text, n: 4_000, make: |n| format!("{}\n", SENTENCE.repeat(n)) },
        Shape { name: "many lines", kind: Kind::Text, n: 8_000, make: |n| format!("{SENTENCE}\n").repeat(n) },
        Shape { name: "many short lines", kind: Kind::Text, n: 20_000, make: |n| "a\n".repeat(n) },
        Shape {
            name: "short lines between prose",
            kind: Kind::Text,
            n: 1_000,
            make: |n| format!("Home\nNews\n{SENTENCE}{SENTENCE}\n\n").repeat(n),
        },
    ]
}

fn clean(cleaner: &Cleaner, kind: Kind, capture: &str) {
    let format = match kind {
        Kind::Text => Format::Text,
        Kind::Html => Format::Html,
    };
    let cleaned = cleaner.clean(capture, &Options { format: Some(format), ..Options::default() });
    std::hint::black_box(cleaned).expect("every shape is a capture");
}

fn timed(cleaner: &Cleaner, kind: Kind, capture: &str) -> Duration {
    let start = Instant::now();
    clean(cleaner, kind, capture);
    start.elapsed()
}

/// Pages whose shapes Markdown treats apart: tables, marks across many lines, code. (Deep
/// nesting: see `markdown_of_deep_nesting_grows_linearly`.)
fn markdown_shapes() -> Vec<Shape> {
    vec![
        Shape {
            name: "table rows",
            kind: Kind::Html,
            n: 1_000,
            make: |n| {
                page(&format!("<table>{}</table>", format!("<tr><td>a|b</td><td>{SENTENCE}</td></tr>").repeat(n)))
            },
        },
        Shape {
            name: "marks across lines",
            kind: Kind::Html,
            n: 1_000,
            make: |n| {
                page(&format!("<p><b><a href=\"x\"><em>{}</em></a></b></p>", format!("{SENTENCE}<br>").repeat(n)))
            },
        },
        Shape {
            name: "code",
            kind: Kind::Html,
            n: 1_000,
            make: |n| page(&format!("<pre><code class=\"language-x\">{}</code></pre>", "``` x = 1\n".repeat(n))),
        },
    ]
}

/// The shapes whose time grows faster than their size, as `name: ratio`.
fn superlinear(cleaner: &Cleaner, shapes: Vec<Shape>) -> Vec<String> {
    let _turn = TIMING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    // The first cleaning compiles what the rules compile lazily.
    clean(cleaner, Kind::Text, "warm up\n");
    clean(cleaner, Kind::Html, &page("<p>warm up</p>"));
    let mut superlinear = Vec::new();
    for shape in shapes {
        let small = (shape.make)(shape.n);
        let large = (shape.make)(shape.n * GROWTH);
        let (mut t_small, mut t_large) = (Duration::MAX, Duration::MAX);
        for _ in 0..RUNS {
            t_small = t_small.min(timed(cleaner, shape.kind, &small));
            t_large = t_large.min(timed(cleaner, shape.kind, &large));
        }
        let ratio = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-6);
        eprintln!(
            "{:28} {:>9} B {:>8.1?}  {:>9} B {:>8.1?}  ratio {ratio:.2}",
            shape.name,
            small.len(),
            t_small,
            large.len(),
            t_large
        );
        if ratio >= MAX_RATIO {
            superlinear.push(format!("{}: {ratio:.1}", shape.name));
        }
    }
    superlinear
}

#[test]
fn cleaning_time_grows_linearly_with_every_shape() {
    let superlinear = superlinear(&Cleaner::new(), shapes());
    assert!(superlinear.is_empty(), "time grows faster than the size for: {}", superlinear.join(", "));
}

#[test]
fn markdown_time_grows_linearly_with_every_page_shape() {
    let format = TextFormat::Markdown(MarkdownOptions { links: true, images: true });
    let cleaner = Cleaner::builder().text_format(format).build().expect("embedded rules load");
    let shapes = shapes().into_iter().filter(|s| matches!(s.kind, Kind::Html)).chain(markdown_shapes()).collect();
    let superlinear = superlinear(&cleaner, shapes);
    assert!(superlinear.is_empty(), "Markdown's time grows faster than the size for: {}", superlinear.join(", "));
}

/// Each line of Markdown repeats the prefixes of the quotes and list items around it: past a
/// depth they stop, so the text grows with the page, not with the page times its depth. (Time
/// is no measure here: extraction's scoring of text at every level of a deep nest grows
/// faster than the page already.)
#[test]
fn markdown_of_deep_nesting_grows_linearly() {
    let format = TextFormat::Markdown(MarkdownOptions::default());
    let cleaner = Cleaner::builder().text_format(format).build().expect("embedded rules load");
    let options = Options { format: Some(Format::Html), ..Options::default() };
    for unit in
        [format!("<blockquote><p>{SENTENCE}</p>"), format!("<ol><li>{SENTENCE}"), format!("<ul><li><p>{SENTENCE}")]
    {
        let len = |n: usize| cleaner.clean(page(&unit.repeat(n)), &options).expect("a page").text.len() as f64;
        let (small, large) = (len(100), len(100 * GROWTH));
        assert!(large / small < GROWTH as f64 * 1.2, "{unit}: {small} bytes, then {large}");
    }
}
