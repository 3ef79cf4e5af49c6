//! `draaiboek new <soort> <id>`: a new content file with every field
//! present, empty and explained in Dutch, so an editor fills in rather than
//! looks up. Lists are written as `veld:` with commented example items, so
//! items can be typed under them.

mod others;
mod region;

use crate::base::diagnostics::did_you_mean;
use crate::base::model::PartnerKind;
use crate::load::valid_slug;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The kinds of content `new` can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    /// `regions/<slug>/index.md`.
    Region,
    /// `partners/<id>.md`.
    Partner,
    /// `themes/<id>.md`.
    Theme,
    /// `steps/<id>.md`.
    Step,
    /// `elements/<id>.md`.
    Element,
    /// `pages/<slug>.md`.
    Page,
    /// `programmes/<id>.md`.
    Programme,
}

/// What the editor asked for: the id, and the title and partner kind if
/// given.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The kind of content.
    pub what: What,
    /// The file name without `.md`: the end of the page's address.
    pub id: &'a str,
    /// The title; without one it is made from the id.
    pub title: Option<&'a str>,
    /// A partner's kind as typed (`woningcorporatie`).
    pub kind: Option<&'a str>,
}

/// Why `draaiboek new` wrote nothing; shown to the editor in Dutch.
#[derive(Debug)]
pub enum ScaffoldError {
    /// A usage problem: the id cannot become an address.
    BadSlug(String),
    /// A usage problem: a partner needs a kind from the list.
    BadKind(Option<String>),
    /// The file already exists; nothing is overwritten.
    Exists(PathBuf),
    /// Reading or writing this path failed.
    Io(PathBuf, io::Error),
}

impl ScaffoldError {
    /// Whether the editor typed the command wrong (exit code 2) rather than
    /// the file system refusing (exit code 1).
    pub fn is_usage(&self) -> bool {
        matches!(self, ScaffoldError::BadSlug(_) | ScaffoldError::BadKind(_))
    }
}

fn kind_names() -> Vec<&'static str> {
    PartnerKind::ALL.iter().map(|k| kind_name(*k)).collect()
}

/// The word an editor writes after `kind:`.
fn kind_name(k: PartnerKind) -> &'static str {
    match k {
        PartnerKind::Gemeente => "gemeente",
        PartnerKind::Woningcorporatie => "woningcorporatie",
        PartnerKind::Zorgaanbieder => "zorgaanbieder",
        PartnerKind::Welzijn => "welzijn",
        PartnerKind::Landelijk => "landelijk",
        PartnerKind::Overig => "overig",
    }
}

