//! Repaired views of workbooks that Excel or LibreOffice open but calamine
//! refuses whole.
//!
//! calamine reads a workbook's directory before any sheet, and one entry it
//! does not expect stops everything: an Excel 4.0 macro sheet
//! (`Unrecognized sheet:type`), a leftover sheet entry whose relationship is
//! gone (`Relationship not found`), an ODS written with white space between
//! its cells (`Expecting 'table-cell', found Text`), a compound file whose byte
//! order mark a tool wrote the wrong way round. Excel passes over the first
//! two, LibreOffice ignores the third, and every reader but one accepts the
//! fourth. None of them is in the register's sheet.
//!
//! So when calamine refuses, the file is looked at for exactly these faults
//! and, when one is found, calamine is given a copy without it: the
//! directory's unreadable entries dropped, or the insignificant white space
//! taken out, or the two bytes set right. Every other member of an archive is
//! copied as it is, still compressed (`raw_copy_file`), so a repair costs
//! little more than the bytes it changes. A file with none of these faults is
//! refused as before, with calamine's words kept for `RUST_LOG=debug`.

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};

use quick_xml::events::Event;

/// A compound file whose byte order mark reads `FF FE` where the format has
/// `FE FF` (some exporters write it so; Excel and PhpSpreadsheet read it): a
/// copy with the mark set right, or `None` when the mark is right or the file
/// is not a compound file.
pub(crate) fn compound_byte_order(bytes: &[u8]) -> Option<Vec<u8>> {
    let magic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if !bytes.starts_with(&magic) || bytes.get(28..30) != Some(&[0xFF, 0xFE][..]) {
        return None;
    }
    let mut fixed = bytes.to_vec();
    fixed[28] = 0xFE;
    fixed[29] = 0xFF;
    Some(fixed)
}

/// An archive with some members replaced: every other member copied raw.
fn rezip(bytes: &[u8], replaced: &HashMap<String, Vec<u8>>) -> Option<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len())));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..archive.len() {
        let member = archive.by_index_raw(i).ok()?;
        let name = member.name().ok()?.to_string();
        match replaced.get(&name) {
            Some(body) => {
                drop(member);
                writer.start_file(name, stored).ok()?;
                writer.write_all(body).ok()?;
            }
            None => writer.raw_copy_file(member).ok()?,
        }
    }
    Some(writer.finish().ok()?.into_inner())
}

/// A part's bytes with the byte ranges `cut` (ascending, apart) left out;
/// `None` when there is nothing to leave out (the refusal had another cause).
fn without(part: &[u8], cut: &[(usize, usize)]) -> Option<Vec<u8>> {
    if cut.is_empty() {
        return None;
    }
    let mut fixed = Vec::with_capacity(part.len());
    let mut from = 0;
    for &(start, end) in cut {
        fixed.extend_from_slice(&part[from..start]);
        from = end;
    }
    fixed.extend_from_slice(&part[from..]);
    Some(fixed)
}

/// A member's bytes, up to `limit` (the guard has bounded every member).
fn member(bytes: &[u8], name: &str, limit: u64) -> Option<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let file = archive.by_name(name).ok()?;
    let mut body = Vec::new();
    file.take(limit).read_to_end(&mut body).ok()?;
    Some(body)
}

/// The value of an attribute in an element's raw bytes, by its local name
/// (`r:id` and `id` both answer to `id`).
fn attribute(element: &quick_xml::events::BytesStart<'_>, local: &str) -> Option<String> {
    element.attributes().flatten().find_map(|a| {
        let key: &str = a.key.as_ref();
        let name = key.rsplit(':').next().unwrap_or(key);
        (name == local).then(|| a.value.to_string())
    })
}

/// An xlsx whose workbook lists sheets calamine cannot place — a macro sheet,
/// an entry whose relationship is missing, a sheet state it does not know —
/// as a copy with those entries left out of `xl/workbook.xml`. `None` when
/// every entry is readable (the refusal had another cause).
pub(crate) fn xlsx_sheet_entries(bytes: &[u8], limit: u64) -> Option<Vec<u8>> {
    let workbook_name = "xl/workbook.xml";
    let workbook = member(bytes, workbook_name, limit)?;
    let rels = member(bytes, "xl/_rels/workbook.xml.rels", limit).unwrap_or_default();
    // Relationship id → its type's last word (worksheet, chartsheet, …).
    let mut kinds: HashMap<String, String> = HashMap::new();
    let mut reader = quick_xml::Reader::from_reader(rels.as_slice());
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(kind)) = (attribute(&e, "Id"), attribute(&e, "Type")) {
                    kinds.insert(id, kind.rsplit('/').next().unwrap_or_default().to_string());
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    // Byte ranges of the `<sheet …/>` entries to leave out.
    let mut cut: Vec<(usize, usize)> = Vec::new();
    let mut reader = quick_xml::Reader::from_reader(workbook.as_slice());
    loop {
        let start = reader.buffer_position() as usize;
        match reader.read_event_into(&mut buf) {
            Ok(Event::Empty(e)) if e.local_name().as_ref() == "sheet" => {
                let readable_kind = attribute(&e, "id")
                    .and_then(|id| kinds.get(&id))
                    .is_some_and(|k| matches!(k.as_str(), "worksheet" | "chartsheet" | "dialogsheet"));
                let readable_state =
                    attribute(&e, "state").is_none_or(|s| matches!(s.as_str(), "visible" | "hidden" | "veryHidden"));
                if !(readable_kind && readable_state) {
                    cut.push((start, reader.buffer_position() as usize));
                }
            }
            Ok(Event::Eof) => break,
            Err(_) => return None,
            _ => {}
        }
        buf.clear();
    }
    let fixed = without(&workbook, &cut)?;
    rezip(bytes, &HashMap::from([(workbook_name.to_string(), fixed)]))
}

