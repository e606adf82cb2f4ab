//! Walks over a parquet file's metadata, before polars reads it.
//!
//! A parquet file describes itself in Thrift's compact protocol: a footer (the
//! schema, the row groups, the column chunks) and a header before every page.
//! polars sizes vectors from the counts they declare before it checks anything
//! else, so a 2 KB file declaring 10^16 entries aborts the process, and no panic
//! handler stops an abort. Three such files came out of fuzz/file_parquet. So the
//! same bytes are walked here first, allocating nothing, and every count must fit
//! in the bytes that are left.
//!
//! The walk has to read the bytes *as polars does*, not as Thrift says they
//! should be read. polars' decoders (polars-parquet 0.55.2
//! `handwritten_thrift/file_metadata_thrift.rs` for the footer, and
//! polars-parquet-format 0.1.0's generated code for page headers) decide what a
//! field is from its id alone: field 4 of the footer is read as a list of row
//! groups even when its header says it is an integer. A walk that trusted the
//! declared types read other bytes as counts than polars did, and a footer that
//! passed it made polars reserve 49.8 GB. So each struct polars decodes is walked
//! from a table of its field ids ([`Shape::field`]), copied from those decoders,
//! and only the ids they skip are walked by their declared type.
//!
//! Where polars would read a value in a way no writer relies on (a count past
//! 32 bits that it truncates, a varint longer than ten bytes, a flag whose header
//! says it is not a flag, a field id that overflows), the walk refuses instead of
//! imitating it: no real file is lost, and the walk stays simple.

/// The most entries a list in a parquet file's metadata may declare: a row group
/// per 1,000 rows of a billion-row file, or a million column chunks.
const LIST_LIMIT: u64 = 1_000_000;

/// The deepest nesting of schema groups a file may declare. polars builds its
/// schema by recursion, one stack frame per level, so a chain of thousands of
/// one-child groups overflows the stack (an abort). A register is one level.
const SCHEMA_DEPTH_LIMIT: usize = 64;

type Walk<T> = std::result::Result<T, String>;

/// Checks a parquet file's footer as polars will read it. A file without the
/// parquet trailer passes: polars refuses it in its own words.
pub(crate) fn check_parquet_footer(bytes: &[u8]) -> Walk<()> {
    let n = bytes.len();
    if n < 12 || &bytes[n - 4..] != b"PAR1" {
        return Ok(());
    }
    let length = u32::from_le_bytes([bytes[n - 8], bytes[n - 7], bytes[n - 6], bytes[n - 5]]) as usize;
    if length > n - 8 {
        return Err(format!("its footer claims {length} bytes of metadata in a file of {n} bytes"));
    }
    let footer = &bytes[n - 8 - length..n - 8];
    Thrift::new(footer, Decoder::Footer).shaped(Shape::FileMetaData, 0).map(drop)
}

/// The page headers of one column chunk (`range` of the file, as polars' own
/// reading of the footer places it): polars reserves what a page header declares
/// (a negative value count became 2^61 bytes and aborted the process, found by
/// fuzz/file_parquet). Each page must lie inside its chunk and declare sizes and
/// counts that are not negative and not more than its chunk holds.
pub(crate) fn check_parquet_pages(bytes: &[u8], range: std::ops::Range<u64>, values: i64, rows: i64) -> Walk<()> {
    let (start, end) = (range.start as usize, range.end as usize);
    if start < 4 || start > end || end > bytes.len().saturating_sub(8) || values < 0 || rows < 0 {
        return Err(format!(
            "its metadata places a column chunk of {values} values at bytes {start}–{end}, outside its data"
        ));
    }
    let mut at = start;
    while at < end {
        let mut reader = Thrift::new(&bytes[at..end], Decoder::PageHeader);
        let page = reader.shaped(Shape::PageHeader, 0)?;
        let compressed = page.int(3).unwrap_or(-1);
        let uncompressed = page.int(2).unwrap_or(-1);
        let counts = [5, 7, 8].map(|f| page.child(f).and_then(|h| h.int(1)).unwrap_or(0));
        let after = at + reader.at;
        if compressed < 0 || uncompressed < 0 || compressed as usize > end - after {
            return Err(format!(
                "a page at byte {at} declares {compressed} bytes where its column chunk has {}",
                end - after
            ));
        }
        if counts.iter().any(|&c| c < 0 || c > values.max(rows).max(uncompressed)) {
            return Err(format!("a page at byte {at} declares more values than its column chunk holds"));
        }
        at = after + compressed as usize;
    }
    Ok(())
}

