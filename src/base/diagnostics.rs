//! Errors as values: every problem found in a run is collected here with the
//! file and byte span it concerns, then printed together in rustc's style.
//!
//! Editors are not programmers, so every message says what was found, what
//! was expected and, where we can guess it, what they probably meant.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::{self, Files};
use codespan_reporting::term::{self, Config};
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// One problem in the content or the theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path relative to the content (or theme) root, as the editor knows it.
    pub file: PathBuf,
    /// Byte range in the file's full text; empty when the whole file is meant.
    pub span: Range<usize>,
    /// What is wrong, in Dutch, for the editor; printed after `error:`
    /// (onbekende partner `woonhuiss`).
    pub message: String,
    /// "expected ..." line; rendered as a note.
    pub expected: Option<String>,
    /// "did you mean ..." or another concrete fix.
    pub suggestion: Option<String>,
    /// A warning: reported, but the run still succeeds. Only `check` gives
    /// warnings, for what a site can publish but should not keep.
    pub warning: bool,
}

impl Diagnostic {
    /// A problem at `span` of `file` (content- or theme-relative), without
    /// an "expected" line or a suggestion yet.
    pub fn new(file: impl Into<PathBuf>, span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            span,
            message: message.into(),
            expected: None,
            suggestion: None,
            warning: false,
        }
    }

    /// Makes this a warning instead of an error.
    pub fn as_warning(mut self) -> Self {
        self.warning = true;
        self
    }

    /// Adds the "verwacht:" line: what should have been there.
    pub fn expected(mut self, text: impl Into<String>) -> Self {
        self.expected = Some(text.into());
        self
    }

    /// Adds the "hulp:" line: a concrete fix, such as "bedoelde je ...?".
    pub fn suggest(mut self, text: impl Into<String>) -> Self {
        self.suggestion = Some(text.into());
        self
    }

    /// Adds the "hulp:" line when there is one, as [`did_you_mean`] may
    /// give.
    pub fn maybe_suggest(self, text: Option<String>) -> Self {
        match text {
            Some(t) => self.suggest(t),
            None => self,
        }
    }
}

/// The texts of the files diagnostics point into, so they can be quoted.
#[derive(Debug, Default)]
pub struct Sources {
    // Shared with the documents that hold the same text: a site's sources
    // are kept once, not once more for the messages.
    texts: Mutex<HashMap<PathBuf, Arc<str>>>,
}

impl Sources {
    /// Keeps the text of `file`, so a diagnostic in it can quote its line.
    pub fn insert(&self, file: &Path, text: impl Into<Arc<str>>) {
        if let Ok(mut map) = self.texts.lock() {
            map.insert(file.to_path_buf(), text.into());
        }
    }

    fn get(&self, file: &Path) -> Option<Arc<str>> {
        self.texts.lock().ok()?.get(file).cloned()
    }
}

/// 1-based line and column of a byte offset, counting columns in characters.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Byte offset of a 1-based line and column (characters).
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_text = &text[start..];
    let in_line = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    (start + in_line).min(text.len())
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The closest candidate by edit distance, if it is close enough to be a
/// plausible typo.
pub fn did_you_mean<'a>(
    found: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let found_lc = found.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&found_lc, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(found.chars().count()) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| format!("bedoelde je `{c}`?"))
}

/// All diagnostics of a run, sorted by file then position for printing.
#[derive(Debug)]
pub struct Report {
    /// The diagnostics, by file and then position once [`Report::sort`]
    /// ran.
    pub diagnostics: Vec<Diagnostic>,
    /// The texts of the files the diagnostics point into.
    pub sources: std::sync::Arc<Sources>,
}

impl Report {
    /// How many diagnostics there are.
    pub fn len(&self) -> usize {
        self.diagnostics.len()
    }

