//! Analyses of a scored run, above the pipeline and below the commands: today
//! `explain`; the comparisons, sensitivity and baselines of later issues join here.

pub(crate) mod explain;
