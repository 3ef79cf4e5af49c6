//! Discovery files: the Atom feed of regions and covenants, the sitemap
//! and robots.txt.

use crate::base::html::escape as esc;
use crate::base::model::PartialDate;
use crate::base::output::{Body, OutFile};
use crate::base::paths;
use crate::resolve::Site;
use std::fmt::Write;

/// RFC 3339 for a partial date: missing parts are the first of the period.
/// A date without a year has no place in time and is left out of the feed.
fn rfc3339(d: PartialDate) -> String {
    format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        d.year.unwrap_or(2000),
        d.month.unwrap_or(1),
        d.day.unwrap_or(1)
    )
}

fn file(path: &str, text: String) -> OutFile {
    OutFile {
        path: path.to_string(),
        body: Body::Bytes(text.into_bytes()),
        page: false,
    }
}

struct Entry {
    date: PartialDate,
    title: String,
    url: String,
    summary: String,
}

/// `feed.xml`: an entry per region (by its `updated` date, else its latest
/// dated step) and per signed covenant (by its signing date), newest first.
pub fn atom(site: &Site, t: &crate::base::translations::Translations) -> OutFile {
    let mut entries = Vec::new();
    for r in &site.regions {
        let m = r.meta();
        let latest = m
            .updated
            .or_else(|| m.process.iter().filter_map(|p| p.date).max())
            .filter(|d| d.year.is_some());
        if let Some(date) = latest {
            entries.push(Entry {
                date,
                title: m.title.clone(),
                url: site.base.absolute(&crate::base::paths::region(r.slug())),
                summary: t.fill("feed_region_summary", &[("title", &m.title)]),
            });
        }
        if let Some(c) = &m.covenant
            && let Some(date) = c.signed.filter(|d| d.year.is_some())
        {
            let name = c
                .name
                .clone()
                .unwrap_or_else(|| t.text("feed_covenant_unnamed").into());
            entries.push(Entry {
                date,
                title: format!("{name} – {}", m.title),
                url: site.base.absolute(&crate::base::paths::covenant(r.slug())),
                summary: t.fill(
                    "feed_covenant_summary",
                    &[("name", &name), ("date", &t.date(date))],
                ),
            });
        }
    }
    entries.sort_by(|a, b| b.date.cmp(&a.date).then(a.url.cmp(&b.url)));
    let updated = entries
        .first()
        .map(|e| rfc3339(e.date))
        .unwrap_or_else(|| "2000-01-01T00:00:00Z".into());
    let mut s = String::new();
    let _ = write!(
        s,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" href=\"{}\"/>\n<link rel=\"self\" href=\"{}\"/>\n<updated>{updated}</updated>\n<author><name>{}</name></author>\n",
        esc(&site.config.language),
        esc(&site.config.title),
        esc(&site.base.absolute),
        esc(&site.base.absolute),
        esc(&site.base.absolute(paths::FEED)),
        esc(&site.config.title),
    );
    for e in &entries {
        let _ = write!(
            s,
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" href=\"{}\"/>\n<updated>{}</updated>\n<summary>{}</summary>\n</entry>\n",
            esc(&e.title),
            esc(&e.url),
            esc(&e.url),
            rfc3339(e.date),
            esc(&e.summary)
        );
    }
    s.push_str("</feed>\n");
    file(paths::FEED, s)
}

/// `sitemap.xml` of every page (not redirects, not the 404 page).
pub fn sitemap<'a>(site: &Site, pages: impl Iterator<Item = &'a str>) -> OutFile {
    let mut urls: Vec<String> = pages
        .filter(|p| *p != paths::NOT_FOUND)
        .map(|p| {
            site.base
                .absolute(p.strip_suffix("index.html").unwrap_or(p))
        })
        .collect();
    urls.sort();
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for u in urls {
        let _ = writeln!(s, "<url><loc>{}</loc></url>", esc(&u));
    }
    s.push_str("</urlset>\n");
    file(paths::SITEMAP, s)
}

/// `robots.txt`: everything may be crawled; points to the sitemap.
pub fn robots(site: &Site) -> OutFile {
    file(
        paths::ROBOTS,
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            site.base.absolute(paths::SITEMAP)
        ),
    )
}
