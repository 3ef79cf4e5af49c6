//! Search: the index the build writes, the stemming that lets inflected
//! words find each other, and the search page under a sub-path. Queries
//! are ranked by `draaiboek::search::search`, the function `search.js`
//! mirrors; the browser half is in tests/quality.rs.

mod common;

use common::{Site, attr_values, by_id, text};
use draaiboek::search;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

/// The fixture with two sections whose words come back inflected in the
/// queries below.
fn site() -> Site {
    let site = Site::fixture();
    let path = site.content().join("regions/zuiderland/index.md");
    let mut body = std::fs::read_to_string(&path).unwrap();
    body.push_str(
        "\n## Woonruimte\n\nEr komen elk jaar tachtig woningen bij voor mensen die uitstromen.\n\n## Evaluatie\n\nHet convenant is in 2023 geëvalueerd door de stuurgroep.\n",
    );
    std::fs::write(&path, body).unwrap();
    site
}

fn index(site: &Site) -> search::Index {
    let built = draaiboek::build(&draaiboek::BuildOptions::for_content(site.content()))
        .unwrap_or_else(|r| panic!("build failed: {r:?}"));
    search::index(search::documents(&built.site), "nl")
}

fn top(index: &search::Index, query: &str) -> String {
    let hits = search::search(index, query);
    let hit = hits
        .first()
        .unwrap_or_else(|| panic!("`{query}` finds nothing"));
    index.docs[hit.doc].url.clone()
}

#[test]
fn inflected_words_find_the_section_that_uses_another_form() {
    let site = site();
    let index = index(&site);
    for (query, url) in [
        ("woningen", "regio/zuiderland/#woonruimte"),
        ("woning", "regio/zuiderland/#woonruimte"),
        ("tachtig woning", "regio/zuiderland/#woonruimte"),
        // Still typing: the start of a word finds it.
        ("woni", "regio/zuiderland/#woonruimte"),
        ("convenanten geevalueerd", "regio/zuiderland/#evaluatie"),
        ("geëvalueerd", "regio/zuiderland/#evaluatie"),
        ("Geevalueerde stuurgroepen", "regio/zuiderland/#evaluatie"),
        ("beoordelingstafels", "regio/noorderkwartier/#afspraak-1"),
        ("zachte landingen", "regio/noorderkwartier/#principe-1"),
        ("Noorderkwartier", "regio/noorderkwartier/"),
    ] {
        assert_eq!(top(&index, query), url, "top hit for `{query}`");
    }
    assert!(search::search(&index, "fietsenstalling").is_empty());
    // Stop words alone find nothing rather than everything.
    assert!(search::search(&index, "de en van het").is_empty());
}

