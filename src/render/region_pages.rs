//! A region's playbook (`/regio/<slug>/`) and its covenant page
//! (`/regio/<slug>/convenant/`), the link partners use.

use super::citations::{cited_order, source_anchor, source_mark};
use super::markdown::{self, Rendered};
use super::pages::*;
use super::views::*;
use crate::base::diagnostics::Diagnostic;
use crate::base::model::{Lesson, PartnerKind, Source, Statement};
use crate::base::output::OutFile;
use crate::base::paths;
use crate::resolve::{CovenantDocument, Region, Standing};

impl<'a> Renderer<'a> {
    /// A covenant as a schema.org CreativeWork: who made it, where, when.
    fn covenant_ld(&self, r: &Region, title: &str, url: &str) -> serde_json::Value {
        let s = self.site;
        let c = r.meta().covenant.as_ref();
        let partners: Vec<serde_json::Value> = r
            .meta()
            .partners
            .iter()
            .filter_map(|p| s.partner_ix.get(&p.id))
            .map(|&i| serde_json::json!({"@type": "Organization", "name": s.partners[i].meta.title, "url": s.base.absolute(&paths::partner(&s.partners[i].id))}))
            .collect();
        serde_json::json!({
            "@context": "https://schema.org",
            "@type": "CreativeWork",
            "additionalType": c.and_then(|c| c.kind).map(|k| self.t().text(k.key())),
            "name": title,
            "url": url,
            "inLanguage": s.config.language,
            "dateCreated": c.and_then(|c| c.signed).map(|d| d.iso()),
            "spatialCoverage": {"@type": "Place", "name": r.meta().title},
            "contributor": partners,
            "publisher": {"@type": "Organization", "name": s.config.title, "url": s.base.absolute},
        })
    }

    pub(super) fn region_row(&self, r: &Region) -> RegionRow {
        let c = r.meta().covenant.as_ref();
        let standing = Standing::of(r);
        RegionRow {
            title: r.meta().title.clone(),
            url: self.link(&paths::region(r.slug())),
            province: r.meta().province.clone().unwrap_or_default(),
            kind: c
                .and_then(|c| c.kind)
                .map(|k| self.t().text(k.key()).to_string())
                .unwrap_or_default(),
            status: self.t().text(standing.key()).to_string(),
            standing_class: standing.class().to_string(),
            year: c
                .and_then(|c| c.signed)
                .and_then(|d| d.year)
                .map(|y| y.to_string())
                .unwrap_or_default(),
        }
    }

    pub(super) fn covenant_view(&self, r: &Region) -> Option<CovenantView> {
        let c = r.meta().covenant.as_ref()?;
        Some(self.agreement_view(r, c, r.document.as_ref(), &paths::covenant(r.slug())))
    }

