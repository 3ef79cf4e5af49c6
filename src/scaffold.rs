//! `draaiboek new region <slug>`: a playbook file with every field present,
//! empty, and explained in Dutch, so an editor fills in rather than looks up.

use crate::load::valid_slug;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Why `draaiboek new region` wrote nothing; shown to the editor in Dutch.
#[derive(Debug)]
pub enum ScaffoldError {
    /// A usage problem: the slug cannot become an address.
    BadSlug(String),
    /// The playbook already exists; nothing is overwritten.
    Exists(PathBuf),
    /// Reading or writing this path failed.
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScaffoldError::BadSlug(s) => write!(
                f,
                "`{s}` kan geen adres worden: gebruik kleine letters, cijfers en streepjes, bijvoorbeeld `{}`",
                crate::base::slug::slugify(s)
            ),
            ScaffoldError::Exists(p) => {
                write!(f, "{} bestaat al; er is niets overschreven", p.display())
            }
            ScaffoldError::Io(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

impl std::error::Error for ScaffoldError {}

/// Creates `content/regions/<slug>/index.md` and returns its path.
pub fn new_region(content: &Path, slug: &str) -> Result<PathBuf, ScaffoldError> {
    if !valid_slug(slug) {
        return Err(ScaffoldError::BadSlug(slug.to_string()));
    }
    let dir = content.join("regions").join(slug);
    let file = dir.join("index.md");
    if file.exists() {
        return Err(ScaffoldError::Exists(file));
    }
    fs::create_dir_all(&dir).map_err(|e| ScaffoldError::Io(dir.clone(), e))?;
    // create_new: never overwrite, even if the file appeared meanwhile.
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&file)
        .map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => ScaffoldError::Exists(file.clone()),
            _ => ScaffoldError::Io(file.clone(), e),
        })?;
    io::Write::write_all(&mut f, region_template(slug).as_bytes())
        .map_err(|e| ScaffoldError::Io(file.clone(), e))?;
    Ok(file)
}

fn title_from_slug(slug: &str) -> String {
    slug.split('-')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn region_template(slug: &str) -> String {
    let title = title_from_slug(slug);
    format!(
        r#"---
# Het playbook van één regio. Vul alleen in wat een bron zegt; laat een
# veld leeg als het niet bekend is (de site toont dan "onbekend").
# Uitleg per veld: docs/redactie.md

# Naam van de regio zoals lezers haar kennen.
title: "{title}"
# Provincie, bijvoorbeeld Noord-Holland.
province:
# De gemeenten van de regio, bijvoorbeeld [Haarlem, Velsen].
municipalities: []
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
  # ggz-kliniek, jeugdzorg, detentie. Bijvoorbeeld:
  # target_groups: [beschermd-wonen, maatschappelijke-opvang]
  target_groups: []
  # Feiten die een bron onzeker noemt, bijvoorbeeld [signed]: de site zegt
  # dan "niet bevestigd".
  unconfirmed: []
  # Hoe de woningen over gemeenten of corporaties verdeeld worden (vrije tekst).
  distribution_key:
  # Het ondertekende document: een bestand in deze map (zoals pact.pdf)
  # of een adres dat met https:// begint.
  document:
  # Onderdelen die het convenant volgens een bron bevat: namen van bestanden
  # in elements/, bijvoorbeeld [doelgroep, aantallen-en-verdeelsleutel].
  elements: []
  # Onderdelen waarvan een bron zegt dat het convenant ze NIET bevat.
  lacks: []

# Deelnemende organisaties: id = bestandsnaam in partners/, role = hun rol.
# Voorbeeld: - {{ id: woonservice, role: uitvoeringsorganisatie }}
partners: []

# Principes van de afspraken, elk bij een thema uit themes/.
# Voorbeeld: - {{ theme: zachte-landing, text: "Samen zorgen voor ..." }}
principles: []

# Concrete werkafspraken, elk bij een thema uit themes/.
agreements: []

# Het proces, stap voor stap: step = bestandsnaam in steps/.
# Voorbeeld: - {{ date: 2020-10, step: ondertekening, text: "..." }}
process: []

# Geleerde lessen, elk bij een thema; quote_by = wie het zei (alleen als de
# bron een naam noemt).
lessons: []

# Afspraken die de regio eerder had (en die vervangen zijn), oudste eerst;
# elk met een eigen id, het einde van het adres van haar pagina. Bijvoorbeeld:
# earlier:
#   - id: pact-2020
#     kind: pact
#     signed: oktober 2020
#     status: replaced
earlier: []

# Bronnen van de feiten op deze pagina. Met een id (zoals p31) kan een
# principe, afspraak, stap of les er met `source: p31` naar verwijzen.
# Voorbeeld: - {{ id: p31, title: "...", url: "https://...", date: 2023-06-12, publisher: Platform31 }}
sources: []

# Eerdere adressen van deze pagina die moeten blijven werken, zoals /regio/oud/.
aliases: []

# true = nog niet publiceren.
draft: true

# Vrije velden voor eigen gebruik, bijvoorbeeld inwoners: 420000.
extra: {{}}
---

Schrijf hier het verhaal van de regio in Markdown: de aanleiding, de aanpak
en wat er daarna gebeurde. Gebruik `## Kopjes` voor de onderdelen; elk kopje
krijgt een vast adres waar anderen naar kunnen linken.
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_is_valid_region_front_matter() {
        let t = region_template("noord-test");
        let s = crate::load::frontmatter::split(&t).unwrap();
        let meta: crate::base::model::RegionMeta = serde_yaml::from_str(&t[s.yaml]).unwrap();
        assert_eq!(meta.title, "Noord Test");
        assert!(meta.draft);
    }
}
