//! Splitting a content file into YAML front matter and Markdown body.
//!
//! Editors work on Windows too, so a UTF-8 byte order mark and CRLF line
//! ends are accepted; the text is normalised once here and every span in
//! later diagnostics refers to the normalised text.

use std::ops::Range;

/// A content file's text after normalisation, with the byte ranges of its
/// two parts.
#[derive(Debug, Clone)]
pub struct Split {
    /// The YAML between the two `---` lines.
    pub yaml: Range<usize>,
    /// The Markdown after the closing `---`.
    pub body: Range<usize>,
}

/// Strips a BOM and turns CRLF (and lone CR) into LF. Editors that add a
/// BOM to a file that has one leave two, so all leading ones go.
pub fn normalise(raw: &str) -> String {
    let text = raw.trim_start_matches('\u{feff}');
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

/// Finds the `---` fences. `Err` carries a span and a message for the
/// editor.
pub fn split(text: &str) -> Result<Split, (Range<usize>, String)> {
    if text.trim().is_empty() {
        return Err((
            0..0,
            "het bestand is leeg: ook een nieuwe pagina begint met front matter tussen twee regels `---`"
                .into(),
        ));
    }
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Err((
            0..first_line_end,
            "het bestand begint niet met front matter: de eerste regel moet `---` zijn".into(),
        ));
    }
    let yaml_start = (first_line_end + 1).min(text.len());
    let mut pos = yaml_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == "---" {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                yaml: yaml_start..pos,
                body: body_start..text.len(),
            });
        }
        pos = end + 1;
    }
    Err(unclosed(text, yaml_start))
}

/// Where the fields of a file without a closing `---` seem to end: at the
/// first line that is text rather than a field, a list item, an indented
/// line or a comment (a Markdown heading right above that text counts as
/// text).
fn unclosed(text: &str, yaml_start: usize) -> (Range<usize>, String) {
    let mut lines = Vec::new();
    let mut pos = yaml_start;
    for l in text[yaml_start..].split_inclusive('\n') {
        lines.push((pos, l.trim_end_matches('\n')));
        pos += l.len();
    }
    let is_text = |l: &str| {
        let fieldlike = l.split_once(':').is_some_and(|(k, _)| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        });
        !(l.trim().is_empty() || l.starts_with([' ', '-', '#']) || fieldlike)
    };
    let Some(mut first) = lines.iter().position(|(_, l)| is_text(l)) else {
        let end = text.trim_end().len();
        return (
            end..end,
            "de velden bovenaan worden niet afgesloten: zet onder het laatste veld een regel met alleen `---`"
                .into(),
        );
    };
    // A heading (or a block of `#` lines) just above the text, blank
    // lines between allowed, is where the text starts.
    let mut up = first;
    while up > 0 && lines[up - 1].1.trim().is_empty() {
        up -= 1;
    }
    while up > 0 && lines[up - 1].1.starts_with('#') {
        up -= 1;
        first = up;
    }
    let (at, line) = lines[first];
    (
        at..at + line.len(),
        "de velden bovenaan worden niet afgesloten: hier lijkt de tekst te beginnen; zet een regel met alleen `---` boven deze regel"
            .into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_crlf_and_bom() {
        let t = normalise("\u{feff}---\r\ntitle: x\r\n---\r\n# Kop\r\n");
        let s = split(&t).unwrap();
        assert_eq!(&t[s.yaml.clone()], "title: x\n");
        assert_eq!(&t[s.body.clone()], "# Kop\n");
    }

    #[test]
    fn empty_body_and_missing_fence() {
        let t = "---\ntitle: x\n---";
        let s = split(t).unwrap();
        assert_eq!(&t[s.body.clone()], "");
        assert!(split("title: x\n").is_err());
        assert!(split("---\ntitle: x\n").is_err());
    }

    #[test]
    fn a_missing_fence_is_placed_where_the_fields_seem_to_end() {
        let at = |t: &str| split(t).map(|_| ()).unwrap_err().0;
        let t = "---\ntitle: x\nlessons:\n  - a\n# opmerking\n\n## Aanleiding\n\nTekst.\n";
        assert_eq!(&t[at(t)], "## Aanleiding");
        let t = "---\ntitle: x\n\nDe regio begon in 2018.\n";
        assert_eq!(&t[at(t)], "De regio begon in 2018.");
        let t = "---\ntitle: x\ndraft: true\n";
        assert_eq!(at(t), t.trim_end().len()..t.trim_end().len());
    }
}
