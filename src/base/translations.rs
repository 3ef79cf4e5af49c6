//! The words of the interface as every stage uses them: one language's
//! strings ([`Translations`]), `{name}` filling and numbers and dates as the
//! language writes them. Loading and checking a theme's `i18n/` files is
//! the theme's work (`theme::translations`).
//!
//! Each file is a flat map of keys to strings. `{name}` marks a value filled
//! in at render time; keys ending in `_one` / `_other` are the singular and
//! plural of a count; keys ending in `_html` may hold markup. The default
//! language (`nl`) is the reference: every other language must have exactly
//! its keys, and both must have every key the code and the templates use.

use crate::base::model::PartialDate;
use std::collections::BTreeMap;

/// The language whose file every other language is checked against.
pub const DEFAULT_LANGUAGE: &str = "nl";

/// One language's strings.
#[derive(Debug, Clone, Default)]
pub struct Translations {
    /// The language code, as in `<html lang>`.
    pub language: String,
    strings: BTreeMap<String, String>,
}

impl Translations {
    /// The strings of `language`, by key.
    pub fn new(language: impl Into<String>, strings: BTreeMap<String, String>) -> Self {
        Translations {
            language: language.into(),
            strings,
        }
    }

    /// The string for `key`. A missing key was reported when the theme was
    /// loaded; showing the key then beats failing the page.
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings.get(key).map_or(key, String::as_str)
    }

    /// The string for `key` with each `{name}` replaced.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.text(key), args)
    }

    /// `key_one` or `key_other` for `n`, with `{n}` as a formatted number.
    pub fn count(&self, key: &str, n: u64) -> String {
        let which = if n == 1 { "one" } else { "other" };
        let k = format!("{key}_{which}");
        fill(self.text(&k), &[("n", &self.number(n as f64))])
    }

    /// A number as the language writes it: "1.234" and "11,9" in Dutch.
    pub fn number(&self, n: f64) -> String {
        format_number(n, self.text("number_group"), self.text("number_decimal"))
    }

    /// A date to the precision it is known: "2018", "oktober 2020",
    /// "7 oktober 2021", and "13 juni" when the year is not known.
    pub fn date(&self, d: PartialDate) -> String {
        let year = d.year.map(|y| y.to_string()).unwrap_or_default();
        match (d.month, d.day) {
            (Some(m), day) => {
                let month = self.text(MONTH_KEYS[(m as usize).clamp(1, 12) - 1]);
                match day {
                    Some(day) if d.year.is_none() => fill(
                        self.text("date_day_no_year"),
                        &[("day", &day.to_string()), ("month", month)],
                    ),
                    None if d.year.is_none() => month.to_string(),
                    Some(day) => fill(
                        self.text("date_day"),
                        &[("day", &day.to_string()), ("month", month), ("year", &year)],
                    ),
                    None => fill(
                        self.text("date_month"),
                        &[("month", month), ("year", &year)],
                    ),
                }
            }
            (None, _) => year,
        }
    }

    /// Every key of this language, in sorted order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.strings.keys().map(String::as_str)
    }

    /// `true` when this language has a string for `key`.
    pub fn contains(&self, key: &str) -> bool {
        self.strings.contains_key(key)
    }

    /// The `t` map every template gets.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Object(
            self.strings
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect(),
        )
    }
}

const MONTH_KEYS: [&str; 12] = [
    "month_1", "month_2", "month_3", "month_4", "month_5", "month_6", "month_7", "month_8",
    "month_9", "month_10", "month_11", "month_12",
];

/// Replaces each `{name}` in `text` by its value; unknown names stay.
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    // One pass over the text: a value is put in as it is, so a `{name}`
    // inside a value (an editor's title) is never filled in itself.
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let arg = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, value)| (close, value))
        });
        match arg {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `1234.5` -> `"1.234,5"` with `group` "." and `decimal` ","; one decimal
/// at most, none for whole numbers.
pub fn format_number(n: f64, group: &str, decimal: &str) -> String {
    // Numbers also come from editors' `extra:` fields, so any f64 may get
    // here: a huge one must not overflow an integer, `.inf` not panic.
    if !n.is_finite() {
        return n.to_string();
    }
    let rounded = (n * 10.0).round() / 10.0;
    let whole = rounded.trunc();
    let frac = ((rounded - whole).abs() * 10.0).round() as i64;
    // Integer formatting is several times quicker than a float's, and
    // exact below 2^53.
    let digits = if whole.abs() < 9.0e15 {
        (whole.abs() as u64).to_string()
    } else {
        format!("{:.0}", whole.abs())
    };
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push_str(group);
        }
        grouped.push(c);
    }
    let sign = if rounded < 0.0 { "-" } else { "" };
    if frac == 0 {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{decimal}{frac}")
    }
}