/// The structs polars decodes field by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    FileMetaData,
    SchemaElement,
    LogicalType,
    DecimalType,
    TimeUnit,
    TimeType,
    IntType,
    /// A struct polars reads with no fields of its own (a union's empty variant).
    Empty,
    RowGroup,
    ColumnChunk,
    ColumnMetaData,
    Statistics,
    KeyValue,
    SortingColumn,
    ColumnOrder,
    PageHeader,
    DataPageHeader,
    DictionaryPageHeader,
    DataPageHeaderV2,
}

/// How polars reads one field, whatever type the field's header declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    /// A zigzag varint (i16, i32, i64 or an enum).
    Int,
    /// One byte.
    Byte,
    /// A flag carried in the field header itself.
    Flag,
    /// A length, then that many bytes.
    Bytes,
    Struct(Shape),
    /// A list of structs; polars reserves the declared count up front.
    List(Shape),
    /// A list skipped element by element: varints, or lengths and bytes.
    IntList,
    BytesList,
}

impl Shape {
    /// The declarative table: each (struct, field id) polars reads itself, as
    /// the decoders named in the module comment read it. Other ids are skipped
    /// by their declared type.
    fn field(self, id: i16) -> Option<Field> {
        use Field::*;
        use Shape::*;
        Some(match (self, id) {
            (FileMetaData, 1 | 3) => Int,
            (FileMetaData, 2) => List(SchemaElement),
            (FileMetaData, 4) => List(RowGroup),
            (FileMetaData, 5) => List(KeyValue),
            (FileMetaData, 6) => Bytes,
            (FileMetaData, 7) => List(ColumnOrder),
            (SchemaElement, 1..=3 | 5..=9) => Int,
            (SchemaElement, 4) => Bytes,
            (SchemaElement, 10) => Struct(LogicalType),
            (LogicalType, 1..=4 | 6 | 11..=15) => Struct(Empty),
            (LogicalType, 5) => Struct(DecimalType),
            (LogicalType, 7 | 8) => Struct(TimeType),
            (LogicalType, 10) => Struct(IntType),
            (DecimalType, 1 | 2) => Int,
            (TimeUnit, 1..=3) => Struct(Empty),
            (TimeType, 1) => Flag,
            (TimeType, 2) => Struct(TimeUnit),
            (IntType, 1) => Byte,
            (IntType, 2) => Flag,
            (RowGroup, 1) => List(ColumnChunk),
            (RowGroup, 2 | 3 | 5..=7) => Int,
            (RowGroup, 4) => List(SortingColumn),
            (ColumnChunk, 1) => Bytes,
            (ColumnChunk, 2 | 4..=7) => Int,
            (ColumnChunk, 3) => Struct(ColumnMetaData),
            (ColumnMetaData, 1 | 4..=7 | 9..=11 | 14 | 15) => Int,
            (ColumnMetaData, 2) => IntList,
            (ColumnMetaData, 3) => BytesList,
            (ColumnMetaData, 12) => Struct(Statistics),
            (Statistics, 1 | 2 | 5 | 6) => Bytes,
            (Statistics, 3 | 4) => Int,
            (Statistics, 7 | 8) => Flag,
            (KeyValue, 1 | 2) => Bytes,
            (SortingColumn, 1) => Int,
            (SortingColumn, 2 | 3) => Flag,
            (ColumnOrder, 1 | 2) => Struct(Empty),
            (PageHeader, 1..=4) => Int,
            (PageHeader, 5) => Struct(DataPageHeader),
            (PageHeader, 6) => Struct(Empty),
            (PageHeader, 7) => Struct(DictionaryPageHeader),
            (PageHeader, 8) => Struct(DataPageHeaderV2),
            (DataPageHeader, 1..=4) => Int,
            (DataPageHeader, 5) => Struct(Statistics),
            (DictionaryPageHeader, 1 | 2) => Int,
            (DictionaryPageHeader, 3) => Flag,
            (DataPageHeaderV2, 1..=6) => Int,
            (DataPageHeaderV2, 7) => Flag,
            (DataPageHeaderV2, 8) => Struct(Statistics),
            _ => return None,
        })
    }
}

