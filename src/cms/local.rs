//! The local endpoint the CMS reads and writes files through (the
//! protocol of Decap's `local_backend`): `serve` answers it on loopback
//! only, and every path must lie inside `content/`. A save keeps the
//! fields the forms do not show (`extra:` and any other), so editing in
//! the browser never loses what was typed in a text editor.

use serde_json::{Value, json};
use std::path::{Component, Path, PathBuf};

/// The answer to one request: a status and a JSON body.
pub fn answer(project: &Path, body: &[u8]) -> (u16, Value) {
    let Ok(req) = serde_json::from_slice::<Value>(body) else {
        return (400, json!({"error": "geen JSON"}));
    };
    let p = &req["params"];
    let result = match req["action"].as_str().unwrap_or("") {
        "info" => Ok(json!({"repo": "draaiboek", "publish_modes": ["simple"], "type": "local_fs"})),
        "entriesByFolder" => entries_by_folder(project, p),
        "entriesByFiles" => p["files"]
            .as_array()
            .map(|files| {
                files
                    .iter()
                    .filter_map(|f| entry(project, f["path"].as_str()?).ok())
                    .collect::<Vec<_>>()
            })
            .map(Value::from)
            .ok_or_else(|| "files ontbreekt".to_string()),
        "getEntry" => entry(project, p["path"].as_str().unwrap_or("")),
        // Decap sends the files in `params`; older versions in `params.entry`.
        "persistEntry" => persist(
            project,
            if p["dataFiles"].is_array() {
                p
            } else {
                &p["entry"]
            },
        ),
        "deleteFile" => delete(project, p["path"].as_str().unwrap_or("")),
        "deleteFiles" => p["paths"]
            .as_array()
            .into_iter()
            .flatten()
            .try_for_each(|path| delete(project, path.as_str().unwrap_or("")).map(|_| ()))
            .map(|_| json!({"message": "verwijderd"})),
        "getMedia" => Ok(json!([])),
        "getDeployPreview" => Ok(Value::Null),
        other => Err(format!("onbekende actie `{other}`")),
    };
    match result {
        Ok(v) => (200, v),
        Err(e) => (422, json!({"error": e})),
    }
}

/// `rel` (relative to the project) as a path inside `content/`, or why
/// not: absolute paths, `..`, and anything outside `content/` (also
/// through a symbolic link) are refused.
pub fn confined(project: &Path, rel: &str) -> Result<PathBuf, String> {
    let path = Path::new(rel);
    // Every segment a name: `Path` would quietly drop a `.` or `//`.
    let plain = rel.split('/').all(|seg| !matches!(seg, "" | "." | ".."))
        && path.components().all(|c| matches!(c, Component::Normal(_)));
    if rel.is_empty() || !plain || !rel.starts_with("content/") {
        return Err(format!("`{rel}` ligt niet in content/"));
    }
    let content = project
        .join("content")
        .canonicalize()
        .map_err(|e| format!("content/: {e}"))?;
    // The deepest folder that exists must be inside content/ as it really
    // is on disk, so a link cannot lead out.
    let full = project.join(path);
    let mut existing = full.as_path();
    while !existing.exists() {
        existing = existing.parent().ok_or("geen map")?;
    }
    let real = existing.canonicalize().map_err(|e| e.to_string())?;
    if !real.starts_with(&content) {
        return Err(format!("`{rel}` ligt niet in content/"));
    }
    Ok(full)
}

fn entry(project: &Path, rel: &str) -> Result<Value, String> {
    let path = confined(project, rel)?;
    let data = std::fs::read_to_string(&path).map_err(|e| format!("{rel}: {e}"))?;
    Ok(json!({"data": data, "file": {"path": rel, "id": rel}}))
}

fn entries_by_folder(project: &Path, p: &Value) -> Result<Value, String> {
    let folder = p["folder"].as_str().unwrap_or("");
    let ext = p["extension"].as_str().unwrap_or("md");
    let depth = p["depth"].as_u64().unwrap_or(1) as usize;
    let root = confined(project, folder)?;
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(&root)
        .max_depth(depth)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let is_file = e.file_type().is_file();
        let name = e.file_name().to_string_lossy();
        if !is_file || !name.ends_with(&format!(".{ext}")) || name.starts_with('.') {
            continue;
        }
        let Ok(rel) = e.path().strip_prefix(project) else {
            continue;
        };
        if let Ok(v) = entry(project, &rel.to_string_lossy()) {
            out.push(v);
        }
    }
    Ok(Value::from(out))
}

fn persist(project: &Path, entry: &Value) -> Result<Value, String> {
    let files = entry["dataFiles"].as_array().ok_or("dataFiles ontbreekt")?;
    for f in files {
        let rel = f["path"].as_str().unwrap_or("");
        let raw = f["raw"].as_str().ok_or("raw ontbreekt")?;
        let path = confined(project, rel)?;
        let old = std::fs::read_to_string(&path).ok();
        let text = match old {
            Some(old) => keep_unknown(&old, raw),
            None => raw.to_string(),
        };
        // A file the build would refuse is not written: the editor sees
        // the message in the CMS and keeps what was typed in the form.
        refused(rel, &text)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{rel}: {e}"))?;
        }
        // Beside the file and renamed into place: the rebuild that the
        // save starts never reads half a file.
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = path.with_file_name(format!(".{name}.nieuw"));
        std::fs::write(&tmp, text.as_bytes())
            .and_then(|_| std::fs::rename(&tmp, &path))
            .map_err(|e| format!("{rel}: {e}"))?;
    }
    Ok(json!({"message": "opgeslagen"}))
}

