//! What the browser tests need: Debian's Chromium, node and the packages in
//! tests/browser. Without them a test says so and is skipped, except under
//! `CI=true`, where a missing tool is a failure.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub const CHROMIUM: &str = "/usr/bin/chromium";

/// `true` when the tool is there; otherwise skips (or fails under CI).
pub fn have(what: &str, present: bool, install: &str) -> bool {
    if present {
        return true;
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    assert!(
        !ci,
        "{what} is missing under CI=true; install it: {install}"
    );
    // Written past the test harness's capture, so it shows in the output.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED: {what} not found; install it with: {install}"
    );
    false
}

pub fn on_path(cmd: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {cmd}"))
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

pub fn browser_dir() -> PathBuf {
    super::repo().join("tests").join("browser")
}

pub fn browser_ready() -> bool {
    have(
        "chromium",
        Path::new(CHROMIUM).exists(),
        "apt-get install chromium",
    ) & have("node", on_path("node"), "apt-get install nodejs npm")
        & have(
            "the browser test packages",
            browser_dir().join("node_modules/playwright-core").exists(),
            "cd tests/browser && npm ci",
        )
}

/// One look at a page as a reader gets it: at `width` px, after clicking
/// `click` (CSS selectors, in order), the value of `probe`, a JavaScript
/// expression evaluated in the page.
pub struct Look<'a> {
    pub path: &'a str,
    pub width: u32,
    pub click: &'a [&'a str],
    pub probe: &'a str,
}

/// Serves the built site at `root` and takes every look in Chromium;
/// `None` when the browser is not there (and not required). Each result
/// is the probe's value, or `{"error": ...}`; every page's failed
/// requests (a status of 400 or more) are in `"failed"` beside it.
pub fn look(root: &Path, looks: &[Look]) -> Option<Vec<serde_json::Value>> {
    look_via(root, None, looks)
}

/// The same looks at a server that already runs (`draaiboek serve` at
/// `base`, such as `http://127.0.0.1:1111`); `scratch` holds the plan.
pub fn look_at(base: &str, scratch: &Path, looks: &[Look]) -> Option<Vec<serde_json::Value>> {
    look_via(scratch, Some(base), looks)
}

fn look_via(root: &Path, base: Option<&str>, looks: &[Look]) -> Option<Vec<serde_json::Value>> {
    if !browser_ready() {
        return None;
    }
    let plan = serde_json::json!({
        "base": base,
        "root": root,
        "chromium": CHROMIUM,
        "looks": looks.iter().map(|l| serde_json::json!({
            "path": l.path, "width": l.width, "click": l.click, "probe": l.probe,
        })).collect::<Vec<_>>(),
    });
    let plan_file = root.with_extension("look.json");
    std::fs::write(&plan_file, plan.to_string()).expect("write plan");
    let out = Command::new("node")
        .arg(browser_dir().join("look.mjs"))
        .arg(&plan_file)
        .current_dir(browser_dir())
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let results: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap_or_else(|_| {
        panic!(
            "browser look crashed:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    Some(results)
}
