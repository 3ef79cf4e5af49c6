//! Every address of the site, in one place. Partners link to these from
//! their own sites, so they are part of the site's contract (see the site
//! map in the README): a change here is a change of published URLs. Paths
//! are relative to the site root and end in `/` for a page.

/// `/regio/<slug>/`: a region's playbook.
pub fn region(slug: &str) -> String {
    format!("regio/{slug}/")
}

/// `/regio/<slug>/convenant/`: the covenant on its own page, the address
/// partners link to.
pub fn covenant(slug: &str) -> String {
    format!("regio/{slug}/convenant/")
}

/// `/regio/<slug>/convenant/<id>/`: an agreement the region had before the
/// one in force (`earlier:`), on its own stable page.
pub fn earlier(slug: &str, id: &str) -> String {
    format!("regio/{slug}/convenant/{id}/")
}

/// `/regio/<slug>/<name>`: an attachment, under its own file name.
pub fn attachment(slug: &str, name: &str) -> String {
    format!("regio/{slug}/{name}")
}

/// `/partners/<id>/`.
pub fn partner(id: &str) -> String {
    format!("{PARTNERS}{id}/")
}

/// `/themas/<id>/`.
pub fn theme(id: &str) -> String {
    format!("{THEMES}{id}/")
}

/// `/vergelijk/<theme>/`: one theme across all regions.
pub fn compare_theme(id: &str) -> String {
    format!("{COMPARE}{id}/")
}

/// `/aanpak/<step>/`.
pub fn step(id: &str) -> String {
    format!("{ROUTE}{id}/")
}

/// `/programma/<id>/`.
pub fn programme(id: &str) -> String {
    format!("programma/{id}/")
}

/// `/<slug>/`: a free page.
pub fn page(slug: &str) -> String {
    format!("{slug}/")
}

/// `/partners/`: every organisation, by kind.
pub const PARTNERS: &str = "partners/";
/// `/themas/`: every theme.
pub const THEMES: &str = "themas/";
/// `/vergelijk/`: the comparison table of all regions.
pub const COMPARE: &str = "vergelijk/";
/// `/aanpak/`: the route a region follows, step by step.
pub const ROUTE: &str = "aanpak/";
/// `/aanpak/convenant/`: the covenant checklist, elements x regions.
pub const CHECKLIST: &str = "aanpak/convenant/";
/// `/lessen/`: every lesson learned, by theme.
pub const LESSONS: &str = "lessen/";
/// `/zoeken/`: the search page.
pub const SEARCH: &str = "zoeken/";
/// The search index's files, below the search page.
pub const SEARCH_DATA: &str = "zoeken/data/";
/// `/data/`: the page that documents the open data.
pub const DATA: &str = "data/";
/// The open data as JSON: every region with its facts.
pub const DATA_JSON: &str = "data/regions.json";
/// The open data as CSV, one row per region.
pub const DATA_CSV: &str = "data/regions.csv";
/// The theme's own files (`themes/<name>/static/`).
pub const STATIC: &str = "static/";
/// The theme's stylesheet, under [`STATIC`] (its published name carries
/// a hash: `crate::theme::published_name`).
pub const STYLESHEET: &str = "style.css";
/// The search script of every page: the best hits under the search box in
/// the header, all of them on `/zoeken/`.
pub const SEARCH_SCRIPT: &str = "search.js";
/// The Atom feed of regions and signed covenants.
pub const FEED: &str = "feed.xml";
/// The sitemap for search engines.
pub const SITEMAP: &str = "sitemap.xml";
/// `/.well-known/security.txt` (RFC 9116): where to report a security
/// problem.
pub const SECURITY_TXT: &str = ".well-known/security.txt";
/// The rules for crawlers, which point to the sitemap.
pub const ROBOTS: &str = "robots.txt";
/// The page for an unknown address, which the web server is set to show
/// (see `docs/nginx.conf`).
pub const NOT_FOUND: &str = "404.html";

/// First-level URL segments the site itself uses; free pages may not take
/// them.
pub const RESERVED: [&str; 14] = [
    "regio",
    "vergelijk",
    "themas",
    "lessen",
    "aanpak",
    "programma",
    "partners",
    "zoeken",
    "data",
    "static",
    FEED,
    SITEMAP,
    ROBOTS,
    NOT_FOUND,
];

/// Anchors the region template uses for its own sections, so body headings
/// with the same words do not collide with them.
pub const REGION_ANCHORS: [&str; 10] = [
    "inhoud",
    "inhoudsopgave",
    "convenant",
    "principes",
    "afspraken",
    "proces",
    "partners",
    "lessen",
    "bronnen",
    "vergelijkbaar",
];

/// `#les-<n>`: the n-th lesson of a playbook, counted from 1.
pub fn lesson_anchor(n: usize) -> String {
    format!("les-{n}")
}

/// `#stap-<n>`: the n-th process entry of a playbook, counted from 1.
pub fn step_anchor(n: usize) -> String {
    format!("stap-{n}")
}

/// The file a page path is written as: `regio/x/` -> `regio/x/index.html`,
/// `` -> `index.html`.
pub fn index_file(path: &str) -> String {
    let p = path.trim_matches('/');
    if p.is_empty() {
        "index.html".into()
    } else {
        format!("{p}/index.html")
    }
}