#[test]
fn index_holds_every_kind_and_each_anchor_exists_on_its_page() {
    let site = site();
    site.build();
    let meta: serde_json::Value =
        serde_json::from_str(&site.page("zoeken/data/meta.json")).unwrap();
    let kinds: Vec<String> = meta["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    let chunk = meta["chunk"].as_u64().unwrap() as usize;
    let count = meta["docs"].as_u64().unwrap() as usize;
    let mut docs = Vec::new();
    for n in 0..count.div_ceil(chunk) {
        let rows: Vec<(String, String, String, usize, String)> =
            serde_json::from_str(&site.page(&format!("zoeken/data/d/{n}.json"))).unwrap();
        docs.extend(rows);
    }
    assert_eq!(docs.len(), count);
    let mut seen_kinds = BTreeSet::new();
    for (url, title, _, kind, _) in &docs {
        seen_kinds.insert(kinds[*kind].clone());
        let (path, anchor) = url.split_once('#').unwrap_or((url, ""));
        let html = site.page(path);
        if !anchor.is_empty() {
            let target = by_id(&html, anchor);
            assert!(
                !target.is_empty(),
                "{url} ({title}): no #{anchor} on the page"
            );
        }
    }
    for k in [
        "Regio",
        "Paragraaf",
        "Principe",
        "Werkafspraak",
        "Les",
        "Convenant",
        "Partner",
        "Thema",
    ] {
        assert!(
            seen_kinds.contains(k),
            "no {k} in the index: {seen_kinds:?}"
        );
    }
    let lesson = docs
        .iter()
        .find(|d| d.0 == "regio/noorderkwartier/#les-1")
        .expect("the lesson is indexed at its anchor");
    assert_eq!(lesson.2, "Noorderkwartier");
    assert!(lesson.4.contains("Reserveer tijd"), "{lesson:?}");

    // The shards on disk are the index the ranking function uses.
    let index = index(&site);
    let mut on_disk: BTreeMap<String, search::Term> = BTreeMap::new();
    for name in meta["shards"].as_array().unwrap() {
        let name = name.as_str().unwrap();
        let shard: BTreeMap<String, Vec<u32>> =
            serde_json::from_str(&site.page(&format!("zoeken/data/t/{name}.json"))).unwrap();
        for (stem, flat) in shard {
            assert!(stem.starts_with(name), "{stem} in shard {name}");
            let term = search::Term {
                found: flat[0],
                postings: flat[1..].chunks(2).map(|p| (p[0], p[1])).collect(),
            };
            on_disk.insert(stem, term);
        }
    }
    assert_eq!(on_disk, index.terms);
    let names: std::collections::BTreeSet<String> = meta["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, index.shards);
    assert_eq!(index.docs.len(), count);
}

#[test]
fn search_page_works_without_script_and_under_a_sub_path() {
    let site = site();
    let run = site.run(&["build", "--base-url", "https://example.org/draaiboek/"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.page("zoeken/");
    let noscript = page
        .split("<noscript>")
        .nth(1)
        .and_then(|s| s.split("</noscript>").next())
        .expect("a message for readers without JavaScript");
    let links = attr_values(noscript, "href");
    assert_eq!(links, ["/draaiboek/themas/", "/draaiboek/lessen/"]);
    assert!(text(noscript).contains("JavaScript"));
    for p in ["", "regio/noorderkwartier/", "themas/", "zoeken/"] {
        let html = site.page(p);
        assert!(
            attr_values(&html, "data-index").contains(&"/draaiboek/zoeken/data/".to_string()),
            "{p}: index address"
        );
        assert!(
            attr_values(&html, "src")
                .iter()
                .any(|s| s.starts_with("/draaiboek/static/search.") && s.ends_with(".js")),
            "{p}: search script"
        );
        assert!(
            attr_values(&html, "action").contains(&"/draaiboek/zoeken/".to_string()),
            "{p}: every page has a search form that works without script"
        );
    }
    // CovenantDocument addresses are relative to the site, so the script can put
    // the sub-path in front.
    let d0: Vec<(String, String, String, usize, String)> =
        serde_json::from_str(&site.page("zoeken/data/d/0.json")).unwrap();
    assert!(
        d0.iter()
            .all(|d| !d.0.starts_with('/') && !d.0.contains("://"))
    );
}

#[test]
fn shipped_index_stays_under_its_budget() {
    let site = Site::shipped();
    site.build();
    let dir = site.output().join("zoeken/data");
    let (mut raw, mut gz, mut files) = (0, 0, 0);
    for e in walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_type().is_file() {
            let bytes = std::fs::read(e.path()).unwrap();
            raw += bytes.len();
            files += 1;
            // Each file is sent compressed on its own; the sum of the
            // separately compressed files is what a reader could load.
            let mut one = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            one.write_all(&bytes).unwrap();
            gz += one.finish().unwrap().len();
        }
    }
    let _ = writeln!(
        std::io::stderr(),
        "search index of the shipped site: {files} files, {raw} bytes, about {gz} bytes gzipped"
    );
    assert!(gz < 100_000, "search index is {gz} bytes gzipped");
    // The Dutch stemming works on the real content too.
    let index = index(&site);
    let hits = search::search(&index, "convenanten");
    assert!(hits.len() > 5);
    assert!(
        hits.iter()
            .take(10)
            .any(|h| index.docs[h.doc].kind == search::Kind::Covenant)
    );
}

/// The index files are written a batch of regions at a time; whatever the
/// batch, they are the same files, and the document chunks hold exactly
/// the documents of the whole index, in order and [`search::CHUNK`] to a
/// file.
#[test]
fn the_index_files_do_not_depend_on_the_batch_of_regions() {
    let site = site();
    // Enough regions that the documents fill several chunk files.
    for n in 1..=20 {
        let dir = site.content().join(format!("regions/extra-{n}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("index.md"),
            format!("---\ntitle: Extra {n}\n---\nIntro {n}.\n\n## Wonen\n\nTekst.\n\n## Zorg\n\nMeer.\n\n## Werk\n\nNog.\n"),
        )
        .unwrap();
    }
    let built = draaiboek::build(&draaiboek::BuildOptions::for_content(site.content()))
        .unwrap_or_else(|r| panic!("build failed: {r:?}"));
    let files = |batch: usize| {
        let out = std::sync::Mutex::new(BTreeMap::new());
        search::write_in_batches(
            &built.site,
            Vec::new(),
            &["k".to_string()],
            &|f| {
                let bytes = f.bytes().unwrap().to_vec();
                out.lock().unwrap().insert(f.path, bytes);
            },
            batch,
        );
        out.into_inner().unwrap()
    };
    let whole = files(512);
    for batch in [1, 2, 3] {
        assert_eq!(files(batch), whole, "batch of {batch}");
    }
    let index = search::index(search::documents(&built.site), "nl");
    assert!(
        index.docs.len() > 2 * search::CHUNK,
        "{} documents",
        index.docs.len()
    );
    let mut urls = Vec::new();
    for n in 0.. {
        let Some(chunk) = whole.get(&format!(
            "{}d/{n}.json",
            draaiboek::base::paths::SEARCH_DATA
        )) else {
            break;
        };
        let rows: Vec<serde_json::Value> = serde_json::from_slice(chunk).unwrap();
        assert!(rows.len() <= search::CHUNK);
        urls.extend(rows.iter().map(|r| r[0].as_str().unwrap().to_string()));
    }
    let expected: Vec<String> = index.docs.iter().map(|d| d.url.clone()).collect();
    assert_eq!(urls, expected);
    let meta: serde_json::Value = serde_json::from_slice(
        &whole[&format!("{}meta.json", draaiboek::base::paths::SEARCH_DATA)],
    )
    .unwrap();
    assert_eq!(meta["docs"], index.docs.len());
}

/// The shared benchmark corpus of `n` regions, built; returns its output
/// and its content folder.
fn built_corpus(n: usize) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new("bash")
        .arg(common::repo().join("benches/corpus.sh"))
        .arg(n.to_string())
        .arg(dir.path())
        .env("GEN_CORPUS", common::repo().join("benches/gen_corpus.py"))
        .output()
        .expect("run benches/corpus.sh");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let content = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let run = common::run_in(
        dir.path(),
        &[
            "build",
            "--content",
            &content,
            "--themes",
            common::repo().join("themes").to_str().unwrap(),
            "--output",
            "site",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let site = dir.path().join("site");
    (dir, site, content)
}

fn gzipped(path: &std::path::Path) -> usize {
    let bytes = std::fs::read(path).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&bytes).unwrap();
    gz.finish().unwrap().len()
}

/// At 10,000 regions no query downloads more than 100 KB gzipped: the
/// worst query takes meta.json, for each of its words (at most
/// `meta.words`) the largest chain of shards a word needs, and the ten
/// largest document chunks for its first page. A word found in nearly
/// every document keeps its best [`search::MOST`] and says there are more.
#[test]
fn no_query_at_ten_thousand_regions_downloads_more_than_100_kb() {
    let (_dir, site, content) = built_corpus(10_000);
    let data = site.join("zoeken/data");
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data.join("meta.json")).unwrap()).unwrap();
    let names: Vec<String> = meta["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect();
    let size: BTreeMap<&str, usize> = names
        .iter()
        .map(|n| (n.as_str(), gzipped(&data.join(format!("t/{n}.json")))))
        .collect();
    // A word needs the shards whose names start it: for the longest of
    // them, all the others are its prefixes.
    let chain = |name: &str| -> usize {
        size.iter()
            .filter(|(n, _)| name.starts_with(**n))
            .map(|(_, s)| s)
            .sum()
    };
    let (worst_name, worst_word) = names
        .iter()
        .map(|n| (n.as_str(), chain(n)))
        .max_by_key(|p| p.1)
        .unwrap();
    let mut chunks: Vec<usize> = std::fs::read_dir(data.join("d"))
        .unwrap()
        .map(|e| gzipped(&e.unwrap().path()))
        .collect();
    chunks.sort_unstable_by(|a, b| b.cmp(a));
    let page: usize = chunks.iter().take(10).sum();
    let words = meta["words"].as_u64().unwrap() as usize;
    let worst = gzipped(&data.join("meta.json")) + words * worst_word + page;
    let _ = writeln!(
        std::io::stderr(),
        "10,000 regions: {} shards, largest word chain `{worst_name}` {worst_word} bytes gzipped, \
         ten largest chunks {page}, worst query {worst} bytes",
        names.len()
    );
    assert!(
        worst <= 100_000,
        "a query can download {worst} bytes gzipped"
    );
    assert!(names.len() > 205, "shards were not split: {}", names.len());

    // `regio` is in nearly every document: its shard keeps the best
    // documents and the number of all of them.
    let re_shard = names
        .iter()
        .filter(|n| "regio".starts_with(n.as_str()))
        .max_by_key(|n| n.len())
        .unwrap();
    let shard: BTreeMap<String, Vec<u32>> = serde_json::from_str(
        &std::fs::read_to_string(data.join(format!("t/{re_shard}.json"))).unwrap(),
    )
    .unwrap();
    let regio = &shard["regio"];
    assert!(regio[0] as usize > 10 * search::MOST, "{}", regio[0]);
    assert_eq!((regio.len() - 1) / 2, search::MOST);

    // In the browser, `search.js` on these split shards and cut lists
    // ranks as the build's own `search::search` does: a word found
    // everywhere, a word from the deepest shard, and more words than a
    // query uses.
    let deepest = names.iter().max_by_key(|n| n.len()).unwrap();
    let shard: BTreeMap<String, serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(data.join(format!("t/{deepest}.json"))).unwrap(),
    )
    .unwrap();
    let deep_word = shard.keys().next().unwrap().clone();
    let long = "regio gemeente wonen zorg afspraken woningen";
    let mut opts = draaiboek::BuildOptions::for_content(&content);
    opts.themes = common::repo().join("themes");
    let built = draaiboek::build(&opts).unwrap_or_else(|r| panic!("build failed: {r:?}"));
    let index = search::index(search::documents(&built.site), "nl");
    let queries = ["regio", deep_word.as_str(), long];
    let expected: Vec<String> = queries
        .iter()
        .map(|q| {
            let hit = search::search(&index, q).first().map(|h| h.doc).unwrap();
            format!("/{}", index.docs[hit].url)
        })
        .collect();
    let paths: Vec<String> = queries
        .iter()
        .map(|q| format!("/zoeken/?q={}", q.replace(' ', "+")))
        .collect();
    let probe = "new Promise((done) => { const t0 = Date.now(); (function wait() { \
        const list = document.getElementById('zoekresultaten'); \
        const q = new URLSearchParams(location.search).get('q'); \
        if (list.dataset.query === q || Date.now() - t0 > 8000) done({ \
          first: (list.querySelector('a.hit-title') || {}).getAttribute ? list.querySelector('a.hit-title').getAttribute('href') : null, \
          status: document.getElementById('zoekstatus').textContent }); \
        else setTimeout(wait, 50); })(); })";
    let looks: Vec<common::browser::Look> = paths
        .iter()
        .map(|p| common::browser::Look {
            path: p,
            width: 1280,
            click: &[],
            probe,
        })
        .collect();
    let Some(seen) = common::browser::look(&site, &looks) else {
        return;
    };
    for ((q, want), got) in queries.iter().zip(&expected).zip(&seen) {
        assert_eq!(
            got["value"]["first"].as_str(),
            Some(want.as_str()),
            "`{q}`: {got}"
        );
        assert_eq!(got["failed"], serde_json::json!([]), "`{q}`: {got}");
    }
    let status = seen[0]["value"]["status"].as_str().unwrap_or_default();
    // Its list was cut, and the reader is told so.
    assert!(
        status.starts_with("Meer dan ") && status.contains("‘regio’"),
        "{status}"
    );
}