/// Which of polars' two decoders reads the bytes: they skip unknown fields
/// differently (see [`Thrift::skip_value`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decoder {
    Footer,
    PageHeader,
}

/// A struct's integer and struct fields, kept only as far as the checks need.
#[derive(Default)]
struct Fields {
    ints: Vec<(i16, i64)>,
    children: Vec<(i16, Fields)>,
}

impl Fields {
    fn int(&self, id: i16) -> Option<i64> {
        self.ints.iter().find(|(f, _)| *f == id).map(|(_, v)| *v)
    }
    fn child(&self, id: i16) -> Option<&Fields> {
        self.children.iter().find(|(f, _)| *f == id).map(|(_, v)| v)
    }
}

/// A walk over Thrift compact-protocol bytes that checks sizes and allocates
/// nothing in proportion to what the bytes declare.
struct Thrift<'a> {
    bytes: &'a [u8],
    at: usize,
    decoder: Decoder,
}

impl<'a> Thrift<'a> {
    fn new(bytes: &'a [u8], decoder: Decoder) -> Self {
        Thrift { bytes, at: 0, decoder }
    }

    fn byte(&mut self) -> Walk<u8> {
        let b = *self.bytes.get(self.at).ok_or("its metadata ends in the middle of a value")?;
        self.at += 1;
        Ok(b)
    }

    fn left(&self) -> u64 {
        (self.bytes.len() - self.at) as u64
    }

