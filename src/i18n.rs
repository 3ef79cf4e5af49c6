//! The words of the interface. Every text a reader sees that is not content
//! (headings, labels, navigation, figures, dates) comes from the theme's
//! `i18n/<language>.yaml`, picked by `language:` in `site.yaml`. Content
//! written by editors is never translated, and open data keeps its stable
//! machine values whatever the language.
//!
//! Each file is a flat map of keys to strings. `{name}` marks a value filled
//! in at render time; keys ending in `_one` / `_other` are the singular and
//! plural of a count; keys ending in `_html` may hold markup. The default
//! language (`nl`) is the reference: every other language must have exactly
//! its keys, and both must have every key the code and the templates use.

use crate::base::diagnostics::{Collector, Diagnostic, did_you_mean};
use crate::base::model::PartialDate;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
    /// "7 oktober 2021".
    pub fn date(&self, d: PartialDate) -> String {
        let year = d.year.to_string();
        match (d.month, d.day) {
            (Some(m), day) => {
                let month = self.text(MONTH_KEYS[(m as usize).clamp(1, 12) - 1]);
                match day {
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

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.strings.keys().map(String::as_str)
    }

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
const CODE_KEYS: &[&str] = &[
    "number_group",
    "number_decimal",
    "date_day",
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

/// Every key the code needs, including the ones named by enums.
pub fn code_keys() -> Vec<String> {
    use crate::base::model::{CovenantKind, CovenantStatus, PartnerKind};
    use crate::resolve::Standing;
    let mut keys: Vec<String> = CODE_KEYS.iter().map(|k| k.to_string()).collect();
    keys.extend(Standing::ALL.iter().map(|s| s.key().to_string()));
    keys.extend(CovenantKind::ALL.iter().map(|k| k.key().to_string()));
    keys.extend(CovenantStatus::ALL.iter().map(|s| s.key().to_string()));
    for k in PartnerKind::ALL {
        keys.push(k.key().to_string());
        keys.push(k.plural_key().to_string());
        keys.push(format!("{}_one", k.count_key()));
        keys.push(format!("{}_other", k.count_key()));
    }
    keys.extend(crate::search::Kind::ALL.iter().map(|k| k.key().to_string()));
    keys.extend(crate::compare::FIELDS.iter().map(|f| field_key(f.0)));
    keys.extend(
        crate::compare::DEFAULT_COLUMNS
            .iter()
            .map(|c| column_key(c.0)),
    );
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

/// The languages a theme has a file for, sorted.
pub fn languages(theme_dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(theme_dir.join("i18n"))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| {
                    let name = e.file_name().into_string().ok()?;
                    name.strip_suffix(".yaml").map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// One language file, parsed; problems are pushed to `diags`.
fn read(theme_dir: &Path, label: &Path, language: &str, diags: &Collector) -> Option<Parsed> {
    let file = label.join(format!("{language}.yaml"));
    let text = match crate::base::files::read_to_string(
        &theme_dir.join("i18n").join(format!("{language}.yaml")),
    ) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::new(
                file,
                0..0,
                format!("kan niet gelezen worden: {e}"),
            ));
            return None;
        }
    };
    diags.sources.insert(&file, text.as_str());
    let map: serde_yaml::Mapping = match serde_yaml::from_str(&text) {
        Ok(serde_yaml::Value::Mapping(m)) => m,
        Ok(serde_yaml::Value::Null) => serde_yaml::Mapping::new(),
        Ok(_) => {
            diags.push(
                Diagnostic::new(
                    file,
                    0..0,
                    "een vertaalbestand moet een lijst van sleutels zijn",
                )
                .expected("regels als `sleutel: tekst`"),
            );
            return None;
        }
        Err(e) => {
            let at = e.location().map(|l| l.index().min(text.len())).unwrap_or(0);
            diags.push(
                Diagnostic::new(file, at..at, format!("geen geldige YAML: {e}"))
                    .expected("regels als `sleutel: tekst`; zet een tekst met `:` of `{` tussen aanhalingstekens"),
            );
            return None;
        }
    };
    let mut strings = BTreeMap::new();
    let mut ok = true;
    for (k, v) in map {
        let Some(key) = k.as_str().map(str::to_string) else {
            ok = false;
            diags.push(
                Diagnostic::new(file.clone(), 0..0, format!("sleutel {k:?} is geen tekst"))
                    .expected("sleutels van kleine letters, cijfers en `_`"),
            );
            continue;
        };
        // Only a key with a problem needs its place: searching the file for
        // every key would be quadratic in the number of keys.
        let span = || key_span(&text, &key);
        // Templates read `t.<key>`, so a key must be a Tera identifier.
        if key.is_empty()
            || key.starts_with(|c: char| c.is_ascii_digit())
            || !key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            ok = false;
            diags.push(
                Diagnostic::new(
                    file.clone(),
                    span(),
                    format!("sleutel `{key}` kan een template niet lezen"),
                )
                .expected("alleen kleine letters, cijfers en `_`, niet beginnend met een cijfer"),
            );
            continue;
        }
        let value = match v {
            serde_yaml::Value::String(s) => s,
            serde_yaml::Value::Number(n) => n.to_string(),
            serde_yaml::Value::Bool(b) => b.to_string(),
            _ => {
                ok = false;
                diags.push(
                    Diagnostic::new(
                        file.clone(),
                        span(),
                        format!("de waarde van `{key}` is geen tekst"),
                    )
                    .expected("`sleutel: tekst` op één regel"),
                );
                continue;
            }
        };
        strings.insert(key, value);
    }
    Some(Parsed {
        file,
        text,
        strings,
        ok,
    })
}

struct Parsed {
    file: PathBuf,
    text: String,
    strings: BTreeMap<String, String>,
    ok: bool,
}

/// Where `key:` starts a line in a language file.
fn key_span(text: &str, key: &str) -> std::ops::Range<usize> {
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key)
            && rest.trim_start().starts_with(':')
        {
            return pos..pos + key.len();
        }
        pos += line.len();
    }
    0..0
}

/// Loads the language `site.yaml` asks for from `theme_dir/i18n/` and
/// checks it: it has every key of the default language, every key the code
/// uses and every `t.<key>` of the templates. `None` when it cannot be used.
pub fn load(
    theme_dir: &Path,
    theme_name: &str,
    templates: &[(PathBuf, String)],
    site_yaml: &crate::load::Doc<crate::base::model::SiteConfig>,
    diags: &Collector,
) -> Option<Translations> {
    let language = site_yaml.meta.language.as_str();
    let label = PathBuf::from("themes").join(theme_name).join("i18n");
    let available = languages(theme_dir);
    if !available.iter().any(|l| l == language) {
        diags.push(
            site_yaml
                .error_at(
                    "language",
                    language,
                    format!("het thema `{theme_name}` heeft geen vertaling voor taal `{language}`"),
                )
                .expected(if available.is_empty() {
                    format!("een bestand themes/{theme_name}/i18n/{language}.yaml")
                } else {
                    format!("een van {}", available.join(", "))
                })
                .suggest({
                    let new = format!(
                        "kopieer themes/{theme_name}/i18n/{DEFAULT_LANGUAGE}.yaml naar {language}.yaml en vertaal de teksten"
                    );
                    match did_you_mean(language, available.iter().map(String::as_str)) {
                        Some(typo) => format!("{typo} Of, voor een nieuwe taal: {new}"),
                        None => new,
                    }
                }),
        );
        return None;
    }
    let chosen = read(theme_dir, &label, language, diags)?;
    let mut ok = chosen.ok;
    // A missing key, and the template place that asks for it if any.
    type Wanted = (String, Option<(PathBuf, std::ops::Range<usize>)>);
    let mut missing: Vec<Wanted> = Vec::new();
    let mut need = |key: String, at: Option<(PathBuf, std::ops::Range<usize>)>| {
        if !chosen.strings.contains_key(&key) && !missing.iter().any(|m| m.0 == key) {
            missing.push((key, at));
        }
    };
    if language != DEFAULT_LANGUAGE && available.iter().any(|l| l == DEFAULT_LANGUAGE) {
        let reference = read(theme_dir, &label, DEFAULT_LANGUAGE, diags)?;
        for key in reference.strings.keys() {
            need(key.clone(), None);
        }
        // A key only the translation has is a typo or a leftover.
        for key in chosen.strings.keys() {
            if !reference.strings.contains_key(key) {
                ok = false;
                diags.push(
                    Diagnostic::new(
                        chosen.file.clone(),
                        key_span(&chosen.text, key),
                        format!("sleutel `{key}` staat niet in {DEFAULT_LANGUAGE}.yaml"),
                    )
                    .expected(format!("dezelfde sleutels als {DEFAULT_LANGUAGE}.yaml"))
                    .maybe_suggest(did_you_mean(
                        key,
                        reference.strings.keys().map(String::as_str),
                    )),
                );
            }
        }
    }
    for key in code_keys() {
        need(key, None);
    }
    for (file, text) in templates {
        for (key, span) in template_keys(text) {
            need(key, Some((file.clone(), span)));
        }
    }
    for (key, at) in missing {
        ok = false;
        let suggestion = did_you_mean(&key, chosen.strings.keys().map(String::as_str));
        let d = match at {
            Some((file, span)) => Diagnostic::new(
                file,
                span,
                format!(
                    "het template vraagt `t.{key}`, maar {language}.yaml heeft die sleutel niet"
                ),
            )
            .expected(format!("een sleutel uit {}", chosen.file.display())),
            None => Diagnostic::new(
                chosen.file.clone(),
                chosen.text.len()..chosen.text.len(),
                format!("sleutel `{key}` ontbreekt in de vertaling `{language}`"),
            )
            .expected(format!(
                "elke sleutel van {DEFAULT_LANGUAGE}.yaml, ook in {language}.yaml"
            )),
        };
        diags.push(d.maybe_suggest(suggestion.or_else(|| {
            Some(format!(
                "voeg `{key}: ...` toe aan {}",
                chosen.file.display()
            ))
        })));
    }
    ok.then(|| Translations::new(language, chosen.strings))
}

/// Every `t.<key>` inside `{{ }}` and `{% %}` of a template, with its span
/// (of the key).
pub fn template_keys(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(open) = text[i..].find('{').map(|o| i + o) {
        let close = match bytes.get(open + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            _ => {
                i = open + 1;
                continue;
            }
        };
        let start = open + 2;
        let end = text[start..].find(close).map_or(text.len(), |e| start + e);
        let tag = &text[start..end];
        let tb = tag.as_bytes();
        let mut j = 0;
        while let Some(p) = tag[j..].find("t.").map(|p| j + p) {
            let before_ok = p == 0
                || !(tb[p - 1].is_ascii_alphanumeric() || tb[p - 1] == b'_' || tb[p - 1] == b'.');
            let key: String = tag[p + 2..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if before_ok && !key.is_empty() {
                let s = start + p + 2;
                out.push((key.clone(), s..s + key.len()));
            }
            j = p + 2;
        }
        i = end;
    }
    out
}

/// Tera filters that format with the language: `number` (`1234` ->
/// "1.234"), `count(one=…, other=…)` (picks the form, fills `{n}`) and
/// `fill(name=…)` (fills `{name}`).
pub fn register_filters(tera: &mut tera::Tera, t: &Translations) {
    let group = t.text("number_group").to_string();
    let decimal = t.text("number_decimal").to_string();
    let fmt = std::sync::Arc::new(move |n: f64| format_number(n, &group, &decimal));
    let as_text = {
        let fmt = fmt.clone();
        move |v: &tera::Value| -> String {
            if let Some(s) = v.as_str() {
                s.to_string()
            } else if v.is_number() {
                v.as_f64().map(|f| fmt(f)).unwrap_or_default()
            } else if v.is_none() || v.is_undefined() {
                String::new()
            } else {
                v.to_string()
            }
        }
    };
    {
        let fmt = fmt.clone();
        tera.register_filter(
            "number",
            move |v: tera::Value, _: tera::Kwargs, _: &tera::State| match v.as_f64() {
                Some(n) if v.is_number() => tera::Value::from(fmt(n)),
                _ => v,
            },
        );
    }
    {
        let fmt = fmt.clone();
        tera.register_filter(
            "count",
            move |v: &tera::Value, args: tera::Kwargs, _: &tera::State| {
                let n = v.as_f64().filter(|_| v.is_number()).ok_or_else(|| {
                    tera::Error::message(format!("`count` telt alleen getallen, niet {v}"))
                })?;
                let form = if n == 1.0 { "one" } else { "other" };
                let text: String = args.get(form)?.ok_or_else(|| {
                    tera::Error::message(format!("`count` mist de tekst `{form}=`"))
                })?;
                Ok::<_, tera::Error>(fill(&text, &[("n", &fmt(n))]))
            },
        );
    }
    tera.register_filter(
        "fill",
        move |v: &tera::Value, args: tera::Kwargs, _: &tera::State| {
            let text = v.as_str().ok_or_else(|| {
                tera::Error::message(format!("`fill` vult alleen tekst, niet {v}"))
            })?;
            let values: Vec<(String, String)> = args
                .iter()
                .map(|(k, v)| (k.to_string(), as_text(v)))
                .collect();
            let pairs: Vec<(&str, &str)> = values
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            Ok::<_, tera::Error>(fill(text, &pairs))
        },
    );
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

    #[test]
    fn finds_template_keys_only_in_tags() {
        let keys: Vec<String> = template_keys(
            "<p>t.no</p>{{ t.yes }} {% if x %}{{ m::f(t=t, a=t.b_c | lower) }}{% endif %}{{ at.x }}",
        )
        .into_iter()
        .map(|k| k.0)
        .collect();
        assert_eq!(keys, vec!["yes", "b_c"]);
    }
}
