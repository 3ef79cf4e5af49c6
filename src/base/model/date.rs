//! Dates as editors write them, as precise as the source: a year, a month
//! or a day, in ISO order (`2018`, `2020-10`, `2021-10-07`), in Dutch
//! order (`13-06-2023`, `06-2023`) or in Dutch words (`7 oktober 2021`,
//! `oktober 2021`, and `13 juni` when the source gives no year). We never
//! invent the missing part.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// The Dutch month names an editor may write, in full; the first three
/// letters (and `mrt`, `sept`) are read too.
const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// A date known to year, month or day precision, or to day and month when
/// the source gives no year. Ordering compares the known parts, so `2020`
/// sorts before `2020-10`, and a date without a year before all others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// The year, four digits; `None` only for a day and month the source
    /// gives without a year (`13 juni`).
    pub year: Option<u16>,
    /// The month, 1 to 12, when the source gives it.
    pub month: Option<u8>,
    /// The day of the month, when the source gives it (never without a
    /// month).
    pub day: Option<u8>,
}

/// The month number of a Dutch month name or its usual short form.
fn month_named(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w == "mrt" {
        return Some(3);
    }
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(w.as_str())))
        .map(|i| i as u8 + 1)
}

/// The forms an editor may write, one example each, in the order the
/// guide gives them.
const FORMS: [&str; 7] = [
    "2020",
    "oktober 2020",
    "2020-10",
    "7 oktober 2020",
    "7-10-2020",
    "2020-10-07",
    "13 juni",
];

/// A written date reduced to its form: a run of four digits becomes `Y`,
/// other digit runs `9`, letter runs `a`, so `31-06-2023` and `7-10-2020`
/// share the form `9-9-Y`, and `13-6-23` has another.
fn form_of(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.trim().chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut n = 1;
            while chars.next_if(char::is_ascii_digit).is_some() {
                n += 1;
            }
            out.push(if n == 4 { 'Y' } else { '9' });
        } else if c.is_alphabetic() {
            while chars.next_if(|c| c.is_alphabetic()).is_some() {}
            out.push('a');
        } else {
            out.push(c);
        }
    }
    out
}

/// What an editor is told after `written` was refused as a date: the forms
/// that are accepted, leaving out the one just written (its numbers were
/// wrong, not its form), and where one exists, the same date in a form
/// that is read.
pub fn hint_for(written: &str) -> (String, Option<String>) {
    let own = form_of(written);
    let forms: Vec<&str> = FORMS
        .iter()
        .copied()
        .filter(|f| form_of(f) != own)
        .collect();
    let (last, rest) = forms.split_last().unwrap_or((&"2020", &[]));
    let expected = format!("een datum als {} of {last}", rest.join(", "));
    let t = written.trim();
    // The usual slips: a slash or dot between the numbers, a time after
    // the day, a comma after the day, English order.
    let mut tries = vec![
        t.replace(['/', '.'], "-"),
        t.split('T').next().unwrap_or(t).to_string(),
        t.split(' ').next().unwrap_or(t).to_string(),
        t.replace(',', ""),
    ];
    let words: Vec<&str> = t.split_whitespace().collect();
    if let [m, d, y] = words.as_slice() {
        tries.push(format!("{} {m} {y}", d.trim_end_matches(',')));
    }
    let fix = tries
        .into_iter()
        .find(|c| c != t && PartialDate::parse(c).is_ok())
        .map(|c| format!("schrijf `{c}`"));
    let fix = fix.or_else(|| {
        // A month name that is not one is named by the message itself.
        (!own.contains('a') && FORMS.iter().any(|f| form_of(f) == own))
            .then(|| "de vorm klopt; controleer dag, maand en jaar in de bron".to_string())
    });
    (expected, fix)
}

