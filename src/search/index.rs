//! The index itself: stems to documents with a weight, and the search
//! that ranks exactly as `search.js` does.

use super::*;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// A word in a title counts this many times a word in the text.
const TITLE_WEIGHT: u32 = 5;
const MAX_WEIGHT: u32 = 40;

/// Documents kept per stem: the ones it weighs most in. A word found in
/// nearly every document (`regio` on a site of 10,000 regions) would
/// otherwise make its shard a megabyte, for hits past any page a reader
/// pages through; the results say that there are more.
pub const MOST: usize = 500;

/// A query uses at most this many of its words, the longest: with each
/// word's shards under [`SHARD_BUDGET`], no query downloads more than about
/// 100 KB, however long it is typed.
pub const MAX_WORDS: usize = 4;

/// Bytes of JSON a term shard may hold before it is split by one more
/// letter: about 13 KB once compressed.
pub const SHARD_BUDGET: usize = 40_000;

/// The built index, as the files hold it.
#[derive(Debug, Default)]
pub struct Index {
    /// Every entry, in index order: a hit's `doc` is its place here.
    pub docs: Vec<Entry>,
    /// Stem -> its documents.
    pub terms: BTreeMap<String, Term>,
    /// The names of the term shards ([`shards`]).
    pub shards: BTreeSet<String>,
    /// The stop words of the site's language, which neither the index nor
    /// `search.js` counts.
    pub stop: &'static [&'static str],
}

/// (document, weight) of one stem, documents ascending.
type Postings = Vec<(u32, u32)>;

/// The documents of one stem.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Term {
    /// How many documents have the stem; its rarity (idf) counts them all.
    pub found: u32,
    /// The [`MOST`] documents it weighs most in, documents ascending.
    pub postings: Postings,
}

/// Stems every document. Title words weigh [`TITLE_WEIGHT`], the region's
/// name once, text words once per occurrence; capped so one long section
/// cannot drown the rest.
pub fn index(docs: Vec<Entry>, language: &str) -> Index {
    let mut indexer = Indexer::new(language);
    indexer.add(&docs);
    let (terms, stop) = indexer.finish();
    let shards = shards(&terms).into_keys().map(str::to_string).collect();
    Index {
        docs,
        terms,
        shards,
        stop,
    }
}

/// The index built a batch of documents at a time, numbered on from the
/// batches before (see [`index`]).
pub(super) struct Indexer {
    stop: &'static [&'static str],
    /// One stem cache per worker thread for the whole index: rayon's
    /// `map_init` would start an empty one for every piece of work it
    /// splits off. A piece counts by the numbers its cache gives the stems.
    caches: Vec<std::sync::Mutex<text::Stems>>,
    merged: FxHashMap<Arc<str>, Postings>,
    /// Documents weighed so far.
    pub(super) count: usize,
}

impl Indexer {
    pub(super) fn new(language: &str) -> Indexer {
        Indexer {
            stop: text::stop_words(language),
            caches: (0..rayon::current_num_threads().max(1))
                .map(|_| std::sync::Mutex::new(text::Stems::new(language)))
                .collect(),
            merged: FxHashMap::default(),
            count: 0,
        }
    }

