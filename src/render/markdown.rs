//! Markdown to HTML with the extensions editors expect (tables, footnotes,
//! strikethrough) and stable heading anchors.
//!
//! Content may come from partners, so the HTML is safe by default: raw HTML
//! in the Markdown is shown as text unless `site.yaml` sets `allow_html`,
//! heading attributes other than an id and classes are dropped (they could
//! carry `onclick`), and a `javascript:`, `vbscript:` or `data:` target
//! never reaches an `href` (the link check reports it as an error too).

use crate::base::slug::slugify;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;
use std::collections::{HashMap, VecDeque};

/// A heading of the rendered body, for a table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    /// The heading's level: 2 for `##`, 3 for `###`, ...
    pub level: u8,
    /// The heading's anchor: from its text (`aanleiding`), or as written
    /// with `{#id}`; made unique on the page.
    pub id: String,
    /// The heading's plain text.
    pub title: String,
}

/// A Markdown text rendered: its HTML and what pages and the search index
/// need besides.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Rendered {
    /// The HTML; raw HTML in the source is shown as text unless the site
    /// allows it.
    pub html: String,
    /// Every heading of the text, in order.
    pub headings: Vec<Heading>,
    /// Plain text of the first paragraph, for meta descriptions.
    pub summary: String,
    /// The plain text cut at each heading, for the search index. The first
    /// one, before any heading, has no id.
    pub sections: Vec<Section>,
}

/// A part of the text between two headings, as plain text.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Section {
    /// The anchor of the heading that starts it; `None` for the part before
    /// the first heading.
    pub id: Option<String>,
    /// The text of that heading; empty for the part before the first one.
    pub title: String,
    /// The plain text of the part.
    pub text: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders `source` with raw HTML escaped. Links and images that start
/// with `/` are site paths and get `base_path` in front, so a site under a
/// sub-path keeps working. `taken` holds anchors already used on the page
/// (e.g. by the template).
pub fn render(source: &str, base_path: &str, taken: &[&str]) -> Rendered {
    render_with(source, base_path, taken, false)
}

/// [`render`], passing raw HTML through when `allow_html` (the site's
/// `allow_html: true`).
pub fn render_with(source: &str, base_path: &str, taken: &[&str], allow_html: bool) -> Rendered {
    render_cited(source, base_path, taken, allow_html, &HashMap::new())
}

/// A footnote that names one of the page's sources: its number in the
/// page's list of sources and the anchor of its entry there.
pub struct Cited {
    /// The source's number in the list ("[3]").
    pub number: usize,
    /// The id of the source's entry in the list (`bron-aedes`).
    pub anchor: String,
    /// "bron 3", for the link's accessible name.
    pub label: String,
}

