//! The playbook scaffold of `draaiboek new region`: every field present,
//! empty and explained in Dutch, lists written so items can be typed under
//! them.

/// The playbook of a new region: every field, empty, explained.
pub(super) fn template(title: &str) -> String {
    let title = super::quoted(title);
    format!(
        r#"---
# Het playbook van één regio. Vul alleen in wat een bron zegt; laat een
# veld leeg als het niet bekend is (de site toont dan "onbekend").
# Uitleg per veld: docs/redactie.md

# Naam van de regio zoals lezers haar kennen.
title: {title}
# Provincie, bijvoorbeeld Noord-Holland.
province:
# De gemeenten van de regio, elk op een eigen regel met `- ` ervoor. Haal
# het `# ` weg voor een voorbeeldregel om haar te gebruiken.
municipalities:
  # - Haarlem
  # - Velsen
# Landelijk programma waar de regio aan meedeed: de naam van een bestand in
# programmes/ zonder .md, bijvoorbeeld weer-thuis. Leeg als er geen is.
programme:

# De ondertekende afspraken. Laat leeg wat je niet weet.
covenant:
  # Naam van het document, bijvoorbeeld "Uitstroomregeling Pact".
  name:
  # Soort: convenant, pact, afspraken, intentieverklaring,
  # samenwerkingsovereenkomst, regeling of beleidsplan.
  kind:
  # Stand: preparing (in voorbereiding), intention (intentie uitgesproken),
  # pilot, signed (ondertekend), evaluated (geëvalueerd), ended (beëindigd)
  # of replaced (vervangen).
  status:
  # Wanneer die stand voor het laatst bekend was, bijvoorbeeld 2018-12:
  # de site zegt dan "stand december 2018".
  status_as_of:
  # Datum van ondertekening, zo precies als de bron: 2020, oktober 2020,
  # 7 oktober 2020 of 7-10-2020; zonder jaar als de bron dat niet noemt: 13 juni.
  signed:
  # Aantal ondertekenende partijen.
  signatories:
  # Looptijd in jaren; decimalen met een punt, zoals 2.5.
  term_years:
  # Of: tot wanneer de afspraken lopen, bijvoorbeeld 2025-12.
  ends:
  # Aantal woningen per jaar voor uitstromers.
  homes_per_year:
  # Of: het aandeel van de vrijkomende woningen per jaar, in procent (0-100).
  homes_share_percent:
  # Binnen hoeveel maanden iemand die klaar is een woning krijgt (1-120).
  offer_within_months:
  # Voor wie: beschermd-wonen, maatschappelijke-opvang, vrouwenopvang, amv,
  # ggz-kliniek, jeugdzorg, detentie; elk op een eigen regel.
  target_groups:
    # - beschermd-wonen
    # - maatschappelijke-opvang
  # Feiten die een bron onzeker noemt (de naam van het veld): de site zegt
  # dan "niet bevestigd".
  unconfirmed:
    # - signed
  # Hoe de woningen over gemeenten of corporaties verdeeld worden (vrije tekst).
  distribution_key:
  # Het ondertekende document: een bestand in deze map (zoals pact.pdf)
  # of een adres dat met https:// begint.
  document:
  # Onderdelen die het convenant volgens een bron bevat: namen van bestanden
  # in elements/.
  elements:
    # - doelgroep
    # - aantallen-en-verdeelsleutel
  # Onderdelen waarvan een bron uitdrukkelijk zegt dat het convenant ze NIET
  # bevat. Zegt de bron er niets over, zet het onderdeel dan nergens.
  lacks:
    # - evaluatie

# Deelnemende organisaties: id = bestandsnaam in partners/ (een nieuwe
# maak je met `draaiboek new partner <id> --kind <soort>`), role = hun rol.
partners:
  # - id: woonservice
  #   role: uitvoeringsorganisatie

# Principes van de afspraken, elk bij een thema uit themes/; source = de
# id van een bron onder sources:.
principles:
  # - theme: zachte-landing
  #   text: "Samen zorgen voor ..."
  #   source: p31

# Concrete werkafspraken, elk bij een thema uit themes/.
agreements:
  # - theme: beoordelingstafel
  #   text: "Elke gemeente ..."
  #   source: p31

# Het proces, stap voor stap: step = bestandsnaam in steps/.
process:
  # - date: oktober 2020
  #   step: ondertekening
  #   text: "..."
  #   source: p31

# Geleerde lessen, elk bij een thema; quote_by = wie het zei (alleen als de
# bron een naam noemt).
lessons:
  # - theme: samenwerking
  #   text: "..."
  #   source: p31

# Afspraken die de regio eerder had (en die vervangen zijn), oudste eerst;
# elk met een eigen id, het einde van het adres van haar pagina.
earlier:
  # - id: pact-2020
  #   kind: pact
  #   signed: oktober 2020
  #   status: replaced

# Bronnen van de feiten op deze pagina. Met een id (zoals p31) kan een
# principe, afspraak, stap of les er met `source: p31` naar verwijzen.
sources:
  # - id: p31
  #   title: "..."
  #   url: https://...
  #   date: 12 juni 2023
  #   publisher: Platform31

# Eerdere adressen van deze pagina die moeten blijven werken.
aliases:
  # - /regio/oude-naam/

# true = nog niet publiceren.
draft: true

# Vrije velden voor eigen gebruik, ingesprongen onder extra:.
extra:
  # inwoners: 420000
---

Schrijf hier het verhaal van de regio in Markdown: de aanleiding, de aanpak
en wat er daarna gebeurde. Gebruik `## Kopjes` voor de onderdelen; elk kopje
krijgt een vast adres waar anderen naar kunnen linken.
"#
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn template_is_valid_region_front_matter() {
        let t = super::template("Noord Test");
        let s = crate::load::frontmatter::split(&t).unwrap();
        let meta: crate::base::model::RegionMeta = serde_yaml::from_str(&t[s.yaml]).unwrap();
        assert_eq!(meta.title, "Noord Test");
        assert!(meta.draft);
        assert!(meta.partners.is_empty() && meta.extra.is_empty());
    }

    #[test]
    fn every_commented_example_item_is_valid_once_uncommented() {
        let t = super::template("Noord Test");
        let open: String = t
            .lines()
            .map(|l| match l.trim_start().strip_prefix("# ") {
                // Example items (`# - ...` and their further lines) and an
                // example field under `extra:`; explanations stay comments.
                Some(rest)
                    if l.starts_with("  ")
                        && (rest.starts_with("- ")
                            || rest.starts_with("  ")
                            || rest.split_once(": ").is_some_and(|(k, _)| {
                                k.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                            })) =>
                {
                    let indent = l.len() - l.trim_start().len();
                    format!("{}{rest}\n", " ".repeat(indent))
                }
                _ => format!("{l}\n"),
            })
            .collect();
        let s = crate::load::frontmatter::split(&open).unwrap();
        let meta: crate::base::model::RegionMeta =
            serde_yaml::from_str(&open[s.yaml]).unwrap_or_else(|e| panic!("{e}\n{open}"));
        assert_eq!(meta.municipalities, ["Haarlem", "Velsen"]);
        assert_eq!(meta.partners.len(), 1);
        assert_eq!(meta.sources.len(), 1);
        assert_eq!(meta.earlier.len(), 1);
        assert_eq!(meta.extra.len(), 1);
    }
}