impl PartialDate {
    /// Reads a date in any of the forms of the module documentation; a
    /// month or day that does not exist is an error, in Dutch, for the
    /// editor.
    pub fn parse(s: &str) -> Result<PartialDate, String> {
        let t = s.trim();
        if t.contains(|c: char| c.is_alphabetic()) {
            return Self::parse_words(t);
        }
        let parts: Vec<&str> = t.split('-').collect();
        let num = |p: &str, what: &str| -> Result<u32, String> {
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("`{s}` heeft geen geldig {what}"));
            }
            p.parse::<u32>()
                .map_err(|_| format!("`{s}` heeft geen geldig {what}"))
        };
        // Dutch order puts the year last: 13-06-2023, 06-2023.
        let (year, month, day) = match parts.as_slice() {
            [y] if y.len() == 4 => (*y, None, None),
            [y, m] if y.len() == 4 => (*y, Some(*m), None),
            [y, m, d] if y.len() == 4 => (*y, Some(*m), Some(*d)),
            [m, y] if y.len() == 4 && m.len() <= 2 => (*y, Some(*m), None),
            [d, m, y] if y.len() == 4 && d.len() <= 2 => (*y, Some(*m), Some(*d)),
            _ => return Err(format!("`{s}` is geen datum")),
        };
        let year = num(year, "jaar")?;
        let month = month.map(|m| num(m, "maandnummer")).transpose()?;
        let day = day.map(|d| num(d, "dagnummer")).transpose()?;
        Self::checked(s, Some(year), month, day)
    }

    /// `7 oktober 2021`, `oktober 2021`, `13 juni`.
    fn parse_words(s: &str) -> Result<PartialDate, String> {
        let words: Vec<&str> = s.split_whitespace().collect();
        let number = |w: &str| {
            w.parse::<u32>()
                .ok()
                .filter(|_| w.bytes().all(|b| b.is_ascii_digit()))
        };
        let month = |w: &str| -> Result<u32, String> {
            month_named(w).map(u32::from).ok_or_else(|| {
                let hint = crate::base::diagnostics::did_you_mean(&w.to_lowercase(), MONTHS)
                    .map(|h| format!(" ({h})"))
                    .unwrap_or_default();
                format!("`{w}` is geen maand{hint}")
            })
        };
        let year = |w: &str| {
            number(w)
                .filter(|_| w.len() == 4)
                .ok_or_else(|| format!("`{w}` is geen jaartal"))
        };
        match words.as_slice() {
            [d, m, y] if number(d).is_some() => {
                Self::checked(s, Some(year(y)?), Some(month(m)?), number(d))
            }
            [d, m] if number(d).is_some() => Self::checked(s, None, Some(month(m)?), number(d)),
            [m, y] => Self::checked(s, Some(year(y)?), Some(month(m)?), None),
            _ => Err(format!("`{s}` is geen datum")),
        }
    }

    /// The date, once its month and day are known to exist.
    fn checked(
        s: &str,
        year: Option<u32>,
        month: Option<u32>,
        day: Option<u32>,
    ) -> Result<PartialDate, String> {
        if let Some(y) = year
            && !(1000..=9999).contains(&y)
        {
            return Err(format!("`{s}` heeft geen geldig jaar"));
        }
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(format!("maand {m} bestaat niet"));
        }
        if let Some(d) = day {
            // A day without a year may be 29 February.
            let max = days_in_month(year.unwrap_or(2000), month.unwrap_or(1) as u8);
            if !(1..=max).contains(&d) {
                return Err(format!("dag {d} bestaat niet in die maand"));
            }
        }
        Ok(PartialDate {
            year: year.map(|y| y as u16),
            month: month.map(|m| m as u8),
            day: day.map(|d| d as u8),
        })
    }

    /// Machine form for `<time datetime>` and open data: `2021-10-07`,
    /// `2020-10`, `2018`, and `--06-13` for a day without a year.
    pub fn iso(&self) -> String {
        match (self.year, self.month, self.day) {
            (Some(y), Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
            (Some(y), Some(m), None) => format!("{y:04}-{m:02}"),
            (Some(y), _, _) => format!("{y:04}"),
            (None, Some(m), Some(d)) => format!("--{m:02}-{d:02}"),
            (None, Some(m), None) => format!("--{m:02}"),
            (None, None, _) => String::new(),
        }
    }

    /// The date for HTML's `<time datetime>`: as [`PartialDate::iso`], a
    /// day without a year as HTML's yearless date (`06-13`), and empty for
    /// a month without a year, which HTML has no form for.
    pub fn html(&self) -> String {
        match (self.year, self.month, self.day) {
            (None, Some(m), Some(d)) => format!("{m:02}-{d:02}"),
            (None, _, _) => String::new(),
            _ => self.iso(),
        }
    }

    /// Months since year 0, taking the first month when it is unknown; used
    /// for durations and time axes. `None` without a year.
    pub fn month_index(&self) -> Option<i32> {
        Some(self.year? as i32 * 12 + self.month.map_or(0, |m| m as i32 - 1))
    }
}

fn days_in_month(year: u32, month: u8) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

/// The forms of a date, for an editor (the JSON Schema's description).
pub const FORMS_HELP: &str = "Een datum zo precies als de bron: 2020, oktober 2020, 2020-10, 7 oktober 2020, 7-10-2020, 2020-10-07, of 13 juni als de bron geen jaar noemt.";

