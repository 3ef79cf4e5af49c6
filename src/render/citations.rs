//! One numbering of a playbook's sources: the marks on its statements,
//! the facts box and the footnotes in its text all point into the one list
//! of sources at the end, numbered in the order a reader meets them.

use crate::base::model::Source;
use crate::resolve::Region;

use super::views::SourceMark;

/// A region's sources in the order a reader of its playbook first meets
/// them: the facts box, the footnotes in the text, then the principles,
/// agreements, process and lessons; sources cited nowhere come last, in
/// the file's order. Numbered in this order, the marks on a page read 1,
/// 2, 3 from top to bottom, and the list at the end is that same order.
pub(super) fn cited_order(r: &Region) -> Vec<Source> {
    let m = r.meta();
    let mut ids: Vec<&str> = Vec::new();
    ids.extend(m.covenant.as_ref().and_then(|c| c.source.as_deref()));
    ids.extend(footnote_labels(r.src.doc.body()));
    let statements = m.principles.iter().chain(&m.agreements);
    ids.extend(statements.filter_map(|s| s.source.as_deref()));
    let process = crate::compare::route::process_order(&m.process);
    ids.extend(
        process
            .iter()
            .filter_map(|&i| m.process[i].source.as_deref()),
    );
    ids.extend(m.lessons.iter().filter_map(|l| l.source.as_deref()));
    let mut placed = vec![false; m.sources.len()];
    let mut out = Vec::with_capacity(m.sources.len());
    for id in ids {
        if let Some(i) = m.sources.iter().position(|s| s.id.as_deref() == Some(id))
            && !placed[i]
        {
            placed[i] = true;
            out.push(m.sources[i].clone());
        }
    }
    out.extend(
        m.sources
            .iter()
            .zip(&placed)
            .filter(|(_, p)| !**p)
            .map(|(s, _)| s.clone()),
    );
    out
}

/// The labels of the footnote references in a Markdown text (`[^aedes]`,
/// not the definitions `[^aedes]: ...`), in the order they are used.
fn footnote_labels(body: &str) -> impl Iterator<Item = &str> {
    body.match_indices("[^").filter_map(move |(i, _)| {
        let rest = &body[i + 2..];
        let end = rest.find(']')?;
        let label = &rest[..end];
        let definition = rest[end + 1..].starts_with(':');
        (!definition && !label.is_empty() && !label.contains(char::is_whitespace)).then_some(label)
    })
}

pub(super) fn source_anchor(id: &str) -> String {
    format!("bron-{}", crate::base::slug::slugify(id))
}

/// The marker from a statement to the source it names, numbered by the
/// source's place in the list (checked to exist when the site resolved).
pub(super) fn source_mark(sources: &[Source], id: Option<&str>) -> Option<SourceMark> {
    let id = id?;
    let at = sources.iter().position(|s| s.id.as_deref() == Some(id))?;
    Some(SourceMark {
        number: at + 1,
        url: format!("#{}", source_anchor(id)),
    })
}
