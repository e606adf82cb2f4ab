//! chainscore: a batch engine that assesses industrial investment promotion.
//!
//! Districts keep project registers and capital-in-place ledgers in spreadsheets.
//! The engine reads them into polars frames, scores every project on investment
//! intensity, output efficiency, technology content and industrial relevance with
//! TOML-configured weights, rolls the scores up to districts together with
//! capital-in-place target completion, ranks both, and writes a ranked workbook.
//!
//! Data flows one way, and so do the imports: each module below uses only modules
//! listed before it (`tests/layers.rs` checks this on every `cargo test`).
//!
//! - Leaves, which know nothing of the pipeline: [`text`], [`period`],
//!   [`columns`] (canonical and internal column names), [`i18n`] (every word a
//!   person reads, in Chinese and English), [`error`], [`frames`] (expression
//!   helpers), [`files`], [`issues`] (located issues and per-file accounting), [`log`].
//! - [`config`]: the raw TOML shape, layers and `extends`, the checked model.
//! - The stages, in pipeline order: [`read`] → [`validate`] → [`derive`] (built-ins,
//!   indicators' raw values, checks) → [`normalise`] → [`aggregate`] (dimensions and
//!   totals) → [`rank`] → [`district`] and [`chain`] (roll-ups), wired by [`pipeline`] into a
//!   [`pipeline::Scored`] run, which [`write`] turns into the workbook and sidecars.
//! - [`analysis`]: what is computed from a scored run (explain).
//! - [`cmd`]: one module per subcommand, and [`cli`], the command line.
//!
//! Each stage is a function of frames and config, testable without files.

pub mod columns;
pub mod error;
pub(crate) mod files;
pub mod frames;
pub mod i18n;
pub mod issues;
pub mod log;
pub mod period;
pub(crate) mod text;

pub mod config;

pub mod aggregate;
pub(crate) mod chain;
pub(crate) mod derive;
pub mod diagnostics;
pub(crate) mod district;
pub mod normalise;
pub mod panorama;
pub mod pipeline;
pub(crate) mod rank;
pub mod read;
pub mod tracking;
pub mod validate;
pub mod write;

pub(crate) mod analysis;

pub mod cli;
pub(crate) mod cmd;

pub use error::{Error, Result};
pub use text::printable;
