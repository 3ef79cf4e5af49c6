//! Numbers with a range an editor can check against the source. A covenant
//! with 2,000,000 homes a year or -5 signatories is a typo, and the
//! comparison table and charts would show it to every reader as a fact.
//!
//! The ranges are documented in docs/redactie.md (covenant); keep the two
//! in step.

use serde::Deserializer;
use serde::de::{self, Visitor};
use std::fmt;
use std::ops::RangeInclusive;

/// Organisations that sign one covenant: a region has at most a few
/// hundred.
pub const SIGNATORIES: RangeInclusive<u32> = 1..=1000;
/// Years a covenant runs; decimals allowed (a pilot of 2.5 years).
pub const TERM_YEARS: RangeInclusive<f64> = 0.1..=100.0;
/// Share of the homes that come free each year, in percent.
pub const SHARE_PERCENT: RangeInclusive<f64> = 0.0..=100.0;
/// Months within which a home is offered once someone is ready.
pub const OFFER_MONTHS: RangeInclusive<u32> = 1..=120;
/// Homes a year; the largest Dutch regions agree on a few thousand.
pub const HOMES_PER_YEAR: RangeInclusive<u32> = 0..=100_000;

/// Marks a range error in serde's message, so the YAML stage can show it
/// with its own wording (see `load::yaml`).
pub const OUT_OF_RANGE: &str = "valt buiten het bereik";

struct InRange(RangeInclusive<u32>);

impl InRange {
    fn check<E: de::Error>(&self, v: i128) -> Result<Option<u32>, E> {
        let (lo, hi) = (*self.0.start(), *self.0.end());
        if v < i128::from(lo) || v > i128::from(hi) {
            return Err(E::custom(format!(
                "{v} {OUT_OF_RANGE} {lo} tot en met {hi}"
            )));
        }
        // In range, so it fits in a u32.
        Ok(u32::try_from(v).ok())
    }
}

impl<'de> Visitor<'de> for InRange {
    type Value = Option<u32>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "een geheel getal van {} tot en met {}",
            self.0.start(),
            self.0.end()
        )
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.check(i128::from(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.check(i128::from(v))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
        self.check(i128::try_from(v).unwrap_or(i128::MAX))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
        self.check(v)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// [`InRange`] for numbers that may have decimals.
struct InRangeF(RangeInclusive<f64>);

impl InRangeF {
    fn check<E: de::Error>(&self, v: f64) -> Result<Option<f64>, E> {
        let (lo, hi) = (*self.0.start(), *self.0.end());
        if !v.is_finite() || v < lo || v > hi {
            let show = |n: f64| n.to_string().replace('.', ",");
            // "decimalen mogen" also tells the YAML stage to ask for a
            // number rather than a whole one.
            return Err(E::custom(format!(
                "{} {OUT_OF_RANGE} {} tot en met {}, decimalen mogen",
                show(v),
                show(lo),
                show(hi)
            )));
        }
        Ok(Some(v))
    }
}

impl<'de> Visitor<'de> for InRangeF {
    type Value = Option<f64>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "een getal van {} tot en met {}",
            self.0.start().to_string().replace('.', ","),
            self.0.end().to_string().replace('.', ",")
        )
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.check(v as f64)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.check(v as f64)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.check(v)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
        self.check(v as f64)
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
        self.check(v as f64)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

fn bounded<'de, D: Deserializer<'de>>(
    d: D,
    range: RangeInclusive<u32>,
) -> Result<Option<u32>, D::Error> {
    d.deserialize_option(InRange(range))
}

/// Reads `covenant.signatories`, refusing a number outside [`SIGNATORIES`].
pub fn signatories<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    bounded(d, SIGNATORIES)
}

/// Reads `covenant.term_years`, refusing a number outside [`TERM_YEARS`].
pub fn term_years<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    d.deserialize_option(InRangeF(TERM_YEARS))
}

/// Reads `covenant.homes_share_percent`, refusing a number outside
/// [`SHARE_PERCENT`].
pub fn share_percent<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    d.deserialize_option(InRangeF(SHARE_PERCENT))
}

/// Reads `covenant.offer_within_months`, refusing a number outside
/// [`OFFER_MONTHS`].
pub fn offer_months<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    bounded(d, OFFER_MONTHS)
}

/// Reads `covenant.homes_per_year`, refusing a number outside
/// [`HOMES_PER_YEAR`].
pub fn homes_per_year<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    bounded(d, HOMES_PER_YEAR)
}

#[cfg(test)]
mod tests {
    use crate::base::model::Covenant;

    fn covenant(yaml: &str) -> Result<Covenant, String> {
        serde_yaml::from_str(yaml).map_err(|e| e.to_string())
    }

    #[test]
    fn accepts_the_range_and_nothing_outside_it() {
        let c = covenant("homes_per_year: 178\nsignatories: 27\nterm_years: 10").unwrap();
        assert_eq!(
            (c.homes_per_year, c.signatories, c.term_years),
            (Some(178), Some(27), Some(10.0))
        );
        assert_eq!(covenant("homes_per_year: ~").unwrap().homes_per_year, None);
        assert_eq!(covenant("{}").unwrap().homes_per_year, None);
        let e = covenant("homes_per_year: -5").unwrap_err();
        assert!(
            e.contains("-5 valt buiten het bereik 0 tot en met 100000"),
            "{e}"
        );
        let e = covenant("signatories: 0").unwrap_err();
        assert!(e.contains("1 tot en met 1000"), "{e}");
        let e = covenant("term_years: 99999999999999999999").unwrap_err();
        assert!(
            e.contains("valt buiten het bereik 0,1 tot en met 100"),
            "{e}"
        );
        assert_eq!(covenant("term_years: 2.5").unwrap().term_years, Some(2.5));
        let e = covenant("homes_share_percent: 120").unwrap_err();
        assert!(
            e.contains("120 valt buiten het bereik 0 tot en met 100"),
            "{e}"
        );
        assert_eq!(
            covenant("homes_share_percent: 5")
                .unwrap()
                .homes_share_percent,
            Some(5.0)
        );
        let e = covenant("offer_within_months: 0").unwrap_err();
        assert!(e.contains("1 tot en met 120"), "{e}");
        let e = covenant("homes_per_year: veel").unwrap_err();
        assert!(
            e.contains("een geheel getal van 0 tot en met 100000"),
            "{e}"
        );
    }
}
