//! Opening files that are what they seem. A FIFO, a socket or a device in
//! the content (put there by accident, or on purpose, or behind a link)
//! looks like any other name in a folder listing, but reading it blocks
//! for ever, or never ends (`/dev/zero`), and a blocked read cannot be
//! interrupted. Every file the build reads or copies is opened here:
//! without blocking, and then refused unless it is a regular file.

use std::fs::File;
use std::io;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// What an editor is told about such a file.
pub const NOT_REGULAR: &str = "geen gewoon bestand";

/// Opens `path` for reading, refusing anything but a regular file
/// (followed through symbolic links) with [`NOT_REGULAR`] as the error.
pub fn open(path: &Path) -> io::Result<File> {
    // O_NONBLOCK makes opening a FIFO without a writer return at once
    // instead of waiting for one; O_NOCTTY keeps a terminal device from
    // becoming ours. For a regular file neither changes how it reads.
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, NOT_REGULAR));
    }
    Ok(file)
}

/// Whether an entry of a folder listing is a FIFO, socket or device.
pub fn is_special(kind: std::fs::FileType) -> bool {
    !(kind.is_file() || kind.is_dir() || kind.is_symlink())
}

/// The whole file as text, as [`std::fs::read_to_string`] but through
/// [`open`].
pub fn read_to_string(path: &Path) -> io::Result<String> {
    use std::io::Read;
    let mut text = String::new();
    open(path)?.read_to_string(&mut text)?;
    Ok(text)
}

/// Copies `from` to a new file `to`, as [`std::fs::copy`] but through
/// [`open`].
pub fn copy(from: &Path, to: &Path) -> io::Result<u64> {
    let mut src = open(from)?;
    let mut dst = File::create(to)?;
    io::copy(&mut src, &mut dst)
}

/// Absolute, with symlinks resolved as far as the path exists.
pub fn absolute(p: &Path) -> PathBuf {
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

/// The cache folder of a project, beside its content folder: `.draaiboek/`
/// (ignored by git).
pub fn folder_for(content: &Path) -> PathBuf {
    let abs = absolute(content);
    abs.parent()
        .map(|p| p.join(".draaiboek"))
        .unwrap_or_else(|| PathBuf::from(".draaiboek"))
}

/// Writes `bytes` to a file beside `file` and renames it into place, so
/// an interrupted write leaves the old file or the new one. Makes the
/// cache folder, which git and other tools are told to leave alone.
pub fn write_replacing(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
        // Tools that walk the project (git, editors) leave it alone.
        let ignore = dir.join(".gitignore");
        if !ignore.exists() {
            std::fs::write(ignore, "*\n")?;
        }
    }
    let mut tmp = file.as_os_str().to_owned();
    tmp.push(".nieuw");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("pact.pdf");
        let c = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).expect("path");
        // SAFETY: mkfifo with a valid C string.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let e = open(&fifo).expect_err("a FIFO opened");
        assert_eq!(e.to_string(), NOT_REGULAR);
        let kind = std::fs::symlink_metadata(&fifo).expect("stat").file_type();
        assert!(is_special(kind));
        assert!(open(Path::new("/dev/null")).is_err());
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "x").expect("write");
        assert_eq!(read_to_string(&file).expect("read"), "x");
    }
}
