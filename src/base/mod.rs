//! The ground floor: what every stage of the build shares, and nothing
//! that belongs to one of them. It imports no other module of the crate
//! (checked by `tests/architecture.rs`), so every stage can use it.
//!
//! - [`model`]: the typed content model, exactly what editors may write;
//! - [`diagnostics`]: problems with file, place, expectation and hint;
//! - [`slug`]: slugs and anchors made from text;
//! - [`files`]: opening content files safely, and absolute paths;
//! - [`io_threads`]: many small reads and `stat`s at once;
//! - [`interrupt`]: Ctrl-C and SIGTERM during a build.

pub mod diagnostics;
pub mod files;
pub mod html;
pub mod interrupt;
pub mod io_threads;
pub mod model;
pub mod output;
pub mod paths;
pub mod slug;
pub mod translations;
pub mod urls;
