//! libyaml's and serde_yaml's syntax messages in the editors' language.
//! Every message has a Dutch text; one we do not know yet gets a Dutch
//! description of the usual causes, never the English original.

/// The Dutch for a syntax error; positions are left out because the caret
/// shows them in the file's own line numbers.
pub fn dutch(raw: &str) -> String {
    // Specific problems first, then the construct they occurred in.
    const KNOWN: [(&str, &str); 27] = [
        (
            "control characters are not allowed",
            "er staat een onzichtbaar stuurteken in de tekst (zoals een NUL-teken uit een ander programma); verwijder het",
        ),
        (
            "did not find expected ',' or '}'",
            "hier werd een komma of } verwacht; staat er een dubbele punt in de tekst, zet die dan tussen aanhalingstekens",
        ),
        (
            "did not find expected ',' or ']'",
            "hier werd een komma of ] verwacht; staat er een dubbele punt in de tekst, zet die dan tussen aanhalingstekens",
        ),
        (
            "mapping values are not allowed in this context",
            "een dubbele punt staat op een plek waar dat niet kan; zet de tekst tussen aanhalingstekens",
        ),
        (
            "mapping keys are not allowed in this context",
            "een `?` aan het begin van een waarde heeft in YAML een eigen betekenis; zet de tekst tussen aanhalingstekens",
        ),
        (
            "block sequence entries are not allowed in this context",
            "een `- ` staat op een plek waar geen lijst kan beginnen: een lijst begint op de regel ná het veld, met `- ` ingesprongen",
        ),
        (
            "did not find expected key",
            "de inspringing klopt niet: hier werd een nieuw veld verwacht",
        ),
        (
            "could not find expected ':'",
            "hier werd een veld verwacht (`naam: waarde`), maar de dubbele punt ontbreekt",
        ),
        (
            "did not find expected '-' indicator",
            "de inspringing van de lijst klopt niet",
        ),
        (
            "did not find expected node content",
            "hier ontbreekt een waarde: na een `- `, `[` of `,` hoort iets te staan",
        ),
        (
            "did not find expected comment or line break",
            "na deze waarde staat nog iets op dezelfde regel; zet de hele tekst tussen aanhalingstekens",
        ),
        (
            "found unknown escape character",
            "een `\\` in een tekst tussen dubbele aanhalingstekens begint een speciaal teken; schrijf `\\\\` of gebruik enkele aanhalingstekens",
        ),
        (
            "did not find expected hex",
            "een `\\x` of `\\u` in een tekst tussen dubbele aanhalingstekens moet een tekencode zijn; schrijf `\\\\` of gebruik enkele aanhalingstekens",
        ),
        (
            "found invalid Unicode character escape code",
            "een `\\u` in een tekst tussen dubbele aanhalingstekens noemt een teken dat niet bestaat; gebruik enkele aanhalingstekens",
        ),
        (
            "did not find expected alphabetic or numeric character",
            "na `&` of `*` verwacht YAML de naam van een anker; zet een tekst die zo begint tussen aanhalingstekens",
        ),
        (
            "unknown anchor",
            "een `*` aan het begin van een waarde verwijst in YAML naar een anker `&naam` dat hier niet bestaat; zet de tekst tussen aanhalingstekens",
        ),
        (
            "found undefined tag handle",
            "een `!` aan het begin van een waarde heeft in YAML een eigen betekenis; zet de tekst tussen aanhalingstekens",
        ),
        (
            "found character that cannot start any token",
            "een teken dat een waarde niet mag beginnen (zoals een tab, @ of `); zet de tekst tussen aanhalingstekens",
        ),
        (
            "found a tab character",
            "er staat een tab; gebruik spaties om in te springen",
        ),
        (
            "more than one document",
            "er staat een regel `---` of `...` tussen de velden; haal die weg",
        ),
        (
            "did not find expected <document start>",
            "er staat iets na het einde van de velden; haal de regel `...` weg",
        ),
        ("duplicate key", "een veld staat twee keer in dit bestand"),
        (
            "while scanning a quoted scalar",
            "een tekst tussen aanhalingstekens wordt niet afgesloten",
        ),
        (
            "while parsing a flow sequence",
            "een lijst tussen [ en ] wordt niet goed afgesloten",
        ),
        (
            "while parsing a flow mapping",
            "velden tussen { en } worden niet goed afgesloten",
        ),
        (
            "found unexpected end of stream",
            "de velden houden midden in een waarde op; sluit aanhalingstekens en haakjes",
        ),
        (
            "invalid leading UTF-8 octet",
            "er staat een teken dat geen geldige UTF-8 is; sla het bestand op als UTF-8",
        ),
    ];
    KNOWN
        .iter()
        .find(|(en, _)| raw.contains(en))
        .map(|(_, nl)| nl.to_string())
        .unwrap_or_else(|| {
            "de opbouw van de velden klopt hier niet (inspringing, een dubbele punt, aanhalingstekens of haakjes)".to_string()
        })
}

#[cfg(test)]
mod tests {
    /// Every syntax error an editor can make in one line gets Dutch.
    #[test]
    fn no_english_reaches_an_editor() {
        for yaml in [
            "province: *anker\n",
            "province: \"a\\q\"\n",
            "province: - x\n",
            "province: [a, b\n",
            "province: 'abc\n",
            "province: a: b\n",
            "province x\ntitle: y\n",
            "province: \"a\\xZZ\"\n",
            "province: !foo!bar x\n",
            "province: [a, , b]\n",
            "province: & x\n",
            "province: \"a\" b\n",
            "title: a\n...\nb: c\n",
            "province: {a: b\n",
            "- a\nb: c\n",
        ] {
            let Err(e) = serde_yaml::from_str::<serde_yaml::Value>(yaml) else {
                continue;
            };
            let raw = e.to_string();
            let nl = super::dutch(&raw);
            for en in [
                "found",
                "expected",
                "while",
                "not allowed",
                "unknown",
                "could not",
            ] {
                assert!(!nl.contains(en), "{yaml:?}: {raw} -> {nl}");
            }
            assert!(
                !nl.starts_with("de opbouw van de velden"),
                "a known message for {yaml:?}: {raw}"
            );
        }
    }
}