    /// `true` when the run found no problem.
    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }

    /// Sorts the diagnostics by file and position, and drops exact
    /// duplicates.
    pub fn sort(&mut self) {
        self.diagnostics
            .sort_by(|a, b| (&a.file, a.span.start).cmp(&(&b.file, b.span.start)));
        self.diagnostics.dedup();
    }

    /// The whole report as text: one rustc-style block per diagnostic, then
    /// a summary line.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let config = Config::default();
        for d in &self.diagnostics {
            let text = self.sources.get(&d.file).unwrap_or_else(|| Arc::from(""));
            // The window is cut at characters; a span is made to start on one.
            let start = floor_char_boundary(&text, d.span.start.min(text.len()));
            let end = d.span.end.clamp(start, text.len());
            let (quoted, span) = Quoted::new(d.file.display().to_string(), text, start..end);
            let mut notes = Vec::new();
            if let Some(e) = &d.expected {
                notes.push(format!("verwacht: {e}"));
            }
            if let Some(s) = &d.suggestion {
                notes.push(format!("hulp: {s}"));
            }
            let diag = if d.warning {
                CsDiagnostic::warning()
            } else {
                CsDiagnostic::error()
            };
            let diag = diag
                .with_message(&d.message)
                .with_labels(vec![Label::primary((), span)])
                .with_notes(notes);
            // Writing into a String cannot fail for I/O reasons; a span
            // outside the file could, and is clamped above.
            let _ = term::emit_to_string(&mut out, &config, &quoted, &diag);
        }
        out.push_str(&self.summary());
        out
    }

    /// The last line of [`Report::render`]: how many errors and warnings.
    fn summary(&self) -> String {
        let warnings = self.diagnostics.iter().filter(|d| d.warning).count();
        let errors = self.diagnostics.len() - warnings;
        let count = |n: usize, one: &str, more: &str| {
            if n == 1 {
                format!("1 {one}")
            } else {
                format!("{n} {more}")
            }
        };
        match (errors, warnings) {
            (0, w) => format!("{}.\n", count(w, "waarschuwing", "waarschuwingen")),
            (e, 0) => format!(
                "{} gevonden; er is niets geschreven.\n",
                count(e, "fout", "fouten")
            ),
            (e, w) => format!(
                "{} en {} gevonden; er is niets geschreven.\n",
                count(e, "fout", "fouten"),
                count(w, "waarschuwing", "waarschuwingen")
            ),
        }
    }
}

/// A quoted line longer than this many characters is shown as a window
/// around the problem: a pasted paragraph of thousands of characters on
/// one line would otherwise fill the screen for one wrong link.
const QUOTED_CHARS: usize = 100;

/// Characters of the window before the problem itself.
const QUOTED_BEFORE: usize = 30;

/// One file as a message quotes it: the line of the problem cut to a
/// window of [`QUOTED_CHARS`] when it is longer, with `…` where it was cut,
/// while the location still names the line and column in the whole file.
struct Quoted {
    name: String,
    text: Arc<str>,
    line_starts: Vec<usize>,
    /// The cut line: its index, where the window starts in `text`, and the
    /// column in the whole line of the window's first character.
    cut: Option<(usize, usize, usize)>,
}

impl Quoted {
    /// The file `text` as quoted for a problem at `span`, and where the
    /// span is in the quoted text.
    fn new(name: String, text: Arc<str>, span: Range<usize>) -> (Quoted, Range<usize>) {
        let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[span.start..]
            .find('\n')
            .map_or(text.len(), |i| span.start + i);
        let line = &text[line_start..line_end];
        if span.end > line_end || line.chars().count() <= QUOTED_CHARS {
            let line_starts = files::line_starts(&text).collect();
            let quoted = Quoted {
                name,
                text,
                line_starts,
                cut: None,
            };
            return (quoted, span);
        }
        // The window: a little before the problem, then as much as fits.
        let from = text[line_start..span.start]
            .char_indices()
            .rev()
            .nth(QUOTED_BEFORE - 1)
            .map_or(line_start, |(i, _)| line_start + i);
        let to = text[from..line_end]
            .char_indices()
            .nth(QUOTED_CHARS)
            .map_or(line_end, |(i, _)| from + i);
        let before = if from > line_start { "…" } else { "" };
        let after = if to < line_end { "…" } else { "" };
        let quoted_text = format!(
            "{}{before}{}{after}{}",
            &text[..line_start],
            &text[from..to],
            &text[line_end..]
        );
        let window = line_start + before.len();
        let shift = |i: usize| window + (i.clamp(from, to) - from);
        let column = text[line_start..from].chars().count() + 1;
        let line_starts = files::line_starts(&quoted_text).collect::<Vec<_>>();
        let line_index = text[..line_start].matches('\n').count();
        let quoted = Quoted {
            name,
            text: quoted_text.into(),
            line_starts,
            cut: Some((line_index, window, column)),
        };
        (quoted, shift(span.start)..shift(span.end))
    }
}

impl<'a> Files<'a> for Quoted {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, files::Error> {
        Ok(self
            .line_starts
            .binary_search(&byte_index)
            .unwrap_or_else(|next| next - 1))
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, files::Error> {
        let start = *self
            .line_starts
            .get(line_index)
            .ok_or(files::Error::LineTooLarge {
                given: line_index,
                max: self.line_starts.len().saturating_sub(1),
            })?;
        let end = self
            .line_starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(self.text.len());
        Ok(start..end)
    }

