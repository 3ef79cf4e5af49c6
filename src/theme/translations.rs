//! Loading a theme's translations: the theme's `i18n/<language>.yaml`,
//! picked by `language:` in `site.yaml`, checked against the default
//! language, the keys the code asks for and every `t.<key>` of the
//! templates, and the template filters that use them.

use crate::base::diagnostics::{Collector, Diagnostic, did_you_mean};
use crate::base::translations::{DEFAULT_LANGUAGE, Translations, fill, format_number};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
/// uses (`required`) and every `t.<key>` of the templates. `None` when it cannot be used.
pub fn load(
    theme_dir: &Path,
    theme_name: &str,
    templates: &[(PathBuf, String)],
    site_yaml: &crate::load::Doc<crate::base::model::SiteConfig>,
    required: &[String],
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
    for key in required {
        need(key.clone(), None);
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
