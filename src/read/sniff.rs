//! What a file is, from its bytes rather than its name.
//!
//! Offices rename files. A web system exports an HTML table and calls it
//! `.xls`; Excel's "Unicode text" is UTF-16 tab-separated text that people
//! save with the `.xls` they expect; a clerk attaches the Word document that
//! holds the table, renamed `.xlsx`; an archive from 1994 is BIFF4. Each of
//! these used to reach a reader that did not expect it and came back with the
//! reader's words (`Invalid CFB file (163 bytes is too small)`, `File not found
//! 'word/_rels/document.xml.rels'`) or, worse, with a reason that was not the
//! real one (a password-protected .xls refused for "impossible dimensions",
//! and told to raise a limit).
//!
//! So before any reader sees a workbook-named file, its first bytes and — for
//! an archive or a compound file — the names of its members say what it is:
//! read as what it is (xlsx, xlsb, xls, ods, delimited text, an HTML table), or
//! refused for the real reason in one sentence. A file named `.csv` or
//! `.parquet` is what its name says; its own reader explains its faults.

use std::io::{Cursor, Read};
use std::path::Path;

use super::guard::Format;
use crate::error::{Error, InputPlace, Result};
use crate::i18n::{L, Msg};

/// The OLE compound file signature (xls, doc, ppt, encrypted OOXML).
const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// How many bytes from the top are looked at to tell text from binary, and
/// HTML from other text.
const SNIFF_BYTES: usize = 4096;

fn refuse_as(path: &Path, what: L) -> Error {
    Error::Unreadable { place: InputPlace::file(path), reason: Box::new(Msg::OtherDocument { what }), detail: None }
}

fn password(path: &Path) -> Error {
    Error::Unreadable { place: InputPlace::file(path), reason: Box::new(Msg::Password {}), detail: None }
}

/// The format a file's bytes say it is, or its refusal. `by_name` is what
/// its extension said.
pub(crate) fn format_of(path: &Path, bytes: &[u8], by_name: Format) -> Result<Format> {
    if matches!(by_name, Format::Csv | Format::Parquet) {
        return Ok(by_name);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return zip_format(path, bytes);
    }
    if bytes.starts_with(&CFB_MAGIC) {
        return compound_format(path, bytes);
    }
    if let Some(version) = old_biff(bytes) {
        return Err(Error::Unreadable {
            place: InputPlace::file(path),
            reason: Box::new(Msg::OldExcel { version: version.to_string() }),
            detail: None,
        });
    }
    if bytes.starts_with(b"%PDF") {
        return Err(refuse_as(path, L::DocPdf));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(refuse_as(path, L::DocRtf));
    }
    // Excel opens text and HTML under an .xls name (with a warning), never
    // under .xlsx or .ods: those stay refused as not being what they say.
    if by_name == Format::Xls
        && let Some(text) = text_head(bytes)
    {
        let lower = text.to_lowercase();
        let start = lower.trim_start();
        if start.starts_with("<?xml") && lower.contains("urn:schemas-microsoft-com:office:spreadsheet") {
            return Err(refuse_as(path, L::DocXml2003));
        }
        if start.starts_with('<')
            && (lower.contains("<table") || lower.contains("<html") || lower.contains("<!doctype"))
        {
            return Ok(Format::Html);
        }
        // Tab- or comma-separated text saved under a workbook's name (Excel's
        // "Unicode text", a web system's export): read as the text it is.
        return Ok(Format::Csv);
    }
    // Unknown binary: the reader the name asks for gives its refusal.
    Ok(by_name)
}

