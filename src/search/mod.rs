//! The search index behind `/zoeken/` and the search box in the header.
//!
//! Every region, body section (heading), principle, agreement, lesson,
//! covenant, partner, theme, step and free page is a [`Document`] with the
//! address of its exact anchor. Terms are stemmed at build time
//! ([`text`]); the browser matches a typed word to the stems it starts
//! with, so it needs no stemmer of its own ([`matches`]).
//!
//! The index is split so a page loads only what a query needs:
//! `zoeken/data/meta.json` (counts, shard names, labels), one term shard
//! per first two letters (`t/<xy>.json`) and the documents in chunks of
//! [`CHUNK`] (`d/<n>.json`), fetched only for the hits shown.
//! [`search`] ranks exactly as `search.js` does, so tests can check what a
//! reader would find.

pub mod text;

use crate::base::output::{Body, OutFile};
use crate::base::paths;
use crate::render::RegionText;
use crate::render::markdown;
use crate::resolve::Site;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Documents per chunk file.
pub const CHUNK: usize = 40;
/// Snippet text kept per document, in bytes (cut at a word).
const TEXT_CAP: usize = 900;
/// A word in a title counts this many times a word in the text.
const TITLE_WEIGHT: u32 = 5;
const MAX_WEIGHT: u32 = 40;

/// What a hit is, shown beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Kind {
    Region,
    Section,
    Principle,
    Agreement,
    Lesson,
    Covenant,
    Partner,
    Theme,
    Step,
    Page,
}

/// The translation keys the search asks for: a label per [`Kind`].
pub fn translation_keys() -> Vec<String> {
    Kind::ALL.iter().map(|k| k.key().to_string()).collect()
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::Region,
        Kind::Section,
        Kind::Principle,
        Kind::Agreement,
        Kind::Lesson,
        Kind::Covenant,
        Kind::Partner,
        Kind::Theme,
        Kind::Step,
        Kind::Page,
    ];

    /// Key of the label in the theme's translations.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Region => "search_kind_region",
            Kind::Section => "search_kind_section",
            Kind::Principle => "search_kind_principle",
            Kind::Agreement => "search_kind_agreement",
            Kind::Lesson => "search_kind_lesson",
            Kind::Covenant => "search_kind_covenant",
            Kind::Partner => "search_kind_partner",
            Kind::Theme => "search_kind_theme",
            Kind::Step => "search_kind_step",
            Kind::Page => "search_kind_page",
        }
    }

    fn code(self) -> usize {
        Kind::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }
}

/// One thing a search can find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Site path, with the anchor: `regio/x/#zachte-landing`.
    pub url: String,
    pub title: String,
    /// The region it belongs to, empty for partners, themes and pages.
    pub region: String,
    pub kind: Kind,
    pub text: String,
}

/// The built index, as the files hold it.
#[derive(Debug, Default)]
pub struct Index {
    pub docs: Vec<Document>,
    /// Stem -> (document, weight), documents ascending.
    pub terms: BTreeMap<String, Postings>,
    pub stop: &'static [&'static str],
}

/// Every document of the site, in a stable order: the order [`write`]
/// numbers them in.
pub fn documents(site: &Site) -> Vec<Document> {
    let known = site.regions.iter().map(|_| None).collect();
    let mut docs = regions_documents(site, &site.regions, known);
    docs.extend(other_documents(site));
    docs
}

/// The documents of `regions` (a run of the site's regions), with the body
/// texts `known` holds for them.
fn regions_documents(
    site: &Site,
    regions: &[crate::resolve::Region],
    known: Vec<Option<RegionText>>,
) -> Vec<Document> {
    let per_region: Vec<Vec<Document>> = regions
        .par_iter()
        .zip(known.into_par_iter())
        .map(|(r, text)| region_documents(site, r, text))
        .collect();
    let mut docs: Vec<Document> = per_region.into_iter().flatten().collect();
    docs.iter_mut().for_each(|d| cap(&mut d.text));
    docs
}

