//! What YAML or Markdown would silently drop from what an editor wrote:
//! `#` after a space starts a YAML comment, so `title: Walcheren #2`
//! publishes "Walcheren"; and a second block of fields in the text is shown
//! as text, its `draft: true` ignored. Both are errors at their place, with
//! the fix.

use crate::base::diagnostics::Diagnostic;
use std::ops::Range;
use std::path::Path;

/// Every cut in the front matter `yaml` and the body `body` of `text`.
pub fn check(rel: &Path, text: &str, yaml: Range<usize>, body: Range<usize>) -> Vec<Diagnostic> {
    let mut out = comments(rel, text, yaml);
    out.extend(closed_too_early(rel, text, body.clone()));
    out.extend(second_block(rel, text, body));
    out
}

/// A `---` among the fields: it closes them, and the fields under it
/// become text. Told when the text starts with two lines of fields.
fn closed_too_early(rel: &Path, text: &str, body: Range<usize>) -> Option<Diagnostic> {
    let mut lines = text[body.clone()].lines().filter(|l| !l.trim().is_empty());
    let field = |l: &str| {
        l.starts_with(|c: char| c.is_ascii_lowercase()) && key_value(l.trim_end()).is_some()
    };
    let first = lines.next()?;
    let second = lines.next()?;
    let nested = second.starts_with(' ') || second.starts_with("- ");
    if !field(first) || !(field(second) || nested) {
        return None;
    }
    let fence_end = text[..body.start].trim_end_matches('\n').len();
    let fence_start = text[..fence_end].rfind('\n').map_or(0, |i| i + 1);
    Some(
        Diagnostic::new(
            rel,
            fence_start..fence_end,
            format!(
                "deze regel `---` sluit de velden te vroeg af: wat eronder staat (`{}`) wordt tekst en niet gebruikt",
                first.trim()
            ),
        )
        .expected("één blok met velden tussen de eerste twee regels `---`, daarna de tekst")
        .suggest("haal deze regel `---` weg; de velden eronder lopen door tot de volgende `---`"),
    )
}

/// A `#` right after a space and followed by text, in a plain value: the
/// editor meant it as part of the value (`#2`, `#uitstroom`). A comment
/// written as a comment (`  # opmerking`) is left alone.
fn comments(rel: &Path, text: &str, yaml: Range<usize>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut at = yaml.start;
    // The indent of a line that opened a block text (`>-`, `|`): the lines
    // below it, indented further, are text where `#` is just a character.
    let mut block: Option<usize> = None;
    // The indent and key of the last `key: plain value` line: a more
    // indented `- item` under it is glued onto that value.
    let mut plain: Option<(usize, &str)> = None;
    for line in text[yaml].split_inclusive('\n') {
        let start = at;
        at += line.len();
        let content = line.trim_end_matches('\n');
        let indent = content.len() - content.trim_start().len();
        let trimmed = content.trim_start();
        if let Some(b) = block {
            if trimmed.is_empty() || indent > b {
                continue;
            }
            block = None;
        }
        if trimmed.starts_with('#') || trimmed.is_empty() {
            continue;
        }
        if let Some((i, key)) = plain.take()
            && indent > i
        {
            let span = start + indent..start + content.len();
            if trimmed.starts_with("- ") {
                out.push(glued_item(rel, span, key));
                continue;
            }
            if let Some(own) = key_value(trimmed).and(trimmed.split(':').next()) {
                out.push(glued_field(rel, span, key, own, i));
                continue;
            }
        }
        let item = trimmed.strip_prefix("- ").unwrap_or(trimmed);
        let value = match key_value(item) {
            Some(v) => v,
            None if item.len() < trimmed.len() => item,
            None => continue,
        };
        let value_at = start + (content.len() - value.len());
        let v = value.trim_start();
        if v.starts_with(['>', '|']) {
            block = Some(indent);
            continue;
        }
        if v.starts_with(['"', '\'', '[', '{', '&', '*', '!']) {
            continue;
        }
        if !v.trim().is_empty() && !v.trim_start().starts_with('#') {
            let key = item.split(':').next().unwrap_or(item);
            // An item's key stands after its `- `.
            plain = Some((indent + trimmed.len() - item.len(), key));
        }
        let Some(hash) = v.match_indices(" #").map(|(i, _)| i + 1).find(|&i| {
            v[i + 1..]
                .chars()
                .next()
                .is_some_and(|c| !c.is_whitespace())
        }) else {
            continue;
        };
        let lead = value.len() - v.len();
        let span = value_at + lead + hash..value_at + value.len();
        let kept = v[..hash].trim_end();
        let cut = &v[hash..];
        out.push(
            Diagnostic::new(
                rel,
                span,
                format!(
                    "`{cut}` valt weg: in YAML begint een `#` na een spatie een opmerking, dus de site toont alleen `{kept}`"
                ),
            )
            .expected("een waarde met `#` erin tussen aanhalingstekens")
            .suggest(format!(
                "zet de hele waarde tussen aanhalingstekens: \"{}\"",
                v.trim_end().replace('"', "\\\"")
            )),
        );
    }
    out
}

/// `municipalities: Haarlem` with `  - Velsen` under it: YAML reads one
/// value, "Haarlem - Velsen".
fn glued_item(rel: &Path, span: Range<usize>, key: &str) -> Diagnostic {
    Diagnostic::new(
        rel,
        span,
        format!(
            "deze regel wordt aan de waarde van `{key}` erboven vastgeplakt: YAML leest beide regels als één tekst"
        ),
    )
    .expected(format!(
        "een lijst met alleen `{key}:` op de regel en elk punt als `- ...` eronder"
    ))
    .suggest(format!(
        "zet de waarde achter `{key}:` als eerste punt `- ...` op een eigen regel eronder"
    ))
}

