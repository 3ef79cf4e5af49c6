//! What the playbook and covenant pages of a region receive.

use super::*;
use serde::Serialize;

/// A region's row in the table on the home page (`rows/regions.html`).
#[derive(Debug, Clone, Serialize)]
pub struct RegionRow {
    /// The region's name, e.g. `Zuid-Kennemerland en IJmond`.
    pub title: String,
    /// Address of the region's playbook.
    pub url: String,
    /// The region's province, or empty when unknown.
    pub province: String,
    /// The kind of agreement in the site's language (`pact`), or empty when
    /// unknown.
    pub kind: String,
    /// The region's standing in the site's language (`ondertekend`): what
    /// follows from the covenant's kind and status together, not the status
    /// itself (see [`crate::resolve::Standing`]).
    pub status: String,
    /// CSS class of the standing (`ondertekend`, `voorbereiding`, ...), so
    /// a theme can mark it; the text says it too, colour alone never does.
    pub standing_class: String,
    /// The year the covenant was signed (`2020`), or empty when unknown.
    pub year: String,
}

/// The signed covenant document: an attachment in the region folder or a
/// document on another site.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// Address of the attachment on this site, or the external URL.
    pub url: String,
    /// The attachment's file name (`pact.pdf`); for an external document,
    /// its URL.
    pub name: String,
    /// `true` for a document on another site (`document: https://...`).
    pub external: bool,
    /// "PDF, 312 kB" for attachments.
    pub details: String,
}

/// A region's covenant as the facts box of the playbook and the covenant
/// page show it. A text the editor left out is empty, a number or date
/// `None`: show `t.unknown` then, never 0.
#[derive(Debug, Clone, Serialize)]
pub struct CovenantView {
    /// The name of the agreements (`Uitstroomregeling Pact`), or empty.
    pub name: String,
    /// The kind of agreement in the site's language (`pact`), or empty.
    pub kind: String,
    /// The covenant's status in the site's language (`ondertekend`), or
    /// empty; the region's standing, which also weighs the kind, is in
    /// [`RegionView::standing`].
    pub status: String,
    /// When the status was last known, as readers read it ("stand december
    /// 2018"), or empty when the editor did not say (`status_as_of`).
    pub status_as_of: String,
    /// CSS class of the region's standing, as in
    /// [`RegionRow::standing_class`].
    pub standing_class: String,
    /// `false` for a policy plan (`beleidsplan`), which is not an
    /// agreement between parties: pages leave out what only a signed
    /// agreement has (signing date, signatories) and never call it signed.
    pub is_agreement: bool,
    /// `true` when the block names no kind and no status: it only says
    /// that no agreements were known on a date (`status_as_of`), so pages
    /// show that stand and no facts of an agreement that is not there.
    pub no_agreement: bool,
    /// When the covenant was signed.
    pub signed: Option<DateView>,
    /// How many parties signed it (1 to 1000).
    pub signatories: Option<u32>,
    /// How many years it runs (0.1 to 100, decimals allowed).
    pub term_years: Option<f64>,
    /// The term as readers read it ("10 jaar", "2,5 jaar", "tot december
    /// 2025", or both), or empty: show `t.unknown` then.
    pub term: String,
    /// How many homes a year the parties agreed on (0 to 100,000).
    pub homes_per_year: Option<u32>,
    /// The homes as readers read them: the number a year, or the share of
    /// the homes that come free ("5% van de vrijkomende woningen per
    /// jaar"), or both; empty when unknown.
    pub homes: String,
    /// Within how long a home is offered ("3 maanden"), or empty when the
    /// source does not say (then the row is left out).
    pub offer_within: String,
    /// Who the agreement is for, as labels in the site's language; empty
    /// when the source does not say (then the row is left out).
    pub target_groups: Vec<String>,
    /// "niet bevestigd" beside each fact a source gives as uncertain.
    pub unconfirmed: UnconfirmedView,
    /// The marker to the source of these facts (`covenant.source`).
    pub source: Option<SourceMark>,
    /// How the homes are divided, in the editor's words
    /// (`gelijk verdeeld over de gemeenten`), or empty.
    pub distribution_key: String,
    /// The signed document, when the editor named one in `document`.
    pub document: Option<DocumentView>,
    /// What the covenant arranges (`covenant.elements`), as the titles of
    /// those elements in the editor's order; their `url` is always empty.
    pub elements: Vec<Link>,
    /// Address of the covenant page (`/regio/<slug>/convenant/`).
    pub url: String,
    /// The covenant page's absolute address: the permanent link partners
    /// cite and link to.
    pub permalink: String,
}

