//! Fixed words: sheet names, headers, titles, the words of severities, actions,
//! methods and directions. A word with a placeholder is a sentence ([`Say`]).
//!
//! [`Say`]: super::Say

use super::Language;

macro_rules! labels {
    ($( $(#[doc = $doc:literal])* $name:ident => $zh:literal, $en:literal; )*) => {
        /// A fixed word or phrase of the catalogue.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum L { $( $(#[doc = $doc])* $name, )* }

        impl L {
            /// Every label.
            pub const ALL: &'static [L] = &[$(L::$name),*];

            /// The label in a language.
            pub fn get(self, language: Language) -> &'static str {
                match self { $(L::$name => language.pick($zh, $en),)* }
            }
        }
    };
}

labels! {
    SheetSummary => "概览", "Summary";
    SheetDistricts => "县区排名", "Districts";
    SheetProjects => "项目评分", "Projects";
    SheetChains => "产业链", "Chains";
    SheetIssues => "问题清单", "Issues";
    SheetConfig => "参数配置", "Config";
    Title => "工业招商引资质量效益评价", "Industrial investment promotion: quality and efficiency evaluation";
    Period => "评价期", "Period";
    PeriodEnd => "期末", "Period end";
    ProjectsScored => "参评项目数", "Projects scored";
    ProjectsExempt => "列示不评分项目数", "Projects exempt";
    DistrictsRanked => "参评县区数", "Districts ranked";
    InvestmentScored => "参评项目计划总投资（万元）", "Total investment of scored projects (10k CNY)";
    CapitalScored => "参评项目到位资金（万元）", "Capital in place of scored projects (10k CNY)";
    CityQuality => "全市项目质量（投资加权）", "City project quality (investment-weighted)";
    IssuesCount => "问题数（错误 / 警告 / 提示）", "Issues (errors / warnings / infos)";
    TopDistrict => "排名第一的县区", "Top district";
    TopProject => "排名第一的项目", "Top project";
    Contributions => "县区综合得分构成（加权贡献）", "District totals by weighted contribution";
    DimensionsTop => "前五名县区四维得分", "Four dimensions of the top districts";
    Capital => "资金到位", "Capital in place";
    Adjustments => "加减分及其他", "Adjustments and other";
    Provenance => "数据来源与复核信息", "Provenance";
    Engine => "评价引擎", "Engine";
    ConfigFile => "参数配置文件", "Config file";
    InputFiles => "输入文件", "Input files";
    Kind => "类型", "Kind";
    Sha256 => "SHA-256", "SHA-256";
    Rows => "行数核对", "Rows";
    KindProjects => "项目登记表", "Project register";
    KindCapital => "资金到位台账", "Capital ledger";
    KindTargets => "目标任务", "Targets";
    Rank => "排名", "Rank";
    Tier => "等级", "Tier";
    District => "县区", "District";
    Total => "综合得分", "Total";
    Quality => "项目质量得分", "Quality";
    CapitalScore => "资金到位得分", "Capital score";
    Projects => "项目数", "Projects";
    TotalInvestment => "计划总投资（万元）", "Total investment (10k CNY)";
    CapitalInPlace => "到位资金（万元）", "Capital in place (10k CNY)";
    Target => "到位目标（万元）", "Target (10k CNY)";
    Completion => "目标完成率", "Completion";
    Gated => "未达标限档", "Gated";
    RankChange => "排名变化", "Rank change";
    TierBefore => "上期等级", "Tier before";
    ProjectedCompletion => "预计年末完成率", "Projected year-end completion";
    AtRisk => "预警：预计未达标", "Warning: projected below the gate";
    TotalChange => "总分变化", "Total change";
    DistrictRank => "县区内排名", "Rank in district";
    ChainRank => "产业链内排名", "Rank in chain";
    ProjectId => "项目编号", "Project ID";
    ProjectName => "项目名称", "Project";
    Park => "所在园区", "Park";
    Chain => "产业链", "Chain";
    Adjustment => "加减分", "Adjustment";
    MeanScore => "平均得分", "Mean score";
    BestProject => "得分最高项目", "Best project";
    BestScore => "最高得分", "Best score";
    Severity => "级别", "Severity";
    File => "文件", "File";
    Sheet => "工作表", "Sheet";
    Row => "行", "Row";
    Column => "列", "Column";
    Message => "说明", "Message";
    Action => "处理", "Action";
    // Templates (init).
    TemplateProjects => "招商引资项目登记表", "project register";
    TemplateCapital => "资金到位台账", "capital-in-place ledger";
    TemplateTargets => "到位资金目标任务", "capital-in-place targets";
    TemplateSheetProjects => "项目表", "Projects";
    TemplateSheetCapital => "资金到位", "Capital";
    TemplateSheetTargets => "目标任务", "Targets";
    TemplateSheetHowTo => "说明", "Instructions";
    TemplateSheetLists => "下拉选项", "Lists";
    TemplateRequiredOrange => "表头为橙色的列必须填写。", "Columns with an orange header must be filled in.";
    TemplateHowProjects => "每个项目一行，项目编号全市唯一；签约时间写日期（如 2022-03-15）；金额单位为万元，用地面积单位为亩。", "One project per row, its ID unique in the city; the signing date as a date (2022-03-15); amounts in 10k CNY, land in mu.";
    TemplateHowCapital => "每个项目每月一行；月份写作 2022-09，写季度（2022Q3）时计入该季度最后一个月；内资单位为万元，外资单位为万美元。", "One row per project and month; write the month as 2022-09 (a quarter, 2022Q3, counts in its last month); domestic capital in 10k CNY, foreign in 10k USD.";
    TemplateHowTargets => "每个县区每年一行；内资目标单位为万元，外资目标单位为万美元。", "One row per district and year; domestic targets in 10k CNY, foreign in 10k USD.";
    TemplateColumn => "列名", "Column";
    TemplateRequired => "必填", "Required";
    TemplateOptional => "选填", "Optional";
    TemplateUnit => "单位", "Unit";
    TemplateAllowed => "可填写的值", "What it may hold";
    TemplatePick => "从下拉列表中选择", "Choose from the list";
    TemplateDate => "填日期，如 2022-03-15", "A date, such as 2022-03-15";
    TemplatePeriod => "填月份，如 2022-09；写季度（2022Q3）时计入该季度最后一个月", "A month, such as 2022-09; a quarter (2022Q3) counts in its last month";
    TemplateYear => "填年份，如 2022", "A year, such as 2022";
    TemplateText => "填文字", "Text";
    TemplateAllowedWhole => "不小于 0 的整数", "a whole number, 0 or more";
    TemplateAllowedNumber => "不小于 0 的数", "a number, 0 or more";
    TemplateAllowedPeriod => "月份（2022-09）、季度（2022Q3）或日期", "a month (2022-09), a quarter (2022Q3) or a date";
    TemplateAllowedText => "文字", "text";
    TemplateNotListed => "不在下拉列表中。参数配置里的别名也能读取，但请尽量从列表中选择。", "Not in the list. The config's other spellings are read too, but choose from the list where you can.";
    TemplateCheckValue => "请检查这个值", "Check this value";
    UnitPeople => "人", "people";
    Yes => "是", "Yes";
    No => "否", "No";
    Raw => "原值", "raw";
    Score => "得分", "score";
    Item => "项目", "Item";
    Key => "键", "Key";
    Name => "名称", "Name";
    Dimension => "维度", "Dimension";
    Expression => "计算公式", "Expression";
    Method => "标准化方法", "Method";
    Parameters => "参数", "Parameters";
    Direction => "方向", "Direction";
    Scope => "比较范围", "Scope";
    Missing => "缺失值处理", "Missing values";
    Weight => "权重（原值）", "Weight (as written)";
    WeightInDimension => "维度内权重", "Weight in dimension";
    WeightInTotal => "占综合得分权重", "Weight in total";
    Setting => "设置", "Setting";
    Value => "取值", "Value";
    Checks => "核查", "Check";
    ClassKey => "重点产业链", "key";
    ClassTraditional => "传统产业", "traditional";
    ClassAgriculture => "现代农业", "agriculture";
    ClassOther => "其他", "other";
    // Input kinds as nouns in a sentence.
    NounProjects => "项目登记表", "project register";
    NounCapital => "资金到位台账", "capital ledger";
    NounTargets => "目标任务表", "targets";
    NounOperations => "运营数据表", "operations";
    // Operating-system failures.
    IoCannotRead => "无法读取", "cannot read";
    IoCannotWrite => "无法写入", "cannot write";
    IoCannotCreateFolder => "无法创建输出文件夹", "cannot create the output folder";
    IoCannotWriteFolder => "无法在输出文件夹中写入", "cannot write in the output folder";
    IoCannotOpenLock => "无法打开锁文件", "cannot open the lock file";
    IoCannotLock => "无法加锁", "cannot lock";
    IoCannotWriteLock => "无法写入锁文件", "cannot write the lock file";
    IoCannotCreateStaging => "无法创建临时文件夹", "cannot create the staging folder";
    IoCannotRemoveLeftover => "无法删除上次中断运行留下的文件", "cannot remove what a killed run left";
    IoCannotRestore => "无法恢复原有输出", "cannot restore the old outputs";
    IoCannotReadStaging => "无法读取临时文件夹", "cannot read the staging folder";
    IoCannotSync => "无法写入磁盘", "cannot sync";
    IoCannotMoveIntoPlace => "无法把输出移到位", "cannot move the outputs into place";
    IoCannotMoveAside => "无法移开原有输出", "cannot move the old outputs aside";
    IoCannotRetire => "无法移除原有输出", "cannot retire the old outputs";
    IoCannotReadConfig => "无法读取配置文件", "cannot read the config";
    IoCannotReadBaseline => "无法读取基期", "cannot read the baseline";
    IoCannotReadFolder => "无法读取文件夹", "cannot read the folder";
    IoNotFound => "文件或文件夹不存在", "no such file or folder";
    IoPermission => "没有访问权限", "permission denied";
    IoDiskFull => "磁盘空间已满", "the disk is full";
    IoExists => "已经存在", "it already exists";
    IoIsFolder => "这是一个文件夹", "it is a folder";
    IoNotFolder => "路径中有一部分不是文件夹", "a part of the path is not a folder";
    IoNotEmpty => "文件夹不是空的", "the folder is not empty";
    IoDamaged => "数据已损坏或不完整", "the data is damaged or cut short";
    IoOtherDisk => "不能跨磁盘移动", "it cannot be moved across disks";
    IoPipe => "读取方已关闭", "the reader has gone";
    IoSystem => "操作系统报错", "the operating system refused";
    // What is wrong with a config file.
    CfgNotFound => "不存在", "does not exist";
    CfgIsFolder => "是文件夹，不是配置文件", "is a folder, not a config file";
    CfgNotRegular => "不是普通文件（是管道或设备）", "is not a regular file (a pipe or a device)";
    CfgTooBig => "超过 1 MiB，不像配置文件", "is over 1 MiB, too big for a config";
    CfgUtf16 => "是 UTF-16 编码，请另存为 UTF-8", "is UTF-16 text; save it as UTF-8";
    CfgNotUtf8 => "不是 UTF-8 编码，请另存为 UTF-8", "is not UTF-8 text; save it as UTF-8";
    // Normalisation methods.
    MethodGoalpost => "目标值法", "goalposts";
    MethodMinmax => "极差标准化", "min–max";
    MethodZscore => "Z 分数标准化", "z-score";
    MethodPercentile => "百分位排名", "percentile rank";
    MethodBands => "分段计分", "bands";
    MethodCategory => "分类计分", "category scores";
    MethodBoolean => "是否计分", "yes/no";
    MethodRatio => "比值法", "ratio to a benchmark";
    MethodEfficacy => "功效系数法", "efficacy coefficient";
    // Value kinds of an expression.
    ValNumber => "数值", "number";
    ValText => "文字", "text";
    ValDate => "日期", "date";
    ValOther => "非是/否的值", "non-boolean";
    // Sidecars named in warnings.
    WhatDistricts => "县区", "districts";
    WhatProjects => "项目", "projects";
    // The command line's help.
    HelpUsage => "用法：", "Usage: ";
    UsageGlobalOptions => "[全局选项]", "[GLOBAL OPTIONS]";
    UsageOptions => "[选项]", "[OPTIONS]";
    HelpExamples => "示例：", "Examples:";
    HelpCommands => "命令", "Commands";
    HelpOptions => "选项", "Options";
    HelpGlobalOptions => "全局选项", "Global options";
    HelpArguments => "参数", "Arguments";
    HelpAbout => "工业招商引资质量效益评价：从各县区报送的项目登记表和资金到位台账，为项目和县区评分、排名、分档，写出评价工作簿。", "Assesses industrial investment promotion: scores, ranks and tiers projects and districts from the registers and capital ledgers districts send, and writes the evaluation workbook.";
    HelpConfig => "参数配置文件（TOML），其中的路径相对于该文件；默认使用内置配置", "Config file (TOML); paths in it are relative to it. Default: the built-in config";
    HelpLang => "输出语言：zh（中文，默认）或 en（英文），优先于配置中的 [output] language", "Language of every output: zh (Chinese, the default) or en (English); overrides [output] language";
    HelpQuiet => "不显示进度行；score 成功时什么也不输出（供定时任务使用）", "No progress lines; score prints nothing on success (for cron)";
    HelpWide => "终端表格按内容全宽显示，不折行到 120 列", "Terminal tables at their full width, not wrapped to 120 columns";
    HelpLogFormat => "标准错误上的日志格式：text（文字）或 json（每行一个 JSON）", "Format of log lines on stderr: text, or json (one object a line)";
    HelpColor => "表格着色：auto（终端时着色）、always 或 never", "Colour in tables: auto (when stdout is a terminal), always or never";
    HelpHelp => "显示帮助", "Print help";
    HelpVersion => "显示版本", "Print the version";
    HelpPeriod => "评价期：2022（年）、2022Q3（季度）或 2022-09（月）；默认取配置中的 [run] period", "Period: 2022 (a year), 2022Q3 (a quarter) or 2022-09 (a month); default: [run] period";
    HelpProjects => "项目登记表文件或通配符，可给多个（取代配置中的 [inputs] projects）", "Project register files or globs, one or more (replace [inputs] projects)";
    HelpCapital => "资金到位台账文件或通配符（取代 [inputs] capital）", "Capital ledger files or globs (replace [inputs] capital)";
    HelpTargets => "目标任务文件或通配符（取代 [inputs] targets）", "Target files or globs (replace [inputs] targets)";
    HelpFormat => "输出格式：text（表格，默认）或 json", "Output format: text (a table, the default) or json";
    HelpOut => "输出文件夹（默认取配置中的 [output] dir）", "Output folder (default: [output] dir)";
    HelpScore => "评价一个期间：读取、检查、评分、排名，写出工作簿和数据文件。不带参数时评价内置示例。", "Score the period: read, check, score, rank, and write the workbook and the data files. Without arguments it scores the bundled sample.";
    HelpEmit => "另写出 CSV 格式的数据文件（csv）", "Also write the data files as CSV (csv)";
    HelpStrict => "有任何错误级问题即失败：不写出任何文件，退出码 65", "Fail on any error-level issue: write nothing, exit 65";
    HelpBaseline => "以前某次评价的期间文件夹（如 out/2022Q3）：显示各县区、项目的名次、等级和总分变化（默认取 [output] baseline）", "An earlier run's period folder (out/2022Q3): each district's and project's rank, tier and total change since then (default: [output] baseline)";
    HelpTimings => "在标准错误上显示各阶段用时", "Print each stage's wall time on stderr";
    HelpValidate => "读取并检查配置和全部输入：逐条列出问题所在的文件、工作表、行和列，以及每个文件的行数去向。不写出任何文件。", "Read and check the config and every input: each problem with its file, sheet, row and column, and where every row went. Writes nothing.";
    HelpAll => "逐条列出提示级问题（空行、合计行等），默认只计数", "List every info-level issue (blank rows, totals rows …); by default they are counted";
    HelpExplain => "说明一个项目的总分是怎样算出来的：各指标的原值、得分、权重和贡献，各维度得分和名次。", "How one project's total was built: each indicator's raw value, score, weight and points, the dimensions and the ranks.";
    HelpProjectId => "项目编号", "The project ID";
    HelpWhatIf => "要提升一档需要什么：项目按登记表各列（达产年产值、用地面积……）分别测算最小的改动；县区测算打开达标线和提升一档所需的到位资金及项目质量。", "What would lift one tier: for a project, the smallest change of each register column (annual output, land area …); for a district, the capital in place that opens the gate and lifts its tier, and the quality that would.";
    HelpWhatIfId => "项目编号，或县区（名称、简称均可）", "A project ID, or a district (name or alias)";
    HelpCompare => "比较两次评分的差异：本配置与另一配置在同一数据上（--against），或本次与以前某次（--baseline）；写出 compare 工作簿。", "What moved between two scorings: this config against another on the same inputs (--against), or this run against an earlier one (--baseline); writes the compare workbook.";
    HelpAgainst => "另一个参数配置文件（“调整后”一方）", "Another config file (the \"after\" side)";
    HelpCompareBaseline => "以前某次评价的期间文件夹（“调整前”一方）", "An earlier run's period folder (the \"before\" side)";
    HelpTop => "列出名次变动最大的项目数，默认 10", "How many of the largest movers to print; 10 by default";
    HelpSensitivity => "排名对权重的稳健性：按权重随机抽样重算，给出各县区、项目的名次区间和分档概率、各维度权重的 Sobol 指数、逐一去掉指标的影响；写出 sensitivity 工作簿。", "How robust the ranking is to the weights: rank intervals and tier probabilities under random weights, Sobol indices of the dimension weights, leaving one indicator out; writes the sensitivity workbook.";
    HelpDraws => "抽样次数，默认 1000", "Weight sets to draw; 1000 by default";
    HelpSpread => "每个权重的相对波动：乘以 U(1−S, 1+S)，默认 0.25；0 即配置的权重", "Relative spread of each weight: × U(1−S, 1+S); 0.25 by default, 0 gives the configured weights";
    HelpSeed => "随机数种子：种子相同，结果和工作簿完全相同；默认 1", "Seed: the same seed gives the same numbers and workbook; 1 by default";
    HelpSampling => "抽样方式：uniform（各权重均匀波动后归一，默认）或 dirichlet（以配置权重为中心的狄利克雷分布）", "How weight sets are drawn: uniform (each weight × U(1−S, 1+S), renormalised; the default) or dirichlet (centred on the configured weights)";
    HelpConcentration => "狄利克雷分布的集中度 κ（默认与波动幅度相当：3(m−1)/S² − 1）", "Dirichlet concentration κ (default: matched to the spread, 3(m−1)/S² − 1)";
    HelpVaryAggregation => "每次抽样同时随机选择算术或几何加权", "Each draw also picks arithmetic or geometric aggregation, equally likely";
    HelpAlternative => "一半的抽样改用另一种标准化方法：指标=minmax|zscore|percentile|efficacy，可重复", "Another normalisation for an indicator, used by half the draws: INDICATOR=minmax|zscore|percentile|efficacy (repeatable)";
    HelpSobolSamples => "Sobol 指数的基础样本量 N（共重算 N×(维度数+2) 次），默认 512", "Base sample size N of the Sobol indices (N × (dimensions + 2) re-scorings); 512 by default";
    HelpWeights => "各组权重：配置的（或由层次分析法判断得出的，附一致性比率）与本期数据得出的熵权、CRITIC、标准差权重对照；可组合并输出为配置片段。", "Every weight set as configured (or from AHP judgments, with its consistency ratio) beside entropy, CRITIC and standard-deviation weights from the period's data; optionally combined, as a config fragment.";
    HelpCombine => "把配置权重与某种客观权重组合：entropy（熵权法）、critic 或 std（标准差）", "Combine the configured weights with objective ones: entropy, critic or std";
    HelpAlpha => "组合中配置权重所占比例（0–1），默认 0.5", "Share of the configured weights in the combination (0–1); 0.5 by default";
    HelpToml => "把组合后的（未组合时为配置的）权重输出为可粘贴进配置的 TOML 片段", "Print the combined (or configured) weights as a TOML fragment for a config";
    HelpInit => "新建评价文件夹：一个继承当前配置的参数配置文件，以及带下拉列表的项目登记表、资金到位台账、目标任务填报模板。不加 --force 不覆盖已有文件。", "Start an evaluation folder: a starter config that extends the one in force, and blank templates with drop-down lists for the register, the ledger and the targets. Overwrites nothing without --force.";
    HelpDir => "写入的文件夹，不存在则新建", "The folder to write into; created if missing";
    HelpInitPeriod => "配置和模板所对应的评价期：2022、2022Q3 或 2022-09（默认取当前配置的 [run] period）", "The period the config and templates are for: 2022, 2022Q3 or 2022-09 (default: [run] period)";
    HelpForce => "文件已存在时覆盖", "Replace the files if they exist";
    ValueFile => "文件", "FILE";
    ValueFiles => "文件", "FILE";
    ValueLang => "语言", "LANG";
    ValueFormat => "格式", "FORMAT";
    ValueWhen => "何时", "WHEN";
    ValuePeriod => "期间", "PERIOD";
    ValueFolder => "文件夹", "DIR";
    ValueProjectId => "项目编号", "PROJECT_ID";
    ValueProjectOrDistrict => "项目或县区", "ID";
    ValueAlternative => "指标=方法", "INDICATOR=METHOD";
    ValueMethod => "方法", "METHOD";
    ValueCommand => "命令", "COMMAND";
    ValueCount => "个数", "N";
    ValueDraws => "次数", "N";
    ValueSpread => "幅度", "S";
    ValueSeed => "种子", "SEED";
    ValueNumber => "数值", "X";
    ExampleTop => "  chainscore init 评价2023                     第一步：生成参数配置和三张填报模板\n  chainscore --config 评价2023/chainscore.toml validate\n  chainscore --config 评价2023/chainscore.toml score --period 2023Q4\n  chainscore score                            评价内置示例（源码目录中运行）", "  chainscore init eval2023                     first step: a starter config and three templates\n  chainscore --config eval2023/chainscore.toml validate\n  chainscore --config eval2023/chainscore.toml score --period 2023Q4\n  chainscore score                             score the bundled sample (in the source folder)";
    ExampleScore => "  chainscore --config 评价2023/chainscore.toml score --period 2023Q4\n  chainscore score --projects 登记表/*.xlsx --capital 台账.xlsx --targets 目标.xlsx", "  chainscore --config eval2023/chainscore.toml score --period 2023Q4\n  chainscore score --projects registers/*.xlsx --capital ledger.xlsx --targets targets.xlsx";
    ExampleValidate => "  chainscore --config 评价2023/chainscore.toml validate\n  chainscore validate --projects 五华区.xlsx --capital 台账.xlsx", "  chainscore --config eval2023/chainscore.toml validate\n  chainscore validate --projects wuhua.xlsx --capital ledger.xlsx";
    ExampleExplain => "  chainscore explain WH-2022-001", "  chainscore explain WH-2022-001";
    ExampleWhatIf => "  chainscore what-if WH-2022-001\n  chainscore what-if 官渡区", "  chainscore what-if WH-2022-001\n  chainscore what-if guandu";
    ExampleCompare => "  chainscore compare --against 新权重.toml\n  chainscore compare --baseline out/2022Q3", "  chainscore compare --against new-weights.toml\n  chainscore compare --baseline out/2022Q3";
    ExampleSensitivity => "  chainscore sensitivity --draws 1000 --seed 7", "  chainscore sensitivity --draws 1000 --seed 7";
    ExampleWeights => "  chainscore weights --combine entropy --alpha 0.6 --toml", "  chainscore weights --combine entropy --alpha 0.6 --toml";
    ExampleInit => "  chainscore init 评价2023 --period 2023Q4", "  chainscore init eval2023 --period 2023Q4";
    // Where rows went.
    UsedScored => "评分", "scored";
    UsedAccepted => "采用", "accepted";
    UsedCounted => "计入", "counted";
    UsedApplied => "采用", "applied";
    // validate's report.
    NoIssues => "没有发现问题。", "No issues.";
    ColSeverity => "级别", "SEVERITY";
    ColCode => "代码", "CODE";
    ColRow => "行", "ROW";
    ColColumn => "列", "COLUMN";
    ColProject => "项目编号", "PROJECT";
    ColMessage => "说明［处理］", "MESSAGE [ACTION]";
    RunWide => "（不属于某个文件）", "(not in a file)";
    WhatToDo => "处理建议：", "What to do:";
    RowsPerFile => "各文件行数去向（读入 = 采用 + 豁免 + 范围外 + 跳过）：", "Rows per file (read = used + exempt + out of scope + skipped):";
    DoesNotBalance => "（不平衡！）", " (does not balance!)";
    KindBlankRows => "空行", "blank rows";
    KindTotalsRows => "合计行", "totals rows";
    KindNotes => "表下备注", "notes under tables";
    KindRepeatedHeaders => "重复表头", "repeated headers";
    KindFillerRows => "无项目内容的行", "rows without a project";
    KindCorrections => "冲减", "corrections";
    KindExempt => "豁免项目", "exempt projects";
    KindMedians => "按中位数补值", "medians used";
    // score's output.
    StageRead => "读取", "read";
    StageValidate => "检查", "validate";
    StageDerive => "计算指标", "derive";
    StageSettle => "核对行数", "settle";
    StageNormalise => "标准化", "normalise";
    StageAggregate => "加权、排名、县区", "aggregate, rank, districts";
    StageChains => "产业链", "chains";
    StageDiagnostics => "诊断", "diagnostics";
    StageWorkbook => "工作簿", "workbook";
    StageSidecars => "数据文件（与工作簿同时）", "sidecars (beside the workbook)";
    StageOther => "其他", "other";
    StageTotal => "合计（墙钟）", "total (wall)";
    ColStage => "阶段", "STAGE";
    ColSeconds => "秒", "SECONDS";
    ColRank => "名次", "RANK";
    ColTier => "等级", "TIER";
    ColDistrict => "县区", "DISTRICT";
    ColTotal => "综合得分", "TOTAL";
    ColQuality => "项目质量", "QUALITY";
    ColCapital => "资金到位", "CAPITAL";
    ColCompletion => "目标完成率", "COMPLETION";
    ColGate => "达标线", "GATE";
    GateBelow => "资金到位未达标", "below the minimum";
    GateCapped => "资金到位未达标，限档", "below the minimum, capped";
    // explain.
    ExplainExempt => "按豁免条件列示，等级 T，不参与评分和排名。", "Exempt from scoring: listed with tier T, not scored or ranked.";
    TheCity => "全市", "the city";
    ColDimension => "维度", "DIMENSION";
    ColWeight => "权重", "WEIGHT";
    ColScore => "得分", "SCORE";
    ColPoints => "贡献分", "POINTS";
    ColIndicator => "指标", "INDICATOR";
    ColMethod => "标准化方法", "METHOD";
    ColRaw => "原值", "RAW";
    ColWeightInDimension => "维度内权重", "WEIGHT IN DIMENSION";
    ValueMissing => "缺失", "missing";
    ExplainGeometric => "（几何加权：总分是各维度 max(得分, 1) 的加权几何平均，贡献分不可相加）", "(geometric aggregation: the total is the weighted geometric mean of max(dimension, 1); points are not additive)";
    MethodGoalpostLog => "目标值法（对数）", "goalposts (log)";
    InitNext => "填好模板后，先检查再评价：", "Fill in the templates, then check and score:";
    // weights.
    MethodEntropy => "熵权法", "ENTROPY";
    MethodCritic => "CRITIC 法", "CRITIC";
    MethodStd => "标准差法", "STD DEV";
    ColItem => "项目", "ITEM";
    ColConfigured => "配置权重", "CONFIGURED";
    DimensionWeights => "维度权重", "dimension weights";
    AsConfigured => "按配置", "as configured";
    ObjectiveAdvisory => "客观权重仅供参考：只有修改配置中的权重，得分才会改变。", "Objective weights are advisory: a score changes only when the config's weights do.";
    // The config in words.
    FactAggregation => "维度加权方式", "aggregation of the dimensions";
    FactProjectTiers => "项目分档", "project tiers";
    FactQualityWeighting => "县区项目质量的平均方式", "how a district's quality averages its projects";
    FactQualityWeight => "县区总分中项目质量的权重", "weight of quality in a district's total";
    FactCapitalWeight => "县区总分中资金到位的权重", "weight of capital in a district's total";
    FactProRate => "年度目标按已过月份折算", "targets pro-rated by the months elapsed";
    FactCapitalCap => "资金到位得分封顶的完成率", "completion at which the capital score is capped";
    FactGateMin => "达标线（资金到位最低完成率）", "the gate: minimum capital completion";
    FactGateMax => "未达标县区的最高等级", "best tier of a district below the gate";
    FactDistrictTiers => "县区分档", "district tiers";
    FactExempt => "豁免条件", "exemption condition";
    FactScope => "评价范围", "projects in scope";
    FactWindow => "到位资金统计区间", "capital window";
    FactUsdToCny => "美元汇率", "CNY per USD";
    AggArithmetic => "加权算术平均", "weighted arithmetic mean";
    AggGeometric => "加权几何平均", "weighted geometric mean";
    DirHigher => "越大越好", "higher is better";
    DirLower => "越小越好", "lower is better";
    MissZero => "计 0 分", "scores 0";
    MissMedian => "按中位数计", "the median is used";
    MissExclude => "不计入，维度内权重重新分配", "left out, its dimension's weights rescaled";
    MissReject => "项目不参与评分", "the project is not scored";
    MissDefault => "取默认分", "the map's default";
    ScopeCity => "与全市项目比较", "compared with the city";
    ScopeChain => "与同一产业链项目比较", "compared within its chain";
    WeightingInvestment => "按计划总投资加权", "weighted by total investment";
    WeightingEqual => "等权", "equal weights";
    ScopeToDate => "期末前签约的项目", "projects signed by the period end";
    ScopeYear => "当年签约的项目", "projects signed within the year";
    WindowYtd => "年初至期末", "January to the period end";
    WindowPeriod => "本期", "the period's own months";
    WindowCumulative => "累计至期末", "every month to the period end";
    TiersByThreshold => "按分数线", "by threshold";
    TiersByShare => "按排名比例", "by share of the ranking";
    AdjustProject => "项目", "a project";
    AdjustDistrict => "县区（每个符合条件的项目）", "a district, per matching project";
    LogScale => "（取对数）", " (log scale)";
    // compare.
    NewOrGone => "新增/移出", "new/gone";
    SameWeightsOtherConfig => "权重相同；两份配置在其他方面不同（SHA-256 不同）。", "Same weights; the configs differ elsewhere (other SHA-256).";
    NoConfigChange => "参数配置没有变化。", "No config change.";
    ColChanged => "调整项", "CHANGED";
    ColBefore => "调整前", "BEFORE";
    ColAfter => "调整后", "AFTER";
    LargestMovers => "名次变动最大的项目：", "Largest movers:";
    ContributionColumns => "各维度列为该维度加权贡献的变化（分）：维度得分不随权重变化，贡献随权重变化。", "Each dimension's column is the change of its weighted contribution, in points: dimension scores do not move with weights, contributions do.";
    ColRankBefore => "调整前名次", "RANK BEFORE";
    ColRankAfter => "调整后名次", "RANK AFTER";
    ColShift => "变动", "SHIFT";
    ColChange => "总分变化", "CHANGE";
    ColRankShift => "名次变化", "RANK SHIFT";
    ColTotalBefore => "调整前总分", "TOTAL BEFORE";
    ColTotalAfter => "调整后总分", "TOTAL AFTER";
    ColTotalChange => "总分变化", "TOTAL CHANGE";
    ColTierBefore => "调整前等级", "TIER BEFORE";
    ColTierAfter => "调整后等级", "TIER AFTER";
    ColMovedMostBy => "影响最大的指标", "MOVED MOST BY";
    ColProjectId => "项目编号", "PROJECT ID";
    ColProjectName => "项目名称", "PROJECT";
    ColKnockOn => "因他人变动而变档", "TIER MOVED BY OTHERS";
    ColItsChange => "其贡献变化（分）", "ITS CHANGE (POINTS)";
    SheetChanges => "调整内容", "Changes";
    TitleChanges => "参数配置的调整", "What changed in the config";
    SheetDistrictsCompared => "县区对比", "Districts";
    TitleDistrictsCompared => "各县区调整前后对比", "Districts before and after";
    SheetProjectsCompared => "项目对比", "Projects";
    TitleProjectsCompared => "各项目调整前后对比", "Projects before and after";
    NoteContributions => "各维度列为该维度加权贡献（权重 × 得分）的变化，单位为分；只调整权重时，变化即来自这里。", "Each dimension's column is the change of its weighted contribution (weight × score) in points: when only weights change, this is what moved.";
    NoteMovers => "按名次变动幅度从大到小排列；影响最大的指标：加权贡献变化最大、且与总分变化方向一致的指标。", "Largest rank shift first; moved most by: the indicator whose weighted contribution changed most in the direction the total went.";
    ChartRankShift => "各县区名次变化（正数为上升）", "District rank shift (positive: moved up)";
    NoChange => "无变化", "no change";
    // sensitivity.
    Draws => "抽样", "draws";
    DrawsVaryAggregation => "每次随机选择算术或几何加权", "arithmetic or geometric aggregation";
    ColMedianRank => "名次中位数", "MEDIAN RANK";
    ColInterval => "5%–95% 名次区间", "5–95% RANKS";
    ColMeanShift => "平均名次变动", "MEAN SHIFT";
    Borderline => "临界", "borderline";
    SobolNoMove => "只调整维度权重时县区名次不变", "the district ranking does not move when only the dimension weights do";
    ColFirstOrder => "一阶指数", "FIRST ORDER";
    ColFirstOrderSe => "一阶指数标准误", "FIRST ORDER S.E.";
    ColTotalEffect => "总效应指数", "TOTAL EFFECT";
    ColTotalEffectSe => "总效应指数标准误", "TOTAL EFFECT S.E.";
    LeaveOneOut => "逐一去掉一个指标（其权重为 0，同维度其他指标权重按比例放大）：", "Leaving one indicator out (its weight 0, the rest of its dimension rescaled):";
    ColWeightInTotal => "占总分权重", "WEIGHT IN TOTAL";
    ColDistrictsMoved => "名次变动的县区", "DISTRICTS MOVED";
    ColDistrictMeanShift => "县区平均名次变动", "DISTRICT MEAN SHIFT";
    ColDistrictMaxShift => "县区最大名次变动", "DISTRICT MAX SHIFT";
    ColDistrictTierChanges => "县区等级变化", "DISTRICT TIER CHANGES";
    ColProjectsMoved => "名次变动的项目", "PROJECTS MOVED";
    ColProjectMeanShift => "项目平均名次变动", "PROJECT MEAN SHIFT";
    ColProjectMaxShift => "项目最大名次变动", "PROJECT MAX SHIFT";
    ColProjectTierChanges => "项目等级变化", "PROJECT TIER CHANGES";
    ColNominalRank => "名次（按配置权重）", "NOMINAL RANK";
    ColNominalTier => "等级（按配置权重）", "NOMINAL TIER";
    ColP5 => "第 5 百分位名次", "5TH PERCENTILE";
    ColP95 => "第 95 百分位名次", "95TH PERCENTILE";
    ColIntervalWidth => "区间宽度", "INTERVAL WIDTH";
    SheetSobol => "Sobol 指数", "Sobol";
    TitleSobol => "各维度权重对县区排名的 Sobol 敏感性指数", "Sobol indices of the dimension weights on the district ranking";
    ChartTotalEffect => "总效应指数（从 0 起）", "Total-effect index (from 0)";
    SheetDistrictIntervals => "县区名次区间", "District intervals";
    TitleDistrictIntervals => "县区名次区间与分档概率", "District rank intervals and tier probabilities";
    ChartDistrictIntervals => "县区名次：第 5–95 百分位与配置权重下的名次", "District rank: 5th–95th percentile and nominal";
    SheetProjectIntervals => "项目名次区间", "Project intervals";
    TitleProjectIntervals => "项目名次区间与分档概率", "Project rank intervals and tier probabilities";
    SheetLeaveOneOut => "逐一去掉指标", "Leave one out";
    TitleLeaveOneOut => "逐一去掉一个指标（其权重为 0，同维度其他指标权重按比例放大）", "Leaving one indicator out (its weight 0, the rest of its dimension rescaled)";
    ChartProjectsMoved => "去掉该指标后项目的平均名次变动", "Mean project rank shift without the indicator";
    // Expressions in words.
    ExprAnd => "且", "and";
    ExprOr => "或", "or";
    ExprNot => "非", "not";
    ExprNull => "空", "null";
    // The evaluation workbook's sheets.
    SheetDiagnostics => "诊断", "Diagnostics";
    SheetRedBlack => "红黑榜", "Red and black lists";
    SheetPanorama => "产业链全景", "Chain panorama";
    SheetParks => "园区", "Parks";
    ColGateStatus => "资金到位达标情况", "Capital gate";
    GateMet => "达标", "met";
    ColLastRow => "至行", "To row";
    ColAdvice => "处理建议", "What to do";
    NoneSet => "无", "none";
    AhpDimensions => "维度权重（层次分析法）", "Dimension weights (AHP)";
    LevelNational => "国家级园区", "national parks";
    LevelProvincial => "省级园区", "provincial parks";
    CheckThis => "⚠ 关注", "⚠ check";
    Fine => "正常", "fine";
    ColCoverage => "覆盖率", "Coverage";
    ColZeros => "零分占比", "Zero scores";
    ColSkewness => "偏度", "Skewness";
    ColKurtosis => "峰度", "Kurtosis";
    ColDistribution => "分布", "Distribution";
    DistCategory => "分类指标", "categories";
    DistLongTail => "⚠ 长尾", "⚠ long tail";
    DistSkewed => "偏态", "skewed";
    DistFine => "正常", "fine";
    ColNominalWeight => "名义权重", "Nominal weight";
    ColEffectiveWeight => "有效权重", "Effective weight";
    ColInfluence => "关注", "Flag";
    ColCronbach => "克朗巴哈 α", "Cronbach's α";
    CorrelationsNote => "相关系数：同一维度内的指标（高于 0.9 或低于 −0.3 标记），各维度之间（高于 0.9 标记）。", "Correlations: indicators within a dimension (flagged above 0.9 or below −0.3), and between dimensions (flagged above 0.9).";
    ColFirst => "甲", "First";
    ColSecond => "乙", "Second";
    ColCorrelation => "相关系数 r", "r";
    ColList => "榜单", "List";
    ColRedBlack => "红榜/黑榜", "Red or black";
    ColDistrictOrProject => "县区/项目", "District or project";
    ColShortfalls => "拉低得分最多的指标（失分）", "Indicators that cost most (points lost)";
    ListOverall => "综合得分", "Overall";
    RedList => "红榜", "red";
    BlackList => "黑榜", "black";
    TitleRedBlack => "红黑榜：综合得分及各维度前三、后三的县区；末档项目及拉低其得分最多的两个指标（权重 ×（100 − 得分）最大）", "Red and black lists: the top and bottom three districts overall and per dimension; bottom-tier projects with the two indicators that cost them most (weight × (100 − score))";
    ColLink => "环节", "Link";
    NoLink => "（未填环节）", "(no link)";
    ColGap => "缺口", "Gap";
    Gap => "缺口", "gap";
    TitlePanorama => "产业链全景：各产业链建链、补链、延链、强链环节的项目、投资、到位资金与得分，三类 500 强企业；无项目的环节为招商缺口", "Chain panorama: per chain and link (build, supplement, extend, strengthen) the projects, investment, capital in place, score and top-500 investors; a link without a project is a gap to recruit for";
    ColLand => "用地（亩）", "Land (mu)";
    ColOutputPerMu => "亩均产值（万元/亩）", "Output per mu (10k CNY/mu)";
    ColTaxPerMu => "亩均税收（万元/亩）", "Tax per mu (10k CNY/mu)";
    ColLeadingShare => "主导产业项目占比", "Share in leading chains";
    TitleParks => "园区承载：各园区的项目、用地、投资、亩均产值与税收，以及主导产业项目占比", "Parks: projects, land, investment, output and tax per mu, and the share of projects in the park's leading chains";
    // what-if.
    TopTier => "已是最高档。", "Already in the top tier.";
    ColRegisterColumn => "登记表列", "REGISTER COLUMN";
    ColNow => "现值", "NOW";
    ColNeeded => "需要", "NEEDED";
    ColChangeBy => "改动", "CHANGE";
    ColTotalIfChanged => "改后综合得分", "TOTAL AFTER";
    ColRescored => "重算的指标", "INDICATORS RE-SCORED";
    DashCannot => "“—”：单独改变这一项无法提升等级。", "—: changing this alone cannot lift the tier.";
    UnitTenThousandYuan => "万元", "10k CNY";
    UnitTenThousandUsd => "万美元", "10k USD";
    UnitMu => "亩", "mu";
    // Severities and actions.
    SevError => "错误", "error";
    SevWarning => "警告", "warning";
    SevInfo => "提示", "info";
    ActRowSkipped => "已跳过该行", "row skipped";
    ActTreatedAsMissing => "按未填处理", "treated as missing";
    ActDefaultUsed => "取默认值", "default used";
    ActKept => "保留", "kept";
    ActNotScored => "不参与评分", "not scored";
    ActNone => "无", "none";
}

impl crate::columns::InputKind {
    /// What one file of this kind is, in a sentence.
    pub fn noun(self) -> L {
        match self {
            crate::columns::InputKind::Projects => L::NounProjects,
            crate::columns::InputKind::Capital => L::NounCapital,
            crate::columns::InputKind::Targets => L::NounTargets,
        }
    }
}
