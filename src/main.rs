//! The `draaiboek` command line. Exit codes: 0 ok, 1 content errors (or a
//! failed write), 2 usage errors.

use clap::{Parser, Subcommand};
use draaiboek::resolve::BaseUrl;
use draaiboek::{BuildOptions, build, build_into, scaffold, write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h; the Rust bindings have no name
/// for it. Why 120 ms: see Cargo.toml.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

#[derive(Parser)]
#[command(
    name = "draaiboek",
    version,
    about = "Bouwt de kennissite met regionale draaiboeken voor uitstroom uit Beschermd Wonen en Opvang."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct ContentArgs {
    /// Map met site.yaml en de inhoud.
    #[arg(long, default_value = "content", value_name = "MAP")]
    content: PathBuf,
    /// Map met de thema's (standaard: themes/ naast de inhoudsmap).
    #[arg(long, value_name = "MAP")]
    themes: Option<PathBuf>,
    /// Neem ook pagina's met `draft: true` mee.
    #[arg(long)]
    drafts: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Bouw de site van de inhoud naar de uitvoermap.
    Build {
        #[command(flatten)]
        content: ContentArgs,
        /// Uitvoermap; wordt pas vervangen als de hele build gelukt is.
        #[arg(long, default_value = "output", value_name = "MAP")]
        output: PathBuf,
        /// Vervangt base_url uit site.yaml, bijvoorbeeld voor een voorbeeldsite.
        #[arg(long, value_name = "URL", value_parser = parse_base_url)]
        base_url: Option<BaseUrl>,
        /// Toon hoe lang elke stap duurde.
        #[arg(long)]
        timings: bool,
    },
    /// Bouw de site, toon haar op http://127.0.0.1:1111/ en bouw opnieuw bij elke wijziging.
    Serve {
        #[command(flatten)]
        content: ContentArgs,
        /// Poort; is die bezet, dan wordt de volgende vrije gebruikt.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Adres om op te luisteren.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADRES")]
        interface: std::net::IpAddr,
        /// Open de site in de browser.
        #[arg(long)]
        open: bool,
    },
    /// Controleer inhoud, verwijzingen en templates zonder iets te schrijven.
    Check {
        #[command(flatten)]
        content: ContentArgs,
        /// Controleer ook links naar andere sites (met curl, 10 seconden per adres).
        #[arg(long)]
        external: bool,
        /// Neem alle huidige adressen op in content/published-urls.txt.
        #[arg(long)]
        update_urls: bool,
        /// Map met de teksten waaruit de inhoud is geschreven: een reeks van
        /// acht of meer woorden die daar ook staat, is een fout.
        #[arg(long, value_name = "MAP")]
        reference: Option<PathBuf>,
    },
    /// Schrijf een JSON Schema van site.yaml en van de velden van elke
    /// soort inhoud, voor editors en het CMS.
    Schema {
        /// Map met site.yaml en de inhoud.
        #[arg(long, default_value = "content", value_name = "MAP")]
        content: PathBuf,
        /// Map voor de schema's; standaard .draaiboek/schema naast de inhoudsmap.
        #[arg(long, value_name = "MAP")]
        out: Option<PathBuf>,
    },
    /// Maak nieuwe inhoud aan uit een sjabloon.
    New {
        #[command(subcommand)]
        what: NewWhat,
    },
}

#[derive(Subcommand)]
enum NewWhat {
    /// Een nieuw regio-playbook: regions/<slug>/index.md met alle velden.
    Region(NewArgs),
    /// Een nieuwe partner: partners/<id>.md.
    Partner {
        #[command(flatten)]
        args: NewArgs,
        /// Soort organisatie: gemeente, woningcorporatie, zorgaanbieder,
        /// welzijn, landelijk of overig.
        #[arg(long, value_name = "SOORT")]
        kind: Option<String>,
    },
    /// Een nieuw thema: themes/<id>.md.
    Theme(NewArgs),
    /// Een nieuwe stap van de route: steps/<id>.md.
    Step(NewArgs),
    /// Een nieuw onderdeel van de checklist: elements/<id>.md.
    Element(NewArgs),
    /// Een nieuwe losse pagina: pages/<slug>.md.
    Page(NewArgs),
    /// Een nieuw landelijk programma: programmes/<id>.md.
    Programme(NewArgs),
}

#[derive(clap::Args)]
struct NewArgs {
    /// Naam voor het bestand en het adres: kleine letters, cijfers en streepjes.
    id: String,
    /// Titel; zonder deze optie wordt hij uit de naam gemaakt.
    #[arg(long, value_name = "TITEL")]
    title: Option<String>,
    /// Map met site.yaml en de inhoud.
    #[arg(long, default_value = "content", value_name = "MAP")]
    content: PathBuf,
}

fn parse_base_url(s: &str) -> Result<BaseUrl, String> {
    BaseUrl::parse(s)
}

fn options(c: &ContentArgs, base_url: Option<BaseUrl>) -> BuildOptions {
    let mut o = BuildOptions::for_content(&c.content);
    if let Some(t) = &c.themes {
        o.themes = t.clone();
    }
    o.base_url = base_url;
    o.drafts = c.drafts;
    o
}

fn main() -> ExitCode {
    // SAFETY: sets a number in mimalloc's option table, which it reads
    // when it next decides whether to give memory back.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 120) };
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            content,
            output,
            base_url,
            timings,
        } => build_command(options(&content, base_url), &output, timings),
        Command::Serve {
            content,
            port,
            interface,
            open,
        } => {
            let code = draaiboek::serve::run(draaiboek::serve::ServeOptions {
                build: options(&content, None),
                interface,
                port,
                open,
            });
            ExitCode::from(code)
        }
        Command::Check {
            content,
            external,
            update_urls,
            reference,
        } => {
            let mut opts = options(&content, None);
            opts.update_urls = update_urls;
            check_command(&opts, external, reference.as_deref())
        }
        Command::New { what } => new_content(what),
        Command::Schema { content, out } => {
            let out =
                out.unwrap_or_else(|| draaiboek::base::files::folder_for(&content).join("schema"));
            match draaiboek::schema::write(&content, &out) {
                Ok(files) => {
                    println!(
                        "{} schema's geschreven naar {}.",
                        files.len(),
                        out.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("fout: {}: {e}", out.display());
                    ExitCode::from(1)
                }
            }
        }
    }
}

