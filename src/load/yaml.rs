//! Typed YAML parsing with errors an editor can act on.
//!
//! serde_yaml reports the first problem of a document with its position and
//! the path of the field; we turn its wording into a Dutch message with the
//! expected values and a "did you mean" suggestion.

use crate::base::diagnostics::{Diagnostic, did_you_mean, offset_of};
use serde::de::DeserializeOwned;
use std::ops::Range;
use std::path::Path;

/// Parses `text[range]` as `T`; a failure becomes one diagnostic pointing
/// into the whole file.
pub fn parse<T: DeserializeOwned>(
    file: &Path,
    text: &str,
    range: Range<usize>,
    what: &str,
) -> Result<T, Diagnostic> {
    let yaml = &text[range.clone()];
    // An empty front matter is an empty mapping, so "missing field" errors
    // name the field instead of complaining about a null document.
    let parsed = if yaml.trim().is_empty() {
        serde_yaml::from_str::<T>("{}")
    } else {
        serde_yaml::from_str::<T>(yaml)
    };
    parsed.map_err(|e| {
        let raw = e.to_string();
        // A syntax error names where the unclosed construct began ("while
        // scanning a quoted scalar at line 2 column 11"); that is where the
        // editor has to look, not where the parser gave up.
        let (line, col) = syntax_context(&raw)
            .or_else(|| e.location().map(|l| (l.line(), l.column())))
            .unwrap_or((1, 1));
        let mut start = range.start + offset_of(yaml, line, col);
        // serde_yaml gives no place for an alias bomb; the first alias is
        // where the editor has to look.
        if raw.contains("repetition limit exceeded")
            && let Some(i) = yaml.find('*')
        {
            start = range.start + i;
        }
        // libyaml gives a position in bytes of its own reading; the
        // character itself is easier to find.
        if raw.contains("control characters are not allowed")
            && let Some(i) = yaml.find(|c: char| c.is_control() && c != '\n' && c != '\t')
        {
            start = range.start + i;
        }
        // A required field left empty at the top: serde points at the
        // start of the fields, the editor needs the field's own line.
        if raw.starts_with('`')
            && raw.contains(crate::base::model::LEFT_EMPTY)
            && let Some(at) = backticked(&raw).first().and_then(|f| find_top_key(yaml, f))
        {
            start = range.start + at;
        }
        let end = token_end(text, start);
        // libyaml calls a tab in the indentation "a character that cannot
        // start any token"; editors need to hear it is the tab.
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let indent = text[line_start..]
            .find(|c| c != ' ' && c != '\t')
            .map_or(&text[line_start..], |i| &text[line_start..line_start + i]);
        let syntax = raw.contains("cannot start any token") || raw.contains("tab character");
        if let Some(t) = indent.find('\t').filter(|_| syntax) {
            let tab = line_start + t;
            return Diagnostic::new(file, tab..tab + 1, "er staat een tab in de inspringing")
                .expected("inspringen met spaties; YAML staat geen tabs toe")
                .suggest(
                    "vervang de tab door twee spaties (veel editors: Tabs omzetten naar spaties)",
                );
        }
        if let Some(d) = super::layout::explain(file, text, range.clone(), start, &raw) {
            return d;
        }
        describe(file, start..end, &raw, what, &text[start..end])
    })
}

/// The end of the word or value starting at `start`, for a caret that
/// underlines the whole offending key.
fn token_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    let len = rest.find([':', ',', '}', ']', '\n']).unwrap_or(rest.len());
    start + len.max(1).min(rest.len())
}

