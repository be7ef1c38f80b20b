//! Counting words: whitespace-separated tokens that hold at least one letter or digit.
//!
//! Every line of every capture is counted, so this is on the hot path. Text goes 64 bytes at a
//! time as bit masks, one bit a byte for "space" and for "letter or digit" (the last, short
//! block padded with spaces). ASCII bytes are classed all at once; a non-ASCII char is looked up
//! in the Unicode tables and classed at its first byte, its other bytes counting as punctuation
//! (which changes nothing).

/// Byte classes for ASCII: bit 0 white space, bit 1 letter or digit.
#[cfg(not(target_arch = "x86_64"))]
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

/// Words in `text`: tokens between white space that hold at least one letter or digit, so a
/// lone `—` or `|` is not a word.
pub fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut counter = Counter { words: 0, after_space: true };
    let mut i = 0;
    while i < bytes.len() {
        // The last, short block is padded with spaces, which start no word.
        let mut padded = [b' '; BLOCK];
        let block: &[u8; BLOCK] = match bytes.get(i..i + BLOCK) {
            Some(block) => block.try_into().expect("a 64-byte block"),
            None => {
                padded[..bytes.len() - i].copy_from_slice(&bytes[i..]);
                &padded
            }
        };
        let (mut space, mut alnum, mut high) = ascii_masks(block);
        while high != 0 {
            let at = high.trailing_zeros() as usize;
            high &= high - 1;
            // Continuation bytes stay unclassed; a char is classed at its lead byte.
            if block[at] & 0xc0 == 0x80 {
                continue;
            }
            let c = text[i + at..].chars().next().expect("a lead byte starts a char");
            let (is_space, is_alnum) = classify(c);
            space |= (is_space as u64) << at;
            alnum |= (is_alnum as u64) << at;
        }
        counter.block(space, alnum);
        i += BLOCK;
    }
    counter.words
}

/// The running count, and whether the last byte that was a space or a letter was a space
/// (true at the start): a letter or digit seen in that state starts a new word.
struct Counter {
    words: usize,
    after_space: bool,
}

impl Counter {
    /// Counts one block of 64 ASCII bytes from its space and letter-or-digit masks.
    fn block(&mut self, space: u64, alnum: u64) {
        let punct = !(space | alnum);
        // Bytes right after a space (bit 0: right after the previous block's state).
        let after = (space << 1) | self.after_space as u64;
        // A run of punctuation that follows a space passes that on to the byte after the run
        // (`"Hello` starts a word at `H`): adding the run's first bit carries through it.
        let through_punct = punct.wrapping_add(after & punct) & !punct;
        self.words += (alnum & (after | through_punct)).count_ones() as usize;
        let significant = space | alnum;
        if significant != 0 {
            let last = 63 - significant.leading_zeros();
            self.after_space = space >> last & 1 == 1;
        }
    }
}

/// Whether a non-ASCII char is white space, and whether it is a letter or digit. The general
/// punctuation block (dashes, curly quotes, odd spaces), the most common non-ASCII chars in
/// English text, is answered without the Unicode tables.
fn classify(c: char) -> (bool, bool) {
    match c {
        '\u{2000}'..='\u{206f}' => (c.is_whitespace(), false),
        _ => (c.is_whitespace(), c.is_alphanumeric()),
    }
}

/// The masks of a block's ASCII spaces, ASCII letters and digits, and non-ASCII bytes.
#[cfg(target_arch = "x86_64")]
fn ascii_masks(block: &[u8; BLOCK]) -> (u64, u64, u64) {
    use std::arch::x86_64::*;
    let mut space = 0u64;
    let mut alnum = 0u64;
    let mut high = 0u64;
    for lane in 0..4 {
        // SAFETY: SSE2 is part of the x86_64 baseline, and each load reads 16 bytes inside
        // `block` (unaligned loads are allowed).
        unsafe {
            let v = _mm_loadu_si128(block.as_ptr().add(lane * 16) as *const __m128i);
            let is = |b: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8));
            // Signed compares: bytes >= 0x80 are negative and fall outside every range.
            let within = |x: __m128i, lo: u8, hi: u8| {
                _mm_and_si128(
                    _mm_cmpgt_epi8(x, _mm_set1_epi8(lo as i8 - 1)),
                    _mm_cmplt_epi8(x, _mm_set1_epi8(hi as i8 + 1)),
                )
            };
            // Setting bit 5 folds A-Z onto a-z and sends no other byte into a-z.
            let letter = within(_mm_or_si128(v, _mm_set1_epi8(0x20)), b'a', b'z');
            let s = _mm_or_si128(is(b' '), within(v, 0x09, 0x0d));
            let a = _mm_or_si128(letter, within(v, b'0', b'9'));
            let shift = lane * 16;
            space |= (_mm_movemask_epi8(s) as u32 as u64) << shift;
            alnum |= (_mm_movemask_epi8(a) as u32 as u64) << shift;
            high |= (_mm_movemask_epi8(v) as u32 as u64) << shift;
        }
    }
    (space, alnum, high)
}

#[cfg(not(target_arch = "x86_64"))]
fn ascii_masks(block: &[u8; BLOCK]) -> (u64, u64, u64) {
    let (mut space, mut alnum, mut high) = (0u64, 0u64, 0u64);
    for (j, &b) in block.iter().enumerate() {
        let class = ASCII_CLASS.get(b as usize).copied().unwrap_or(0) as u64;
        space |= (class & 1) << j;
        alnum |= (class >> 1) << j;
        high |= ((b >= 0x80) as u64) << j;
    }
    (space, alnum, high)
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

    #[test]
    fn blocks_agree_with_the_definition() {
        let pieces = [
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
        ];
        // A small deterministic generator: every mix of pieces across block edges.
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..4000 {
            let mut text = String::new();
            for _ in 0..(seed % 40) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            assert_eq!(count_words(&text), reference(&text), "{text:?}");
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
}