/// [`render_with`], where a footnote `[^id]` that names a source of the
/// page becomes a link to that source in the page's one list of sources,
/// numbered as that list is, and its definition is left out: a playbook
/// has one numbering and one list, not a second set of notes mid-page.
pub fn render_cited(
    source: &str,
    base_path: &str,
    taken: &[&str],
    allow_html: bool,
    cited: &HashMap<String, Cited>,
) -> Rendered {
    let mut used: HashMap<String, usize> = taken.iter().map(|t| (t.to_string(), 1)).collect();
    let mut headings = Vec::new();
    let mut summary = String::new();
    let mut in_first_para = false;
    let mut seen_para = false;
    let mut in_heading = false;
    let mut sections = vec![Section::default()];
    let mut parser = Parser::new_ext(source, options());
    // Events are streamed into the HTML writer, not collected: a body of
    // deeply nested lists has millions of them. Only a heading is held
    // back, to read its text before its id is written.
    let mut held: VecDeque<Event> = VecDeque::new();
    let mut dropping = false;
    let events = std::iter::from_fn(|| {
        let mut event = match held.pop_front() {
            Some(e) => e,
            None => {
                let first = parser.next()?;
                if !matches!(first, Event::Start(Tag::Heading { .. })) {
                    first
                } else {
                    held.push_back(first);
                    for e in parser.by_ref() {
                        let end = matches!(e, Event::End(TagEnd::Heading(_)));
                        held.push_back(e);
                        if end {
                            break;
                        }
                    }
                    let text: String = held
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    if let Some(Event::Start(Tag::Heading { level, id, .. })) = held.front_mut() {
                        let base = id
                            .as_ref()
                            .map_or_else(|| slugify(&text), |s| s.to_string());
                        let anchor = unique(&mut used, base);
                        *id = Some(CowStr::from(anchor.clone()));
                        sections.push(Section {
                            id: Some(anchor.clone()),
                            title: text.clone(),
                            text: String::new(),
                        });
                        headings.push(Heading {
                            level: heading_number(*level),
                            id: anchor,
                            title: text,
                        });
                    }
                    held.pop_front()?
                }
            }
        };
        match &event {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::Paragraph) if !seen_para => {
                seen_para = true;
                in_first_para = true;
            }
            Event::End(TagEnd::Paragraph) => in_first_para = false,
            _ => {}
        }
        // A heading's text is its section's title, not part of its text.
        match &event {
            _ if in_heading => {}
            Event::Text(t) | Event::Code(t) => {
                if in_first_para {
                    summary.push_str(t);
                }
                if let Some(sec) = sections.last_mut() {
                    sec.text.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => {
                if in_first_para && matches!(event, Event::SoftBreak) {
                    summary.push(' ');
                }
                if let Some(sec) = sections.last_mut()
                    && !sec.text.ends_with(' ')
                {
                    sec.text.push(' ');
                }
            }
            _ => {}
        }
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &mut event {
            // `@/regions/x/index.md` names a content file; the link checker
            // reports the ones that name nothing.
            if let Some(site_path) = crate::base::urls::content_link(dest_url) {
                *dest_url = CowStr::from(site_path);
            }
            if crate::base::urls::dangerous_scheme(dest_url).is_some() {
                *dest_url = CowStr::from("#");
            }
            if dest_url.starts_with('/') && !dest_url.starts_with("//") {
                *dest_url = CowStr::from(format!("{}{}", base_path, &dest_url[1..]));
            }
        }
        // Defused only here, after the walk above, so headings, summary
        // and search text are the same with and without `allow_html`.
        Some(if allow_html { event } else { defuse(event) })
    });
    let events = events.filter_map(|event| match event {
        Event::Start(Tag::FootnoteDefinition(ref label)) if cited.contains_key(label.as_ref()) => {
            dropping = true;
            None
        }
        Event::End(TagEnd::FootnoteDefinition) if dropping => {
            dropping = false;
            None
        }
        _ if dropping => None,
        Event::FootnoteReference(ref label) => match cited.get(label.as_ref()) {
            Some(c) => Some(Event::InlineHtml(CowStr::from(format!(
                "<sup class=\"source-mark\"><a href=\"#{}\" aria-label=\"{}\">[{}]</a></sup>",
                c.anchor, c.label, c.number
            )))),
            None => Some(event),
        },
        _ => Some(event),
    });
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, events);
    Rendered {
        html: out,
        headings,
        summary,
        sections,
    }
}

/// The `summary` that [`render`] gives (the plain text of the first
/// paragraph), without rendering the rest of `source`.
pub fn summary(source: &str) -> String {
    let mut summary = String::new();
    let mut in_para = false;
    for event in Parser::new_ext(source, options()) {
        match event {
            Event::Start(Tag::Paragraph) => in_para = true,
            Event::End(TagEnd::Paragraph) if in_para => break,
            Event::Text(t) | Event::Code(t) if in_para => summary.push_str(&t),
            Event::SoftBreak if in_para => summary.push(' '),
            _ => {}
        }
    }
    summary
}

