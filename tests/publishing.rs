//! What publishers and the programs reading the site's files meet: a CSV
//! that Excel opens with its accents and without running anything, feeds
//! and sitemaps that XML readers accept whatever an editor typed, and a
//! sitemap index for large sites.

mod common;

use common::Site;
use std::fs;

/// A compare column of the fixture's own values, added to site.yaml.
fn with_code_column(site: &Site, codes: &[(&str, &str)]) {
    let yaml = fs::read_to_string(site.content().join("site.yaml")).unwrap();
    let yaml = if yaml.contains("compare:") {
        yaml.replacen(
            "  columns:\n",
            "  columns:\n    - { field: extra.code, label: Code }\n",
            1,
        )
    } else {
        format!(
            "{yaml}\ncompare:\n  columns:\n    - {{ field: extra.code, label: Code }}\n    - {{ field: title, label: Naam }}\n"
        )
    };
    fs::write(site.content().join("site.yaml"), yaml).unwrap();
    for (slug, code) in codes {
        let path = site.content().join(format!("regions/{slug}/index.md"));
        let text = fs::read_to_string(&path).unwrap();
        fs::write(
            &path,
            text.replacen("---\n", &format!("---\nextra:\n  code: \"{code}\"\n"), 1),
        )
        .unwrap();
    }
}

#[test]
fn regions_csv_opens_in_excel_with_accents_and_never_as_a_formula() {
    let site = Site::fixture();
    with_code_column(
        &site,
        &[
            ("noorderkwartier", "\\0=SOM(A1)"),
            ("zuiderland", "\\tcafé"),
        ],
    );
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bytes = fs::read(site.output().join("data/regions.csv")).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "a byte order mark first");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let col = header
        .iter()
        .position(|h| h == "extra.code")
        .expect("the code column");
    let codes: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[col].to_string())
        .collect();
    assert!(codes.contains(&"'\0=SOM(A1)".to_string()), "{codes:?}");
    assert!(codes.contains(&"'\tcafé".to_string()), "{codes:?}");
}

fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r')
        || ('\u{20}'..='\u{D7FF}').contains(&c)
        || ('\u{E000}'..='\u{FFFD}').contains(&c)
        || c >= '\u{10000}'
}

#[test]
fn characters_xml_forbids_never_reach_the_feed_or_the_sitemap() {
    let site = Site::fixture();
    let path = site.content().join("regions/noorderkwartier/index.md");
    let text = fs::read_to_string(&path).unwrap();
    let odd = text.replacen("  name: Testpact", "  name: \"Test\\vpact\\uFFFE\\x01\"", 1);
    assert_ne!(odd, text);
    fs::write(&path, odd).unwrap();
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let feed = fs::read_to_string(site.output().join("feed.xml")).unwrap();
    assert!(
        feed.contains("Test\u{FFFD}pact\u{FFFD}\u{FFFD}"),
        "the name is there, its odd characters replaced"
    );
    for file in ["feed.xml", "sitemap.xml"] {
        let xml = fs::read_to_string(site.output().join(file)).unwrap();
        let bad: Vec<char> = xml.chars().filter(|c| !allowed_in_xml(*c)).collect();
        assert!(bad.is_empty(), "{file}: {bad:?}");
    }
}

#[test]
fn over_fifty_thousand_addresses_the_sitemap_is_an_index_of_parts() {
    let site = Site::fixture();
    let built = draaiboek::build(&draaiboek::BuildOptions::for_content(site.content())).unwrap();
    let paths: Vec<String> = (0..120_001)
        .map(|i| format!("regio/r{i}/index.html"))
        .collect();
    let files = draaiboek::finish::feeds::sitemap(&built.site, paths.iter().map(String::as_str));
    let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        names,
        [
            "sitemap.xml",
            "sitemap-1.xml",
            "sitemap-2.xml",
            "sitemap-3.xml"
        ]
    );
    let text = |i: usize| match &files[i].body {
        draaiboek::base::output::Body::Bytes(b) => String::from_utf8(b.clone()).unwrap(),
        _ => panic!("in memory"),
    };
    let index = text(0);
    assert!(
        index.contains("<sitemapindex") && index.contains("sitemap-3.xml</loc>"),
        "{index}"
    );
    let counts: Vec<usize> = (1..4).map(|i| text(i).matches("<url>").count()).collect();
    assert_eq!(counts, [50_000, 50_000, 20_001]);
    // At or under the limit, one plain sitemap.
    let few =
        draaiboek::finish::feeds::sitemap(&built.site, paths[..50_000].iter().map(String::as_str));
    assert_eq!(few.len(), 1);
}