/// Keys the Rust code asks for by name (the templates' keys are found in
/// the templates themselves). Counts (`count`) need `_one` and `_other`.
pub const CODE_KEYS: &[&str] = &[
    "number_group",
    "number_decimal",
    "date_day",
    "status_as_of",
    "source_mark",
    "date_day_no_year",
    "term_until",
    "homes_share",
    "homes_share_short",
    "figure_share_regions",
    "agreement",
    "earlier_description",
    "earlier_crumb",
    "offer_within_months_one",
    "offer_within_months_other",
    "unconfirmed",
    "date_month",
    "month_1",
    "month_2",
    "month_3",
    "month_4",
    "month_5",
    "month_6",
    "month_7",
    "month_8",
    "month_9",
    "month_10",
    "month_11",
    "month_12",
    "nav_regions",
    "nav_route",
    "nav_compare",
    "nav_themes",
    "nav_lessons",
    "nav_partners",
    "crumb_home",
    "unknown",
    "answer_yes",
    "answer_no",
    "figure_regions",
    "figure_signed",
    "figure_partners",
    "figure_homes",
    "region_count_one",
    "region_count_other",
    "document_external",
    "document_file",
    "size_bytes",
    "size_kb",
    "size_mb",
    "covenant_title",
    "covenant_title_unnamed",
    "covenant_description",
    "themes_title",
    "themes_description",
    "lessons_title",
    "lessons_description",
    "search_title",
    "search_description",
    "partners_title",
    "partners_description",
    "not_found_title",
    "alias_title",
    "alias_body",
    "period_range",
    "period_from",
    "period_to",
    "compare_title",
    "compare_description",
    "compare_theme_title",
    "compare_document",
    "data_title",
    "data_description",
    "data_field_extra",
    "data_column_description",
    "chart_note_highest",
    "chart_note_first",
    "chart_homes_title",
    "chart_homes_label",
    "chart_homes_empty",
    "chart_per_inhabitants_title",
    "chart_per_inhabitants_label",
    "chart_per_inhabitants_empty",
    "chart_process_title",
    "chart_process_label",
    "chart_process_empty",
    "route_title",
    "route_description",
    "step_title",
    "checklist_title",
    "checklist_description",
    "duration_months_one",
    "duration_months_other",
    "duration_years_one",
    "duration_years_other",
    "duration_years_months",
    "duration_single",
    "duration_range",
    "feed_region_summary",
    "feed_covenant_unnamed",
    "feed_covenant_summary",
];

/// The keys the ground floor's own code and the model's values ask for:
/// [`CODE_KEYS`] and a label for each kind, status and partner kind. The
/// stages above add their own (see `draaiboek::translation_keys`).
pub fn base_keys() -> Vec<String> {
    use crate::base::model::{CovenantKind, CovenantStatus, PartnerKind};
    let mut keys: Vec<String> = CODE_KEYS.iter().map(|k| k.to_string()).collect();
    keys.extend(CovenantKind::ALL.iter().map(|k| k.key().to_string()));
    keys.extend(crate::base::model::TargetGroup::ALL.iter().map(|g| g.key()));
    keys.extend(CovenantStatus::ALL.iter().map(|s| s.key().to_string()));
    for k in PartnerKind::ALL {
        keys.push(k.key().to_string());
        keys.push(k.plural_key().to_string());
        keys.push(format!("{}_one", k.count_key()));
        keys.push(format!("{}_other", k.count_key()));
    }
    keys
}

/// Key of a comparison field's description on the open data page.
pub fn field_key(path: &str) -> String {
    format!("field_{}", path.replace('.', "_"))
}

/// Key of a default comparison column's heading.
pub fn column_key(path: &str) -> String {
    format!("column_{}", path.replace('.', "_"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(lang: &str, pairs: &[(&str, &str)]) -> Translations {
        Translations::new(
            lang,
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn numbers_group_per_language() {
        assert_eq!(format_number(178.0, ".", ","), "178");
        assert_eq!(format_number(1234.0, ".", ","), "1.234");
        assert_eq!(format_number(1234.0, ",", "."), "1,234");
        assert_eq!(format_number(1234567.0, ".", ","), "1.234.567");
        assert_eq!(format_number(11.86, ".", ","), "11,9");
        assert_eq!(format_number(11.86, ",", "."), "11.9");
        assert_eq!(format_number(-1234.0, ".", ","), "-1.234");
        assert_eq!(format_number(0.04, ".", ","), "0");
        assert_eq!(format_number(-0.5, ".", ","), "-0,5");
        assert_eq!(format_number(1e20, ".", ","), "100.000.000.000.000.000.000");
    }

    #[test]
    fn fill_puts_each_value_in_once() {
        let args = [("n", "3"), ("name", "{n} & co")];
        assert_eq!(fill("{n} van {name}: {n}", &args), "3 van {n} & co: 3");
        // Unknown names, lone and unclosed braces stay as written.
        assert_eq!(fill("{x} { {n", &args), "{x} { {n");
        assert_eq!(fill("{{n}}", &args), "{3}");
        assert_eq!(fill("geen", &[]), "geen");
    }

    #[test]
    fn dates_use_the_month_names_of_the_file() {
        let en = t(
            "en",
            &[
                ("month_10", "October"),
                ("date_day", "{day} {month} {year}"),
                ("date_month", "{month} {year}"),
            ],
        );
        let d = |s: &str| PartialDate::parse(s).unwrap();
        assert_eq!(en.date(d("2021-10-07")), "7 October 2021");
        assert_eq!(en.date(d("2021-10")), "October 2021");
        assert_eq!(en.date(d("2021")), "2021");
    }

    #[test]
    fn missing_keys_show_the_key_never_panic() {
        let e = t("en", &[]);
        assert_eq!(e.text("nope"), "nope");
        assert_eq!(e.count("x", 2), "x_other");
    }
}
