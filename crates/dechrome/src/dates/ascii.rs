//! [`super::normalize_date`] for ASCII text, read by hand: the answers of its regexes, form by
//! form and in their order, without running them. In ASCII text, `\p{L}` is a letter, `\d` a
//! digit and `\s` one of `\t\n\x0b\x0c\r` and space. Each regex below is anchored at the start
//! and, but for a few optional parts, reads one way only; the comments say where it could try
//! another way, and why that way fails or gives the same answer.

use super::{month_and_day, month_number, num, ymd, DateOrder, OTHER_WEEKDAYS, WEEKDAYS, WEEKDAY_ENDINGS};

pub(super) fn normalize(text: &str, order: Option<DateOrder>) -> Option<String> {
    debug_assert!(text.is_ascii());
    let text = text.trim_matches(|c: char| is_space(c as u8));
    let first = *text.as_bytes().first()?;
    if !first.is_ascii_alphanumeric() {
        return None;
    }
    let text = match first.is_ascii_digit() {
        true => text,
        false => &text[weekday_len(text.as_bytes())..],
    };
    let first = *text.as_bytes().first()?;
    if first.is_ascii_alphabetic() {
        // Its first word is the month, or the text is no date.
        month_number(text.split(|c: char| is_space(c as u8)).next()?)?;
        let (month, day, year) = month_first(text)?;
        return ymd(year, month_number(month)?, day);
    }
    // Every form but the month-first one starts with a digit, and that one with a letter.
    if !first.is_ascii_digit() {
        return None;
    }
    if let Some((year, month, day)) = iso(text) {
        return ymd(year, month, day);
    }
    if let Some((day, month, year)) = day_first(text) {
        return ymd(year, month_number(month)?, day);
    }
    let (a, b, year) = numeric(text)?;
    let (month, day) = month_and_day(a, b, order)?;
    ymd(year, month, day)
}

/// `\s` in ASCII text.
fn is_space(b: u8) -> bool {
    b == b' ' || (0x09..=0x0d).contains(&b)
}

/// Bytes of `text` read by a regex from the start, one part after another.
struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, at: usize) -> Self {
        Reader { text, at }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// Bytes from here while `class` holds.
    fn run(&self, class: impl Fn(u8) -> bool) -> usize {
        self.text.as_bytes()[self.at..].iter().take_while(|&&b| class(b)).count()
    }

    /// `\s+`, greedy: all the white space here, at least one.
    fn spaces(&mut self) -> Option<()> {
        let n = self.run(is_space);
        self.at += n;
        (n > 0).then_some(())
    }

    /// `(\d{1,2})` followed by something that is no digit: a run of one or two digits. (After
    /// three, the two the regex takes are followed by a digit, and so is the one it would try
    /// next: no part that follows it in these regexes matches a digit.)
    fn one_or_two_digits(&mut self) -> Option<u32> {
        let n = self.run(|b| b.is_ascii_digit());
        self.take_number((1..=2).contains(&n).then_some(n)?)
    }

    /// `(\d{4})` followed by one of the `ends` or the end of the text.
    fn year(&mut self, ends: &[u8]) -> Option<u32> {
        self.number_then(4, ends)
    }

    /// `n` digits, then one of `ends` or the end of the text (which is not read).
    fn number_then(&mut self, n: usize, ends: &[u8]) -> Option<u32> {
        let digits = self.text.as_bytes().get(self.at..self.at + n)?;
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        match self.text.as_bytes().get(self.at + n) {
            Some(b) if !ends.contains(b) => None,
            _ => self.take_number(n),
        }
    }

    fn take_number(&mut self, n: usize) -> Option<u32> {
        let value = num(&self.text[self.at..self.at + n]);
        self.at += n;
        value
    }

    /// An optional literal, greedy: taken when it is there. (Not taking it leaves its first
    /// byte to the part that follows, which in these regexes never matches it.)
    fn optional(&mut self, literal: &[u8]) -> bool {
        let there = self.text.as_bytes()[self.at..].starts_with(literal);
        if there {
            self.at += literal.len();
        }
        there
    }

    /// `[-/.]`.
    fn separator(&mut self) -> Option<()> {
        matches!(self.peek(), Some(b'-' | b'/' | b'.')).then(|| self.at += 1)
    }

    /// Where `de\s+` ends, when it is here.
    fn after_de(&self) -> Option<usize> {
        let mut r = Reader::new(self.text, self.at);
        (r.optional(b"de") && r.spaces().is_some()).then_some(r.at)
    }

    /// `\p{L}+\.?`: a run of letters and a dot after it, if there is one.
    fn word(&mut self) -> Option<&'a str> {
        let start = self.at;
        let n = self.run(|b| b.is_ascii_alphabetic());
        if n == 0 {
            return None;
        }
        self.at += n;
        self.optional(b".");
        Some(&self.text[start..self.at])
    }
}

