//! Pre-flight checks of untrusted spreadsheets, before anything is materialised.
//!
//! A spreadsheet is a zip of XML (xlsx, ods) or a compound file of records (xls). A
//! 1 MB file can declare a sheet of 17 billion cells, or a member that inflates to
//! gigabytes; calamine would then allocate all of it. So we look at what the file
//! declares first, cheaply, and refuse with one sentence (exit 65) when it is over
//! the limits of `[limits]`:
//!
//! - every file: its size on disk;
//! - zip formats: each member's declared uncompressed size and compression ratio,
//!   and their total (the zip crate enforces declared sizes while inflating, so a
//!   member that lies is cut off, not trusted);
//! - xls: the bounding box of the cells each sheet holds, from the BIFF cell records;
//! - ods: the bounding box of the non-empty cells each table spans, counting
//!   repeated rows and columns, streamed through `content.xml`;
//! - parquet: its footer and page headers, walked as polars reads them (see
//!   `thrift.rs`).
//!
//! xlsx sheets are streamed cell by cell (see `grid.rs`), so their cell count is
//! checked while reading instead.

use std::io::{BufReader, Cursor, Read};
use std::path::Path;

use crate::config::Limits;
use crate::error::{Error, InputPlace, Result};
use crate::i18n::{L, Msg};

const MIB: u64 = 1024 * 1024;

/// The formats we read, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML workbook.
    Xlsx,
    /// Excel binary workbook (the same archive as xlsx, with binary parts).
    Xlsb,
    /// An HTML table saved under a workbook's name (only ever found by
    /// `sniff`, never by extension).
    Html,
    /// Excel 97–2003 workbook.
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
    /// Comma-separated values.
    Csv,
    /// Apache Parquet.
    Parquet,
}

impl Format {
    /// The format of a path, from its extension.
    pub(crate) fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "xlsx" | "xlsm" => Format::Xlsx,
            "xlsb" => Format::Xlsb,
            "xls" => Format::Xls,
            "ods" => Format::Ods,
            "csv" | "txt" | "tsv" => Format::Csv,
            "parquet" | "pq" => Format::Parquet,
            _ => return None,
        })
    }
}

fn refuse(path: &Path, reason: Msg) -> Error {
    Error::Refused { place: InputPlace::file(path), reason: Box::new(reason) }
}

fn megabytes(bytes: u64) -> String {
    match bytes {
        b if b >= 10 * MIB => format!("{} MiB", b / MIB),
        b if b >= MIB => format!("{:.1} MiB", b as f64 / MIB as f64),
        b if b >= 1024 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{b} B"),
    }
}

/// Reads a file's bytes: only a regular file (a pipe would block, a device never
/// end), and no more than `[limits] max_file_mb`, even if it grows meanwhile.
pub(crate) fn load(path: &Path, limits: &Limits) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, L::IoCannotRead, e))?;
    if !meta.is_file() {
        return Err(Error::Unreadable {
            place: InputPlace::file(path),
            reason: Box::new(Msg::NotRegularFile {}),
            detail: None,
        });
    }
    check_size(path, meta.len(), limits)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|file| file.take(limits.max_file_mb.saturating_mul(MIB).saturating_add(1)).read_to_end(&mut bytes))
        .map_err(|e| Error::io(path, L::IoCannotRead, e))?;
    check_size(path, bytes.len() as u64, limits)?;
    Ok(bytes)
}

fn check_size(path: &Path, size: u64, limits: &Limits) -> Result<()> {
    if size > limits.max_file_mb.saturating_mul(MIB) {
        return Err(refuse(path, Msg::FileTooBig { size: megabytes(size), limit: limits.max_file_mb }));
    }
    Ok(())
}