fn backticked(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

fn describe(file: &Path, span: Range<usize>, raw: &str, what: &str, written: &str) -> Diagnostic {
    // serde_yaml: "<path>: <message> at line L column C"
    let without_pos = match raw.rfind(" at line ") {
        Some(i) => &raw[..i],
        None => raw,
    };
    let (path, msg) = match without_pos.split_once(": ") {
        Some((p, m)) if !p.contains(' ') => (Some(p), m),
        _ => (None, without_pos),
    };
    let counted = path.map(count_from_one);
    let path = counted.as_deref();
    let place = match path {
        Some(p) => format!("`{p}`"),
        None => what.to_string(),
    };
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let names = backticked(rest);
        let found = names.first().copied().unwrap_or("");
        let expected: Vec<&str> = names.iter().skip(1).copied().collect();
        let inside = path.map(|p| format!(" in `{p}`")).unwrap_or_default();
        return Diagnostic::new(file, span, format!("onbekend veld `{found}`{inside}"))
            .expected(format!("een van {}", list(&expected)))
            .suggest(
                did_you_mean(found, expected.iter().copied())
                    .unwrap_or_else(|| "eigen velden horen onder `extra:`".to_string()),
            );
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let names = backticked(rest);
        let found = names.first().copied().unwrap_or("");
        let expected: Vec<&str> = names.iter().skip(1).copied().collect();
        return Diagnostic::new(
            file,
            span,
            format!("onbekende waarde `{found}` voor {place}"),
        )
        .expected(format!("een van {}", list(&expected)))
        .maybe_suggest(did_you_mean(found, expected.iter().copied()));
    }
    if let Some(rest) = msg.strip_prefix("duplicate field ") {
        let name = backticked(rest)
            .first()
            .copied()
            .unwrap_or(rest)
            .to_string();
        return Diagnostic::new(
            file,
            span,
            format!("het veld `{name}` staat twee keer in {place}"),
        )
        .suggest("houd één van de twee over");
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        let name = backticked(rest)
            .first()
            .copied()
            .unwrap_or(rest)
            .to_string();
        let inside = path.map(|p| format!(" in `{p}`")).unwrap_or_default();
        return Diagnostic::new(
            file,
            span,
            format!("verplicht veld `{name}` ontbreekt{inside}"),
        )
        .suggest(format!("voeg een regel `{name}: ...` toe"));
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        return invalid_type(file, span, &place, path, rest, written);
    }
    if msg.contains(crate::base::model::bounded::OUT_OF_RANGE) {
        let range = msg
            .split(crate::base::model::bounded::OUT_OF_RANGE)
            .nth(1)
            .unwrap_or("")
            .trim();
        return Diagnostic::new(file, span, format!("ongeldige waarde voor {place}: {msg}"))
            // A range with decimals takes decimals (`term_years: 2.5`).
            .expected(if range.contains("decimalen") {
                format!("een getal van {range}")
            } else {
                format!("een geheel getal van {range}")
            })
            .suggest("controleer het getal in de bron; laat het veld weg als het niet bekend is");
    }
    if let Some(rest) = msg.strip_prefix("invalid value: ") {
        // serde's own range errors: a negative number or one too large for
        // the field's type.
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "iets anders"));
        return Diagnostic::new(
            file,
            span,
            format!("ongeldige waarde voor {place}: {}", dutch_kind(found)),
        )
        .expected(dutch_kind(expected));
    }
    if msg.contains(crate::base::model::LEFT_EMPTY) {
        let field = backticked(msg).first().copied().unwrap_or("");
        let place = match path {
            Some(p) if !p.ends_with(field) => format!("`{p}.{field}`"),
            Some(p) => format!("`{p}`"),
            None => format!("`{field}`"),
        };
        return Diagnostic::new(file, span, format!("{place} is leeg, maar is verplicht"))
            .expected("een tekst achter de dubbele punt")
            .suggest("vul de tekst in; een tekst over meer regels schrijf je als `veld: >-` met de regels ingesprongen eronder");
    }
    if path.is_some() {
        // Our own value errors, already in Dutch; a date's come with the
        // forms that are read and, where one fits, the date rewritten.
        let d = Diagnostic::new(file, span, format!("ongeldige waarde voor {place}: {msg}"));
        if crate::base::model::PartialDate::parse(written).is_ok() {
            return d;
        }
        let (expected, fix) = crate::base::model::date::hint_for(written);
        return d.expected(expected).suggest(fix.unwrap_or_else(|| {
            "schrijf alleen het deel van de datum dat de bron noemt".to_string()
        }));
    }
    if raw.contains("repetition limit exceeded") {
        return Diagnostic::new(
            file,
            span,
            "de YAML verwijst te vaak naar ankers (`&naam` en `*naam`): uitgevouwen zou hij te groot worden",
        )
        .expected("gewone velden; draaiboek vouwt hoogstens enkele duizenden verwijzingen uit")
        .suggest("schrijf de waarden uit in plaats van met `*naam` naar een anker te verwijzen");
    }
    if raw.contains("recursion limit exceeded") {
        return Diagnostic::new(
            file,
            span,
            "de YAML is te diep genest: draaiboek leest hoogstens 128 niveaus van lijsten en velden in elkaar",
        )
        .expected("velden en lijsten een paar niveaus diep")
        .suggest("controleer of er haakjes `[` of `{` niet gesloten worden, of maak de structuur platter");
    }
    Diagnostic::new(
        file,
        span,
        format!(
            "YAML kan niet gelezen worden: {}",
            super::syntax::dutch(raw)
        ),
    )
    .expected("geldige YAML: `veld: waarde`, lijsten met `- ` of `[a, b]`".to_string())
    .suggest("controleer inspringing, dubbele punten en afsluitende haakjes of aanhalingstekens")
}