/// What may follow the year of the forms with a month word, of the numeric form, and the day
/// of the ISO form: `\s` in ASCII and some more.
const WORD_DATE_ENDS: &[u8] = b" \t\n\x0b\x0c\r,|";
const NUMERIC_ENDS: &[u8] = b" \t\n\x0b\x0c\r,";
const ISO_ENDS: &[u8] = b" \t\n\x0b\x0c\rT";

/// `^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])`: year, month, day.
fn iso(text: &str) -> Option<(u32, u32, u32)> {
    let mut r = Reader::new(text, 0);
    let year = r.number_then(4, b"-/.")?;
    r.separator()?;
    let month = r.one_or_two_digits()?;
    r.separator()?;
    let day = r.one_or_two_digits()?;
    match r.peek() {
        Some(b) if !ISO_ENDS.contains(&b) => None,
        _ => Some((year, month, day)),
    }
}

/// `^(\p{L}+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:$|[\s,|])`: month word, day, year.
fn month_first(text: &str) -> Option<(&str, u32, u32)> {
    let mut r = Reader::new(text, 0);
    let month = r.word()?;
    r.spaces()?;
    let day = r.one_or_two_digits()?;
    let _ = [b"st", b"nd", b"rd", b"th"].iter().any(|suffix| r.optional(*suffix));
    r.optional(b",");
    r.spaces()?;
    let year = r.year(WORD_DATE_ENDS)?;
    Some((month, day, year))
}

/// `^(\d{1,2})(?:st|nd|rd|th|\.|er|º)?\s+(?:de\s+)?(\p{L}+\.?),?\s+(?:de\s+)?(\d{4})(?:$|[\s,|])`:
/// day, month word, year.
fn day_first(text: &str) -> Option<(u32, &str, u32)> {
    let mut r = Reader::new(text, 0);
    let day = r.one_or_two_digits()?;
    // `º` is not ASCII.
    let _ = [&b"st"[..], b"nd", b"rd", b"th", b".", b"er"].iter().any(|suffix| r.optional(suffix));
    r.spaces()?;
    // `(?:de\s+)?` is tried first with `de` taken; without it, `de` is the month word, which
    // is no month: the date is then no date, as it is when neither way matches.
    let rest = |at: usize| -> Option<(&str, u32)> {
        let mut r = Reader::new(text, at);
        let month = r.word()?;
        r.optional(b",");
        r.spaces()?;
        // The same for the second `(?:de\s+)?`: without `de` taken, `(\d{4})` would have to
        // match at the `d`.
        if let Some(at) = r.after_de() {
            r.at = at;
        }
        Some((month, r.year(WORD_DATE_ENDS)?))
    };
    let (month, year) = r.after_de().and_then(rest).or_else(|| rest(r.at))?;
    Some((day, month, year))
}

/// `^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:$|[\s,])`: the two numbers and the year (a
/// two-digit one in this century).
fn numeric(text: &str) -> Option<(u32, u32, u32)> {
    let mut r = Reader::new(text, 0);
    let a = r.one_or_two_digits()?;
    r.separator()?;
    let b = r.one_or_two_digits()?;
    r.separator()?;
    // Four digits first, then two.
    let at = r.at;
    if let Some(year) = r.number_then(4, NUMERIC_ENDS) {
        return Some((a, b, year));
    }
    r.at = at;
    Some((a, b, 2000 + r.number_then(2, NUMERIC_ENDS)?))
}

