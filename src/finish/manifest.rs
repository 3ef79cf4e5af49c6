//! URLs that never break. Every build knows the addresses it publishes;
//! `content/published-urls.txt` lists every address ever published. An
//! address in that list that the site no longer has (as a page, a file or a
//! redirect from `aliases:`) is an error naming the address, because a
//! partner may link to it.

use crate::base::diagnostics::{Collector, Diagnostic, did_you_mean};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The list of every address ever published, in the content folder.
pub const FILE: &str = "published-urls.txt";

/// The published addresses of a set of output paths: pages as their
/// directory (`/regio/x/`), other files as themselves. Theme files are left
/// out: nobody links to a stylesheet from elsewhere; so is the search
/// index, whose file names follow the words of the content.
pub fn urls<'a>(paths: impl Iterator<Item = &'a str>) -> BTreeSet<String> {
    paths
        .filter(|p| {
            !p.starts_with(crate::base::paths::STATIC)
                && !p.starts_with(crate::base::paths::SEARCH_DATA)
        })
        .map(|p| match p.strip_suffix("index.html") {
            Some(dir) => format!("/{dir}"),
            None => format!("/{p}"),
        })
        .collect()
}

/// The manifest text for `urls`.
pub fn render(urls: &BTreeSet<String>) -> String {
    let mut s = String::from(
        "# Elk adres dat deze site ooit publiceerde. `draaiboek check` geeft een fout als\n# er een verdwijnt zonder alias; `draaiboek check --update-urls` voegt nieuwe toe.\n",
    );
    for u in urls {
        s.push_str(u);
        s.push('\n');
    }
    s
}

/// The manifest as a file of the built site.
pub fn file(urls: &BTreeSet<String>) -> crate::base::output::OutFile {
    crate::base::output::OutFile {
        path: FILE.to_string(),
        body: crate::base::output::Body::Bytes(render(urls).into_bytes()),
        page: false,
    }
}

/// Compares `current` with the committed manifest in `content`; every
/// address that disappeared is a diagnostic on its line of the manifest.
pub fn compare(content: &Path, current: &BTreeSet<String>, diags: &Collector) {
    // Opened as a regular file only: a FIFO in its place would block.
    let Ok(text) = crate::base::files::read_to_string(&content.join(FILE)) else {
        return;
    };
    let rel = PathBuf::from(FILE);
    diags.sources.insert(&rel, text.as_str());
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let url = line.trim();
        let start = offset + (line.len() - line.trim_start().len());
        offset += line.len();
        if url.is_empty() || url.starts_with('#') || current.contains(url) {
            continue;
        }
        diags.push(
            Diagnostic::new(
                rel.clone(),
                start..start + url.len(),
                format!("het gepubliceerde adres `{url}` bestaat niet meer"),
            )
            .expected("elk adres dat ooit gepubliceerd is blijft werken: partners linken ernaar")
            .suggest(
                match did_you_mean(url, current.iter().map(String::as_str)) {
                    Some(s) => {
                        format!("zet `{url}` in `aliases:` van de pagina die het nu is ({s})")
                    }
                    None => format!("zet `{url}` in `aliases:` van de pagina die het nu is"),
                },
            ),
        );
    }
}

/// Writes the manifest with the current addresses plus every address it
/// already had that still works; returns the addresses that were dropped.
pub fn update(content: &Path, current: &BTreeSet<String>) -> std::io::Result<Vec<String>> {
    let old = recorded(content).unwrap_or_default();
    let dropped = old.difference(current).cloned().collect();
    std::fs::write(content.join(FILE), render(current))?;
    Ok(dropped)
}

/// The addresses recorded in `content/published-urls.txt`; `None` when
/// the site keeps no such list.
fn recorded(content: &Path) -> Option<BTreeSet<String>> {
    let text = crate::base::files::read_to_string(&content.join(FILE)).ok()?;
    Some(
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect(),
    )
}

/// The pages the site would publish for the first time: not yet in the
/// list, so nothing would report them if they later disappeared. Empty
/// when the site keeps no list.
pub fn first_published(content: &Path, current: &BTreeSet<String>) -> Vec<String> {
    let Some(old) = recorded(content) else {
        return Vec::new();
    };
    current
        .iter()
        .filter(|u| u.ends_with('/') && !old.contains(*u))
        .cloned()
        .collect()
}
