//! The plain, serialisable structs templates receive. Templates never see
//! the model or the site graph, so the theme can change freely and the
//! model can change without breaking themes silently.

mod compare;
mod directory;
mod region;

pub use compare::*;
pub use directory::*;
pub use region::*;
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
    /// Address of the theme's stylesheet, `static/style.css` as published
    /// (`static/style.<hash>.css`, see [`crate::theme::published_name`]).
    pub stylesheet: String,
    /// Main navigation: built-in sections, then `menu:` from site.yaml.
    pub nav: Vec<NavItem>,
    /// Free pages, listed in the footer.
    pub pages: Vec<Link>,
    /// The `footer` text from `site.yaml` as inline HTML (use `| safe`), or
    /// empty.
    pub footer_html: String,
    /// Who publishes the site (`publisher` in `site.yaml`), or empty.
    pub publisher: String,
    /// The publisher's contact as a link: `mailto:` for an e-mail address;
    /// empty without `contact`.
    pub contact_url: String,
    /// The contact as readers read it: the address without `mailto:`.
    pub contact: String,
    /// The link for reporting a security problem (`security_contact`), with
    /// `mailto:` for an e-mail address; empty without one.
    pub security_url: String,
    /// The security contact as readers read it, or empty.
    pub security_contact: String,
    /// Absolute URL of the link preview image, or empty.
    pub image: String,
    /// Address of the Atom feed of regions and signed covenants
    /// (`feed.xml`).
    pub feed: String,
    /// Address of the search page (`/zoeken/`), where a search form sends
    /// its query.
    pub search_url: String,
    /// Address of the theme's `static/search.js` as published.
    pub search_script: String,
    /// Address of every file of the theme's `static/` folder, by its name
    /// there: `site.assets["compare.js"]`.
    pub assets: std::collections::BTreeMap<String, String>,
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
    /// When the page's content was last brought up to date: its `updated`
    /// field or the last change of its file in the site's git history; for
    /// a page built from many files, the latest of them. `None` when
    /// nothing says.
    pub updated: Option<DateView>,
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

/// A date as precise as the editor wrote it: a year, a month or a day.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// Machine form for `<time datetime>`: `2020`, `2020-10`,
    /// `2020-10-07`, a day without a year as `10-07`; empty for a month
    /// without a year, which has no machine form (show only `text`).
    pub iso: String,
    /// The date as readers see it, in the site's language (`oktober 2020`).
    pub text: String,
}