/// `draaiboek build`: renders into a staging folder beside `output` and
/// moves what changed in once everything succeeded.
fn build_command(mut opts: BuildOptions, output: &std::path::Path, timings: bool) -> ExitCode {
    let started = Instant::now();
    opts.parse_cache = Some(draaiboek::load::cache::file_for(&opts.content));
    draaiboek::base::interrupt::install();
    let disk = match write::Disk::open(output, &opts.content) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("fout: {e}");
            return ExitCode::from(1);
        }
    };
    let untouched = || {
        eprintln!(
            "De vorige inhoud van {} is niet aangeraakt.",
            output.display()
        )
    };
    let mut built = match build_into(&opts, &disk) {
        Ok(b) if !draaiboek::base::interrupt::requested() => b,
        Ok(_) => {
            drop(disk);
            eprintln!("Onderbroken.");
            untouched();
            return ExitCode::from(130);
        }
        Err(report) => {
            drop(disk);
            eprint!("{}", report.render());
            untouched();
            return ExitCode::from(1);
        }
    };
    let t = Instant::now();
    let stats = match disk.commit() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("fout: {e}");
            untouched();
            return ExitCode::from(1);
        }
    };
    // Earlier builds kept the parse cache in the output, where any
    // static server publishes it, drafts and all.
    let _ = std::fs::remove_file(output.join(draaiboek::load::cache::OLD_FILE));
    let front_matter = built.parsed.counts();
    if let Err(e) = std::mem::take(&mut built.parsed).save() {
        // The site is in place; only the next build is slower.
        eprintln!("let op: de geparste front matter kon niet bewaard worden: {e}");
    }
    let write_time = t.elapsed();
    built.timings.mark("vastleggen");
    let pages = built.output.page_count();
    println!(
        "{pages} pagina's ({} bestanden, {} gewijzigd, {} verwijderd) geschreven naar {}/ in {} ms.",
        stats.files,
        stats.written,
        stats.removed,
        output.display(),
        started.elapsed().as_millis()
    );
    println!(
        "Bekijk de site via een webserver, bijvoorbeeld: python3 -m http.server --directory {} 8000",
        output.display()
    );
    println!("en open dan http://127.0.0.1:8000{}", built.site.base.path);
    if timings {
        print_timings(&built, &stats, write_time, front_matter);
    }
    if draaiboek::base::interrupt::requested() {
        eprintln!("Onderbroken na het vastleggen: de nieuwe site staat er compleet.");
        return ExitCode::from(130);
    }
    ExitCode::SUCCESS
}

/// `build --timings`: wall and processor time, memory and files per stage.
fn print_timings(
    built: &draaiboek::Built,
    stats: &write::WriteStats,
    write_time: std::time::Duration,
    (from_cache, parsed): (usize, usize),
) {
    let tm = &built.timings;
    let ms = |d: std::time::Duration| format!("{:.0} ms", d.as_secs_f64() * 1000.0);
    println!(
        "tijden: laden {}, verwijzingen {}, renderen en wegschrijven {}, index en feeds {}, links {}, vastleggen {}",
        ms(tm.load),
        ms(tm.resolve),
        ms(tm.render),
        ms(tm.finish),
        ms(tm.check),
        ms(write_time)
    );
    println!(
        "bestanden: {} ({} bytes), waarvan {} gewijzigd ({} bytes), {} verwijderd",
        stats.files, stats.bytes, stats.written, stats.written_bytes, stats.removed
    );
    let mib = |k: u64| format!("{:.0} MiB", k as f64 / 1024.0);
    let memory: Vec<String> = tm
        .marks
        .iter()
        .map(|m| {
            format!(
                "{} {} (piek {})",
                m.stage,
                mib(m.resident_kib),
                mib(m.peak_kib)
            )
        })
        .collect();
    if !memory.is_empty() {
        println!("geheugen na: {}", memory.join(", "));
    }
    let walls = [
        tm.load, tm.resolve, tm.render, tm.finish, tm.check, write_time,
    ];
    let mut before = tm.cpu_before;
    let cpu: Vec<String> = tm
        .marks
        .iter()
        .zip(walls)
        .map(|(m, wall)| {
            let used = m.cpu.saturating_sub(before);
            before = m.cpu;
            let cores = used.as_secs_f64() / wall.as_secs_f64().max(1e-3);
            format!("{} {} ({cores:.1} kernen)", m.stage, ms(used))
        })
        .collect();
    if !cpu.is_empty() {
        println!("processortijd: {}", cpu.join(", "));
    }
    println!("front matter: {from_cache} bestanden uit de vorige build, {parsed} gelezen");
    for (kind, n, took) in &built.output.page_times {
        println!("  {kind}: {n} × in {} (processortijd)", ms(*took));
    }
}

