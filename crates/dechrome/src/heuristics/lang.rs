//! Telling prose from chrome by its function words, in the languages most captures are in.
//!
//! Prose is full of short function words ("the", "of", "und", "que"); menus, link lists and
//! headlines have few. A capture's language is the one whose list covers most of its longer
//! lines' words.

use std::sync::LazyLock;

/// A language, by ISO 639-1 code, with its commonest function words (lowercase).
struct Language {
    code: &'static str,
    words: &'static [&'static str],
}

const LANGUAGES: &[Language] = &[
    Language {
        code: "en",
        words: &[
            "a", "about", "after", "all", "also", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can",
            "could", "for", "from", "had", "has", "have", "he", "her", "his", "if", "in", "into", "is", "it", "its",
            "more", "not", "of", "on", "or", "our", "she", "so", "than", "that", "the", "their", "there", "they",
            "this", "to", "was", "we", "were", "what", "when", "which", "who", "will", "with", "would", "you",
        ],
    },
    Language {
        code: "de",
        words: &[
            "als", "am", "an", "auch", "auf", "aus", "bei", "das", "dass", "dem", "den", "der", "des", "die", "durch",
            "ein", "eine", "einem", "einen", "einer", "es", "für", "hat", "ich", "im", "in", "ist", "mit", "nach",
            "nicht", "noch", "nur", "oder", "sich", "sie", "sind", "so", "um", "und", "von", "vor", "war", "werden",
            "wie", "wird", "wir", "zu", "zum", "zur",
        ],
    },
    Language {
        code: "fr",
        words: &[
            "à", "au", "aux", "avec", "ce", "cette", "dans", "de", "des", "du", "elle", "en", "est", "et", "il", "ils",
            "je", "la", "le", "les", "leur", "mais", "ne", "nous", "on", "ont", "ou", "par", "pas", "plus", "pour",
            "qu", "que", "qui", "sa", "se", "ses", "son", "sont", "sur", "un", "une", "été", "être",
        ],
    },
    Language {
        code: "es",
        words: &[
            "a", "al", "como", "con", "de", "del", "el", "en", "es", "está", "este", "esta", "fue", "ha", "la", "las",
            "le", "lo", "los", "más", "no", "para", "pero", "por", "que", "se", "sin", "sobre", "su", "sus", "un",
            "una", "y", "ya",
        ],
    },
    Language {
        code: "it",
        words: &[
            "al", "alla", "anche", "che", "con", "da", "dal", "del", "della", "di", "e", "è", "gli", "ha", "i", "il",
            "in", "la", "le", "lo", "ma", "nel", "nella", "non", "per", "più", "si", "sono", "su", "sua", "suo", "un",
            "una", "uno",
        ],
    },
    Language {
        code: "pt",
        words: &[
            "a", "ao", "as", "com", "como", "da", "das", "de", "do", "dos", "e", "é", "em", "foi", "mais", "mas", "na",
            "nas", "no", "não", "nos", "o", "os", "para", "pela", "pelo", "por", "que", "se", "sua", "seu", "um",
            "uma",
        ],
    },
    Language {
        code: "nl",
        words: &[
            "aan", "als", "bij", "dat", "de", "die", "dit", "door", "een", "en", "er", "het", "heeft", "hij", "in",
            "is", "je", "met", "niet", "nog", "of", "om", "ook", "op", "te", "tot", "uit", "van", "voor", "was",
            "werd", "wordt", "ze", "zijn",
        ],
    },
];

/// Every function word, packed into a `u64` (its UTF-8 bytes, little-endian: none is longer
/// than 8 bytes), with one bit for each language that has it.
static WORDS: LazyLock<WordTable> = LazyLock::new(|| {
    let mut table = WordTable { slots: vec![(0, 0); WordTable::SLOTS] };
    for (i, language) in LANGUAGES.iter().enumerate() {
        for word in language.words {
            table.insert(pack(word.as_bytes()), 1 << i);
        }
    }
    table
});

/// A word of up to 8 bytes as one number.
fn pack(bytes: &[u8]) -> u64 {
    let mut buffer = [0u8; 8];
    buffer[..bytes.len()].copy_from_slice(bytes);
    u64::from_le_bytes(buffer)
}

