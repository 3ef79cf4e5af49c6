//! The plain, serialisable structs templates receive. Templates never see
//! the model or the site graph, so the theme can change freely and the
//! model can change without breaking themes silently.

use serde::Serialize;

/// A title with the address it links to: a breadcrumb, a footer link, or a
/// region, theme or programme named on another page.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// The text of the link, e.g. `Zachte landing`.
    pub title: String,
    /// Where it links to: a path on this site with the base path in front
    /// (`/regio/noorderkwartier/`), a full URL from `site.yaml`, or empty
    /// where there is nothing to link to (the elements of a covenant).
    pub url: String,
}

/// What every page gets as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// The site's name from `site.yaml`, e.g. `Draaiboek uitstroom`.
    pub title: String,
    /// The site's introduction from `site.yaml` (`description`), or empty.
    pub description: String,
    /// The site's absolute address, ending in `/`
    /// (`https://draaiboek.example.nl/`).
    pub base_url: String,
    /// The path of the site's root, starting and ending in `/` (`/` or
    /// `/draaiboek/` for a site under a sub-path); put it in front of every
    /// link a theme makes itself.
    pub base_path: String,
    /// The language code from `site.yaml` (`nl`, `en`), for `<html lang>`.
    pub language: String,
    /// Address of the theme's stylesheet, `static/style.css`.
    pub stylesheet: String,
    /// Main navigation: built-in sections, then `menu:` from site.yaml.
    pub nav: Vec<NavItem>,
    /// Free pages, listed in the footer.
    pub pages: Vec<Link>,
    /// The `footer` text from `site.yaml` as inline HTML (use `| safe`), or
    /// empty.
    pub footer_html: String,
    /// Absolute URL of the link preview image, or empty.
    pub image: String,
    /// Address of the Atom feed of regions and signed covenants
    /// (`feed.xml`).
    pub feed: String,
    /// Address of the search page (`/zoeken/`), where a search form sends
    /// its query.
    pub search_url: String,
    /// Address of the theme's `static/search.js`.
    pub search_script: String,
    /// Folder of the search index files.
    pub search_index: String,
}

/// One link of the main navigation.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    /// The link text: a built-in section, a programme or a `menu:` entry.
    pub title: String,
    /// Where it goes: a page of this site with the base path in front, or a
    /// full URL from `menu:`.
    pub url: String,
    /// The section key that marks this item as current.
    pub section: String,
}

/// What every page gets as `page`.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// The page's title: its `<h1>` and, with the site's name, its
    /// `<title>`.
    pub title: String,
    /// One or two sentences for search engines and link previews, cut at
    /// 200 characters; the site's description when the page has none of its
    /// own.
    pub description: String,
    /// The page's absolute address, for `<link rel="canonical">` and Open
    /// Graph.
    pub canonical: String,
    /// Section key for the current navigation item.
    pub section: String,
    /// Parents of this page, home first; the page itself is not included.
    pub breadcrumbs: Vec<Link>,
    /// A draft shown by `serve --drafts`; never in a normal build.
    pub draft: bool,
    /// `website` or `article`, for Open Graph.
    pub og_type: String,
    /// Structured data (JSON-LD) for search engines, already escaped for
    /// use inside a script element; empty when the page has none.
    pub jsonld: String,
}

/// A key figure on the home page, such as the number of regions described.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// The number as readers see it, formatted in the site's language
    /// (`1.234`).
    pub value: String,
    /// What the number counts, in the site's language
    /// (`met ondertekende afspraken`).
    pub label: String,
}

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

/// A date as precise as the editor wrote it: a year, a month or a day.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// Machine form for `<time datetime>`: `2020`, `2020-10` or
    /// `2020-10-07`.
    pub iso: String,
    /// The date as readers see it, in the site's language (`oktober 2020`).
    pub text: String,
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
    /// CSS class of the region's standing, as in
    /// [`RegionRow::standing_class`].
    pub standing_class: String,
    /// When the covenant was signed.
    pub signed: Option<DateView>,
    /// How many parties signed it (1 to 1000).
    pub signatories: Option<u32>,
    /// How many years it runs (1 to 100).
    pub term_years: Option<u32>,
    /// How many homes a year the parties agreed on (0 to 100,000).
    pub homes_per_year: Option<u32>,
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

/// One item said on a theme, with where it was said.
#[derive(Debug, Clone, Serialize)]
pub struct SaidView {
    /// The region that said it; for a programme's lesson, the programme.
    pub region: Link,
    /// Deep link to the item in the playbook.
    pub url: String,
    /// The item as inline HTML.
    pub html: String,
    /// Who said it (lessons only), or empty.
    pub quote_by: String,
}

