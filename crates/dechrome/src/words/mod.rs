//! Counting words: whitespace-separated tokens that hold at least one letter or digit.
//!
//! Every line of every capture is counted, so this is on the hot path. Text goes 64 bytes at a
//! time as bit masks, one bit a byte for "space" and for "letter or digit" (the last, short
//! block padded with spaces). ASCII bytes are classed all at once; a non-ASCII char is looked up
//! in the Unicode tables and classed at its first byte, its other bytes counting as punctuation
//! (which changes nothing).
//!
//! The same masks, with those of line breaks and of UTF-8 continuation bytes, give the words
//! and chars of every line of a document in one walk ([`count_lines`]), and the runs of letters
//! and digits that function words are counted from ([`for_each_alnum_run`]).

#[cfg(target_arch = "x86_64")]
mod x86;

/// Byte classes for ASCII: bit 0 white space, bit 1 letter or digit.
#[cfg(any(test, not(target_arch = "x86_64")))]
const ASCII_CLASS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_whitespace() || c == 0x0b {
            table[b] = 1;
        } else if c.is_ascii_alphanumeric() {
            table[b] = 2;
        }
        b += 1;
    }
    table
};

const BLOCK: usize = 64;

/// The instructions a walk over blocks is compiled for: it classes a block's bytes, all at once.
trait Level {
    fn byte_masks(block: &[u8; BLOCK]) -> Masks;
}

/// Runs a walk with the best [`Level`] this CPU has: `dispatch!(generic, avx512, avx2; args)`.
/// Each walk is compiled whole for each level (in `x86`), so that the mask code inlines into
/// its loop and its bit counts are single instructions where the CPU has them.
#[cfg(target_arch = "x86_64")]
macro_rules! dispatch {
    ($walk:ident, $avx512:ident, $avx2:ident; $($arg:expr),*) => {
        match x86::x86_level() {
            // SAFETY: `x86_level` found AVX-512BW, POPCNT, BMI1 and BMI2.
            x86::X86Level::Avx512 => unsafe { x86::$avx512($($arg),*) },
            // SAFETY: `x86_level` found AVX2, POPCNT, BMI1 and BMI2.
            x86::X86Level::Avx2 => unsafe { x86::$avx2($($arg),*) },
            x86::X86Level::Baseline => $walk::<x86::Sse2>($($arg),*),
        }
    };
}

#[cfg(not(target_arch = "x86_64"))]
macro_rules! dispatch {
    ($walk:ident, $avx512:ident, $avx2:ident; $($arg:expr),*) => {
        $walk::<Portable>($($arg),*)
    };
}

/// Classes bytes one at a time: for CPUs without the vector code.
#[cfg(any(test, not(target_arch = "x86_64")))]
struct Portable;

#[cfg(any(test, not(target_arch = "x86_64")))]
impl Level for Portable {
    fn byte_masks(block: &[u8; BLOCK]) -> Masks {
        portable_byte_masks(block)
    }
}

/// Words in `text`: tokens between white space that hold at least one letter or digit, so a
/// lone `—` or `|` is not a word.
pub fn count_words(text: &str) -> usize {
    dispatch!(count_words_at, count_words_avx512, count_words_avx2; text)
}

#[inline(always)]
fn count_words_at<L: Level>(text: &str) -> usize {
    let mut counter = Counter { after_space: true };
    let mut words = 0;
    for (_, masks) in blocks::<L>(text) {
        words += counter.starts(masks.space, masks.alnum).count_ones() as usize;
    }
    words
}

/// Counts the words and chars of every line of `text` (split at `\n`) in one walk, calling
/// `line(end, words, chars)` for each: `end` is the byte offset of the line's `\n`, or the
/// text's length for the last line (which may be empty).
pub fn count_lines(text: &str, line: impl FnMut(usize, usize, usize)) {
    dispatch!(count_lines_at, count_lines_avx512, count_lines_avx2; text, line);
}

