//! The partners (`/partners/`, `/partners/<id>/`): every organisation and
//! the regions it takes part in.

use super::markdown::{self};
use super::pages::*;
use super::views::*;
use crate::base::diagnostics::Diagnostic;
use crate::base::model::PartnerKind;
use crate::base::output::OutFile;
use crate::base::paths;

impl<'a> Renderer<'a> {
    /// A partner with its body and regions (`full`), or for the overview,
    /// which shows only how many regions it works in.
    pub(super) fn partner_view(&self, i: usize, full: bool) -> PartnerView {
        let s = self.site;
        let d = &s.partners[i];
        PartnerView {
            id: d.id.clone(),
            title: d.meta.title.clone(),
            url: self.link(&paths::partner(&d.id)),
            kind: self.t().text(d.meta.kind.key()).to_string(),
            website: d.meta.website.clone().unwrap_or_default(),
            body_html: if full {
                self.md(d.body()).html
            } else {
                String::new()
            },
            region_count: s.partner_regions[i].len(),
            regions: s.partner_regions[i]
                .iter()
                .take(if full { usize::MAX } else { 0 })
                .map(|(ri, role)| {
                    let r = &s.regions[*ri];
                    PartnerInRegion {
                        title: r.meta().title.clone(),
                        url: self.link(&paths::region(r.slug())),
                        role: role.clone().unwrap_or_default(),
                    }
                })
                .collect(),
        }
    }

    pub(super) fn partners(&self) -> Result<OutFile, Diagnostic> {
        let groups: Vec<PartnerKindGroup> = PartnerKind::ALL
            .iter()
            .map(|k| PartnerKindGroup {
                kind: self.t().text(k.plural_key()).to_string(),
                partners: (0..self.site.partners.len())
                    .filter(|&i| self.site.partners[i].meta.kind == *k)
                    .map(|i| self.partner_view(i, false))
                    .collect(),
            })
            .filter(|g| !g.partners.is_empty())
            .collect();
        let page = self.page_view(
            self.t().text("partners_title"),
            self.t().text("partners_description"),
            paths::PARTNERS,
            "partners",
            vec![],
        );
        self.emit(
            "partners.html",
            paths::PARTNERS,
            page,
            ctx([("groups", template_value(&groups))]),
        )
    }

    pub(super) fn partner(&self, i: usize) -> Result<OutFile, Diagnostic> {
        let view = self.partner_view(i, true);
        let path = paths::partner(&view.id);
        let desc = markdown::summary(self.site.partners[i].body());
        let crumbs = vec![Link {
            title: self.t().text("nav_partners").into(),
            url: self.link(paths::PARTNERS),
        }];
        let mut page = self.page_view(&view.title, &desc, &path, "partners", crumbs);
        page.updated = self.updated(&self.site.partners[i].file, None);
        self.emit(
            "partner.html",
            &path,
            page,
            ctx([("partner", template_value(&view))]),
        )
    }
}