/// Checks a file's bytes against the limits before they are parsed.
pub(crate) fn preflight(path: &Path, bytes: &[u8], format: Format, limits: &Limits) -> Result<()> {
    let size = bytes.len() as u64;
    check_size(path, size, limits)?;
    match format {
        Format::Xlsx | Format::Xlsb | Format::Ods => {
            check_zip(path, bytes, limits)?;
            match format {
                Format::Xlsx => check_shared_strings(path, bytes)?,
                Format::Xlsb => check_xlsb_records(path, bytes)?,
                _ => check_ods_cells(path, bytes, limits)?,
            }
        }
        Format::Xls => check_xls_cells(path, bytes, limits)?,
        Format::Parquet => super::thrift::check_parquet_footer(bytes).map_err(|reason| {
            tracing::debug!("{}: {reason}", path.display());
            refuse(path, Msg::ParquetDamaged {})
        })?,
        // Text: bounded by its size, its cells counted as they are read.
        Format::Csv | Format::Html => {}
    }
    Ok(())
}

/// An .xlsb part is a run of records, each with its length in front; calamine
/// reserves a record's declared length (up to 256 MiB) before reading it. A
/// record claiming more than its part still holds is a damaged or forged
/// file, refused before calamine sees it. The parts are bounded by the zip
/// checks above, so walking them costs one inflation each.
fn check_xlsb_records(path: &Path, bytes: &[u8]) -> Result<()> {
    let damaged = |detail: String| Error::unreadable(InputPlace::file(path), Msg::XlsbDamaged {}, detail);
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
    for i in 0..archive.len() {
        let member = archive.by_index(i).map_err(|e| damaged(e.to_string()))?;
        let name = member.name().unwrap_or_default().to_string();
        // The parts calamine reads as records; other .bin parts (printer
        // settings, ActiveX controls, VBA) are not record streams.
        let lower = name.to_ascii_lowercase();
        let records = matches!(lower.as_str(), "xl/workbook.bin" | "xl/sharedstrings.bin" | "xl/styles.bin")
            || (lower.starts_with("xl/worksheets/") && lower.ends_with(".bin") && lower.matches('/').count() == 2);
        if !records {
            continue;
        }
        let size = member.size();
        let mut part = BufReader::new(member);
        let mut at: u64 = 0;
        fn byte(part: &mut impl Read) -> Option<u8> {
            let mut one = [0u8];
            part.read_exact(&mut one).ok().map(|_| one[0])
        }
        // Type: one or two bytes, the high bit of the first saying a second follows.
        while let Some(first) = byte(&mut part) {
            at += 1;
            if first & 0x80 != 0 {
                byte(&mut part).ok_or_else(|| damaged(format!("{name}: a record type cut off at byte {at}")))?;
                at += 1;
            }
            // Length: up to four bytes of seven bits.
            let mut len: u64 = 0;
            for shift in 0..4 {
                let b =
                    byte(&mut part).ok_or_else(|| damaged(format!("{name}: a record length cut off at byte {at}")))?;
                at += 1;
                len |= u64::from(b & 0x7F) << (7 * shift);
                if b & 0x80 == 0 {
                    break;
                }
            }
            let remain = size.saturating_sub(at);
            if len > remain {
                return Err(damaged(format!("{name}: a record at byte {at} claims {len} bytes; {remain} remain")));
            }
            let skipped = std::io::copy(&mut (&mut part).take(len), &mut std::io::sink())
                .map_err(|e| damaged(format!("{name}: {e}")))?;
            if skipped < len {
                return Err(damaged(format!("{name}: the part ends inside a record")));
            }
            at += len;
        }
    }
    Ok(())
}