#[inline(always)]
fn count_lines_at<L: Level>(text: &str, mut line: impl FnMut(usize, usize, usize)) {
    let mut counter = Counter { after_space: true };
    let (mut start, mut words, mut continuations) = (0, 0, 0);
    for (at, masks) in blocks::<L>(text) {
        // A newline is a space, so no word runs from one line into the next.
        let starts = counter.starts(masks.space, masks.alnum);
        let mut newlines = masks.newline;
        let mut from = 0;
        while newlines != 0 {
            let bit = newlines.trailing_zeros() as usize;
            newlines &= newlines - 1;
            let part = bits_from(from) & !bits_from(bit);
            words += (starts & part).count_ones() as usize;
            continuations += (masks.continuation & part).count_ones() as usize;
            let end = at + bit;
            line(end, words, end - start - continuations);
            (start, words, continuations) = (end + 1, 0, 0);
            from = bit + 1;
        }
        words += (starts & bits_from(from)).count_ones() as usize;
        continuations += (masks.continuation & bits_from(from)).count_ones() as usize;
    }
    line(text.len(), words, text.len() - start - continuations);
}

/// Calls `run(start, end)` for each run of letters and digits in `text`, in order: the tokens
/// between anything that is not a letter or digit. A non-ASCII letter or digit counts with all
/// its bytes.
pub fn for_each_alnum_run(text: &str, run: impl FnMut(usize, usize)) {
    dispatch!(for_each_alnum_run_at, for_each_alnum_run_avx512, for_each_alnum_run_avx2; text, run);
}

#[inline(always)]
fn for_each_alnum_run_at<L: Level>(text: &str, mut run: impl FnMut(usize, usize)) {
    // Whether the last byte of the previous block is part of a letter or digit, and where the
    // run that reached the end of it started.
    let mut carry = false;
    let mut open: Option<usize> = None;
    for (at, masks) in blocks::<L>(text) {
        // A char's continuation bytes (three at most) take the class of its lead byte.
        let mut alnum = masks.alnum | (u64::from(carry) & masks.continuation);
        for _ in 0..3 {
            alnum |= (alnum << 1) & masks.continuation;
        }
        carry = alnum >> 63 == 1;
        let mut from = 0;
        loop {
            if let Some(start) = open {
                let ends = !alnum & bits_from(from);
                if ends == 0 {
                    break;
                }
                let end = ends.trailing_zeros() as usize;
                run(start, at + end);
                open = None;
                from = end;
            }
            let starts = alnum & bits_from(from);
            if starts == 0 {
                break;
            }
            from = starts.trailing_zeros() as usize;
            open = Some(at + from);
        }
    }
    if let Some(start) = open {
        run(start, text.len());
    }
}

/// Bits `from..64` of a mask.
#[inline(always)]
fn bits_from(from: usize) -> u64 {
    u64::MAX.checked_shl(from as u32).unwrap_or(0)
}

/// One block's bytes by class, one bit a byte. [`Level::byte_masks`] classes the ASCII bytes;
/// [`masks`] then classes each non-ASCII char at its lead byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Masks {
    /// White space (ASCII, or the lead byte of a Unicode space).
    space: u64,
    /// Letters and digits (ASCII, or the lead byte of a Unicode one).
    alnum: u64,
    newline: u64,
    /// The lead bytes of non-ASCII chars (0xC0 and up).
    lead: u64,
    /// UTF-8 continuation bytes (0x80 to 0xBF).
    continuation: u64,
}

/// The offset and the masks of each 64-byte block of `text`, in order. An iterator rather than
/// a callback, so that the loop over blocks is compiled into each level's walk.
struct Blocks<'a, L> {
    text: &'a str,
    at: usize,
    /// [`TWO_BYTE_CLASSES`], looked up once for the walk rather than at every char.
    two_byte: &'static [u8; 0x800],
    level: std::marker::PhantomData<L>,
}