/// The partners, themes, steps and free pages, after the regions.
fn other_documents(site: &Site) -> Vec<Document> {
    let plain = |s: &str| markdown::plain(s);
    // A national site has thousands of partners, each a Markdown body.
    let mut docs: Vec<Document> = site
        .partners
        .par_iter()
        .map(|p| Document {
            url: paths::partner(&p.id),
            title: p.meta.title.clone(),
            region: String::new(),
            kind: Kind::Partner,
            text: plain(p.body()),
        })
        .collect();
    for t in &site.themes {
        docs.push(Document {
            url: paths::theme(&t.id),
            title: t.meta.title.clone(),
            region: String::new(),
            kind: Kind::Theme,
            text: plain(t.body()),
        });
    }
    for s in &site.steps {
        let mut text = s.meta.purpose.clone().unwrap_or_default();
        text.push(' ');
        text.push_str(&plain(s.body()));
        docs.push(Document {
            url: paths::step(&s.id),
            title: s.meta.title.clone(),
            region: String::new(),
            kind: Kind::Step,
            text,
        });
    }
    for p in &site.pages {
        let url = format!("{}/", p.id);
        sections(
            &mut docs,
            &markdown::render(p.body(), "/", &[]).sections,
            &url,
            &p.meta.title,
            "",
            Kind::Page,
        );
    }
    docs.iter_mut().for_each(|d| cap(&mut d.text));
    docs
}

/// A region, its body sections, principles, agreements, lessons and
/// covenant. Anchors are the ones its page uses.
fn region_documents(
    site: &Site,
    r: &crate::resolve::Region,
    known: Option<RegionText>,
) -> Vec<Document> {
    let m = r.meta();
    let url = crate::base::paths::region(r.slug());
    let body = known.unwrap_or_else(|| {
        RegionText::of(markdown::render(
            r.src.doc.body(),
            "/",
            &crate::base::paths::REGION_ANCHORS,
        ))
    });
    let mut about = vec![m.province.clone().unwrap_or_default()];
    about.extend(m.municipalities.iter().cloned());
    about.push(body.summary.clone());
    let mut docs = vec![Document {
        url: url.clone(),
        title: m.title.clone(),
        region: m.title.clone(),
        kind: Kind::Region,
        text: about.join(" ").trim().to_string(),
    }];
    sections(
        &mut docs,
        &body.sections,
        &url,
        &m.title,
        &m.title,
        Kind::Section,
    );
    let items = [
        (Kind::Principle, "principe", &m.principles),
        (Kind::Agreement, "afspraak", &m.agreements),
    ];
    for (kind, prefix, list) in items {
        for (i, s) in list.iter().enumerate() {
            docs.push(item(
                format!("{url}#{prefix}-{}", i + 1),
                &s.text,
                &m.title,
                kind,
                site,
                &s.theme,
            ));
        }
    }
    for (i, l) in m.lessons.iter().enumerate() {
        docs.push(item(
            format!("{url}#{}", paths::lesson_anchor(i + 1)),
            &l.text,
            &m.title,
            Kind::Lesson,
            site,
            &l.theme,
        ));
    }
    if let Some(c) = &m.covenant {
        let mut text: Vec<String> = Vec::new();
        text.extend(c.distribution_key.clone());
        for e in &c.elements {
            if let Some(&i) = site.element_ix.get(e) {
                text.push(site.elements[i].meta.title.clone());
            }
        }
        docs.push(Document {
            url: crate::base::paths::covenant(r.slug()),
            title: c.name.clone().unwrap_or_else(|| m.title.clone()),
            region: m.title.clone(),
            kind: Kind::Covenant,
            text: text.join(". "),
        });
    }
    docs
}

/// A principle, agreement or lesson: its theme's name is its title, so a
/// hit reads "Zachte landing – Zeeland".
fn item(url: String, md: &str, region: &str, kind: Kind, site: &Site, theme: &str) -> Document {
    let title = site
        .theme_ix
        .get(theme)
        .map(|&i| site.themes[i].meta.title.clone())
        .unwrap_or_else(|| theme.to_string());
    Document {
        url,
        title,
        region: region.to_string(),
        kind,
        text: markdown::plain(md),
    }
}

