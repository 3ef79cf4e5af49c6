//! The search index behind `/zoeken/` and the search box in the header.
//!
//! Every region, body section (heading), principle, agreement, lesson,
//! covenant, partner, theme, step and free page is an [`Entry`] with the
//! address of its exact anchor. Terms are stemmed at build time
//! ([`text`]); the browser matches a typed word to the stems it starts
//! with, so it needs no stemmer of its own ([`matches`]).
//!
//! The index is split so a page loads only what a query needs:
//! `zoeken/data/meta.json` (counts, shard names, labels), term shards by
//! the first letters of their stems, two or more as the shard's size asks
//! (`t/<xy>.json`, [`shards`]), and the documents in chunks of [`CHUNK`]
//! (`d/<n>.json`), fetched only for the hits shown. Each stem keeps the
//! [`MOST`] documents it weighs most in, and a query uses at most
//! [`MAX_WORDS`] words, so no query downloads more than about 100 KB.
//! [`search`] ranks exactly as `search.js` does, so tests can check what a
//! reader would find.

mod documents;
mod files;
mod index;
pub mod text;

pub use documents::documents;
pub use files::{write, write_in_batches};
pub use index::{
    Hit, Index, MAX_WORDS, MOST, SHARD_BUDGET, Term, index, matches, query_words, search, shard,
    shards, shards_for,
};

use serde::Serialize;

/// Documents per chunk file.
pub const CHUNK: usize = 40;

/// What a hit is, shown beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Kind {
    /// A region's playbook.
    Region,
    /// A part of a playbook's text, under one of its headings.
    Section,
    /// A principle of a playbook.
    Principle,
    /// A working agreement of a playbook.
    Agreement,
    /// A lesson of a playbook (programmes and their lessons are not
    /// indexed).
    Lesson,
    /// A covenant page.
    Covenant,
    /// An organisation.
    Partner,
    /// A theme.
    Theme,
    /// A step of the route.
    Step,
    /// A free page, or a part of one under a heading.
    Page,
}

/// The translation keys the search asks for: a label per [`Kind`].
pub fn translation_keys() -> Vec<String> {
    Kind::ALL.iter().map(|k| k.key().to_string()).collect()
}

impl Kind {
    /// Every kind, in the order of their codes in the index files.
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
pub struct Entry {
    /// Site path, with the anchor: `regio/x/#zachte-landing`.
    pub url: String,
    /// What the hit is called: the region's, heading's or page's name; for
    /// a principle, agreement or lesson, its theme's name.
    pub title: String,
    /// The region it belongs to, empty for partners, themes and pages.
    pub region: String,
    /// What kind of thing it is, shown beside the hit.
    pub kind: Kind,
    /// The plain text its words are found in, shown as a snippet; cut at
    /// about 900 bytes.
    pub text: String,
}