/// `draaiboek check`: everything a build checks, writing nothing; with
/// `--update-urls` it records the published addresses, with `--external`
/// it also asks other sites for their links.
fn check_command(
    opts: &BuildOptions,
    external: bool,
    reference: Option<&std::path::Path>,
) -> ExitCode {
    let reference = match reference.map(draaiboek::check::copies::Reference::read) {
        Some(Err(e)) => {
            eprintln!("fout: {e}");
            return ExitCode::from(2);
        }
        Some(Ok(r)) => Some(r),
        None => None,
    };
    let built = build(opts);
    if let Ok(b) = &built {
        let diags = draaiboek::check::content(&b.site, reference.as_ref());
        let report = diags.into_report();
        if !report.is_empty() {
            eprint!("{}", report.render());
        }
        if report.diagnostics.iter().any(|d| !d.warning) {
            return ExitCode::from(1);
        }
        if let Some(r) = &reference {
            println!(
                "Geen overgenomen tekst: vergeleken met {} referentieteksten.",
                r.len()
            );
        }
    }
    match built {
        Ok(b) if opts.update_urls => {
            match draaiboek::finish::manifest::update(&opts.content, &b.urls) {
                Ok(dropped) => {
                    println!(
                        "{} adressen staan nu in {}.",
                        b.urls.len(),
                        opts.content
                            .join(draaiboek::finish::manifest::FILE)
                            .display()
                    );
                    for d in dropped {
                        println!("  niet meer gepubliceerd: {d}");
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("fout: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Ok(b) if external => {
            let diags = draaiboek::base::diagnostics::Collector::default();
            let n = draaiboek::check::external::check(&b.site, &diags);
            if diags.has_errors() {
                eprint!("{}", diags.into_report().render());
                return ExitCode::from(1);
            }
            println!("Alles in orde, ook de {n} externe links.");
            ExitCode::SUCCESS
        }
        Ok(b) => {
            println!(
                "Alles in orde: {} regio's, {} pagina's gecontroleerd; niets geschreven.",
                b.site.regions.len(),
                b.output.page_count()
            );
            let new = draaiboek::finish::manifest::first_published(&opts.content, &b.urls);
            if !new.is_empty() {
                println!(
                    "{} voor het eerst online en {} nog niet in {}: {}{}",
                    if new.len() == 1 {
                        "1 pagina komt".to_string()
                    } else {
                        format!("{} pagina's komen", new.len())
                    },
                    if new.len() == 1 { "staat" } else { "staan" },
                    draaiboek::finish::manifest::FILE,
                    new.iter().take(10).cloned().collect::<Vec<_>>().join(", "),
                    if new.len() > 10 { ", ..." } else { "" }
                );
                println!(
                    "Leg ze vast met `draaiboek check --update-urls`, dan meldt check het als een ervan later verdwijnt."
                );
            }
            ExitCode::SUCCESS
        }
        Err(report) => {
            eprint!("{}", report.render());
            ExitCode::from(1)
        }
    }
}

/// `draaiboek new <soort> <id>`.
fn new_content(what: NewWhat) -> ExitCode {
    use scaffold::What;
    let (what, args, kind) = match what {
        NewWhat::Region(a) => (What::Region, a, None),
        NewWhat::Partner { args, kind } => (What::Partner, args, kind),
        NewWhat::Theme(a) => (What::Theme, a, None),
        NewWhat::Step(a) => (What::Step, a, None),
        NewWhat::Element(a) => (What::Element, a, None),
        NewWhat::Page(a) => (What::Page, a, None),
        NewWhat::Programme(a) => (What::Programme, a, None),
    };
    let req = scaffold::Request {
        what,
        id: &args.id,
        title: args.title.as_deref(),
        kind: kind.as_deref(),
    };
    match scaffold::create(&args.content, &req) {
        Ok(made) => {
            println!("Nieuw bestand: {}", made.path.display());
            println!("{}", made.next);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("fout: {e}");
            ExitCode::from(if e.is_usage() { 2 } else { 1 })
        }
    }
}