fn blocks<L: Level>(text: &str) -> Blocks<'_, L> {
    Blocks { text, at: 0, two_byte: &TWO_BYTE_CLASSES, level: std::marker::PhantomData }
}

impl<L: Level> Iterator for Blocks<'_, L> {
    type Item = (usize, Masks);

    #[inline(always)]
    fn next(&mut self) -> Option<(usize, Masks)> {
        let bytes = self.text.as_bytes();
        let at = self.at;
        if at >= bytes.len() {
            return None;
        }
        self.at += BLOCK;
        let masks = if let Some(block) = bytes.get(at..at + BLOCK) {
            masks::<L>(self.text, at, block.try_into().expect("a 64-byte block"), self.two_byte)
        } else {
            // The last, short block is padded with spaces, which start no word and end no line.
            let mut padded = [b' '; BLOCK];
            padded[..bytes.len() - at].copy_from_slice(&bytes[at..]);
            masks::<L>(self.text, at, &padded, self.two_byte)
        };
        Some((at, masks))
    }
}

/// The masks of the block of `text` at `offset` (`block`: its bytes, padded).
#[inline(always)]
fn masks<L: Level>(text: &str, offset: usize, block: &[u8; BLOCK], two_byte: &[u8; 0x800]) -> Masks {
    // Continuation bytes stay unclassed: a char is classed at its lead byte, and the vector
    // code tells the two apart, so that this loop neither visits the others nor branches on
    // which kind a byte is.
    let mut masks = L::byte_masks(block);
    let mut lead = masks.lead;
    while lead != 0 {
        let at = lead.trailing_zeros() as usize;
        lead &= lead - 1;
        let (is_space, is_alnum) = classify_at(text, offset, block, at, two_byte);
        masks.space |= u64::from(is_space) << at;
        masks.alnum |= u64::from(is_alnum) << at;
    }
    masks
}

/// Whether the last byte that was a space or a letter was a space (true at the start): a
/// letter or digit seen in that state starts a new word.
struct Counter {
    after_space: bool,
}

impl Counter {
    /// The bytes of a block that start a word, from its space and letter-or-digit masks.
    fn starts(&mut self, space: u64, alnum: u64) -> u64 {
        let punct = !(space | alnum);
        // Bytes right after a space (bit 0: right after the previous block's state).
        let after = (space << 1) | u64::from(self.after_space);
        // A run of punctuation that follows a space passes that on to the byte after the run
        // (`"Hello` starts a word at `H`): adding the run's first bit carries through it.
        let through_punct = punct.wrapping_add(after & punct) & !punct;
        let significant = space | alnum;
        if significant != 0 {
            let last = significant.ilog2();
            self.after_space = space >> last & 1 == 1;
        }
        alnum & (after | through_punct)
    }
}

/// [`classify`] for the char whose lead byte is `block[at]` (`block` is the block of `text` at
/// `offset`). Two-byte chars (Latin letters with accents, the no-break space) and the general
/// punctuation block are decoded from the block, and the two-byte ones looked up in a table:
/// they are most of the non-ASCII chars of European text. `two_byte` is [`TWO_BYTE_CLASSES`].
#[inline(always)]
fn classify_at(text: &str, offset: usize, block: &[u8; BLOCK], at: usize, two_byte: &[u8; 0x800]) -> (bool, bool) {
    let lead = block[at];
    // The block holds the char's other bytes unless it runs into the next block. (A padded last
    // block holds the text's bytes up to its end, and the text is valid UTF-8.)
    if lead < 0xe0 && at + 1 < BLOCK {
        let code = (lead as usize & 0x1f) << 6 | (block[at + 1] as usize & 0x3f);
        let class = two_byte[code];
        return (class & 1 == 1, class & 2 == 2);
    }
    if lead == 0xe2 && at + 2 < BLOCK && block[at + 1] & 0xfe == 0x80 {
        // U+2000..U+207F: no letters or digits but for U+2070..U+207F (super- and subscripts),
        // which `classify` answers.
        let code = 0x2000 | (u32::from(block[at + 1]) & 0x3f) << 6 | (u32::from(block[at + 2]) & 0x3f);
        if code < 0x2070 {
            return (char::from_u32(code).is_some_and(char::is_whitespace), false);
        }
    }
    classify(text[offset + at..].chars().next().expect("a lead byte starts a char"))
}