/// A partner and a region it works in: on a playbook the organisation, on a
/// partner's page the region.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerInRegion {
    /// The organisation's name on a playbook, the region's name on a
    /// partner's page.
    pub title: String,
    /// Address of the partner's page, or of the region's playbook.
    pub url: String,
    /// The partner's role in the region as the playbook gives it
    /// (`regionale uitvoeringsorganisatie`), or empty.
    pub role: String,
}

/// A region's partners of one kind, under a heading such as `Gemeenten`.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerGroup {
    /// The heading: the kind of organisation, plural, in the site's
    /// language.
    pub kind: String,
    /// The partners of this kind, in the order the playbook lists them.
    pub partners: Vec<PartnerInRegion>,
}

/// A principle, agreement or lesson as shown in a playbook.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    /// Anchor on the region page.
    pub anchor: String,
    /// The text as inline HTML, Markdown already rendered (use `| safe`).
    pub html: String,
    /// The theme the item is tagged with, linked to the theme's page.
    pub theme: Link,
    /// Who said it (`quote_by` of a lesson), or empty: always empty for
    /// principles and agreements.
    pub quote_by: String,
    /// The marker to the source that gives it, when the editor named one.
    pub source: Option<SourceMark>,
}

/// A numbered marker from a statement to its entry in the page's list of
/// sources: `[2]`, linking to `#bron-<id>`.
#[derive(Debug, Clone, Serialize)]
pub struct SourceMark {
    /// The source's place in the list, from 1.
    pub number: usize,
    /// Link to the entry (`#bron-p31`).
    pub url: String,
}

/// One entry of a playbook's process timeline.
#[derive(Debug, Clone, Serialize)]
pub struct ProcessView {
    /// `stap-N`, N the entry's position in the editor's list: stable.
    pub anchor: String,
    /// When it happened; `None` when the editor gave no date.
    pub date: Option<DateView>,
    /// The title of the step (`Ondertekening`).
    pub step: String,
    /// Address of the step's page (`/aanpak/<step>/`).
    pub step_url: String,
    /// What happened in the step, as inline HTML.
    pub html: String,
    /// The marker to the source that gives it, when the editor named one.
    pub source: Option<SourceMark>,
}

/// One source in the list of sources at the bottom of a page.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// The title of the article or report.
    pub title: String,
    /// Link to the source, or empty.
    pub url: String,
    /// The publication date as readers see it (`12 juni 2023`), or empty.
    pub date: String,
    /// Who published it (`Platform31`), or empty.
    pub publisher: String,
    /// The entry's anchor (`bron-p31`) when statements point at it by id,
    /// or empty.
    pub anchor: String,
}

/// One entry of a page's table of contents: a `##` heading of its text.
#[derive(Debug, Clone, Serialize)]
pub struct HeadingView {
    /// The heading's anchor (`aanleiding`), without `#`.
    pub id: String,
    /// The heading's text.
    pub title: String,
}

