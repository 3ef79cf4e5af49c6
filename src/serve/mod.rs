//! `draaiboek serve`: build, serve on loopback, watch, rebuild what an edit
//! touched, and reload open pages. The same pipeline as `build`; only
//! watching and HTTP are added, and nothing of this reaches `build` output.

mod guard;
pub mod http;
pub mod session;
pub mod watch;

use crate::BuildOptions;
use crate::resolve::BaseUrl;
use session::Session;
use std::net::{IpAddr, SocketAddr};

/// What `draaiboek serve` is asked to do.
pub struct ServeOptions {
    /// The build, as `draaiboek build` would run it; its base URL is
    /// replaced by the server's own address.
    pub build: BuildOptions,
    /// The address to listen on; `127.0.0.1` unless `--interface` says
    /// otherwise.
    pub interface: IpAddr,
    /// The port to try first; the next free one is used when it is taken.
    pub port: u16,
    /// Open the site in the browser once it is up (`--open`).
    pub open: bool,
}

/// How many ports after the asked one are tried when it is taken.
const PORT_TRIES: u16 = 20;

/// Binds the first free port from `port` on.
fn bind(interface: IpAddr, port: u16) -> Result<(std::net::TcpListener, u16), String> {
    let mut last = String::new();
    for p in port..port.saturating_add(PORT_TRIES) {
        match http::listen(SocketAddr::new(interface, p)) {
            Ok(s) => return Ok((s, p)),
            Err(e) => last = e,
        }
    }
    Err(format!(
        "geen vrije poort gevonden tussen {port} en {}: {last}",
        port.saturating_add(PORT_TRIES - 1)
    ))
}

/// Runs until the process is stopped. Returns an exit code for setup errors.
pub fn run(mut opts: ServeOptions) -> u8 {
    let (server, port) = match bind(opts.interface, opts.port) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("fout: {e}. Kies een andere poort met --port.");
            return 2;
        }
    };
    if port != opts.port {
        println!(
            "Poort {} is bezet; draaiboek gebruikt poort {port}.",
            opts.port
        );
    }
    if !opts.interface.is_loopback() {
        eprintln!(
            "waarschuwing: draaiboek serve luistert op {}: iedereen op het netwerk kan de site lezen, ook wat nog niet af is. Laat --interface weg om alleen op deze computer (127.0.0.1) te luisteren.",
            opts.interface
        );
    }
    let host = match opts.interface {
        IpAddr::V6(a) => format!("[{a}]"),
        IpAddr::V4(a) => a.to_string(),
    };
    let url = format!("http://{host}:{port}/");
    match BaseUrl::parse(&url) {
        Ok(b) => opts.build.base_url = Some(b),
        Err(e) => {
            eprintln!("fout: {e}");
            return 2;
        }
    }

    // Watching starts before the first build: an edit made while it runs,
    // or just after the site first answers, is not lost.
    let mut watch = match watch::Watch::new(&[&opts.build.content, &opts.build.themes]) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("fout: kan de mappen niet volgen: {e}");
            return 1;
        }
    };
    let shared = http::Shared::new(
        vec![opts.build.content.clone(), opts.build.themes.clone()],
        cms_files(&opts.build),
    );
    // The JSON Schemas that site.yaml's first line points editors' tools
    // to, up to date with the files there are (see `draaiboek schema`).
    let schemas = crate::base::files::folder_for(&opts.build.content).join("schema");
    if let Err(e) = crate::schema::write(&opts.build.content, &schemas) {
        eprintln!(
            "let op: de schema's konden niet geschreven worden naar {}: {e}",
            schemas.display()
        );
    }
    let mut session = Session::new(opts.build.clone());
    report(&shared, &mut session, None);

    if let Err(e) = http::start(server, shared.clone()) {
        eprintln!("fout: de server kan niet starten: {e}");
        return 1;
    }
    println!("De site staat op {url}");
    println!(
        "draaiboek kijkt mee in {} en {}; opslaan is genoeg. Stoppen: Ctrl+C.",
        opts.build.content.display(),
        opts.build.themes.display()
    );
    if opts.open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }

    while let Some(batch) = watch.next_batch() {
        if batch.is_empty() {
            continue;
        }
        report(&shared, &mut session, Some(&batch));
    }
    0
}

/// Rebuilds, tells the terminal and the browsers. A saved playbook is
/// shown first through the quick path, then the full rebuild catches up.
fn report(shared: &http::Shared, session: &mut Session, changed: Option<&[std::path::PathBuf]>) {
    let quick = changed.and_then(|c| session.quick(c));
    if let Some((r, ready)) = &quick {
        println!(
            "Getoond: {} pagina's in {} ms; de rest volgt.",
            r.rendered,
            r.took.as_millis()
        );
        shared.publish_quick(&session.files, ready.clone());
        // The full rebuild keeps both cores busy: first let the poll thread
        // tell the open pages to reload.
        std::thread::sleep(std::time::Duration::from_millis(3));
    }
    let result = match changed {
        Some(c) => session.apply(c),
        None => session.full(),
    };
    match result {
        Ok(r) => {
            let what = if r.full {
                "alles".to_string()
            } else {
                format!("{} pagina's ({})", r.rendered, r.summary)
            };
            println!("Gebouwd: {what} in {} ms.", r.took.as_millis());
            if let Some(links) = &r.links {
                // A link to a draft is an everyday state while writing:
                // show the new pages, with the errors over them.
                let text = links.clone();
                eprint!("{text}");
                eprintln!(
                    "De pagina's zijn wel gebouwd en staan in de browser, met deze fouten erboven; `draaiboek build` publiceert pas als ze verbeterd zijn."
                );
                shared.publish(Some(&session.files), "reload", Some(text));
            } else if quick.is_some() {
                shared.settle(&session.files);
            } else {
                let kind = if r.css_only { "css" } else { "reload" };
                shared.publish(Some(&session.files), kind, None);
            }
        }
        Err(report) => {
            let text = report.render();
            eprint!("{text}");
            eprintln!("De vorige versie blijft zichtbaar; de fouten staan ook in de browser.");
            shared.publish(None, "error", Some(text));
        }
    }
}

/// Where the CMS at `/admin/` finds its files: the theme of `site.yaml`
/// (`default` when it names none) must carry the bundle in `admin/`.
fn cms_files(build: &crate::BuildOptions) -> Option<http::Cms> {
    let site = std::fs::read_to_string(build.content.join("site.yaml")).unwrap_or_default();
    let theme = serde_yaml::from_str::<serde_yaml::Value>(&site)
        .ok()
        .and_then(|v| v.get("theme").and_then(|t| t.as_str()).map(str::to_string))
        .unwrap_or_else(|| "default".to_string());
    let admin = build.themes.join(theme).join("admin");
    let content = crate::base::files::absolute(&build.content);
    let project = content.parent()?.to_path_buf();
    // The CMS names files as `content/...`, relative to the project.
    let named_content = content.file_name().is_some_and(|n| n == "content");
    (admin.join("decap/decap-cms.js").is_file() && named_content).then_some(http::Cms {
        project,
        content,
        admin,
    })
}
