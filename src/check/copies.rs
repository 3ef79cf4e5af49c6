//! Content is written in the editors' own words: `check --reference DIR`
//! reports every run of [`RUN`] or more words that a page shares with a
//! text in `DIR` (the articles and notes the content was written from).
//!
//! Words are compared in lower case, with punctuation and line breaks
//! ignored, so a copied sentence is found however it was re-wrapped. What
//! may be the same as a source is left out of the comparison: addresses,
//! link targets, footnote definitions (a citation repeats the source's
//! title), the titles and names the site gives (a page's title, a
//! source's title, an agreement's name) and a lesson marked as a quotation (`quote_by`).

use crate::base::diagnostics::{Collector, Diagnostic};
use crate::base::model::Lesson;
use crate::load::Doc;
use crate::resolve::Site;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The shortest run of shared words that counts as copied text.
pub const RUN: usize = 8;

/// The reference texts, as the hashes of every run of [`RUN`] words.
pub struct Reference {
    runs: HashMap<u64, usize>,
    files: Vec<PathBuf>,
}

impl Reference {
    /// Reads every text file under `dir` (files that are not UTF-8 text are
    /// skipped: a PDF cannot be compared word by word).
    pub fn read(dir: &Path) -> Result<Reference, String> {
        if !dir.is_dir() {
            return Err(format!(
                "de map met referentieteksten `{}` bestaat niet of is geen map",
                dir.display()
            ));
        }
        let mut reference = Reference {
            runs: HashMap::new(),
            files: Vec::new(),
        };
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|e| format!("`{}` is niet te lezen: {e}", dir.display()))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let at = reference.files.len();
            reference.files.push(entry.path().to_path_buf());
            let words: Vec<String> = words(&text).into_iter().map(|(w, _)| w).collect();
            for run in words.windows(RUN) {
                reference.runs.entry(hash(run)).or_insert(at);
            }
        }
        Ok(reference)
    }

    /// How many files were read.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// `true` when the folder held no text file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Reports every copied run on the site. A title or name given anywhere
/// on the site may be repeated on any page: a partner's page names the
/// covenant a region page gives.
pub fn check(site: &Site, reference: &Reference, diags: &Collector) {
    let mut site_files = Files::default();
    let mut check = |doc, own, prose| site_files.add(doc, own, prose);
    for region in &site.regions {
        let m = &region.src.doc.meta;
        let covenants = m.covenant.iter().chain(&m.earlier);
        let names = [m.title.as_str()]
            .into_iter()
            .chain(m.sources.iter().map(|s| s.title.as_str()))
            .chain(covenants.filter_map(|c| c.name.as_deref()));
        let statements = m.principles.iter().chain(&m.agreements);
        let prose = statements
            .map(|s| s.text.as_str())
            .chain(m.process.iter().map(|p| p.text.as_str()))
            .chain(own_words(&m.lessons))
            .chain(m.partners.iter().filter_map(|p| p.role.as_deref()))
            .chain(
                m.covenant
                    .iter()
                    .filter_map(|c| c.distribution_key.as_deref()),
            );
        check(&region.src.doc, names.collect(), prose.collect());
    }
    for d in &site.programmes {
        let m = &d.meta;
        let names = [m.title.as_str()]
            .into_iter()
            .chain(m.sources.iter().map(|s| s.title.as_str()))
            .chain(m.phases.iter().map(|p| p.title.as_str()));
        let prose = m
            .summary
            .as_deref()
            .into_iter()
            .chain(m.phases.iter().filter_map(|p| p.text.as_deref()))
            .chain(own_words(&m.lessons));
        check(d, names.collect(), prose.collect());
    }
    for d in &site.pages {
        let names = [d.meta.title.as_str()]
            .into_iter()
            .chain(d.meta.sources.iter().map(|s| s.title.as_str()));
        check(
            d,
            names.collect(),
            d.meta.description.as_deref().into_iter().collect(),
        );
    }
    for d in &site.partners {
        check(d, vec![d.meta.title.as_str()], Vec::new());
    }
    for d in &site.themes {
        check(
            d,
            vec![d.meta.title.as_str()],
            vec![d.meta.definition.as_str()],
        );
    }
    for d in &site.steps {
        check(
            d,
            vec![d.meta.title.as_str()],
            d.meta.purpose.as_deref().into_iter().collect(),
        );
    }
    for d in &site.elements {
        check(d, vec![d.meta.title.as_str()], Vec::new());
    }
    let Files { files, names } = site_files;
    for (doc, prose) in files {
        let (file, text) = doc.file_and_text();
        diags.sources.insert(file, text.clone());
        let mut pieces = body_words(text, doc.body_range());
        pieces.extend(prose.into_iter().filter_map(|p| find_in(doc, p)));
        report(file, &pieces, &names, reference, diags);
    }
}

/// The files to compare, with the texts in their fields, and the names
/// given on the site.
#[derive(Default)]
struct Files<'s> {
    files: Vec<(&'s dyn Text, Vec<&'s str>)>,
    names: Names,
}

impl<'s> Files<'s> {
    fn add(&mut self, doc: &'s dyn Text, names: Vec<&str>, prose: Vec<&'s str>) {
        for n in names {
            self.names.add(n);
        }
        self.files.push((doc, prose));
    }
}

/// The titles and names given on the site, as words, by their first word.
#[derive(Default)]
struct Names(HashMap<String, Vec<Vec<String>>>);

impl Names {
    fn add(&mut self, name: &str) {
        let words: Vec<String> = words(name).into_iter().map(|(w, _)| w).collect();
        if let Some(first) = words.first() {
            self.0.entry(first.clone()).or_default().push(words);
        }
    }

