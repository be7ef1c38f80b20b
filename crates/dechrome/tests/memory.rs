//! Peak memory for one capture stays within a small multiple of its size, whatever its shape,
//! so that `--jobs N` × `--max-bytes` bounds a run: at most [`BYTES_FACTOR`] × its bytes +
//! [`BASE`], and, since at a few megabytes that bound is mostly its constant, growing by at
//! most [`BYTES_FACTOR`] × the bytes added when the capture grows (which catches memory
//! that grows per line). Measured by a counting allocator: this file is its own test binary.
//!
//! Pages dense with tags are held to [`TREE_BYTES_FACTOR`] instead: their tree takes a node
//! (64 B, then 28 B in the flat copy) every 3 to 9 bytes, so 8× is out of reach for them
//! whatever the code around the tree does (#17 item 6, blocked on this figure).

use dechrome::explain::{explain_file, Style};
use dechrome::{Cleaner, Format, Options};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Peak bytes allocated per byte of the capture, at most.
const BYTES_FACTOR: usize = 8;
/// Peak bytes allocated per byte of a page made mostly of tags, at most.
const TREE_BYTES_FACTOR: usize = 40;
/// Peak bytes allocated whatever the capture's size, at most.
const BASE: usize = 50 << 20;
/// The larger capture of each shape, as a multiple of the smaller.
const GROWTH: usize = 4;

/// [`System`], counting the bytes allocated now and at most since [`peak_of`] began.
struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed to `System` as it came; only counters are updated beside it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's promises for `alloc`, passed on.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's promises for `alloc_zeroed`, passed on.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator, that is from `System`, with `layout`.
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from `System` with `layout` (the caller's promise), passed on.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            // Counted as the new block while the old is still held, as a moving realloc holds
            // both for a moment.
            grew(new_size);
            CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        p
    }
}

