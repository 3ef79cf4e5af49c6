//! Loading a theme: its Tera templates, its translations and its static
//! files. Template errors are diagnostics like content errors, with file,
//! line and column.

pub mod translations;

use crate::base::diagnostics::{Collector, Diagnostic, did_you_mean, offset_of};
use std::path::{Path, PathBuf};
use tera::Tera;
use walkdir::WalkDir;

/// A loaded theme: its templates, static files and translations.
pub struct Theme {
    /// The templates, parsed.
    pub tera: Tera,
    /// (path under static/ as published, source file)
    pub static_files: Vec<(String, PathBuf)>,
    /// Path under static/ in the theme -> as published: stylesheets and
    /// scripts with their content's hash (see [`published_name`]).
    pub assets: std::collections::BTreeMap<String, String>,
    /// Template texts by name, to point at lines in render errors.
    pub sources: Vec<(String, String)>,
    /// How diagnostics name the template folder, e.g. `themes/default/templates`.
    pub label: PathBuf,
    /// The words of the interface in the language `site.yaml` picks.
    pub ui: std::sync::Arc<crate::base::translations::Translations>,
}

impl Theme {
    /// The theme's parts: `(name, template)` for every `parts/<name>.html`.
    pub fn parts(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sources.iter().filter_map(|(template, _)| {
            let name = template.strip_prefix("parts/")?.strip_suffix(".html")?;
            (!name.contains('/')).then_some((name, template.as_str()))
        })
    }
}

/// Loads `themes_dir/<name>`. `None` when it cannot be used at all.
/// `required`: the translation keys the code asks for.
pub fn load(
    themes_dir: &Path,
    site_yaml: &crate::load::Doc<crate::base::model::SiteConfig>,
    required: &[String],
    fingerprint: bool,
    diags: &Collector,
) -> Option<Theme> {
    let name = site_yaml.meta.theme.as_str();
    let dir = themes_dir.join(name);
    let templates_dir = dir.join("templates");
    let label = PathBuf::from("themes").join(name).join("templates");
    if !templates_dir.is_dir() {
        let available: Vec<String> = std::fs::read_dir(themes_dir)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .filter(|e| e.path().join("templates").is_dir())
                    .filter_map(|e| e.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default();
        diags.push(
            site_yaml
                .error_at(
                    "theme",
                    name,
                    format!("thema `{name}` niet gevonden: er is geen map themes/{name}/templates"),
                )
                .expected(if available.is_empty() {
                    "een map themes/<naam>/templates naast de inhoudsmap (of geef --themes op)"
                        .to_string()
                } else {
                    format!("een van {}", available.join(", "))
                })
                .maybe_suggest(did_you_mean(name, available.iter().map(String::as_str))),
        );
        return None;
    }
    let mut sources = Vec::new();
    for entry in WalkDir::new(&templates_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(&templates_dir) else {
            continue;
        };
        let name = rel.to_string_lossy().replace('\\', "/");
        match crate::base::files::read_to_string(entry.path()) {
            Ok(t) => sources.push((name, t)),
            Err(e) => diags.push(Diagnostic::new(
                label.join(&name),
                0..0,
                format!("kan niet gelezen worden: {e}"),
            )),
        }
    }
    for (name, text) in &sources {
        diags.sources.insert(&label.join(name), text.as_str());
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(crate::base::html::escape_to);
    // Each template is read on its own first, so that every broken one is
    // named; what they refer to in each other (parents, components,
    // filters) is checked once all are in.
    let mut ok = true;
    for (name, text) in &sources {
        if let Err(e) = Tera::default().add_raw_template(name, text)
            && matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
        {
            ok = false;
            diags.push(template_error(&label, name, &e));
        }
    }
    let labelled: Vec<(PathBuf, String)> = sources
        .iter()
        .map(|(n, t)| (label.join(n), t.clone()))
        .collect();
    // Checked even when a template is broken, so one run reports both.
    let ui = translations::load(&dir, name, &labelled, site_yaml, required, diags);
    if !ok {
        return None;
    }
    let ui = ui?;
    translations::register_filters(&mut tera, &ui);
    if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        let text = chain(&e);
        let found = reports(&text);
        if found.is_empty() {
            diags.push(Diagnostic::new(
                label.clone(),
                0..0,
                format!("templates passen niet bij elkaar: {text}"),
            ));
        }
        for r in found {
            let span = sources
                .iter()
                .find(|(n, _)| *n == r.file)
                .map(|(_, t)| {
                    let o = offset_of(t, r.line, r.column);
                    o..(o + 1).min(t.len())
                })
                .unwrap_or(0..0);
            diags.push(
                Diagnostic::new(label.join(&r.file), span, format!("template past niet: {}", r.message))
                    .expected("filters, componenten en templates die het thema of draaiboek kent (zie docs/thema.md)"),
            );
        }
        return None;
    }
    let static_dir = dir.join("static");
    let mut static_files = Vec::new();
    let mut assets = std::collections::BTreeMap::new();
    for entry in WalkDir::new(&static_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file()
            && let Ok(rel) = entry.path().strip_prefix(&static_dir)
        {
            let name = rel.to_string_lossy().replace('\\', "/");
            let published = if fingerprint {
                published_name(&name, entry.path())
            } else {
                name.clone()
            };
            static_files.push((published.clone(), entry.path().to_path_buf()));
            assets.insert(name, published);
        }
    }
    Some(Theme {
        tera,
        static_files,
        assets,
        sources,
        label,
        ui: std::sync::Arc::new(ui),
    })
}

/// All messages in a Tera error chain, outermost first.
pub fn chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(s) = cur {
        parts.push(s.to_string());
        cur = s.source();
    }
    parts.join(": ")
}