/// An open-addressing table of packed words: a lookup is one multiply and, mostly, one probe.
/// Every prose token is looked up, so this is on the heuristics' hot path.
struct WordTable {
    /// (packed word, languages); a packed word is never 0, so 0 marks an empty slot.
    slots: Vec<(u64, u8)>,
}

impl WordTable {
    /// A power of two, several times the number of function words.
    const SLOTS: usize = 2048;

    fn slot(word: u64) -> usize {
        (word.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - Self::SLOTS.trailing_zeros())) as usize
    }

    fn insert(&mut self, word: u64, languages: u8) {
        let mut i = Self::slot(word);
        while self.slots[i].0 != 0 && self.slots[i].0 != word {
            i = (i + 1) % Self::SLOTS;
        }
        self.slots[i].0 = word;
        self.slots[i].1 |= languages;
    }

    fn get(&self, word: u64) -> u8 {
        let mut i = Self::slot(word);
        loop {
            match self.slots[i] {
                (0, _) => return 0,
                (w, languages) if w == word => return languages,
                _ => i = (i + 1) % Self::SLOTS,
            }
        }
    }
}

/// A language's function words, ready to look up.
#[derive(Debug, Clone, Copy)]
pub struct Stopwords {
    index: usize,
}

impl Stopwords {
    pub fn code(self) -> &'static str {
        LANGUAGES[self.index].code
    }

    /// Share of the tokens of `text` that are function words.
    pub fn density(self, text: &str) -> f64 {
        let (hits, total) = count(text);
        hits[self.index] as f64 / total.max(1) as f64
    }
}

/// Bytes in the longest function word: longer tokens need no lowercasing or lookup.
const LONGEST_WORD: usize = 6;

/// Counts the word tokens (runs of letters and digits) of `text`, and for each language those
/// that are its function words. The tokens come from one vectorised walk over the bytes; only
/// the short ones are lowercased and looked up.
fn count(text: &str) -> ([usize; LANGUAGES.len()], usize) {
    let words = &*WORDS;
    // Function words found, by the set of languages that have them: summed per language at the
    // end, not per word.
    let mut by_languages = [0u32; 1 << LANGUAGES.len()];
    let mut total = 0;
    crate::words::for_each_alnum_run(text, |start, end| {
        total += 1;
        if end - start <= LONGEST_WORD {
            if let Some(token) = lowercase_packed(text, start..end) {
                by_languages[words.get(token) as usize] += 1;
            }
        }
    });
    let mut hits = [0; LANGUAGES.len()];
    for (languages, &n) in by_languages.iter().enumerate().skip(1).filter(|(_, &n)| n > 0) {
        for (i, hit) in hits.iter_mut().enumerate() {
            *hit += (languages >> i & 1) * n as usize;
        }
    }
    (hits, total)
}

/// The short token at `range` of `text`, lowercased and packed; `None` when lowercasing makes
/// it longer than any function word can be.
fn lowercase_packed(text: &str, range: std::ops::Range<usize>) -> Option<u64> {
    let bytes = text.as_bytes();
    let spread = u64::MAX >> (64 - 8 * range.len());
    // Most tokens have eight bytes of text from their start: read them as one word.
    let packed = match bytes.get(range.start..range.start + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().expect("eight bytes")) & spread,
        None => pack(&bytes[range.clone()]),
    };
    if packed & 0x8080_8080_8080_8080 == 0 {
        // ASCII letters and digits only: setting bit 5 lowercases a letter and keeps a digit.
        return Some(packed | (0x2020_2020_2020_2020 & spread));
    }
    let token = &text[range];
    let mut lower = [0u8; 8];
    let mut len = 0;
    for c in token.chars().flat_map(char::to_lowercase) {
        if len + c.len_utf8() > lower.len() {
            return None;
        }
        len += c.encode_utf8(&mut lower[len..]).len();
    }
    Some(pack(&lower[..len]))
}

/// Tokens a capture needs before its language is named, and enough to name it.
const MIN_TOKENS: usize = 30;
const ENOUGH_TOKENS: usize = 200;
/// Share of function words the best language needs, and how far ahead of the next it must be.
const MIN_DENSITY: f64 = 0.15;
const MIN_LEAD: f64 = 1.3;