/// An ODS whose `content.xml` holds white-space text directly inside table
/// elements (between rows, between cells — pretty-printed by some writers),
/// which ODF says is insignificant: a copy without it. Text inside a cell's
/// paragraphs is kept as it is. `None` when there is none to take out.
pub(crate) fn ods_white_space(bytes: &[u8], limit: u64) -> Option<Vec<u8>> {
    let content = member(bytes, "content.xml", limit)?;
    let mut reader = quick_xml::Reader::from_reader(content.as_slice());
    let mut buf = Vec::new();
    // Whether each open element is a table element (its direct text is
    // insignificant white space).
    let mut open: Vec<bool> = Vec::new();
    let mut cut: Vec<(usize, usize)> = Vec::new();
    loop {
        let start = reader.buffer_position() as usize;
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                let name = e.name();
                let name: &str = name.as_ref();
                open.push(name.starts_with("table:"));
            }
            Ok(Event::End(_)) => {
                open.pop();
            }
            Ok(Event::Text(t)) if open.last() == Some(&true) && t.trim().is_empty() => {
                cut.push((start, reader.buffer_position() as usize));
            }
            Ok(Event::Eof) => break,
            Err(_) => return None,
            _ => {}
        }
        buf.clear();
    }
    let fixed = without(&content, &cut)?;
    rezip(bytes, &HashMap::from([("content.xml".to_string(), fixed)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn zip_of(members: &[(&str, &str)]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, body) in members {
            writer.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            writer.write_all(body.as_bytes()).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    fn text_of(bytes: &[u8], name: &str) -> String {
        String::from_utf8(member(bytes, name, 1 << 20).unwrap()).unwrap()
    }

    #[test]
    fn unreadable_sheet_entries_are_left_out_and_the_rest_kept() {
        let workbook = r#"<workbook><sheets><sheet name="Data" sheetId="1" r:id="rId1"/><sheet name="Macro1" sheetId="2" r:id="rId2"/><sheet name="Gone" sheetId="3" r:id=""/></sheets></workbook>"#;
        let rels = r#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" Target="macrosheets/sheet1.xml"/></Relationships>"#;
        let bytes = zip_of(&[
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", rels),
            ("xl/worksheets/sheet1.xml", "<worksheet/>"),
        ]);
        let fixed = xlsx_sheet_entries(&bytes, 1 << 20).expect("two entries to drop");
        assert_eq!(
            text_of(&fixed, "xl/workbook.xml"),
            r#"<workbook><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        );
        assert_eq!(text_of(&fixed, "xl/worksheets/sheet1.xml"), "<worksheet/>");
        // Nothing to drop: no copy.
        let clean = zip_of(&[
            ("xl/workbook.xml", r#"<workbook><sheets><sheet name="Data" r:id="rId1"/></sheets></workbook>"#),
            ("xl/_rels/workbook.xml.rels", rels),
        ]);
        assert!(xlsx_sheet_entries(&clean, 1 << 20).is_none());
    }

    #[test]
    fn white_space_between_cells_goes_and_text_in_cells_stays() {
        let content = "<office:body><table:table table:name=\"S\">\n  <table:table-row>\n    <table:table-cell><text:p> a  b </text:p></table:table-cell>\n  </table:table-row>\n</table:table></office:body>";
        let fixed = ods_white_space(&zip_of(&[("mimetype", "x"), ("content.xml", content)]), 1 << 20).unwrap();
        assert_eq!(
            text_of(&fixed, "content.xml"),
            "<office:body><table:table table:name=\"S\"><table:table-row><table:table-cell><text:p> a  b </text:p></table:table-cell></table:table-row></table:table></office:body>"
        );
        assert_eq!(text_of(&fixed, "mimetype"), "x");
    }

    #[test]
    fn a_byte_order_mark_written_backwards_is_set_right() {
        let mut header = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        header.resize(28, 0);
        header.extend([0xFF, 0xFE, 0x09, 0x00]);
        let fixed = compound_byte_order(&header).unwrap();
        assert_eq!(&fixed[28..30], &[0xFE, 0xFF]);
        assert!(compound_byte_order(&fixed).is_none());
    }
}
