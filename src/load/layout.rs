//! Syntax errors that come from how lines are laid out, told as the
//! editor made them. libyaml reports where it gave up ("did not find
//! expected key" at a list item, "could not find expected ':'" at a line
//! of text); the cause is usually a line above: a list written as `[]`
//! with items under it, or a block text (`>-`) whose next line is indented
//! too little. We look up from the reported line for those causes.

use crate::base::diagnostics::Diagnostic;
use std::ops::Range;
use std::path::Path;

/// One line of the front matter: where it starts in the file and its text.
struct Line<'a> {
    at: usize,
    text: &'a str,
}

impl Line<'_> {
    fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start().len()
    }

    /// Blank or only a comment: says nothing about the layout.
    fn silent(&self) -> bool {
        let t = self.text.trim();
        t.is_empty() || t.starts_with('#')
    }
}

/// A better account of the syntax error libyaml reported at `at` (a byte
/// offset in `text`), if the layout above it explains it.
pub fn explain(
    file: &Path,
    text: &str,
    yaml: Range<usize>,
    at: usize,
    raw: &str,
) -> Option<Diagnostic> {
    // Only the layout errors; a wrong value has a path and its own message.
    let indent_error = raw.contains("mapping values are not allowed");
    if !raw.contains("did not find expected")
        && !raw.contains("could not find expected")
        && !indent_error
    {
        return None;
    }
    let mut lines = Vec::new();
    let mut pos = yaml.start;
    for l in text[yaml.clone()].split_inclusive('\n') {
        lines.push(Line {
            at: pos,
            text: l.trim_end_matches('\n'),
        });
        pos += l.len();
    }
    let here = lines.iter().rposition(|l| l.at <= at)?;
    let above = lines[..here].iter().rev().find(|l| !l.silent())?;
    let line = &lines[here];
    let trimmed = line.text.trim_start();
    if trimmed == "-" || trimmed.starts_with("- ") {
        return items_under_a_value(file, above, line);
    }
    if indent_error {
        return indented_under_a_value(file, above, line).or_else(|| colon_in_value(file, line));
    }
    if raw.contains("could not find expected ':'") || raw.contains("did not find expected key") {
        return block_text_indented_too_little(file, &lines[..here], line)
            .or_else(|| text_without_a_field(file, line));
    }
    None
}

/// `partners: []` (or `{}`, or a value) with `- ...` items under it.
fn items_under_a_value(file: &Path, above: &Line, item: &Line) -> Option<Diagnostic> {
    let t = above.text.trim_start();
    let t = t.strip_prefix("- ").unwrap_or(t);
    let (key, value) = t.split_once(':')?;
    if key.is_empty() || key.contains(' ') {
        return None;
    }
    let value = value.split(" #").next().unwrap_or(value).trim();
    if value.is_empty() {
        return None;
    }
    let value_at = above.at + above.text.find(value).unwrap_or(above.text.len());
    let span = value_at..value_at + value.len();
    let item_line = item.text.trim();
    if value == "[]" || value == "{}" {
        return Some(
            Diagnostic::new(
                file,
                span,
                format!(
                    "`{key}: {value}` zegt dat de lijst leeg is, maar eronder staan punten (`{item_line}`)"
                ),
            )
            .expected(format!("een lijst met punten eronder begint met alleen `{key}:`"))
            .suggest(format!("haal `{value}` weg, zodat er `{key}:` staat")),
        );
    }
    Some(
        Diagnostic::new(
            file,
            span,
            format!(
                "`{key}` heeft al een waarde op dezelfde regel (`{value}`), maar eronder staan punten van een lijst (`{item_line}`)"
            ),
        )
        .expected(format!(
            "een waarde achter `{key}:`, of een lijst met alleen `{key}:` en de punten eronder"
        ))
        .suggest(format!(
            "zet `{value}` als eerste punt onder `{key}:`, of haal de punten eronder weg"
        )),
    )
}

/// `  province: Limburg` under `title: X`: indented further than the field
/// above, so YAML reads it as more of that field's value.
fn indented_under_a_value(file: &Path, above: &Line, line: &Line) -> Option<Diagnostic> {
    let t = above.text.trim_start();
    let (key, value) = t.strip_prefix("- ").unwrap_or(t).split_once(": ")?;
    let own = line.text.trim_start();
    let (own_key, _) = own.split_once(':')?;
    let plain = !value.trim().is_empty() && !value.trim_start().starts_with(['>', '|', '"', '\'']);
    if line.indent() <= above.indent() || !plain || key.contains(' ') || own_key.contains(' ') {
        return None;
    }
    let at = line.at + line.indent();
    Some(
        Diagnostic::new(
            file,
            at..at + own_key.len(),
            format!(
                "`{own_key}:` springt verder in dan `{key}:` erboven, dus YAML leest het als een vervolg van die waarde"
            ),
        )
        .expected(format!("`{own_key}:` even ver ingesprongen als `{key}:`"))
        .suggest(format!(
            "laat `{own_key}:` met {} spaties beginnen, net als `{key}:`",
            above.indent()
        )),
    )
}