fn check_zip(path: &Path, bytes: &[u8], limits: &Limits) -> Result<()> {
    let size = bytes.len() as u64;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| Error::unreadable(InputPlace::file(path), Msg::NotArchive {}, e))?;
    if archive.len() > 10_000 {
        return Err(refuse(path, Msg::TooManyMembers { count: archive.len() }));
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let member = archive
            .by_index_raw(i)
            .map_err(|e| Error::unreadable(InputPlace::file(path), Msg::ArchiveDamaged {}, e))?;
        let declared = member.size();
        let compressed = member.compressed_size().max(1);
        total = total.saturating_add(declared);
        if declared > MIB && declared / compressed > limits.max_compression_ratio {
            return Err(refuse(
                path,
                Msg::ZipBomb {
                    member: member.name().unwrap_or_default().to_string(),
                    ratio: (declared / compressed).to_string(),
                    from: megabytes(compressed),
                    to: megabytes(declared),
                    limit: limits.max_compression_ratio,
                },
            ));
        }
    }
    if total > limits.max_uncompressed_mb.saturating_mul(MIB) {
        let _ = size;
        return Err(refuse(path, Msg::InflatesTooMuch { total: megabytes(total), limit: limits.max_uncompressed_mb }));
    }
    Ok(())
}

/// The shared-strings part declares how many strings it holds, and calamine
/// reserves that many at once: a claim of 10^15 in a tiny part aborts the process.
/// Each string takes at least `<si/>` (five bytes), so a claim beyond a fifth of
/// the part's inflated size is a lie, refused before calamine sees it.
fn check_shared_strings(path: &Path, bytes: &[u8]) -> Result<()> {
    use quick_xml::events::Event;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| Error::unreadable(InputPlace::file(path), Msg::NotArchive {}, e))?;
    // calamine finds the part case-insensitively and through `\\` too: so does
    // the check, or a `xl/SharedStrings.xml` would slip past it.
    let Some(index) = (0..archive.len()).find(|&i| {
        archive.name_for_index(i).is_some_and(|name| {
            name.is_ok_and(|name| name.to_ascii_lowercase().replace('\\', "/").ends_with("sharedstrings.xml"))
        })
    }) else {
        return Ok(());
    };
    let Ok(part) = archive.by_index(index) else { return Ok(()) };
    let size = part.size();
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(part));
    let mut buf = Vec::new();
    // The <sst> element opens the part; a few events at most precede it.
    for _ in 0..16 {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                for attribute in e.attributes().flatten() {
                    if attribute.key.local_name().as_ref() == "uniqueCount" {
                        let claimed: u64 = attribute.value.trim().parse().unwrap_or(0);
                        if claimed > size / 5 + 1 {
                            return Err(refuse(
                                path,
                                Msg::SharedStrings { claimed, size: megabytes(size), max: size / 5 + 1 },
                            ));
                        }
                    }
                }
                return Ok(());
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            _ => {}
        }
    }
    Ok(())
}

/// Cells that .xls and .ods files may span in all, counted densely: calamine
/// allocates every cell of each sheet's used area (32 bytes each) and loads
/// every sheet when the file is opened, and a read holds that area and the
/// cells copied out of it at once. An eighth of `max_cells` (2.5 million cells
/// by default) holds an .xls register of 65,536 rows at 38 columns, and reading
/// it peaks near 200 MB; a quarter peaked at 350 MB (found by fuzz/file_xls).
fn dense_limit(limits: &Limits) -> u64 {
    limits.max_cells / 8
}

fn cells_refusal(path: &Path, sheet: &str, rows: u64, columns: u64, limit: u64) -> Error {
    Error::Refused {
        place: InputPlace { file: path.to_path_buf(), sheet: Some(sheet.to_string()), ..Default::default() },
        reason: Box::new(Msg::SheetSpans { rows, columns, cells: rows.saturating_mul(columns), limit }),
    }
}

/// Bounding box of cells, as `(min_row, max_row, min_col, max_col)`.
#[derive(Default, Clone, Copy)]
struct Extent(Option<(u64, u64, u64, u64)>);