/// What a zip archive holds: a workbook (xlsx, xlsb, ods), another kind of
/// document, or nothing a spreadsheet program wrote.
fn zip_format(path: &Path, bytes: &[u8]) -> Result<Format> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // Damaged: the guard names it in its own words.
        return Ok(Format::Xlsx);
    };
    let names: Vec<String> = archive.file_names().flatten().map(|n| n.into_owned()).collect();
    let has = |name: &str| names.iter().any(|n| n.eq_ignore_ascii_case(name));
    let under = |folder: &str| {
        names
            .iter()
            .any(|n| n.len() > folder.len() && n.get(..folder.len()).is_some_and(|p| p.eq_ignore_ascii_case(folder)))
    };
    if has("xl/workbook.bin") {
        return Ok(Format::Xlsb);
    }
    if under("xl/") {
        return Ok(Format::Xlsx);
    }
    if has("mimetype") || has("content.xml") {
        let mut mimetype = String::new();
        if let Ok(file) = archive.by_name("mimetype") {
            let _ = file.take(200).read_to_string(&mut mimetype);
        }
        let mimetype = mimetype.trim();
        if mimetype.is_empty() || mimetype == "application/vnd.oasis.opendocument.spreadsheet" {
            if ods_is_encrypted(&mut archive) {
                return Err(password(path));
            }
            return Ok(Format::Ods);
        }
        return Err(refuse_as(
            path,
            if mimetype.ends_with("opendocument.text") { L::DocOdfText } else { L::DocOdfOther },
        ));
    }
    if under("word/") {
        return Err(refuse_as(path, L::DocWord));
    }
    if under("ppt/") {
        return Err(refuse_as(path, L::DocPowerPoint));
    }
    if has("[Content_Types].xml") {
        // An OOXML package without a workbook part: let the reader say so.
        return Ok(Format::Xlsx);
    }
    Err(refuse_as(path, L::DocZip))
}

/// An .ods whose manifest lists encryption data for its parts: saved with a
/// password (LibreOffice: File → Save with Password).
fn ods_is_encrypted<R: Read + std::io::Seek>(archive: &mut zip::ZipArchive<R>) -> bool {
    let Ok(manifest) = archive.by_name("META-INF/manifest.xml") else {
        return false;
    };
    let mut text = String::new();
    // A manifest lists a few dozen parts; 4 MiB is far more than any holds.
    manifest.take(4 * 1024 * 1024).read_to_string(&mut text).is_ok() && text.contains("encryption-data")
}

/// What an OLE compound file holds: an encrypted OOXML package, an .xls
/// workbook, or another Office 97–2003 document.
fn compound_format(path: &Path, bytes: &[u8]) -> Result<Format> {
    let Ok(compound) = cfb::CompoundFile::open(Cursor::new(bytes)) else {
        // Damaged (or written big-endian by a tool that got the byte order
        // mark wrong: see `repair`): the xls reader and its guard decide.
        return Ok(Format::Xls);
    };
    if compound.is_stream("/EncryptionInfo") || compound.is_stream("/EncryptedPackage") {
        return Err(password(path));
    }
    if compound.is_stream("/Workbook") || compound.is_stream("/Book") {
        return Ok(Format::Xls);
    }
    if compound.is_stream("/WordDocument") {
        return Err(refuse_as(path, L::DocWord));
    }
    if compound.is_stream("/PowerPoint Document") {
        return Err(refuse_as(path, L::DocPowerPoint));
    }
    if compound.is_stream("/NativeContent_MAIN") {
        return Err(refuse_as(path, L::DocQuattro));
    }
    Err(refuse_as(path, L::DocCompound))
}

/// The Excel version of a BIFF2–4 workbook (a bare record stream, before
/// Excel 5 put workbooks in compound files): its first record is a BOF.
fn old_biff(bytes: &[u8]) -> Option<&'static str> {
    let header = bytes.get(..4)?;
    let len = u16::from_le_bytes([header[2], header[3]]);
    if !(4..=16).contains(&len) {
        return None;
    }
    match (header[0], header[1]) {
        (0x09, 0x00) => Some("2.x"),
        (0x09, 0x02) => Some("3.0"),
        (0x09, 0x04) => Some("4.0"),
        _ => None,
    }
}