    fn varint(&mut self) -> Walk<u64> {
        let mut value = 0u64;
        for shift in (0..70).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7F).checked_shl(shift).unwrap_or(0);
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("its metadata holds a malformed number".into())
    }

    fn zigzag(&mut self) -> Walk<i64> {
        let n = self.varint()?;
        Ok((n >> 1) as i64 ^ -((n & 1) as i64))
    }

    fn skip(&mut self, count: u64) -> Walk<()> {
        let left = self.left();
        if count > left {
            return Err(format!("its metadata declares a value of {count} bytes where {left} are left"));
        }
        self.at += count as usize;
        Ok(())
    }

    /// A list header: its element type and its count, which must fit in what
    /// is left (one byte an entry at least) and in [`LIST_LIMIT`].
    fn list_header(&mut self) -> Walk<(u8, u64)> {
        let header = self.byte()?;
        let element = header & 0x0F;
        let count = match header >> 4 {
            15 => self.varint()?,
            count => u64::from(count),
        };
        if count > 0 && !(1..=12).contains(&element) {
            return Err(format!("its metadata holds a list of unknown type {element}"));
        }
        let left = self.left();
        if count > left || count > LIST_LIMIT {
            return Err(format!("its metadata declares a list of {count} entries in {left} bytes"));
        }
        Ok((element, count))
    }

    /// A struct polars decodes field by field, walked as [`Shape::field`] says.
    fn shaped(&mut self, shape: Shape, depth: u32) -> Walk<Fields> {
        if depth > 64 {
            return Err("its metadata nests deeper than 64 levels".into());
        }
        let mut out = Fields::default();
        let mut id: i16 = 0;
        loop {
            let header = self.byte()?;
            let kind = header & 0x0F;
            if kind == 0 {
                return Ok(out); // The end of the struct, whatever the high bits say.
            }
            if kind > 12 {
                return Err(format!("its metadata holds a value of unknown type {kind}"));
            }
            id = match header >> 4 {
                0 => i16::try_from(self.zigzag()?).map_err(|_| "its metadata holds a malformed field id")?,
                delta => id.checked_add(i16::from(delta)).ok_or("its metadata holds a malformed field id")?,
            };
            match shape.field(id) {
                None => self.skip_value(kind, depth + 1)?,
                Some(Field::Int) => out.ints.push((id, self.zigzag()?)),
                Some(Field::Byte) => self.skip(1)?,
                Some(Field::Flag) if matches!(kind, 1 | 2) => {}
                Some(Field::Flag) => {
                    return Err(format!("its metadata gives field {id} of a {shape:?} as type {kind}, not a flag"));
                }
                Some(Field::Bytes) => {
                    let length = self.varint()?;
                    self.skip(length)?;
                }
                Some(Field::Struct(inner)) => out.children.push((id, self.shaped(inner, depth + 1)?)),
                Some(Field::List(Shape::SchemaElement)) => self.schema_elements(depth + 1)?,
                Some(Field::List(inner)) => {
                    let (_, count) = self.list_header()?;
                    for _ in 0..count {
                        self.shaped(inner, depth + 1)?;
                    }
                }
                Some(Field::IntList) => {
                    let (_, count) = self.list_header()?;
                    for _ in 0..count {
                        self.varint()?;
                    }
                }
                Some(Field::BytesList) => {
                    let (_, count) = self.list_header()?;
                    for _ in 0..count {
                        let length = self.varint()?;
                        self.skip(length)?;
                    }
                }
            }
        }
    }

    /// The schema, a tree written depth first: each group element declares how
    /// many of the following elements are its children. The nesting is checked
    /// against [`SCHEMA_DEPTH_LIMIT`] as the elements go by.
    fn schema_elements(&mut self, depth: u32) -> Walk<()> {
        let (_, count) = self.list_header()?;
        let mut open: Vec<i64> = Vec::new(); // children still to come, per open group
        for _ in 0..count {
            let element = self.shaped(Shape::SchemaElement, depth)?;
            while open.last() == Some(&0) {
                open.pop();
            }
            if let Some(last) = open.last_mut() {
                *last -= 1;
            }
            let children = element.int(5).unwrap_or(0);
            if children > 0 {
                open.push(children);
                if open.len() > SCHEMA_DEPTH_LIMIT {
                    return Err(format!("its schema nests groups deeper than {SCHEMA_DEPTH_LIMIT} levels"));
                }
            }
        }
        Ok(())
    }

    /// A value of a field polars does not read, skipped by its declared type.
    /// The two decoders differ on one point: the footer's skips a flag in a list
    /// as nothing, the page header's as one byte.
    fn skip_value(&mut self, kind: u8, depth: u32) -> Walk<()> {
        if depth > 64 {
            return Err("its metadata nests deeper than 64 levels".into());
        }
        match kind {
            1 | 2 => Ok(()),
            3 => self.skip(1),
            4..=6 => self.varint().map(drop),
            7 => self.skip(8),
            8 => {
                let length = self.varint()?;
                self.skip(length)
            }
            9 => {
                let (element, count) = self.list_header()?;
                for _ in 0..count {
                    match element {
                        1 | 2 if self.decoder == Decoder::Footer => {}
                        1 | 2 => self.skip(1)?,
                        _ => self.skip_value(element, depth + 1)?,
                    }
                }
                Ok(())
            }
            12 => {
                let mut id: i16 = 0;
                loop {
                    let header = self.byte()?;
                    let kind = header & 0x0F;
                    if kind == 0 {
                        return Ok(());
                    }
                    id = match header >> 4 {
                        0 => i16::try_from(self.zigzag()?).map_err(|_| "its metadata holds a malformed field id")?,
                        delta => id.checked_add(i16::from(delta)).ok_or("its metadata holds a malformed field id")?,
                    };
                    self.skip_value(kind, depth + 1)?;
                }
            }
            // Sets and maps appear nowhere in parquet's metadata.
            other => Err(format!("its metadata holds a value of unexpected type {other}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A footer as bytes: the file metadata, its length and the trailer, behind
    /// the leading magic.
    fn file_with_footer(footer: &[u8]) -> Vec<u8> {
        let mut file = b"PAR1".to_vec();
        file.extend_from_slice(footer);
        file.extend_from_slice(&(footer.len() as u32).to_le_bytes());
        file.extend_from_slice(b"PAR1");
        file
    }

    #[test]
    fn a_field_is_read_as_polars_reads_its_id_not_as_its_header_says() {
        // Field 4 (row groups) declared as an i32 whose "value" is a list
        // header: 0xFC = 15 entries-or-more of structs, then a varint count of
        // 2^31 - 1. A walk by declared type reads one varint and moves on; polars
        // reads a list of 2,147,483,647 row groups and reserves them.
        let footer = [0x45, 0xFC, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00];
        let refusal = check_parquet_footer(&file_with_footer(&footer)).unwrap_err();
        assert!(refusal.contains("a list of 2147483647 entries"), "{refusal}");
    }

    #[test]
    fn a_flag_whose_header_is_not_a_flag_is_refused() {
        // Field 4 (row groups) = a list of one struct whose field 4 (sorting
        // columns) = a list of one struct whose field 2 (descending, a flag) is
        // typed i32: polars' footer decoder panics on it.
        let footer = [0x49, 0x1C, 0x49, 0x1C, 0x15, 0x00, 0x15, 0x02, 0x00, 0x00, 0x00];
        let refusal = check_parquet_footer(&file_with_footer(&footer)).unwrap_err();
        assert!(refusal.contains("not a flag"), "{refusal}");
    }

    #[test]
    fn a_chain_of_nested_schema_groups_is_refused() {
        // 100 schema elements, each a group of one child: polars would recurse
        // 100 deep.
        let mut footer = vec![0x29, 0xFC, 100];
        for _ in 0..100 {
            footer.extend_from_slice(&[0x48, 1, b'g', 0x15, 2, 0x00]); // name "g", num_children 1
        }
        footer.push(0x00);
        let refusal = check_parquet_footer(&file_with_footer(&footer)).unwrap_err();
        assert!(refusal.contains("deeper than 64 levels"), "{refusal}");
    }

    #[test]
    fn a_flat_schema_and_a_list_of_flags_in_an_unknown_field_pass() {
        // Schema: root with 2 children, then 2 leaves; then an unknown field 20
        // holding a list of one flag, which the footer decoder skips as
        // nothing: the stop byte that follows must be read as the end.
        let mut footer = vec![0x29, 0x3C];
        footer.extend_from_slice(&[0x48, 1, b'r', 0x15, 4, 0x00]);
        footer.extend_from_slice(&[0x15, 2, 0x38, 1, b'a', 0x00]);
        footer.extend_from_slice(&[0x15, 2, 0x38, 1, b'b', 0x00]);
        footer.extend_from_slice(&[0x09, 0x28, 0x11]); // field id 20 (zigzag 40), list<bool> of 1
        footer.push(0x00);
        assert_eq!(check_parquet_footer(&file_with_footer(&footer)), Ok(()));
    }

    #[test]
    fn files_polars_writes_pass_with_their_page_headers() {
        use polars::prelude::*;
        let rows = 5_000;
        let mut frame = DataFrame::new(
            rows,
            vec![
                Column::new("项目编号".into(), (0..rows).map(|i| format!("P{i:05}")).collect::<Vec<_>>()),
                Column::new(
                    "总投资".into(),
                    (0..rows).map(|i| (i % 7 != 0).then_some(i as f64 * 1.5)).collect::<Vec<_>>(),
                ),
                Column::new("签约日期".into(), (0..rows).map(|i| 19_000 + i as i32).collect::<Vec<_>>())
                    .cast(&DataType::Date)
                    .unwrap(),
                Column::new("专利".into(), (0..rows).map(|i| (i % 3) as i64).collect::<Vec<_>>()),
            ],
        )
        .unwrap();
        let mut bytes = Vec::new();
        ParquetWriter::new(&mut bytes)
            .with_statistics(StatisticsOptions::full())
            .with_row_group_size(Some(1_000))
            .finish(&mut frame)
            .unwrap();
        assert_eq!(check_parquet_footer(&bytes), Ok(()));
        let metadata = ParquetReader::new(std::io::Cursor::new(&bytes)).get_metadata().unwrap().clone();
        assert!(metadata.row_groups.len() >= 5);
        for group in &metadata.row_groups {
            for chunk in group.parquet_columns() {
                let checked =
                    check_parquet_pages(&bytes, chunk.byte_range(), chunk.num_values(), group.num_rows() as i64);
                assert_eq!(checked, Ok(()));
            }
        }
    }
}
