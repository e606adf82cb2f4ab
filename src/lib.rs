//! chainscore: a batch engine that assesses industrial investment promotion.
//!
//! Districts keep project registers and capital-in-place ledgers in spreadsheets.
//! The engine reads them into polars frames, scores every project on investment
//! intensity, output efficiency, technology content and industrial relevance with
//! TOML-configured weights, rolls the scores up to districts together with
//! capital-in-place target completion, ranks both, and writes a ranked workbook.
//!
//! Data flows one way, one module per stage:
//! [`config`] → [`ingest`] (read) → [`validate`] → [`indicators`] (derive) →
//! [`normalise`] → [`score`] (aggregate) → [`rank`] → [`district`] → [`report`],
//! wired together by [`pipeline`].
//! Each stage is a function of frames and config, testable without files; the
//! subcommands in [`cmd`] wire them together.

pub mod cli;
pub mod cmd;
pub mod config;
pub mod district;
pub mod error;
pub mod frames;
pub mod indicators;
pub mod ingest;
pub mod issues;
pub mod log;
pub mod normalise;
pub mod period;
pub mod pipeline;
pub mod rank;
pub mod report;
pub mod score;
pub mod text;
pub mod validate;

pub use error::{Error, Result};