/// The first bytes as text, when the file is text: UTF-8, GB18030, or
/// UTF-16/UTF-32 with a byte order mark; `None` for binary.
fn text_head(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if super::grid::unicode_encoding(head).is_some() {
        return Some(super::grid::decode_text(head).0);
    }
    if head.is_empty() || head.contains(&0) {
        return None;
    }
    // Control characters other than tab, line breaks and form feed: binary.
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)).count();
    if controls * 100 > head.len() {
        return None;
    }
    Some(super::grid::decode_text(head).0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, body) in members {
            writer.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            writer.write_all(body).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    fn sniff(bytes: &[u8]) -> std::result::Result<Format, String> {
        format_of(Path::new("x.xlsx"), bytes, Format::Xlsx).map_err(|e| e.message_code().to_string())
    }

    fn sniff_xls(bytes: &[u8]) -> std::result::Result<Format, String> {
        format_of(Path::new("x.xls"), bytes, Format::Xls).map_err(|e| e.message_code().to_string())
    }

    fn what(bytes: &[u8]) -> Option<L> {
        match format_of(Path::new("x.xls"), bytes, Format::Xls) {
            Err(Error::Unreadable { reason, .. }) => match *reason {
                Msg::OtherDocument { what } => Some(what),
                _ => None,
            },
            _ => None,
        }
    }

    #[test]
    fn archives_are_told_apart_by_their_members() {
        assert_eq!(sniff(&zip_of(&[("xl/workbook.xml", b"<workbook/>")])), Ok(Format::Xlsx));
        assert_eq!(sniff(&zip_of(&[("xl/workbook.bin", b""), ("xl/x.xml", b"")])), Ok(Format::Xlsb));
        let ods = zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", b"")]);
        assert_eq!(sniff(&ods), Ok(Format::Ods));
        assert_eq!(what(&zip_of(&[("word/document.xml", b"")])), Some(L::DocWord));
        assert_eq!(what(&zip_of(&[("ppt/presentation.xml", b"")])), Some(L::DocPowerPoint));
        assert_eq!(what(&zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.text")])), Some(L::DocOdfText));
        assert_eq!(what(&zip_of(&[("null", b"")])), Some(L::DocZip));
    }

    #[test]
    fn an_ods_saved_with_a_password_is_refused_for_it() {
        let manifest: &[u8] = b"<manifest:file-entry manifest:full-path=\"content.xml\"><manifest:encryption-data/>";
        let ods = zip_of(&[
            ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
            ("META-INF/manifest.xml", manifest),
            ("content.xml", b"\x01\x02"),
        ]);
        assert_eq!(sniff(&ods), Err("R303".into()));
    }

    #[test]
    fn old_and_other_formats_are_named() {
        // BIFF4: BOF 0x0409, length 6.
        assert_eq!(sniff(&[0x09, 0x04, 0x06, 0x00, 0, 0, 0x10, 0, 0, 0]), Err("R339".into()));
        assert_eq!(sniff(&[0x09, 0x02, 0x06, 0x00, 0, 0, 0x10, 0, 0, 0]), Err("R339".into()));
        assert_eq!(what(b"%PDF-1.7\n"), Some(L::DocPdf));
        assert_eq!(what(b"{\\rtf1\\ansi hello}"), Some(L::DocRtf));
        let xml2003 = b"<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">";
        assert_eq!(what(xml2003), Some(L::DocXml2003));
    }

    #[test]
    fn text_under_an_xls_name_is_read_as_what_it_is() {
        assert_eq!(sniff_xls(b"<html><body><table><tr><td>1</td></tr></table>"), Ok(Format::Html));
        assert_eq!(sniff_xls(b"  <!DOCTYPE html>\n<TABLE border=1>"), Ok(Format::Html));
        assert_eq!(sniff_xls("项目编号\t项目名称\nP-1\t甲\n".as_bytes()), Ok(Format::Csv));
        // Excel's "Unicode text": UTF-16LE with its mark, tab-separated.
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("项目编号\t项目名称\r\n".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(sniff_xls(&utf16), Ok(Format::Csv));
        // Excel opens neither under .xlsx: left to the xlsx reader's refusal.
        assert_eq!(sniff("项目编号\t项目名称\n".as_bytes()), Ok(Format::Xlsx));
        // Binary it cannot place: left to the reader its name asks for.
        assert_eq!(sniff(&[0x01, 0x02, 0x03, 0x00, 0xFF]), Ok(Format::Xlsx));
    }
}
