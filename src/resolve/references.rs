//! Every reference between files: a playbook's partners, themes, steps,
//! programme and covenant elements, the themes of steps, elements and
//! programme lessons. A dangling one is a diagnostic at its place with the
//! nearest existing id, unless the file it names was itself broken (then
//! that file's own message says what is wrong).

use super::{Ids, Region, fields};
use crate::base::diagnostics::{Collector, Diagnostic, did_you_mean};
use crate::base::model::{ElementMeta, ProgrammeMeta, StepMeta};
use crate::load::{Doc, RegionDoc};
use std::collections::HashSet;

/// The ids every reference is checked against.
pub(super) struct References<'d> {
    pub partner_ix: Ids,
    pub theme_ix: Ids,
    pub step_ix: Ids,
    pub element_ix: Ids,
    pub programme_ix: Ids,
    /// Files that failed to parse, by (folder, id): references to them are
    /// not reported.
    pub unparsed: HashSet<(&'static str, String)>,
    /// Collections whose folder could not be read.
    pub unreadable: HashSet<&'static str>,
    pub diags: &'d Collector,
}

impl References<'_> {
    /// Checks that `id` is in `known` (the files of `dir`); `e` is the
    /// diagnostic at the reference, `kind` what a new file would be.
    fn check(
        &self,
        id: &str,
        known: &Ids,
        dir: &'static str,
        kind: &str,
        e: impl FnOnce() -> Diagnostic,
    ) {
        if known.contains_key(id)
            || self.unparsed.contains(&(dir, id.to_string()))
            || self.unreadable.contains(dir)
        {
            return;
        }
        // The scaffold that makes the missing file, so a new organisation
        // is one command away, also when a similar name exists.
        let new = match dir {
            "partners" => format!("draaiboek new partner {id} --kind <soort>"),
            "themes" => format!("draaiboek new theme {id}"),
            "steps" => format!("draaiboek new step {id}"),
            "elements" => format!("draaiboek new element {id}"),
            "programmes" => format!("draaiboek new programme {id}"),
            _ => format!("maak {dir}/{id}.md aan"),
        };
        let suggestion = match did_you_mean(id, known.keys().map(String::as_str)) {
            Some(hint) => format!("{hint} Is het {kind}, maak het bestand dan met `{new}`"),
            None => format!("is het {kind}, maak het bestand dan met `{new}`"),
        };
        self.diags.push(
            e().expected(format!("de naam van een bestand in {dir}/ (zonder .md)"))
                .suggest(suggestion),
        );
    }

    fn theme<M>(&self, doc: &Doc<M>, key: &str, theme: &str) {
        self.check(theme, &self.theme_ix, "themes", "een nieuw thema", || {
            doc.error_at(key, theme, format!("onbekend thema `{theme}`"))
        });
    }

    /// Steps and elements may name a theme.
    pub fn steps_and_elements(&self, steps: &[Doc<StepMeta>], elements: &[Doc<ElementMeta>]) {
        for d in steps {
            if let Some(t) = &d.meta.theme {
                self.theme(d, "theme", t);
            }
        }
        for d in elements {
            if let Some(t) = &d.meta.theme {
                self.theme(d, "theme", t);
            }
        }
    }

    pub fn programme_lessons(&self, programmes: &[Doc<ProgrammeMeta>]) {
        for p in programmes {
            for l in &p.meta.lessons {
                self.theme(p, "lessons", &l.theme);
            }
        }
    }

    /// Checks a playbook's references and fields; the region as the site
    /// shows it, `None` for a draft (when drafts are not shown).
    pub fn region(&self, r: RegionDoc, drafts: bool) -> Option<Region> {
        let doc = &r.doc;
        let m = &doc.meta;
        for p in &m.partners {
            self.check(
                &p.id,
                &self.partner_ix,
                "partners",
                "een nieuwe organisatie",
                || doc.error_at("partners", &p.id, format!("onbekende partner `{}`", p.id)),
            );
        }
        for (key, list) in [("principles", &m.principles), ("agreements", &m.agreements)] {
            for s in list {
                self.theme(doc, key, &s.theme);
            }
        }
        for l in &m.lessons {
            self.theme(doc, "lessons", &l.theme);
        }
        for s in &m.process {
            self.check(&s.step, &self.step_ix, "steps", "een nieuwe stap", || {
                doc.error_at("process", &s.step, format!("onbekende stap `{}`", s.step))
            });
        }
        if let Some(p) = &m.programme {
            self.check(
                p,
                &self.programme_ix,
                "programmes",
                "een nieuw programma",
                || doc.error_at("programme", p, format!("onbekend programma `{p}`")),
            );
        }
        let document = m
            .covenant
            .as_ref()
            .and_then(|c| self.agreement(&r, "covenant", c));
        let earlier_documents = m
            .earlier
            .iter()
            .map(|c| self.agreement(&r, "earlier", c))
            .collect();
        fields::check_earlier(doc, self.diags);
        fields::check_aliases(doc, &m.aliases, self.diags);
        for src in &m.sources {
            fields::check_url(doc, "sources", src.url.as_deref(), self.diags);
        }
        fields::check_sources(doc, self.diags);
        if m.draft && !drafts {
            return None;
        }
        Some(Region {
            src: r,
            document,
            earlier_documents,
        })
    }

    /// Checks one agreement's elements (under `key`: `covenant` or
    /// `earlier`) and finds its document.
    fn agreement(
        &self,
        r: &RegionDoc,
        key: &str,
        c: &crate::base::model::Covenant,
    ) -> Option<super::CovenantDocument> {
        let doc = &r.doc;
        for el in c.elements.iter().chain(&c.lacks) {
            self.check(
                el,
                &self.element_ix,
                "elements",
                "een nieuw onderdeel",
                || doc.error_at(key, el, format!("onbekend convenantonderdeel `{el}`")),
            );
        }
        let d = c.document.as_deref()?;
        if crate::base::urls::dangerous_scheme(d).is_some() {
            fields::check_url(doc, key, Some(d), self.diags);
            return None;
        }
        fields::document(r, d, self.diags)
    }
}
