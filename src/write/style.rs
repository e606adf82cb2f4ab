//! The house style every workbook of the engine shares: the evaluation
//! workbook, the compare and sensitivity reports, the templates.
//!
//! One place for the colours and number formats, so the three writers cannot
//! drift apart, and so the rules leaders' pages need are kept once: every
//! column has one number format (money in 万元 with separators and two
//! decimals, rates as percentages, scores with two decimals); a number never
//! touches the text beside it (numbers carry a trailing space of padding, text
//! an indent); tiers and the gate have their colours.

use rust_xlsxwriter::{
    ConditionalFormat2ColorScale, ConditionalFormat3ColorScale, ConditionalFormatType, Format, FormatAlign,
    FormatBorder,
};

/// Header fill.
pub(crate) const HEADER_FILL: &str = "#DDEBF7";
/// Bad (red) fill and font: tier D, the gate, errors.
pub(crate) const BAD_FILL: &str = "#FFC7CE";
/// Bad font.
pub(crate) const BAD_FONT: &str = "#9C0006";
/// Good (green) fill and font: tier A, the red list.
pub(crate) const GOOD_FILL: &str = "#C6EFCE";
/// Good font.
pub(crate) const GOOD_FONT: &str = "#006100";
/// Neutral (amber) fill and font: tier C, warnings.
pub(crate) const NEUTRAL_FILL: &str = "#FFEB9C";
/// Neutral font.
pub(crate) const NEUTRAL_FONT: &str = "#9C5700";
/// Blue fill and font: tier B.
pub(crate) const BLUE_FONT: &str = "#1F4E78";
/// Grey fill and font: exempt, notes.
pub(crate) const GREY_FILL: &str = "#EDEDED";
/// Grey font.
pub(crate) const GREY_FONT: &str = "#595959";
/// The bars of charts.
pub(crate) const BAR_COLOUR: &str = "#5B9BD5";

/// Number formats, each padded by a space on the right so a number never
/// touches the text of the next column.
pub(crate) mod num {
    /// Whole numbers (ranks, counts).
    pub(crate) const INTEGER: &str = "0_ ";
    /// Scores 0–100 and points.
    pub(crate) const SCORE: &str = "0.00_ ";
    /// Money in 万元.
    pub(crate) const MONEY: &str = "#,##0.00_ ";
    /// Rates and shares.
    pub(crate) const PERCENT: &str = "0.0%_ ";
    /// A raw indicator value: two decimals, thousands separated, so a column
    /// reads at one precision (shares are percentages, counts whole).
    pub(crate) const RAW: &str = "#,##0.00_ ";
    /// A signed whole change (rank shifts).
    pub(crate) const SIGNED_INTEGER: &str = "+0_ ;-0_ ;0_ ";
    /// A signed change in points.
    pub(crate) const SIGNED_SCORE: &str = "+0.00_ ;-0.00_ ;0.00_ ";
    /// Correlations and indices.
    pub(crate) const INDEX: &str = "0.000_ ";
}

/// The height in points of one line of text at the house font size.
pub(crate) const LINE_HEIGHT: f64 = 15.0;

/// The lines a text takes when wrapped in a column `width` characters wide: a
/// Chinese character takes about two of a column's character units, a Latin
/// one a little under one; explicit line breaks start lines of their own.
pub(crate) fn wrapped_lines(text: &str, width: f64) -> usize {
    text.split('\n')
        .map(|line| {
            let units: f64 = line
                .chars()
                .map(|c| if unicode_width::UnicodeWidthChar::width(c).unwrap_or(1) > 1 { 1.9 } else { 0.9 })
                .sum();
            ((units / width.max(1.0)).ceil() as usize).max(1)
        })
        .sum()
}

/// A column header as two lines at most, broken where a reader breaks it: a
/// unit in brackets on a line of its own (亩均产值 / （万元/亩）), English at a
/// space into two balanced lines, Chinese without a unit into halves. Left to
/// the spreadsheet, a header broke inside a word or before its last bracket
/// ("主导产业项目占 / 比", "（万元/亩 / ）").
pub(crate) fn header_lines(header: &str) -> String {
    use crate::text::display_width;
    if header.contains('\n') || display_width(header) <= 10 {
        return header.to_string();
    }
    for open in ['（', '('] {
        if let Some(at) = header.rfind(open)
            && at > 0
            && header.ends_with(['）', ')'])
        {
            return format!("{}\n{}", header[..at].trim_end(), &header[at..]);
        }
    }
    let chars: Vec<char> = header.chars().collect();
    let half = display_width(header) / 2;
    if header.contains(' ') {
        // The space nearest the middle.
        let mut best: Option<(usize, usize)> = None;
        let mut width = 0usize;
        for (i, c) in chars.iter().enumerate() {
            if *c == ' ' {
                let distance = width.abs_diff(half);
                if best.is_none_or(|(_, d)| distance < d) {
                    best = Some((i, distance));
                }
            }
            width += display_width(&c.to_string());
        }
        if let Some((i, _)) = best {
            let (a, b): (String, String) = (chars[..i].iter().collect(), chars[i + 1..].iter().collect());
            return format!("{a}\n{b}");
        }
    }
    let mut width = 0;
    for (i, c) in chars.iter().enumerate() {
        width += display_width(&c.to_string());
        if width >= half {
            let (a, b): (String, String) = (chars[..=i].iter().collect(), chars[i + 1..].iter().collect());
            return if b.is_empty() { a } else { format!("{a}\n{b}") };
        }
    }
    header.to_string()
}

