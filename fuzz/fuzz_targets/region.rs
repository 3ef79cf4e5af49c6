//! One region's `index.md` from the fuzzer's bytes, added to the small
//! fixture site, through load -> resolve -> render -> link check, all in
//! memory. Must never panic or hang; a built site must hold the escaping
//! rules.

#![no_main]

use draaiboek::base::diagnostics::Collector;
use draaiboek::{load, render, resolve};
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

struct Base {
    content: load::Content,
    theme: render::Theme,
}

fn base() -> &'static Base {
    static BASE: OnceLock<Base> = OnceLock::new();
    BASE.get_or_init(|| {
        let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let root = repo.join("tests/fixtures/site/content");
        let diags = Collector::default();
        let content = load::load(&root, &diags, &load::Cache::none()).expect("fixture site loads");
        let keys = draaiboek::translation_keys();
        let theme = draaiboek::theme::load(&repo.join("themes"), &content.config, &keys, true, &diags)
            .expect("default theme loads");
        assert!(!diags.has_errors(), "the fixture site is clean");
        Base { content, theme }
    })
}

fuzz_target!(|data: &[u8]| {
    let base = base();
    let diags = Collector::default();

    // The Markdown renderer on its own, with raw HTML escaped.
    if let Ok(text) = std::str::from_utf8(data) {
        let html = render::markdown::render(text, "/", &[]).html;
        assert!(!html.contains("<script"), "raw HTML got through");
    }

    let Some(region) = load::region_from_bytes("fuzz", data.to_vec(), &diags) else {
        return;
    };
    let mut content = base.content.clone();
    content.regions.push(region);
    let Some(site) = resolve::resolve(content, None, false, &diags) else {
        return;
    };
    if diags.has_errors() {
        return;
    }
    let sink = draaiboek::base::output::Memory::default();
    let mut timings = draaiboek::Timings::default();
    draaiboek::render_checked(&site, &base.theme, &diags, &sink, &mut timings);
    if diags.has_errors() {
        return;
    }
    for f in sink.into_files() {
        let Some(bytes) = f.bytes() else { continue };
        let page = String::from_utf8_lossy(bytes).to_ascii_lowercase();
        for attr in [
            "href=\"javascript:",
            "src=\"javascript:",
            "href=\"data:",
            "src=\"data:",
            "href=\"vbscript:",
        ] {
            for (at, _) in page.match_indices(attr) {
                // Only inside a tag: the same words in text (after `&lt;`)
                // are harmless, as the first finding of this target was.
                let open = page[..at].rfind('<');
                let close = page[..at].rfind('>');
                assert!(
                    open.is_none() || open < close,
                    "{} has {attr} in a tag",
                    f.path
                );
            }
        }
    }
});