/// `  kind: pact` with `   status: signed` under it, one space further in:
/// YAML glues the line onto the value above, and `status` is lost.
fn glued_field(rel: &Path, span: Range<usize>, key: &str, own: &str, indent: usize) -> Diagnostic {
    Diagnostic::new(
        rel,
        span,
        format!(
            "`{own}:` springt verder in dan `{key}:` erboven, dus YAML plakt deze regel aan de waarde van `{key}`"
        ),
    )
    .expected(format!("`{own}:` even ver ingesprongen als `{key}:`"))
    .suggest(format!(
        "laat `{own}:` met {indent} spaties beginnen, net als `{key}:`"
    ))
}

/// The value after `key:` on a line, if the line is a `key: value` pair.
fn key_value(line: &str) -> Option<&str> {
    let colon = line
        .find(": ")
        .or_else(|| line.ends_with(':').then(|| line.len() - 1))?;
    let key = &line[..colon];
    let is_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    is_key.then(|| line.get(colon + 2..).unwrap_or(""))
}

/// A line `---` in the text followed by `key: value` lines and another
/// `---`: a second block of fields, which the site shows as text.
fn second_block(rel: &Path, text: &str, body: Range<usize>) -> Vec<Diagnostic> {
    let lines: Vec<(usize, &str)> = text[body.clone()]
        .split_inclusive('\n')
        .scan(body.start, |at, l| {
            let start = *at;
            *at += l.len();
            Some((start, l.trim_end_matches('\n')))
        })
        .collect();
    let mut in_code = false;
    for (i, &(start, line)) in lines.iter().enumerate() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        if in_code || line.trim_end() != "---" {
            continue;
        }
        let Some(&(_, next)) = lines.get(i + 1) else {
            continue;
        };
        // Fields are written in lower case (`draft:`, `title:`); a line of
        // text after a rule ("Noot: ...") is not a field.
        let lower = next.starts_with(|c: char| c.is_ascii_lowercase());
        let fields = lower && key_value(next.trim_end()).is_some();
        let closed = lines[i + 1..].iter().any(|(_, l)| l.trim_end() == "---");
        if fields && closed {
            return vec![
                Diagnostic::new(
                    rel,
                    start..start + line.len(),
                    "een tweede blok met velden in de tekst: de site toont het als tekst en gebruikt de velden niet (ook `draft: true` niet)",
                )
                .expected("één blok met velden, bovenaan het bestand tussen de eerste twee regels `---`")
                .suggest("zet deze velden in het blok bovenaan en haal dit blok weg"),
            ];
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(yaml: &str, body: &str) -> Vec<String> {
        let text = format!("---\n{yaml}---\n{body}");
        let y = 4..4 + yaml.len();
        let b = y.end + 4..text.len();
        check(Path::new("x.md"), &text, y, b)
            .into_iter()
            .map(|d| text[d.span].to_string())
            .collect()
    }

    #[test]
    fn a_hash_that_is_text_is_found_and_a_comment_is_not() {
        assert_eq!(found("title: Walcheren #2\n", ""), ["#2"]);
        assert_eq!(
            found("covenant:\n  name: Weer thuis #uitstroom in 2021\n", ""),
            ["#uitstroom in 2021"]
        );
        assert_eq!(found("municipalities:\n  - Veere #3\n", ""), ["#3"]);
        // Comments written as comments, quoted values, block texts.
        assert!(found("title: Walcheren  # een opmerking\n", "").is_empty());
        assert!(found("# title: x #2\ntitle: \"Walcheren #2\"\n", "").is_empty());
        assert!(
            found(
                "covenant:\n  name: >-\n    Weer #2 thuis\n  kind: pact\n",
                ""
            )
            .is_empty()
        );
        assert!(found("url: https://x.example/#anker\n", "").is_empty());
    }

    #[test]
    fn a_list_item_glued_onto_a_value_is_found() {
        assert_eq!(
            found("municipalities: Haarlem\n  - Velsen\n", ""),
            ["- Velsen"]
        );
        assert_eq!(
            found("partners:\n  - id: a\n    role: trekker\n      - b\n", ""),
            ["- b"]
        );
        assert_eq!(
            found("covenant:\n  kind: pact\n   status: signed\n", ""),
            ["status: signed"]
        );
        // A list under an empty key, and a text folded over two lines.
        assert!(found("municipalities:\n  - Haarlem\n  - Velsen\n", "").is_empty());
        assert!(found("title: Een lange\n  titel\n", "").is_empty());
    }

    #[test]
    fn a_fence_among_the_fields_is_found() {
        assert_eq!(
            found(
                "title: X\n",
                "province: Limburg\nprogramme: p\n---\nTekst.\n"
            ),
            ["---"]
        );
        assert_eq!(
            found("title: X\n", "\npartners:\n  - id: a\n---\nTekst.\n"),
            ["---"]
        );
        // A text that starts like a field once is text.
        assert!(found("title: X\n", "voorbeeld: zo doe je dat.\n\nMeer tekst.\n").is_empty());
        assert!(found("title: X\n", "Tekst.\n").is_empty());
    }

    #[test]
    fn a_second_block_of_fields_in_the_text_is_found() {
        assert_eq!(
            found("title: X\n", "Tekst.\n\n---\ndraft: true\n---\nMeer.\n"),
            ["---"]
        );
        // A horizontal rule, even twice, is not a block of fields.
        assert!(found("title: X\n", "Tekst.\n\n---\n\nMeer.\n\n---\n").is_empty());
        assert!(found("title: X\n", "```\n---\na: b\n---\n```\n").is_empty());
        assert!(found("title: X\n", "Tekst.\n\n---\nNoot: zie hieronder.\n\n---\n").is_empty());
    }
}
