//! An HTML table saved under a workbook's name, read as a sheet.
//!
//! Many web systems "export to Excel" by writing their page's `<table>` to a
//! file called `.xls`; Excel opens it (with a warning) and so must we. Such
//! pages are rarely well-formed XML — end tags left out as HTML allows, `<br>`
//! without a slash, attributes without quotes, `R&D` with a bare ampersand —
//! so they are not given to an XML parser: a small tag scanner finds the
//! table's rows and cells, and the text between tags is the cell's, with
//! entities decoded and white space folded as a browser shows it. `colspan`
//! and `rowspan` become merged regions, filled like a workbook's.
//!
//! One table is read. A page of several (a layout table around the data, or
//! one table per district) is refused with each table named by its caption or
//! first cell: which one is the register is a person's call.

use super::cells::Cell;
use super::grid::{CellBudget, Grid, GridRow, MergedRegion};

/// The spans HTML allows at most (colspan 1000, rowspan 65534).
const MAX_COLSPAN: u32 = 1000;
const MAX_ROWSPAN: u32 = 65_534;

/// What a page holds: one table as a grid, or the names of its tables.
pub(crate) enum Page {
    /// The one table, with the merged regions of its spans (0-based).
    Table(Grid, Vec<MergedRegion>),
    /// No table at all.
    NoTable,
    /// Several tables: a short name of each (its caption or first cell).
    Tables(Vec<String>),
}

/// A tag: its lower-case name, whether it closes, and its attribute text.
struct Tag<'a> {
    name: String,
    closing: bool,
    attributes: &'a str,
}

/// The tags and text of a page, in order.
enum Token<'a> {
    Tag(Tag<'a>),
    Text(&'a str),
}

/// Splits a page into tags and text; comments, `<!…>` and `<?…>` dropped, and
/// the text of `<script>` and `<style>` skipped whole.
fn tokens(page: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    let bytes = page.as_bytes();
    while at < page.len() {
        let Some(open) = page[at..].find('<').map(|i| at + i) else {
            out.push(Token::Text(&page[at..]));
            break;
        };
        if open > at {
            out.push(Token::Text(&page[at..open]));
        }
        if page[open..].starts_with("<!--") {
            at = page[open..].find("-->").map(|i| open + i + 3).unwrap_or(page.len());
            continue;
        }
        let next = bytes.get(open + 1).copied().unwrap_or(b' ');
        if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!' || next == b'?') {
            // A bare `<` in text ("a < b").
            out.push(Token::Text(&page[open..open + 1]));
            at = open + 1;
            continue;
        }
        // The tag ends at the first `>` outside quotes.
        let mut end = open + 1;
        let mut quote: Option<u8> = None;
        while end < bytes.len() {
            match (quote, bytes[end]) {
                (Some(q), b) if b == q => quote = None,
                (None, b'"' | b'\'') => quote = Some(bytes[end]),
                (None, b'>') => break,
                _ => {}
            }
            end += 1;
        }
        let inner = &page[open + 1..end.min(page.len())];
        at = (end + 1).min(page.len());
        if inner.starts_with('!') || inner.starts_with('?') {
            continue;
        }
        let closing = inner.starts_with('/');
        let body = inner.trim_start_matches('/');
        let name_len = body.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(body.len());
        let name = body[..name_len].to_ascii_lowercase();
        let attributes = &body[name_len..];
        if !closing && (name == "script" || name == "style") {
            let close = format!("</{name}");
            at = page[at..].to_ascii_lowercase().find(&close).map(|i| at + i).unwrap_or(page.len());
            continue;
        }
        out.push(Token::Tag(Tag { name, closing, attributes }));
    }
    out
}

/// A whole-number attribute (`colspan=2`, `rowspan="3"`), 1 when absent or odd.
fn span(attributes: &str, name: &str, max: u32) -> u32 {
    let lower = attributes.to_ascii_lowercase();
    let Some(at) = lower.find(name) else {
        return 1;
    };
    let rest = lower[at + name.len()..].trim_start();
    let Some(rest) = rest.strip_prefix('=') else {
        return 1;
    };
    let digits: String =
        rest.trim_start().trim_start_matches(['"', '\'']).chars().take_while(char::is_ascii_digit).take(6).collect();
    digits.parse::<u32>().unwrap_or(1).clamp(1, max)
}