/// A theme on `theme.html`, and with only its counts on the overview
/// `themes.html`.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeView {
    /// The theme's file name (`zachte-landing`).
    pub id: String,
    /// The theme's name (`Zachte landing`).
    pub title: String,
    /// Address of the theme's page (`/themas/<id>/`).
    pub url: String,
    /// What the word means here, in one or two sentences.
    pub definition: String,
    /// The theme's own text as HTML; empty on the overview.
    pub body_html: String,
    /// The lists through `rows/said.html` (empty on the overview).
    pub principles_html: String,
    /// The working agreements on this theme, through `rows/said.html`
    /// (empty on the overview).
    pub agreements_html: String,
    /// The lessons on this theme from regions and programmes, through
    /// `rows/said.html` (empty on the overview).
    pub lessons_html: String,
    /// How many regions say something on this theme; programmes are not
    /// counted.
    pub region_count: usize,
    /// How many principles, agreements and lessons are tagged with this
    /// theme, programme lessons included.
    pub item_count: usize,
}

/// An organisation on `partner.html`, and without its text and regions on
/// the overview `partners.html`.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerView {
    /// The partner's file name (`woonservice`).
    pub id: String,
    /// The organisation's name (`Woonservice IJmond/Zuid-Kennemerland`).
    pub title: String,
    /// Address of the partner's page (`/partners/<id>/`).
    pub url: String,
    /// The kind of organisation, singular, in the site's language
    /// (`Woningcorporatie`).
    pub kind: String,
    /// The organisation's website, or empty.
    pub website: String,
    /// The partner's own text as HTML; empty on the overview.
    pub body_html: String,
    /// Empty on the overview, which shows only `region_count`.
    pub regions: Vec<PartnerInRegion>,
    /// How many regions name the partner.
    pub region_count: usize,
}

/// The partners of one kind on `/partners/`.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerKindGroup {
    /// The heading: the kind of organisation, plural, in the site's
    /// language (`Woningcorporaties`).
    pub kind: String,
    /// The partners of this kind, by name.
    pub partners: Vec<PartnerView>,
}

/// The lessons on one theme on `/lessen/`.
#[derive(Debug, Clone, Serialize)]
pub struct LessonGroup {
    /// The theme, linked to its page.
    pub theme: Link,
    /// The theme's file name, for an anchor on the page.
    pub id: String,
    /// The lessons through `rows/said.html`.
    pub lessons_html: String,
    /// How many lessons the group has.
    pub count: usize,
}

/// One phase of a programme, on its timeline.
#[derive(Debug, Clone, Serialize)]
pub struct PhaseView {
    /// The name of the phase (`Fase 1: acht regio's`).
    pub title: String,
    /// The period as readers see it (`2017 – 2018`, or a start or end
    /// alone), or empty when neither date is known.
    pub period: String,
    /// The phase's text as HTML, or empty.
    pub html: String,
}

/// A region in the table on a programme's page.
#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeRegion {
    /// The region's name.
    pub title: String,
    /// Address of the region's playbook.
    pub url: String,
    /// The region's standing in the site's language, as in
    /// [`RegionView::standing`].
    pub standing: String,
    /// CSS class of the standing, as in [`RegionRow::standing_class`].
    pub standing_class: String,
    /// The name of the region's agreements, or empty.
    pub covenant: String,
}

/// A national programme on `programme.html`.
#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeView {
    /// The programme's file name (`weer-thuis`).
    pub id: String,
    /// The programme's name (`Actieprogramma Weer Thuis!`).
    pub title: String,
    /// Address of the programme's page (`/programma/<id>/`).
    pub url: String,
    /// The introduction under the heading, or empty.
    pub summary: String,
    /// When the programme started.
    pub started: Option<DateView>,
    /// The programme's website, or empty.
    pub website: String,
    /// The phases, in the editor's order.
    pub phases: Vec<PhaseView>,
    /// The regions that name this programme, by name, with their standing.
    pub regions: Vec<ProgrammeRegion>,
    /// Lessons drawn at programme level, anchored `#les-1`, `#les-2`, ...
    pub lessons: Vec<ItemView>,
    /// The programme's sources.
    pub sources: Vec<SourceView>,
    /// The programme's own text as HTML.
    pub body_html: String,
}

/// A free page (`pages/<slug>.md`) as `page.html` gets it as `content`.
#[derive(Debug, Clone, Serialize)]
pub struct FreePageView {
    /// The page's title (`Over deze site`).
    pub title: String,
    /// The page's text as HTML.
    pub body_html: String,
    /// The `##` headings of the text, for "Op deze pagina"; the theme
    /// decides from how many headings it shows them.
    pub toc: Vec<HeadingView>,
    /// The page's sources.
    pub sources: Vec<SourceView>,
}