/// The width a header needs: its longest line, the filter button's room and a
/// margin.
pub(crate) fn header_width(header: &str) -> usize {
    header_lines(header).lines().map(crate::text::display_width).max().unwrap_or(0) + 4
}

/// The header cells: bold, wrapped, centred on the house fill.
pub(crate) fn header() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(HEADER_FILL)
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
}

/// A sheet's title line.
pub(crate) fn title() -> Format {
    Format::new().set_bold().set_font_size(14)
}

/// Text, indented one step from the left edge of its cell. Every body cell
/// sits at the top of its row, so a row made tall by a wrapped message reads
/// as one line of a table.
pub(crate) fn text() -> Format {
    Format::new().set_indent(1).set_align(FormatAlign::Top)
}

/// Long text (messages, notes): wrapped, indented, at the top of the cell.
pub(crate) fn wrapped() -> Format {
    Format::new().set_text_wrap().set_indent(1).set_align(FormatAlign::Top)
}

/// A number in one of the formats of [`num`].
pub(crate) fn number(format: &str) -> Format {
    Format::new().set_num_format(format).set_align(FormatAlign::Top)
}

/// A centred word (是/否, flags).
pub(crate) fn centred() -> Format {
    Format::new().set_align(FormatAlign::Center).set_align(FormatAlign::Top)
}

/// A coloured, bold, centred word: a tier, the gate.
pub(crate) fn badge(fill: &str, font: &str) -> Format {
    Format::new()
        .set_background_color(fill)
        .set_font_color(font)
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::Top)
}

/// The colours of the tiers, best first; a tier past these is uncoloured.
pub(crate) fn tier_badge(tier: &str) -> Option<Format> {
    match tier {
        "A" => Some(badge(GOOD_FILL, GOOD_FONT)),
        "B" => Some(badge(HEADER_FILL, BLUE_FONT)),
        "C" => Some(badge(NEUTRAL_FILL, NEUTRAL_FONT)),
        "D" => Some(badge(BAD_FILL, BAD_FONT)),
        "T" => Some(badge(GREY_FILL, GREY_FONT)),
        _ => None,
    }
}

/// The colour scale of a 0–100 score: red at 0, amber at 60, green at 100.
pub(crate) fn score_scale() -> ConditionalFormat3ColorScale {
    ConditionalFormat3ColorScale::new()
        .set_minimum(ConditionalFormatType::Number, 0)
        .set_midpoint(ConditionalFormatType::Number, 60)
        .set_maximum(ConditionalFormatType::Number, 100)
        .set_minimum_color("#F8696B")
        .set_midpoint_color("#FFEB84")
        .set_maximum_color("#63BE7B")
}

/// The colour scale of a share 0–1 (a probability): white at 0, green at 1; a
/// 0 is not an alarm.
pub(crate) fn share_scale() -> ConditionalFormat2ColorScale {
    ConditionalFormat2ColorScale::new()
        .set_minimum(ConditionalFormatType::Number, 0)
        .set_maximum(ConditionalFormatType::Number, 1)
        .set_minimum_color("#FFFFFF")
        .set_maximum_color("#63BE7B")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_breaks_where_a_reader_breaks_it() {
        assert_eq!(header_lines("亩均产值（万元/亩）"), "亩均产值\n（万元/亩）");
        assert_eq!(header_lines("Output per mu (10k CNY/mu)"), "Output per mu\n(10k CNY/mu)");
        assert_eq!(header_lines("主导产业项目占比"), "主导产业\n项目占比", "halves, never 占 / 比");
        assert_eq!(header_lines("项目数量"), "项目数量", "short enough for one line");
        assert_eq!(header_lines("Investment intensity change"), "Investment\nintensity change");
        assert_eq!(header_lines("排名"), "排名");
        assert_eq!(header_width("亩均产值（万元/亩）"), 15);
    }
}