impl std::fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScaffoldError::BadSlug(s) => write!(
                f,
                "`{s}` kan geen adres worden: gebruik kleine letters, cijfers en streepjes, bijvoorbeeld `{}`",
                crate::base::slug::slugify(s)
            ),
            ScaffoldError::BadKind(None) => write!(
                f,
                "geef met --kind op wat voor organisatie het is: {}",
                kind_names().join(", ")
            ),
            ScaffoldError::BadKind(Some(k)) => {
                write!(
                    f,
                    "`{k}` is geen soort organisatie; kies uit {}",
                    kind_names().join(", ")
                )?;
                let typed = k.trim().to_lowercase();
                // `corporatie` is short for `woningcorporatie`; a typo is
                // caught by the edit distance.
                let hint = kind_names()
                    .into_iter()
                    .find(|n| typed.len() >= 4 && n.contains(typed.as_str()))
                    .map(|n| format!("bedoelde je `{n}`?"))
                    .or_else(|| did_you_mean(&typed, kind_names()));
                match hint {
                    Some(hint) => write!(f, " ({hint})"),
                    None => Ok(()),
                }
            }
            ScaffoldError::Exists(p) => {
                write!(f, "{} bestaat al; er is niets overschreven", p.display())
            }
            ScaffoldError::Io(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

impl std::error::Error for ScaffoldError {}

/// A file `new` wrote, and what the editor does next.
#[derive(Debug)]
pub struct Created {
    /// The new file.
    pub path: PathBuf,
    /// One or two sentences on how to use it, in Dutch.
    pub next: String,
}

/// Every scaffold with the model type it fills in, for the schema's Dutch
/// field descriptions: what an editor reads above a field in a new file is
/// what a form shows beside it.
pub fn documented() -> Vec<(&'static str, String)> {
    vec![
        ("RegionMeta", region::template("Voorbeeld")),
        ("PartnerMeta", others::partner("Voorbeeld", "overig")),
        ("ThemeMeta", others::theme("Voorbeeld", 1)),
        ("StepMeta", others::step("Voorbeeld", 1)),
        ("ElementMeta", others::element("Voorbeeld", 1)),
        ("PageMeta", others::page("Voorbeeld")),
        ("ProgrammeMeta", others::programme("Voorbeeld")),
    ]
}

/// The comment lines right above each field of a scaffold, as
/// `(parent field, field, text)`; the parent is `None` at the top.
pub fn field_comments(template: &str) -> Vec<(Option<String>, String, String)> {
    let mut out = Vec::new();
    let mut pending: Vec<(usize, String)> = Vec::new();
    let mut parent: Option<String> = None;
    for line in template.lines() {
        let indent = line.len() - line.trim_start().len();
        let t = line.trim_start();
        if t.is_empty() || t == "---" {
            pending.clear();
            continue;
        }
        if let Some(c) = t.strip_prefix('#') {
            pending.push((indent, c.trim().to_string()));
            continue;
        }
        let key = t.split(':').next().unwrap_or("");
        let is_field = t.contains(':')
            && !t.starts_with('-')
            && key.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        if !is_field {
            pending.clear();
            continue;
        }
        if indent == 0 {
            parent = None;
        }
        // Only comments at the field's own indent explain it; deeper ones
        // are the example items of the list above.
        let text: Vec<String> = pending
            .drain(..)
            .filter(|(i, _)| *i == indent)
            .map(|(_, c)| c)
            .collect();
        if !text.is_empty() {
            let owner = if indent == 0 { None } else { parent.clone() };
            out.push((owner, key.to_string(), text.join(" ")));
        }
        if indent == 0 {
            parent = Some(key.to_string());
        }
    }
    out
}

/// Writes the new file under `content` and says what to do next.
pub fn create(content: &Path, req: &Request) -> Result<Created, ScaffoldError> {
    if !valid_slug(req.id) {
        return Err(ScaffoldError::BadSlug(req.id.to_string()));
    }
    let kind = match req.what {
        What::Partner => Some(partner_kind(req.kind)?),
        _ => None,
    };
    let made = title_from_slug(req.id, matches!(req.what, What::Region | What::Partner));
    let title = req.title.unwrap_or(&made);
    let id = req.id;
    let (file, text, next) = match req.what {
        What::Region => (
            content.join("regions").join(id).join("index.md"),
            region::template(title),
            format!(
                "Het staat op `draft: true`: `draaiboek serve --drafts` laat het zien op /regio/{id}/. Zet het op false zodra het gepubliceerd mag worden."
            ),
        ),
        What::Partner => (
            content.join("partners").join(format!("{id}.md")),
            others::partner(title, kind.map_or("overig", kind_name)),
            format!("Noem de partner in een playbook onder `partners:` als `- id: {id}`."),
        ),
        What::Theme => {
            let order = next_order(&content.join("themes"));
            (
                content.join("themes").join(format!("{id}.md")),
                others::theme(title, order),
                format!(
                    "Vul `definition:` in (zonder die zin geeft `check` een fout). Zet een principe, afspraak of les bij dit thema met `theme: {id}`."
                ),
            )
        }
        What::Step => {
            let order = next_order(&content.join("steps"));
            (
                content.join("steps").join(format!("{id}.md")),
                others::step(title, order),
                format!("Zet een punt onder `process:` bij deze stap met `step: {id}`."),
            )
        }
        What::Element => {
            let order = next_order(&content.join("elements"));
            (
                content.join("elements").join(format!("{id}.md")),
                others::element(title, order),
                format!(
                    "Noem het onderdeel in een playbook onder `covenant:` → `elements:` als `- {id}`."
                ),
            )
        }
        What::Page => (
            content.join("pages").join(format!("{id}.md")),
            others::page(title),
            format!("Het staat op `draft: true`; de pagina komt op /{id}/ zodra dat false is."),
        ),
        What::Programme => (
            content.join("programmes").join(format!("{id}.md")),
            others::programme(title),
            format!("Verwijs er vanuit een playbook naar met `programme: {id}`."),
        ),
    };
    write_new(&file, &text)?;
    Ok(Created { path: file, next })
}

fn partner_kind(typed: Option<&str>) -> Result<PartnerKind, ScaffoldError> {
    let typed = typed.ok_or(ScaffoldError::BadKind(None))?;
    PartnerKind::ALL
        .into_iter()
        .find(|k| kind_name(*k) == typed.trim())
        .ok_or_else(|| ScaffoldError::BadKind(Some(typed.to_string())))
}

/// Creates `file` with `text`, never overwriting, even if the file appeared
/// between the check and the write.
fn write_new(file: &Path, text: &str) -> Result<(), ScaffoldError> {
    if let Some(dir) = file.parent() {
        fs::create_dir_all(dir).map_err(|e| ScaffoldError::Io(dir.to_path_buf(), e))?;
    }
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)
        .map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => ScaffoldError::Exists(file.to_path_buf()),
            _ => ScaffoldError::Io(file.to_path_buf(), e),
        })?;
    io::Write::write_all(&mut f, text.as_bytes())
        .map_err(|e| ScaffoldError::Io(file.to_path_buf(), e))
}

/// One more than the highest `order:` among the files in `dir`, so a new
/// theme, step or element comes last until the editor moves it.
fn next_order(dir: &Path) -> i64 {
    let Ok(entries) = fs::read_dir(dir) else {
        return 1;
    };
    entries
        .flatten()
        .filter_map(|e| fs::read_to_string(e.path()).ok())
        .filter_map(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("order:"))
                .and_then(|v| v.trim().parse::<i64>().ok())
        })
        .max()
        .map_or(1, |m| m + 1)
}

/// A title made from the id: names (a region, an organisation) get a
/// capital on every word, other titles on the first only, as Dutch writes
/// them.
fn title_from_slug(slug: &str, name: bool) -> String {
    let capital = |w: &str| {
        let mut c = w.chars();
        match c.next() {
            Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
            None => String::new(),
        }
    };
    slug.split('-')
        .enumerate()
        .map(|(i, w)| {
            if i == 0 || name {
                capital(w)
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` as a YAML string in double quotes, whatever it contains.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}
