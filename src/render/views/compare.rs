//! What the comparison pages, their charts, the open data page, the route
//! and the covenant checklist receive.

use super::*;
use serde::Serialize;

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
    /// `missing` or when the fact does not apply to the region; for the
    /// stand of a region without agreements, what is said instead.
    pub text: String,
    /// Where the value links to (a programme, a document), or empty.
    pub url: String,
    /// What the sorting script compares: numbers as numbers, dates in ISO
    /// form, text case-folded; empty for a missing value.
    pub sort: String,
    /// `true` when one of the agreement's own facts has no value here:
    /// show `t.unknown`. A fact that does not apply is not missing.
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
    /// empty when fewer than two regions have a value: one value is not a
    /// comparison.
    pub svg: String,
    /// What the numbers in the chart's marks stand for ("1 Startnotitie"),
    /// or empty for a chart whose marks need no key.
    pub legend: Vec<String>,
    /// Said when the chart shows fewer rows than the table.
    pub note: String,
    /// The heading of the table's value column.
    pub value_label: String,
    /// The table rows, through `rows/chart.html`.
    pub rows_html: String,
    /// How many rows the table has.
    pub count: usize,
    /// Said instead of the chart when fewer than two regions have a value.
    pub empty: String,
}

/// `/vergelijk/`: the comparison table of all regions, its charts and the
/// links to the open data.
#[derive(Debug, Clone, Serialize)]
pub struct CompareView {
    /// The columns shown, in order: from `site.yaml`, or the default set,
    /// without those known for fewer than two regions.
    pub columns: Vec<ColumnView>,
    /// The columns left out because fewer than two regions have a value:
    /// a comparison needs two. The open data keeps them.
    pub folded: Vec<ColumnView>,
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
    /// Where the region stands ("pilot loopt", "alleen een beleidsplan"):
    /// what it agreed on a theme weighs differently in a pilot.
    pub standing: String,
    /// The standing as a class name (`pilot`, `policy`).
    pub standing_class: String,
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
    /// What the step is for, in one sentence, or empty: plain text, for a
    /// page's description.
    pub purpose: String,
    /// The same sentence as HTML, its Markdown (links) rendered.
    pub purpose_html: String,
    /// What the step typically delivers, each as HTML; may be empty.
    pub outputs_html: Vec<String>,
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
    /// Address of the agreement's page.
    pub covenant_url: String,
    /// The agreement's name, or its kind and year.
    pub agreement: String,
    /// `true` for an agreement the region had before the one in force.
    pub earlier: bool,
    /// Per element: `ja`, `nee` or `onbekend`.
    pub cells: Vec<String>,
}

/// `/aanpak/convenant/`: which covenant contains which element.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistView {
    /// Every element, in `order`.
    pub elements: Vec<ElementView>,
    /// A row per agreement (earlier ones before the one in force), by
    /// region name; no policy plans.
    pub rows: Vec<ChecklistRow>,
    /// The titles of the elements no region's covenant is known to contain
    /// or to lack.
    pub uncovered: Vec<String>,
}