/// The length of the weekday that starts `text`, with what follows it (a dot, a comma, white
/// space), as `WEEKDAY` finds it (ignoring case); 0 when there is none. The ways the regex
/// may match are tried in its order: each name, each ending then none, the dot taken then
/// not, the comma taken then not. The first that reaches white space matches, all of it.
fn weekday_len(text: &[u8]) -> usize {
    let starts =
        |at: usize, word: &str| text.get(at..at + word.len()).is_some_and(|b| b.eq_ignore_ascii_case(word.as_bytes()));
    let spaces_at = |at: usize| text[at.min(text.len())..].iter().take_while(|&&b| is_space(b)).count();
    let optional = |at: usize, byte: u8| [(text.get(at) == Some(&byte)).then_some(at + 1), Some(at)];
    for name in WEEKDAYS.iter().filter(|name| starts(0, name)) {
        let endings = WEEKDAY_ENDINGS.iter().filter(|e| starts(name.len(), e)).map(|e| name.len() + e.len());
        for at in endings.chain([name.len()]) {
            for at in optional(at, b'.').into_iter().flatten() {
                for at in optional(at, b',').into_iter().flatten() {
                    let spaces = spaces_at(at);
                    if spaces > 0 {
                        return at + spaces;
                    }
                }
            }
        }
    }
    // Names that are not ASCII never start ASCII text.
    for name in OTHER_WEEKDAYS.iter().filter(|name| starts(0, name)) {
        for at in optional(name.len(), b',').into_iter().flatten() {
            let spaces = spaces_at(at);
            if spaces > 0 {
                return at + spaces;
            }
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts made of date parts and near misses: half of them in the shapes of the forms, with
    /// each slot filled from a few right and wrong choices, the others in random order.
    fn texts(count: usize) -> impl Iterator<Item = String> {
        const PARTS: &[&str] = &[
            "Monday", "mon", "Tue", "tues", "THURS", "thur", "wed.", "Sat,", "sun", "Sunday", "lundi", "Montag",
            "domingo", "de", "of", "January", "jan", "Sept", "sept.", "SEP", "Mai", "mar", "maart", "octubre", "dec",
            "May", "1", "9", "12", "13", "29", "31", "123", "2023", "1999", "2100", "20234", "23", "04", "st", "nd",
            "th", "rd", "er", ".", ",", "-", "/", "|", "T", "t", " ", "  ", "\t", "\x0b", "\x1c", "x", "am", "10:35",
            "(", "Q", "sday", "nesday", "day", "0", "00",
        ];
        const WEEKDAY: &[&str] = &["", "", "Monday, ", "Tues. ", "thu ", "Samstag, ", "mon,  ", "Fri.,\t", "Sunday"];
        const MONTH: &[&str] = &["October", "Sept.", "sep", "Mai", "dec.", "Febr", "Marzo", "foo", "de", "Octobers"];
        const DAY: &[&str] = &["2", "09", "31", "30", "29", "0", "123", ""];
        const SUFFIX: &[&str] = &["", "", "st", "nd", "th", ".", "er", "ST"];
        const YEAR: &[&str] = &["2023", "1999", "2100", "1899", "23", "20234", "202"];
        const AFTER: &[&str] = &["", "", " 10:35 am", ",", "|x", "T10:00", "x", ".", "-"];
        const SPACE: &[&str] = &[" ", " ", "  ", "\t", "", "\x0b"];
        const SEPARATOR: &[&str] = &["-", "/", ".", " "];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        (0..count).map(move |_| {
            let mut pick = |from: &[&'static str]| from[(next() % from.len() as u64) as usize];
            match pick(&["month", "day", "iso", "numeric", "soup", "soup"]) {
                "month" => [
                    pick(WEEKDAY),
                    pick(MONTH),
                    pick(SPACE),
                    pick(DAY),
                    pick(SUFFIX),
                    pick(&["", ","]),
                    pick(SPACE),
                    pick(YEAR),
                    pick(AFTER),
                ]
                .concat(),
                "day" => [
                    pick(WEEKDAY),
                    pick(DAY),
                    pick(SUFFIX),
                    pick(SPACE),
                    pick(&["", "de ", "de"]),
                    pick(MONTH),
                    pick(&["", ","]),
                    pick(SPACE),
                    pick(&["", "de ", "de  "]),
                    pick(YEAR),
                    pick(AFTER),
                ]
                .concat(),
                "iso" => [pick(YEAR), pick(SEPARATOR), pick(DAY), pick(SEPARATOR), pick(DAY), pick(AFTER)].concat(),
                "numeric" => [pick(DAY), pick(SEPARATOR), pick(DAY), pick(SEPARATOR), pick(YEAR), pick(AFTER)].concat(),
                _ => {
                    let parts = 1 + next() % 7;
                    let spaced = next() % 3 != 0;
                    let mut text = String::new();
                    for _ in 0..parts {
                        text.push_str(PARTS[(next() % PARTS.len() as u64) as usize]);
                        if spaced && next() % 4 != 0 {
                            text.push(' ');
                        }
                    }
                    text
                }
            }
        })
    }

    #[test]
    fn reads_every_text_as_the_regexes_do() {
        let orders =
            [None, Some(DateOrder::MonthDayYear), Some(DateOrder::DayMonthYear), Some(DateOrder::YearMonthDay)];
        let mut dates = 0;
        for (i, text) in texts(300_000).enumerate() {
            let order = orders[i % orders.len()];
            let want = super::super::by_regex(&text, order);
            dates += want.is_some() as usize;
            assert_eq!(normalize(&text, order), want, "{text:?} {order:?}");
        }
        assert!(dates > 3_000, "the texts hold dates too: {dates}");
    }

    #[test]
    fn weekdays_end_where_the_regex_ends_them() {
        for (text, len) in [
            ("Monday, October 2", 8),
            ("TUES. 3 Oct", 6),
            ("Tues, 3 Oct", 6),
            ("tue 3", 4),
            ("Thursday.,  x", 12),
            ("Montag, 2.", 8),
            ("Mon", 0),
            ("Monsday 2", 8),
            ("Mondays 2", 0),
        ] {
            assert_eq!(weekday_len(text.as_bytes()), len, "{text:?}");
        }
    }
}
