//! Escaping text for Markdown: a backslash goes before a character only where `CommonMark` (with
//! GFM tables and strikethrough) would read it as markup, so `snake_case`, `C#`, `a - b`,
//! `2 * 3` and `[1]` stay as they are.

/// Where a piece of text sits, which decides what in it is markup.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context {
    /// In a table cell: `|` ends the cell.
    pub in_cell: bool,
    /// In the text of a link or an image's alt text: brackets end it.
    pub in_link: bool,
}

/// Appends `text` (no line break in it) to `out`, escaped for the inside of a line. `before`
/// and `after` are the characters around it (`None`: white space, or the edge of the line).
pub fn inline(text: &str, before: Option<char>, after: Option<char>, context: Context, out: &mut String) {
    if !text.bytes().any(is_special_byte) {
        out.push_str(text);
        return;
    }
    let mut prev = before;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map_or(after, |&(_, n)| Some(n));
        if needs_escape(c, prev, next, &text[at + c.len_utf8()..], context) {
            out.push('\\');
        }
        out.push(c);
        prev = Some(c);
    }
}

/// Bytes of the characters that may need a backslash.
fn is_special_byte(b: u8) -> bool {
    matches!(b, b'\\' | b'*' | b'_' | b'~' | b'`' | b'<' | b'&' | b'[' | b']' | b'|')
}

fn needs_escape(c: char, prev: Option<char>, next: Option<char>, rest: &str, context: Context) -> bool {
    match c {
        // A backslash escapes the punctuation after it, and breaks the line at its end.
        '\\' => next.is_none_or(|n| n.is_ascii_punctuation()),
        // Emphasis and strikethrough delimiters open or close only when they touch text.
        '*' | '~' => is_flanking(prev, next),
        // Inside a word (`snake_case`) an underscore is never emphasis.
        '_' => {
            is_flanking(prev, next)
                && !(prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric))
        }
        // Code spans: any backtick may pair with one further on.
        '`' => true,
        // Raw HTML and autolinks.
        '<' => next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
        '&' => starts_entity(rest),
        '[' => context.in_link,
        // `[text](url)`, `[text][ref]` and `[ref]: url` need a `]` right before `(`, `[` or `:`.
        ']' => context.in_link || matches!(next, Some('(' | '[' | ':')),
        '|' => context.in_cell,
        _ => false,
    }
}

/// Whether a delimiter character between `prev` and `next` can open or close a span: it does
/// unless white space (or the line's edge) is on both sides.
fn is_flanking(prev: Option<char>, next: Option<char>) -> bool {
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    !(space(prev) && space(next))
}

/// Whether `rest` (what follows an `&`) reads as an entity: `amp;`, `#38;`, `#x26;`.
fn starts_entity(rest: &str) -> bool {
    let name_len = rest.bytes().take(32).take_while(|b| b.is_ascii_alphanumeric() || *b == b'#').count();
    name_len > 0 && rest.as_bytes().get(name_len) == Some(&b';')
}

/// How many bytes of `word` (the first word of a line, after any block prefix) to put after a
/// backslash so that the line does not open a block: `#` headings, `>` quotes, `-`/`+`/`*`
/// bullets and rules, `1.` ordered items, `===`/`---` heading underlines. `None` when the word
/// opens nothing.
pub fn line_start(word: &str) -> Option<usize> {
    let bytes = word.as_bytes();
    let first = *bytes.first()?;
    let all = |b: u8| bytes.iter().all(|&c| c == b);
    match first {
        b'#' if bytes.len() <= 6 && all(b'#') => Some(0),
        b'>' => Some(0),
        // Alone, these are bullets (`* * *` and `_ _ _` rules); in runs the inline escapes
        // catch them.
        b'+' | b'*' | b'_' if bytes.len() == 1 => Some(0),
        // `-` alone is a bullet; a run of them a rule or an underline. (`*` is escaped inline.)
        b'-' if all(b'-') => Some(0),
        b'=' if all(b'=') => Some(0),
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            let ordered = digits <= 9 && bytes.len() == digits + 1 && matches!(bytes[digits], b'.' | b')');
            ordered.then_some(digits)
        }
        _ => None,
    }
}

/// Appends a whole line of text (a text capture's), escaped: leading white space dropped (four
/// spaces would make code), block openers at its start and markup inside it.
pub fn line(text: &str, out: &mut String) {
    let text = text.trim_start();
    let first_word = text.split_whitespace().next().unwrap_or("");
    let mut rest = text;
    if let Some(at) = line_start(first_word) {
        out.push_str(&text[..at]);
        out.push('\\');
        rest = &text[at..];
    }
    if is_delimiter_row(text) {
        // `|---|---|` under a line with a pipe would make a table.
        out.push_str(&rest.replace('|', "\\|"));
        return;
    }
    let before = text[..text.len() - rest.len()].chars().next_back();
    inline(rest, before, None, Context::default(), out);
}

/// Whether `text` reads as a GFM table's delimiter row (`| --- | :-: |`).
fn is_delimiter_row(text: &str) -> bool {
    text.contains('|') && text.contains('-') && text.bytes().all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped_line(text: &str) -> String {
        let mut out = String::new();
        line(text, &mut out);
        out
    }

    #[test]
    fn leaves_text_that_is_no_markup_alone() {
        for text in [
            "snake_case and C# and a - b",
            "2 * 3 = 6",
            "see [1] and [note]",
            "AT&T, 5 < 6, a \\ b",
            "Mr. Smith",
            "#hashtag",
            "2023 was a year.",
            "-5 degrees",
        ] {
            assert_eq!(escaped_line(text), text);
        }
    }

    #[test]
    fn escapes_what_would_be_markup() {
        for (text, expected) in [
            ("# not a heading", "\\# not a heading"),
            ("1. not a list", "1\\. not a list"),
            ("- not a bullet", "\\- not a bullet"),
            ("> not a quote", "\\> not a quote"),
            ("---", "\\---"),
            ("*stars* and _under_", "\\*stars\\* and \\_under\\_"),
            ("~~gone~~", "\\~\\~gone\\~\\~"),
            ("a `tick`", "a \\`tick\\`"),
            ("a <b>tag</b>", "a \\<b>tag\\</b>"),
            ("&amp; is an entity", "\\&amp; is an entity"),
            ("[a](b) [c]: d", "[a\\](b) [c\\]: d"),
            ("    indented", "indented"),
            ("| --- | --- |", "\\| --- \\| --- \\|"),
            ("ends in \\", "ends in \\\\"),
        ] {
            assert_eq!(escaped_line(text), expected, "{text}");
        }
    }

    #[test]
    fn cells_and_link_texts_escape_their_ends() {
        let mut out = String::new();
        inline("a|b [c]", None, None, Context { in_cell: true, in_link: false }, &mut out);
        assert_eq!(out, "a\\|b [c]");
        out.clear();
        inline("a|b [c]", None, None, Context { in_cell: false, in_link: true }, &mut out);
        assert_eq!(out, "a|b \\[c\\]");
    }
}