/// The build's own message for `text` as the file `rel`, if the build
/// would refuse its fields.
fn refused(rel: &str, text: &str) -> Result<(), String> {
    use crate::base::model::*;
    use crate::load::yaml::parse;
    let inside = rel.strip_prefix("content/").unwrap_or(rel);
    let file = Path::new(inside);
    let text = crate::load::frontmatter::normalise(text);
    let dir = inside.split('/').next().unwrap_or("");
    let range = if inside == "site.yaml" {
        0..text.len()
    } else {
        match crate::load::frontmatter::split(&text) {
            Ok(s) => s.yaml,
            Err((span, msg)) => return Err(told(file, &text, span, &msg)),
        }
    };
    let what = "de velden";
    let result = match dir {
        "site.yaml" => parse::<SiteConfig>(file, &text, range, what).map(|_| ()),
        "regions" => parse::<RegionMeta>(file, &text, range, what).map(|_| ()),
        "partners" => parse::<PartnerMeta>(file, &text, range, what).map(|_| ()),
        "themes" => parse::<ThemeMeta>(file, &text, range, what).map(|_| ()),
        "steps" => parse::<StepMeta>(file, &text, range, what).map(|_| ()),
        "elements" => parse::<ElementMeta>(file, &text, range, what).map(|_| ()),
        "pages" => parse::<PageMeta>(file, &text, range, what).map(|_| ()),
        "programmes" => parse::<ProgrammeMeta>(file, &text, range, what).map(|_| ()),
        _ => Ok(()),
    };
    result.map_err(|d| {
        let mut msg = d.message.clone();
        if let Some(e) = &d.expected {
            msg.push_str(&format!("; verwacht: {e}"));
        }
        if let Some(h) = &d.suggestion {
            msg.push_str(&format!("; {h}"));
        }
        told(file, &text, d.span, &msg)
    })
}

/// `regions/x/index.md:3:5: message`, as the terminal names a place.
fn told(file: &Path, text: &str, span: std::ops::Range<usize>, msg: &str) -> String {
    let (line, col) = crate::base::diagnostics::line_col(text, span.start.min(text.len()));
    format!("niet opgeslagen: {}:{line}:{col}: {msg}", file.display())
}

fn delete(project: &Path, rel: &str) -> Result<Value, String> {
    let path = confined(project, rel)?;
    std::fs::remove_file(&path).map_err(|e| format!("{rel}: {e}"))?;
    Ok(json!({"message": "verwijderd"}))
}

/// The file the CMS wrote (`new`), with the top-level fields of the file
/// it replaces (`old`) that the CMS left out added back: `extra:` and
/// anything else its forms do not show.
pub fn keep_unknown(old: &str, new: &str) -> String {
    let split = |t: &str| {
        let t = crate::load::frontmatter::normalise(t);
        let s = crate::load::frontmatter::split(&t).ok()?;
        let fields: serde_yaml::Mapping = serde_yaml::from_str(&t[s.yaml.clone()]).ok()?;
        Some((fields, t[s.body].to_string()))
    };
    let (Some((old_fields, _)), Some((mut fields, body))) = (split(old), split(new)) else {
        return new.to_string();
    };
    let mut added = false;
    for (k, v) in old_fields {
        if !fields.contains_key(&k) {
            fields.insert(k, v);
            added = true;
        }
    }
    if !added {
        return new.to_string();
    }
    match serde_yaml::to_string(&fields) {
        Ok(yaml) => format!("---\n{yaml}---\n{body}"),
        Err(_) => new.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_outside_content_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/regions")).unwrap();
        std::fs::create_dir_all(dir.path().join("elders")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("elders"), dir.path().join("content/uit"))
            .unwrap();
        for bad in [
            "",
            "/etc/passwd",
            "content/../Cargo.toml",
            "themes/default/templates/base.html",
            "content/uit/x.md",
            "content/./regions/x.md",
        ] {
            assert!(confined(dir.path(), bad).is_err(), "{bad}");
        }
        assert!(confined(dir.path(), "content/regions/nieuw/index.md").is_ok());
    }

    #[test]
    fn fields_the_forms_do_not_show_survive_a_save() {
        let old = "---\ntitle: Oud\nextra:\n  inwoners: 420000\n---\nTekst.\n";
        let new = "---\ntitle: Nieuw\n---\nTekst.\n";
        let kept = keep_unknown(old, new);
        assert!(
            kept.contains("title: Nieuw") && kept.contains("inwoners: 420000"),
            "{kept}"
        );
        assert!(kept.ends_with("---\nTekst.\n"), "{kept}");
    }
}