/// `security_contact` in site.yaml: `/.well-known/security.txt` (RFC 9116,
/// with an `Expires` within a year) and the same contact in the footer of
/// every page, the accessibility statement included.
#[test]
fn a_security_contact_gives_security_txt_and_a_line_on_every_page() {
    let site = Site::shipped();
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let txt = fs::read_to_string(site.output().join(".well-known/security.txt")).unwrap();
    assert!(
        txt.contains("Contact: mailto:security@draaiboek.example.nl\n"),
        "{txt}"
    );
    let expires = txt
        .lines()
        .find_map(|l| l.strip_prefix("Expires: "))
        .expect("Expires");
    let year: i64 = expires[..4].parse().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let this_year = 1970 + now / 31_556_952;
    assert!(year == this_year || year == this_year + 1, "{expires}");
    assert!(
        expires.ends_with("T00:00:00Z") && expires.len() == 20,
        "{expires}"
    );
    assert!(txt.contains("Canonical: https://"), "{txt}");
    let statement = site.page("toegankelijkheid/");
    assert!(
        statement.contains(
            "Een beveiligingsprobleem melden: <a href=\"mailto:security@draaiboek.example.nl\">"
        ),
        "{statement}"
    );
    // Without the field there is no security.txt.
    let plain = Site::fixture();
    plain.build();
    assert!(!plain.output().join(".well-known/security.txt").exists());
}

/// The CI examples in docs/ci/ are valid YAML, run `check` before `build`,
/// and build for the address the host publishes under (a sub-path for a
/// project site); every flag they use exists.
#[test]
fn the_ci_examples_check_then_build_for_their_address() {
    for (file, publish_dir) in [
        ("github-pages.yml", "output"),
        ("gitlab-pages.yml", "public"),
    ] {
        let text = fs::read_to_string(common::repo().join("docs/ci").join(file)).unwrap();
        let yaml: serde_yaml::Value =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let all = serde_yaml::to_string(&yaml).unwrap();
        let check = all
            .find("-- check")
            .unwrap_or_else(|| panic!("{file} runs check"));
        let build = all
            .find("-- build --base-url")
            .unwrap_or_else(|| panic!("{file} builds for its address"));
        assert!(check < build, "{file}: check before build");
        assert!(all.contains(publish_dir), "{file} publishes {publish_dir}");
        let line = all[build..].lines().next().unwrap();
        let flags: Vec<&str> = line
            .split_whitespace()
            .filter(|w| w.starts_with("--") && *w != "--")
            .collect();
        let help = common::run_in(&common::repo(), &["build", "--help"]).stdout;
        for flag in flags {
            assert!(help.contains(flag), "{file}: `build {flag}` does not exist");
        }
    }
}

/// `publiccode.yml` has what the standard (0.4) requires, and its version
/// and licence are the crate's own.
#[test]
fn publiccode_yml_describes_this_release() {
    let text = fs::read_to_string(common::repo().join("publiccode.yml")).unwrap();
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let cargo = fs::read_to_string(common::repo().join("Cargo.toml")).unwrap();
    let field = |key: &str| {
        cargo
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key} = ")))
            .map(|v| v.trim_matches('"').to_string())
            .unwrap()
    };
    let s = |v: &serde_yaml::Value| v.as_str().map(str::to_string).unwrap_or_default();
    assert_eq!(s(&doc["publiccodeYmlVersion"]), "0.4");
    assert_eq!(s(&doc["name"]), "draaiboek");
    assert_eq!(s(&doc["softwareVersion"]), field("version"));
    assert_eq!(s(&doc["legal"]["license"]), field("license"));
    assert!(s(&doc["url"]).starts_with("https://"));
    assert!(s(&doc["releaseDate"]).len() == 10);
    for key in ["platforms", "categories"] {
        assert!(
            doc[key].as_sequence().is_some_and(|l| !l.is_empty()),
            "{key}"
        );
    }
    assert!(
        ["concept", "development", "beta", "stable", "obsolete"]
            .contains(&s(&doc["developmentStatus"]).as_str())
    );
    assert!(s(&doc["softwareType"]).starts_with("standalone/"));
    assert!(s(&doc["maintenance"]["type"]).len() > 3);
    assert_eq!(
        doc["localisation"]["localisationReady"].as_bool(),
        Some(true)
    );
    for lang in ["nl", "en"] {
        let d = &doc["description"][lang];
        let short = s(&d["shortDescription"]);
        let long = s(&d["longDescription"]);
        assert!(
            !short.is_empty() && short.chars().count() <= 150,
            "{lang}: {short}"
        );
        assert!(
            long.chars().count() >= 150,
            "{lang}: longDescription too short"
        );
        assert!(d["features"].as_sequence().is_some_and(|f| !f.is_empty()));
    }
}

