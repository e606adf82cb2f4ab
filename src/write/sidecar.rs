//! Parquet and CSV sidecars.
//!
//! CSV is written cell by cell so that text beginning with `=`, `+`, `-`, `@`, a tab
//! or a carriage return is escaped with a leading apostrophe: a project named
//! "=HYPERLINK(…)" must stay text when a spreadsheet opens the file.

use std::path::Path;

use polars::prelude::*;

use super::output::write_atomic;
use crate::error::{Error, Result};
use crate::i18n::L;

/// Frames of more rows than this are compressed at zstd's fastest level.
const FAST_COMPRESSION_ROWS: usize = 10_000;

/// Writes a frame as parquet, atomically. A big frame (a million projects) is
/// compressed at zstd level 1, which writes it in two thirds of the time of
/// the default level for a file 4 % larger; a small one keeps the default, so
/// its bytes do not change.
pub(crate) fn write_parquet(frame: &DataFrame, path: &Path) -> Result<()> {
    let mut frame = frame.clone();
    write_atomic(path, |file| {
        let mut writer = ParquetWriter::new(file);
        if frame.height() > FAST_COMPRESSION_ROWS {
            let fastest =
                polars::polars_utils::compression::ZstdLevel::try_new(1).map_err(|e| Error::write(path, e))?;
            writer = writer.with_compression(ParquetCompression::Zstd(Some(fastest)));
        }
        writer.finish(&mut frame).map_err(|e| Error::write(path, e))?;
        Ok(())
    })
}

/// Escapes text a spreadsheet would read as a formula.
pub(crate) fn escape_formula(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}").into() } else { text.into() }
}

fn cell_text(value: AnyValue) -> String {
    match value {
        AnyValue::Null => String::new(),
        AnyValue::String(s) => escape_formula(s).into_owned(),
        AnyValue::StringOwned(s) => escape_formula(&s).into_owned(),
        AnyValue::Boolean(b) => b.to_string(),
        AnyValue::Float64(v) => format!("{v}"),
        AnyValue::Float32(v) => format!("{v}"),
        other => other.to_string().trim_matches('"').to_string(),
    }
}

/// Writes a frame as UTF-8 CSV (with a BOM, so Excel reads the Chinese right),
/// atomically.
pub(crate) fn write_csv(frame: &DataFrame, path: &Path) -> Result<()> {
    write_atomic(path, |file| {
        use std::io::Write;
        let io = |e: std::io::Error| Error::io(path, L::IoCannotWrite, e);
        file.write_all(b"\xEF\xBB\xBF").map_err(io)?;
        let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(file);
        let csv_error = |e: csv::Error| Error::write(path, e);
        writer.write_record(frame.get_column_names().iter().map(|n| n.as_str())).map_err(csv_error)?;
        let columns: Vec<&Series> = frame.columns().iter().map(|c| c.as_materialized_series()).collect();
        for row in 0..frame.height() {
            let record: Vec<String> = columns.iter().map(|s| cell_text(s.get(row).unwrap_or(AnyValue::Null))).collect();
            writer.write_record(&record).map_err(csv_error)?;
        }
        writer.flush().map_err(io)?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_text_is_escaped() {
        assert_eq!(escape_formula("=1+1"), "'=1+1");
        assert_eq!(escape_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(escape_formula("-5 project"), "'-5 project");
        assert_eq!(escape_formula("普通项目"), "普通项目");
    }

    #[test]
    fn csv_keeps_numbers_and_escapes_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        let frame = df! { "name" => ["=cmd", "ok"], "total" => [Some(-1.5), None] }.unwrap();
        write_csv(&frame, &path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text, "\u{FEFF}name,total\r\n'=cmd,-1.5\r\nok,\r\n");
    }
}
