//! Building the fixture site and checking what a reader sees.

mod common;

use common::{Site, attr_values, by_id, section, text};
use std::fs;

#[test]
fn region_and_covenant_pages_show_the_pact_figures() {
    let site = Site::fixture();
    let run = site.build();
    assert!(
        run.stdout.contains("pagina's"),
        "build says how many pages: {}",
        run.stdout
    );
    assert!(
        run.stdout.contains("http://127.0.0.1:8000/") && run.stdout.contains("output/"),
        "build says where to open the site: {}",
        run.stdout
    );

    let region = site.page("regio/noorderkwartier/");
    let facts = text(&section(&region, "convenant"));
    assert!(text(&region).contains("Woningen per jaar 178"), "{facts}");
    assert!(text(&region).contains("Ondertekenaars 27 partijen"));
    assert!(text(&region).contains("oktober 2020"), "Dutch month name");
    assert!(region.contains(r#"<time datetime="2020-10">"#));

    let covenant = site.page("regio/noorderkwartier/convenant/");
    let t = text(&covenant);
    assert!(t.contains("Woningen per jaar 178"), "{t}");
    assert!(t.contains("Ondertekenaars 27 partijen"));
    assert!(
        t.contains("https://test.example.org/regio/noorderkwartier/convenant/"),
        "permanent link in the cite block"
    );
    assert!(
        covenant.contains(r#"href="/regio/noorderkwartier/pact.pdf""#),
        "document download link"
    );
}

#[test]
fn unknown_values_read_onbekend_never_zero() {
    let site = Site::fixture();
    site.build();
    let t = text(&section(&site.page("regio/zuiderland/"), "convenant"));
    assert!(t.contains("Woningen per jaar onbekend"), "{t}");
    assert!(t.contains("Ondertekenaars onbekend"), "{t}");
    assert!(!t.contains(" 0 "), "{t}");
}

#[test]
fn attachment_is_published_at_its_stable_url() {
    let site = Site::fixture();
    site.build();
    let src = fs::read(site.content().join("regions/noorderkwartier/pact.pdf")).unwrap();
    let out = fs::read(site.output().join("regio/noorderkwartier/pact.pdf")).unwrap();
    assert_eq!(src, out);
}

#[test]
fn partner_page_lists_its_regions_with_roles() {
    let site = Site::fixture();
    site.build();
    let p = site.page("partners/woonhuis/");
    let regions = text(&p);
    assert!(
        regions.contains("Noorderkwartier – uitvoeringsorganisatie"),
        "{regions}"
    );
    assert!(p.contains(r#"href="/regio/zuiderland/""#));
    // The partners index groups by kind.
    let idx = text(&site.page("partners/"));
    assert!(
        idx.contains("Woningcorporaties Woonhuis 2 regio's"),
        "{idx}"
    );
    assert!(idx.contains("Gemeenten Gemeente Aastad 1 regio"), "{idx}");
}

#[test]
fn theme_page_gathers_lessons_of_several_regions_with_deep_links() {
    let site = Site::fixture();
    site.build();
    let p = site.page("themas/implementatie/");
    assert!(p.contains(r#"href="/regio/noorderkwartier/#les-1""#), "{p}");
    assert!(p.contains(r#"href="/regio/zuiderland/#les-1""#));
    assert!(
        p.contains(r#"href="/programma/thuisprogramma/#les-1""#),
        "programme lessons too"
    );
    let region = site.page("regio/noorderkwartier/");
    assert!(
        region.contains(r#"<li id="les-1">"#),
        "the deep link target exists"
    );
    // The lessons page holds them too, grouped by theme.
    let lessons = site.page("lessen/");
    assert!(text(&section(&lessons, "implementatie")).contains("Reserveer tijd"));
    assert_eq!(lessons.matches("<blockquote>").count(), 3);
}

#[test]
fn programme_page_lists_regions_with_their_standing() {
    let site = Site::fixture();
    site.build();
    let t = text(&site.page("programma/thuisprogramma/"));
    assert!(t.contains("Noorderkwartier ondertekend Testpact"), "{t}");
    assert!(t.contains("Zuiderland intentie uitgesproken"), "{t}");
    assert!(
        site.page("regio/zuiderland/")
            .contains(r#"href="/programma/thuisprogramma/""#)
    );
}

#[test]
fn home_shows_key_figures_and_every_region() {
    let site = Site::fixture();
    site.build();
    let home = site.page("");
    let t = text(&home);
    assert!(t.contains("regio's beschreven 2"), "{t}");
    assert!(
        t.contains("Noorderkwartier Noord-Holland pact ondertekend 2020"),
        "{t}"
    );
    assert!(
        t.contains("Zuiderland Limburg intentieverklaring intentie uitgesproken 2019"),
        "{t}"
    );
}

#[test]
fn headings_get_stable_anchors_that_do_not_clash_with_the_template() {
    let site = Site::fixture();
    site.build();
    let p = site.page("regio/noorderkwartier/");
    assert!(p.contains(r#"<h2 id="aanleiding">Aanleiding</h2>"#));
    assert_eq!(p.matches(r#"id="lessen""#).count(), 1);
    let ids = attr_values(&p, "id");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "duplicate ids: {ids:?}");
}

#[test]
fn every_page_has_navigation_breadcrumbs_and_a_skip_link() {
    let site = Site::fixture();
    site.build();
    for path in [
        "",
        "regio/noorderkwartier/",
        "regio/noorderkwartier/convenant/",
        "partners/",
        "partners/woonhuis/",
        "themas/",
        "themas/zachte-landing/",
        "lessen/",
        "over/",
        "programma/thuisprogramma/",
        "404.html",
    ] {
        let p = site.page(path);
        assert!(p.starts_with("<!DOCTYPE html>"), "{path}");
        assert!(p.contains(r#"<html lang="nl">"#), "{path}");
        assert!(p.contains(r##"href="#inhoud""##), "{path}: skip link");
        assert!(p.contains(r#"<main id="inhoud""#), "{path}");
        assert!(p.contains(r#"aria-label="Hoofdmenu""#), "{path}");
        if !path.is_empty() {
            assert!(
                p.contains(r#"aria-label="Kruimelpad""#),
                "{path}: breadcrumbs"
            );
        }
        assert!(
            !p.contains("http://") || path == "partners/woonhuis/",
            "{path}: no insecure external request"
        );
    }
    let cov = site.page("regio/noorderkwartier/convenant/");
    let crumbs = text(&by_id(&cov, "inhoud"));
    assert!(!crumbs.is_empty());
    assert!(
        cov.contains(r#"<li><a href="/regio/noorderkwartier/">Noorderkwartier</a></li>"#),
        "breadcrumb to the region"
    );
}

/// The link of the main menu that is marked as the current page.
fn current_menu_item(html: &str) -> Vec<String> {
    let nav = html
        .split(r#"<nav class="site-nav""#)
        .nth(1)
        .and_then(|rest| rest.split("</nav>").next())
        .unwrap_or("");
    nav.split("<a ")
        .filter(|a| a.contains(r#"aria-current="page""#))
        .map(|a| text(&format!("<a {a}")))
        .collect()
}

#[test]
fn header_and_footer_are_right_for_each_section() {
    // The theme's header and footer are rendered once per section and
    // shared by its pages; each page must still mark its own section.
    let site = Site::fixture();
    site.build();
    for (path, current) in [
        ("", "Regio's"),
        ("aanpak/", "Aanpak"),
        ("vergelijk/", "Vergelijk"),
        ("themas/zachte-landing/", "Thema's"),
        ("lessen/", "Lessen"),
        ("partners/woonhuis/", "Partners"),
    ] {
        let p = site.page(path);
        let marked = current_menu_item(&p);
        assert_eq!(marked.len(), 1, "{path}: {marked:?}");
        assert!(marked[0].starts_with(current), "{path}: {marked:?}");
        assert!(p.contains(r#"data-search="header""#), "{path}: search box");
        assert!(p.contains(r#"<footer class="site-footer">"#), "{path}");
        assert!(p.contains(r#"href="/over/""#), "{path}: footer page link");
    }
    // The search page has its own search box, not the header's.
    let search = site.page("zoeken/");
    assert!(!search.contains(r#"data-search="header""#));
    assert!(search.contains(r#"<footer class="site-footer">"#));
}

#[test]
fn each_programme_page_marks_only_its_own_menu_link() {
    let site = Site::fixture();
    let first =
        std::fs::read_to_string(site.content().join("programmes/thuisprogramma.md")).unwrap();
    site.write(
        "content/programmes/tweede-programma.md",
        &first.replace("title: Thuisprogramma", "title: Tweede programma"),
    );
    site.build();
    for (path, title) in [
        ("programma/thuisprogramma/", "Thuisprogramma"),
        ("programma/tweede-programma/", "Tweede programma"),
    ] {
        assert_eq!(
            current_menu_item(&site.page(path)),
            vec![title.to_string()],
            "{path}"
        );
    }
}

#[test]
fn a_theme_part_is_shown_per_section_and_its_errors_point_at_it() {
    let site = Site::fixture();
    let templates = site.path().join("themes/default/templates");
    let base = fs::read_to_string(templates.join("base.html")).unwrap();
    site.write(
        "themes/default/templates/base.html",
        &base.replace(
            "<main id=\"inhoud\"",
            "{{ parts.banner | safe }}\n<main id=\"inhoud\"",
        ),
    );
    site.write(
        "themes/default/templates/parts/banner.html",
        "<p class=\"banner\">{{ site.title }} / {{ section }}</p>",
    );
    site.build();
    let home = site.page("");
    let title = home
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap();
    for (path, section) in [
        ("", "home"),
        ("vergelijk/", "vergelijk"),
        ("zoeken/", "zoeken"),
    ] {
        let want = format!("<p class=\"banner\">{title} / {section}</p>");
        assert!(site.page(path).contains(&want), "{path}: {want}");
    }

    // A part does not see `page`: the error names the part and says so.
    site.write(
        "themes/default/templates/parts/banner.html",
        "<p>\n{{ page.title }}</p>",
    );
    let r = site.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for want in [
        "themes/default/templates/parts/banner.html:2:",
        "page.title",
        "`site`, `t` en `section`",
        "1 fout gevonden",
    ] {
        assert!(r.stderr.contains(want), "`{want}` in:\n{}", r.stderr);
    }
}

#[test]
fn aliases_redirect_to_the_new_address() {
    let site = Site::fixture();
    site.build();
    let p = site.page("regio/noord-oud/");
    assert!(
        p.contains(
            r#"<link rel="canonical" href="https://test.example.org/regio/noorderkwartier/">"#
        ),
        "{p}"
    );
    assert!(p.contains(r#"content="0; url=/regio/noorderkwartier/""#));
    assert!(
        p.contains(r#"<a href="/regio/noorderkwartier/">"#),
        "a visible link"
    );
}

#[test]
fn base_url_with_sub_path_moves_every_internal_link() {
    let site = Site::fixture();
    let r = site.run(&["build", "--base-url", "https://example.org/draaiboek/"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(site.output()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = fs::read_to_string(entry.path()).unwrap();
        for attr in ["href", "src", "content"] {
            for v in attr_values(&html, attr) {
                if v.starts_with('/') {
                    assert!(
                        v.starts_with("/draaiboek/"),
                        "{}: {attr}={v}",
                        entry.path().display()
                    );
                    checked += 1;
                }
                if v.starts_with("https://example.org") || v.starts_with("https://test.example.org")
                {
                    assert!(
                        v.starts_with("https://example.org/draaiboek/"),
                        "{}: {v}",
                        entry.path().display()
                    );
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} internal links checked");
    // Nothing of the dev server's live reload ends up in a build.
    for entry in walkdir::WalkDir::new(site.output())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let bytes = fs::read(entry.path()).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__draaiboek"),
            "{}",
            entry.path().display()
        );
    }
    let region = site.page("regio/noorderkwartier/");
    assert!(region.contains(r#"href="/draaiboek/static/style."#));
    assert!(region.contains(
        r#"<link rel="canonical" href="https://example.org/draaiboek/regio/noorderkwartier/">"#
    ));
}

#[test]
fn markdown_extensions_render() {
    let site = Site::fixture();
    site.write(
        "content/pages/extra.md",
        "---\ntitle: Extra\n---\n## Tabel\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~weg~~ en een voetnoot[^1]. Zie [de regio](/regio/zuiderland/).\n\n[^1]: De bron.\n",
    );
    site.build();
    let p = site.page("extra/");
    assert!(p.contains("<table>"));
    assert!(p.contains("<del>weg</del>"));
    assert!(p.contains("footnote-definition"));
    assert!(p.contains(r#"href="/regio/zuiderland/""#));
}

#[test]
fn byte_order_mark_and_crlf_files_build() {
    let site = Site::fixture();
    site.write(
        "content/pages/windows.md",
        "\u{feff}---\r\ntitle: Windows\r\n---\r\n## Kop met é\r\n\r\nTekst.\r\n",
    );
    site.build();
    let p = site.page("windows/");
    assert!(p.contains(r#"<h2 id="kop-met-e">Kop met é</h2>"#), "{p}");
}

#[test]
fn escaping_is_on_for_editor_text() {
    let site = Site::fixture();
    site.write(
        "content/partners/rare-naam.md",
        "---\ntitle: \"A <b>&</b> B\"\nkind: welzijn\n---\n",
    );
    site.build();
    let p = site.page("partners/rare-naam/");
    assert!(p.contains("<h1>A &lt;b&gt;&amp;&lt;/b&gt; B</h1>"), "{p}");
}

#[test]
fn drafts_are_not_published() {
    let site = Site::fixture();
    site.write(
        "content/pages/concept.md",
        "---\ntitle: Concept\ndraft: true\n---\nNog niet af.\n",
    );
    site.build();
    assert!(!site.output().join("concept").exists());
}

#[test]
fn content_file_links_and_relative_links_work() {
    let site = Site::fixture();
    site.write(
        "content/pages/links.md",
        "---\ntitle: Links\n---\n[a](@/regions/noorderkwartier/index.md#aanleiding) [b](../regio/zuiderland/) [c](@/partners/woonhuis.md) [d](#links)\n\n## Links\n",
    );
    site.build();
    let p = site.page("links/");
    assert!(
        p.contains(r#"href="/regio/noorderkwartier/#aanleiding""#),
        "{p}"
    );
    assert!(p.contains(r#"href="../regio/zuiderland/""#));
    assert!(p.contains(r#"href="/partners/woonhuis/""#));
}