/// The container's recipe edits still match `docs/nginx.conf`, what it
/// copies exists, and its serving stage runs as an ordinary user. (Running
/// it takes a container engine and the public images; see the README.)
#[test]
fn the_dockerfile_builds_from_what_the_repository_has_and_serves_unprivileged() {
    let root = common::repo();
    let file = fs::read_to_string(root.join("docs/container/Dockerfile")).unwrap();
    let recipe = fs::read_to_string(root.join("docs/nginx.conf")).unwrap();
    for line in file
        .lines()
        .filter(|l| l.starts_with("COPY ") && !l.contains("--from"))
    {
        let parts: Vec<&str> = line.split_whitespace().collect();
        for src in &parts[1..parts.len() - 1] {
            assert!(root.join(src).exists(), "{line}: {src} does not exist");
        }
    }
    for edited in ["listen 80;", "root /srv/draaiboek/output;"] {
        assert!(file.contains(&format!("s|{edited}|")), "{edited}");
        assert_eq!(
            recipe.matches(&format!("    {edited}\n")).count(),
            1,
            "{edited}"
        );
    }
    let last_stage = file.rsplit("\nFROM ").next().unwrap();
    assert!(last_stage.contains("\nUSER 101\n"), "{last_stage}");
    assert!(last_stage.contains("EXPOSE 8080"));
    // The commands it runs exist with these flags.
    let help = common::run_in(&root, &["build", "--help"]);
    for flag in ["--output", "--base-url"] {
        assert!(help.stdout.contains(flag), "{flag}");
    }
    assert!(file.contains("draaiboek check"));
}

/// What the recipe's Content-Security-Policy would refuse is nowhere in a
/// built page: no `style=` attribute, no event handler attribute, no
/// `<style>` element and no script without `src` (the JSON-LD block is
/// data, which a policy does not stop). Chromium checks the pages it
/// loads (tests/quality.rs); this reads every file, of both sites.
#[test]
fn no_page_has_what_the_content_security_policy_refuses() {
    for site in [Site::shipped(), Site::fixture()] {
        site.build();
        let mut found = Vec::new();
        for e in walkdir::WalkDir::new(site.output())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        {
            let html = fs::read_to_string(e.path()).unwrap();
            let page = e
                .path()
                .strip_prefix(site.output())
                .unwrap()
                .display()
                .to_string();
            for tag in html.split('<').skip(1).filter_map(|t| t.split('>').next()) {
                let name = tag
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let attrs = attribute_names(tag);
                if attrs
                    .iter()
                    .any(|a| a == "style" || (a.starts_with("on") && a.len() > 2))
                {
                    found.push(format!("{page}: <{tag}>"));
                }
                if name == "style"
                    || (name == "script"
                        && !attrs.iter().any(|a| a == "src")
                        && !tag.contains("type=\"application/ld+json\""))
                {
                    found.push(format!("{page}: <{tag}>"));
                }
            }
        }
        assert!(found.is_empty(), "{found:#?}");
    }
}

/// The attribute names of a tag's text (`a href="x" class=y`), values
/// skipped whole, quoted or not.
fn attribute_names(tag: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = tag.trim_start_matches(|c: char| !c.is_whitespace());
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return names;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        names.push(rest[..end].to_ascii_lowercase());
        rest = rest[end..].trim_start();
        if let Some(value) = rest.strip_prefix('=') {
            let value = value.trim_start();
            rest = match value.chars().next() {
                Some(q @ ('"' | '\'')) => value[1..].find(q).map_or("", |i| &value[i + 2..]),
                _ => value.find(char::is_whitespace).map_or("", |i| &value[i..]),
            };
        }
    }
}
