//! Comparison across regions: the table, one theme side by side, charts,
//! open data and related regions, on six fictional regions with known values.

mod common;

use common::{Site, headers, row, section, text};

#[test]
fn table_has_every_region_with_its_values_and_onbekend_for_gaps() {
    let site = Site::compare();
    site.build();
    let p = site.page("vergelijk/");
    assert_eq!(
        headers(&p),
        [
            "Regio",
            "Soort afspraak",
            "Stand",
            "Ondertekend",
            "Ondertekenaars",
            "Woningen per jaar",
            "Woningen per jaar per 10.000 inwoners",
            "Partners per soort",
        ]
    );
    // A comparison needs two values: columns known for one region or none
    // are folded away with a line that names them; the open data has them.
    assert!(
        text(&p).contains(
            "Niet in de tabel, omdat ze voor minder dan twee regio's bekend zijn (de open \
             data hieronder heeft ze wel): Looptijd, Aanbod binnen (maanden), Doelgroepen, \
             Verdeelsleutel, Programma."
        ),
        "{}",
        text(&p)
    );
    let csv = std::fs::read_to_string(site.output().join("data/regions.csv")).unwrap();
    assert!(csv.contains("naar rato, met komma's"), "{csv}");
    // Without JavaScript: every region, sorted by name.
    let order: Vec<usize> = ["aland", "beland", "celand", "deland", "eland", "fland"]
        .iter()
        .map(|s| p.find(&format!(r#"data-slug="{s}""#)).expect(s))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "sorted by name");
    assert_eq!(
        row(&p, "aland"),
        [
            "pact",
            "ondertekend",
            "maart 2019",
            "20",
            "100",
            "10",
            "1 gemeente, 1 woningcorporatie",
        ]
    );
    // Eland has no agreements: its stand says so and nothing else is
    // "onbekend", as there is no agreement whose facts could be unknown.
    let e = row(&p, "eland");
    assert_eq!(e[1], "nog geen afspraken", "{e:?}");
    assert!(
        e.iter().enumerate().all(|(i, c)| i == 1 || c.is_empty()),
        "{e:?}"
    );
    let d = row(&p, "deland");
    assert_eq!(d[0], "intentieverklaring");
    assert_eq!(d[4], "onbekend", "homes per year unknown, never 0");
    assert!(
        !p.contains(r#"<td data-sort="0">"#),
        "no missing value is sorted as zero"
    );
    // Sort keys: numbers as numbers, dates as ISO.
    assert!(p.contains(r#"<td data-sort="2019-03">maart 2019</td>"#));
    assert!(p.contains(r#"<td data-sort="100">100</td>"#));
}

#[test]
fn homes_per_ten_thousand_inhabitants_only_where_inhabitants_are_known() {
    let site = Site::compare();
    site.build();
    let p = site.page("vergelijk/");
    assert_eq!(row(&p, "aland")[5], "10");
    assert_eq!(row(&p, "beland")[5], "40");
    assert_eq!(row(&p, "fland")[5], "20");
    assert_eq!(row(&p, "celand")[5], "onbekend");
}

#[test]
fn one_theme_side_by_side_shows_the_gaps() {
    let site = Site::compare();
    site.build();
    let p = site.page("vergelijk/zachte-landing/");
    let described = text(&section(&p, "regios"));
    assert!(
        described.contains("Aland ondertekend Aland landt zacht."),
        "{described}"
    );
    assert!(described.contains("Beland ondertekend Beland landt ook zacht."));
    assert!(
        described.contains(
            "Celand ondertekend niets beschreven niets beschreven Celand leerde over landen."
        ),
        "{described}"
    );
    assert!(
        p.contains(r#"href="/regio/aland/#principe-1""#),
        "links to its place in the playbook"
    );
    assert!(p.contains(r#"href="/regio/celand/#les-1""#));
    let gaps = text(&section(&p, "nog-niet"));
    for r in ["Deland", "Eland", "Fland"] {
        assert!(
            gaps.contains(&format!("{r} – nog niet beschreven")),
            "{gaps}"
        );
    }
    assert!(!gaps.contains("Aland"));
    // Every theme has such a page, linked from /vergelijk/.
    let cmp = site.page("vergelijk/");
    for t in ["zachte-landing", "verdeelsleutel", "implementatie"] {
        assert!(cmp.contains(&format!(r#"href="/vergelijk/{t}/""#)));
    }
}

/// (value, width) of every bar in the chart with this id.
fn bars(html: &str, id: &str) -> Vec<(f64, f64)> {
    let at = html
        .find(&format!(r#"<svg class="chart" id="{id}""#))
        .expect("chart");
    let svg = &html[at..at + html[at..].find("</svg>").unwrap()];
    svg.split(r#"<rect class="bar""#)
        .skip(1)
        .map(|r| {
            let get = |a: &str| -> f64 {
                let i = r.find(&format!(r#"{a}=""#)).unwrap() + a.len() + 2;
                r[i..].split('"').next().unwrap().parse().unwrap()
            };
            (get("data-value"), get("width"))
        })
        .collect()
}

#[test]
fn charts_are_inline_svg_with_proportional_bars_and_the_same_numbers_in_a_table() {
    let site = Site::compare();
    site.build();
    let p = site.page("vergelijk/");
    let homes = bars(&p, "woningen");
    assert_eq!(
        homes.iter().map(|b| b.0).collect::<Vec<_>>(),
        [400.0, 200.0, 100.0, 50.0]
    );
    let ratio = homes[0].1 / homes[0].0;
    for (v, w) in &homes {
        assert!(
            (w / v - ratio).abs() < 1e-3,
            "bar length proportional: {v} -> {w}"
        );
    }
    let per = bars(&p, "per-inwoners");
    assert_eq!(
        per.iter().map(|b| b.0).collect::<Vec<_>>(),
        [40.0, 20.0, 10.0]
    );
    // A text alternative and a table with the same numbers.
    assert!(p.contains(r#"aria-labelledby="woningen-titel woningen-uitleg""#));
    assert!(p.contains(
        "<desc id=\"woningen-uitleg\">Fland: 400; Beland: 200; Aland: 100; Celand: 50</desc>"
    ));
    let table = text(&section(&p, "tabel-woningen"));
    assert!(
        table.contains("Fland 400 Beland 200 Aland 100 Celand 50"),
        "{table}"
    );
    // The process timeline has a lane per region with dates.
    let timeline = &p[p.find(r#"id="proces""#).unwrap()..];
    let svg = &timeline[..timeline.find("</svg>").unwrap()];
    assert_eq!(svg.matches(r#"<g class="mark">"#).count(), 8);
    // Every dot names its step by its number on the route, and the key
    // under the chart says which step each number is.
    assert_eq!(
        svg.matches(r##"font-weight="700" fill="#ffffff">"##)
            .count(),
        8
    );
    let legend = text(&section(&p, "grafiek-proces"));
    assert!(legend.contains("De nummers:"), "{legend}");
    assert!(legend.contains("1 Startnotitie"), "{legend}");
    assert!(
        text(&section(&p, "tabel-proces"))
            .contains("Aland 2017: Startnotitie; maart 2019: Ondertekening")
    );
    assert!(!p.contains("<script src=\"http"), "no external script");
}

#[test]
fn csv_parses_back_to_the_same_values_as_the_json() {
    let site = Site::compare();
    site.build();
    let json: serde_json::Value = serde_json::from_str(&site.page("data/regions.json")).unwrap();
    assert_eq!(json["schema"], "draaiboek-regions");
    // Version 2: Model v2 added fields; version 1's keep their names.
    assert_eq!(json["version"], 2);
    let regions = json["regions"].as_array().unwrap();
    assert_eq!(regions.len(), 6);
    let raw = std::fs::read(site.output().join("data/regions.csv")).unwrap();
    assert!(raw.windows(2).any(|w| w == b"\r\n"), "RFC 4180 line ends");
    let mut rdr = csv::Reader::from_reader(raw.as_slice());
    let head: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(&head[..3], ["slug", "title", "url"]);
    let records: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 6);
    for (rec, reg) in records.iter().zip(regions) {
        assert_eq!(&rec[0], reg["slug"].as_str().unwrap());
        assert_eq!(&rec[2], reg["url"].as_str().unwrap());
        for (i, field) in head.iter().enumerate().skip(3) {
            let j = &reg["compare"][field];
            let expected = j.as_str().unwrap_or("");
            assert_eq!(&rec[i], expected, "{} {field}", &rec[0]);
        }
    }
    let aland = &records[0];
    assert_eq!(
        &aland[head.iter().position(|h| h == "derived.homes").unwrap()],
        "100"
    );
    assert_eq!(
        &aland[head.iter().position(|h| h == "covenant.signed").unwrap()],
        "2019-03"
    );
    assert_eq!(
        &aland[head
            .iter()
            .position(|h| h == "covenant.distribution_key")
            .unwrap()],
        "naar rato, met komma's en \"aanhalingstekens\""
    );
    assert_eq!(regions[0]["covenant"]["homes_per_year"], 100);
    assert!(regions[4]["covenant"].is_null(), "Eland has no covenant");
    // Both are linked from /vergelijk/, and documented.
    let cmp = site.page("vergelijk/");
    assert!(
        cmp.contains(r#"href="/data/regions.json""#) && cmp.contains(r#"href="/data/regions.csv""#)
    );
    assert!(text(&site.page("data/")).contains("Schemaversie 2"));
}

#[test]
fn related_regions_come_in_the_expected_order() {
    let site = Site::compare();
    site.build();
    let p = site.page("regio/aland/");
    let rel = text(&section(&p, "vergelijkbaar"));
    let pos: Vec<usize> = ["Beland", "Celand", "Fland"]
        .iter()
        .map(|r| rel.find(r).expect(r))
        .collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "{rel}");
    assert!(!rel.contains("Deland") && !rel.contains("Eland"), "{rel}");
    assert!(p.contains(r#"href="/vergelijk/?regios=aland,beland""#));
    // A region with nothing in common with anyone has no such section.
    assert!(!site.page("regio/eland/").contains(r#"id="vergelijkbaar""#));
}

#[test]
fn configured_columns_with_own_fields_and_formats() {
    let site = Site::compare();
    site.write(
        "content/site.yaml",
        "title: Vergelijktest\nbase_url: https://vergelijk.example.org/\ncompare:\n  columns:\n    - { field: extra.inhabitants, label: Inwoners, format: number }\n    - { field: derived.has_covenant, label: Afspraken bekend }\n    - { field: partners.woningcorporatie, label: Corporaties }\n    - { field: covenant.signed, label: Getekend }\n",
    );
    site.build();
    let p = site.page("vergelijk/");
    assert_eq!(
        headers(&p),
        [
            "Regio",
            "Inwoners",
            "Afspraken bekend",
            "Corporaties",
            "Getekend"
        ]
    );
    assert_eq!(row(&p, "aland"), ["100.000", "ja", "1", "maart 2019"]);
    // Inhabitants and a signing date do not apply to a region without
    // agreements: empty cells, not "onbekend".
    assert_eq!(row(&p, "eland"), ["", "nee", "0", ""]);
    assert_eq!(row(&p, "beland")[3], "15 juni 2020");
}

#[test]
fn a_wrong_column_path_is_an_error_with_file_line_and_suggestion() {
    let site = Site::broken("compare-column");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 1);
    for want in [
        "site.yaml:6:16",
        "onbekend veld `covenant.homes_per_jaar`",
        "bedoelde je `covenant.homes_per_year`?",
    ] {
        assert!(r.stderr.contains(want), "{want} missing in\n{}", r.stderr);
    }
}

/// Long tables are rendered a few hundred rows per template call (the
/// `rows/` templates): across those calls no row may go missing, repeat or
/// change places.
#[test]
fn long_tables_keep_every_row_in_order_across_template_calls() {
    let site = Site::compare();
    let aland = std::fs::read_to_string(site.content().join("regions/aland/index.md")).unwrap();
    let extra = 1000;
    for i in 0..extra {
        let text = aland
            .replacen("title: Aland", &format!("title: Regio {i:04}"), 1)
            .replace(
                "homes_per_year: 100,",
                &format!("homes_per_year: {},", i + 1),
            );
        site.write(&format!("content/regions/regio-{i:04}/index.md"), &text);
    }
    std::fs::remove_file(site.content().join("published-urls.txt")).ok();
    site.build();
    let total = extra + 6;

    let p = site.page("vergelijk/");
    let slugs = common::attr_values(&p, "data-slug");
    assert_eq!(slugs.len(), total, "one row per region");
    let unique: std::collections::BTreeSet<&String> = slugs.iter().collect();
    assert_eq!(unique.len(), total, "no row twice");
    // Row n says it is row n: the initial sort order the script relies on.
    let table = &p[p.find("<tbody>").unwrap()..p.find("</tbody>").unwrap()];
    let order: Vec<String> = table
        .split(r#"<th scope="row" data-sort=""#)
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect();
    let expected: Vec<String> = (0..total).map(|i| i.to_string()).collect();
    assert_eq!(order, expected);
    // The generated regions come in title order, between the fixture's.
    let generated: Vec<&String> = slugs.iter().filter(|s| s.starts_with("regio-")).collect();
    let mut sorted = generated.clone();
    sorted.sort();
    assert_eq!(generated, sorted);
    assert!(
        p.contains("Alle 1.006 regio"),
        "the caption counts them all"
    );

    // The chart table of homes per year: every region with a number, in
    // descending order.
    let chart = section(&p, "grafiek-woningen");
    let values: Vec<u32> = chart
        .split("</th><td>")
        .skip(1)
        .map(|s| s[..s.find('<').unwrap()].replace('.', "").parse().unwrap())
        .collect();
    assert!(values.len() >= extra, "{} rows", values.len());
    assert!(values.windows(2).all(|w| w[0] >= w[1]), "descending");

    // One theme side by side: said + not yet said is every region, once.
    let t = site.page("vergelijk/zachte-landing/");
    let said = section(&t, "regios").matches(r#"<th scope="row">"#).count();
    let gaps = section(&t, "nog-niet").matches("<li>").count();
    // Aland's copies, and Aland, Beland and Celand of the fixture.
    assert_eq!(said, extra + 3);
    assert_eq!(said + gaps, total);
}

/// A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a
/// formula. regions.csv puts a `'` in front of such texts; numbers keep
/// their sign. The JSON keeps the text as written.
#[test]
fn csv_cells_that_look_like_formulas_are_defused() {
    let site = Site::compare();
    let path = site.content().join("regions/aland/index.md");
    let aland = std::fs::read_to_string(&path).unwrap();
    let key = "=HYPERLINK(\\\"https://example.org\\\",\\\"klik\\\")";
    let aland = aland.replacen(
        "distribution_key: \"naar rato, met komma's en \\\"aanhalingstekens\\\"\"",
        &format!("distribution_key: \"{key}\""),
        1,
    );
    assert!(aland.contains("HYPERLINK"), "the fixture changed");
    site.write("content/regions/aland/index.md", &aland);
    let titles = [
        ("Beland", "@SUM(1)"),
        ("Celand", "-2+3"),
        ("Deland", "+31 6"),
    ];
    for (name, text) in titles {
        let slug = name.to_lowercase();
        let p = site.content().join(format!("regions/{slug}/index.md"));
        let src = std::fs::read_to_string(&p).unwrap();
        let src = src.replacen(&format!("title: {name}"), &format!("title: \"{text}\""), 1);
        site.write(&format!("content/regions/{slug}/index.md"), &src);
    }
    site.build();
    let raw = std::fs::read(site.output().join("data/regions.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(raw.as_slice());
    let head: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    let records: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let key_col = col("covenant.distribution_key");
    let aland = records.iter().find(|r| &r[0] == "aland").unwrap();
    assert_eq!(
        &aland[key_col],
        "'=HYPERLINK(\"https://example.org\",\"klik\")"
    );
    let title_col = col("title");
    let shown: Vec<&str> = records.iter().map(|r| &r[title_col]).collect();
    for (_, text) in titles {
        assert!(shown.contains(&format!("'{text}").as_str()), "{shown:?}");
    }
    // Every cell of the file: none starts a formula, and numbers stay numbers.
    for rec in &records {
        for cell in rec.iter() {
            let number = cell.parse::<f64>().is_ok();
            assert!(number || !cell.starts_with(['=', '+', '-', '@']), "{cell}");
        }
    }
    let json: serde_json::Value = serde_json::from_str(&site.page("data/regions.json")).unwrap();
    let regions = json["regions"].as_array().unwrap();
    let aland = regions.iter().find(|r| r["slug"] == "aland").unwrap();
    assert_eq!(
        aland["covenant"]["distribution_key"],
        "=HYPERLINK(\"https://example.org\",\"klik\")"
    );
}

#[test]
fn a_chart_is_drawn_only_where_two_regions_have_a_value() {
    let site = Site::compare();
    // Only Aland keeps its homes per year.
    for r in ["beland", "celand", "deland", "eland", "fland"] {
        let f = site.content().join(format!("regions/{r}/index.md"));
        let t = std::fs::read_to_string(&f).unwrap();
        let kept: Vec<&str> = t
            .lines()
            .filter(|l| !l.contains("homes_per_year"))
            .collect();
        std::fs::write(&f, kept.join("\n") + "\n").unwrap();
    }
    site.build();
    let p = site.page("vergelijk/");
    let homes = section(&p, "grafiek-woningen");
    assert!(!homes.contains("<svg"), "one value is no chart: {homes}");
    assert!(
        text(&homes).contains("Van minder dan twee regio's is het aantal woningen per jaar bekend"),
        "{}",
        text(&homes)
    );
    // The one value is still in the table.
    assert!(text(&homes).contains("Aland 100"), "{}", text(&homes));
    // No developer text reaches a reader.
    assert!(!text(&p).contains("extra.inhabitants"), "{}", text(&p));
}
