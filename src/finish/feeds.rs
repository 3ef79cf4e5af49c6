//! Discovery files: the Atom feed of regions and covenants, the sitemap
//! and robots.txt.

use crate::base::html::escape;
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

/// Text for XML: escaped, and with the characters XML 1.0 forbids (most
/// control characters, U+FFFE, U+FFFF) replaced by U+FFFD, so a stray
/// character in a text never makes a feed reader refuse the whole feed.
fn esc(s: &str) -> String {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r')
            || ('\u{20}'..='\u{D7FF}').contains(&c)
            || ('\u{E000}'..='\u{FFFD}').contains(&c)
            || c >= '\u{10000}'
    };
    if s.chars().all(allowed) {
        return escape(s);
    }
    let clean: String = s
        .chars()
        .map(|c| if allowed(c) { c } else { '\u{FFFD}' })
        .collect();
    escape(&clean)
}

/// The most addresses one sitemap file may hold (sitemaps.org).
pub const SITEMAP_MAX: usize = 50_000;

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

/// `sitemap.xml` of every page (not redirects, not the 404 page). Over
/// [`SITEMAP_MAX`] addresses it is an index of `sitemap-1.xml`,
/// `sitemap-2.xml`, ..., each within the limit.
pub fn sitemap<'a>(site: &Site, pages: impl Iterator<Item = &'a str>) -> Vec<OutFile> {
    let mut urls: Vec<String> = pages
        .filter(|p| *p != paths::NOT_FOUND)
        .map(|p| {
            site.base
                .absolute(p.strip_suffix("index.html").unwrap_or(p))
        })
        .collect();
    urls.sort();
    let urlset = |urls: &[String]| {
        let mut s = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for u in urls {
            let _ = writeln!(s, "<url><loc>{}</loc></url>", esc(u));
        }
        s.push_str("</urlset>\n");
        s
    };
    if urls.len() <= SITEMAP_MAX {
        return vec![file(paths::SITEMAP, urlset(&urls))];
    }
    let mut files = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (i, part) in urls.chunks(SITEMAP_MAX).enumerate() {
        let name = format!("sitemap-{}.xml", i + 1);
        let _ = writeln!(
            index,
            "<sitemap><loc>{}</loc></sitemap>",
            esc(&site.base.absolute(&name))
        );
        files.push(file(&name, urlset(part)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, file(paths::SITEMAP, index));
    files
}

/// A part of a sitemap index (`sitemap-3.xml`).
pub fn is_sitemap_part(path: &str) -> bool {
    path.strip_prefix("sitemap-")
        .and_then(|p| p.strip_suffix(".xml"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
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

/// Days since 1970-01-01 as (year, month, day) in the proleptic Gregorian
/// calendar (the civil-from-days algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `/.well-known/security.txt` (RFC 9116) when `site.yaml` names a
/// `security_contact`. It expires a year after the build, as the RFC asks
/// (at most a year ahead): a site left unbuilt for a year says its
/// contact may be stale.
pub fn security_txt(site: &Site) -> Option<OutFile> {
    let contact = site.config.security_contact.as_deref()?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let (y, m, d) = civil(now.div_euclid(86_400) + 365);
    Some(file(
        paths::SECURITY_TXT,
        format!(
            "Contact: {}\nExpires: {y:04}-{m:02}-{d:02}T00:00:00Z\nPreferred-Languages: {}\nCanonical: {}\n",
            crate::base::urls::contact_link(contact),
            site.config.language,
            site.base.absolute(paths::SECURITY_TXT)
        ),
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn days_become_dates() {
        assert_eq!(super::civil(0), (1970, 1, 1));
        assert_eq!(super::civil(20_792), (2026, 12, 5));
        assert_eq!(super::civil(11_016), (2000, 2, 29));
    }
}