/// One `error: … --> file:line:col` report in a Tera message. Tera
/// checks the names a template uses (filters, components, included
/// templates) when all are in, and gives its findings as such text.
struct Report {
    message: String,
    file: String,
    line: usize,
    column: usize,
}

fn reports(text: &str) -> Vec<Report> {
    let mut found = Vec::new();
    let mut message = None;
    for line in text.lines() {
        let line = line.trim();
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m.to_string());
        } else if let Some(at) = line.strip_prefix("--> ")
            && let Some(message) = message.take()
        {
            let mut parts = at.rsplitn(3, ':');
            let (Some(column), Some(l), Some(file)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            if let (Ok(line), Ok(column)) = (l.parse(), column.parse()) {
                found.push(Report {
                    message,
                    file: file.to_string(),
                    line,
                    column,
                });
            }
        }
    }
    found
}

/// Where Tera's error points, when it does: the template it is in and
/// the bytes of that template's source.
fn located(e: &tera::Error) -> Option<(&str, std::ops::Range<usize>, &str)> {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            Some((r.filename(), r.span().range.clone(), r.message()))
        }
        _ => None,
    }
}

/// A template that cannot be read.
fn template_error(label: &Path, name: &str, e: &tera::Error) -> Diagnostic {
    let (span, message) = match located(e) {
        Some((_, span, message)) => (span, message.to_string()),
        None => (0..0, chain(e)),
    };
    Diagnostic::new(label.join(name), span, "template kan niet gelezen worden")
        .expected(message)
        .suggest("controleer of elke {% ... %} en {{ ... }} goed is afgesloten")
}

/// What a render error expects, when Tera names no fields that exist.
const ONLY_GIVEN_FIELDS: &str =
    "alleen velden die draaiboek aan dit template geeft (zie docs/thema.md)";
/// The way out for a field that is sometimes empty.
const EMPTY_FIELDS: &str = "gebruik `| default(value=\"\")` voor velden die leeg kunnen zijn";

impl Theme {
    /// A render error, at the place in the template (or its parent, or an
    /// included one) where it happened. A name that does not exist is
    /// told in full (`partner.titel`), with the names that do.
    pub fn render_error(&self, name: &str, e: &tera::Error) -> Diagnostic {
        let Some((file, span, message, text)) = located(e).and_then(|(file, span, message)| {
            let (_, text) = self.sources.iter().find(|(s, _)| s == file)?;
            Some((file, span, message, text.as_str()))
        }) else {
            return Diagnostic::new(
                self.label.join(name),
                0..0,
                format!("template kan niet worden toegepast: {}", chain(e)),
            )
            .expected(ONLY_GIVEN_FIELDS);
        };
        if let Some((missing, known)) = unknown_name(message) {
            // Tera points at the last part of `partner.titel`; the editor
            // looks for the whole name.
            let start = text
                .get(..span.start)
                .map(|before| {
                    before.len()
                        - before
                            .bytes()
                            .rev()
                            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.')
                            .count()
                })
                .unwrap_or(span.start);
            let whole = text.get(start..span.end).unwrap_or(missing);
            let d = Diagnostic::new(
                self.label.join(file),
                start..span.end,
                format!("template kan niet worden toegepast: `{whole}` bestaat niet"),
            );
            let d = if known.is_empty() {
                d.expected(ONLY_GIVEN_FIELDS)
            } else {
                d.expected(format!("een van: {}", known.join(", ")))
            };
            return d
                .maybe_suggest(did_you_mean(missing, known.iter().copied()))
                .suggest(EMPTY_FIELDS);
        }
        Diagnostic::new(
            self.label.join(file),
            span,
            format!("template kan niet worden toegepast: {message}"),
        )
        .expected(ONLY_GIVEN_FIELDS)
        .suggest(EMPTY_FIELDS)
    }
}

/// The name and the names there are, from Tera's "Field `x` is not
/// defined. Available fields: a, b" (or "Variable `x` ...").
fn unknown_name(message: &str) -> Option<(&str, Vec<&str>)> {
    let rest = message
        .strip_prefix("Field `")
        .or_else(|| message.strip_prefix("Variable `"))?;
    let (missing, rest) = rest.split_once('`')?;
    if !rest.starts_with(" is not defined") {
        return None;
    }
    let known = rest
        .split_once(": ")
        .map(|(_, list)| list.split(", ").map(str::trim).collect())
        .unwrap_or_default();
    Some((missing, known))
}

/// The name a theme file is published under: a stylesheet or script gets
/// the first 10 hex digits of its content's hash before its extension
/// (`style.css` -> `style.1f2e3d4c5b.css`), so a changed file has a new
/// name and the old one may be cached for good. Other files (images,
/// fonts, the favicon) keep their name: content and `site.yaml` may name
/// them (`image: /static/delen.png`), and a stylesheet's `url(...)` to a
/// font keeps working.
pub fn published_name(name: &str, source: &Path) -> String {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return name.to_string();
    };
    if !matches!(ext.to_ascii_lowercase().as_str(), "css" | "js") || stem.ends_with('/') {
        return name.to_string();
    }
    match std::fs::read(source) {
        Ok(bytes) => {
            let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
            format!("{stem}.{:010x}.{ext}", hash >> 24)
        }
        // Unreadable now, it fails when it is copied, with its path.
        Err(_) => name.to_string(),
    }
}
