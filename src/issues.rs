//! Issues (what is wrong with which cell or row) and the per-file accounting that
//! proves no row was lost.

use serde::Serialize;

use crate::error::InputPlace;
use crate::i18n::{Cx, L, Msg, Say};

/// How serious an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing was lost (a blank row, a correction kept).
    Info,
    /// A value was not usable and was treated as missing or defaulted.
    Warning,
    /// A row could not be used and was skipped.
    Error,
}

impl Severity {
    /// The key, as JSON and sidecars write it.
    pub(crate) fn as_str(&self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The word a person reads.
    pub(crate) fn label(&self) -> L {
        match self {
            Severity::Info => L::SevInfo,
            Severity::Warning => L::SevWarning,
            Severity::Error => L::SevError,
        }
    }
}

/// What was done about an issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The row was skipped.
    RowSkipped,
    /// The value was treated as missing.
    TreatedAsMissing,
    /// The indicator map's default was used.
    DefaultUsed,
    /// The row was kept as it is.
    Kept,
    /// The project was listed but not scored.
    NotScored,
    /// Nothing was changed.
    None,
}

impl Action {
    /// The key, as JSON and sidecars write it.
    pub(crate) fn as_str(&self) -> &'static str {
        match self {
            Action::RowSkipped => "row_skipped",
            Action::TreatedAsMissing => "treated_as_missing",
            Action::DefaultUsed => "default_used",
            Action::Kept => "kept",
            Action::NotScored => "not_scored",
            Action::None => "none",
        }
    }

    /// The words a person reads.
    pub(crate) fn label(&self) -> L {
        match self {
            Action::RowSkipped => L::ActRowSkipped,
            Action::TreatedAsMissing => L::ActTreatedAsMissing,
            Action::DefaultUsed => L::ActDefaultUsed,
            Action::Kept => L::ActKept,
            Action::NotScored => L::ActNotScored,
            Action::None => L::ActNone,
        }
    }
}

/// What a scoring-stage note is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A project, by id.
    Project(String),
    /// A district, by key.
    District(String),
}

/// A note a scoring stage raises about one project or district. The stages know
/// ids, not files: the pipeline locates each note (file, sheet, row) once and
/// turns it into an [`Issue`].
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// The project or district.
    pub subject: Subject,
    /// Severity.
    pub severity: Severity,
    /// What happened.
    pub message: Msg,
    /// What was done.
    pub action: Action,
}

impl Note {
    /// The project concerned, if the note is about a project.
    pub(crate) fn project_id(&self) -> Option<&str> {
        match &self.subject {
            Subject::Project(id) => Some(id),
            Subject::District(_) => None,
        }
    }
}

/// One problem found in the inputs (or in scoring them), with its exact place.
/// Its message is held as a kind and its arguments, and rendered in the run's
/// language only where a person reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// Severity.
    pub severity: Severity,
    /// The file ("config" for targets written in the config).
    pub file: String,
    /// The sheet.
    pub sheet: Option<String>,
    /// The 1-based row a spreadsheet shows.
    pub row: Option<u32>,
    /// The last row of a run of rows with the same issue (blank rows, a 序号
    /// column dragged down), when there is more than one.
    pub last_row: Option<u32>,
    /// The column: letter and header as written.
    pub column: Option<String>,
    /// The project concerned.
    pub project_id: Option<String>,
    /// What is wrong.
    pub message: Msg,
    /// What was done.
    pub action: Action,
}

impl Issue {
    /// The place as one phrase: `file，工作表“s”，第 7 行，F 列（总投资）`, the
    /// same words an error about a whole file uses ([`InputPlace`]).
    pub fn place(&self, cx: Cx<'_>) -> String {
        InputPlace {
            file: self.file.clone().into(),
            sheet: self.sheet.clone(),
            row: self.row,
            column: self.column.clone(),
        }
        .render(cx)
    }
}

/// The issues in the order the Issues sheet and its sidecar list them: errors
/// first, then warnings, then infos, each in file and row order (stable).
pub(crate) fn in_sheet_order(issues: &[Issue]) -> Vec<&Issue> {
    let mut sorted: Vec<&Issue> = issues.iter().collect();
    sorted.sort_by_key(|i| std::cmp::Reverse(i.severity));
    sorted
}

/// Sorts issues for display: by file order given, then row, then column, keeping
/// the order of discovery otherwise (stable).
pub(crate) fn sort_issues(issues: &mut [Issue], file_order: &[String]) {
    // Each issue's file looked up once, not in every comparison (a run can
    // raise a hundred thousand issues).
    let position = |file: &str| file_order.iter().position(|f| f == file).unwrap_or(usize::MAX);
    issues.sort_by_cached_key(|issue| (position(&issue.file), issue.row.unwrap_or(0), issue.column.clone()));
}

/// Counts of issues by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct IssueCounts {
    /// Errors.
    pub error: usize,
    /// Warnings.
    pub warning: usize,
    /// Infos.
    pub info: usize,
}

impl IssueCounts {
    /// Counts a list.
    pub(crate) fn of(issues: &[Issue]) -> IssueCounts {
        let mut counts = IssueCounts::default();
        for issue in issues {
            match issue.severity {
                Severity::Error => counts.error += 1,
                Severity::Warning => counts.warning += 1,
                Severity::Info => counts.info += 1,
            }
        }
        counts
    }
}

/// Where every row of one input file ended up:
/// `read = used + exempt + out_of_scope + skipped`. For project registers "used" means scored; for ledgers, counted in
/// capital; for targets, applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Accounting {
    /// The file.
    pub file: String,
    /// The sheet.
    pub sheet: Option<String>,
    /// Which kind of input.
    pub kind: crate::columns::InputKind,
    /// Rows below the header up to the last non-empty one.
    pub read: u32,
    /// Rows used (projects: scored).
    pub used: u32,
    /// Projects listed but exempt from scoring.
    pub exempt: u32,
    /// Rows outside the period or of projects out of scope.
    pub out_of_scope: u32,
    /// Rows skipped, each with an issue.
    pub skipped: u32,
}

impl Accounting {
    /// True when the four places add up to the rows read.
    pub(crate) fn balances(&self) -> bool {
        self.read == self.used + self.exempt + self.out_of_scope + self.skipped
    }

    /// One line: `读入 42 = 评分 38 + 范围外 2 + 跳过 2`. `project_word`
    /// names the used projects (scored after scoring, accepted by validate).
    pub(crate) fn line(&self, cx: Cx<'_>, project_word: L) -> String {
        let used_word = match self.kind {
            crate::columns::InputKind::Projects => project_word,
            crate::columns::InputKind::Capital => L::UsedCounted,
            crate::columns::InputKind::Targets => L::UsedApplied,
            crate::columns::InputKind::Operations => L::UsedCompared,
        };
        let (read, used, out, skipped) = (self.read, self.used, self.out_of_scope, self.skipped);
        if self.exempt > 0 {
            cx.say(&Say::AccountingExempt { read, used_word, used, exempt: self.exempt, out, skipped })
        } else {
            cx.say(&Say::Accounting { read, used_word, used, out, skipped })
        }
    }
}