/// The forms [`PartialDate::parse`] reads, as a JSON Schema: a year as a
/// number (YAML reads `2018` as one), or a text in ISO order, Dutch order
/// or Dutch words. A month or day that does not exist passes the pattern;
/// the build refuses it with its own message.
impl schemars::JsonSchema for PartialDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Datum".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut months: Vec<String> = Vec::new();
        for m in MONTHS {
            let short = &m[..3];
            for w in [m, short] {
                let mut c = w.chars();
                let cap: String = c
                    .next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default();
                months.push(w.to_string());
                months.push(cap);
            }
        }
        months.extend(["mrt", "Mrt", "sept", "Sept"].map(String::from));
        months.sort();
        months.dedup();
        let month = format!("({})\\.?", months.join("|"));
        let (day, mon) = ("(0?[1-9]|[12][0-9]|3[01])", "(0?[1-9]|1[0-2])");
        let pattern = format!(
            "^(\\d{{4}}(-{mon}(-{day})?)?|({day}-)?{mon}-\\d{{4}}|{day} {month}( \\d{{4}})?|{month} \\d{{4}})$"
        );
        schemars::json_schema!({
            "anyOf": [
                { "type": "integer", "minimum": 1000, "maximum": 9999 },
                { "type": "string", "pattern": pattern }
            ]
        })
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = PartialDate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "een datum zoals 2021, 2021-10, 2021-10-07, 7-10-2021 of 7 oktober 2021",
                )
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<PartialDate, E> {
                PartialDate::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<PartialDate, E> {
                PartialDate::parse(&v.to_string()).map_err(E::custom)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<PartialDate, E> {
                PartialDate::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_renders_all_precisions() {
        assert_eq!(PartialDate::parse("2018").unwrap().iso(), "2018");
        assert_eq!(PartialDate::parse("2020-10").unwrap().iso(), "2020-10");
        assert_eq!(
            PartialDate::parse("2021-10-07").unwrap().iso(),
            "2021-10-07"
        );
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(PartialDate::parse("2020-13").is_err());
        assert!(PartialDate::parse("2021-02-29").is_err());
        assert!(PartialDate::parse("20-10").is_err());
        assert!(PartialDate::parse("oktober").is_err());
        assert!(PartialDate::parse("2024-02-29").is_ok());
    }

    #[test]
    fn reads_dutch_order_and_dutch_words() {
        let iso = |s: &str| {
            PartialDate::parse(s)
                .unwrap_or_else(|e| panic!("{s}: {e}"))
                .iso()
        };
        assert_eq!(iso("13-06-2023"), "2023-06-13");
        assert_eq!(iso("6-2023"), "2023-06");
        assert_eq!(iso("7 oktober 2021"), "2021-10-07");
        assert_eq!(iso("7 Oktober 2021"), "2021-10-07");
        assert_eq!(iso("oktober 2021"), "2021-10");
        assert_eq!(iso("13 juni"), "--06-13");
        assert_eq!(iso("13 jun. 2023"), "2023-06-13");
        assert_eq!(iso("1 mrt 2020"), "2020-03-01");
        assert_eq!(iso("29 februari"), "--02-29");
        for bad in [
            "31 juni 2023",
            "13 juin 2023",
            "juni",
            "13",
            "32-01-2023",
            "13-13-2023",
            "0 mei 2020",
            "7 oktober 21",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad} was accepted");
        }
        assert!(
            PartialDate::parse("13 juin 2023")
                .unwrap_err()
                .contains("bedoelde je `juni`?")
        );
        assert_eq!(PartialDate::parse("13 juni").unwrap().month_index(), None);
    }

    #[test]
    fn orders_by_known_parts() {
        let a = PartialDate::parse("2020").unwrap();
        let b = PartialDate::parse("2020-10").unwrap();
        let c = PartialDate::parse("2021-01-01").unwrap();
        assert!(a < b && b < c);
    }

    #[test]
    fn a_refused_date_is_never_told_its_own_form() {
        for (written, fix) in [
            ("13/06/2023", Some("schrijf `13-06-2023`")),
            ("13.06.2023", Some("schrijf `13-06-2023`")),
            ("2023-06-13T10:00", Some("schrijf `2023-06-13`")),
            ("juni 13 2023", Some("schrijf `13 juni 2023`")),
            (
                "31-06-2023",
                Some("de vorm klopt; controleer dag, maand en jaar in de bron"),
            ),
            ("zomer 2020", None),
            (
                "2020-13",
                Some("de vorm klopt; controleer dag, maand en jaar in de bron"),
            ),
            ("13-6-23", None),
        ] {
            assert!(PartialDate::parse(written).is_err(), "{written}");
            let (expected, got) = hint_for(written);
            assert_eq!(got.as_deref(), fix, "{written}");
            let listed = expected
                .trim_start_matches("een datum als ")
                .replace(" of ", ", ");
            for example in listed.split(", ") {
                assert_ne!(form_of(example), form_of(written), "{written}: {expected}");
            }
        }
        let (expected, _) = hint_for("31-06-2023");
        assert!(!expected.contains("7-10-2020"), "{expected}");
        assert!(expected.contains("7 oktober 2020"), "{expected}");
    }
}