    /// Which words of `piece` are part of a name.
    fn marks(&self, piece: &[Word]) -> Vec<bool> {
        let mut named = vec![false; piece.len()];
        for i in 0..piece.len() {
            for name in self.0.get(&piece[i].0).into_iter().flatten() {
                let fits = piece
                    .get(i..i + name.len())
                    .is_some_and(|p| p.iter().zip(name).all(|(a, b)| &a.0 == b));
                if fits {
                    named[i..i + name.len()].fill(true);
                }
            }
        }
        named
    }
}

/// The lessons told in the page's own words: a lesson with `quote_by` is
/// a quotation.
fn own_words(lessons: &[Lesson]) -> impl Iterator<Item = &str> {
    lessons
        .iter()
        .filter(|l| l.quote_by.is_none())
        .map(|l| l.text.as_str())
}

/// A content file as this check reads it, whatever its front matter.
trait Text {
    fn file_and_text(&self) -> (&Path, &Arc<str>);
    fn body_range(&self) -> Range<usize>;
    fn yaml_range(&self) -> Range<usize>;
}

impl<M> Text for Doc<M> {
    fn file_and_text(&self) -> (&Path, &Arc<str>) {
        (&self.file, &self.text)
    }
    fn body_range(&self) -> Range<usize> {
        self.body.clone()
    }
    fn yaml_range(&self) -> Range<usize> {
        self.yaml.clone()
    }
}

/// A word (lower case) and where it is in the file.
type Word = (String, Range<usize>);

/// The words of `text`, each with its byte range.
fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((text[s..i].to_lowercase(), s..i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((text[s..].to_lowercase(), s..text.len()));
    }
    out
}

fn hash(run: &[String]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    run.hash(&mut h);
    h.finish()
}

/// The words of a Markdown body, in file positions, split into pieces at
/// what is left out: footnote and link definitions, addresses, link
/// targets and HTML tags.
fn body_words(text: &str, body: Range<usize>) -> Vec<Vec<Word>> {
    let mut skip: Vec<Range<usize>> = Vec::new();
    let mut at = body.start;
    for line in text[body.clone()].split_inclusive('\n') {
        let t = line.trim_start();
        let definition = t.starts_with("[^")
            || (t.starts_with('[') && t.find("]:").is_some_and(|i| !t[..i].contains(']')));
        if definition {
            skip.push(at..at + line.len());
        }
        at += line.len();
    }
    let b = &text[body.clone()];
    for (i, _) in b.match_indices("http") {
        let end = b[i..].find(char::is_whitespace).map_or(b.len(), |e| i + e);
        skip.push(body.start + i..body.start + end);
    }
    for (open, close) in [("](", ')'), ("<", '>')] {
        for (i, _) in b.match_indices(open) {
            if let Some(e) = b[i..].find(close) {
                skip.push(body.start + i..body.start + i + e + 1);
            }
        }
    }
    let mut pieces = vec![Vec::new()];
    for (w, r) in words(&text[body.clone()]) {
        let r = body.start + r.start..body.start + r.end;
        if skip.iter().any(|s| s.start < r.end && r.start < s.end) {
            if pieces.last().is_some_and(|p| !p.is_empty()) {
                pieces.push(Vec::new());
            }
        } else if let Some(p) = pieces.last_mut() {
            p.push((w, r));
        }
    }
    pieces
}

/// Where the words of a field's `text` are in the front matter of `doc`:
/// the first place where they follow each other, however the YAML wrapped
/// them. `None` when the text is not found as written (an escape in a
/// quoted string).
fn find_in(doc: &dyn Text, text: &str) -> Option<Vec<Word>> {
    let wanted = words(text);
    let first = wanted.first()?;
    let (_, all) = doc.file_and_text();
    let at = doc.yaml_range();
    let yaml = words(&all[at.clone()]);
    let found = (0..yaml.len().saturating_sub(wanted.len() - 1)).find(|&i| {
        yaml[i].0 == first.0
            && yaml[i..i + wanted.len()]
                .iter()
                .zip(&wanted)
                .all(|(a, b)| a.0 == b.0)
    });
    let i = found?;
    Some(
        yaml[i..i + wanted.len()]
            .iter()
            .map(|(w, r)| (w.clone(), at.start + r.start..at.start + r.end))
            .collect(),
    )
}

/// Reports each run of [`RUN`] or more words of `pieces` that is in the
/// reference, leaving out the words that belong to a name.
fn report(
    file: &Path,
    pieces: &[Vec<Word>],
    names: &Names,
    reference: &Reference,
    diags: &Collector,
) {
    for piece in pieces {
        let named = names.marks(piece);
        let mut i = 0;
        while i + RUN <= piece.len() {
            let copied = |i: usize| {
                if named[i..i + RUN].iter().any(|&n| n) {
                    return None;
                }
                let run: Vec<String> = piece[i..i + RUN].iter().map(|(w, _)| w.clone()).collect();
                reference.runs.get(&hash(&run)).copied()
            };
            let Some(source) = copied(i) else {
                i += 1;
                continue;
            };
            let mut end = i + RUN;
            while end < piece.len() && copied(end + 1 - RUN).is_some() {
                end += 1;
            }
            let span = piece[i].1.start..piece[end - 1].1.end;
            let name = reference.files[source]
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            diags.push(
                Diagnostic::new(
                    file,
                    span,
                    format!(
                        "overgenomen tekst: {} woorden op een rij staan ook in `{name}`",
                        end - i
                    ),
                )
                .expected("de feiten in eigen woorden; cijfers en namen mogen gelijk zijn")
                .suggest(
                    "schrijf de zin opnieuw; een uitspraak van een genoemde persoon mag letterlijk \
                     als les met `quote_by`",
                ),
            );
            i = end;
        }
    }
}