impl Extent {
    fn add(&mut self, row: u64, col: u64) {
        self.0 = Some(match self.0 {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    }

    fn dims(&self) -> (u64, u64) {
        self.0.map(|(r0, r1, c0, c1)| (r1 - r0 + 1, c1 - c0 + 1)).unwrap_or((0, 0))
    }
}

/// Scans the BIFF records of an .xls workbook stream for cell records and checks the
/// area each sheet's cells span (calamine allocates that area densely).
fn check_xls_cells(path: &Path, bytes: &[u8], limits: &Limits) -> Result<()> {
    let unreadable = |reason: Msg, detail: String| Error::unreadable(InputPlace::file(path), reason, detail);
    let mut compound =
        cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| unreadable(Msg::NotXls {}, e.to_string()))?;
    let stream_name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| compound.is_stream(n))
        .ok_or_else(|| unreadable(Msg::XlsDamaged {}, "it holds no Workbook stream".into()))?;
    let mut stream = compound.open_stream(stream_name).map_err(|e| unreadable(Msg::XlsDamaged {}, e.to_string()))?;
    let stream_len = stream.len();
    if stream_len > limits.max_uncompressed_mb.saturating_mul(MIB) {
        return Err(refuse(path, Msg::XlsTooBig { size: megabytes(stream_len), limit: limits.max_uncompressed_mb }));
    }
    let mut workbook = Vec::new();
    stream.read_to_end(&mut workbook).map_err(|e| {
        unreadable(Msg::XlsDamaged {}, format!("the stream ends before the length its directory gives ({e})"))
    })?;
    let stream = workbook.as_slice();
    // calamine finds sheets through the BOUNDSHEET records' offsets, not the
    // BOF records' types, and reads each from its offset to the next EOF: so
    // every substream is measured whatever its BOF says, nested ones (a chart
    // inside a sheet) apart from their parent, one left open at the end of the
    // stream too, and two sheets may not share one offset (each would be
    // loaded).
    let mut open: Vec<Extent> = Vec::new();
    // Substreams after the first (the workbook's globals), numbered from 1.
    let (mut substreams, mut sheet_number) = (0usize, 0usize);
    let mut offsets: Vec<u32> = Vec::new();
    let mut total_cells: u64 = 0;
    let mut close = |extent: Extent, sheet_number: usize| -> Result<()> {
        let (rows, cols) = extent.dims();
        total_cells = total_cells.saturating_add(rows.saturating_mul(cols));
        if total_cells > dense_limit(limits) {
            return Err(cells_refusal(path, &format!("#{sheet_number}"), rows, cols, dense_limit(limits)));
        }
        Ok(())
    };
    for (kind, body) in biff_records(stream, 0) {
        let len = body.len();
        match kind {
            // FILEPASS: the records after it are encrypted (a password to
            // open), so nothing below would make sense of them.
            0x002F => {
                return Err(Error::Unreadable {
                    place: InputPlace::file(path),
                    reason: Box::new(Msg::Password {}),
                    detail: None,
                });
            }
            // BOF: a new substream.
            0x0809 => {
                substreams += 1;
                sheet_number = substreams.saturating_sub(1).max(1);
                open.push(Extent::default());
            }
            // EOF of a substream.
            0x000A => {
                if let Some(extent) = open.pop() {
                    close(extent, sheet_number)?;
                }
            }
            // BOUNDSHEET: where a sheet's substream starts.
            0x0085 if len >= 4 => {
                let offset = u32::from_le_bytes([body[0], body[1], body[2], body[3]]);
                if offsets.contains(&offset) {
                    return Err(unreadable(Msg::XlsDamaged {}, "two sheets claim the same place".into()));
                }
                offsets.push(offset);
            }
            // DIMENSIONS: calamine reserves the declared area at once (and a last
            // row before the first wraps round to billions): check the claim.
            0x0200 => {
                let (rows, cols) = declared_dimensions(&body[..len])
                    .ok_or_else(|| unreadable(Msg::XlsImpossible { sheet: sheet_number as u32 }, String::new()))?;
                if rows.saturating_mul(cols) > dense_limit(limits) {
                    return Err(cells_refusal(path, &format!("#{sheet_number}"), rows, cols, dense_limit(limits)));
                }
            }
            // NAME (a defined name): calamine indexes into it without checking its
            // length; a short or inconsistent one would panic.
            0x0018 if len < 14 || u16::from_le_bytes([body[4], body[5]]) as usize > len - 14 => {
                return Err(unreadable(Msg::XlsDamaged {}, "a damaged defined-name record".into()));
            }
            // Cell records: row at 0, column at 2.
            _ if is_cell_record(kind) => {
                if open.is_empty() {
                    open.push(Extent::default());
                }
                add_cell_record(open.last_mut().expect("a substream is open"), kind, body);
            }
            _ => {}
        }
    }
    while let Some(extent) = open.pop() {
        close(extent, sheet_number)?;
    }
    // And each sheet as calamine reads it: from its BOUNDSHEET offset to the
    // first EOF, which may see cells a damaged record hid from the walk above.
    let mut per_sheet: u64 = 0;
    for (number, &offset) in offsets.iter().enumerate() {
        let mut extent = Extent::default();
        for (kind, body) in biff_records(stream, offset as usize).skip(1) {
            match kind {
                0x000A | 0x0809 => break,
                _ if is_cell_record(kind) => add_cell_record(&mut extent, kind, body),
                _ => {}
            }
        }
        let (rows, cols) = extent.dims();
        per_sheet = per_sheet.saturating_add(rows.saturating_mul(cols));
        if per_sheet > dense_limit(limits) {
            return Err(cells_refusal(path, &format!("#{}", number + 1), rows, cols, dense_limit(limits)));
        }
    }
    Ok(())
}

