//! The finishing stage: the files that describe the whole site (the
//! feed, the sitemap, robots.txt, the search index and the list of
//! published addresses). They are made after all pages, also after a
//! partial rebuild in `serve`.

pub mod feeds;
pub mod manifest;

use crate::base::output::OutFile;
use crate::base::paths;
use crate::resolve::Site;

/// Files that describe the whole site: feed, sitemap, robots.txt, the
/// search index and the URL manifest. `listing` holds every other file of
/// the site; these are added to it and given to `sink`. `region_text` is
/// what the render left for the index (see [`crate::render::Output`]). Returns the
/// published addresses.
pub fn finish(
    site: &Site,
    t: &crate::base::translations::Translations,
    listing: &mut Vec<crate::base::output::Listed>,
    sink: &dyn crate::base::output::Sink,
    region_text: Vec<Option<crate::render::RegionText>>,
) -> std::collections::BTreeSet<String> {
    let kinds: Vec<String> = crate::search::Kind::ALL
        .iter()
        .map(|k| t.text(k.key()).to_string())
        .collect();
    let listed = |f: &OutFile| crate::base::output::Listed {
        path: f.path.clone(),
        page: false,
        html: None,
    };
    // The index files go to the sink as they are made; only their names
    // are kept.
    let made = std::sync::Mutex::new(Vec::new());
    let put = |f: OutFile| {
        let l = listed(&f);
        sink.put(f);
        if let Ok(mut m) = made.lock() {
            m.push(l);
        }
    };
    // The feed and the sitemap are serial work; they are made while the
    // search index keeps the other core busy.
    let (sitemap, feed) = rayon::join(
        || {
            let pages = listing.iter().filter(|f| f.page).map(|f| f.path.as_str());
            (feeds::sitemap(site, pages), feeds::atom(site, t))
        },
        || crate::search::write(site, region_text, &kinds, &put),
    )
    .0;
    listing.extend(made.into_inner().unwrap_or_default());
    let security = feeds::security_txt(site);
    for f in sitemap
        .into_iter()
        .chain([feed, feeds::robots(site)])
        .chain(security)
    {
        listing.push(listed(&f));
        sink.put(f);
    }
    let urls = manifest::urls(listing.iter().map(|f| f.path.as_str()));
    let manifest = manifest::file(&urls);
    listing.push(listed(&manifest));
    sink.put(manifest);
    listing.sort_by(|a, b| a.path.cmp(&b.path));
    urls
}

/// The paths `finish` writes, so a partial rebuild can drop the old ones.
pub fn is_finished_file(path: &str) -> bool {
    matches!(
        path,
        paths::FEED | paths::SITEMAP | paths::ROBOTS | paths::SECURITY_TXT | manifest::FILE
    ) || path.starts_with(crate::base::paths::SEARCH_DATA)
        || feeds::is_sitemap_part(path)
}
