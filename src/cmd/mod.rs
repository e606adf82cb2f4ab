//! One module per subcommand. Each turns its arguments into calls of the pipeline
//! stages and prints or writes the result; none holds pipeline logic of its own.

pub mod explain;
pub mod score;
pub mod validate;

/// Writes a command's result to stdout. A reader that has gone (`| head`) ends the
/// output quietly instead of failing the run: the outputs are already written.
pub fn emit(text: &str) -> crate::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(crate::Error::io(std::path::Path::new("<stdout>"), "cannot write", e))
        }
        _ => Ok(()),
    }
}

/// Terminal display width of text (CJK characters take two columns).
pub fn display_width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// Pads text with spaces to a display width.
pub fn pad(text: &str, width: usize) -> String {
    let w = display_width(text);
    if w >= width { text.to_string() } else { format!("{text}{}", " ".repeat(width - w)) }
}

/// Formats rows as an aligned table with a header; the last column is not padded.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let columns = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| display_width(h)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(display_width(cell));
        }
    }
    let mut out = String::new();
    let mut line = |cells: Vec<String>| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == columns {
                text.push_str(cell);
            } else {
                text.push_str(&pad(cell, widths[i]));
                text.push_str("  ");
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(header.iter().map(|h| h.to_string()).collect());
    for row in rows {
        line(row.clone());
    }
    out
}
