//! Test fixtures: a fluent `Test` builder that runs the binary and checks its exit
//! code and output, and a `Workdir` holding files a test writes (workbooks made with
//! rust_xlsxwriter, configs).

#![allow(dead_code)]

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use polars::prelude::{DataFrame, DataType, ParquetReader, SerReader};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// The repository root (where `config/default.toml` and `fixtures/` are).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One run of the binary and what it must do. Nothing runs until [`Test::run`]:
/// a builder left unrun is a test that checks nothing, hence `must_use`.
#[must_use]
pub struct Test {
    args: Vec<OsString>,
    envs: Vec<(String, String)>,
    dir: PathBuf,
    code: i32,
    stdout: Vec<String>,
    stderr: Vec<String>,
    stdout_not: Vec<String>,
    stderr_not: Vec<String>,
}

/// What a run printed.
#[derive(Debug)]
pub struct Outcome {
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Outcome {
    /// Standard output parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

impl Test {
    /// A run from the repository root that must exit 0.
    pub fn new() -> Test {
        Test {
            args: Vec::new(),
            envs: Vec::new(),
            dir: root(),
            code: 0,
            stdout: Vec::new(),
            stderr: Vec::new(),
            stdout_not: Vec::new(),
            stderr_not: Vec::new(),
        }
    }

    /// Sets an environment variable of the run.
    pub fn env(mut self, key: &str, value: &str) -> Test {
        self.envs.push((key.to_string(), value.to_string()));
        self
    }

    /// Runs in another folder.
    pub fn current_dir(mut self, dir: impl Into<PathBuf>) -> Test {
        self.dir = dir.into();
        self
    }

    /// Adds an argument.
    pub fn arg(mut self, arg: impl Into<OsString>) -> Test {
        self.args.push(arg.into());
        self
    }

    /// Adds arguments.
    pub fn args<I: IntoIterator<Item = S>, S: Into<OsString>>(mut self, args: I) -> Test {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// The exit code the run must end with.
    pub fn code(mut self, code: i32) -> Test {
        self.code = code;
        self
    }

    /// Text stdout must contain.
    pub fn stdout_has(mut self, text: &str) -> Test {
        self.stdout.push(text.to_string());
        self
    }

    /// Text stderr must contain.
    pub fn stderr_has(mut self, text: &str) -> Test {
        self.stderr.push(text.to_string());
        self
    }

    /// Text stdout must not contain.
    pub fn stdout_lacks(mut self, text: &str) -> Test {
        self.stdout_not.push(text.to_string());
        self
    }

    /// Text stderr must not contain.
    pub fn stderr_lacks(mut self, text: &str) -> Test {
        self.stderr_not.push(text.to_string());
        self
    }

    /// Runs and checks; returns what was printed. A failure points at the test's
    /// line, not this one.
    #[track_caller]
    pub fn run(self) -> Outcome {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_chainscore"))
            .current_dir(&self.dir)
            .envs(self.envs.iter().map(|(k, v)| (k, v)))
            .args(&self.args)
            .output()
            .expect("binary runs");
        let outcome = Outcome {
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        let code = output.status.code().unwrap_or(-1);
        assert_eq!(
            code, self.code,
            "exit code of {:?}\nstdout:\n{}\nstderr:\n{}",
            self.args, outcome.stdout, outcome.stderr
        );
        for text in &self.stdout {
            assert!(outcome.stdout.contains(text), "stdout lacks {text:?}:\n{}", outcome.stdout);
        }
        for text in &self.stderr {
            assert!(outcome.stderr.contains(text), "stderr lacks {text:?}:\n{}", outcome.stderr);
        }
        for text in &self.stdout_not {
            assert!(!outcome.stdout.contains(text), "stdout has {text:?}:\n{}", outcome.stdout);
        }
        for text in &self.stderr_not {
            assert!(!outcome.stderr.contains(text), "stderr has {text:?}:\n{}", outcome.stderr);
        }
        outcome
    }
}

/// A cell value for workbooks written by tests.
#[derive(Clone, Debug)]
pub enum Value {
    /// Text.
    Text(&'static str),
    /// A number.
    Number(f64),
    /// A date-formatted cell.
    Date(u16, u8, u8),
    /// Nothing.
    Blank,
}

/// Shorthand for a row of text cells ("" is blank).
pub fn texts(cells: &[&'static str]) -> Vec<Value> {
    cells.iter().map(|c| if c.is_empty() { Value::Blank } else { Value::Text(c) }).collect()
}

/// A register of `n` projects of one district and chain, as CSV, with totals
/// spread out (and a few equal); with `negative_jobs`, each has a job count of
/// -1 (a warning).
pub fn big_register(work: &Workdir, n: usize, negative_jobs: bool) -> PathBuf {
    let mut text = String::from(
        "project_id,project_name,district,chain,signed_on,total_investment,fixed_asset_investment,land_area,annual_output,annual_tax,patents,jobs\n",
    );
    let jobs = if negative_jobs { "-1" } else { "" };
    for i in 0..n {
        text.push_str(&format!(
            "P{i:06},项目{i},wuhua,biomedicine,2021-{:02}-15,{},{},{},{},{},{},{jobs}\n",
            i % 12 + 1,
            1000 + i % 997,
            800 + i % 613,
            5 + i % 40,
            2000 + i % 1999,
            50 + i % 77,
            i % 9
        ));
    }
    work.write("big.csv", &text)
}

/// A temporary folder of files written by one test.
pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    /// A new empty folder.
    pub fn new() -> Workdir {
        Workdir { dir: tempfile::tempdir().expect("temp dir") }
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the folder.
    pub fn join(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a text file.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Writes a config that extends the repository's default config.
    pub fn config(&self, name: &str, body: &str) -> PathBuf {
        let default = root().join("config/default.toml");
        self.write(name, &format!("extends = {:?}\n{body}", default.to_string_lossy()))
    }

    /// Writes an .xlsx with one sheet of rows; `merges` are (first_row, first_col,
    /// last_row, last_col, text), 0-based.
    pub fn xlsx(&self, name: &str, sheet: &str, rows: &[Vec<Value>], merges: &[(u32, u16, u32, u16, &str)]) -> PathBuf {
        let path = self.join(name);
        let mut workbook = Workbook::new();
        let date_format = Format::new().set_num_format("yyyy-mm-dd");
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(sheet).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match value {
                    Value::Text(t) => {
                        worksheet.write_string(r, c, *t).unwrap();
                    }
                    Value::Number(n) => {
                        worksheet.write_number(r, c, *n).unwrap();
                    }
                    Value::Date(y, m, d) => {
                        worksheet
                            .write_datetime_with_format(
                                r,
                                c,
                                ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                                &date_format,
                            )
                            .unwrap();
                    }
                    Value::Blank => {}
                }
            }
        }
        for (r0, c0, r1, c1, text) in merges {
            worksheet.merge_range(*r0, *c0, *r1, *c1, text, &Format::new()).unwrap();
        }
        workbook.save(&path).unwrap();
        path
    }
}

/// Reads a parquet file the run wrote.
pub fn read_parquet(path: &Path) -> DataFrame {
    ParquetReader::new(std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .finish()
        .unwrap()
}

/// A column as numbers (nulls as `None`).
pub fn numbers(frame: &DataFrame, name: &str) -> Vec<Option<f64>> {
    frame.column(name).unwrap().cast(&DataType::Float64).unwrap().f64().unwrap().iter().collect()
}

/// A column as text (nulls as `None`).
pub fn strings(frame: &DataFrame, name: &str) -> Vec<Option<String>> {
    frame
        .column(name)
        .unwrap()
        .cast(&DataType::String)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|v| v.map(str::to_string))
        .collect()
}

/// A column as text, nulls shown as `∅` (for comparing with literals).
pub fn texts_of(frame: &DataFrame, name: &str) -> Vec<String> {
    strings(frame, name).into_iter().map(|v| v.unwrap_or_else(|| "∅".to_string())).collect()
}

/// The period folder a `score --out OUT` run wrote (`OUT/2022Q4`): the one
/// subfolder of `out` that is not hidden.
#[track_caller]
pub fn period_dir(out: &Path) -> PathBuf {
    let folders: Vec<PathBuf> = std::fs::read_dir(out)
        .unwrap_or_else(|e| panic!("{}: {e}", out.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    assert_eq!(folders.len(), 1, "one period folder in {}: {folders:?}", out.display());
    folders.into_iter().next().unwrap()
}
