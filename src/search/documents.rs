//! What a search can find: the [`Entry`]s of the site, each with the
//! address of its exact anchor.

use super::*;
use crate::base::paths;
use crate::render::RegionText;
use crate::render::markdown;
use crate::resolve::Site;
use rayon::prelude::*;

/// Snippet text kept per document, in bytes (cut at a word).
const TEXT_CAP: usize = 900;

/// Every document of the site, in a stable order: the order [`write`]
/// numbers them in.
pub fn documents(site: &Site) -> Vec<Entry> {
    let known = site.regions.iter().map(|_| None).collect();
    let mut docs = regions_documents(site, &site.regions, known);
    docs.extend(other_documents(site));
    docs
}

/// The documents of `regions` (a run of the site's regions), with the body
/// texts `known` holds for them.
pub(super) fn regions_documents(
    site: &Site,
    regions: &[crate::resolve::Region],
    known: Vec<Option<RegionText>>,
) -> Vec<Entry> {
    let per_region: Vec<Vec<Entry>> = regions
        .par_iter()
        .zip(known.into_par_iter())
        .map(|(r, text)| region_documents(site, r, text))
        .collect();
    let mut docs: Vec<Entry> = per_region.into_iter().flatten().collect();
    docs.iter_mut().for_each(|d| cap(&mut d.text));
    docs
}

/// The partners, themes, steps and free pages, after the regions.
pub(super) fn other_documents(site: &Site) -> Vec<Entry> {
    let plain = |s: &str| markdown::plain(s);
    // A national site has thousands of partners, each a Markdown body.
    let mut docs: Vec<Entry> = site
        .partners
        .par_iter()
        .map(|p| Entry {
            url: paths::partner(&p.id),
            title: p.meta.title.clone(),
            region: String::new(),
            kind: Kind::Partner,
            text: plain(p.body()),
        })
        .collect();
    for t in &site.themes {
        docs.push(Entry {
            url: paths::theme(&t.id),
            title: t.meta.title.clone(),
            region: String::new(),
            kind: Kind::Theme,
            text: plain(t.body()),
        });
    }
    for s in &site.steps {
        let mut text = s.meta.purpose.clone().unwrap_or_default();
        text.push(' ');
        text.push_str(&plain(s.body()));
        docs.push(Entry {
            url: paths::step(&s.id),
            title: s.meta.title.clone(),
            region: String::new(),
            kind: Kind::Step,
            text,
        });
    }
    for p in &site.pages {
        let url = format!("{}/", p.id);
        sections(
            &mut docs,
            &markdown::render(p.body(), "/", &[]).sections,
            &url,
            &p.meta.title,
            "",
            Kind::Page,
        );
    }
    docs.iter_mut().for_each(|d| cap(&mut d.text));
    docs
}

/// A region, its body sections, principles, agreements, lessons and
/// covenant. Anchors are the ones its page uses.
fn region_documents(
    site: &Site,
    r: &crate::resolve::Region,
    known: Option<RegionText>,
) -> Vec<Entry> {
    let m = r.meta();
    let url = crate::base::paths::region(r.slug());
    let body = known.unwrap_or_else(|| {
        RegionText::of(markdown::render(
            r.src.doc.body(),
            "/",
            &crate::base::paths::REGION_ANCHORS,
        ))
    });
    let mut about = vec![m.province.clone().unwrap_or_default()];
    about.extend(m.municipalities.iter().cloned());
    about.push(body.summary.clone());
    let mut docs = vec![Entry {
        url: url.clone(),
        title: m.title.clone(),
        region: m.title.clone(),
        kind: Kind::Region,
        text: about.join(" ").trim().to_string(),
    }];
    sections(
        &mut docs,
        &body.sections,
        &url,
        &m.title,
        &m.title,
        Kind::Section,
    );
    let items = [
        (Kind::Principle, "principe", &m.principles),
        (Kind::Agreement, "afspraak", &m.agreements),
    ];
    for (kind, prefix, list) in items {
        for (i, s) in list.iter().enumerate() {
            docs.push(item(
                format!("{url}#{prefix}-{}", i + 1),
                &s.text,
                &m.title,
                kind,
                site,
                &s.theme,
            ));
        }
    }
    for (i, l) in m.lessons.iter().enumerate() {
        docs.push(item(
            format!("{url}#{}", paths::lesson_anchor(i + 1)),
            &l.text,
            &m.title,
            Kind::Lesson,
            site,
            &l.theme,
        ));
    }
    if let Some(c) = &m.covenant {
        let mut text: Vec<String> = Vec::new();
        text.extend(c.distribution_key.clone());
        for e in &c.elements {
            if let Some(&i) = site.element_ix.get(e) {
                text.push(site.elements[i].meta.title.clone());
            }
        }
        docs.push(Entry {
            url: crate::base::paths::covenant(r.slug()),
            title: c.name.clone().unwrap_or_else(|| m.title.clone()),
            region: m.title.clone(),
            kind: Kind::Covenant,
            text: text.join(". "),
        });
    }
    docs
}

/// A principle, agreement or lesson: its theme's name is its title, so a
/// hit reads "Zachte landing – Zeeland".
fn item(url: String, md: &str, region: &str, kind: Kind, site: &Site, theme: &str) -> Entry {
    let title = site
        .theme_ix
        .get(theme)
        .map(|&i| site.themes[i].meta.title.clone())
        .unwrap_or_else(|| theme.to_string());
    Entry {
        url,
        title,
        region: region.to_string(),
        kind,
        text: markdown::plain(md),
    }
}

/// One document per heading of `body`; text before the first heading
/// belongs to the page itself.
fn sections(
    docs: &mut Vec<Entry>,
    body: &[markdown::Section],
    url: &str,
    page_title: &str,
    region: &str,
    kind: Kind,
) {
    for s in body {
        let text = s.text.trim();
        match &s.id {
            Some(id) => docs.push(Entry {
                url: format!("{url}#{id}"),
                title: s.title.clone(),
                region: region.to_string(),
                kind,
                text: text.to_string(),
            }),
            // A region's lead text is in its region document already.
            None if kind == Kind::Section || text.is_empty() => {}
            None => docs.push(Entry {
                url: url.to_string(),
                title: page_title.to_string(),
                region: region.to_string(),
                kind,
                text: text.to_string(),
            }),
        }
    }
}

fn cap(text: &mut String) {
    if text.len() <= TEXT_CAP {
        return;
    }
    let mut end = TEXT_CAP;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = text[..end].rfind(' ').unwrap_or(end);
    text.truncate(cut);
    text.push('…');
}
