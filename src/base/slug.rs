//! Stable anchors and slugs. A partner deep-links to `#zachte-landing`, so
//! the same heading must always give the same id, diacritics folded.

/// Folds the Latin letters with diacritics that occur in Dutch and its
/// loanwords to ASCII.
pub fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => "a",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ý' | 'ÿ' => "y",
        'ç' => "c",
        'ñ' => "n",
        'ĳ' => "ij",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        _ => return None,
    })
}

/// `"Zachte landing & terugval"` -> `"zachte-landing-terugval"`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let piece = fold(c);
        let mut push = |s: &str| {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push_str(s);
        };
        match piece {
            Some(p) => push(p),
            None if c.is_ascii_alphanumeric() => push(c.encode_utf8(&mut [0; 4])),
            None => dash = true,
        }
    }
    if out.is_empty() { "sectie".into() } else { out }
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn folds_and_collapses() {
        assert_eq!(
            slugify("Zachte landing & terugval"),
            "zachte-landing-terugval"
        );
        assert_eq!(
            slugify("  Geëvalueerd: één keer!  "),
            "geevalueerd-een-keer"
        );
        assert_eq!(slugify("Fryslân"), "fryslan");
        assert_eq!(slugify("!!!"), "sectie");
    }
}
