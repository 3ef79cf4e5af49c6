//! The checking stage: what a build must prove about the rendered site
//! before it is written. Every link in editors' Markdown resolves to a
//! file and anchor the site has, and no old address (`aliases:`) takes the
//! place of one ([`links`]); with `check --external`, links to other sites
//! answer ([`external`]).

pub mod external;
pub mod links;
