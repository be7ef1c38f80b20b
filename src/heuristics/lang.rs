//! Telling prose from chrome by its function words, in the languages most captures are in.
//!
//! Prose is full of short function words ("the", "of", "und", "que"); menus, link lists and
//! headlines have few. A capture's language is the one whose list covers most of its longer
//! lines' words.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
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

/// Every function word, with one bit for each language that has it.
static WORDS: LazyLock<HashMap<&'static str, u8, BuildHasherDefault<Fnv>>> = LazyLock::new(|| {
    let mut map = HashMap::default();
    for (i, language) in LANGUAGES.iter().enumerate() {
        for word in language.words {
            *map.entry(*word).or_insert(0) |= 1 << i;
        }
    }
    map
});

/// FNV-1a: function words are a few bytes long, where SipHash's setup dominates.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            hash = (hash ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A language's function words, ready to look up.
#[derive(Debug, Clone, Copy)]
pub struct Stopwords {
    index: usize,
}

impl Stopwords {
    pub fn code(&self) -> &'static str {
        LANGUAGES[self.index].code
    }

    /// Share of the tokens of `text` that are function words.
    pub fn density(&self, text: &str) -> f64 {
        let (hits, total) = count(text);
        hits[self.index] as f64 / total.max(1) as f64
    }
}

/// Counts the word tokens (letters and digits) of `text`, and for each language those that are
/// its function words.
fn count(text: &str) -> ([usize; LANGUAGES.len()], usize) {
    if text.is_ascii() {
        return count_ascii(text.as_bytes());
    }
    let mut hits = [0; LANGUAGES.len()];
    let mut total = 0;
    let mut token = String::new();
    for piece in text.split(|c: char| !c.is_alphanumeric()).filter(|p| !p.is_empty()) {
        total += 1;
        // Function words are short: longer tokens need no lowercasing or lookup.
        if piece.len() > LONGEST_WORD {
            continue;
        }
        token.clear();
        token.extend(piece.chars().flat_map(char::to_lowercase));
        add_hits(&mut hits, &token);
    }
    (hits, total)
}

/// [`count`] for ASCII text, the common case: tokens lowercased into a small buffer.
fn count_ascii(bytes: &[u8]) -> ([usize; LANGUAGES.len()], usize) {
    let mut hits = [0; LANGUAGES.len()];
    let mut total = 0;
    let mut at = 0;
    while at < bytes.len() {
        let start = at + bytes[at..].iter().take_while(|b| !b.is_ascii_alphanumeric()).count();
        let end = start + bytes[start..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if end > start {
            total += 1;
            if end - start <= LONGEST_WORD {
                let mut buffer = [0u8; LONGEST_WORD];
                let token = &mut buffer[..end - start];
                token.copy_from_slice(&bytes[start..end]);
                token.make_ascii_lowercase();
                add_hits(&mut hits, std::str::from_utf8(token).unwrap_or_default());
            }
        }
        at = end.max(start + 1);
    }
    (hits, total)
}

/// Bytes in the longest function word.
const LONGEST_WORD: usize = 6;

fn add_hits(hits: &mut [usize; LANGUAGES.len()], token: &str) {
    if let Some(&languages) = WORDS.get(token) {
        for (i, hit) in hits.iter_mut().enumerate() {
            *hit += (languages >> i & 1) as usize;
        }
    }
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
            assert_eq!(detect([text]).map(|s| s.code()), Some(code), "{text}");
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

    #[test]
    fn prose_is_denser_in_function_words_than_headlines() {
        let en = detect(["It was the best of times, it was the worst of times, it was the age of wisdom, it was \
                          the age of foolishness, and we had everything before us, and we had nothing before us."])
        .unwrap();
        assert!(en.density("The mayor said that the plan would be put to a vote in the spring.") > 0.3);
        assert!(en.density("Mayor Unveils Ambitious Downtown Transit Plan Amid Budget Fight") < 0.15);
    }
}
