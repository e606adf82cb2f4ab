//! One module per subcommand. Each turns its arguments into calls of the pipeline
//! stages and prints or writes the result; none holds pipeline logic of its own.

pub mod explain;
pub mod score;
pub mod validate;

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