/// Whether a BIFF record holds cells (its row at byte 0, its column at byte 2).
fn is_cell_record(kind: u16) -> bool {
    matches!(kind, 0x0006 | 0x00BD | 0x00BE | 0x00D6 | 0x00FD | 0x0201 | 0x0203 | 0x0204 | 0x0205 | 0x027E)
}

/// Widens `extent` by a cell record's cells. MULRK and MULBLANK span to a last
/// column stored in the record's last two bytes.
fn add_cell_record(extent: &mut Extent, kind: u16, body: &[u8]) {
    let len = body.len();
    if len < 4 {
        return;
    }
    let row = u16::from_le_bytes([body[0], body[1]]) as u64;
    extent.add(row, u16::from_le_bytes([body[2], body[3]]) as u64);
    if matches!(kind, 0x00BD | 0x00BE) && len >= 6 {
        extent.add(row, u16::from_le_bytes([body[len - 2], body[len - 1]]) as u64);
    }
}

/// The BIFF records of a workbook stream from `start`: (type, body), until the
/// stream ends or a record runs past it.
fn biff_records(stream: &[u8], start: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = start;
    std::iter::from_fn(move || {
        let header = stream.get(at..at.checked_add(4)?)?;
        let kind = u16::from_le_bytes([header[0], header[1]]);
        let len = u16::from_le_bytes([header[2], header[3]]) as usize;
        let body = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((kind, body))
    })
}

/// The rows and columns a DIMENSIONS record declares, computed as calamine
/// computes them; `None` when they cannot be (a last row before the first).
fn declared_dimensions(data: &[u8]) -> Option<(u64, u64)> {
    let u16_at = |i: usize| u16::from_le_bytes([data[i], data[i + 1]]) as u64;
    let (first_row, last_row, mut first_col, last_col) = match data.len() {
        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
        14 | 16 => {
            let u32_at = |i: usize| u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]) as u64;
            (u32_at(0), u32_at(4), u16_at(8), u16_at(10))
        }
        // calamine refuses other lengths with an error of its own.
        _ => return Some((0, 0)),
    };
    if first_col > 0xFF || last_col < first_col {
        first_col = 0;
    }
    if last_row == 0 || last_col == 0 {
        return Some((1, 1));
    }
    let rows = (last_row - 1).checked_sub(first_row)? + 1;
    let cols = (last_col - 1).checked_sub(first_col)? + 1;
    Some((rows, cols))
}

