//! Dates as editors write them: a year, a month or a day (`2018`, `2020-10`,
//! `2021-10-07`). Sources often give only a year or month; we never invent
//! the missing part.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A date known to year, month or day precision. Ordering compares the known
/// parts, so `2020` sorts before `2020-10`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// The year, four digits.
    pub year: u16,
    /// The month, 1 to 12, when the source gives it.
    pub month: Option<u8>,
    /// The day of the month, when the source gives it (never without a
    /// month).
    pub day: Option<u8>,
}

impl PartialDate {
    /// Reads `2018`, `2020-10` or `2021-10-07`; a month or day that does
    /// not exist is an error, in Dutch, for the editor.
    pub fn parse(s: &str) -> Result<PartialDate, String> {
        let parts: Vec<&str> = s.trim().split('-').collect();
        let num = |p: &str, what: &str| -> Result<u32, String> {
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("`{s}` heeft geen geldig {what}"));
            }
            p.parse::<u32>()
                .map_err(|_| format!("`{s}` heeft geen geldig {what}"))
        };
        if parts.is_empty() || parts.len() > 3 || parts[0].len() != 4 {
            return Err(format!("`{s}` is geen datum"));
        }
        let year = num(parts[0], "jaar")?;
        let month = match parts.get(1) {
            Some(m) => {
                let m = num(m, "maandnummer")?;
                if !(1..=12).contains(&m) {
                    return Err(format!("maand {m} bestaat niet"));
                }
                Some(m as u8)
            }
            None => None,
        };
        let day = match parts.get(2) {
            Some(d) => {
                let d = num(d, "dagnummer")?;
                let max = days_in_month(year, month.unwrap_or(1));
                if !(1..=max).contains(&d) {
                    return Err(format!("dag {d} bestaat niet in die maand"));
                }
                Some(d as u8)
            }
            None => None,
        };
        Ok(PartialDate {
            year: year as u16,
            month,
            day,
        })
    }

    /// Machine form for `<time datetime>` and open data.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// Months since year 0, taking the first month when it is unknown; used
    /// for durations and time axes.
    pub fn month_index(&self) -> i32 {
        self.year as i32 * 12 + self.month.map_or(0, |m| m as i32 - 1)
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
                f.write_str("a date as YYYY, YYYY-MM or YYYY-MM-DD")
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
    fn orders_by_known_parts() {
        let a = PartialDate::parse("2020").unwrap();
        let b = PartialDate::parse("2020-10").unwrap();
        let c = PartialDate::parse("2021-01-01").unwrap();
        assert!(a < b && b < c);
    }
}
