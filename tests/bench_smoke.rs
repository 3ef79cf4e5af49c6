//! The build benchmark (`benches/bench.sh`) still runs: the shared corpus
//! at N = 100 is generated, built, counted and summarised. With the debug
//! binary, so this says nothing about speed; the figures come from running
//! the script by hand (README, "Benchmark").

mod common;

use std::process::Command;

#[test]
fn benchmark_script_smoke_run() {
    let out = Command::new("bash")
        .arg(common::repo().join("benches/bench.sh"))
        .arg("--smoke")
        .env("DRAAIBOEK_BIN", env!("CARGO_BIN_EXE_draaiboek"))
        .env_remove("BENCH_DIR")
        .output()
        .expect("run benches/bench.sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "bench.sh --smoke failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("smoke: ok"), "{stdout}");
    // The table has a row for N = 100 with the pages written.
    let row = stdout
        .lines()
        .find(|l| l.starts_with("| 100 | rebuild"))
        .unwrap_or_else(|| panic!("no result row:\n{stdout}"));
    let pages: Vec<u32> = row
        .split('|')
        .filter_map(|c| c.trim().parse().ok())
        .collect();
    assert!(
        pages.iter().any(|&n| n > 200),
        "fewer pages than the 100 regions make: {row}"
    );
}
