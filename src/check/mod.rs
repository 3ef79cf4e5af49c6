//! The checking stage: what a build must prove about the rendered site
//! before it is written. Every link in editors' Markdown resolves to a
//! file and anchor the site has, and no old address (`aliases:`) takes the
//! place of one ([`links`]); with `check --external`, links to other sites
//! answer ([`external`]). `check` alone also asks that every fact can be
//! traced to a source ([`provenance`]) and, with `--reference`, that no
//! text was copied from the sources ([`copies`]).

pub mod copies;
pub mod external;
pub mod links;
pub mod provenance;

use crate::base::diagnostics::Collector;
use crate::resolve::Site;

/// The checks only `check` runs, over a site that built: the sources of
/// every region and, given reference texts, copied text.
pub fn content(site: &Site, reference: Option<&copies::Reference>) -> Collector {
    let diags = Collector::default();
    for r in &site.regions {
        diags
            .sources
            .insert(&r.src.doc.file, r.src.doc.text.clone());
    }
    provenance::check(site, &diags);
    if let Some(r) = reference {
        copies::check(site, r, &diags);
    }
    diags
}
