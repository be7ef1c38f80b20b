//! Normalising the dates that captures print ("Sept 9 2023", "Monday, October 2, 2023",
//! "2023-09-09T10:00:00Z", "9. Oktober 2023") to ISO 8601 calendar dates.

use regex::Regex;
use std::sync::LazyLock;

/// How to read an all-numeric date such as `03/04/2023`, which is ambiguous on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    MonthDayYear,
    DayMonthYear,
    YearMonthDay,
}

impl DateOrder {
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "mdy" => Some(DateOrder::MonthDayYear),
            "dmy" => Some(DateOrder::DayMonthYear),
            "ymd" => Some(DateOrder::YearMonthDay),
            _ => None,
        }
    }
}

/// Month names and abbreviations in English and the major European languages, lowercase.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("janvier", 1),
    ("januar", 1),
    ("enero", 1),
    ("gennaio", 1),
    ("janeiro", 1),
    ("januari", 1),
    ("february", 2),
    ("feb", 2),
    ("febr", 2),
    ("février", 2),
    ("fevrier", 2),
    ("februar", 2),
    ("febrero", 2),
    ("febbraio", 2),
    ("fevereiro", 2),
    ("februari", 2),
    ("march", 3),
    ("mar", 3),
    ("mars", 3),
    ("märz", 3),
    ("marzo", 3),
    ("março", 3),
    ("maart", 3),
    ("april", 4),
    ("apr", 4),
    ("avril", 4),
    ("abril", 4),
    ("aprile", 4),
    ("may", 5),
    ("mai", 5),
    ("mayo", 5),
    ("maggio", 5),
    ("maio", 5),
    ("mei", 5),
    ("june", 6),
    ("jun", 6),
    ("juin", 6),
    ("juni", 6),
    ("junio", 6),
    ("giugno", 6),
    ("junho", 6),
    ("july", 7),
    ("jul", 7),
    ("juillet", 7),
    ("juli", 7),
    ("julio", 7),
    ("luglio", 7),
    ("julho", 7),
    ("august", 8),
    ("aug", 8),
    ("août", 8),
    ("aout", 8),
    ("agosto", 8),
    ("augustus", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("septembre", 9),
    ("septiembre", 9),
    ("settembre", 9),
    ("setembro", 9),
    ("october", 10),
    ("oct", 10),
    ("octobre", 10),
    ("oktober", 10),
    ("octubre", 10),
    ("ottobre", 10),
    ("outubro", 10),
    ("november", 11),
    ("nov", 11),
    ("novembre", 11),
    ("noviembre", 11),
    ("novembro", 11),
    ("december", 12),
    ("dec", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("dezember", 12),
    ("diciembre", 12),
    ("dicembre", 12),
    ("dezembro", 12),
];

fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    if !(3..=10).contains(&word.chars().count()) {
        return None;
    }
    // ASCII words (most) are lowercased on the stack: ten letters at most.
    let mut ascii = [0u8; 10];
    let other;
    let lowercase = if word.is_ascii() {
        let lower = &mut ascii[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        std::str::from_utf8(lower).unwrap_or_default()
    } else {
        other = word.to_lowercase();
        other.as_str()
    };
    MONTHS.iter().find(|(name, _)| *name == lowercase).map(|&(_, n)| n)
}

static ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s,;|)]|\.(?:$|\s))").unwrap());
/// "2020年7月12日" (Chinese, Japanese), "2020년 3월 4일" (Korean).
static EAST_ASIAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]").unwrap());
static NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})([-/.])(\d{1,2})[-/.](\d{4}|\d{2})(?:$|[\s,T])").unwrap());
/// "October 2, 2023", "Sept 9 2023", "Oct. 2nd, 2023". The month is any run of letters here:
/// `\p{L}{3,10}` made the regex ten times larger and its captures slow, and every month name
/// has 3 to 10 letters, which [`month_number`] checks.
static MONTH_FIRST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\p{L}+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:$|[\s,|])").unwrap());
/// "2 October 2023", "9th Sep, 2023", "9. Oktober 2023", "2 de octubre de 2023".
static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2})(?:st|nd|rd|th|\.|er|º)?\s+(?:de\s+)?(\p{L}+\.?),?\s+(?:de\s+)?(\d{4})(?:$|[\s,|])").unwrap()
});
/// Weekday names that may stand before a date ("Monday, October 2, 2023").
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:{})(?:{})?\.?,?\s+|^(?:{}),?\s+",
        WEEKDAYS.join("|"),
        WEEKDAY_ENDINGS.join("|"),
        OTHER_WEEKDAYS.join("|")
    ))
    .unwrap()
});