fn grew(size: usize) {
    let now = CURRENT.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// One measurement at a time: the counters are for the whole binary.
static MEASURING: Mutex<()> = Mutex::new(());

/// Bytes allocated at the peak of `f`, beyond what was allocated before it.
fn peak_of(f: impl FnOnce()) -> usize {
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    f();
    PEAK.load(Ordering::Relaxed) - base
}

#[derive(Clone, Copy, Debug)]
enum Run {
    /// `Cleaner::clean` of a text capture.
    CleanText,
    /// `Cleaner::clean` of an HTML page.
    CleanHtml,
    /// `dechrome explain` of a text capture (from a file): the rules applied, every line written.
    Explain,
}

/// Cleans (or explains) `capture`, which is also the content of the file at `path`.
fn run(cleaner: &Cleaner, how: Run, capture: &[u8], path: &std::path::Path) {
    let clean = |format| {
        let cleaned = cleaner.clean(capture, &Options { format: Some(format), ..Options::default() });
        std::hint::black_box(cleaned).expect("every shape is a capture");
    };
    match how {
        Run::CleanText => clean(Format::Text),
        Run::CleanHtml => clean(Format::Html),
        Run::Explain => explain_file(cleaner, path, None, Style { color: false }, &mut std::io::sink()).unwrap(),
    }
}

/// Checks the bounds for a shape made by `make(n)` at `n` and `GROWTH * n`.
fn check(how: Run, n: usize, make: impl Fn(usize) -> String) {
    check_with(BYTES_FACTOR, how, n, make);
}

/// [`check`] for a page made mostly of tags.
fn check_tags(n: usize, make: impl Fn(usize) -> String) {
    check_with(TREE_BYTES_FACTOR, Run::CleanHtml, n, make);
}

fn check_with(factor: usize, how: Run, n: usize, make: impl Fn(usize) -> String) {
    // The capture's own bytes are not part of the factor: cleaning gets them read, `explain`
    // reads them itself, inside the measurement.
    let factor = if matches!(how, Run::Explain) { factor + 1 } else { factor };
    let _one = MEASURING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let cleaner = Cleaner::new();
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    // What the rules compile lazily, compiled before the measurements.
    let one = make(1).into_bytes();
    run(&cleaner, how, &one, &file("one.txt", &one));
    let small = make(n).into_bytes();
    let large = make(GROWTH * n).into_bytes();
    let (small_path, large_path) = (file("small.txt", &small), file("large.txt", &large));
    let peak_small = peak_of(|| run(&cleaner, how, &small, &small_path));
    let peak_large = peak_of(|| run(&cleaner, how, &large, &large_path));
    eprintln!(
        "{how:?}: {} B -> peak {} B ({:.1}x); {} B -> peak {} B ({:.1}x)",
        small.len(),
        peak_small,
        peak_small as f64 / small.len() as f64,
        large.len(),
        peak_large,
        peak_large as f64 / large.len() as f64
    );
    assert!(peak_large <= factor * large.len() + BASE, "{how:?}: peak {peak_large} B for {} B", large.len());
    let added = large.len() - small.len();
    assert!(
        peak_large.saturating_sub(peak_small) <= factor * added,
        "{how:?}: peak grew by {} B for {added} B more",
        peak_large - peak_small
    );
}

const SENTENCE: &str = "The council approved the budget for the new library after a long debate. ";

fn page(body: &str) -> String {
    format!("<!doctype html><html><head><title>T</title></head><body>{body}</body></html>\n")
}

#[test]
fn many_short_lines() {
    check(Run::CleanText, 500_000, |n| "a\n".repeat(n));
}

#[test]
fn many_short_lines_explained() {
    check(Run::Explain, 500_000, |n| "a\n".repeat(n));
}

#[test]
fn many_lines() {
    check(Run::CleanText, 30_000, |n| format!("{SENTENCE}\n").repeat(n));
}

#[test]
fn short_lines_between_prose() {
    check(Run::CleanText, 30_000, |n| format!("Home\nNews\n{SENTENCE}{SENTENCE}\n\n").repeat(n));
}

#[test]
fn short_lines_between_prose_explained() {
    check(Run::Explain, 30_000, |n| format!("Home\nNews\n{SENTENCE}{SENTENCE}\n\n").repeat(n));
}

#[test]
fn a_long_line() {
    check(Run::CleanText, 20_000, |n| format!("{}\n", SENTENCE.repeat(n)));
}

#[test]
fn comments() {
    check(Run::CleanHtml, 100_000, |n| page(&"<!-- c -->\n".repeat(n)));
}

#[test]
fn tags() {
    check_tags(50_000, |n| page(&format!("<p>{}</p>", "<span>word</span> ".repeat(n))));
}

#[test]
fn attributes() {
    check_tags(50_000, |n| page(&format!("<div {}>x</div>", (0..n).map(|i| format!("a{i}=v ")).collect::<String>())));
}

#[test]
fn nesting() {
    check_tags(2_000, |n| {
        page(&format!("{}{SENTENCE}{}\n", "<div><span>".repeat(32), "</span></div>".repeat(32)).repeat(n))
    });
}

#[test]
fn entities() {
    check(Run::CleanHtml, 50_000, |n| page(&format!("<p>{}</p>", "a &amp; b &eacute; &#8217; &bogus; &lt ".repeat(n))));
}

#[test]
fn tables() {
    check_tags(20_000, |n| {
        page(&format!("<table>{}</table>", "<tr><td>cell one</td><td>cell two</td></tr>".repeat(n)))
    });
}

#[test]
fn links() {
    check(Run::CleanHtml, 10_000, |n| {
        page(&(0..n).map(|i| format!("<p>{SENTENCE}<a href=\"/p/{i}\">link {i}</a></p>\n")).collect::<String>())
    });
}

#[test]
fn html_lines() {
    check_tags(100_000, |n| page(&"<p>a</p>\n".repeat(n)));
}

#[test]
fn json_ld() {
    check(Run::CleanHtml, 20_000, |n| {
        let items = (0..n).map(|i| format!("{{\"@type\":\"Thing\",\"name\":\"n{i}\"}}")).collect::<Vec<_>>();
        page(&format!(
            "<script type=\"application/ld+json\">{{\"@graph\":[{}]}}</script><p>{SENTENCE}</p>",
            items.join(",")
        ))
    });
}
