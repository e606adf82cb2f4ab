//! Messages: what went wrong with a file, a row, a config key or a run, and what
//! to do about it.
//!
//! Codes are stable: a bureau that filters its Issues sheet on `V123` every
//! quarter keeps doing so. The letter says where the message comes from — `V`
//! a register, ledger or targets row, `S` scoring, `R` a whole file, `C` the
//! config, `E` the run (files, the command line, the output folder), `W` a
//! warning about the run. A retired code is never reused.
//!
//! A message names a field by its display name (`{field}`: 计划总投资), a
//! config entry by its name (`{district}`: 五华区), and quotes what the file
//! holds as written (`“{value}”`). The action taken (row skipped, value treated
//! as missing) is not in the sentence: the Issues sheet and validate print it
//! beside it.

use super::{Clip, Fixed, Hint, L, Name, Pct, Say, catalogue};
use crate::period::Period;

catalogue! {
    /// Everything that can be wrong, with its code, sentence and advice.
    pub enum Msg;

    // ---------------------------------------------------------------- rows (V)
    /// A blank row inside or under the table.
    V101 RowBlank {}
        => "空行", "the row is blank"
        | "无需处理：空行不计入任何项目。", "Nothing to do: a blank row holds no project.";
    /// A totals row (合计, 总计, 小计).
    V102 TotalsRow { text: String }
        => "合计行“{text}”", "totals row \"{text}\""
        | "无需处理：合计行不计入项目，总数由系统重新计算。", "Nothing to do: totals are computed again from the rows.";
    /// The header row again below the table's start.
    V103 HeaderRepeats {}
        => "表头在此行重复出现", "the header row repeats here"
        | "无需处理；如两张表上下拼在一起，请确认下方各行属于同一张表。", "Nothing to do; if two tables were pasted one under the other, check the rows below belong to this one.";
    /// Values only in columns that are not read (a 序号 column dragged down).
    V104 FillerRow {}
        => "该行只在不读取的列中有内容，没有项目信息", "the row holds values only in columns that are not read, and nothing of a project"
        | "无需处理；如该行本应是一个项目，请补填项目编号等必填项。", "Nothing to do; if the row should be a project, fill in its ID and the other required columns.";
    /// A note under the table (注：…, 填表人：…).
    V105 NoteRow { text: String }
        => "表格下方的备注：“{text}”", "note under the table: \"{text}\""
        | "无需处理：备注不计入项目。", "Nothing to do: notes hold no project.";
    /// Two headers map to the same column.
    V106 DuplicateHeader { header: String }
        => "表头“{header}”与前面某列对应同一字段，此列未读取", "the header \"{header}\" names a column an earlier header already maps; this column is not read"
        | "删除重复的列，或改用其他表头。", "Delete the repeated column, or give it another header.";
    /// A register with a header and no row under it.
    V108 EmptyRegister {}
        => "项目登记表在表头以下没有任何数据行", "the project register has no row under its header"
        | "检查是否选错了文件或工作表（空白模板、只有表头的副本）。", "Check the file and the sheet: a blank template or a copy with only its header was given.";
    /// A lock file a glob matched: a workbook someone has open.
    V107 LockFile {}
        => "这是表格软件打开文件时留下的锁定文件（有人正在编辑同名工作簿），已略过", "a lock file a spreadsheet program leaves while someone has the workbook open; passed over"
        | "无需处理；如该工作簿仍在编辑，保存并关闭后再运行，以免读到未保存的旧内容。", "Nothing to do; if the workbook is still being edited, save and close it before the run, so the run reads what was saved.";
    /// A category word not in its vocabulary.
    V110 UnknownWord { field: Name, value: String, known: Vec<Name> }
        => "{field}“{value}”不是可选值，按默认值计分", "{field} \"{value}\" is not one of the choices; the indicator's default applies"
        | "从下拉列表中选择：{known}。", "Choose one of: {known}.";
    /// A status word not in its vocabulary.
    V111 UnknownStatus { value: String, known: Vec<Name> }
        => "项目状态“{value}”不是可选值，按未填处理", "status \"{value}\" is not one of the choices; treated as missing"
        | "从下拉列表中选择：{known}。", "Choose one of: {known}.";
    /// A yes/no cell holding something else.
    V112 NotYesNo { field: Name, value: String }
        => "{field}“{value}”应为“是”或“否”，按未填处理", "{field} \"{value}\" is neither yes nor no; treated as missing"
        | "填写“是”或“否”。", "Write yes or no.";
    /// Text in a number column.
    V113 NotANumber { field: Name, value: String }
        => "{field}“{value}”不是数字，按未填处理", "{field} \"{value}\" is not a number; treated as missing"
        | "只填数字（单位见表头），如 1200 或 1,200.5。", "Write a number in the header's unit, such as 1200 or 1,200.5.";
    /// An Excel error value (#DIV/0!, #N/A …) in a number column.
    V114 ErrorValue { field: Name, value: String }
        => "{field}是公式错误值“{value}”，按未填处理", "{field} holds the error value \"{value}\"; treated as missing"
        | "修正该单元格的公式，或改填数值。", "Mend the cell's formula, or type the value.";
    /// A negative optional number.
    V115 NegativeNumber { field: Name, value: f64 }
        => "{field}不能为负数（现为 {value}），按未填处理", "{field} cannot be negative (it is {value}); treated as missing"
        | "填写正数；确实没有时留空。", "Write a positive number, or leave the cell empty.";
    /// A row without a project ID.
    V120 IdMissing {}
        => "缺少项目编号", "the project ID is missing"
        | "补填项目编号（全市唯一）。", "Fill in the project ID (unique city-wide).";
    /// A project ID seen before.
    V121 IdDuplicate { id: String, file: String, row: u32 }
        => "项目编号“{id}”已出现在 {file} 第 {row} 行", "project ID \"{id}\" already appears in {file}, row {row}"
        | "同一项目只保留一行；不同项目请使用不同编号。", "Keep one row per project; give different projects different IDs.";
    /// A required field left empty.
    V122 FieldMissing { field: Name }
        => "缺少{field}", "the {field} is missing"
        | "补填{field}。", "Fill in the {field}.";
    /// A district or chain the config does not know, with the nearest name.
    V123 UnknownNameNear { field: Name, value: String, nearest: String }
        => "{field}“{value}”不在名单中，是否应为“{nearest}”？", "{field} \"{value}\" is not in the config; did you mean \"{nearest}\"?"
        | "改为“{nearest}”，或从下拉列表中选择。", "Write \"{nearest}\", or choose from the drop-down list.";
    /// A district or chain the config does not know.
    V124 UnknownName { field: Name, value: String }
        => "{field}“{value}”不在名单中", "{field} \"{value}\" is not in the config"
        | "从下拉列表中选择{field}；新设的县区或产业链须先由市招商部门加入配置。", "Choose the {field} from the drop-down list; a new one must first be added to the config by the city's bureau.";
    /// Total investment that is not a number.
    V125 InvestmentNotNumber { value: String }
        => "计划总投资“{value}”不是数字", "total investment \"{value}\" is not a number"
        | "填写以万元为单位的数字，如 12000。", "Write the amount in 10k CNY, such as 12000.";
    /// Total investment of zero or less.
    V126 InvestmentNotPositive { value: f64 }
        => "计划总投资须大于 0（现为 {value}）", "total investment must be above 0 (it is {value})"
        | "填写项目的计划总投资（万元）。", "Write the project's total investment in 10k CNY.";
    /// A date that cannot be read.
    V127 NotADate { field: Name, value: String }
        => "{field}“{value}”不是日期", "{field} \"{value}\" is not a date"
        | "按 2022-03-15、2022/3/15 或 2022年3月15日 填写。", "Write it as 2022-03-15 or 2022/3/15.";
    /// A park the config does not know, with the nearest name.
    V128 UnknownParkNear { value: String, nearest: String }
        => "所在园区“{value}”不在园区名单中（是否应为“{nearest}”？），按不在主导产业园区计分", "park \"{value}\" is not in the config (did you mean \"{nearest}\"?); it counts as no fit with a park's leading chains"
        | "改为“{nearest}”；园区外项目留空。", "Write \"{nearest}\"; leave it empty for a project outside the parks.";
    /// A park the config does not know.
    V129 UnknownPark { value: String }
        => "所在园区“{value}”不在园区名单中，按不在主导产业园区计分", "park \"{value}\" is not in the config; it counts as no fit with a park's leading chains"
        | "从下拉列表中选择园区；园区外项目留空。", "Choose the park from the drop-down list; leave it empty for a project outside the parks.";
    /// A ledger amount that is not a number.
    V130 AmountNotNumber { field: Name, value: String }
        => "{field}“{value}”不是数字，按 0 计", "{field} \"{value}\" is not a number; it counts as 0"
        | "填写以万元（外资为万美元）为单位的数字。", "Write a number in 10k CNY (foreign capital in 10k USD).";
    /// A ledger period that cannot be read.
    V131 NotAPeriod { value: String }
        => "月份“{value}”无法识别", "period \"{value}\" is not a month, quarter or date"
        | "按 2022-03、2022Q1 或 2022年3月 填写。", "Write it as 2022-03 or 2022Q1.";
    /// A negative ledger amount, kept as a correction.
    V132 NegativeAmount { field: Name, value: f64 }
        => "{field}为负数（{value}），作为冲减保留", "{field} is negative ({value}); kept as a correction"
        | "如不是冲减，请改正该金额。", "If it is not a correction, mend the amount.";
    /// A ledger row of a project in no register.
    V133 LedgerUnknownProject { id: String }
        => "项目编号“{id}”不在任何项目登记表中，该行台账未计入", "project ID \"{id}\" is not in any project register; its ledger row is not counted"
        | "核对项目编号；新项目须先在项目登记表中登记。", "Check the ID; a new project must first be entered in its district's register.";
    /// Several ledger rows of a project in no register.
    V134 LedgerUnknownProjectRows { id: String, count: usize, rows: String }
        => "项目编号“{id}”不在任何项目登记表中，其 {count} 行台账未计入（第 {rows} 行）", "project ID \"{id}\" is not in any project register; its {count} ledger rows are not counted (rows {rows})"
        | "核对项目编号；新项目须先在项目登记表中登记。", "Check the ID; a new project must first be entered in its district's register.";
    /// Many ledger projects in no given register: one note, not one warning each.
    V135 LedgerOtherProjects { projects: usize, rows: usize, first: Vec<String> }
        => "台账中有 {projects} 个项目（共 {rows} 行）不在所给的项目登记表中，未计入，如 {first}", "{projects} projects of the ledger ({rows} rows) are in none of the registers given and are not counted, such as {first}"
        | "只检查部分县区的登记表时属正常；否则请补上其余登记表，或核对这些项目编号。", "Expected when only some districts' registers are checked; otherwise add the other registers, or check these IDs.";
    /// A target year that cannot be read.
    V140 NotAYear { value: String }
        => "年度“{value}”不是年份", "year \"{value}\" is not a year"
        | "填写四位年份，如 2022。", "Write a four-digit year, such as 2022.";
    /// A target that is not a number.
    V141 TargetNotNumber { field: Name, value: String }
        => "{field}“{value}”不是数字", "{field} \"{value}\" is not a number"
        | "填写以万元（外资为万美元）为单位的数字。", "Write a number in 10k CNY (foreign targets in 10k USD).";
    /// A negative target.
    V142 TargetNegative { field: Name, value: f64 }
        => "{field}不能为负数（现为 {value}）", "{field} cannot be negative (it is {value})"
        | "填写 0 或正数。", "Write 0 or a positive number.";
    /// A second target for a district and year.
    V143 TargetTwice { district: String, year: i32 }
        => "“{district}”{year}年的目标已在上方给出", "a target for \"{district}\" in {year} was already given above"
        | "每个县区每年只保留一行目标。", "Keep one target row per district and year.";
    /// A target in the config overridden by a target file.
    V144 ConfigTargetIgnored { district: Name, year: i32 }
        => "配置中{district}{year}年的目标未采用：目标文件已给出", "the config's target for {district} in {year} is not used: a target file gives one"
        | "只在一处填写目标：目标文件或配置。", "Give each target in one place: the targets file or the config.";
    /// An operations row of a project in no register.
    V150 OperationsUnknownProject { id: String }
        => "项目编号“{id}”不在任何项目登记表中，该行运营数据未采用", "project ID \"{id}\" is not in any project register; its operations row is not used"
        | "核对项目编号；如项目尚未登记，先补入项目登记表。", "Check the project ID; if the project is not registered yet, add it to the register first.";
    /// A second operations row for a project and year.
    V151 OperationsTwice { id: String, year: i32 }
        => "项目“{id}”{year}年的运营数据已在前面出现，此行未采用", "project \"{id}\" already has an operations row for {year}; this one is not used"
        | "每个项目每年只填一行；合并或删除重复的行。", "Give each project one row a year: merge or delete the repeated row.";
    /// A negative actual figure.
    V152 ActualNegative { field: Name, value: f64 }
        => "{field}为负数（{value}），按未填处理", "{field} is negative ({value}); treated as missing"
        | "填写实际数值；没有数据时留空。", "Write the actual figure; leave it empty when there is none.";

    // ---------------------------------------------------------------- scoring (S)
    /// A missing value under the `reject` policy.
    S201 MissingRejected { indicator: Name }
        => "指标“{indicator}”无值，按配置该项目不参与评分", "indicator \"{indicator}\" has no value and the config rejects such projects: the project is not scored"
        | "补填计算该指标所需的登记表数据。", "Fill in the register columns the indicator is computed from.";
    /// A category value not in an indicator's score map.
    S202 NotInMap { indicator: Name, value: String, default: f64 }
        => "指标“{indicator}”的取值“{value}”没有对应分值，按默认分 {default} 计", "indicator \"{indicator}\": \"{value}\" has no score in its map; it scores the default {default}"
        | "从下拉列表中选择取值，或请市招商部门在配置中为该取值设定分值。", "Choose a value from the drop-down list, or ask the city's bureau to give this value a score in the config.";
    /// A missing value replaced by the population median.
    S203 MedianUsed { indicator: Name, median: f64 }
        => "指标“{indicator}”无值，按全部参评项目的中位数 {median} 计", "indicator \"{indicator}\" has no value; the median of the projects scored, {median}, was used"
        | "补填计算该指标所需的登记表数据。", "Fill in the register columns the indicator is computed from.";
    /// A missing value with no median to use.
    S204 NoMedian { indicator: Name }
        => "指标“{indicator}”无值，且所有参评项目均无此值，计 0 分", "indicator \"{indicator}\" has no value, nor has any project scored; it scores 0"
        | "补填计算该指标所需的登记表数据。", "Fill in the register columns the indicator is computed from.";
    /// Every indicator of a dimension excluded.
    S205 DimensionEmpty { dimension: Name }
        => "“{dimension}”的各项指标均无值，该维度计 0 分", "every indicator of \"{dimension}\" is missing; the dimension scores 0"
        | "补填该维度各指标所需的登记表数据。", "Fill in the register columns this dimension's indicators are computed from.";
    /// A district without a project in scope.
    S206 DistrictNoProjects { district: Name, period: Period }
        => "{district}{period}没有参评项目，项目质量计 0 分", "{district} has no project scored in {period}; its quality is 0"
        | "核对该县区的项目登记表是否已提交、签约时间是否填写正确。", "Check that the district's register was sent and its signing dates are right.";
    /// A district without a capital target.
    S207 DistrictNoTarget { district: Name, year: i32 }
        => "{district}没有{year}年的资金到位目标：无完成率，资金到位计 0 分，并按未达标限档", "{district} has no capital target for {year}: it has no completion, a capital score of 0, and is capped as below the minimum completion"
        | "在目标文件中补填该县区的年度目标。", "Add the district's target for the year to the targets file.";
    /// An exempt project.
    S208 ProjectExempt { condition: String }
        => "符合豁免条件（{condition}），列示但不参与评分和排名", "exempt ({condition}): listed, not scored or ranked"
        | "无需处理。", "Nothing to do.";
    /// The capital projected for the year end, below the gate.
    S209 AtRisk { district: Name, projected: Pct }
        => "{district}预计年末资金到位完成率 {projected}，低于达标线", "{district} is projected to reach {projected} of its capital target by the year end, below the minimum"
        | "督促该县区加快资金到位。", "Follow the district's capital in place.";

    // ---------------------------------------------------------------- whole files (R)
    /// Not a regular file.
    R301 NotRegularFile {}
        => "不是普通文件", "it is not a regular file"
        | "指定表格文件本身，而不是文件夹或设备。", "Name the spreadsheet file itself, not a folder or a device.";
    /// A file over the size limit.
    R302 FileTooBig { size: String, limit: u64 }
        => "文件大小为 {size}，超过上限 {limit} MiB", "the file is {size}, over the limit of {limit} MiB"
        | "确认文件无误；如确需读取，在配置的 [limits] max_file_mb 中调高上限。", "Check the file; if it is right, raise [limits] max_file_mb in the config.";
    /// A workbook protected by a password.
    R303 Password {}
        => "文件设有打开密码，无法读取", "it is protected by a password"
        | "在 Excel 或 WPS 中打开，取消密码后另存为 .xlsx（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）。", "Open it in Excel or WPS, remove the password and save it as .xlsx (File → Info → Protect Workbook → Encrypt with Password, clear it).";
    /// Not a spreadsheet archive.
    R304 NotArchive {}
        => "不是有效的 .xlsx/.ods 文件（内容不是表格压缩包）", "it is not a valid .xlsx or .ods file"
        | "在 Excel 或 WPS 中打开并另存为 .xlsx。", "Open it in Excel or WPS and save it as .xlsx.";
    /// An archive with an absurd member count.
    R305 TooManyMembers { count: usize }
        => "压缩包内有 {count} 个部件，正常工作簿只有几十个", "the archive holds {count} members; a workbook has a few dozen"
        | "在 Excel 或 WPS 中打开并重新另存为 .xlsx。", "Open it in Excel or WPS and save it again as .xlsx.";
    /// A damaged archive.
    R306 ArchiveDamaged {}
        => "文件已损坏", "its archive is damaged"
        | "从原系统重新导出，或在 Excel 中打开修复后另存为 .xlsx。", "Export it again from the program that made it, or let Excel repair it and save it as .xlsx.";
    /// A zip bomb member.
    R307 ZipBomb { member: String, ratio: String, from: String, to: String, limit: u64 }
        => "其中 {member} 解压后会膨胀 {ratio} 倍（从 {from} 到 {to}），超过上限 {limit} 倍，疑似压缩炸弹", "its member {member} would inflate {ratio} times (from {from} to {to}), over the limit of {limit}: this looks like a zip bomb"
        | "不要打开此文件，请向报送单位核实来源。", "Do not open it; ask the office that sent it where it came from.";
    /// An archive inflating past the limit.
    R308 InflatesTooMuch { total: String, limit: u64 }
        => "解压后共 {total}，超过上限 {limit} MiB", "it would inflate to {total}, over the limit of {limit} MiB"
        | "确认文件无误；如确需读取，在配置的 [limits] max_uncompressed_mb 中调高上限。", "Check the file; if it is right, raise [limits] max_uncompressed_mb in the config.";
    /// A shared-strings count the part cannot hold.
    R309 SharedStrings { claimed: u64, size: String, max: u64 }
        => "文件声称有 {claimed} 个文本，但相应部件只有 {size}，至多容纳 {max} 个", "its shared-strings part claims {claimed} strings in {size}; it cannot hold more than {max}"
        | "文件已损坏或被篡改：在 Excel 中打开并重新另存为 .xlsx。", "The file is damaged or forged: open it in Excel and save it again as .xlsx.";
    /// A sheet spanning too many cells.
    R310 SheetSpans { rows: u64, columns: u64, cells: u64, limit: u64 }
        => "工作表声明的范围为 {rows} 行 × {columns} 列 = {cells} 个单元格，超过此格式的上限 {limit}", "the sheet spans {rows} rows × {columns} columns = {cells} cells, over the limit of {limit} cells for this format"
        | "删除表格外的空行空列后另存为 .xlsx；如确需读取，在配置的 [limits] max_cells 中调高上限。", "Delete the empty rows and columns around the table and save it as .xlsx; if it is right, raise [limits] max_cells in the config.";
    /// Not an Excel 97–2003 workbook.
    R311 NotXls {}
        => "不是有效的 Excel 97–2003（.xls）工作簿", "it is not an Excel 97–2003 (.xls) workbook"
        | "在 Excel 或 WPS 中打开并另存为 .xlsx。", "Open it in Excel or WPS and save it as .xlsx.";
    /// An .xls workbook stream that is damaged or missing.
    R312 XlsDamaged {}
        => ".xls 工作簿的内容已损坏", "the .xls workbook's content is damaged"
        | "在 Excel 中打开修复后另存为 .xlsx，或从原系统重新导出。", "Let Excel repair it and save it as .xlsx, or export it again.";
    /// An .xls workbook stream over the limit.
    R313 XlsTooBig { size: String, limit: u64 }
        => ".xls 工作簿内容为 {size}，超过上限 {limit} MiB", "its workbook stream is {size}, over the limit of {limit} MiB"
        | "在 Excel 中另存为 .xlsx 后再提交。", "Save it as .xlsx in Excel and send that.";
    /// An .xls sheet declaring impossible dimensions.
    R314 XlsImpossible { sheet: u32 }
        => "第 {sheet} 张工作表声明的范围不可能成立，文件已损坏", "sheet {sheet} declares impossible dimensions: the file is damaged"
        | "在 Excel 中打开修复后另存为 .xlsx。", "Let Excel repair it and save it as .xlsx.";
    /// No content.xml in an .ods archive.
    R315 NoContentXml {}
        => "压缩包中没有 content.xml，不是 OpenDocument 表格", "it holds no content.xml: it is not an OpenDocument spreadsheet"
        | "在 LibreOffice 或 WPS 中打开并另存为 .xlsx。", "Open it in LibreOffice or WPS and save it as .xlsx.";
    /// A damaged content.xml.
    R316 ContentXmlInvalid {}
        => "content.xml 不是有效的 XML，文件已损坏", "its content.xml is not valid XML: the file is damaged"
        | "在 LibreOffice 中打开并另存为 .xlsx。", "Open it in LibreOffice and save it as .xlsx.";
    /// Too many repeated spaces in an .ods.
    R317 OdsSpaces { spaces: u64, limit: u64 }
        => "content.xml 要求在单元格中重复 {spaces} 个空格，上限为 {limit}", "its content.xml asks for {spaces} repeated spaces in its cells; a sheet may hold {limit}"
        | "在 LibreOffice 中打开并另存为 .xlsx。", "Open it in LibreOffice and save it as .xlsx.";
    /// A sheet or file holding too many cells.
    R318 CellsOverLimit { limit: u64 }
        => "包含的单元格超过上限 {limit} 个", "it holds more than {limit} cells"
        | "删除表格外多余的内容；如确需读取，在配置的 [limits] max_cells 中调高上限。", "Delete what lies outside the table; if it is right, raise [limits] max_cells in the config.";
    /// A workbook a reader cannot open.
    R319 WorkbookUnreadable {}
        => "无法作为工作簿读取", "it is not a readable workbook"
        | "在 Excel 或 WPS 中打开并另存为 .xlsx。", "Open it in Excel or WPS and save it as .xlsx.";
    /// A reader that failed on damaged content.
    R320 ReaderFailed {}
        => "读取时发现内容已损坏", "its reader failed on damaged content"
        | "在 Excel 或 WPS 中打开并另存为 .xlsx；仍不行请从原系统重新导出。", "Open it in Excel or WPS and save it as .xlsx; if that fails, export it again.";
    /// An extension that is not read.
    R321 UnknownExtension {}
        => "扩展名不是 .xlsx、.xlsm、.xlsb、.xls、.ods、.csv 或 .parquet", "its extension is not one of .xlsx, .xlsm, .xlsb, .xls, .ods, .csv or .parquet"
        | "另存为 .xlsx 后再提交。", "Save it as .xlsx and send that.";
    /// A parquet file that cannot be read.
    R322 ParquetUnreadable {}
        => "不是可读取的 parquet 文件", "it is not a readable parquet file"
        | "从原系统重新导出。", "Export it again from the program that made it.";
    /// A parquet file over the uncompressed limit.
    R323 ParquetTooBig { size: u64, limit: u64 }
        => "各列解压后共 {size} MiB，超过上限 {limit} MiB", "its columns hold {size} MiB uncompressed, over the limit of {limit} MiB"
        | "确认文件无误；如确需读取，在配置的 [limits] max_uncompressed_mb 中调高上限。", "Check the file; if it is right, raise [limits] max_uncompressed_mb in the config.";
    /// A damaged parquet file.
    R324 ParquetDamaged {}
        => "parquet 文件已损坏", "the parquet file is damaged"
        | "从原系统重新导出。", "Export it again from the program that made it.";
    /// A CSV quote that closes far below.
    R325 QuoteCloses { opened: u64, line: u64, next: u64 }
        => "第 {opened} 行的引号直到第 {line} 行才闭合，第 {next}–{line} 行会被读成同一个单元格", "the quote opening a cell on line {opened} closes only on line {line}, so lines {next}–{line} would be read as part of that one cell"
        | "在第 {opened} 行补上闭合的引号，或删去该引号。", "Close the quote on line {opened}, or remove it.";
    /// A CSV quote that never closes.
    R326 QuoteNeverCloses { opened: u64 }
        => "第 {opened} 行的引号始终没有闭合，其后各行会被读成同一个单元格", "the quote opening a cell on line {opened} is never closed, so every line after it would be read as one cell"
        | "补上闭合的引号，或删去该引号。", "Close the quote, or remove it.";
    /// Not valid CSV.
    R327 CsvInvalid {}
        => "不是有效的 CSV 文本", "it is not valid CSV"
        | "用 Excel 打开后另存为 .xlsx，或另存为 UTF-8 编码的 CSV。", "Open it in Excel and save it as .xlsx, or as CSV in UTF-8.";
    /// No header row found.
    R328 NoHeaderRow { rows: u32, kind: L }
        => "前 {rows} 行中找不到{kind}的表头", "no header row found in the first {rows} rows: none of them names a {kind} column"
        | "使用 chainscore init 生成的模板，或把表头改为模板中的列名。", "Use the template `chainscore init` writes, or give the columns the template's headers.";
    /// A header row lacking required columns.
    R329 HeaderLacks { rows: u32, row: u32, missing: Vec<Name> }
        => "前 {rows} 行中没有包含全部必填列的表头；第 {row} 行最接近，但缺少：{missing}", "no header row in the first {rows} rows has every required column; row {row} comes closest but lacks {missing}"
        | "在表头中补上这些列（列名见模板），或请市招商部门在配置中加入你们使用的列名。", "Add those columns (the template names them), or ask the city's bureau to add your headers to the config.";
    /// A header row lacking required columns, with near-misses.
    R330 HeaderLacksNear { rows: u32, row: u32, missing: Vec<Name>, near: Vec<Say> }
        => "前 {rows} 行中没有包含全部必填列的表头；第 {row} 行最接近，但缺少：{missing}（{near}）", "no header row in the first {rows} rows has every required column; row {row} comes closest but lacks {missing} ({near})"
        | "把这些表头改为模板中的列名，或请市招商部门在配置中加入你们使用的列名。", "Rename those headers as the template has them, or ask the city's bureau to add your headers to the config.";
    /// The named sheet is not in the workbook.
    R331 NoSheetNamed { wanted: String, sheets: Vec<String> }
        => "没有名为“{wanted}”的工作表；现有工作表：{sheets}", "it has no sheet \"{wanted}\"; its sheets are {sheets}"
        | "把工作表改名为“{wanted}”，或在配置的 [inputs] 中改为实际的工作表名。", "Rename the sheet \"{wanted}\", or set the sheet's name in the config's [inputs].";
    /// A workbook without sheets.
    R332 NoSheet {}
        => "工作簿中没有工作表", "the workbook has no sheet"
        | "确认文件是否正确。", "Check it is the right file.";
    /// A glob that does not parse.
    R333 BadGlob { kind: L, pattern: String }
        => "{kind}的路径“{pattern}”不是有效的通配符", "the {kind} pattern \"{pattern}\" is not a valid glob"
        | "检查方括号和星号的写法，或直接写出文件名。", "Check its brackets and stars, or name the file itself.";
    /// No project register named anywhere.
    R334 NoProjectsGiven {}
        => "没有指定项目登记表", "no project register given"
        | "在配置的 [inputs] projects 中写明，或用 --projects 指定。", "Set [inputs] projects in the config or pass --projects.";
    /// A register that holds no project row.
    R335 NoProjectRows {}
        => "项目登记表中没有任何项目行", "the project register holds no project row"
        | "确认提交的是填好的登记表，而不是空模板。", "Check the register sent is the filled one, not the empty template.";
    /// The baseline folder's sidecar cannot be read.
    R336 NotASidecar { name: String }
        => "不是 chainscore 生成的 {name} 文件", "it is not a {name} sidecar of chainscore"
        | "--baseline 应指向以前某次评价的期间文件夹（如 out/2022Q3）。", "--baseline takes an earlier run's period folder (such as out/2022Q3).";
    /// A workbook part listed but missing.
    R337 SheetPartMissing { sheet: String }
        => "工作簿目录列出了工作表“{sheet}”，但文件中没有它", "the workbook lists the sheet \"{sheet}\" but does not hold it"
        | "在 Excel 中打开修复后另存为 .xlsx。", "Let Excel repair it and save it as .xlsx.";
    /// Another kind of document under a spreadsheet's name.
    R338 OtherDocument { what: L }
        => "这是{what}，不是表格文件", "it is {what}, not a spreadsheet"
        | "找到登记表原文件另存为 .xlsx 后再提交；如表格在此文件中，把它复制到 chainscore init 生成的模板里。", "Send the register itself saved as .xlsx; if the table is inside this file, copy it into the template `chainscore init` writes.";
    /// A BIFF2–4 workbook (Excel 4.0 and older).
    R339 OldExcel { version: String }
        => "这是 Excel {version} 的旧格式工作簿，格式过旧无法读取", "it is an Excel {version} workbook, a format too old to read"
        | "在 Excel 或 WPS 中打开并另存为 .xlsx。", "Open it in Excel or WPS and save it as .xlsx.";
    /// A web page of several tables saved as a workbook.
    R340 HtmlTables { count: usize, tables: Vec<String> }
        => "这是网页（HTML）格式的表格，其中有 {count} 张表（{tables}），无法确定哪一张是登记表", "it is a web page (HTML) holding {count} tables ({tables}); which one is the register cannot be told"
        | "在 Excel 或 WPS 中打开，只保留登记表那一张，另存为 .xlsx。", "Open it in Excel or WPS, keep only the register's table and save it as .xlsx.";
    /// A web page without a table saved as a workbook.
    R341 HtmlNoTable {}
        => "这是网页（HTML）文件，其中没有表格", "it is a web page (HTML) with no table in it"
        | "从原系统导出 Excel 格式（.xlsx）的文件后再提交。", "Export the register from its system as .xlsx and send that.";
    /// A damaged .xlsb part.
    R342 XlsbDamaged {}
        => ".xlsb 工作簿的内容已损坏", "the .xlsb workbook's content is damaged"
        | "在 Excel 中打开修复后另存为 .xlsx。", "Let Excel repair it and save it as .xlsx.";

    // ---------------------------------------------------------------- config (C)
    /// Not TOML.
    C401 NotToml { reason: String }
        => "不是有效的 TOML：{reason}", "not valid TOML: {reason}"
        | "检查该行的引号、方括号和等号；文字要加英文引号，数字不加。", "Check the line's quotes, brackets and equals sign; text goes in double quotes, numbers without.";
    /// `extends` in a circle.
    C402 ExtendsCircle {}
        => "extends 循环引用，或嵌套超过 8 层", "`extends` goes round in a circle or deeper than 8 files"
        | "让每个配置只继承一个更基础的配置，最终继承 \"builtin\"。", "Make each config extend a more general one, ending with \"builtin\".";
    /// `extends` that is not a file name.
    C403 ExtendsNotName {}
        => "extends 应为加引号的文件名，或 \"builtin\"（内置配置）", "`extends` must be a file name in quotes, or \"builtin\" for the built-in config"
        | "写成 extends = \"builtin\" 或 extends = \"base.toml\"。", "Write extends = \"builtin\" or extends = \"base.toml\".";
    /// A file named by `extends` with a problem.
    C404 ExtendsFile { file: String, problem: L }
        => "extends 指向的 {file} {problem}", "`extends` names {file}, which {problem}"
        | "改正 extends 中的路径（相对于本配置文件所在的文件夹）。", "Mend the path in `extends` (it is relative to this config's folder).";
    /// A config file with a problem.
    C405 ConfigFile { problem: L }
        => "配置文件{problem}", "the config file {problem}"
        | "用 --config 指定一个 UTF-8 编码、不超过 1 MiB 的 TOML 文件；chainscore init DIR 可生成一个。", "Pass --config a UTF-8 TOML file of at most 1 MiB; `chainscore init DIR` writes one.";
    /// An unknown key with a near one.
    C406 UnknownKeyNear { name: String, best: String }
        => "未知的键 `{name}`，是否应为 `{best}`？", "unknown key `{name}`; did you mean `{best}`?"
        | "改为 `{best}`；各键的说明见 README 的“参数配置”一节。", "Write `{best}`; the README's Configuration section lists every key.";
    /// An unknown key in a table with no keys.
    C407 UnknownKeyNone { name: String }
        => "未知的键 `{name}`：此表不接受任何键", "unknown key `{name}`: this table takes no keys"
        | "删除该键。", "Delete the key.";
    /// An unknown key.
    C408 UnknownKey { name: String, valid: Vec<String> }
        => "未知的键 `{name}`；可用的键：{valid}", "unknown key `{name}`; valid keys are {valid}"
        | "改用其中一个键，或删除该键。", "Use one of them, or delete the key.";
    /// A value that is not one of the choices, with a near one.
    C409 BadValueNear { name: String, best: String, valid: Vec<String> }
        => "`{name}` 不是可用的取值，是否应为 `{best}`？（可用：{valid}）", "`{name}` is not a valid value; did you mean `{best}`? (valid: {valid})"
        | "改为 \"{best}\"。", "Write \"{best}\".";
    /// A value that is not one of the choices.
    C410 BadValue { name: String, valid: Vec<String> }
        => "`{name}` 不是可用的取值；可用：{valid}", "`{name}` is not a valid value; valid values are {valid}"
        | "改用其中一个取值。", "Use one of those values.";
    /// A required key missing.
    C411 KeyMissing { name: String }
        => "缺少必填的键 `{name}`", "the required key `{name}` is missing"
        | "补上该键；内置配置中有每个键的示例。", "Add the key; the built-in config shows each one.";
    /// A required key missing from a table.
    C412 KeyMissingIn { name: String, table: String }
        => "[{table}] 中缺少必填的键 `{name}`", "the required key `{name}` is missing from [{table}]"
        | "在 [{table}] 中补上 `{name}`。", "Add `{name}` to [{table}].";
    /// A number written as text.
    C413 NumberQuoted { found: String }
        => "应为数字，但写成了加引号的文字 {found}", "a number is needed, but it is written as text in quotes: {found}"
        | "去掉数字两边的引号，如 weight = 30。", "Write the number without quotes, such as weight = 30.";
    /// Something other than a number.
    C414 NumberNeeded { found: String }
        => "应为数字，但写的是 {found}", "a number is needed, not {found}"
        | "写一个不加引号的数字，如 30 或 0.25。", "Write a number without quotes, such as 30 or 0.25.";
    /// Something other than text.
    C415 TextNeeded { found: String }
        => "应为加引号的文字，但写的是 {found}", "text in quotes is needed, not {found}"
        | "用英文双引号括起来，如 \"2022Q4\"。", "Put it in double quotes, such as \"2022Q4\".";
    /// Something other than true/false.
    C416 FlagNeeded { found: String }
        => "应为 true 或 false，但写的是 {found}", "true or false is needed, not {found}"
        | "写 true 或 false（不加引号）。", "Write true or false, without quotes.";
    /// Something other than a list.
    C417 ListNeeded { found: String }
        => "应为方括号列表，但写的是 {found}", "a list in brackets is needed, not {found}"
        | "写成 [\"a\", \"b\"] 这样的列表。", "Write a list such as [\"a\", \"b\"].";
    /// Something other than a table.
    C418 TableNeeded { found: String }
        => "应为一个表（{{ … }} 或 [段落]），但写的是 {found}", "a table ({{ … }} or a [section]) is needed, not {found}"
        | "参照内置配置中该键的写法。", "Write it as the built-in config does.";
    /// A whole number needed.
    C419 WholeNumberNeeded { found: String }
        => "应为 0 或正整数，但写的是 {found}", "a whole number of 0 or more is needed, not {found}"
        | "写一个不加引号的整数，如 50000。", "Write a whole number without quotes, such as 50000.";
    /// A benchmark that is neither a number nor `{ mean_times = k }`.
    C420 BenchmarkShape {}
        => "基准值应为数字，或 {{ mean_times = k }}（k 倍的平均值）", "the benchmark must be a number, or {{ mean_times = k }} (k times the mean)"
        | "写成 benchmark = 500 或 benchmark = {{ mean_times = 1.0 }}。", "Write benchmark = 500 or benchmark = {{ mean_times = 1.0 }}.";
    /// A judgment value that is neither a number nor a fraction.
    C421 JudgmentShape {}
        => "判断值应为 1–9 的数，或 \"1/3\" 这样的分数", "a judgment must be a number from 1 to 9, or a fraction such as \"1/3\""
        | "写成 [\"a\", \"b\", 3] 或 [\"a\", \"b\", \"1/3\"]。", "Write [\"a\", \"b\", 3] or [\"a\", \"b\", \"1/3\"].";
    /// A list of the wrong length.
    C422 WrongLength { found: String }
        => "列表的个数不对：{found}", "the list has the wrong length: {found}"
        | "参照内置配置中该键的写法。", "Write it as the built-in config does.";
    /// Anything else serde says.
    C423 Shape { text: String }
        => "写法有误：{text}", "{text}"
        | "参照内置配置中该键的写法。", "Write it as the built-in config does.";
    /// A period that does not parse.
    C424 BadPeriod { text: String }
        => "“{text}”不是期间", "\"{text}\" is not a period"
        | "写年份（2022）、季度（2022Q3）或月份（2022-09）。", "Write a year (2022), a quarter (2022Q3) or a month (2022-09).";
    /// No dimension.
    C425 NoDimension {}
        => "至少需要一个维度", "at least one dimension is needed"
        | "保留 intensity、output、tech、relevance 中的至少一个。", "Keep at least one of intensity, output, tech and relevance.";
    /// A weight that is not finite.
    C426 WeightNotFinite {}
        => "权重必须是有限的数", "a weight must be a finite number"
        | "写一个 0 或正数，如 30。", "Write 0 or a positive number, such as 30.";
    /// A negative weight.
    C427 WeightNegative { weight: f64 }
        => "权重不能为负数（现为 {weight}）", "a weight cannot be negative (it is {weight})"
        | "改为 0（不计入）或正数。", "Write 0 (left out) or a positive number.";
    /// A dimension key that is not one of the four.
    C428 NotADimensionKey { key: String, keys: Vec<String>, hint: Hint }
        => "`{key}` 不是四个维度之一（{keys}）{hint}", "`{key}` is not one of the four dimensions ({keys}){hint}"
        | "维度只能是 {keys}。", "Dimensions are {keys}.";
    /// Weights summing to zero.
    C429 WeightsSumZero {}
        => "这组权重之和为 0，至少一个须为正数", "the weights sum to zero; at least one must be positive"
        | "给至少一项正的权重。", "Give at least one a positive weight.";
    /// Weights too large to add.
    C430 WeightsOverflow {}
        => "权重太大，无法相加；权重是相对的，请用较小的数（30/30/20/20 与 0.3/0.3/0.2/0.2 相同）", "the weights are too large to add up; weights are relative, so use smaller numbers (30/30/20/20 is the same as 0.3/0.3/0.2/0.2)"
        | "把这组权重同比缩小。", "Scale the set down.";
    /// No chain.
    C431 NoChain {}
        => "至少需要一条产业链", "at least one chain is needed"
        | "在 [chains] 中至少保留一条产业链。", "Keep at least one chain under [chains].";
    /// No district.
    C432 NoDistrict {}
        => "至少需要一个县区", "at least one district is needed"
        | "在 [districts] 中至少保留一个县区。", "Keep at least one district under [districts].";
    /// A spelling naming two entries.
    C433 AmbiguousSpelling { spelling: String, other: String, key: String }
        => "名称“{spelling}”同时指向 `{other}` 和 `{key}`，一个名称只能对应一项", "the spelling \"{spelling}\" names both `{other}` and `{key}`; a name must point to one entry"
        | "从其中一项的 name 或 aliases 中删去“{spelling}”。", "Remove \"{spelling}\" from one entry's name or aliases.";
    /// A dimension without indicators.
    C434 DimensionWithoutIndicator { dimension: String }
        => "维度 `{dimension}` 没有指标", "dimension `{dimension}` has no indicator"
        | "为它加一个指标，或删去该维度。", "Give it an indicator, or delete the dimension.";
    /// An indicator key taken by an output column.
    C435 ReservedKey { key: String }
        => "`{key}` 已是输出表的列名，请给该指标换一个键", "`{key}` is a column of the output already; give the indicator another key"
        | "把 [indicators.{key}] 改为其他名字。", "Rename [indicators.{key}].";
    /// A dimension that does not exist.
    C436 NotADimension { name: String, hint: Hint }
        => "`{name}` 不是维度{hint}", "`{name}` is not a dimension{hint}"
        | "写 intensity、output、tech 或 relevance。", "Write intensity, output, tech or relevance.";
    /// `missing = "default"` on a non-category indicator.
    C437 DefaultOnlyCategory {}
        => "missing = \"default\" 只适用于分类指标", "`default` applies only to category indicators"
        | "改用 zero、median、exclude 或 reject。", "Use zero, median, exclude or reject.";
    /// `missing = "median"` on a category or boolean indicator.
    C438 MedianNeedsNumbers {}
        => "missing = \"median\" 需要数值，分类或是/否指标不能使用", "`median` needs numbers; a category or boolean indicator cannot use it"
        | "改用 zero、exclude、reject 或 default。", "Use zero, exclude, reject or default.";
    /// No tier level.
    C439 NoTier {}
        => "至少需要一个等级", "at least one tier level is needed"
        | "参照内置配置写出 A、B、C、D 各档。", "Write the levels as the built-in config does (A, B, C, D).";
    /// A tier named twice.
    C440 TierTwice { name: String }
        => "等级 `{name}` 出现了两次", "the tier `{name}` appears twice"
        | "每个等级只写一次。", "Write each tier once.";
    /// A tier without a name.
    C441 TierNoName {}
        => "等级缺少名称", "a tier needs a name"
        | "写 name = \"A\" 这样的名称。", "Give it a name, such as name = \"A\".";
    /// A threshold tier without `min`.
    C442 TierNeedsMin { name: String }
        => "按分数线分档（method = \"threshold\"）时，等级 `{name}` 需要 min（不要写 share）", "tier `{name}` needs `min` (and no `share`) with method = \"threshold\""
        | "写 {{ name = \"{name}\", min = 85 }}。", "Write {{ name = \"{name}\", min = 85 }}.";
    /// A share tier without `share`.
    C443 TierNeedsShare { name: String }
        => "按比例分档（method = \"share\"）时，等级 `{name}` 需要 share（不要写 min）", "tier `{name}` needs `share` (and no `min`) with method = \"share\""
        | "写 {{ name = \"{name}\", share = 0.2 }}。", "Write {{ name = \"{name}\", share = 0.2 }}.";
    /// A tier bound that is not finite.
    C444 TierBound {}
        => "分档界限必须是有限的数", "the bound must be a finite number"
        | "写 0–100 之间的分数线，或 0–1 之间的比例。", "Write a threshold from 0 to 100, or a share from 0 to 1.";
    /// Thresholds not falling.
    C445 ThresholdsOrder { name: String, bound: f64, above: String, above_bound: f64 }
        => "分数线须从高档到低档递减：`{name}`（{bound}）不低于 `{above}`（{above_bound}）", "tier thresholds must fall from the best tier down: `{name}` ({bound}) is not below `{above}` ({above_bound})"
        | "按从高到低的顺序排列各档。", "List the tiers from the best down.";
    /// A best tier above 100.
    C446 BestTierAbove { name: String, bound: f64 }
        => "最高档 `{name}` 的分数线高于 100（{bound}），任何总分都达不到", "the best tier `{name}` starts above 100 ({bound}); no total can reach it"
        | "把分数线改为 100 以内。", "Set its threshold to 100 or less.";
    /// A last tier not starting at 0.
    C447 TiersNotCovering { name: String, bound: f64 }
        => "各档须覆盖 0–100：最低档 `{name}` 从 {bound} 开始，低于它的总分将没有等级", "the tiers must cover 0–100: the last tier `{name}` starts at {bound}, so totals below it would have no tier"
        | "把最低档的 min 改为 0。", "Set the last tier's min to 0.";
    /// Shares not rising.
    C448 SharesOrder { name: String, bound: f64, above: String, above_bound: f64 }
        => "比例是累计的，须逐档上升：`{name}`（{bound}）不高于 `{above}`（{above_bound}）", "tier shares are cumulative and must rise: `{name}` ({bound}) is not above `{above}` ({above_bound})"
        | "写累计比例，如 0.2、0.6、0.95、1。", "Write cumulative shares, such as 0.2, 0.6, 0.95, 1.";
    /// A first share of 0.
    C449 FirstShare {}
        => "第一档的比例须大于 0", "the first share must be above 0"
        | "写一个大于 0 的比例，如 0.2。", "Write a share above 0, such as 0.2.";
    /// A last share other than 1.
    C450 SharesNotCovering { name: String, bound: f64 }
        => "各档须覆盖全部排名：最低档 `{name}` 的比例为 {bound}，应为 1", "the tiers must cover the whole ranking: the last tier `{name}` has share {bound}, it must be 1"
        | "把最低档的 share 改为 1。", "Set the last tier's share to 1.";
    /// A gate tier that is not a tier.
    C451 GateNotATier { name: String, tiers: Vec<String> }
        => "`{name}` 不是等级；等级有：{tiers}", "`{name}` is not a tier; tiers are {tiers}"
        | "写其中一个等级。", "Write one of them.";
    /// Quality and capital weights summing to zero.
    C452 DistrictWeightsZero {}
        => "quality_weight 与 capital_weight 之和为 0", "quality_weight and capital_weight sum to zero"
        | "给其中至少一个正的权重（默认 70 和 30）。", "Give at least one a positive weight (70 and 30 by default).";
    /// A number that must be above 0.
    C453 MustBePositive { value: f64 }
        => "须大于 0（现为 {value}）", "must be above 0 (it is {value})"
        | "写一个大于 0 的数。", "Write a number above 0.";
    /// A number that cannot be negative.
    C454 MustNotBeNegative {}
        => "不能为负数", "cannot be negative"
        | "写 0 或正数。", "Write 0 or a positive number.";
    /// `sheet_projects` out of range.
    C455 SheetProjects { max: u64, value: u64 }
        => "须在 1 到 {max} 之间（一张工作表去掉表头和说明行能放的行数），现为 {value}", "must be 1 to {max} (a sheet's rows less its header and note), not {value}"
        | "写一个此范围内的数，默认 50000。", "Write a number in that range; 50000 by default.";
    /// A limit of 0.
    C456 LimitZero {}
        => "上限为 0 会拒收所有文件", "a limit of 0 would refuse every file"
        | "写一个正数，或删去该键使用默认值。", "Write a positive number, or delete the key for the default.";
    /// A chain key that does not exist.
    C457 NotAChainKey { chain: String, hint: Hint }
        => "`{chain}` 不是产业链的键{hint}", "`{chain}` is not a chain key{hint}"
        | "写 [chains] 下已有的键。", "Write a key of [chains].";
    /// A check without an expression.
    C458 CheckNeedsExpr { key: String }
        => "核查 `{key}` 需要 expr 或 by_park_level", "check `{key}` needs `expr` or `by_park_level`"
        | "参照内置配置中 land_admission 的写法。", "Write it as the built-in config's land_admission.";
    /// Adjustment points not finite.
    C459 PointsNotNumber {}
        => "加减分须为数字", "points must be a number"
        | "写 2 或 -5 这样的数。", "Write a number such as 2 or -5.";
    /// An adjustment cap below 0.
    C460 CapNotPoints {}
        => "上限须为 0 或正数的分值", "cap must be a number of points of 0 or more"
        | "写 6 这样的数。", "Write a number such as 6.";
    /// A required column without aliases.
    C461 NoAliases { column: Name, key: String, table: String }
        => "必填列“{column}”（{key}）在 [{table}] 中没有列名", "the required column {column} (`{key}`) has no aliases in [{table}]"
        | "在 [{table}] 中为 {key} 写出表头名称。", "Give {key} its headers under [{table}].";
    /// A district that does not exist, in a config target.
    C462 NotADistrict { name: String, hint: Hint }
        => "“{name}”不是县区{hint}", "\"{name}\" is not a district{hint}"
        | "写 [districts] 中的县区名称或别名。", "Write a district's name or alias from [districts].";
    /// A negative target in the config.
    C463 TargetNegativeConfig {}
        => "目标不能为负数", "a target cannot be negative"
        | "写 0 或正数。", "Write 0 or a positive number.";
    /// An empty expression.
    C464 ExprEmpty {}
        => "表达式为空", "the expression is empty"
        | "写一个 SQL 表达式，如 annual_output / land_area。", "Write an SQL expression, such as annual_output / land_area.";
    /// An expression that does not parse.
    C465 ExprParse { text: Clip, reason: String }
        => "表达式 `{text}` 无法解析：{reason}", "the expression `{text}` does not parse: {reason}"
        | "检查括号、引号和运算符；文字用单引号，如 link = 'build'。", "Check its brackets, quotes and operators; text goes in single quotes, such as link = 'build'.";
    /// An expression that cannot be evaluated.
    C466 ExprEval { reason: String }
        => "表达式无法计算：{reason}", "the expression cannot be evaluated: {reason}"
        | "检查各列的类型：数字与数字比较，日期写成 'YYYY-MM-DD'。", "Check the columns' types: compare numbers with numbers, dates written 'YYYY-MM-DD'.";
    /// A condition that is not true/false.
    C467 NotACondition { kind: L }
        => "条件须得出“是/否”，但此表达式得出{kind}", "a condition must be true or false, but this expression gives a {kind} value"
        | "写成比较，如 `… > 0`。", "Compare it, such as `… > 0`.";
    /// An expression naming a column that does not exist.
    C468 UnknownColumn { name: String, hint: Hint, columns: Clip }
        => "表达式用到的列 `{name}` 不存在（可用的列：{columns}）{hint}", "the expression names the column `{name}`, which does not exist (the columns are: {columns}){hint}"
        | "改用已有的列名；登记表中的其他列以其表头为名。", "Use an existing column; a register's other columns go by their headers.";
    /// A parameter the method does not take.
    C469 ParameterNotForMethod { name: String, method: L, takes: Vec<String> }
        => "`{name}` 不适用于{method}（可用参数：{takes}）", "`{name}` does not apply to the method {method} (it takes {takes})"
        | "删去 `{name}`，或改用需要它的方法。", "Delete `{name}`, or use a method that takes it.";
    /// A parameter for a method that takes none.
    C470 ParameterNone { name: String, method: L }
        => "`{name}` 不适用于{method}，该方法没有参数", "`{name}` does not apply to the method {method}, which takes no parameters"
        | "删去 `{name}`。", "Delete `{name}`.";
    /// A parameter that is not finite.
    C471 NotFinite {}
        => "须为有限的数", "must be a finite number"
        | "写一个普通的数。", "Write an ordinary number.";
    /// Goalposts missing.
    C472 GoalpostNeeds {}
        => "目标值法需要 lo 和 hi", "method `goalpost` needs `lo` and `hi`"
        | "写 lo = 100 和 hi = 500 这样的下限和上限。", "Write a lower and an upper goalpost, such as lo = 100 and hi = 500.";
    /// Winsor limits out of shape.
    C473 Winsor { found: String }
        => "winsor 须为两个比例 [p_lo, p_hi]，且 0 ≤ p_lo < p_hi ≤ 1（现为 {found}）", "winsor must be two fractions [p_lo, p_hi] with 0 ≤ p_lo < p_hi ≤ 1 (it is {found})"
        | "写成 winsor = [0.05, 0.95]。", "Write winsor = [0.05, 0.95].";
    /// Bands missing.
    C474 BandsNeeded {}
        => "分段计分法需要 bands = [[界限, 分数], …]", "method `bands` needs `bands = [[threshold, score], …]`"
        | "写成 bands = [[0, 0], [1, 40], [5, 70]]。", "Write bands = [[0, 0], [1, 40], [5, 70]].";
    /// Bands empty.
    C475 BandsEmpty {}
        => "bands 不能为空", "bands cannot be empty"
        | "至少写一段 [界限, 分数]。", "Write at least one [threshold, score].";
    /// A band out of shape.
    C476 BandShape { band: usize, found: String }
        => "第 {band} 段应为 [界限, 分数]（现为 {found}）", "band {band} must be [threshold, score] (it is {found})"
        | "每段写两个数，如 [5, 70]。", "Write two numbers per band, such as [5, 70].";
    /// A band score outside 0–100.
    C477 BandScore { band: usize, score: f64 }
        => "第 {band} 段的分数为 {score}，超出 0–100", "band {band} scores {score}, outside 0–100"
        | "分数写在 0–100 之间。", "Write scores from 0 to 100.";
    /// Bands out of order.
    C478 BandsOrder { threshold: f64, band: usize, before: f64, band_before: usize }
        => "分段界限须递增：第 {band} 段的 {threshold} 不高于第 {band_before} 段的 {before}", "bands out of order: threshold {threshold} (band {band}) is not above {before} (band {band_before})"
        | "按界限从小到大排列。", "List the thresholds ascending.";
    /// A score parameter outside 0–100.
    C479 ScoreRange { value: f64 }
        => "须在 0–100 之间（现为 {value}）", "must lie in 0–100 (it is {value})"
        | "写 0–100 之间的分数。", "Write a score from 0 to 100.";
    /// A category map missing.
    C480 MapNeeded {}
        => "分类计分法需要 map = {{ 取值 = 分数, … }}", "method `category` needs `map = {{ value = score, … }}`"
        | "写成 map = {{ build = 100, supplement = 90 }}。", "Write map = {{ build = 100, supplement = 90 }}.";
    /// A category map score outside 0–100.
    C481 MapScore { value: Name, score: f64 }
        => "“{value}”的分数为 {score}，超出 0–100", "the score of {value} is {score}, outside 0–100"
        | "分数写在 0–100 之间。", "Write scores from 0 to 100.";
    /// A benchmark of 0 or less.
    C482 BenchmarkPositive {}
        => "基准值须大于 0", "the benchmark must be above 0"
        | "写一个大于 0 的数，或 {{ mean_times = 1.0 }}。", "Write a number above 0, or {{ mean_times = 1.0 }}.";
    /// A benchmark missing.
    C483 BenchmarkNeeded {}
        => "比值法需要 benchmark（一个数，或 {{ mean_times = k }}）", "method `ratio` needs `benchmark` (a number, or {{ mean_times = k }})"
        | "写 benchmark = 500 或 benchmark = {{ mean_times = 1.0 }}。", "Write benchmark = 500 or benchmark = {{ mean_times = 1.0 }}.";
    /// Equal goalposts.
    C484 GoalpostsEqual { lo: f64 }
        => "上下限相等（lo = hi = {lo}），须不同", "the goalposts are equal (lo = hi = {lo}); they must differ"
        | "把 hi 设得高于 lo。", "Set hi above lo.";
    /// Log goalposts at or below -1.
    C485 GoalpostsLog {}
        => "log = true 时上下限须大于 -1（ln(1 + x) 在其下无定义）", "with log = true the goalposts must be above -1 (ln(1 + x) is undefined below)"
        | "调高下限，或改为 log = false。", "Raise the goalposts, or set log = false.";
    /// An AHP key that is not in the set.
    C486 AhpUnknownKey { key: String, keys: Vec<String>, hint: Hint }
        => "`{key}` 不在 {keys} 之中{hint}", "`{key}` is not one of {keys}{hint}"
        | "只比较这组中的 {keys}。", "Compare only {keys}.";
    /// An AHP key compared with itself.
    C487 AhpSelf { key: String }
        => "`{key}` 与自身比较", "`{key}` is compared with itself"
        | "删去这一判断：自身比较总是 1。", "Delete the judgment: an item against itself is always 1.";
    /// A judgment off Saaty's scale.
    C488 AhpScale { a: String, b: String, value: String }
        => "`{a}` 与 `{b}` 的判断值 {value} 不在 1–9 标度内（1/9 到 9）", "`{a}` vs `{b}`: {value} is not on Saaty's scale (1/9 to 9)"
        | "用 1、3、5、7、9（或其间的 2、4、6、8）及其倒数 \"1/3\" 等。", "Use 1, 3, 5, 7, 9 (2, 4, 6, 8 between) or their reciprocals such as \"1/3\".";
    /// A pair judged twice.
    C489 AhpTwice { a: String, b: String }
        => "`{a}` 与 `{b}` 被判断了两次", "`{a}` and `{b}` are judged twice"
        | "每对只保留一个判断。", "Keep one judgment per pair.";
    /// A pair not judged.
    C490 AhpMissing { a: String, b: String, n: usize, pairs: usize }
        => "`{a}` 与 `{b}` 没有判断：{n} 项两两比较共 {pairs} 对，每对都要有判断（不接受不完整的矩阵）", "`{a}` vs `{b}` is not judged: with {n} to compare every one of the {pairs} pairs needs a judgment (an incomplete matrix is not accepted)"
        | "补上 [\"{a}\", \"{b}\", x]。", "Add [\"{a}\", \"{b}\", x].";
    /// Neither judgments nor experts.
    C491 AhpNeither {}
        => "需要 judgments（一份判断矩阵）或 experts（多位专家）", "give `judgments` (one matrix) or `experts` (several)"
        | "参照 config/examples/ahp.toml。", "See config/examples/ahp.toml.";
    /// Both judgments and experts.
    C492 AhpBoth {}
        => "judgments 与 experts 只能写一个", "give `judgments` or `experts`, not both"
        | "删去其中一个。", "Delete one of them.";
    /// Judgments not consistent, one revision helps.
    C493 AhpInconsistent { set: String, cr: Fixed, a: String, b: String, now: String, implied: Fixed, scale: String, after: Fixed }
        => "“{set}”的判断一致性不足：CR = {cr}，须低于 0.10", "the judgments of {set} are not consistent enough: CR = {cr}, must be below 0.10"
        | "把 `{a}` 对 `{b}` 的判断从 {now} 改为约 {implied}（标度上最接近 {scale}），CR 降幅最大，可降至 {after}。", "Revising `{a}` vs `{b}` from {now} to about {implied} (nearest on the scale: {scale}) would lower CR most, to {after}.";
    /// Judgments not consistent, no single revision suffices.
    C494 AhpInconsistentMany { set: String, cr: Fixed, a: String, b: String, now: String, implied: Fixed, scale: String, after: Fixed }
        => "“{set}”的判断一致性不足：CR = {cr}，须低于 0.10", "the judgments of {set} are not consistent enough: CR = {cr}, must be below 0.10"
        | "只改一个判断不够：即使把降幅最大的 `{a}` 对 `{b}` 从 {now} 改为约 {implied}（标度上 {scale}），CR 也只降到 {after}，须同时重新考虑其他判断。", "No single revision suffices: even revising `{a}` vs `{b}`, which helps most, from {now} to about {implied} (nearest on the scale: {scale}) leaves CR at {after}; more than one judgment must change.";
    /// Pooled experts' judgments not consistent.
    C495 AhpInconsistentExperts { set: String, cr: Fixed, a: String, b: String, each: Vec<String>, implied: Fixed, after: Fixed }
        => "“{set}”的专家综合判断一致性不足：CR = {cr}，须低于 0.10", "the pooled judgments of {set} are not consistent enough: CR = {cr}, must be below 0.10"
        | "各位专家对 `{a}` 与 `{b}` 的判断为 {each}；综合值改为约 {implied} 时 CR 降幅最大（可降至 {after}），请相关专家重新考虑这一对。", "The experts judged `{a}` against `{b}` as {each}; a pooled value of about {implied} would lower CR most (to {after}): ask them to reconsider this pair.";
    /// Judgments not consistent without any hint.
    C496 AhpInconsistentPlain { set: String, cr: Fixed }
        => "“{set}”的判断一致性不足：CR = {cr}，须低于 0.10", "the judgments of {set} are not consistent enough: CR = {cr}, must be below 0.10"
        | "重新考虑各项判断。", "Reconsider the judgments.";
    /// An expression too long or with too many operators to be an indicator.
    C498 ExprTooBig { text: Clip, length: usize, operators: usize }
        => "表达式 `{text}` 过长或过于复杂（{length} 个字符、{operators} 个运算符；上限为 2000 个字符、100 个运算符）", "the expression `{text}` is too long or too complex ({length} characters, {operators} operators; at most 2000 and 100)"
        | "指标表达式通常只有几个运算符；检查是否误粘贴了大段文字。", "An indicator's expression has a few operators; check that no large text was pasted into it.";
    /// A streak label whose key is not a run length.
    C499 StreakLabelKey { key: String }
        => "“{key}”不是连续期数：键须为 1、2、3 这样的正整数", "\"{key}\" is not a run length: the keys must be whole numbers such as 1, 2, 3"
        | "键写连续期数，如 1 = \"关注\"、2 = \"约谈\"、3 = \"限制\"。", "Keys are run lengths, such as 1, 2 and 3, each with its label in quotes.";
    /// Stage deadlines out of order or out of range.
    C497 TrackingDeadlines { start: u32, operate: u32, full: u32 }
        => "各阶段期限须为 1–600 个月并依次不减（开工 ≤ 投产 ≤ 达产），现为 {start}、{operate}、{full}", "the stage deadlines must be 1 to 600 months and not decrease (start ≤ operation ≤ full production); they are {start}, {operate} and {full}"
        | "政策默认值为 6、24、36 个月。", "The policy's defaults are 6, 24 and 36 months.";

    // ---------------------------------------------------------------- the run (E)
    /// A glob that matched nothing.
    E502 NoInput { kind: L, pattern: String }
        => "找不到{kind}：“{pattern}”没有匹配任何文件", "no {kind} input: {pattern} matches no file"
        | "检查路径和文件名；路径相对于配置文件所在的文件夹。", "Check the path and the file name; paths are relative to the config's folder.";
    /// The built-in config's sample is not there.
    E507 NoInputBuiltIn { kind: L, pattern: String }
        => "找不到{kind}：内置配置读取 chainscore 源码中的示例数据（{pattern}），这里没有", "no {kind} input: the built-in config reads the sample of chainscore's source folder ({pattern}), which is not here"
        | "先运行 chainscore init DIR 生成模板和配置，再用 --config DIR/chainscore.toml；或用 --projects、--capital、--targets 指定文件。", "Run `chainscore init DIR` for templates and a config, then pass --config DIR/chainscore.toml; or name the files with --projects, --capital and --targets.";
    /// Error-level issues with `--strict`.
    E503 InvalidRows { errors: usize }
        => "输入数据中有 {errors} 条错误", "{errors} error-level issue(s) in the input data"
        | "运行 chainscore validate 查看每条错误所在的文件、工作表、行和列。", "Run `chainscore validate` for each error's file, sheet, row and column.";
    /// A project ID not in scope.
    E504 UnknownProject { id: String }
        => "项目“{id}”不在评价范围内", "project \"{id}\" is not among the projects in scope"
        | "核对项目编号和评价期。", "Check the ID and the period.";
    /// A project ID not in scope, with near ones.
    E508 UnknownProjectNear { id: String, nearest: Vec<String> }
        => "项目“{id}”不在评价范围内；最接近的编号：{nearest}", "project \"{id}\" is not among the projects in scope; the nearest IDs are {nearest}"
        | "核对项目编号和评价期。", "Check the ID and the period.";
    /// Another run holds the lock.
    E506 Locked { folder: String, pid: u32, started: String }
        => "{folder}：另一个 chainscore 进程（pid {pid}，开始于 {started}）正在写入此输出文件夹", "{folder}: another chainscore run (pid {pid}, started {started}) is writing to this output folder"
        | "等它结束后再运行；如该进程已卡住，先结束它。", "Try again when it has finished; if it hangs, stop it first.";
    /// A bug.
    E599 Internal {}
        => "内部错误：这是 chainscore 的缺陷，不是数据的问题", "internal error: a fault of chainscore, not of the data"
        | "用 RUST_LOG=debug 重新运行并保留输出，报告给维护人员。", "Run again with RUST_LOG=debug, keep the output and report it.";
    /// A malformed period on the command line.
    E510 BadPeriodArg { text: String }
        => "“{text}”不是期间", "\"{text}\" is not a period"
        | "写年份（2022）、季度（2022Q3）或月份（2022-09）。", "Write a year (2022), a quarter (2022Q3) or a month (2022-09).";
    /// An input inside the folder the run replaces.
    E511 InputInsideOutput { input: String, folder: String }
        => "输入文件 {input} 位于本次运行将整体替换的输出文件夹 {folder} 内", "the input {input} is inside the output folder {folder}, which this run replaces whole"
        | "把输入文件移出该文件夹，或用 --out 指定其他输出文件夹。", "Move the input, or choose another --out.";
    /// A folder in the way of the period's outputs.
    E512 NotAnOutputFolder { folder: String }
        => "{folder} 不是 chainscore 以前写出的期间文件夹，不能替换", "{folder} is not a period folder an earlier run wrote, so it is not replaced"
        | "移走或改名该文件夹，或用 --out 指定其他输出文件夹。", "Move or rename it, or choose another --out.";
    /// An unknown language.
    E513 BadLanguage { text: String }
        => "“{text}”不是可用的语言", "\"{text}\" is not a language chainscore speaks"
        | "写 zh（中文）或 en（英文）。", "Write zh (Chinese) or en (English).";
    /// A command line that is not understood.
    E514 BadArgument {}
        => "命令行有误", "the command line is not understood"
        | "运行 chainscore --help 查看用法。", "Run `chainscore --help` for the usage.";
    /// A value an option does not take.
    E530 BadValueArg { arg: String, value: String }
        => "{arg} 的值“{value}”无效", "\"{value}\" is not a valid value of {arg}"
        | "运行 chainscore --help 查看该选项的写法。", "Run `chainscore --help` for how to write it.";
    /// A value not among an option's choices.
    E531 BadChoiceArg { arg: String, value: String, valid: String }
        => "“{value}”不是 {arg} 的可用取值（可用：{valid}）", "\"{value}\" is not a value of {arg} (it takes {valid})"
        | "写其中一个：{valid}。", "Write one of {valid}.";
    /// An option that does not exist.
    E532 UnknownArg { arg: String }
        => "没有 {arg} 这个选项", "there is no option {arg}"
        | "运行 chainscore --help 查看可用的选项。", "Run `chainscore --help` for the options.";
    /// An option that does not exist, with a near one.
    E533 UnknownArgNear { arg: String, suggested: String }
        => "没有 {arg} 这个选项，是否应为 {suggested}？", "there is no option {arg}; did you mean {suggested}?"
        | "改为 {suggested}。", "Write {suggested}.";
    /// A command that does not exist.
    E534 UnknownCommand { command: String }
        => "没有 {command} 这个命令", "there is no command {command}"
        | "命令有 score、validate、explain、what-if、compare、sensitivity、weights、init；运行 chainscore --help 查看说明。", "The commands are score, validate, explain, what-if, compare, sensitivity, weights and init; `chainscore --help` says what each does.";
    /// A required argument missing.
    E535 MissingArg { arg: String }
        => "缺少 {arg}", "{arg} is missing"
        | "运行 chainscore --help 查看用法。", "Run `chainscore --help` for the usage.";
    /// No command given.
    E536 NoCommand {}
        => "没有给出命令", "no command given"
        | "第一步通常是 chainscore init 文件夹；运行 chainscore --help 查看全部命令。", "The first step is usually `chainscore init DIR`; `chainscore --help` lists every command.";
    /// Two options that exclude each other.
    E537 ConflictingArgs { arg: String, other: String }
        => "{arg} 与 {other} 不能同时使用", "{arg} cannot be used with {other}"
        | "只保留其中一个。", "Keep one of them.";
    /// An option given the wrong number of values.
    E538 ValueCount { arg: String }
        => "{arg} 的值的个数不对", "{arg} has the wrong number of values"
        | "运行 chainscore --help 查看该选项的写法。", "Run `chainscore --help` for how to write it.";

    /// A project signed after the period end.
    E515 OutOfScope { id: String, period: Period, signed: String, end: chrono::NaiveDate }
        => "项目“{id}”不在{period}的评价范围内：签约于 {signed}，晚于期末 {end}", "project \"{id}\" is out of scope for {period}: signed on {signed}, after the period end {end}"
        | "用 --period 指定更晚的评价期。", "Try a later --period.";
    /// A project whose row was skipped.
    E516 NotScoredBecause { id: String, reason: Box<Msg> }
        => "项目“{id}”未参与评分：{reason}", "project \"{id}\" was not scored: {reason}"
        | "按该行的问题改正登记表后重新运行。", "Mend the register row and run again.";
    /// An exempt project has no tier to lift.
    E517 ExemptNoTier { id: String }
        => "项目“{id}”按豁免条件不参与评分，没有等级可提升", "project \"{id}\" is exempt from scoring: it has no tier to lift"
        | "无需处理。", "Nothing to do.";
    /// init would overwrite files.
    E518 InitExists { files: Vec<String> }
        => "{files} 已存在", "{files} already exist(s)"
        | "加 --force 覆盖，或换一个文件夹。", "Pass --force to replace them, or choose another folder.";
    /// A spread out of range.
    E519 SpreadRange { value: f64 }
        => "--spread 须不小于 0 且小于 1（现为 {value}）", "--spread must be at least 0 and below 1 (it is {value})"
        | "每个权重乘以 U(1−S, 1+S)，须保持为正；常用 0.25。", "Each weight is multiplied by U(1−S, 1+S) and must stay positive; 0.25 is usual.";
    /// A concentration that is not positive.
    E520 ConcentrationPositive {}
        => "--concentration 须为正数", "--concentration must be a positive number"
        | "写一个正数，或省略以使用默认值。", "Write a positive number, or leave it out for the default.";
    /// An alpha out of range.
    E521 AlphaRange { value: f64 }
        => "--alpha 须在 0 到 1 之间（现为 {value}）", "--alpha must be between 0 and 1 (it is {value})"
        | "0.6 表示 0.6 × 配置权重 + 0.4 × 客观权重。", "0.6 means 0.6 × the configured weight + 0.4 × the objective one.";
    /// An --alternative that is not INDICATOR=METHOD.
    E522 AlternativeShape { text: String }
        => "--alternative 应写成 指标=方法，而不是“{text}”", "--alternative wants INDICATOR=METHOD, not \"{text}\""
        | "如 --alternative fai_per_mu=minmax。", "Such as --alternative fai_per_mu=minmax.";
    /// An --alternative naming no indicator.
    E523 AlternativeIndicator { key: String, hint: Hint }
        => "--alternative：`{key}` 不是指标{hint}", "--alternative: `{key}` is not an indicator{hint}"
        | "写配置中 [indicators] 下的键。", "Write a key of the config's [indicators].";
    /// An --alternative method that is not one without parameters.
    E524 AlternativeMethod { method: String }
        => "--alternative：`{method}` 不是无参数的方法", "--alternative: `{method}` is not a method without parameters"
        | "写 minmax、zscore、percentile 或 efficacy。", "Write minmax, zscore, percentile or efficacy.";
    /// An --alternative on a category indicator.
    E525 AlternativeCategory { indicator: Name, method: L }
        => "--alternative：“{indicator}”是{method}指标，取值不是数字", "--alternative: {indicator} is scored by {method}; its values are not numbers"
        | "只对数值指标使用 --alternative。", "Use --alternative on numeric indicators only.";
    /// what-if of a district without projects.
    E526 NothingToLift { district: Name }
        => "{district}在本期没有参评项目，无从测算", "{district} has no project scored in this period: there is nothing to lift"
        | "核对该县区的项目登记表和评价期。", "Check the district's register and the period.";

    // ---------------------------------------------------------------- warnings about a run (W)
    /// Rows skipped with an error, told by the analyses.
    W601 RowsLeftOut { errors: usize }
        => "有 {errors} 行输入数据因错误被跳过，未纳入本次分析", "{errors} input row(s) were skipped with an error and are not in this analysis"
        | "运行 chainscore validate 查看每一行所在的文件、工作表、行和列。", "`chainscore validate` lists each with its file, sheet, row and column.";
    /// A stale lock taken over.
    W602 StaleLock { pid: u32, started: String }
        => "上一次运行（pid {pid}，开始于 {started}）已不在，其锁已接管", "the previous run (pid {pid}, started {started}) is gone; its lock was taken over"
        | "无需处理；如上次运行是被中断的，请检查其输出。", "Nothing to do; if it was interrupted, check its outputs.";
    /// The previous run was ended by a signal.
    W612 PreviousInterrupted { pid: u32, started: String, signal: String }
        => "上一次运行（pid {pid}，开始于 {started}）被 {signal} 信号中断，未写出结果；本次运行照常进行", "the previous run (pid {pid}, started {started}) was interrupted by {signal} and wrote nothing; this run goes on as usual"
        | "无需处理；上一期的结果文件未被改动。", "Nothing to do; the earlier outputs were left as they were.";
    /// No baseline folder found.
    W603 NoBaseline { folder: String }
        => "{folder} 中没有更早的同类期间文件夹，不作比较", "no earlier period folder of the same kind in {folder}: no baseline"
        | "无需处理：下一期起即可与本期比较。", "Nothing to do: the next period will compare with this one.";
    /// A baseline scored with another config.
    W604 BaselineOtherConfig { folder: String }
        => "基期 {folder} 使用了不同的参数配置（SHA-256 不同），变化中包含方法调整的影响", "the baseline {folder} was scored with another config (other SHA-256); its changes include the method's"
        | "解读变化时注意参数已调整。", "Read its changes with the config change in mind.";
    /// A baseline without run.json.
    W605 BaselineNoRun { folder: String }
        => "基期 {folder} 没有可读的 run.json，其参数配置未知", "the baseline {folder} has no readable run.json; its config is unknown"
        | "--baseline 应指向以前某次评价的期间文件夹。", "--baseline takes an earlier run's period folder.";
    /// A baseline sidecar lacking a column.
    W606 BaselineNoColumn { folder: String, what: L, column: String }
        => "基期 {folder} 的{what}文件缺少 {column} 列，不显示{what}的变化", "the baseline {folder} has no `{column}` column in its {what} sidecar; no changes are shown for {what}"
        | "用同一版本的 chainscore 重新生成基期。", "Score the baseline again with this version of chainscore.";
    /// A baseline sidecar that cannot be compared.
    W607 BaselineUnmatched { folder: String, what: L }
        => "基期 {folder} 的{what}文件无法逐行比对，不显示{what}的变化", "the baseline {folder}'s {what} sidecar cannot be compared; no changes are shown for {what}"
        | "用同一版本的 chainscore 重新生成基期。", "Score the baseline again with this version of chainscore.";
    /// A baseline that cannot be read.
    W608 BaselineUnreadable { error: String }
        => "不比较基期：{error}", "no baseline: {error}"
        | "--baseline 应指向以前某次评价的期间文件夹（如 out/2022Q3）。", "--baseline takes an earlier run's period folder (such as out/2022Q3).";
    /// last-run.json could not be written.
    W609 LastRunUnwritten { error: String }
        => "未能写入 last-run.json：{error}", "last-run.json could not be written: {error}"
        | "检查输出文件夹的权限和磁盘空间。", "Check the output folder's permissions and free space.";
    /// A baseline of another period.
    W611 BaselineOtherPeriod { folder: String, period: String, this: Period }
        => "基期 {folder} 评价的是 {period}，本次是{this}；仍作比较", "the baseline {folder} scored {period}, this run {this}; comparing them anyway"
        | "确认选对了基期文件夹。", "Check it is the baseline meant.";
    /// An error-level issue under --strict.
    W610 StrictError { place: String, message: Box<Msg> }
        => "错误：{place}：{message}", "error: {place}: {message}"
        | "改正后重新运行。", "Mend it and run again.";
}
