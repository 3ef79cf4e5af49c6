//! The index as files: documents in chunks, term shards by the first
//! letters of their stems ([`shards`]) and `meta.json`, written a batch of
//! regions at a time.

use super::documents::{other_documents, regions_documents};
use super::index::{Indexer, Term, shards};
use super::*;
use crate::base::output::{Body, OutFile};
use crate::base::paths;
use crate::render::RegionText;
use crate::resolve::Site;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

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

    /// A stem as the browser reads it: `[found, doc, weight, doc, ...]`.
    struct Flat<'a>(&'a Term);
    impl Serialize for Flat<'_> {
        fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
            let postings = self.0.postings.iter().flat_map(|&(d, w)| [d, w]);
            ser.collect_seq(std::iter::once(self.0.found).chain(postings))
        }
    }
    let shards = shards(&terms);
    let shard_list: Vec<(&&str, &Vec<&str>)> = shards.iter().collect();
    shard_list.par_iter().for_each(|(name, stems)| {
        let map: BTreeMap<&str, Flat> = stems
            .iter()
            .filter_map(|s| terms.get_key_value(*s))
            .map(|(s, t)| (s.as_str(), Flat(t)))
            .collect();
        put(json_file(
            format!("{}t/{name}.json", paths::SEARCH_DATA),
            &map,
        ))
    });
    let meta = serde_json::json!({
        "version": 2,
        "docs": count,
        "most": super::index::MOST,
        "words": super::index::MAX_WORDS,
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
    rest: Vec<Entry>,
    /// Number of the next file.
    next: usize,
}

impl Chunks {
    fn write(&mut self, docs: Vec<Entry>, put: &(dyn Fn(OutFile) + Sync)) {
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
fn chunk_file(n: usize, docs: &[Entry]) -> OutFile {
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
