//! What the build makes, as every stage sees it: the files of the site
//! ([`OutFile`], with its [`Body`]) and the [`Sink`] each is handed to the
//! moment it is made. `build` streams them to disk (the write stage's
//! `Disk`) so memory stays bounded however large the site; `check`,
//! `serve` and the tests keep them in memory ([`Memory`]).

use std::path::PathBuf;
use std::sync::Mutex;

/// What a file of the built site holds: bytes the build made, or a file
/// of the content or theme to copy.
#[derive(Debug, Clone)]
pub enum Body {
    /// The file's bytes, made by the build (pages, redirects, data).
    Bytes(Vec<u8>),
    /// Copied from this source file when written.
    Copy(PathBuf),
}

/// One file of the built site: where it goes and what is in it.
#[derive(Debug, Clone)]
pub struct OutFile {
    /// Path inside the output directory, with `/` separators.
    pub path: String,
    /// What is in the file: its bytes, or a source file to copy.
    pub body: Body,
    /// A page of the site (not a redirect, asset or attachment).
    pub page: bool,
}

impl OutFile {
    /// The content when it is in memory (pages, redirects, data).
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.body {
            Body::Bytes(b) => Some(b),
            Body::Copy(_) => None,
        }
    }
}

/// Where the render stage hands each file the moment it is made: to disk in
/// `build`, to memory in `check`, `serve` and the tests.
pub trait Sink: Sync {
    /// Takes one file. Called from the render threads, in any order.
    fn put(&self, file: OutFile);
}

/// Keeps every file, for `check`, `serve` and tests.
#[derive(Debug, Default)]
pub struct Memory {
    files: Mutex<Vec<OutFile>>,
}

impl Memory {
    /// The files, sorted by path.
    pub fn into_files(self) -> Vec<OutFile> {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for Memory {
    fn put(&self, file: OutFile) {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(file);
    }
}

/// One file of a render, without its bytes (but see `html`).
#[derive(Debug, Clone)]
pub struct Listed {
    /// Path inside the output directory, with `/` separators.
    pub path: String,
    /// A page of the site (not a redirect, asset or attachment).
    pub page: bool,
    /// The HTML, kept only for pages that a content link points into with
    /// an anchor, so the link check can look the anchor up.
    pub html: Option<Vec<u8>>,
}