/// The language of a sample of prose, when its function words say so clearly.
pub fn detect<'a>(sample: impl IntoIterator<Item = &'a str>) -> Option<Stopwords> {
    let mut hits = [0usize; LANGUAGES.len()];
    let mut total = 0;
    for text in sample {
        let (h, t) = count(text);
        hits.iter_mut().zip(h).for_each(|(sum, h)| *sum += h);
        total += t;
        if total >= ENOUGH_TOKENS {
            break;
        }
    }
    if total < MIN_TOKENS {
        return None;
    }
    let mut order: Vec<usize> = (0..LANGUAGES.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(hits[i]));
    let (best, second) = (hits[order[0]], hits[order[1]]);
    let clear = best as f64 / total as f64 >= MIN_DENSITY && best as f64 >= second as f64 * MIN_LEAD;
    clear.then_some(Stopwords { index: order[0] })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_language_of_clear_prose() {
        let en = "The council said that it would not raise the tax this year, and the mayor agreed with the plan \
                  after a long debate in which the members of the opposition were heard at length.";
        let de = "Der Rat hat am Montag beschlossen, dass die Steuer in diesem Jahr nicht erhöht wird, und der \
                  Bürgermeister ist mit dem Plan einverstanden, nach einer langen Debatte im Rathaus der Stadt.";
        let fr = "Le conseil a décidé lundi que la taxe ne sera pas augmentée cette année, et le maire est \
                  d'accord avec le plan après un long débat dans la salle du conseil de la ville.";
        let es = "El consejo decidió el lunes que el impuesto no se subirá este año, y el alcalde está de acuerdo \
                  con el plan después de un largo debate en la sala del consejo de la ciudad.";
        for (text, code) in [(en, "en"), (de, "de"), (fr, "fr"), (es, "es")] {
            assert_eq!(detect([text]).map(Stopwords::code), Some(code), "{text}");
        }
    }

    #[test]
    fn says_nothing_about_menus_or_short_samples() {
        assert!(detect(["Home News Sport Weather Business Politics Opinion Video"]).is_none());
        assert!(detect(["The cat."]).is_none());
    }

    #[test]
    fn ascii_and_unicode_text_count_alike() {
        let ascii = "It was THE best of times, it was the worst (of) times; and we had 2 of them.";
        let (hits, total) = count(ascii);
        let (char_hits, char_total) = count(&format!("{ascii} ø"));
        assert_eq!(char_total, total + 1);
        assert_eq!(char_hits, hits);
        assert_eq!(total, 18);
    }

    /// The plain way to count: split on what is not a letter or digit, lowercase, look up.
    fn count_plainly(text: &str) -> ([usize; LANGUAGES.len()], usize) {
        let mut hits = [0; LANGUAGES.len()];
        let mut total = 0;
        for token in text.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()) {
            total += 1;
            if token.len() > LONGEST_WORD {
                continue;
            }
            let token = token.to_lowercase();
            for (i, language) in LANGUAGES.iter().enumerate() {
                hits[i] += usize::from(language.words.contains(&token.as_str()));
            }
        }
        (hits, total)
    }

    #[test]
    fn counts_as_the_plain_way_does() {
        for text in [
            "",
            "The cat and THE dog",
            "Für die Straße, été être à l'école: ÉTÉ, À, Über",
            "İİİ İ the",
            "a-b_c d'e ½ ٣ the\u{a0}and",
            "extraordinarily long tokens and the end",
            "ﬀ ﬁ the ǅ ǆ",
        ] {
            assert_eq!(count(text), count_plainly(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn counts_any_text_as_the_plain_way_does(text in "[a-zA-Z0-9 ,.'éÉàÀüÜßİıǅ½٣\u{a0}-]{0,80}") {
            proptest::prop_assert_eq!(count(&text), count_plainly(&text));
        }
    }

    #[test]
    fn prose_is_denser_in_function_words_than_headlines() {
        let en = detect(["It was the best of times, it was the worst of times, it was the age of wisdom, it was \
                          the age of foolishness, and we had everything before us, and we had nothing before us."])
        .unwrap();
        assert!(en.density("The mayor said that the plan would be put to a vote in the spring.") > 0.3);
        assert!(en.density("Mayor Unveils Ambitious Downtown Transit Plan Amid Budget Fight") < 0.15);
    }
}
