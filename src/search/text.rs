//! Text to index terms: lower case, diacritics folded, split into words,
//! stop words dropped, stemmed. The theme's `search.js` folds and splits a
//! query the same way (without stemming: it matches a query word to the
//! stems it starts with, see [`super::matches`]).

use crate::base::slug::fold;
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
/// every region, and stemming is the costly part of indexing. Each stem
/// gets a number, so counting terms hashes a number, not a string; a stop
/// word, or a word whose stem is too short, is answered by the same lookup.
pub struct Stems {
    stemmer: Stemmer,
    stop: &'static [&'static str],
    /// Word -> its stem's number, `None` for a word that is no term.
    known: rustc_hash::FxHashMap<String, Option<u32>>,
    /// Stem -> its number, and the stems by number.
    numbers: rustc_hash::FxHashMap<Arc<str>, u32>,
    stems: Vec<Arc<str>>,
}

impl Stems {
    /// A stemmer for `language`: English for `en`, Dutch for any other.
    pub fn new(language: &str) -> Stems {
        Stems {
            stemmer: stemmer(language),
            stop: stop_words(language),
            known: Default::default(),
            numbers: Default::default(),
            stems: Vec::new(),
        }
    }

    fn number(&mut self, word: &str) -> Option<u32> {
        if let Some(n) = self.known.get(word) {
            return *n;
        }
        let n = if self.stop.contains(&word) {
            None
        } else {
            let stem: Arc<str> = self.stemmer.stem(word).into();
            (stem.len() >= 2).then(|| {
                let next = self.stems.len() as u32;
                *self.numbers.entry(stem.clone()).or_insert_with(|| {
                    self.stems.push(stem);
                    next
                })
            })
        };
        self.known.insert(word.to_string(), n);
        n
    }

    /// The stem numbered `n` by [`Stems::each_term`].
    pub fn stem(&self, n: u32) -> &Arc<str> {
        &self.stems[n as usize]
    }

    /// Calls `f` with the number of each index term of `text`, one per
    /// word (repeats kept, for counting).
    pub fn each_term(&mut self, text: &str, mut f: impl FnMut(u32)) {
        let n = normalize(text);
        for w in words(&n, &[]) {
            if let Some(t) = self.number(w) {
                f(t);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index terms of `text`, one per word (repeats kept).
    fn terms(text: &str, stems: &mut Stems) -> Vec<Arc<str>> {
        let mut numbers = Vec::new();
        stems.each_term(text, |t| numbers.push(t));
        numbers.into_iter().map(|t| stems.stem(t).clone()).collect()
    }

    #[test]
    fn dutch_inflections_share_a_stem() {
        let s = &mut Stems::new("nl");
        assert_eq!(terms("convenanten", s), terms("convenant", s));
        assert_eq!(terms("woningen", s), terms("woning", s));
        assert_eq!(terms("Geëvalueerd", s), terms("geevalueerd", s));
        assert!(terms("de en van het", s).is_empty());
        // Stop words and repeats, in the order of the text.
        let t = terms("De woningen en de woning van het convenant", s);
        let t: Vec<&str> = t.iter().map(|t| &**t).collect();
        assert_eq!(t, ["woning", "woning", "convenant"]);
    }
}