/// English weekday names as they start (`tue`, `tues`), each read with one of the endings or
/// none.
const WEEKDAYS: &[&str] = &["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"];
const WEEKDAY_ENDINGS: &[&str] = &["day", "sday", "nesday", "rsday", "urday"];
/// Weekday names in French, German and Spanish.
const OTHER_WEEKDAYS: &[&str] = &[
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
];

/// A calendar date, ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Checks that the date exists (years 1900 to 2100).
    pub fn new(year: u32, month: u32, day: u32) -> Option<Date> {
        if !(1900..=2100).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        (day <= days).then_some(Date { year: year as u16, month: month as u8, day: day as u8 })
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_unix_days(days: i64) -> Date {
        // Howard Hinnant's `civil_from_days`.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date { year, month, day }
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn unix_days(self) -> i64 {
        let (month, day) = (i64::from(self.month), i64::from(self.day));
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let yoe = year.rem_euclid(400);
        let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Days from `other` to this date.
    pub fn days_from(self, other: Date) -> i64 {
        self.unix_days() - other.unix_days()
    }

    /// Today, by the system clock (UTC).
    pub fn today() -> Date {
        let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Date::from_unix_days((seconds / 86_400) as i64)
    }

    /// `YYYY-MM-DD`, written digit by digit: this runs for every date of every capture.
    pub fn iso(self) -> String {
        let (year, month, day) = (u32::from(self.year), u32::from(self.month), u32::from(self.day));
        let digits =
            [year / 1000, year / 100 % 10, year / 10 % 10, year % 10, month / 10, month % 10, day / 10, day % 10];
        let mut date = String::with_capacity(10);
        for (i, digit) in digits.into_iter().enumerate() {
            if i == 4 || i == 6 {
                date.push('-');
            }
            date.push(char::from(b'0' + digit as u8));
        }
        date
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Reads a date written in one of the common forms and returns it as `YYYY-MM-DD`.
///
/// Text after the date (a time, a time zone) is ignored. Returns `None` for anything that is
/// not a whole, valid calendar date, and for ambiguous numeric dates when `order` is not given.
pub fn normalize_date(text: &str, order: Option<DateOrder>) -> Option<String> {
    parse_date(text, order).map(Date::iso)
}

/// The date a text starts with, in one of the forms [`normalize_date`] reads.
pub fn parse_date(text: &str, order: Option<DateOrder>) -> Option<Date> {
    let text = text.trim();
    // Every form starts with a letter or a digit: most text that is no date is told by its
    // first char, before any of the regexes runs.
    let first = text.chars().next()?;
    if first.is_ascii() && !first.is_ascii_alphanumeric() {
        return None;
    }
    let text = if first.is_ascii_digit() { text } else { WEEKDAY.find(text).map_or(text, |m| &text[m.end()..]) };
    // The numeric forms start with `\d`, the month-first one with `\p{L}`.
    let (may_be_numeric, may_be_month_first) = match text.chars().next()? {
        c if c.is_ascii_digit() => (true, false),
        c if c.is_ascii_alphabetic() => (false, true),
        _ => (true, true),
    };
    if !may_be_numeric {
        // Its first word is the month, or the text is no date.
        month_number(text.split(char::is_whitespace).next()?)?;
        let c = MONTH_FIRST.captures(text)?;
        return Date::new(num(&c[3])?, month_number(&c[1])?, num(&c[2])?);
    }
    if let Some(c) = ISO.captures(text).or_else(|| EAST_ASIAN.captures(text)) {
        return Date::new(num(&c[1])?, num(&c[2])?, num(&c[3])?);
    }
    if let Some(c) = may_be_month_first.then(|| MONTH_FIRST.captures(text)).flatten() {
        return Date::new(num(&c[3])?, month_number(&c[1])?, num(&c[2])?);
    }
    if let Some(c) = DAY_FIRST.captures(text) {
        return Date::new(num(&c[3])?, month_number(&c[2])?, num(&c[1])?);
    }
    if let Some(c) = NUMERIC.captures(text) {
        let (a, b) = (num(&c[1])?, num(&c[3])?);
        let year = match num(&c[4])? {
            y if c[4].len() == 2 => 2000 + y,
            y => y,
        };
        // Day and month are written the other way round with dots only in no common locale.
        let order = match (&c[2], order) {
            (".", None | Some(DateOrder::MonthDayYear)) => Some(DateOrder::DayMonthYear),
            _ => order,
        };
        let (month, day) = month_and_day(a, b, order)?;
        return Date::new(year, month, day);
    }
    None
}

/// The first date written anywhere in `text` (a byline, a date line), tried at each word.
pub fn find_date(text: &str, order: Option<DateOrder>) -> Option<Date> {
    let mut previous = ' ';
    for (at, c) in text.char_indices() {
        let starts_word = c.is_alphanumeric() && !previous.is_alphanumeric() && previous != '.' && previous != '-';
        previous = c;
        if starts_word {
            if let Some(date) = parse_date(&text[at..], order) {
                return Some(date);
            }
        }
    }
    None
}

/// How to read the numbers of an all-numeric date (`a/b/year`) as a month and a day.
fn month_and_day(a: u32, b: u32, order: Option<DateOrder>) -> Option<(u32, u32)> {
    match order {
        Some(DateOrder::MonthDayYear) => Some((a, b)),
        Some(DateOrder::DayMonthYear) => Some((b, a)),
        Some(DateOrder::YearMonthDay) => None,
        // Unambiguous only when one side cannot be a month, or both are equal.
        None if a > 12 => Some((b, a)),
        None if b > 12 || a == b => Some((a, b)),
        None => None,
    }
}

fn num(s: &str) -> Option<u32> {
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_common_forms() {
        for (text, want) in [
            ("2023-09-09", "2023-09-09"),
            ("2023-09-09T14:03:00+02:00", "2023-09-09"),
            ("2023/9/9", "2023-09-09"),
            ("Sept 9 2023", "2023-09-09"),
            ("Sep. 9, 2023", "2023-09-09"),
            ("September 9th, 2023 10:35 am", "2023-09-09"),
            ("Monday, October 2, 2023", "2023-10-02"),
            ("9 September 2023", "2023-09-09"),
            ("9. Oktober 2023", "2023-10-09"),
            ("2 de octubre de 2023", "2023-10-02"),
            ("mardi 3 octobre 2023", "2023-10-03"),
            ("25/12/2023", "2023-12-25"),
            ("12/25/2023", "2023-12-25"),
            ("04.04.23", "2023-04-04"),
            ("03.04.2023", "2023-04-03"),
            ("Sat, 19 Oct 2019 00:04:00 +0200", "2019-10-19"),
            ("December 29th 2019", "2019-12-29"),
            ("2020年7月12日 22:00", "2020-07-12"),
            ("2020년 3월 4일", "2020-03-04"),
            ("2020.03.04. 18:01", "2020-03-04"),
        ] {
            assert_eq!(normalize_date(text, None).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_date_or_is_ambiguous() {
        for text in [
            "",
            "date",
            "2023",
            "Sept 2023",
            "February 30, 2023",
            "Hello 9 2023",
            "03/04/2023",
            "1.5 million",
            "2019-02-29",
        ] {
            assert_eq!(normalize_date(text, None), None, "{text}");
        }
    }

    #[test]
    fn an_explicit_order_settles_numeric_dates() {
        assert_eq!(normalize_date("03/04/2023", Some(DateOrder::DayMonthYear)).as_deref(), Some("2023-04-03"));
        assert_eq!(normalize_date("03/04/2023", Some(DateOrder::MonthDayYear)).as_deref(), Some("2023-03-04"));
    }

    #[test]
    fn finds_a_date_inside_a_line() {
        for (text, want) in [
            ("Gespeichert von rasos am 24. Juli 2017 - 18:55", "2017-07-24"),
            ("Published on August 19, 2019 • 3 min read", "2019-08-19"),
            ("$Date: 2016/11/18 06:31:41 $", "2016-11-18"),
            ("Copyright © 19.12.2019 - 12:14 h", "2019-12-19"),
            ("Updated 2010 GMT (0410 HKT) March 14, 2021", "2021-03-14"),
        ] {
            assert_eq!(find_date(text, None).map(Date::iso).as_deref(), Some(want), "{text}");
        }
        // Numbers inside other numbers, versions and prices are no dates.
        for text in ["build v1.2.2019", "call 0800 12 2019", "ref 123.04.2019", "in 2019 and 2020"] {
            assert_eq!(find_date(text, None), None, "{text}");
        }
    }

    #[test]
    fn unix_days_are_calendar_dates() {
        assert_eq!(Date::from_unix_days(0).iso(), "1970-01-01");
        assert_eq!(Date::from_unix_days(19_783).iso(), "2024-03-01");
        assert_eq!(Date::from_unix_days(11_016).iso(), "2000-02-29");
        for days in [-1000, 0, 59, 11_016, 19_783, 40_000] {
            assert_eq!(Date::from_unix_days(days).unix_days(), days);
        }
        assert!(Date::today() > Date::new(2024, 1, 1).unwrap());
    }
}