/// `name: Pact: samen thuis`: a second `: ` in a plain value. The fix is
/// the value in quotes, which we can write out.
fn colon_in_value(file: &Path, line: &Line) -> Option<Diagnostic> {
    let t = line.text.trim_start();
    let dash = if t.starts_with("- ") { 2 } else { 0 };
    let (key, value) = t[dash..].split_once(": ")?;
    let value = value.trim();
    if key.contains(' ') || !value.contains(": ") || value.starts_with(['"', '\'', '[', '{']) {
        return None;
    }
    let at = line.at + line.indent() + dash + key.len() + 2;
    let quoted = format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""));
    Some(
        Diagnostic::new(
            file,
            at..at + value.len(),
            format!("in de waarde van `{key}` staat een dubbele punt met een spatie erna; YAML leest dat als een nieuw veld"),
        )
        .expected("een tekst met `: ` erin tussen aanhalingstekens")
        .suggest(format!("schrijf `{key}: {quoted}`")),
    )
}

/// A line below `text: >-` that is indented less than the text above it,
/// so YAML takes it for a new field.
fn block_text_indented_too_little(file: &Path, before: &[Line], line: &Line) -> Option<Diagnostic> {
    let e = line.indent();
    // The nearest line above that is less indented than the block's text:
    // the one that opened the block, if any did.
    let mut body_indent = None;
    for l in before.iter().rev() {
        if l.text.trim().is_empty() {
            continue;
        }
        let value = l.text.trim_end();
        let opens = [">-", ">", "|", "|-", ">+", "|+"]
            .iter()
            .any(|m| value.ends_with(&format!(": {m}")));
        match body_indent {
            None => body_indent = Some(l.indent()),
            Some(b) if l.indent() < b && opens => {
                if e >= b || e < l.indent() {
                    return None;
                }
                let key = value.trim_start().trim_start_matches("- ");
                let key = key.split(':').next().unwrap_or(key);
                let n = line.text.len() - line.text.trim_start().len();
                return Some(
                    Diagnostic::new(
                        file,
                        line.at + n..line.at + line.text.len(),
                        format!(
                            "deze regel hoort bij de tekst van `{key}:` erboven, maar springt minder ver in ({e} spaties, de tekst erboven {b})"
                        ),
                    )
                    .expected(format!("elke regel van de tekst met {b} spaties ervoor"))
                    .suggest(format!(
                        "laat de regel met {b} spaties beginnen, net als de regels erboven"
                    )),
                );
            }
            Some(b) if l.indent() < b => return None,
            Some(_) => {}
        }
    }
    None
}

/// A line of text where a field was expected: it has no `naam:` in front.
fn text_without_a_field(file: &Path, line: &Line) -> Option<Diagnostic> {
    let t = line.text.trim();
    if t.contains(": ") || t.ends_with(':') || t.starts_with('-') {
        return None;
    }
    let n = line.indent();
    Some(
        Diagnostic::new(
            file,
            line.at + n..line.at + line.text.len(),
            "deze regel is geen veld: er staat geen `naam:` voor",
        )
        .expected("`veld: waarde`; een tekst over meer regels staat ingesprongen onder `veld: >-`")
        .suggest(
            "hoort de regel bij de tekst erboven, schrijf dan `veld: >-` en laat alle regels van de tekst even ver inspringen",
        ),
    )
}

#[cfg(test)]
mod tests {
    /// The message and the marked text that `yaml::parse` gives for `yaml`.
    fn message(yaml: &str) -> (String, String) {
        let text = format!("---\n{yaml}---\n");
        let d = crate::load::yaml::parse::<serde_yaml::Value>(
            std::path::Path::new("x.md"),
            &text,
            4..4 + yaml.len(),
            "de velden",
        )
        .expect_err(yaml);
        (d.message.clone(), text[d.span.clone()].to_string())
    }

    #[test]
    fn items_under_an_empty_list_name_the_brackets() {
        for yaml in [
            "title: X\npartners: []\n  - id: a\n",
            "title: X\npartners: []\n- id: a\n",
            "title: X\nmunicipalities: []\n  # Haarlem\n\n  - Haarlem\n",
            "- theme: x\n  items: {}\n  - a\n",
        ] {
            let (msg, at) = message(yaml);
            assert!(at == "[]" || at == "{}", "{yaml}: {at}");
            assert!(msg.contains("zegt dat de lijst leeg is"), "{msg}");
        }
        let (msg, at) = message("municipalities: Haarlem\n- Velsen\n");
        assert_eq!(at, "Haarlem");
        assert!(msg.contains("heeft al een waarde"), "{msg}");
    }

    #[test]
    fn a_block_text_line_indented_too_little_is_named() {
        for (yaml, spaces) in [
            (
                "lessons:\n  - theme: x\n    text: >-\n      Begin klein\n    maar samen.\n",
                4,
            ),
            (
                "lessons:\n  - theme: x\n    text: |\n      Begin klein\n     maar samen.\n",
                5,
            ),
            ("definition: >-\n  Begin klein\n\n maar samen.\n", 1),
        ] {
            let (msg, at) = message(yaml);
            assert_eq!(at, "maar samen.", "{yaml}: {msg}");
            assert!(msg.contains(&format!("({spaces} spaties")), "{msg}");
        }
        let (msg, at) = message("covenant:\n  name: Pact: samen thuis\n");
        assert_eq!(at, "Pact: samen thuis", "{msg}");
        assert!(msg.contains("dubbele punt"), "{msg}");
        let (msg, at) = message("title: X\n  province: Limburg\n");
        assert_eq!(at, "province", "{msg}");
        assert!(msg.contains("springt verder in dan `title:`"), "{msg}");
        let (msg, at) = message("covenant:\n  kind: pact\n    status: signed\n");
        assert_eq!(at, "status", "{msg}");
        let (msg, at) = message("title: Een lange\ntitel\nprovince: X\n");
        assert_eq!(at, "titel", "{msg}");
        assert!(msg.contains("geen veld"), "{msg}");
    }
}