/// A column heading of the comparison table on `/vergelijk/`.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnView {
    /// The heading (`Woningen per jaar`): from `site.yaml`, or for the
    /// default columns from the theme's translations.
    pub label: String,
    /// `number`, `date` or `text`: how the sorting script compares.
    pub kind: String,
    /// The field path the column shows (`covenant.homes_per_year`).
    pub field: String,
}

/// One cell of the comparison table.
#[derive(Debug, Clone, Serialize)]
pub struct CellView {
    /// The value as readers see it, in the site's language; empty when
    /// `missing`.
    pub text: String,
    /// Where the value links to (a programme, a document), or empty.
    pub url: String,
    /// What the sorting script compares: numbers as numbers, dates in ISO
    /// form, text case-folded; empty for a missing value.
    pub sort: String,
    /// `true` when the region has no value here: show `t.unknown`.
    pub missing: bool,
}

/// A region's row of the comparison table (`rows/compare.html`).
#[derive(Debug, Clone, Serialize)]
pub struct CompareRow {
    /// Place in the table, by name from 0: the initial sort order.
    pub index: usize,
    /// The region's slug, by which the page's script picks regions to
    /// compare (`?regios=a,b`).
    pub slug: String,
    /// The region's name.
    pub title: String,
    /// Address of the region's playbook.
    pub url: String,
    /// One cell per column, in the order of [`CompareView::columns`].
    pub cells: Vec<CellView>,
}

/// One row of the table under a chart (`rows/chart.html`).
#[derive(Debug, Clone, Serialize)]
pub struct ChartRow {
    /// The region's name.
    pub label: String,
    /// Address of the region's playbook.
    pub url: String,
    /// The value as readers see it: a number (`178`, `11,9`) or, for the
    /// process chart, the region's dated steps.
    pub value: String,
}

/// A chart as inline SVG, with the table of all its values.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    /// The chart's id, also its anchor (`woningen`, `per-inwoners`,
    /// `proces`).
    pub id: String,
    /// The chart's heading.
    pub title: String,
    /// The chart as inline SVG with a text alternative (use `| safe`), or
    /// empty when there is nothing to draw.
    pub svg: String,
    /// Said when the chart shows fewer rows than the table.
    pub note: String,
    /// The heading of the table's value column.
    pub value_label: String,
    /// The table rows, through `rows/chart.html`.
    pub rows_html: String,
    /// How many rows the table has.
    pub count: usize,
    /// Said instead of the chart when there is nothing to draw.
    pub empty: String,
}

/// `/vergelijk/`: the comparison table of all regions, its charts and the
/// links to the open data.
#[derive(Debug, Clone, Serialize)]
pub struct CompareView {
    /// The columns, in order: from `site.yaml`, or the default set.
    pub columns: Vec<ColumnView>,
    /// The table rows, through `rows/compare.html`.
    pub rows_html: String,
    /// How many regions the table has.
    pub count: usize,
    /// Every theme, linked to its own comparison page
    /// (`/vergelijk/<thema>/`).
    pub themes: Vec<Link>,
    /// The charts: homes per year, homes per 10,000 inhabitants, and the
    /// process timeline.
    pub charts: Vec<ChartView>,
    /// Address of the open data as JSON (`/data/regions.json`).
    pub json_url: String,
    /// Address of the open data as CSV (`/data/regions.csv`).
    pub csv_url: String,
    /// Address of the page that documents the open data (`/data/`).
    pub data_url: String,
}

/// A region's row on `/vergelijk/<thema>/` (`rows/compare_theme.html`).
#[derive(Debug, Clone, Serialize)]
pub struct ThemeRegionRow {
    /// The region, linked to its playbook.
    pub region: Link,
    /// What the region says on the theme: its principles, agreements and
    /// lessons, one cell each. A list the row template loops over, where
    /// three calls of a cell macro per row were a twentieth of a build (Tera 1).
    pub cells: [Vec<SaidView>; 3],
}

/// `/vergelijk/<thema>/`: one theme across all regions.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeCompareView {
    /// The theme's file name (`zachte-landing`).
    pub id: String,
    /// The theme's name.
    pub title: String,
    /// What the word means here, in one or two sentences.
    pub definition: String,
    /// Address of the theme's own page (`/themas/<id>/`).
    pub theme_url: String,
    /// Rows of the regions that say something on the theme, through
    /// `rows/compare_theme.html`.
    pub described_html: String,
    /// How many regions say something on the theme.
    pub described_count: usize,
    /// The other regions, through `rows/undescribed.html`.
    pub undescribed_html: String,
    /// How many regions say nothing on it yet.
    pub undescribed_count: usize,
    /// Every theme, linked to its comparison page, to switch between
    /// themes.
    pub themes: Vec<Link>,
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