    /// The facts of one agreement of region `r`: its current one or one of
    /// `earlier:`, whose page is at `path`.
    fn agreement_view(
        &self,
        r: &Region,
        c: &crate::base::model::Covenant,
        document: Option<&CovenantDocument>,
        path: &str,
    ) -> CovenantView {
        let standing = Standing::of_agreement(Some(c));
        let document = document.map(|d| match d {
            CovenantDocument::Attachment { name, bytes, .. } => DocumentView {
                url: self.link(&paths::attachment(r.slug(), name)),
                name: name.clone(),
                external: false,
                details: format!(
                    "{}, {}",
                    extension_label(self.t(), name),
                    size_label(self.t(), *bytes)
                ),
            },
            CovenantDocument::Url(u) => DocumentView {
                url: u.clone(),
                name: u.clone(),
                external: true,
                details: self.t().text("document_external").into(),
            },
        });
        CovenantView {
            name: c.name.clone().unwrap_or_default(),
            kind: c
                .kind
                .map(|k| self.t().text(k.key()).to_string())
                .unwrap_or_default(),
            // A policy plan is never labelled with an agreement's status
            // (a "signed" plan is a plan, not a signed covenant).
            status: match (c.kind, c.status) {
                (Some(k), _) if !k.is_agreement() => self.t().text(standing.key()).to_string(),
                (_, Some(s)) => self.t().text(s.key()).to_string(),
                (None, None) => self.t().text(standing.key()).to_string(),
                (Some(_), None) => String::new(),
            },
            status_as_of: c
                .status_as_of
                .map(|d| {
                    self.t()
                        .fill("status_as_of", &[("date", &self.t().date(d))])
                })
                .unwrap_or_default(),
            standing_class: standing.class().to_string(),
            is_agreement: c.kind.is_none_or(|k| k.is_agreement()),
            no_agreement: standing == Standing::NoAgreement,
            signed: c.signed.map(|d| self.date_view(d)),
            signatories: c.signatories,
            term_years: c.term_years,
            term: crate::compare::term_text(c, self.t()),
            homes_per_year: c.homes_per_year,
            homes: self.homes_text(c),
            offer_within: c
                .offer_within_months
                .map(|n| self.t().count("offer_within_months", u64::from(n)))
                .unwrap_or_default(),
            target_groups: c
                .target_groups
                .iter()
                .map(|g| self.t().text(&g.key()).to_string())
                .collect(),
            unconfirmed: self.unconfirmed(c),
            source: source_mark(&cited_order(r), c.source.as_deref()),
            distribution_key: c.distribution_key.clone().unwrap_or_default(),
            document,
            elements: c
                .elements
                .iter()
                .filter_map(|e| self.site.element_ix.get(e).map(|&i| &self.site.elements[i]))
                .map(|e| Link {
                    title: e.meta.title.clone(),
                    url: String::new(),
                })
                .collect(),
            url: self.link(path),
            permalink: self.site.base.absolute(path),
        }
    }

    /// An agreement as lists name it: its name, or its kind and year
    /// ("pact 2020") when it has none.
    pub(super) fn agreement_title(&self, c: &crate::base::model::Covenant) -> String {
        let t = self.t();
        c.name.clone().unwrap_or_else(|| {
            let kind = c
                .kind
                .map(|k| t.text(k.key()).to_string())
                .unwrap_or_else(|| t.text("agreement").to_string());
            match c.signed.and_then(|d| d.year) {
                Some(y) => format!("{kind} {y}"),
                None => kind,
            }
        })
    }

