//! `draaiboek check --external`: do the links to other sites still answer?
//! Off by default and never in tests, because it needs the network. Uses
//! `curl` when it is installed rather than an HTTPS stack in the binary.

use crate::base::diagnostics::{Collector, Diagnostic};
use crate::resolve::Site;
use pulldown_cmark::{Event, Options, Parser, Tag};
use rayon::prelude::*;
use std::ops::Range;
use std::path::PathBuf;
use std::process::Command;

/// Seconds before a site that does not answer counts as broken.
const TIMEOUT: &str = "10";

struct Found {
    url: String,
    file: PathBuf,
    span: Range<usize>,
}

fn collect(site: &Site, diags: &Collector) -> Vec<Found> {
    let mut out = Vec::new();
    let mut push_body = |file: &PathBuf, text: &std::sync::Arc<str>, start: usize, end: usize| {
        diags.sources.insert(file, text.clone());
        let body = &text[start..end];
        for (event, range) in
            Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES)
                .into_offset_iter()
        {
            if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event
                && (dest_url.starts_with("http://") || dest_url.starts_with("https://"))
            {
                // The destination follows the link text: `rfind` points at
                // it even when the text is the same address, and looks at
                // each link's own bytes only once.
                let at = start + range.start + body[range.clone()].rfind(&*dest_url).unwrap_or(0);
                out.push(Found {
                    url: dest_url.to_string(),
                    file: file.clone(),
                    span: at..at + dest_url.len(),
                });
            }
        }
    };
    for r in &site.regions {
        let d = &r.src.doc;
        push_body(&d.file, &d.text, d.body.start, d.body.end);
    }
    for d in &site.pages {
        push_body(&d.file, &d.text, d.body.start, d.body.end);
    }
    for d in &site.programmes {
        push_body(&d.file, &d.text, d.body.start, d.body.end);
    }
    for d in &site.partners {
        push_body(&d.file, &d.text, d.body.start, d.body.end);
    }
    for d in &site.themes {
        push_body(&d.file, &d.text, d.body.start, d.body.end);
    }
    for d in &site.partners {
        diags.sources.insert(&d.file, d.text.clone());
    }
    for r in &site.regions {
        let d = &r.src.doc;
        for s in &d.meta.sources {
            if let Some(u) = &s.url {
                out.push(Found {
                    url: u.clone(),
                    file: d.file.clone(),
                    span: d.error_at("sources", u, "").span,
                });
            }
        }
    }
    for d in &site.partners {
        if let Some(u) = &d.meta.website {
            out.push(Found {
                url: u.clone(),
                file: d.file.clone(),
                span: d.error_at("website", u, "").span,
            });
        }
    }
    out
}

/// The HTTP status of `url` (after redirects), or the reason there is none.
fn status(url: &str) -> Result<u16, String> {
    let out = Command::new("curl")
        .args([
            "-s",
            "-o",
            "/dev/null",
            "-L",
            "--max-time",
            TIMEOUT,
            "-w",
            "%{http_code}",
            "-A",
            "draaiboek-linkcheck",
            // A proxy in the environment never stands between us and this
            // machine itself.
            "--noproxy",
            "localhost,127.0.0.1,::1",
        ])
        .arg(url)
        .output()
        .map_err(|e| {
            format!("curl kon niet starten ({e}); installeer curl om externe links te controleren")
        })?;
    let code: u16 = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0);
    if code == 0 {
        Err(format!("geen antwoord binnen {TIMEOUT} seconden"))
    } else {
        Ok(code)
    }
}

/// Checks every external link once; broken ones become diagnostics.
pub fn check(site: &Site, diags: &Collector) -> usize {
    let found = collect(site, diags);
    let mut urls: Vec<&str> = found.iter().map(|f| f.url.as_str()).collect();
    urls.sort_unstable();
    urls.dedup();
    let results: std::collections::HashMap<&str, Result<u16, String>> =
        urls.par_iter().map(|u| (*u, status(u))).collect();
    for f in &found {
        let problem = match results.get(f.url.as_str()) {
            Some(Ok(code)) if *code < 400 => continue,
            Some(Ok(code)) => format!("antwoordt met status {code}"),
            Some(Err(e)) => e.clone(),
            None => continue,
        };
        diags.push(
            Diagnostic::new(f.file.clone(), f.span.clone(), format!("externe link `{}` {problem}", f.url))
                .expected("een adres dat werkt")
                .suggest("zoek het nieuwe adres van de pagina, of een bewaarde kopie (bijvoorbeeld in een webarchief)"),
        );
    }
    urls.len()
}