/// [`classify`] of every two-byte char (U+0080..U+07FF, by code point; the entries below
/// U+0080 are unused): bit 0 white space, bit 1 letter or digit.
static TWO_BYTE_CLASSES: std::sync::LazyLock<[u8; 0x800]> = std::sync::LazyLock::new(|| {
    std::array::from_fn(|code| {
        let (space, alnum) = char::from_u32(code as u32).map_or((false, false), classify);
        u8::from(space) | u8::from(alnum) << 1
    })
});

/// Whether a non-ASCII char is white space, and whether it is a letter or digit. The general
/// punctuation block (dashes, curly quotes, odd spaces), the most common non-ASCII chars in
/// English text, is answered without the Unicode tables.
fn classify(c: char) -> (bool, bool) {
    match c {
        '\u{2000}'..='\u{206f}' => (c.is_whitespace(), false),
        _ => (c.is_whitespace(), c.is_alphanumeric()),
    }
}

/// [`Level::byte_masks`] a byte at a time.
#[cfg(any(test, not(target_arch = "x86_64")))]
fn portable_byte_masks(block: &[u8; BLOCK]) -> Masks {
    let mut masks = Masks { space: 0, alnum: 0, newline: 0, lead: 0, continuation: 0 };
    for (j, &b) in block.iter().enumerate() {
        let class = u64::from(ASCII_CLASS.get(b as usize).copied().unwrap_or(0));
        masks.space |= (class & 1) << j;
        masks.alnum |= (class >> 1) << j;
        masks.newline |= u64::from(b == b'\n') << j;
        masks.lead |= u64::from(b >= 0xc0) << j;
        masks.continuation |= u64::from((0x80..0xc0).contains(&b)) << j;
    }
    masks
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition, one char at a time.
    fn reference(text: &str) -> usize {
        text.split(char::is_whitespace).filter(|token| token.chars().any(char::is_alphanumeric)).count()
    }

    #[test]
    fn words_need_a_letter_or_digit() {
        assert_eq!(count_words("a — b ... 3"), 3);
        assert_eq!(count_words(" \u{a0} | - "), 0);
        assert_eq!(count_words("  one two\tthree - ...  4th "), 4);
        assert_eq!(count_words(""), 0);
    }

    /// Texts that mix awkward pieces (spaces of every kind, punctuation, multi-byte letters,
    /// digits, line breaks) every way, across block edges: a small deterministic generator.
    fn mixes(count: usize) -> impl Iterator<Item = String> {
        const PIECES: [&str; 31] = [
            "word",
            " ",
            "  ",
            "\t",
            "\n",
            "-",
            "\"",
            "(@",
            "...",
            "é",
            "ß",
            "٣",
            "İ",
            "\u{a0}",
            "—",
            "x1",
            "|",
            "a.b",
            "\u{3000}",
            "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@",
            "                                        ",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
            "\x0b",
            "\x0c",
            "{[",
            "`~",
            "Z9",
            "’",
            "\u{2070}",
            "\u{2028}",
            "ǅ",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        (0..count).map(move |_| {
            let mut text = String::new();
            for _ in 0..(seed % 40) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
            }
            text
        })
    }

    #[test]
    fn blocks_agree_with_the_definition() {
        for text in mixes(4000) {
            assert_eq!(count_words(&text), reference(&text), "{text:?}");
            let mut lines = Vec::new();
            count_lines(&text, |end, words, chars| lines.push((end, words, chars)));
            let mut start = 0;
            let expected: Vec<_> = text
                .split('\n')
                .map(|line| {
                    let end = start + line.len();
                    start = end + 1;
                    (end, reference(line), line.chars().count())
                })
                .collect();
            assert_eq!(lines, expected, "{text:?}");
        }
    }

    /// What the three walks give for `text`: words, lines, runs of letters and digits.
    type Walked = (usize, Vec<(usize, usize, usize)>, Vec<(usize, usize)>);

    /// The walks of level `L`, as its generic code.
    fn walk<L: Level>(text: &str) -> Walked {
        let (mut lines, mut runs) = (Vec::new(), Vec::new());
        count_lines_at::<L>(text, |end, words, chars| lines.push((end, words, chars)));
        for_each_alnum_run_at::<L>(text, |start, end| runs.push((start, end)));
        (count_words_at::<L>(text), lines, runs)
    }

    #[test]
    fn every_level_walks_as_the_portable_code() {
        #[cfg(target_arch = "x86_64")]
        use super::x86::{x86_level, X86Level};
        for text in mixes(2000) {
            let want = walk::<Portable>(&text);
            #[cfg(target_arch = "x86_64")]
            {
                assert_eq!(walk::<x86::Sse2>(&text), want, "SSE2: {text:?}");
                let (mut lines, mut runs) = (Vec::new(), Vec::new());
                // The instances compiled for each level, as `dispatch!` runs them.
                let level = x86_level();
                if level == X86Level::Avx512 {
                    // SAFETY: `x86_level` found AVX-512BW, POPCNT, BMI1 and BMI2.
                    let words = unsafe {
                        x86::count_lines_avx512(&text, |e, w, c| lines.push((e, w, c)));
                        x86::for_each_alnum_run_avx512(&text, |s, e| runs.push((s, e)));
                        x86::count_words_avx512(&text)
                    };
                    assert_eq!(
                        (words, std::mem::take(&mut lines), std::mem::take(&mut runs)),
                        want,
                        "AVX-512: {text:?}"
                    );
                }
                if level != X86Level::Baseline && is_x86_feature_detected!("avx2") {
                    // SAFETY: the CPU has AVX2, and `x86_level` found POPCNT, BMI1 and BMI2.
                    let words = unsafe {
                        x86::count_lines_avx2(&text, |e, w, c| lines.push((e, w, c)));
                        x86::for_each_alnum_run_avx2(&text, |s, e| runs.push((s, e)));
                        x86::count_words_avx2(&text)
                    };
                    assert_eq!((words, lines, runs), want, "AVX2: {text:?}");
                }
            }
        }
    }

    #[test]
    fn alnum_runs_are_the_tokens_between_other_chars() {
        for text in mixes(4000) {
            let mut runs = Vec::new();
            for_each_alnum_run(&text, |start, end| runs.push(&text[start..end]));
            let expected: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).collect();
            assert_eq!(runs, expected, "{text:?}");
        }
    }

    #[test]
    fn punctuation_carries_a_space_across_block_edges() {
        // A word whose opening quote run crosses from one block into the next.
        let text = format!("{} {}word", "x".repeat(62), "\"".repeat(70));
        assert_eq!(count_words(&text), 2);
        let glued = format!("{}{}word", "x".repeat(62), "\"".repeat(70));
        assert_eq!(count_words(&glued), 1);
    }

    #[test]
    fn chars_decoded_from_the_block_are_classed_as_their_char() {
        // Every two-byte char and the general punctuation block, at every place in a block,
        // straddling its end too; and a few others that take the slow way.
        let chars = (0x80..0x800).chain(0x2000..0x2100).chain([0x3000, 0x1_f600]).filter_map(char::from_u32);
        for c in chars {
            for at in [0, 1, 31, 61, 62, 63] {
                let text = format!("{}{c}{}", "x".repeat(at), "y".repeat(BLOCK));
                let block: &[u8; BLOCK] = text.as_bytes()[..BLOCK].try_into().unwrap();
                assert_eq!(classify_at(&text, 0, block, at, &TWO_BYTE_CLASSES), classify(c), "{c:?} at {at}");
            }
        }
    }
}