    /// The region's agreements over time, for the page `here`.
    pub(super) fn history(&self, r: &Region, here: Here) -> Vec<AgreementStep> {
        let m = r.meta();
        if m.earlier.is_empty() {
            return Vec::new();
        }
        let title = |c| self.agreement_title(c);
        let mut steps: Vec<AgreementStep> = m
            .earlier
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                Some(AgreementStep {
                    title: title(c),
                    url: self.link(&paths::earlier(r.slug(), c.id.as_deref()?)),
                    current: false,
                    here: here == Here::Earlier(i),
                })
            })
            .collect();
        if let Some(c) = &m.covenant {
            steps.push(AgreementStep {
                title: title(c),
                url: self.link(&paths::covenant(r.slug())),
                current: true,
                here: here == Here::Current,
            });
        }
        steps
    }

    /// The page of an agreement the region had before the one in force.
    pub(super) fn earlier(&self, r: &'a Region, k: usize) -> Result<OutFile, Diagnostic> {
        let m = r.meta();
        let c = &m.earlier[k];
        let id = c.id.as_deref().unwrap_or_default();
        let path = paths::earlier(r.slug(), id);
        let mut view = self.region_view(r, None);
        view.covenant = Some(self.agreement_view(
            r,
            c,
            r.earlier_documents.get(k).and_then(Option::as_ref),
            &path,
        ));
        view.history = self.history(r, Here::Earlier(k));
        let t = self.t();
        let region = m.title.as_str();
        let name = view
            .history
            .iter()
            .find(|s| s.here)
            .map(|s| s.title.clone())
            .unwrap_or_default();
        let title = t.fill("covenant_title", &[("name", &name), ("region", region)]);
        let desc = t.fill("earlier_description", &[("region", region)]);
        let crumbs = vec![
            Link {
                title: m.title.clone(),
                url: view.url.clone(),
            },
            Link {
                title: t.text("earlier_crumb").to_string(),
                url: self.link(&paths::covenant(r.slug())),
            },
        ];
        let mut page = self.page_view(&title, &desc, &path, "home", crumbs);
        page.updated = self.updated(&r.src.doc.file, r.meta().updated);
        self.emit(
            "covenant.html",
            &path,
            page,
            ctx([("region", template_value(&view))]),
        )
    }

    /// The term as readers read it: "10 jaar", "2,5 jaar", "tot december
    /// 2025" or both; empty when the source gives neither.
    /// The homes as readers read them: the number a year, or the share of
    /// the homes that come free ("5% van de vrijkomende woningen per
    /// jaar"), or both; empty when the source gives neither.
    fn homes_text(&self, c: &crate::base::model::Covenant) -> String {
        let t = self.t();
        let number = c.homes_per_year.map(|n| t.number(f64::from(n)));
        let share = c
            .homes_share_percent
            .map(|p| t.fill("homes_share", &[("percent", &t.number(p))]));
        match (number, share) {
            (Some(n), Some(s)) => format!("{n} ({s})"),
            (Some(n), None) => n,
            (None, Some(s)) => s,
            (None, None) => String::new(),
        }
    }

    /// "niet bevestigd" beside each fact a source gives as uncertain.
    fn unconfirmed(&self, c: &crate::base::model::Covenant) -> UnconfirmedView {
        use crate::base::model::CovenantField as F;
        let note = |f: F| {
            if c.unconfirmed.contains(&f) {
                self.t().text("unconfirmed").to_string()
            } else {
                String::new()
            }
        };
        UnconfirmedView {
            name: note(F::Name),
            kind: note(F::Kind),
            status: note(F::Status),
            signed: note(F::Signed),
            signatories: note(F::Signatories),
            term: if c.unconfirmed.contains(&F::Ends) {
                note(F::Ends)
            } else {
                note(F::TermYears)
            },
            homes: if c.unconfirmed.contains(&F::HomesSharePercent) {
                note(F::HomesSharePercent)
            } else {
                note(F::HomesPerYear)
            },
            offer_within: note(F::OfferWithinMonths),
            target_groups: note(F::TargetGroups),
            distribution_key: note(F::DistributionKey),
        }
    }

    pub(super) fn theme_link(&self, id: &str) -> Link {
        match self.site.theme_ix.get(id) {
            Some(&i) => Link {
                title: self.site.themes[i].meta.title.clone(),
                url: self.link(&paths::theme(id)),
            },
            None => Link {
                title: id.to_string(),
                url: String::new(),
            },
        }
    }

    pub(super) fn statements(
        &self,
        list: &'a [Statement],
        prefix: &str,
        sources: &[Source],
    ) -> Vec<ItemView> {
        list.iter()
            .enumerate()
            .map(|(i, s)| ItemView {
                anchor: format!("{prefix}-{}", i + 1),
                html: self.inline(&s.text),
                theme: self.theme_link(&s.theme),
                quote_by: String::new(),
                source: source_mark(sources, s.source.as_deref()),
            })
            .collect()
    }

    pub(super) fn lesson_views(&self, list: &'a [Lesson], sources: &[Source]) -> Vec<ItemView> {
        list.iter()
            .enumerate()
            .map(|(i, l)| ItemView {
                anchor: paths::lesson_anchor(i + 1),
                html: self.inline(&l.text),
                theme: self.theme_link(&l.theme),
                quote_by: l.quote_by.clone().unwrap_or_default(),
                source: source_mark(sources, l.source.as_deref()),
            })
            .collect()
    }

    pub(super) fn sources(&self, list: &[Source]) -> Vec<SourceView> {
        list.iter()
            .map(|s| SourceView {
                title: s.title.clone(),
                url: s.url.clone().unwrap_or_default(),
                date: s.date.map(|d| self.t().date(d)).unwrap_or_default(),
                publisher: s.publisher.clone().unwrap_or_default(),
                anchor: s.id.as_deref().map(source_anchor).unwrap_or_default(),
            })
            .collect()
    }

    /// A region as its templates see it: for its playbook (`body` is its
    /// rendered text), or, without a body, for its covenant page, which
    /// shows the covenant, the parties and the sources; the lists only the
    /// playbook shows stay empty there (making them was much of the
    /// covenant page's work; benches/PERFORMANCE.md).
    pub(super) fn region_view(&self, r: &'a Region, body: Option<Rendered>) -> RegionView {
        let s = self.site;
        let m = r.meta();
        let sources = &cited_order(r);
        let playbook = body.is_some();
        let body = body.unwrap_or_default();
        let mut groups: Vec<PartnerGroup> = Vec::new();
        for kind in PartnerKind::ALL {
            let partners: Vec<PartnerInRegion> = m
                .partners
                .iter()
                .filter_map(|p| {
                    let &i = s.partner_ix.get(&p.id)?;
                    let d = &s.partners[i];
                    // The kind it has in this region, where the playbook
                    // says so (a national organisation that is a care
                    // provider here).
                    (p.kind.unwrap_or(d.meta.kind) == kind).then(|| PartnerInRegion {
                        title: d.meta.title.clone(),
                        url: self.link(&paths::partner(&d.id)),
                        role: p.role.clone().unwrap_or_default(),
                    })
                })
                .collect();
            if !partners.is_empty() {
                groups.push(PartnerGroup {
                    kind: self.t().text(kind.plural_key()).to_string(),
                    partners,
                });
            }
        }
        let process: Vec<ProcessView> = crate::compare::route::process_order(&m.process)
            .into_iter()
            .filter(|_| playbook)
            .map(|i| {
                let p = &m.process[i];
                let step = s
                    .step_ix
                    .get(&p.step)
                    .map(|&k| s.steps[k].meta.title.clone())
                    .unwrap_or_else(|| p.step.clone());
                let step_url = if s.step_ix.contains_key(&p.step) {
                    self.link(&paths::step(&p.step))
                } else {
                    String::new()
                };
                ProcessView {
                    anchor: paths::step_anchor(i + 1),
                    date: p.date.map(|d| self.date_view(d)),
                    step,
                    step_url,
                    html: self.inline(&p.text),
                    source: source_mark(sources, p.source.as_deref()),
                }
            })
            .collect();
        let standing = Standing::of(r);
        RegionView {
            slug: r.slug().to_string(),
            title: m.title.clone(),
            url: self.link(&paths::region(r.slug())),
            province: m.province.clone().unwrap_or_default(),
            municipalities: m.municipalities.clone(),
            programme: m
                .programme
                .as_ref()
                .and_then(|p| s.programme_ix.get(p))
                .map(|&i| Link {
                    title: s.programmes[i].meta.title.clone(),
                    url: self.link(&paths::programme(&s.programmes[i].id)),
                }),
            standing: self.t().text(standing.key()).to_string(),
            standing_class: standing.class().to_string(),
            covenant: self.covenant_view(r),
            history: self.history(
                r,
                if playbook {
                    Here::Playbook
                } else {
                    Here::Current
                },
            ),
            partner_groups: groups,
            principles: if playbook {
                self.statements(&m.principles, "principe", sources)
            } else {
                Vec::new()
            },
            agreements: if playbook {
                self.statements(&m.agreements, "afspraak", sources)
            } else {
                Vec::new()
            },
            process,
            lessons: if playbook {
                self.lesson_views(&m.lessons, sources)
            } else {
                Vec::new()
            },
            sources: self.sources(sources),
            body_html: body.html,
            related: if playbook {
                self.related_views(r)
            } else {
                Vec::new()
            },
            toc: toc(&body.headings),
        }
    }

    pub(super) fn region(&self, i: usize) -> Result<OutFile, Diagnostic> {
        let s = self.site;
        let r = &s.regions[i];
        let cited = cited_order(r)
            .iter()
            .enumerate()
            .filter_map(|(n, src)| {
                let id = src.id.as_deref()?;
                let number = n + 1;
                let label = self.t().fill("source_mark", &[("n", &number.to_string())]);
                let anchor = source_anchor(id);
                let c = markdown::Cited {
                    number,
                    anchor,
                    label,
                };
                Some((id.to_string(), c))
            })
            .collect();
        let mut body = markdown::render_cited(
            r.src.doc.body(),
            &s.base.path,
            &paths::REGION_ANCHORS,
            s.config.allow_html,
            &cited,
        );
        let summary = body.summary.clone();
        let sections = std::mem::take(&mut body.sections);
        if let Some(slot) = self.common.region_text.get(i) {
            let _ = slot.set(crate::render::RegionText {
                summary: summary.clone(),
                sections,
            });
        }
        let view = self.region_view(r, Some(body));
        let path = paths::region(r.slug());
        let mut page = self.page_view(&r.meta().title, &summary, &path, "home", vec![]);
        page.updated = self.updated(&r.src.doc.file, r.meta().updated);
        page.draft = r.meta().draft;
        self.emit(
            "region.html",
            &path,
            page,
            ctx([("region", template_value(&view))]),
        )
    }

    pub(super) fn covenant(&self, r: &'a Region) -> Result<OutFile, Diagnostic> {
        let view = self.region_view(r, None);
        let path = paths::covenant(r.slug());
        let name = r.meta().covenant.as_ref().and_then(|c| c.name.clone());
        let t = self.t();
        let region = r.meta().title.as_str();
        let title = match &name {
            Some(n) => t.fill("covenant_title", &[("name", n), ("region", region)]),
            None => t.fill("covenant_title_unnamed", &[("region", region)]),
        };
        let desc = t.fill("covenant_description", &[("region", region)]);
        let crumbs = vec![Link {
            title: r.meta().title.clone(),
            url: view.url.clone(),
        }];
        let mut page = self.page_view(&title, &desc, &path, "home", crumbs);
        page.updated = self.updated(&r.src.doc.file, r.meta().updated);
        page.og_type = "article".into();
        page.jsonld = jsonld(&self.covenant_ld(r, &title, &page.canonical));
        self.emit(
            "covenant.html",
            &path,
            page,
            ctx([("region", template_value(&view))]),
        )
    }
}

fn extension_label(t: &crate::base::translations::Translations, name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_uppercase())
        .unwrap_or_else(|| t.text("document_file").into())
}

/// File size as a reader sees it: "312 kB", "1,4 MB" in Dutch.
fn size_label(t: &crate::base::translations::Translations, bytes: u64) -> String {
    let (key, n) = if bytes < 1000 {
        ("size_bytes", bytes as f64)
    } else if bytes < 1_000_000 {
        ("size_kb", bytes.div_ceil(1000) as f64)
    } else {
        // One decimal, as before; `number` rounds to one.
        ("size_mb", bytes as f64 / 1_000_000.0)
    };
    t.fill(key, &[("n", &t.number(n))])
}

/// The anchor of a source with an id in a page's list of sources.
/// Which page shows a region's agreements over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Here {
    /// The playbook: none of the agreements is this page.
    Playbook,
    /// The page of the agreement in force.
    Current,
    /// The page of agreement `.0` of `earlier:`.
    Earlier(usize),
}