/// One field of the open data, in a table on `/data/`.
#[derive(Debug, Clone, Serialize)]
pub struct FieldDoc {
    /// Its field path (`covenant.signed`).
    pub field: String,
    /// Its format: `number`, `date`, `text`, `list`, `yesno` or `link`.
    pub format: String,
    /// What the field means, in the site's language.
    pub description: String,
}

/// `/data/`: the page that documents the open data files.
#[derive(Debug, Clone, Serialize)]
pub struct DataPageView {
    /// Version of the open data schema; it goes up when a field changes
    /// meaning or disappears.
    pub version: u32,
    /// Address of `regions.json`.
    pub json_url: String,
    /// Address of `regions.csv`.
    pub csv_url: String,
    /// The comparison columns, as they follow `slug`, `title` and `url` in
    /// the CSV.
    pub columns: Vec<FieldDoc>,
    /// Every field path a comparison column may name.
    pub fields: Vec<FieldDoc>,
}

/// A region that took a step, on the route and step pages
/// (`rows/visits.html`).
#[derive(Debug, Clone, Serialize)]
pub struct VisitView {
    /// The region, linked to its playbook.
    pub region: Link,
    /// Deep link to the entry in the playbook.
    pub url: String,
    /// When the region took the step; `None` when the entry has no date.
    pub date: Option<DateView>,
    /// What the region did, as inline HTML.
    pub html: String,
    /// "20 maanden", or empty when unknown.
    pub duration: String,
}

/// A step of the route, on `/aanpak/` and, with `missing`, on its own page
/// (`step.html`).
#[derive(Debug, Clone, Serialize)]
pub struct RouteStepView {
    /// The step's place in the route, from 1 (steps follow their `order`).
    pub number: usize,
    /// The step's file name (`startnotitie`).
    pub id: String,
    /// The step's name (`Startnotitie`).
    pub title: String,
    /// Address of the step's page (`/aanpak/<id>/`).
    pub url: String,
    /// What the step is for, in one sentence, or empty.
    pub purpose: String,
    /// What the step typically delivers; may be empty.
    pub outputs: Vec<String>,
    /// The step's own text as HTML.
    pub body_html: String,
    /// The theme whose lessons belong to the step, linked to its page.
    pub theme: Option<Link>,
    /// A row per region that took the step, through `rows/visits.html`.
    pub visits_html: String,
    /// How many regions took the step.
    pub visit_count: usize,
    /// "3 tot 20 maanden", or empty when no duration is known.
    pub duration_range: String,
    /// The lessons of the step's theme, through `rows/said.html`.
    pub lessons_html: String,
    /// How many lessons `lessons_html` holds.
    pub lesson_count: usize,
    /// Regions that describe no such step (only on the step's own page).
    pub missing: Vec<Link>,
}

/// `/aanpak/`: the route a region follows, every step in order.
#[derive(Debug, Clone, Serialize)]
pub struct RouteView {
    /// Every step, in order.
    pub steps: Vec<RouteStepView>,
    /// The process timeline of every region with dates, as on
    /// `/vergelijk/`.
    pub chart: ChartView,
    /// Address of the covenant checklist (`/aanpak/convenant/`).
    pub checklist_url: String,
}

/// An element a covenant can contain, on the checklist
/// `/aanpak/convenant/`.
#[derive(Debug, Clone, Serialize)]
pub struct ElementView {
    /// The element's file name (`doelgroep`), also its anchor.
    pub id: String,
    /// The element's name (`Doelgroep`).
    pub title: String,
    /// The element's own text, what it is about, as HTML.
    pub body_html: String,
    /// How many covenants contain it (`covenant.elements`).
    pub yes: usize,
    /// How many covenants a source says lack it (`covenant.lacks`).
    pub no: usize,
    /// `true` when a source says of any covenant whether it contains the
    /// element (`yes + no > 0`).
    pub covered: bool,
}

/// A region with a covenant, as a row of the checklist.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistRow {
    /// The region, linked to its playbook.
    pub region: Link,
    /// Address of the region's covenant page.
    pub covenant_url: String,
    /// Per element: `ja`, `nee` or `onbekend`.
    pub cells: Vec<String>,
}

/// `/aanpak/convenant/`: which covenant contains which element.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistView {
    /// Every element, in `order`.
    pub elements: Vec<ElementView>,
    /// A row per region with a `covenant:`, by name.
    pub rows: Vec<ChecklistRow>,
    /// The titles of the elements no region's covenant is known to contain
    /// or to lack.
    pub uncovered: Vec<String>,
}