/// One document per heading of `body`; text before the first heading
/// belongs to the page itself.
fn sections(
    docs: &mut Vec<Document>,
    body: &[markdown::Section],
    url: &str,
    page_title: &str,
    region: &str,
    kind: Kind,
) {
    for s in body {
        let text = s.text.trim();
        match &s.id {
            Some(id) => docs.push(Document {
                url: format!("{url}#{id}"),
                title: s.title.clone(),
                region: region.to_string(),
                kind,
                text: text.to_string(),
            }),
            // A region's lead text is in its region document already.
            None if kind == Kind::Section || text.is_empty() => {}
            None => docs.push(Document {
                url: url.to_string(),
                title: page_title.to_string(),
                region: region.to_string(),
                kind,
                text: text.to_string(),
            }),
        }
    }
}

fn cap(text: &mut String) {
    if text.len() <= TEXT_CAP {
        return;
    }
    let mut end = TEXT_CAP;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = text[..end].rfind(' ').unwrap_or(end);
    text.truncate(cut);
    text.push('…');
}

/// (document, weight) of one stem, documents ascending.
type Postings = Vec<(u32, u32)>;

/// Stems every document. Title words weigh [`TITLE_WEIGHT`], the region's
/// name once, text words once per occurrence; capped so one long section
/// cannot drown the rest.
pub fn index(docs: Vec<Document>, language: &str) -> Index {
    let mut indexer = Indexer::new(language);
    indexer.add(&docs);
    let (terms, stop) = indexer.finish();
    Index { docs, terms, stop }
}

/// The index built a batch of documents at a time, numbered on from the
/// batches before (see [`index`]).
struct Indexer {
    stop: &'static [&'static str],
    /// One stem cache per worker thread for the whole index: rayon's
    /// `map_init` would start an empty one for every piece of work it
    /// splits off. A piece counts by the numbers its cache gives the stems.
    caches: Vec<std::sync::Mutex<text::Stems>>,
    merged: FxHashMap<Arc<str>, Postings>,
    /// Documents weighed so far.
    count: usize,
}

impl Indexer {
    fn new(language: &str) -> Indexer {
        Indexer {
            stop: text::stop_words(language),
            caches: (0..rayon::current_num_threads().max(1))
                .map(|_| std::sync::Mutex::new(text::Stems::new(language)))
                .collect(),
            merged: FxHashMap::default(),
            count: 0,
        }
    }

    fn add(&mut self, docs: &[Document]) {
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

    /// The stems, sorted, with their postings.
    fn finish(self) -> (BTreeMap<String, Postings>, &'static [&'static str]) {
        // Documents went in ascending; the stems are sorted once, here.
        let terms = self
            .merged
            .into_iter()
            .map(|(t, mut p)| {
                p.shrink_to_fit();
                (t.to_string(), p)
            })
            .collect();
        (terms, self.stop)
    }
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
    pub doc: usize,
    pub score: f64,
}

