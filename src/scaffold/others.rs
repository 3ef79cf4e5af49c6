//! The scaffolds of the shared content: partners, themes, steps, elements,
//! pages and programmes. Each names every field of its type with a Dutch
//! comment; the unit tests read each back with the type the build uses.

use super::quoted;

/// `partners/<id>.md`.
pub(super) fn partner(title: &str, kind: &str) -> String {
    let title = quoted(title);
    format!(
        r#"---
# Een organisatie die in een of meer regio's meedoet.
# Uitleg per veld: docs/redactie.md, "Partners".

# De naam zoals de organisatie zichzelf noemt.
title: {title}
# Soort: gemeente, woningcorporatie, zorgaanbieder, welzijn, landelijk of
# overig (bijvoorbeeld een uitvoeringsorganisatie of een vereniging van
# corporaties).
kind: {kind}
# De eigen website, met https:// ervoor.
website:
# Eerdere adressen van deze pagina die moeten blijven werken.
aliases:
  # - /partners/oude-naam/
# Vrije velden voor eigen gebruik, ingesprongen onder extra:.
extra:
---

Schrijf hier in een paar zinnen wat voor organisatie dit is en waar ze
werkt. Welke regio's haar noemen, zet de site er zelf onder.
"#
    )
}

/// `themes/<id>.md`.
pub(super) fn theme(title: &str, order: i64) -> String {
    let title = quoted(title);
    format!(
        r#"---
# Een thema waar principes, afspraken, lessen en stappen bij horen.

title: {title}
# Verplicht: in één of twee zinnen wat het thema inhoudt; lezers zien dit
# op /themas/ en in de woordenlijst.
definition:
# Plaats in de lijst van thema's (laag eerst).
order: {order}
# Eerdere adressen van deze pagina die moeten blijven werken.
aliases:
  # - /themas/oude-naam/
extra:
---

Schrijf hier wat regio's bij dit thema doen en waar ze op letten.
"#
    )
}

/// `steps/<id>.md`.
pub(super) fn step(title: &str, order: i64) -> String {
    let title = quoted(title);
    format!(
        r#"---
# Een stap van de route van intentie tot evaluatie (/aanpak/).

title: {title}
# Plaats op de route (laag eerst).
order: {order}
# Het thema waar de stap bij hoort: de naam van een bestand in themes/.
theme:
# Waar de stap voor is, in één zin.
purpose:
# Wat de stap oplevert, elk op een eigen regel.
outputs:
  # - "Een startnotitie met de partijen en de opgave"
extra:
---

Schrijf hier hoe regio's deze stap zetten.
"#
    )
}

/// `elements/<id>.md`.
pub(super) fn element(title: &str, order: i64) -> String {
    let title = quoted(title);
    format!(
        r#"---
# Een onderdeel dat een convenant kan bevatten (de checklist op /checklist/).

title: {title}
# Plaats in de checklist (laag eerst).
order: {order}
# Het thema waar het onderdeel bij hoort: de naam van een bestand in themes/.
theme:
extra:
---

Schrijf hier wat dit onderdeel regelt en waarom het erin hoort.
"#
    )
}

/// `pages/<slug>.md`.
pub(super) fn page(title: &str) -> String {
    let title = quoted(title);
    format!(
        r#"---
# Een losse pagina, zoals Over deze site.

title: {title}
# Eén zin over de pagina, voor zoekmachines en lijsten.
description:
# Plaats in de voettekst (laag eerst).
order:
# Bronnen van de feiten op deze pagina; verwijs ernaar in de tekst met [^id].
sources:
  # - id: p31
  #   title: "..."
  #   url: https://...
  #   publisher: Platform31
aliases:
  # - /oude-naam/
# true = nog niet publiceren.
draft: true
extra:
---

Schrijf hier de tekst in Markdown.
"#
    )
}

/// `programmes/<id>.md`.
pub(super) fn programme(title: &str) -> String {
    let title = quoted(title);
    format!(
        r#"---
# Een landelijk programma waar regio's aan meededen.

title: {title}
# Eén of twee zinnen: wie het programma droeg en waarvoor.
summary:
# Wanneer het begon, zo precies als de bron: 2017, april 2017.
started:
# De website van het programma, met https:// ervoor.
website:
# De fasen, oudste eerst.
phases:
  # - title: "Fase 1"
  #   from: 2017
  #   to: 2018
  #   text: "..."
# Lessen uit het programma, elk bij een thema uit themes/.
lessons:
  # - theme: samenwerking
  #   text: "..."
  #   source: p31
sources:
  # - id: p31
  #   title: "..."
  #   url: https://...
  #   publisher: Platform31
aliases:
  # - /programma/oude-naam/
extra:
---

Schrijf hier wat het programma deed en wat het opleverde.
"#
    )
}

#[cfg(test)]
mod tests {
    use crate::base::model::*;
    use serde::de::DeserializeOwned;

    fn fields<M: DeserializeOwned>(text: &str) -> M {
        let s = crate::load::frontmatter::split(text).unwrap();
        serde_yaml::from_str(&text[s.yaml]).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    #[test]
    fn every_scaffold_reads_as_its_type() {
        let p: PartnerMeta = fields(&super::partner("Woonservice \"IJmond\"", "overig"));
        assert_eq!(p.title, "Woonservice \"IJmond\"");
        assert_eq!(p.kind, PartnerKind::Overig);
        let s: StepMeta = fields(&super::step("Analyse", 7));
        assert_eq!(s.order, 7);
        let e: ElementMeta = fields(&super::element("Privacy", 3));
        assert_eq!(e.order, 3);
        let p: PageMeta = fields(&super::page("Colofon"));
        assert!(p.draft);
        let p: ProgrammeMeta = fields(&super::programme("Thuis"));
        assert!(p.phases.is_empty());
    }

    #[test]
    fn a_theme_scaffold_asks_for_its_definition() {
        let t = super::theme("Zachte landing", 4);
        let filled = t.replace("definition:\n", "definition: Wat het is.\n");
        let m: ThemeMeta = fields(&filled);
        assert_eq!((m.definition.as_str(), m.order), ("Wat het is.", Some(4)));
    }
}
