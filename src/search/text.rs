//! Text to index terms: lower case, diacritics folded, split into words,
//! stop words dropped, stemmed. The theme's `search.js` folds and splits a
//! query the same way (without stemming: it matches a query word to the
//! stems it starts with, see [`super::matches`]).

use crate::render::slug::fold;
use rust_stemmers::{Algorithm, Stemmer};
use std::sync::Arc;

/// Words too common to search on, per content language. The list is also
/// written into the index, so the browser drops the same words.
pub fn stop_words(language: &str) -> &'static [&'static str] {
    if language == "en" {
        &[
            "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in",
            "is", "it", "of", "on", "or", "that", "the", "this", "to", "was", "with",
        ]
    } else {
        &[
            "aan", "al", "als", "bij", "dan", "dat", "de", "die", "dit", "door", "een", "en", "er",
            "het", "hij", "in", "is", "je", "met", "na", "naar", "niet", "nog", "of", "om", "ook",
            "op", "te", "tot", "uit", "van", "voor", "was", "wat", "wel", "wordt", "worden", "zij",
            "zijn",
        ]
    }
}

/// The stemmer for the content language (Dutch unless `site.yaml` says
/// `language: en`).
pub fn stemmer(language: &str) -> Stemmer {
    Stemmer::create(if language == "en" {
        Algorithm::English
    } else {
        Algorithm::Dutch
    })
}

/// Lower case with diacritics folded: `"Geëvalueerd"` -> `"geevalueerd"`.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // Nearly all of a Dutch text is ASCII, which needs no table.
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        for c in c.to_lowercase() {
            match fold(c) {
                Some(f) => out.push_str(f),
                None => out.push(c),
            }
        }
    }
    out
}

/// The words of already normalised text: runs of ASCII letters and digits
/// of at least two characters, stop words left out.
pub fn words<'a>(normalized: &'a str, stop: &'a [&'a str]) -> impl Iterator<Item = &'a str> {
    normalized
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(move |w| w.len() >= 2 && !stop.contains(w))
}

/// A stemmer that remembers: the same few thousand words come back in
/// every region, and stemming is the costly part of indexing.
pub struct Stems {
    stemmer: Stemmer,
    known: rustc_hash::FxHashMap<String, Arc<str>>,
}

impl Stems {
    pub fn new(language: &str) -> Stems {
        Stems {
            stemmer: stemmer(language),
            known: Default::default(),
        }
    }

    fn stem(&mut self, word: &str) -> Arc<str> {
        if let Some(s) = self.known.get(word) {
            return s.clone();
        }
        let s: Arc<str> = self.stemmer.stem(word).into();
        self.known.insert(word.to_string(), s.clone());
        s
    }
}

/// The index terms of `text`, one per word (repeats kept, for counting).
pub fn terms(text: &str, stems: &mut Stems, stop: &[&str]) -> Vec<Arc<str>> {
    let n = normalize(text);
    words(&n, stop)
        .map(|w| stems.stem(w))
        .filter(|s| s.len() >= 2)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_inflections_share_a_stem() {
        let s = &mut Stems::new("nl");
        let stop = stop_words("nl");
        assert_eq!(terms("convenanten", s, stop), terms("convenant", s, stop));
        assert_eq!(terms("woningen", s, stop), terms("woning", s, stop));
        assert_eq!(terms("Geëvalueerd", s, stop), terms("geevalueerd", s, stop));
        assert!(terms("de en van het", s, stop).is_empty());
    }
}