/// Ranks the documents for `query`, as `search.js` does: each word scores a
/// document by its best matching stem (match × weight × idf); documents that
/// match more of the words come first, then by score, then in index order.
pub fn search(index: &Index, query: &str) -> Vec<Hit> {
    let n = text::normalize(query);
    let mut words: Vec<&str> = text::words(&n, index.stop).collect();
    words.sort_unstable();
    words.dedup();
    let total = index.docs.len() as f64;
    let mut found: HashMap<u32, (usize, f64)> = HashMap::new();
    for word in &words {
        let mut best: HashMap<u32, f64> = HashMap::new();
        let prefix = shard(word);
        for (stem, postings) in index.terms.range(prefix.to_string()..) {
            if !stem.starts_with(prefix) {
                break;
            }
            let m = matches(stem, word);
            if m == 0.0 {
                continue;
            }
            let idf = (1.0 + total / postings.len() as f64).ln();
            for &(d, w) in postings {
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

/// Region documents indexed and written per batch: a few thousand
/// documents, against some hundred thousand for a national site.
const REGION_BATCH: usize = 512;

/// Builds the search index of the site and hands its files to `put`: the
/// documents in chunks of [`CHUNK`], a term shard per first two letters,
/// and `meta.json`. The documents of the regions are made, indexed and
/// written a batch of regions at a time, so those of all regions are never
/// held at once: together they were the largest part of a big build's
/// peak memory. `known` holds the body texts the region pages left.
pub fn write(
    site: &Site,
    known: Vec<Option<RegionText>>,
    kinds: &[String],
    put: &(dyn Fn(OutFile) + Sync),
) {
    write_in_batches(site, known, kinds, put, REGION_BATCH);
}

/// [`write`] with `batch` regions at a time; the files are the same for
/// every batch size (tests/search.rs holds it to that).
#[doc(hidden)]
pub fn write_in_batches(
    site: &Site,
    mut known: Vec<Option<RegionText>>,
    kinds: &[String],
    put: &(dyn Fn(OutFile) + Sync),
    batch: usize,
) {
    known.resize_with(site.regions.len(), || None);
    let mut indexer = Indexer::new(&site.config.language);
    let mut chunks = Chunks::default();
    let mut known = known.into_iter();
    for regions in site.regions.chunks(batch.max(1)) {
        let texts: Vec<Option<RegionText>> = known.by_ref().take(regions.len()).collect();
        let docs = regions_documents(site, regions, texts);
        indexer.add(&docs);
        chunks.write(docs, put);
    }
    let docs = other_documents(site);
    indexer.add(&docs);
    chunks.write(docs, put);
    chunks.finish(put);
    let count = indexer.count;
    let (terms, stop) = indexer.finish();

    /// A posting list as the browser reads it: `[doc, weight, doc, ...]`.
    struct Flat<'a>(&'a [(u32, u32)]);
    impl Serialize for Flat<'_> {
        fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
            ser.collect_seq(self.0.iter().flat_map(|&(d, w)| [d, w]))
        }
    }
    let mut shards: BTreeMap<&str, BTreeMap<&str, Flat>> = BTreeMap::new();
    for (stem, postings) in &terms {
        shards
            .entry(shard(stem))
            .or_default()
            .insert(stem.as_str(), Flat(postings));
    }
    let shard_list: Vec<(&&str, &BTreeMap<&str, Flat>)> = shards.iter().collect();
    shard_list.par_iter().for_each(|(name, map)| {
        put(json_file(
            format!("{}t/{name}.json", paths::SEARCH_DATA),
            map,
        ))
    });
    let meta = serde_json::json!({
        "version": 1,
        "docs": count,
        "chunk": CHUNK,
        "shards": shards.keys().collect::<Vec<_>>(),
        "kinds": kinds,
        "stop": stop,
    });
    put(json_file(format!("{}meta.json", paths::SEARCH_DATA), &meta));
}

/// The document files: every [`CHUNK`] documents in order make one, and
/// the last may be shorter.
#[derive(Default)]
struct Chunks {
    /// Documents of the next file, fewer than [`CHUNK`].
    rest: Vec<Document>,
    /// Number of the next file.
    next: usize,
}

impl Chunks {
    fn write(&mut self, docs: Vec<Document>, put: &(dyn Fn(OutFile) + Sync)) {
        let mut docs = std::mem::take(&mut self.rest)
            .into_iter()
            .chain(docs)
            .collect::<Vec<_>>();
        let whole = docs.len() / CHUNK * CHUNK;
        self.rest = docs.split_off(whole);
        let first = self.next;
        self.next += whole / CHUNK;
        docs.par_chunks(CHUNK)
            .enumerate()
            .for_each(|(i, chunk)| put(chunk_file(first + i, chunk)));
    }

    fn finish(self, put: &(dyn Fn(OutFile) + Sync)) {
        if !self.rest.is_empty() {
            put(chunk_file(self.next, &self.rest));
        }
    }
}

/// `d/<n>.json`: per document its address, title, region, kind and text.
fn chunk_file(n: usize, docs: &[Document]) -> OutFile {
    let rows: Vec<(&str, &str, &str, usize, &str)> = docs
        .iter()
        .map(|d| {
            (
                d.url.as_str(),
                d.title.as_str(),
                d.region.as_str(),
                d.kind.code(),
                d.text.as_str(),
            )
        })
        .collect();
    json_file(format!("{}d/{n}.json", paths::SEARCH_DATA), &rows)
}

fn json_file(path: String, value: &impl Serialize) -> OutFile {
    OutFile {
        path,
        body: Body::Bytes(serde_json::to_vec(value).unwrap_or_default()),
        page: false,
    }
}