/// A region as `region.html` and `covenant.html` get it as `region`. On the
/// covenant page the lists only the playbook shows (`principles`,
/// `agreements`, `process`, `lessons`, `related`) and `body_html` and `toc`
/// are empty.
#[derive(Debug, Clone, Serialize)]
pub struct RegionView {
    /// The region's folder name and the last part of its address
    /// (`zuid-kennemerland-ijmond`).
    pub slug: String,
    /// The region's agreements over time, oldest first, ending with the
    /// one in force; empty when the playbook has no `earlier:`.
    pub history: Vec<AgreementStep>,
    /// The region's name as readers see it, e.g.
    /// `Zuid-Kennemerland en IJmond`.
    pub title: String,
    /// Address of the region's playbook (`/regio/<slug>/`).
    pub url: String,
    /// The region's province, or empty when unknown.
    pub province: String,
    /// The municipalities in the region, in the editor's order; may be
    /// empty.
    pub municipalities: Vec<String>,
    /// The national programme the region is part of, linked to its page.
    pub programme: Option<Link>,
    /// Where the region stands, in the site's language (`ondertekend`):
    /// follows from the covenant's kind and status together (see
    /// [`crate::resolve::Standing`]).
    pub standing: String,
    /// CSS class of the standing, as in [`RegionRow::standing_class`].
    pub standing_class: String,
    /// The covenant's facts; `None` when the playbook has no `covenant:`.
    pub covenant: Option<CovenantView>,
    /// The region's partners, grouped by kind in a fixed order of kinds;
    /// kinds without partners are left out.
    pub partner_groups: Vec<PartnerGroup>,
    /// The principles, anchored `#principe-1`, `#principe-2`, ...
    pub principles: Vec<ItemView>,
    /// The working agreements, anchored `#afspraak-1`, `#afspraak-2`, ...
    pub agreements: Vec<ItemView>,
    /// The process timeline: by date when every entry has one, otherwise in
    /// the editor's order.
    pub process: Vec<ProcessView>,
    /// The lessons, anchored `#les-1`, `#les-2`, ...
    pub lessons: Vec<ItemView>,
    /// The sources, shown under the playbook and under the covenant page.
    pub sources: Vec<SourceView>,
    /// The playbook's own text as HTML.
    pub body_html: String,
    /// The `##` headings of the playbook's text, for "Op deze pagina".
    pub toc: Vec<HeadingView>,
    /// The regions most like this one, best first (at most three).
    pub related: Vec<RelatedView>,
}

/// A region like this one, named on its playbook.
#[derive(Debug, Clone, Serialize)]
pub struct RelatedView {
    /// The other region's name.
    pub title: String,
    /// Address of the other region's playbook.
    pub url: String,
    /// The comparison table with only the two regions
    /// (`/vergelijk/?regios=<this>,<other>`).
    pub compare_url: String,
}

/// Per fact of the covenant's facts box: "niet bevestigd" when a source
/// gives it as uncertain (`unconfirmed:`), else empty.
#[derive(Debug, Clone, Serialize)]
pub struct UnconfirmedView {
    /// The name.
    pub name: String,
    /// The kind.
    pub kind: String,
    /// The status.
    pub status: String,
    /// The signing date.
    pub signed: String,
    /// The number of signatories.
    pub signatories: String,
    /// The term (`term_years` or `ends`).
    pub term: String,
    /// The homes (`homes_per_year` or `homes_share_percent`).
    pub homes: String,
    /// The offer norm.
    pub offer_within: String,
    /// The target groups.
    pub target_groups: String,
    /// The distribution key.
    pub distribution_key: String,
}

/// One agreement in a region's sequence (intentieverklaring 2019 ->
/// samenwerkingsovereenkomst 2020 -> convenant 2022).
#[derive(Debug, Clone, Serialize)]
pub struct AgreementStep {
    /// Its name, or its kind and year when it has no name.
    pub title: String,
    /// Address of its page.
    pub url: String,
    /// `true` for the agreement in force, the last of the sequence.
    pub current: bool,
    /// `true` for the agreement of the page that shows the sequence.
    pub here: bool,
}
