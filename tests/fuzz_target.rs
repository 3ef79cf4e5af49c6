//! The fuzz target (fuzz/, its own workspace, needs nightly to run) is not
//! built by `cargo test`. This checks that it still compiles against the
//! library, so a change of the library's API cannot break it unnoticed.

use std::path::Path;
use std::process::Command;

#[test]
fn fuzz_target_compiles_against_the_library() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO"))
        .args(["check", "--locked", "--quiet", "--manifest-path"])
        .arg(repo.join("fuzz/Cargo.toml"))
        .arg("--target-dir")
        .arg(repo.join("target/fuzz-check"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "the fuzz target no longer compiles:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
