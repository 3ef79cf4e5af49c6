//! Loading a theme: its Tera templates and its static files. Template errors
//! are diagnostics like content errors, with file, line and column.

use crate::diagnostics::{Collector, Diagnostic, did_you_mean, offset_of};
use std::path::{Path, PathBuf};
use tera::Tera;
use walkdir::WalkDir;

pub struct Theme {
    pub tera: Tera,
    /// (path under static/, source file)
    pub static_files: Vec<(String, PathBuf)>,
    /// Template texts by name, to point at lines in render errors.
    pub sources: Vec<(String, String)>,
    /// How diagnostics name the template folder, e.g. `themes/default/templates`.
    pub label: PathBuf,
    /// The words of the interface in the language `site.yaml` picks.
    pub ui: std::sync::Arc<crate::i18n::Translations>,
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
pub fn load(
    themes_dir: &Path,
    name: &str,
    diags: &Collector,
    site_yaml: &crate::load::Doc<crate::model::SiteConfig>,
) -> Option<Theme> {
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
        match std::fs::read_to_string(entry.path()) {
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
    tera.set_escape_fn(escape_html);
    // Adding one by one names the broken template; the inheritance chains
    // are checked once all are in.
    let mut ok = true;
    for (name, text) in &sources {
        if let Err(e) = tera::Template::new(name, None, text) {
            ok = false;
            diags.push(template_error(&label, name, text, &e));
        }
    }
    let labelled: Vec<(PathBuf, String)> = sources
        .iter()
        .map(|(n, t)| (label.join(n), t.clone()))
        .collect();
    // Checked even when a template is broken, so one run reports both.
    let ui = crate::i18n::load(&dir, name, &labelled, site_yaml, diags);
    if !ok {
        return None;
    }
    let ui = ui?;
    crate::i18n::register_filters(&mut tera, &ui);
    if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        diags.push(Diagnostic::new(
            label.clone(),
            0..0,
            format!("templates passen niet bij elkaar: {}", chain(&e)),
        ));
        return None;
    }
    let static_dir = dir.join("static");
    let mut static_files = Vec::new();
    for entry in WalkDir::new(&static_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file()
            && let Ok(rel) = entry.path().strip_prefix(&static_dir)
        {
            static_files.push((
                rel.to_string_lossy().replace('\\', "/"),
                entry.path().to_path_buf(),
            ));
        }
    }
    Some(Theme {
        tera,
        static_files,
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

/// A parse error: Tera's message carries `--> line:col`.
fn template_error(label: &Path, name: &str, text: &str, e: &tera::Error) -> Diagnostic {
    let msg = chain(e);
    let span = msg
        .split("--> ")
        .nth(1)
        .and_then(|rest| {
            let pos: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == ':')
                .collect();
            let (l, c) = pos.split_once(':')?;
            Some((l.parse::<usize>().ok()?, c.parse::<usize>().ok()?))
        })
        .map(|(l, c)| {
            let o = offset_of(text, l, c);
            o..(o + 1).min(text.len())
        })
        .unwrap_or(0..0);
    let first_line = msg
        .lines()
        .find(|l| l.contains("expected"))
        .unwrap_or("")
        .trim()
        .to_string();
    let mut d = Diagnostic::new(label.join(name), span, "template kan niet gelezen worden");
    if !first_line.is_empty() {
        d = d.expected(first_line.trim_start_matches("= ").to_string());
    }
    d.suggest("controleer of elke {% ... %} en {{ ... }} goed is afgesloten")
}

impl Theme {
    /// A render error, pointed at the variable it names when we can find it.
    pub fn render_error(&self, name: &str, e: &tera::Error) -> Diagnostic {
        let msg = chain(e);
        // Tera names the parent or included template the error is in
        // ("error happened in 'base.html'"); that is the file to fix.
        let name = msg
            .split("error happened in '")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .filter(|n| self.sources.iter().any(|(s, _)| s == n))
            .unwrap_or(name);
        let text = self
            .sources
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
            .unwrap_or("");
        let culprit = msg.split('`').nth(1).unwrap_or("");
        let span = if culprit.is_empty() {
            0..0
        } else {
            text.find(culprit)
                .map(|i| i..i + culprit.len())
                .unwrap_or(0..0)
        };
        Diagnostic::new(
            self.label.join(name),
            span,
            format!("template kan niet worden toegepast: {msg}"),
        )
        .expected("alleen velden die draaiboek aan dit template geeft (zie docs/thema.md)")
        .suggest("gebruik `| default(value=\"\")` voor velden die leeg kunnen zijn")
    }
}

/// Escapes what HTML needs escaped in text and quoted attributes. Tera's
/// default also escapes `/`, which makes every URL in the source unreadable.
pub fn escape_html(s: &str) -> String {
    // Most values need no escaping at all, so copy the runs between the
    // five special bytes whole; every one of them is ASCII, which keeps the
    // slicing on character boundaries.
    let mut out = String::with_capacity(s.len() + 8);
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out
}