    /// The column in the whole line, also on a line that was cut.
    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        match self.cut {
            Some((cut, window, column)) if cut == line_index && byte_index >= window => {
                Ok(column + self.text[window..byte_index].chars().count())
            }
            _ => {
                let range = self.line_range((), line_index)?;
                Ok(files::column_index(&self.text, range, byte_index) + 1)
            }
        }
    }
}

/// Where diagnostics are gathered while stages run, possibly in parallel.
#[derive(Debug, Default)]
pub struct Collector {
    list: Mutex<Vec<Diagnostic>>,
    /// The texts of the files diagnostics point into; stages add each file
    /// they read.
    pub sources: std::sync::Arc<Sources>,
}

impl Collector {
    /// Adds a diagnostic; safe to call from several threads.
    pub fn push(&self, d: Diagnostic) {
        if let Ok(mut l) = self.list.lock() {
            l.push(d);
        }
    }

    /// `true` when an error was pushed (or the list can no longer be
    /// read); warnings do not count.
    pub fn has_errors(&self) -> bool {
        self.list
            .lock()
            .map(|l| l.iter().any(|d| !d.warning))
            .unwrap_or(true)
    }

    /// All diagnostics, sorted and without duplicates, with the sources to
    /// quote them.
    pub fn into_report(self) -> Report {
        let diagnostics = self.list.into_inner().unwrap_or_default();
        let mut r = Report {
            diagnostics,
            sources: self.sources,
        };
        r.sort();
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let t = "ab\nçd: x\n";
        assert_eq!(line_col(t, 0), (1, 1));
        let x = t.find('x').unwrap();
        assert_eq!(line_col(t, x), (2, 5));
        assert_eq!(offset_of(t, 2, 5), x);
    }

    #[test]
    fn a_long_line_is_quoted_as_a_window_with_the_whole_line_s_column() {
        let long = format!(
            "{}[kapot](/nergens/){}",
            "woord ".repeat(500),
            " meer".repeat(500)
        );
        let text = format!("---\ntitle: x\n---\n{long}\nslot\n");
        let at = text.find("(/nergens/)").unwrap() + 1;
        let sources = Arc::new(Sources::default());
        sources.insert(Path::new("pages/lang.md"), text.as_str());
        let report = Report {
            diagnostics: vec![Diagnostic::new("pages/lang.md", at..at + 9, "kapotte link")],
            sources,
        };
        let out = report.render();
        let (line, col) = line_col(&text, at);
        assert_eq!((line, col), (4, 3009));
        assert!(out.contains("pages/lang.md:4:3009"), "{out}");
        let widest = out.lines().map(|l| l.chars().count()).max().unwrap();
        assert!(widest < 140, "{widest}: {out}");
        let lines: Vec<&str> = out.lines().collect();
        let quoted = lines.iter().position(|l| l.contains("/nergens/")).unwrap();
        assert!(lines[quoted].starts_with("4 │ …"), "{out}");
        assert!(lines[quoted].ends_with(" meer…"), "{out}");
        // The caret is under the link's target.
        let caret = lines[quoted + 1].chars().position(|c| c == '^').unwrap();
        let under: String = lines[quoted].chars().skip(caret).take(9).collect();
        assert_eq!(under, "/nergens/", "{out}");
    }

    #[test]
    fn a_span_inside_a_character_of_a_long_line_is_quoted_without_a_panic() {
        let text = "é".repeat(400);
        let sources = Arc::new(Sources::default());
        sources.insert(Path::new("x.md"), text.as_str());
        // Byte 401 is the second byte of the 201st `é`.
        let report = Report {
            diagnostics: vec![Diagnostic::new("x.md", 401..402, "hier")],
            sources,
        };
        let out = report.render();
        assert!(out.contains("x.md:1:201"), "{out}");
        assert!(out.lines().all(|l| l.chars().count() < 140), "{out}");
    }

    #[test]
    fn suggestion_finds_typo_but_not_nonsense() {
        let c = ["title", "province", "municipalities"];
        assert_eq!(
            did_you_mean("titel", c).as_deref(),
            Some("bedoelde je `title`?")
        );
        assert_eq!(
            did_you_mean("provincie", c).as_deref(),
            Some("bedoelde je `province`?")
        );
        assert_eq!(did_you_mean("zzz", c), None);
    }
}
