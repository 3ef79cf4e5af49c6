//! What the pages of themes, lessons, partners, programmes and free pages
//! receive.

use super::*;
use serde::Serialize;

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