/// `base`, or `base-1`, `base-2`, ... when taken. The numbered form is
/// checked too: a heading "Kop 1" after two "Kop" headings must not get
/// the id the second one already has.
fn unique(used: &mut HashMap<String, usize>, base: String) -> String {
    let n = used.entry(base.clone()).or_insert(0);
    *n += 1;
    if *n == 1 {
        return base;
    }
    let mut k = *n - 1;
    loop {
        let candidate = format!("{base}-{k}");
        if !used.contains_key(&candidate) {
            used.insert(candidate.clone(), 1);
            if let Some(n) = used.get_mut(&base) {
                *n = k + 1;
            }
            return candidate;
        }
        k += 1;
    }
}

/// Raw HTML becomes text (pulldown-cmark escapes text), an HTML block a
/// paragraph, and heading attributes other than id and classes go.
fn defuse(e: Event<'_>) -> Event<'_> {
    match e {
        Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
        Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
        Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs: _,
        }) => Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs: Vec::new(),
        }),
        e => e,
    }
}

fn heading_number(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The text of `source` without markup, for the search index.
pub fn plain(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for e in Parser::new_ext(source, options()) {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) if !out.ends_with(' ') => {
                out.push(' ')
            }
            _ => {}
        }
    }
    out.trim_end().to_string()
}

/// Inline Markdown for short fields (a principle, a lesson): no paragraph
/// wrapper, so it can sit inside a list item. Raw HTML is escaped.
pub fn inline(source: &str, base_path: &str) -> String {
    inline_with(source, base_path, false)
}

/// [`inline`], passing raw HTML through when `allow_html`.
pub fn inline_with(source: &str, base_path: &str, allow_html: bool) -> String {
    let html = render_with(source, base_path, &[], allow_html).html;
    let t = html.trim();
    match t.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_stable_unique_ids() {
        let r = render(
            "## Zachte landing\n\n## Zachte landing\n\n## Eigen {#vast}\n",
            "/",
            &[],
        );
        assert!(r.html.contains(r#"<h2 id="zachte-landing">"#), "{}", r.html);
        assert!(r.html.contains(r#"<h2 id="zachte-landing-1">"#));
        assert!(r.html.contains(r#"<h2 id="vast">"#));
        assert_eq!(r.headings.len(), 3);
    }

    #[test]
    fn tables_footnotes_strike_and_base_path() {
        let md =
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~oud~~ tekst[^1] [x](/regio/a/)\n\n[^1]: bron\n";
        let r = render(md, "/draaiboek/", &[]);
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>oud</del>"));
        assert!(r.html.contains("footnote-definition"));
        assert!(r.html.contains(r#"href="/draaiboek/regio/a/""#));
    }

    #[test]
    fn raw_html_is_text_unless_allowed() {
        let md = "<script>alert(1)</script>\n\nTekst <img src=x onerror=alert(1)> [a](javascript:alert(1))\n\n## Kop {#k onclick=alert(1)}\n";
        let r = render(md, "/", &[]);
        assert!(
            !r.html.contains("<script") && !r.html.contains("<img"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{}",
            r.html
        );
        assert!(
            !r.html.contains("onclick") && !r.html.contains("javascript:"),
            "{}",
            r.html
        );
        let allowed = render_with(md, "/", &[], true);
        assert!(allowed.html.contains("<script>alert(1)</script>"));
        // The same anchors either way, so search hits land on the heading.
        assert_eq!(r.headings[0].id, allowed.headings[0].id);
        assert_eq!(inline("<b>x</b>", "/"), "&lt;b&gt;x&lt;/b&gt;");
    }

    #[test]
    fn numbered_anchors_never_repeat_an_id() {
        let r = render("## Kop\n\n## Kop 1\n\n## Kop\n\n## Kop\n", "/", &[]);
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        let unique: std::collections::HashSet<&&str> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
    }

    #[test]
    fn inline_drops_paragraph() {
        assert_eq!(inline("*ja*", "/"), "<em>ja</em>");
    }
}
