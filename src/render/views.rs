//! The plain, serialisable structs templates receive. Templates never see
//! the model or the site graph, so the theme can change freely and the
//! model can change without breaking themes silently.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// What every page gets as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub base_path: String,
    pub language: String,
    pub stylesheet: String,
    /// Main navigation: built-in sections, then `menu:` from site.yaml.
    pub nav: Vec<NavItem>,
    /// Free pages, listed in the footer.
    pub pages: Vec<Link>,
    pub footer_html: String,
    /// Absolute URL of the link preview image, or empty.
    pub image: String,
    pub feed: String,
    pub search_url: String,
    pub search_script: String,
    /// Folder of the search index files.
    pub search_index: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    /// The section key that marks this item as current.
    pub section: String,
}

/// What every page gets as `page`.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    pub title: String,
    pub description: String,
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

#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegionRow {
    pub title: String,
    pub url: String,
    pub province: String,
    pub kind: String,
    pub status: String,
    pub standing_class: String,
    pub year: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    pub iso: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    pub url: String,
    pub name: String,
    pub external: bool,
    /// "PDF, 312 kB" for attachments.
    pub details: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CovenantView {
    pub name: String,
    pub kind: String,
    pub status: String,
    pub standing_class: String,
    pub signed: Option<DateView>,
    pub signatories: Option<u32>,
    pub term_years: Option<u32>,
    pub homes_per_year: Option<u32>,
    pub distribution_key: String,
    pub document: Option<DocumentView>,
    pub elements: Vec<Link>,
    pub url: String,
    pub permalink: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartnerInRegion {
    pub title: String,
    pub url: String,
    pub role: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartnerGroup {
    pub kind: String,
    pub partners: Vec<PartnerInRegion>,
}

/// A principle, agreement or lesson as shown in a playbook.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    /// Anchor on the region page.
    pub anchor: String,
    pub html: String,
    pub theme: Link,
    pub quote_by: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProcessView {
    /// `stap-N`, N the entry's position in the editor's list: stable.
    pub anchor: String,
    pub date: Option<DateView>,
    pub step: String,
    pub step_url: String,
    pub html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub title: String,
    pub url: String,
    pub date: String,
    pub publisher: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeadingView {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegionView {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub province: String,
    pub municipalities: Vec<String>,
    pub programme: Option<Link>,
    pub standing: String,
    pub standing_class: String,
    pub covenant: Option<CovenantView>,
    pub partner_groups: Vec<PartnerGroup>,
    pub principles: Vec<ItemView>,
    pub agreements: Vec<ItemView>,
    pub process: Vec<ProcessView>,
    pub lessons: Vec<ItemView>,
    pub sources: Vec<SourceView>,
    pub body_html: String,
    pub toc: Vec<HeadingView>,
    pub related: Vec<RelatedView>,
}

/// One item said on a theme, with where it was said.
#[derive(Debug, Clone, Serialize)]
pub struct SaidView {
    pub region: Link,
    /// Deep link to the item in the playbook.
    pub url: String,
    pub html: String,
    pub quote_by: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThemeView {
    pub id: String,
    pub title: String,
    pub url: String,
    pub definition: String,
    pub body_html: String,
    /// The lists through `rows/said.html` (empty on the overview).
    pub principles_html: String,
    pub agreements_html: String,
    pub lessons_html: String,
    pub region_count: usize,
    pub item_count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartnerView {
    pub id: String,
    pub title: String,
    pub url: String,
    pub kind: String,
    pub website: String,
    pub body_html: String,
    /// Empty on the overview, which shows only `region_count`.
    pub regions: Vec<PartnerInRegion>,
    pub region_count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartnerKindGroup {
    pub kind: String,
    pub partners: Vec<PartnerView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LessonGroup {
    pub theme: Link,
    pub id: String,
    /// The lessons through `rows/said.html`.
    pub lessons_html: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseView {
    pub title: String,
    pub period: String,
    pub html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeRegion {
    pub title: String,
    pub url: String,
    pub standing: String,
    pub standing_class: String,
    pub covenant: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeView {
    pub id: String,
    pub title: String,
    pub url: String,
    pub summary: String,
    pub started: Option<DateView>,
    pub website: String,
    pub phases: Vec<PhaseView>,
    pub regions: Vec<ProgrammeRegion>,
    pub lessons: Vec<ItemView>,
    pub sources: Vec<SourceView>,
    pub body_html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FreePageView {
    pub title: String,
    pub body_html: String,
    pub toc: Vec<HeadingView>,
    pub sources: Vec<SourceView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ColumnView {
    pub label: String,
    /// `number`, `date` or `text`: how the sorting script compares.
    pub kind: String,
    pub field: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CellView {
    pub text: String,
    pub url: String,
    pub sort: String,
    pub missing: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CompareRow {
    /// Place in the table, by name from 0: the initial sort order.
    pub index: usize,
    pub slug: String,
    pub title: String,
    pub url: String,
    pub cells: Vec<CellView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChartRow {
    pub label: String,
    pub url: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    pub id: String,
    pub title: String,
    pub svg: String,
    /// Said when the chart shows fewer rows than the table.
    pub note: String,
    pub value_label: String,
    /// The table rows, through `rows/chart.html`.
    pub rows_html: String,
    pub count: usize,
    /// Said instead of the chart when there is nothing to draw.
    pub empty: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CompareView {
    pub columns: Vec<ColumnView>,
    /// The table rows, through `rows/compare.html`.
    pub rows_html: String,
    pub count: usize,
    pub themes: Vec<Link>,
    pub charts: Vec<ChartView>,
    pub json_url: String,
    pub csv_url: String,
    pub data_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThemeRegionRow {
    pub region: Link,
    /// What the region says on the theme: its principles, agreements and
    /// lessons, one cell each. A list the row template loops over, where
    /// three calls of a cell macro per row were a twentieth of a build (Tera 1).
    pub cells: [Vec<SaidView>; 3],
}

#[derive(Debug, Clone, Serialize)]
pub struct ThemeCompareView {
    pub id: String,
    pub title: String,
    pub definition: String,
    pub theme_url: String,
    /// Rows of the regions that say something on the theme, through
    /// `rows/compare_theme.html`.
    pub described_html: String,
    pub described_count: usize,
    /// The other regions, through `rows/undescribed.html`.
    pub undescribed_html: String,
    pub undescribed_count: usize,
    pub themes: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RelatedView {
    pub title: String,
    pub url: String,
    pub compare_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldDoc {
    pub field: String,
    pub format: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DataPageView {
    pub version: u32,
    pub json_url: String,
    pub csv_url: String,
    pub columns: Vec<FieldDoc>,
    pub fields: Vec<FieldDoc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VisitView {
    pub region: Link,
    /// Deep link to the entry in the playbook.
    pub url: String,
    pub date: Option<DateView>,
    pub html: String,
    /// "20 maanden", or empty when unknown.
    pub duration: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RouteStepView {
    pub number: usize,
    pub id: String,
    pub title: String,
    pub url: String,
    pub purpose: String,
    pub outputs: Vec<String>,
    pub body_html: String,
    pub theme: Option<Link>,
    /// A row per region that took the step, through `rows/visits.html`.
    pub visits_html: String,
    pub visit_count: usize,
    /// "3 tot 20 maanden", or empty when no duration is known.
    pub duration_range: String,
    /// The lessons of the step's theme, through `rows/said.html`.
    pub lessons_html: String,
    pub lesson_count: usize,
    /// Regions that describe no such step (only on the step's own page).
    pub missing: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RouteView {
    pub steps: Vec<RouteStepView>,
    pub chart: ChartView,
    pub checklist_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ElementView {
    pub id: String,
    pub title: String,
    pub body_html: String,
    pub yes: usize,
    pub no: usize,
    pub covered: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChecklistRow {
    pub region: Link,
    pub covenant_url: String,
    /// Per element: `ja`, `nee` or `onbekend`.
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChecklistView {
    pub elements: Vec<ElementView>,
    pub rows: Vec<ChecklistRow>,
    pub uncovered: Vec<String>,
}