/// serde counts list items from 0; editors count from 1.
fn count_from_one(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..=open]);
        rest = &rest[open + 1..];
        let close = rest.find(']').unwrap_or(rest.len());
        match rest[..close].parse::<usize>() {
            Ok(n) => out.push_str(&(n + 1).to_string()),
            Err(_) => out.push_str(&rest[..close]),
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// The position after "while scanning/parsing ... at line L column C".
fn syntax_context(raw: &str) -> Option<(usize, usize)> {
    let ctx = &raw[raw.find(", while scanning")?..];
    let pos = &ctx[ctx.find(" at line ")? + " at line ".len()..];
    let (line, rest) = pos.split_once(" column ")?;
    let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, col.parse().ok()?))
}

/// A value of the wrong kind (text where a number belongs): what was
/// written, what belongs there and, for a number, how to write it.
fn invalid_type(
    file: &Path,
    span: Range<usize>,
    place: &str,
    path: Option<&str>,
    rest: &str,
    written: &str,
) -> Diagnostic {
    let (found, expected) = rest
        .split_once(", expected ")
        .unwrap_or((rest, "iets anders"));
    let whole = dutch_kind(expected).contains("geheel getal");
    // serde names a number as it read it ("floating point `1.0`" for
    // `1.000`); the editor should see what they wrote.
    let shown = if found.starts_with("floating point") || found.starts_with("string ") {
        format!("`{}`", written.trim())
    } else {
        dutch_kind(found)
    };
    Diagnostic::new(
        file,
        span,
        format!("verkeerd soort waarde voor {place}: {shown}"),
    )
    .expected(dutch_kind(expected))
    .maybe_suggest(
        whole
            .then(|| number_hint(written.trim(), path.unwrap_or("")))
            .flatten(),
    )
}

