//! Stage 4, **write**: put the rendered site on disk without ever leaving a
//! half-written `output/`. Everything goes into a fresh sibling directory
//! first, which is then swapped in; a failure leaves the previous output
//! exactly as it was.

use crate::render::{Content, Output};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub enum WriteError {
    /// The output directory is one we must never replace.
    Refused(String),
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Refused(m) => f.write_str(m),
            WriteError::Io(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

impl std::error::Error for WriteError {}

fn io_at(p: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |e| WriteError::Io(p.to_path_buf(), e)
}

/// Absolute, with symlinks resolved as far as the path exists.
pub(crate) fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    match (abs.parent(), abs.file_name()) {
        (Some(parent), Some(name)) => absolute(parent).join(name),
        _ => abs,
    }
}

/// Refuses output directories whose replacement would destroy something
/// that is not generated: the content, the project, `/`, the home folder,
/// or any folder that contains the content.
pub fn check_output_dir(output: &Path, content: &Path) -> Result<(), WriteError> {
    let out = absolute(output);
    let content = absolute(content);
    let refuse = |why: &str| {
        Err(WriteError::Refused(format!(
            "weigering: {} is {why}; kies een eigen map voor de gebouwde site, zoals output/",
            output.display()
        )))
    };
    if out.parent().is_none() {
        return refuse("de hoofdmap van het systeem");
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from)
        && absolute(&home) == out
    {
        return refuse("je thuismap");
    }
    if let Ok(cwd) = std::env::current_dir()
        && absolute(&cwd) == out
    {
        return refuse("de map waarin je nu werkt");
    }
    if out == content {
        return refuse("de inhoudsmap");
    }
    if content.starts_with(&out) {
        return refuse("een map waar de inhoud in staat");
    }
    if out.starts_with(&content) {
        return refuse("een map binnen de inhoudsmap");
    }
    if out.join("Cargo.toml").exists() || out.join(".git").exists() {
        return refuse("de projectmap");
    }
    Ok(())
}

/// Writes `output_files` to `dir`, replacing what was there only once
/// everything is written.
pub fn write(files: &Output, dir: &Path, content_root: &Path) -> Result<(), WriteError> {
    check_output_dir(dir, content_root)?;
    let dir = absolute(dir);
    let parent = dir
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    fs::create_dir_all(&parent).map_err(io_at(&parent))?;
    let pid = std::process::id();
    let fresh = parent.join(format!(".{name}.nieuw-{pid}"));
    let old = parent.join(format!(".{name}.oud-{pid}"));
    // Leftovers of an interrupted earlier run of this same process id.
    let _ = fs::remove_dir_all(&fresh);

    if let Err(e) = fill(files, &fresh) {
        let _ = fs::remove_dir_all(&fresh);
        return Err(e);
    }
    if dir.exists() {
        fs::rename(&dir, &old).map_err(|e| {
            let _ = fs::remove_dir_all(&fresh);
            WriteError::Io(dir.clone(), e)
        })?;
        if let Err(e) = fs::rename(&fresh, &dir) {
            // Put the previous site back before reporting.
            let _ = fs::rename(&old, &dir);
            let _ = fs::remove_dir_all(&fresh);
            return Err(WriteError::Io(dir, e));
        }
        let _ = fs::remove_dir_all(&old);
    } else {
        fs::rename(&fresh, &dir).map_err(io_at(&dir))?;
    }
    Ok(())
}

fn fill(files: &Output, root: &Path) -> Result<(), WriteError> {
    fs::create_dir_all(root).map_err(io_at(root))?;
    for f in &files.files {
        let target = root.join(&f.path);
        if let Some(p) = target.parent() {
            fs::create_dir_all(p).map_err(io_at(p))?;
        }
        match &f.content {
            Content::Bytes(b) => fs::write(&target, b).map_err(io_at(&target))?,
            Content::Copy(src) => {
                fs::copy(src, &target).map_err(io_at(src))?;
            }
        }
    }
    Ok(())
}