    pub(super) fn add(&mut self, docs: &[Entry]) {
        // Each piece of documents is weighed on a worker thread into its
        // own posting lists; the pieces are then joined in document order,
        // so only the joining (one step per stem and piece, not per word)
        // is serial. The weighed words of a single document are the only
        // other thing held.
        const PIECE: usize = 1024;
        // Pieces are weighed a wave at a time and joined before the next
        // wave, so the pieces' own posting lists never add up to a whole
        // second index.
        const WAVE: usize = 8 * PIECE;
        let caches = &self.caches;
        for wave in docs.chunks(WAVE) {
            let first = self.count;
            let pieces: Vec<Vec<(Arc<str>, Postings)>> = wave
                .par_chunks(PIECE)
                .enumerate()
                .map(|(p, piece)| {
                    let slot = rayon::current_thread_index().unwrap_or(0) % caches.len();
                    let mut stems = caches[slot].lock().unwrap_or_else(|e| e.into_inner());
                    let stems = &mut *stems;
                    // By stem number: (document, weight).
                    let mut postings: Vec<Postings> = Vec::new();
                    let mut w: FxHashMap<u32, u32> = FxHashMap::default();
                    for (i, d) in piece.iter().enumerate() {
                        let doc = (first + p * PIECE + i) as u32;
                        stems.each_term(&d.title, |t| *w.entry(t).or_default() += TITLE_WEIGHT);
                        stems.each_term(&d.text, |t| *w.entry(t).or_default() += 1);
                        if d.region != d.title {
                            stems.each_term(&d.region, |t| {
                                w.entry(t).or_insert(1);
                            });
                        }
                        for (t, n) in w.drain() {
                            let t = t as usize;
                            if postings.len() <= t {
                                postings.resize_with(t + 1, Vec::new);
                            }
                            postings[t].push((doc, n.min(MAX_WEIGHT)));
                        }
                    }
                    postings
                        .into_iter()
                        .enumerate()
                        .filter(|(_, list)| !list.is_empty())
                        .map(|(t, list)| (stems.stem(t as u32).clone(), list))
                        .collect()
                })
                .collect();
            for piece in pieces {
                for (t, mut list) in piece {
                    self.merged.entry(t).or_default().append(&mut list);
                }
            }
            self.count += wave.len();
        }
    }

    /// The stems, sorted, with their documents (at most [`MOST`] each).
    pub(super) fn finish(self) -> (BTreeMap<String, Term>, &'static [&'static str]) {
        // Documents went in ascending; the stems are sorted once, here.
        let terms = self
            .merged
            .into_iter()
            .map(|(t, mut p)| {
                let found = p.len() as u32;
                if p.len() > MOST {
                    p.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                    p.truncate(MOST);
                    p.sort_unstable();
                }
                p.shrink_to_fit();
                (t.to_string(), Term { found, postings: p })
            })
            .collect();
        (terms, self.stop)
    }
}

/// The term shards, by name, with their stems. Every stem starts in the
/// shard of its first two letters; a shard over [`SHARD_BUDGET`] keeps only
/// the stems that end at its name and hands the others to shards one
/// letter longer, and so on. A typed word then needs only the shards whose
/// names start it (see [`shards_for`]).
pub fn shards(terms: &BTreeMap<String, Term>) -> BTreeMap<&str, Vec<&str>> {
    fn size(stem: &str, t: &Term) -> usize {
        let digits = |n: u32| n.checked_ilog10().unwrap_or(0) as usize + 1;
        stem.len()
            + 5
            + digits(t.found)
            + t.postings
                .iter()
                .map(|&(d, w)| digits(d) + digits(w) + 2)
                .sum::<usize>()
    }
    fn place<'a>(
        name: &'a str,
        stems: &[(&'a str, usize)],
        out: &mut BTreeMap<&'a str, Vec<&'a str>>,
    ) {
        let total: usize = stems.iter().map(|s| s.1).sum();
        let longer = stems.iter().any(|s| s.0.len() > name.len());
        if total <= SHARD_BUDGET || !longer {
            out.insert(name, stems.iter().map(|s| s.0).collect());
            return;
        }
        // One letter more than `name`: the stems start with `name`.
        let next = |stem: &'a str| {
            let more = stem[name.len()..].chars().next().map_or(0, char::len_utf8);
            &stem[..name.len() + more]
        };
        let (own, rest): (Vec<_>, Vec<_>) =
            stems.iter().copied().partition(|s| s.0.len() <= name.len());
        if !own.is_empty() {
            out.insert(name, own.iter().map(|s| s.0).collect());
        }
        for group in rest.chunk_by(|a, b| next(a.0) == next(b.0)) {
            place(next(group[0].0), group, out);
        }
    }
    let sized: Vec<(&str, usize)> = terms
        .iter()
        .map(|(s, t)| (s.as_str(), size(s, t)))
        .collect();
    let mut out = BTreeMap::new();
    for group in sized.chunk_by(|a, b| shard(a.0) == shard(b.0)) {
        place(shard(group[0].0), group, &mut out);
    }
    out
}

