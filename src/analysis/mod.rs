//! Analyses of a scored run, above the pipeline and below the commands: `explain`
//! one project, re-score with other weights (`engine`), how robust the ranking is
//! (`sensitivity`), what changed between two scorings (`compare`), and what it
//! would take to move up a tier (`what_if`). `stats` holds the published
//! estimators they report.

pub(crate) mod compare;
pub(crate) mod engine;
pub(crate) mod explain;
pub(crate) mod history;
pub(crate) mod objective;
pub(crate) mod sensitivity;
pub(crate) mod stats;
pub(crate) mod what_if;
