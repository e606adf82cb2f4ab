//! The one integration test binary: end-to-end tests that run `chainscore` on
//! fixtures and read its output back, and library tests on real workbook files.

mod support;

mod compare;
mod config_errors;
mod cron;
mod history;
mod hostile;
mod ingest;
mod init;
mod invariants;
mod language;
mod layers;
mod properties;
mod score;
mod sensitivity;
mod validate;
mod weights;
mod what_if;
mod workbook;
