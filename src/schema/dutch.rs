//! The Dutch description of every field. Most come from the comments
//! above the field in its scaffold (`draaiboek new ...`), so a form and a
//! new file explain a field in the same words; the fields a scaffold shows
//! only as an example item, and `site.yaml`, are described here.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The fields that have no comment of their own in a scaffold.
const TABLE: &[(&str, &str, &str)] = &[
    (
        "SiteConfig",
        "security_contact",
        "Waar je een beveiligingsprobleem meldt: een e-mailadres of een adres met https://; komt in /.well-known/security.txt en onderaan elke pagina.",
    ),
    (
        "SiteConfig",
        "admin",
        "De redactiepagina /admin/: of de gebouwde site haar heeft, en waar ze opslaat.",
    ),
    (
        "AdminConfig",
        "publish",
        "true zet /admin/ in de gebouwde site; draaiboek serve biedt haar altijd.",
    ),
    (
        "AdminConfig",
        "backend",
        "De git-dienst waar de gepubliceerde redactiepagina opslaat: github, gitlab of gitea.",
    ),
    ("AdminConfig", "repo", "De repository, als eigenaar/naam."),
    (
        "AdminConfig",
        "branch",
        "De branch waarin de redactiepagina opslaat; zonder deze regel main.",
    ),
    (
        "AdminConfig",
        "base_url",
        "Het adres van een eigen GitLab of Gitea/Forgejo, met https:// ervoor.",
    ),
    (
        "SiteConfig",
        "title",
        "De naam van de site: linksboven op elke pagina en in de titel van het tabblad.",
    ),
    (
        "SiteConfig",
        "description",
        "De inleiding op de voorpagina; ook de beschrijving voor zoekmachines.",
    ),
    (
        "SiteConfig",
        "base_url",
        "Het vaste adres van de site, met https:// ervoor en / erachter.",
    ),
    (
        "SiteConfig",
        "language",
        "De taal van wat het thema zelf op de pagina zet: nl of en.",
    ),
    (
        "SiteConfig",
        "theme",
        "De vormgeving: de naam van een map in themes/ (meestal default).",
    ),
    (
        "SiteConfig",
        "menu",
        "Extra links in het hoofdmenu, elk met title en url.",
    ),
    (
        "SiteConfig",
        "footer",
        "De tekst onderaan elke pagina; links mogen.",
    ),
    (
        "SiteConfig",
        "publisher",
        "Wie de site uitgeeft, onderaan elke pagina.",
    ),
    (
        "SiteConfig",
        "contact",
        "Hoe je de uitgever bereikt: een e-mailadres of een adres met https://.",
    ),
    (
        "SiteConfig",
        "allow_html",
        "true laat HTML in de teksten toe; alleen als alle tekst van vertrouwde redacteuren komt.",
    ),
    (
        "SiteConfig",
        "image",
        "Het plaatje bij een gedeelde link: een pad onder static/ van het thema of een volledig adres.",
    ),
    (
        "SiteConfig",
        "compare",
        "De kolommen van de vergelijkingstabel op /vergelijk/ en in regions.csv.",
    ),
    (
        "SiteConfig",
        "extra",
        "Vrije velden voor eigen gebruik; de site toont ze niet.",
    ),
    ("MenuItem", "title", "De tekst van de menulink."),
    (
        "MenuItem",
        "url",
        "Waar de link heen gaat: een adres op deze site (begint met /) of een volledig adres.",
    ),
    (
        "CompareConfig",
        "columns",
        "De kolommen, in de volgorde van de tabel.",
    ),
    (
        "CompareColumn",
        "field",
        "Welke waarde in de kolom staat, zoals covenant.homes_per_year of extra.inwoners.",
    ),
    ("CompareColumn", "label", "De kolomkop."),
    (
        "CompareColumn",
        "format",
        "Hoe de waarde getoond en gesorteerd wordt; zonder format kiest draaiboek zelf.",
    ),
    (
        "Covenant",
        "id",
        "Alleen bij eerdere afspraken: het einde van het adres van hun pagina, zoals pact-2020.",
    ),
    (
        "Covenant",
        "source",
        "De id van de bron onder sources: die deze feiten geeft.",
    ),
    (
        "PartnerRef",
        "id",
        "De organisatie: de naam van een bestand in partners/.",
    ),
    (
        "PartnerRef",
        "role",
        "De rol van de organisatie in deze regio, zoals trekker.",
    ),
    (
        "PartnerRef",
        "kind",
        "Alleen als de organisatie in deze regio een andere soort is dan op haar eigen pagina.",
    ),
    (
        "Statement",
        "theme",
        "Het thema: de naam van een bestand in themes/.",
    ),
    (
        "Statement",
        "text",
        "Het principe of de afspraak, in je eigen woorden; Markdown mag.",
    ),
    (
        "Statement",
        "source",
        "De id van de bron onder sources: waar dit staat.",
    ),
    ("ProcessEntry", "date", "Wanneer, zo precies als de bron."),
    (
        "ProcessEntry",
        "step",
        "De stap van de route: de naam van een bestand in steps/.",
    ),
    (
        "ProcessEntry",
        "text",
        "Wat er gebeurde, in je eigen woorden; Markdown mag.",
    ),
    (
        "ProcessEntry",
        "source",
        "De id van de bron onder sources: waar dit staat.",
    ),
    (
        "Lesson",
        "theme",
        "Het thema: de naam van een bestand in themes/.",
    ),
    (
        "Lesson",
        "text",
        "De les, in je eigen woorden; een citaat alleen met quote_by.",
    ),
    (
        "Lesson",
        "quote_by",
        "Wie het zei, alleen als de bron een naam noemt; de tekst is dan een citaat.",
    ),
    (
        "Lesson",
        "source",
        "De id van de bron onder sources: waar dit staat.",
    ),
    (
        "Source",
        "id",
        "Een korte naam, uniek op deze pagina, waarmee een punt naar de bron verwijst (source: ...).",
    ),
    ("Source", "title", "De titel van het artikel of document."),
    (
        "Source",
        "url",
        "Het adres van de bron, met https:// ervoor.",
    ),
    ("Source", "date", "De datum van de bron."),
    (
        "Source",
        "publisher",
        "Wie de bron uitgaf, zoals Platform31.",
    ),
    ("Phase", "title", "De naam van de fase."),
    ("Phase", "from", "Het begin van de fase."),
    ("Phase", "to", "Het einde van de fase."),
    ("Phase", "text", "Wat er in de fase gebeurde; Markdown mag."),
    ("ThemeMeta", "title", "De naam van het thema."),
    ("StepMeta", "title", "De naam van de stap."),
    ("ElementMeta", "title", "De naam van het onderdeel."),
    ("ProgrammeMeta", "title", "De naam van het programma."),
    (
        "PageMeta",
        "title",
        "De kop van de pagina en de link onderaan elke pagina.",
    ),
    (
        "PartnerMeta",
        "extra",
        "Vrije velden voor eigen gebruik; de site toont ze niet.",
    ),
    (
        "ThemeMeta",
        "extra",
        "Vrije velden voor eigen gebruik; de site toont ze niet.",
    ),
    (
        "StepMeta",
        "extra",
        "Vrije velden voor eigen gebruik; de site toont ze niet.",
    ),
    (
        "ElementMeta",
        "extra",
        "Vrije velden voor eigen gebruik; de site toont ze niet.",
    ),
    (
        "PageMeta",
        "extra",
        "Vrije velden voor eigen gebruik; de site toont ze niet.",
    ),
    (
        "ProgrammeMeta",
        "extra",
        "Vrije velden voor eigen gebruik; de site toont ze niet.",
    ),
    (
        "ProgrammeMeta",
        "sources",
        "Bronnen van de feiten op deze pagina, elk met een id om naar te verwijzen.",
    ),
    (
        "PageMeta",
        "aliases",
        "Eerdere adressen van deze pagina die moeten blijven werken.",
    ),
    (
        "ProgrammeMeta",
        "aliases",
        "Eerdere adressen van deze pagina die moeten blijven werken.",
    ),
    (
        "RegionMeta",
        "updated",
        "Wanneer het playbook voor het laatst is bijgewerkt; zonder dit veld de datum uit git.",
    ),
];

/// The scaffold comments by (type, field): a field under `covenant:` in
/// the region scaffold belongs to `Covenant`.
fn from_scaffolds() -> &'static HashMap<(String, String), String> {
    static MAP: OnceLock<HashMap<(String, String), String>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = HashMap::new();
        for (ty, template) in crate::scaffold::documented() {
            for (parent, field, text) in crate::scaffold::field_comments(&template) {
                let owner = match parent.as_deref() {
                    None => ty.to_string(),
                    Some("covenant") => "Covenant".to_string(),
                    Some(_) => continue,
                };
                map.insert((owner, field), text);
            }
        }
        map
    })
}

/// The Dutch description of `field` of the type `ty`.
pub fn describe(ty: &str, field: &str) -> Option<String> {
    TABLE
        .iter()
        .find(|(t, f, _)| *t == ty && *f == field)
        .map(|(_, _, d)| d.to_string())
        .or_else(|| {
            from_scaffolds()
                .get(&(ty.to_string(), field.to_string()))
                .cloned()
        })
}