/// What an editor most likely meant by `written` where a whole number
/// belongs, and how to write it.
fn number_hint(written: &str, path: &str) -> Option<String> {
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let groups: Vec<&str> = written.split('.').collect();
    if groups.len() > 1
        && digits(groups[0])
        && groups[0].len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3 && digits(g))
    {
        return Some(format!(
            "schrijf {} zonder punt: in YAML is de punt een decimaalteken, dus `{written}` leest als een kommagetal",
            groups.concat()
        ));
    }
    if let Some(n) = written.strip_suffix('%') {
        let share = if path.ends_with("homes_per_year") {
            format!(
                "een aandeel schrijf je als `homes_share_percent: {}`",
                n.trim()
            )
        } else {
            "schrijf alleen het getal, zonder %".to_string()
        };
        return Some(share);
    }
    let lead: String = written.chars().take_while(char::is_ascii_digit).collect();
    if !lead.is_empty() && written[lead.len()..].starts_with(' ') {
        return Some(format!("alleen het getal, zonder eenheid: `{lead}`"));
    }
    if matches!(
        written.to_lowercase().as_str(),
        ".nan" | ".inf" | "-.inf" | "nan"
    ) {
        return Some(format!(
            "`{written}` is geen getal: laat het veld weg als het niet bekend is"
        ));
    }
    if written.contains(['.', ',']) {
        return Some(
            "een geheel getal, zonder decimalen; geeft de bron geen heel getal, laat het veld dan weg en zet het getal met de bron in de tekst"
                .to_string(),
        );
    }
    None
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn dutch_kind(s: &str) -> String {
    let s = s.trim();
    let map = [
        ("a string", "tekst"),
        ("string", "tekst"),
        ("a sequence", "een lijst"),
        ("sequence", "een lijst"),
        ("a map", "velden (een mapping)"),
        ("map", "velden (een mapping)"),
        ("a boolean", "true of false"),
        ("u32", "een geheel getal"),
        ("i32", "een geheel getal"),
        (
            "een datum zoals 2021, 2021-10, 2021-10-07, 7-10-2021 of 7 oktober 2021",
            "een datum als 2020, oktober 2020, 7 oktober 2020, 7-10-2020 of 2020-10-07",
        ),
    ];
    for (en, nl) in map {
        if s == en {
            return nl.to_string();
        }
    }
    if let Some(v) = s.strip_prefix("string ") {
        return format!("tekst {v}");
    }
    if let Some(v) = s.strip_prefix("integer ") {
        return format!("getal {v}");
    }
    // serde names our Rust types ("struct PageMeta"); editors know them as
    // the fields of the file or of one item.
    if s.starts_with("struct ") {
        return "velden (een mapping): `veld: waarde` op eigen regels".to_string();
    }
    s.to_string()
}

/// Finds where `value` is written in the front matter under the top-level
/// key `key`, for diagnostics about references that serde cannot know about.
pub fn locate(text: &str, yaml: &Range<usize>, key: &str, value: &str) -> Range<usize> {
    let fm = &text[yaml.clone()];
    let key_at = find_top_key(fm, key);
    let Some(key_at) = key_at else {
        return yaml.start..yaml.start;
    };
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_' || c == '.' || c == '/';
    let section_end = next_top_key(fm, key_at).unwrap_or(fm.len());
    let hay = &fm[key_at..section_end];
    if !value.is_empty() {
        let mut from = 0;
        while let Some(i) = hay[from..].find(value) {
            let s = from + i;
            let e = s + value.len();
            let before_ok = hay[..s].chars().next_back().is_none_or(|c| !is_word(c));
            let after_ok = hay[e..].chars().next().is_none_or(|c| !is_word(c));
            if before_ok && after_ok {
                return yaml.start + key_at + s..yaml.start + key_at + e;
            }
            from = e;
        }
    }
    yaml.start + key_at..yaml.start + key_at + key.len()
}

fn find_top_key(fm: &str, key: &str) -> Option<usize> {
    let mut pos = 0;
    for line in fm.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key)
            && rest.trim_start().starts_with(':')
        {
            return Some(pos);
        }
        pos += line.len();
    }
    None
}

fn next_top_key(fm: &str, after: usize) -> Option<usize> {
    let mut pos = after;
    let mut lines = fm[after..].split_inclusive('\n');
    if let Some(first) = lines.next() {
        pos += first.len();
    }
    for line in lines {
        let starts_key = line.chars().next().is_some_and(|c| c.is_alphabetic());
        if starts_key {
            return Some(pos);
        }
        pos += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_finds_value_inside_its_section() {
        let text = "---\ntitle: woonservice\npartners:\n  - id: woonservice\n---\n";
        let yaml = 4..text.len() - 4;
        let r = locate(text, &yaml, "partners", "woonservice");
        assert_eq!(&text[r.clone()], "woonservice");
        assert!(r.start > text.find("partners").unwrap());
    }

    #[test]
    fn locate_needs_whole_words() {
        let text = "themes: [zachte-landing-x, zachte-landing]\n";
        let r = locate(text, &(0..text.len()), "themes", "zachte-landing");
        assert_eq!(r.start, text.rfind("zachte-landing").unwrap());
    }
}