/// Streams `content.xml` of an .ods file and checks the area the non-empty cells of
/// each table span, counting `number-rows-repeated` and `number-columns-repeated`.
fn check_ods_cells(path: &Path, bytes: &[u8], limits: &Limits) -> Result<()> {
    use quick_xml::events::Event;
    let unreadable = |reason: Msg, detail: String| Error::unreadable(InputPlace::file(path), reason, detail);
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(Msg::NotArchive {}, e.to_string()))?;
    let content = archive.by_name("content.xml").map_err(|e| unreadable(Msg::NoContentXml {}, e.to_string()))?;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let repeat = |e: &quick_xml::events::BytesStart, name: &str| -> u64 {
        e.attributes().flatten().find(|a| a.key.as_ref() == name).and_then(|a| a.value.parse().ok()).unwrap_or(1)
    };
    // A cell calamine materialises: one with a value type, or a formula alone
    // (which it reads as a formula cell, repeats included).
    let has_value = |e: &quick_xml::events::BytesStart| {
        e.attributes().flatten().any(|a| matches!(a.key.as_ref(), "office:value-type" | "table:formula"))
    };
    // `<text:s text:c="N"/>` is N spaces, which calamine writes out in every
    // repeat of its cell: a register has no use for more than a few thousand.
    let mut spaces: u64 = 0;
    let space_limit: u64 = 16 * MIB;
    let mut table = String::new();
    let mut extent = Extent::default();
    let (mut row, mut col, mut row_repeat) = (0u64, 0u64, 1u64);
    let mut cell_open: Option<(u64, bool)> = None;
    let mut total_cells: u64 = 0;
    loop {
        let event = xml.read_event_into(&mut buf).map_err(|e| unreadable(Msg::ContentXmlInvalid {}, e.to_string()))?;
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" => {
                    table = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == "table:name")
                        .map(|a| a.value.into_owned())
                        .unwrap_or_default();
                    extent = Extent::default();
                    row = 0;
                }
                "table:table-row" => {
                    row_repeat = repeat(e, "table:number-rows-repeated").max(1);
                    col = 0;
                    if matches!(event, Event::Empty(_)) {
                        row = row.saturating_add(row_repeat);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let columns = repeat(e, "table:number-columns-repeated").max(1);
                    if has_value(e) {
                        extent.add(row, col);
                        extent.add(row.saturating_add(row_repeat - 1), col.saturating_add(columns - 1));
                    }
                    if matches!(event, Event::Start(_)) {
                        cell_open = Some((columns, false));
                    } else {
                        col = col.saturating_add(columns);
                    }
                }
                "text:s" => {
                    let times = cell_open.map(|(columns, _)| columns).unwrap_or(1).saturating_mul(row_repeat);
                    spaces = spaces.saturating_add(repeat(e, "text:c").max(1).saturating_mul(times));
                    if spaces > space_limit {
                        return Err(refuse(path, Msg::OdsSpaces { spaces, limit: space_limit }));
                    }
                }
                "text:p" => {
                    if let Some((columns, _)) = cell_open {
                        extent.add(row, col);
                        extent.add(row.saturating_add(row_repeat - 1), col.saturating_add(columns - 1));
                        cell_open = Some((columns, true));
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "table:table-cell" | "table:covered-table-cell" => {
                    if let Some((columns, _)) = cell_open.take() {
                        col = col.saturating_add(columns);
                    }
                }
                "table:table-row" => row = row.saturating_add(row_repeat),
                "table:table" => {
                    let (rows, cols) = extent.dims();
                    total_cells = total_cells.saturating_add(rows.saturating_mul(cols));
                    if total_cells > dense_limit(limits) {
                        return Err(cells_refusal(path, &table, rows, cols, dense_limit(limits)));
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}
