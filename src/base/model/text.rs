//! Characters an editor cannot see. A title or an address that holds one
//! looks right in the editor and on the page, yet differs from what a
//! reader types or a partner links to (a zero-width space in a slug), or
//! turns the text around it (U+202E reverses what follows). They are
//! refused and named by their code point, since there is nothing to show.

/// Control characters and the invisible format characters: zero-width
/// spaces and joiners, direction marks and overrides, the byte order mark,
/// the soft hyphen.
pub fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// `U+202E (richtingsteken)`: the code point and, for the usual ones, what
/// it is, in Dutch.
pub fn code_point(c: char) -> String {
    let what = match c {
        '\0' => Some("NUL-teken"),
        '\u{00AD}' => Some("zacht afbreekstreepje"),
        '\u{200B}' => Some("spatie zonder breedte"),
        '\u{200C}' | '\u{200D}' | '\u{2060}' => Some("verbindingsteken zonder breedte"),
        '\u{FEFF}' => Some("bytevolgordeteken, BOM"),
        '\u{200E}'
        | '\u{200F}'
        | '\u{061C}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => Some("teken dat de schrijfrichting verandert"),
        c if c.is_control() => Some("stuurteken"),
        _ => None,
    };
    match what {
        Some(w) => format!("U+{:04X} ({w})", c as u32),
        None => format!("`{c}` (U+{:04X})", c as u32),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_named_by_code_point() {
        for c in [
            '\u{202E}', '\u{200B}', '\u{FEFF}', '\0', '\u{00AD}', '\u{2066}',
        ] {
            assert!(invisible(c), "{c:?}");
            assert!(code_point(c).starts_with("U+"), "{}", code_point(c));
        }
        assert_eq!(
            code_point('\u{202E}'),
            "U+202E (teken dat de schrijfrichting verandert)"
        );
        for c in ['a', 'é', ' ', '-', '€'] {
            assert!(!invisible(c), "{c:?}");
        }
    }
}