/// Text with its entities decoded (the common named ones and numeric ones;
/// an unknown or bare `&` kept as written).
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '#')).map(|e| e + 1);
        let decoded = end.filter(|&e| rest[e..].starts_with(';')).and_then(|e| {
            let name = &rest[1..e];
            let ch = match name {
                "nbsp" => Some('\u{A0}'),
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "yen" => Some('¥'),
                "times" => Some('×'),
                _ if name.starts_with("#x") || name.starts_with("#X") => {
                    u32::from_str_radix(&name[2..], 16).ok().and_then(char::from_u32)
                }
                _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            ch.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A cell's text as a browser shows it: white space runs folded to one
/// space, `<br>` a line break, no-break spaces plain spaces, trimmed.
fn folded(parts: &str) -> String {
    let text = decode_entities(parts).replace('\u{A0}', " ");
    text.split('\n')
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads a page's one table. Every cell counts against the sheet's budget.
pub(crate) fn read(page: &str, budget: &mut CellBudget) -> crate::error::Result<Page> {
    let tokens = tokens(page);
    let mut tables: Vec<String> = Vec::new();
    let mut depth = 0usize;
    // Each table's caption, else its first cell's text.
    let mut naming: Option<String> = None;
    let mut in_caption = false;
    let mut caption = String::new();
    for token in &tokens {
        match token {
            Token::Tag(tag) if tag.name == "table" && !tag.closing => {
                depth += 1;
                tables.push(String::new());
                naming = Some(String::new());
            }
            Token::Tag(tag) if tag.name == "table" => depth = depth.saturating_sub(1),
            Token::Tag(tag) if tag.name == "caption" => {
                in_caption = !tag.closing;
                if tag.closing
                    && !caption.trim().is_empty()
                    && let Some(last) = tables.last_mut()
                {
                    *last = folded(&caption);
                    naming = None;
                }
                caption.clear();
            }
            Token::Text(text) if in_caption => caption.push_str(text),
            Token::Text(text) if depth > 0 && naming.is_some() && !text.trim().is_empty() => {
                let name = folded(text);
                if let Some(last) = tables.last_mut() {
                    *last = name.chars().take(30).collect();
                }
                naming = None;
            }
            _ => {}
        }
    }
    match tables.len() {
        0 => return Ok(Page::NoTable),
        1 => {}
        _ => return Ok(Page::Tables(tables)),
    }
    // The rows of the one table.
    let mut rows: Vec<GridRow> = Vec::new();
    let mut regions: Vec<MergedRegion> = Vec::new();
    // Cells taken by a rowspan from above: (row, column) 0-based.
    let mut taken: std::collections::HashSet<(u32, u32)> = std::collections::HashSet::new();
    let mut row: Option<u32> = None;
    let mut next_row = 0u32;
    let mut col = 0u32;
    let mut cell: Option<(u32, u32, String)> = None;
    let mut inside = false;
    let finish_cell = |row: u32, cell: &mut Option<(u32, u32, String)>, rows: &mut Vec<GridRow>| {
        if let Some((column, _, text)) = cell.take() {
            let text = folded(&text);
            if !text.is_empty() {
                if rows.last().is_none_or(|r| r.number != row + 1) {
                    rows.push(GridRow { number: row + 1, cells: Vec::new() });
                }
                if let Some(last) = rows.last_mut() {
                    last.cells.push((column, Cell::Text(text)));
                }
            }
        }
    };
    for token in &tokens {
        match token {
            Token::Tag(tag) if tag.name == "table" => inside = !tag.closing,
            _ if !inside => {}
            Token::Tag(tag) if tag.name == "tr" => {
                if let Some(r) = row {
                    finish_cell(r, &mut cell, &mut rows);
                }
                if tag.closing {
                    row = None;
                } else {
                    row = Some(next_row);
                    next_row += 1;
                    col = 0;
                }
            }
            Token::Tag(tag) if tag.name == "td" || tag.name == "th" => {
                let r = match row {
                    Some(r) => r,
                    // A cell outside any row starts one, as browsers do.
                    None => {
                        row = Some(next_row);
                        next_row += 1;
                        col = 0;
                        next_row - 1
                    }
                };
                finish_cell(r, &mut cell, &mut rows);
                if tag.closing {
                    continue;
                }
                while taken.contains(&(r, col)) {
                    col += 1;
                }
                let (across, down) =
                    (span(tag.attributes, "colspan", MAX_COLSPAN), span(tag.attributes, "rowspan", MAX_ROWSPAN));
                budget.take(1)?;
                if across > 1 || down > 1 {
                    regions.push(((r, col), (r + down - 1, col + across - 1)));
                    if down > 1 {
                        budget.take(u64::from(across) * u64::from(down - 1))?;
                        for dr in 1..down {
                            for dc in 0..across {
                                taken.insert((r + dr, col + dc));
                            }
                        }
                    }
                }
                cell = Some((col, across, String::new()));
                col += across;
            }
            Token::Tag(tag) if tag.name == "br" || (tag.name == "p" && tag.closing) || tag.name == "div" => {
                if let Some((_, _, text)) = cell.as_mut() {
                    text.push('\n');
                }
            }
            Token::Text(text) => {
                if let Some((_, _, cell_text)) = cell.as_mut() {
                    cell_text.push_str(text);
                }
            }
            _ => {}
        }
    }
    if let Some(r) = row {
        finish_cell(r, &mut cell, &mut rows);
    }
    Ok(Page::Table(Grid { sheet: None, rows }, regions))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Limits;
    use crate::error::InputPlace;

    fn limits() -> Limits {
        crate::config::Config::builtin_default().limits.clone()
    }

    fn grid_of(page: &str) -> (Vec<Vec<(u32, String)>>, Vec<MergedRegion>) {
        let mut budget = CellBudget::new(&limits(), InputPlace::file(std::path::Path::new("t.xls")));
        match read(page, &mut budget).unwrap() {
            Page::Table(grid, regions) => (
                grid.rows
                    .iter()
                    .map(|r| {
                        r.cells
                            .iter()
                            .map(|(c, v)| match v {
                                Cell::Text(t) => (*c, t.clone()),
                                other => (*c, format!("{other:?}")),
                            })
                            .collect()
                    })
                    .collect(),
                regions,
            ),
            _ => panic!("not one table"),
        }
    }

    #[test]
    fn a_web_export_is_read_as_browsers_read_it() {
        // End tags left out, a bare ampersand, an entity, a <br>, a colspan
        // and a rowspan, unquoted attributes, a script to skip.
        let page = "<html><head><script>var a = '<td>no</td>';</script></head><body>\n\
            <table border=1><tr><th colspan=2>项目编号&nbsp;与名称<th>R&D<br>投入\n\
            <tr><td rowspan=\"2\">P-1<td>甲 &amp; 乙<td>1,200\n\
            <tr><td>丙<td>&#51;00</table></body></html>";
        let (rows, regions) = grid_of(page);
        assert_eq!(
            rows,
            vec![
                vec![(0, "项目编号 与名称".to_string()), (2, "R&D\n投入".to_string())],
                vec![(0, "P-1".to_string()), (1, "甲 & 乙".to_string()), (2, "1,200".to_string())],
                vec![(1, "丙".to_string()), (2, "300".to_string())],
            ]
        );
        assert_eq!(regions, vec![((0, 0), (0, 1)), ((1, 0), (2, 0))]);
    }

    #[test]
    fn several_tables_are_named_and_none_is_said() {
        let mut budget = CellBudget::new(&limits(), InputPlace::file(std::path::Path::new("t.xls")));
        let page = "<table><caption>五华区</caption><tr><td>a</table><table><tr><td>盘龙区项目</td></tr></table>";
        match read(page, &mut budget).unwrap() {
            Page::Tables(names) => assert_eq!(names, vec!["五华区".to_string(), "盘龙区项目".to_string()]),
            _ => panic!("two tables"),
        }
        assert!(matches!(read("<html><p>nothing</p></html>", &mut budget).unwrap(), Page::NoTable));
    }

    #[test]
    fn spans_are_bounded_and_counted() {
        assert_eq!(span(" colspan=\"99999999\"", "colspan", MAX_COLSPAN), MAX_COLSPAN);
        assert_eq!(span(" ROWSPAN=3 class=x", "rowspan", MAX_ROWSPAN), 3);
        assert_eq!(span(" colspan=x", "colspan", MAX_COLSPAN), 1);
        let small = Limits { max_cells: 100, ..limits() };
        let mut budget = CellBudget::new(&small, InputPlace::file(std::path::Path::new("t.xls")));
        let page = "<table><tr><td rowspan=65534 colspan=1000>x</td></tr></table>";
        assert!(read(page, &mut budget).is_err());
    }
}