/// The shards a typed word needs: those whose names start it.
pub fn shards_for<'a>(word: &'a str, shards: &BTreeSet<String>) -> Vec<&'a str> {
    (1..=word.len())
        .filter_map(|n| word.get(..n))
        .filter(|p| shards.contains(*p))
        .collect()
}

/// The shard `stem` is in: the longest name that starts it.
fn shard_of<'a>(stem: &'a str, shards: &BTreeSet<String>) -> &'a str {
    (1..=stem.len())
        .rev()
        .filter_map(|n| stem.get(..n))
        .find(|p| shards.contains(*p))
        .unwrap_or_else(|| shard(stem))
}

/// The words of `query` a search uses: distinct, without stop words, the
/// [`MAX_WORDS`] longest.
pub fn query_words<'a>(normalized: &'a str, stop: &'a [&str]) -> Vec<&'a str> {
    let mut words: Vec<&str> = text::words(normalized, stop).collect();
    words.sort_unstable();
    words.dedup();
    words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    words.truncate(MAX_WORDS);
    words
}

/// How well a stem matches a typed word: 1 when the word is the stem or an
/// inflection of it (the stem starts it and is not much shorter), 0.5 when
/// the word is the start of the stem (still typing), else 0.
pub fn matches(stem: &str, word: &str) -> f64 {
    if stem == word || (word.starts_with(stem) && stem.len() >= 3.max(word.len().saturating_sub(4)))
    {
        1.0
    } else if word.len() >= 3 && stem.starts_with(word) {
        0.5
    } else {
        0.0
    }
}

/// The shard a stem or typed word lives in: its first two characters.
pub fn shard(term: &str) -> &str {
    term.get(..2).unwrap_or(term)
}

/// One ranked hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The entry's place in [`Index::docs`].
    pub doc: usize,
    /// The sum over the query's words of match × weight × idf; higher ranks
    /// first among hits that match as many words.
    pub score: f64,
}

/// Ranks the documents for `query`, as `search.js` does: each word scores a
/// document by its best matching stem (match × weight × idf); documents that
/// match more of the words come first, then by score, then in index order.
pub fn search(index: &Index, query: &str) -> Vec<Hit> {
    let n = text::normalize(query);
    let words = query_words(&n, index.stop);
    let total = index.docs.len() as f64;
    let mut found: HashMap<u32, (usize, f64)> = HashMap::new();
    for word in &words {
        let mut best: HashMap<u32, f64> = HashMap::new();
        let seen = shards_for(word, &index.shards)
            .into_iter()
            .flat_map(|name| {
                index
                    .terms
                    .range(name.to_string()..)
                    .take_while(move |(stem, _)| stem.starts_with(name))
                    .filter(move |(stem, _)| shard_of(stem, &index.shards) == name)
            });
        for (stem, term) in seen {
            let m = matches(stem, word);
            if m == 0.0 {
                continue;
            }
            let idf = (1.0 + total / f64::from(term.found.max(1))).ln();
            for &(d, w) in &term.postings {
                let s = m * f64::from(w) * idf;
                let e = best.entry(d).or_insert(0.0);
                if s > *e {
                    *e = s;
                }
            }
        }
        for (d, s) in best {
            let e = found.entry(d).or_insert((0, 0.0));
            e.0 += 1;
            e.1 += s;
        }
    }
    let mut hits: Vec<(usize, Hit)> = found
        .into_iter()
        .map(|(d, (count, score))| {
            (
                count,
                Hit {
                    doc: d as usize,
                    score,
                },
            )
        })
        .collect();
    hits.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.score.total_cmp(&a.1.score))
            .then(a.1.doc.cmp(&b.1.doc))
    });
    hits.into_iter().map(|(_, h)| h).collect()
}
