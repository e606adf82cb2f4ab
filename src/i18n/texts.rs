//! Sentences that are not problems: progress lines, the evaluator tools'
//! answers, workbook titles and notes. Each has placeholders; a fixed word is a
//! label ([`L`](super::L)).

use super::{Fixed, L, Money, Name, Pct, catalogue};
use crate::period::Period;

catalogue! {
    /// A sentence of the catalogue.
    pub enum Say;

    // ---------------------------------------------------------------- progress
    /// The start of a run.
    T001 Scoring { period: Period, config: String }
        => "正在评价{period}，参数配置：{config}", "scoring {period} with {config}";
    /// The start of validate.
    T002 Validating { period: Period, config: String }
        => "正在检查{period}的数据，参数配置：{config}", "validating {period} with {config}";
    /// Files read.
    T003 FilesRead { files: usize, projects: usize }
        => "已读取 {files} 个文件：{projects} 个项目在评价范围内", "read {files} file(s): {projects} project(s) in scope";
    /// Files written.
    T004 Wrote { files: Vec<String>, folder: String }
        => "已写入 {folder}：{files}", "wrote {files} in {folder}";

    /// The first line of score's ranking.
    T005 RunHeadline { version: String, period: Period, projects: usize, exempt: usize, districts: usize, errors: usize, warnings: usize, infos: usize }
        => "chainscore {version} · {period}：评分项目 {projects} 个，豁免 {exempt} 个，县区 {districts} 个；错误 {errors} 个，警告 {warnings} 个，提示 {infos} 条", "chainscore {version} · {period}: {projects} project(s) scored, {exempt} exempt, {districts} district(s); {errors} error(s), {warnings} warning(s), {infos} info(s)";
    /// No earlier folder for the baseline.
    T006 NoEarlierFolder { folder: String }
        => "{folder} 中没有更早的同类期间文件夹，本期不作比较", "no earlier period folder of the same kind in {folder}: no baseline";

    /// A period in words.
    T007 PeriodWords { period: Period }
        => "{period}", "{period}";
    /// A rank within a group.
    T008 RankOf { rank: String, of: usize, within: String }
        => "{within}第 {rank} 名（共 {of} 个）", "{rank} of {of} in {within}";
    /// explain's headline.
    T009 ExplainTotal { total: String, tier: String, ranks: String }
        => "综合得分 {total}（{tier} 档）：{ranks}。", "Total {total} (tier {tier}): rank {ranks}.";
    /// explain's sum with adjustments.
    T010 ExplainSum { base: String, adjustment: String, total: String }
        => "各维度合计 {base}，加减分 {adjustment}，综合得分 {total}", "dimensions {base} + adjustments {adjustment} = total {total}";
    /// explain: the project's stage and its deadlines (spec 3.10).
    T018 ExplainProgress { stage: String, start: String, operate: String, full: String }
        => "项目推进：{stage}；应于 {start} 前开工、{operate} 前投产、{full} 前达产。", "Progress: {stage}; due to start by {start}, operate by {operate}, reach full production by {full}.";
    /// 核查线索: capital recorded before the signing month.
    T020 CheckBeforeSigning { first: String }
        => "台账记录了签约当月之前的到位资金（最早 {first}），请核实签约时间或台账月份", "the ledger records capital in place before the signing month (from {first}): check the signing date or the ledger's months";
    /// 核查线索: capital above the multiple of total investment.
    T021 CheckOverrun { capital: String, ratio: String, limit: String }
        => "累计到位资金 {capital} 万元，为计划总投资的 {ratio}，超过 {limit}，请核实是否虚报", "cumulative capital in place is {capital} (10k CNY), {ratio} of the total investment, above {limit}: check it was not overstated";
    /// 核查线索: the same investor and project name in another district.
    T022 CheckElsewhere { district: String, project: String }
        => "同一投资方的同名项目也登记在{district}（{project}），请核实是否重复登记", "the same investor's project of the same name is also registered in {district} ({project}): check it is not counted twice";
    /// 核查线索: a stage date before an earlier stage's.
    T023 CheckStageOrder { later: String, earlier: String }
        => "{later}早于{earlier}，请核实日期", "the {later} is before the {earlier}: check the dates";
    /// 核查线索: operations data for a year the project was not yet operating.
    T025 CheckOpsEarly { year: i32 }
        => "报送了 {year} 年的运营数据，但项目当年年底前尚未投产，请核实投产时间或运营数据", "operations data is given for {year}, but the project was not operating by the end of that year: check its operating date or the data";
    /// 履约: which year's actuals were compared.
    T026 DeliveryYear { year: i32, floor: String }
        => "对比 {year} 年实际数据与登记表中的达产承诺；低于承诺的 {floor} 标为未达承诺。", "{year}'s actual figures against the register's full-production promises; below {floor} of a promise is flagged.";
    /// history: one period, nothing to compare.
    T027 HistoryNothing { folder: String, period: String }
        => "{folder} 中只有一个评价期（{period}），暂无可比较的内容", "{folder} holds one period ({period}): nothing to compare yet";
    /// history: the workbook's title.
    T028 HistoryTitle { first: Period, last: Period }
        => "{first}至{last}历次评价", "Assessments from {first} to {last}";
    /// history: how to read the districts sheet.
    T029 HistoryPeriods { periods: usize }
        => "共 {periods} 个评价期，自左至右由早到晚。", "{periods} periods, the oldest on the left.";
    /// history: one run in the lowest tier.
    T030 StreakLine { who: String, periods: usize, label: String }
        => "{who}：连续 {periods} 期处于最低档（{label}）", "{who}: {periods} period(s) in a row in the lowest tier ({label})";
    /// 逾期清单, 核查线索: rows past what a sheet lists.
    T032 SheetRowsCut { shown: usize, all: usize, file: String }
        => "本表列出前 {shown} 行，共 {all} 行；全部见 {file}。", "The first {shown} of {all} rows are listed here; {file} holds them all.";
    /// history: runs not printed.
    T031 MoreStreaks { more: usize }
        => "另有 {more} 个项目连续处于最低档，见 history.xlsx。", "{more} more project(s) in the lowest tier in a row: see history.xlsx.";
    /// 核查线索: where, as file, sheet and rows.
    T024 CheckWhere { file: String, rows: String }
        => "{file} 第 {rows} 行", "{file}, rows {rows}";
    /// explain: the overdue list a project is on.
    T019 ExplainOverdue { list: String, months: u32 }
        => "列入“{list}”清单，已逾期 {months} 个月。", "On the list \"{list}\": {months} month(s) overdue.";

    /// init: the starter config.
    T011 StarterConfig { period: Period }
        => "{period}的参数配置", "starter config for {period}";
    /// init: a template.
    T012 TemplateOf { kind: L }
        => "{kind}填报模板", "{kind} template";
    /// init: what was written.
    T013 InitWrote { files: usize }
        => "已写入 {files} 个文件：", "Wrote {files} file(s):";

    /// weights: the indicators of a dimension.
    T014 IndicatorsOf { dimension: Name }
        => "{dimension}的指标权重", "indicator weights of {dimension}";
    /// weights: from AHP.
    T015 FromAhp { cr: Fixed }
        => "层次分析法判断得出，CR = {cr}", "from AHP judgments, CR = {cr}";
    /// weights: a set's title.
    T016 WeightSetTitle { title: String, source: String, projects: usize }
        => "{title}（{source}；客观权重取自 {projects} 个项目）：", "{title} ({source}; objective weights from {projects} project(s)):";
    /// weights: the combined column.
    T017 Combined { method: L, alpha: f64 }
        => "组合（{method}，α = {alpha}）", "COMBINED ({method}, α = {alpha})";

    // ---------------------------------------------------------------- compare
    /// The compare workbook's title.
    K001 CompareTitle { period: Period }
        => "{period}评价结果对比", "Comparison of {period}";
    /// compare's first line.
    K002 Comparing { before: String, after: String }
        => "比较：{before}（调整前）与 {after}（调整后）", "Comparing {before} (before) with {after} (after)";
    /// Rank agreement.
    K003 Agreement { what: L, compared: usize, spearman: Fixed, kendall: Fixed, moved: usize, tier_changes: usize }
        => "{what}：两边均有 {compared} 个，Spearman ρ = {spearman}，Kendall τ = {kendall}；名次变动 {moved} 个，等级变化 {tier_changes} 个", "{what}: {compared} on both sides, Spearman ρ = {spearman}, Kendall τ = {kendall}; {moved} moved, {tier_changes} changed tier";
    /// Knock-on tier changes.
    K004 KnockOn { count: usize }
        => "其中 {count} 个项目等级变化只因其他项目变动（自身总分未变）", "{count} project(s) changed tier only because others moved (their own total did not change)";
    /// Projects on one side only.
    K005 OnlyOneSide { before: usize, after: usize }
        => "只在调整前评分的项目 {before} 个，只在调整后评分的 {after} 个", "{before} project(s) scored only before, {after} only after";
    /// A dimension's change of contribution, as a header.
    K006 ContributionChange { dimension: Name }
        => "{dimension}贡献变化（分）", "{dimension} change (points)";
    /// The before side.
    K007 BeforeSide { label: String }
        => "调整前：{label}", "Before: {label}";
    /// The after side.
    K008 AfterSide { label: String }
        => "调整后：{label}", "After: {label}";
    /// Only the largest movers listed.
    K009 LargestOf { shown: usize, total: usize }
        => "共 {total} 个项目，列出名次变动最大的 {shown} 个；--format json 输出全部", "the {shown} largest movers of {total}; --format json gives them all";

    // ---------------------------------------------------------------- sensitivity
    /// Draws done.
    N001 DrawsDone { draws: usize, projects: usize, districts: usize, seconds: Fixed }
        => "已完成 {draws} 次抽样（{projects} 个项目、{districts} 个县区），用时 {seconds} 秒", "{draws} draws of {projects} project(s) and {districts} district(s) in {seconds} s";
    /// The sensitivity workbook's title.
    N002 SensitivityTitle { period: Period }
        => "{period}评价结果敏感性分析", "Sensitivity of {period}";
    /// Uniform draws.
    N003 DrawsUniform { draws: usize, low: Fixed, high: Fixed }
        => "抽样 {draws} 次，每个权重乘以 U({low}, {high}) 后归一", "{draws} draws, each weight × U({low}, {high}), renormalised per set";
    /// Dirichlet draws.
    N004 DrawsDirichlet { draws: usize, kappa: Fixed }
        => "抽样 {draws} 次，以配置权重为中心的狄利克雷分布，κ = {kappa}", "{draws} draws, Dirichlet centred on the configured weights, κ = {kappa}";
    /// Alternative methods.
    N005 DrawsAlternatives { alternatives: String }
        => "一半抽样改用：{alternatives}", "each in half the draws: {alternatives}";
    /// The seed.
    N006 Seed { seed: u64 }
        => "种子 {seed}", "seed {seed}";
    /// A tier probability header.
    N007 TierProbability { tier: String }
        => "P({tier})", "P({tier})";
    /// sensitivity's first line.
    N008 SensitivityHead { settings: String }
        => "敏感性分析：{settings}", "Sensitivity: {settings}";
    /// Borderline projects.
    N009 BorderlineProjects { borderline: usize, projects: usize, share: Fixed }
        => "{projects} 个项目中 {borderline} 个处于临界（没有任何等级在 {share}% 的抽样中出现），工作簿中列出。", "{borderline} of {projects} project(s) borderline (no tier in {share}% of the draws); the workbook lists them.";
    /// Sobol precision.
    N010 SobolPrecision { needed: usize }
        => "N ≈ {needed} 时标准误为 0.02", "N ≈ {needed} gives a standard error of 0.02";
    /// Sobol heading.
    N011 SobolHead { samples: usize, precision: String }
        => "各维度权重对县区排名的 Sobol 指数（N = {samples}；{precision}）：", "Sobol indices of the dimension weights on the district ranking (N = {samples}; {precision}):";
    /// Sobol method note.
    N012 SobolMethod { low: Fixed, high: Fixed }
        => "每个维度权重独立乘以 U({low}, {high})；一阶指数按 Saltelli (2010)，总效应指数按 Jansen (1999)，按名次方差在县区间汇总。", "Each dimension weight × U({low}, {high}), independent; first order: Saltelli (2010), total effect: Jansen (1999), pooled over districts by rank variance.";
    /// Sobol sample note.
    N013 SobolSample { samples: usize, scorings: usize, precision: String }
        => "基础样本量 N = {samples}（重算 {scorings} 次）；{precision}。", "Base sample N = {samples} ({scorings} re-scorings); {precision}.";
    /// Borderline note.
    N014 BorderlineNote { share: Fixed }
        => "临界：没有任何等级在 {share}% 的抽样中出现。等级为达标线限档后的等级。", "Borderline: no tier in {share}% of the draws. Tiers after the policy gate.";
    /// Only the first projects listed.
    N015 FirstOf { shown: usize, total: usize }
        => "共 {total} 个项目，按名次列出前 {shown} 个；--format json 输出全部。", "The first {shown} of {total} projects by nominal rank; --format json gives them all.";

    // ---------------------------------------------------------------- the config in words
    /// A dimension's weight.
    C001 FactDimensionWeight { dimension: Name }
        => "维度权重：{dimension}", "weight of {dimension}";
    /// A weight and its share.
    C002 WeightShare { weight: String, share: Pct }
        => "{weight}（占 {share}）", "{weight} ({share})";
    /// An indicator's weight.
    C003 FactIndicatorWeight { indicator: Name }
        => "指标权重：{indicator}", "weight of {indicator}";
    /// A weight and its share of its dimension.
    C004 WeightShareInDimension { weight: String, share: Pct }
        => "{weight}（占所在维度 {share}）", "{weight} ({share} of its dimension)";
    /// A share of a dimension.
    C005 ShareInDimension { share: Pct }
        => "占所在维度 {share}", "{share} of its dimension";
    /// An indicator's method.
    C006 FactMethod { indicator: Name }
        => "标准化方法：{indicator}", "method of {indicator}";
    /// An indicator's expression.
    C007 FactExpr { indicator: Name }
        => "计算公式：{indicator}", "expression of {indicator}";
    /// An indicator's direction.
    C008 FactDirection { indicator: Name }
        => "方向：{indicator}", "direction of {indicator}";
    /// An indicator's missing-value policy.
    C009 FactMissing { indicator: Name }
        => "缺失值处理：{indicator}", "missing values of {indicator}";
    /// An indicator's population.
    C010 FactScope { indicator: Name }
        => "比较范围：{indicator}", "population of {indicator}";
    /// An adjustment.
    C011 FactAdjustment { adjustment: Name }
        => "加减分：{adjustment}", "adjustment {adjustment}";
    /// A tier by share.
    C012 TierShare { tier: String, share: String }
        => "{tier} 前 {share}%", "{tier} top {share}%";
    /// An adjustment with a cap.
    C013 AdjustmentCapped { level: L, points: String, cap: String, when: String }
        => "{level}{points} 分，最多 {cap} 分（条件：{when}）", "{points} points for {level}, at most {cap} (when {when})";
    /// An adjustment without a cap.
    C014 AdjustmentPlain { level: L, points: String, when: String }
        => "{level}{points} 分（条件：{when}）", "{points} points for {level} (when {when})";
    /// Goalposts.
    C015 Goalposts { lo: String, hi: String }
        => "下限 {lo}，上限 {hi}", "from {lo} to {hi}";
    /// A chain's own goalposts.
    C016 ChainGoalposts { chain: Name, lo: String, hi: String }
        => "{chain}：{lo}–{hi}", "{chain}: {lo}–{hi}";
    /// Winsorising.
    C017 Winsor { low: String, high: String }
        => "先缩尾至第 {low}–{high} 百分位", "winsorised to the {low}th–{high}th percentile";
    /// Bands.
    C018 Bands { bands: String, below: String }
        => "{bands}；低于首档 {below} 分", "{bands}; {below} below the first";
    /// Category scores.
    C019 CategoryScores { scores: String, default: String }
        => "{scores}；未列出的取值 {default}", "{scores}; any value not listed {default}";
    /// Yes/no scores.
    C020 YesNoScores {}
        => "是 100，否 0", "yes 100, no 0";
    /// k times the mean.
    C021 TimesMean { k: String }
        => "平均值的 {k} 倍", "{k} × the mean";
    /// A ratio's parameters.
    C022 Ratio { benchmark: String, cap: String }
        => "基准 {benchmark}，封顶 {cap} 倍", "benchmark {benchmark}, capped at {cap} ×";
    /// The efficacy floor.
    C023 Efficacy { floor: String }
        => "最低 {floor} 分", "floor {floor}";

    // ---------------------------------------------------------------- what-if
    /// A project's headline.
    W001 WhatIfProject { id: String, total: String, tier: String, rank: u32 }
        => "{id}：综合得分 {total}，{tier} 档，第 {rank} 名", "{id}: total {total}, tier {tier}, rank {rank}";
    /// The register view's heading.
    W002 WhatIfColumns { tier: String }
        => "升至 {tier} 档，登记表每一列单独需要的改动（用到该列的指标全部重算，其他列不变）：", "To reach tier {tier}, one register column at a time (every indicator reading it re-scored, the other columns as they are):";
    /// The indicator view's heading.
    W003 WhatIfIndicators { tier: String }
        => "按指标看：升至 {tier} 档，每个指标单独需要的值（其他指标不变）：", "By indicator: to reach tier {tier}, one indicator at a time (the others as they are):";
    /// A district's headline.
    W004 WhatIfDistrict { district: String, total: String, tier: String, gate: String, quality: String, capital: Money, target: Money }
        => "{district}：综合得分 {total}，{tier} 档（{gate}）；项目质量 {quality}，到位资金 {capital} 万元，目标 {target} 万元", "{district}: total {total}, tier {tier} ({gate}); quality {quality}, capital in place {capital} (10k CNY) of a target of {target}";
    /// A district's headline without a target.
    W005 WhatIfDistrictNoTarget { district: String, total: String, tier: String, gate: String, quality: String, capital: Money }
        => "{district}：综合得分 {total}，{tier} 档（{gate}）；项目质量 {quality}，到位资金 {capital} 万元，没有目标", "{district}: total {total}, tier {tier} ({gate}); quality {quality}, capital in place {capital} (10k CNY), no target";
    /// The gate opens.
    W006 GateOpensAt { capital: Money, more: Money }
        => "到位资金达到 {capital} 万元（还需 {more} 万元）即达标。", "The gate opens at {capital} (10k CNY) in place ({more} more).";
    /// The tier by capital.
    W007 TierByCapital { tier: String, capital: Money, more: Money }
        => "项目质量不变时，到位资金达到 {capital} 万元（还需 {more} 万元）可升至 {tier} 档。", "Tier {tier} with quality as it is: capital in place of {capital} (10k CNY) ({more} more).";
    /// Capital alone cannot.
    W008 CapitalCannot { tier: String }
        => "单靠到位资金无法升至 {tier} 档。", "Capital alone cannot reach tier {tier}.";
    /// The tier by quality.
    W009 TierByQuality { tier: String, quality: String, more: String }
        => "到位资金不变时，项目质量达到 {quality}（{more}，即其项目综合得分按计划总投资加权的平均值）可升至 {tier} 档。", "Tier {tier} with capital as it is: quality {quality} ({more}), the investment-weighted mean of its projects' totals.";
    /// Quality alone cannot.
    W010 QualityCannot { tier: String }
        => "单靠项目质量无法升至 {tier} 档。", "Quality alone cannot reach tier {tier}.";
    /// Quality alone cannot while the gate holds.
    W011 QualityCannotGated { tier: String }
        => "资金到位未达标时，单靠项目质量无法升至 {tier} 档。", "Quality alone cannot reach tier {tier} while the district is below the capital gate.";

    // ---------------------------------------------------------------- the evaluation workbook
    /// The workbook's title.
    B001 WorkbookTitle { period: Period }
        => "工业招商引资质量效益评价 · {period}", "Industrial investment promotion: quality and efficiency · {period}";
    /// Issue counts.
    B002 IssueCounts { errors: usize, warnings: usize, infos: usize }
        => "错误 {errors} 个，警告 {warnings} 个，提示 {infos} 条", "{errors} error(s), {warnings} warning(s), {infos} info(s)";
    /// A unit after a header.
    B003 Unit { unit: String }
        => "（{unit}）", " ({unit})";
    /// An indicator's raw value header.
    B004 RawHeader { name: String, unit: String }
        => "{name}{unit}", "{name}{unit}";
    /// An indicator's score header.
    B005 ScoreHeader { name: String }
        => "{name}得分", "{name} score";
    /// A check's header.
    B006 CheckHeader { check: Name }
        => "核查：{check}", "Check: {check}";
    /// Projects listed of all.
    B007 ProjectsListed { shown: usize, total: usize }
        => "共 {total} 个项目，本表按名次列出前 {shown} 个；全部项目见 projects.parquet", "the best {shown} of {total} projects are listed; every project is in projects.parquet";
    /// AHP of a dimension's indicators.
    B008 AhpIndicators { dimension: Name }
        => "{dimension}的指标权重（层次分析法）", "Indicator weights of {dimension} (AHP)";
    /// AHP consistency.
    B009 AhpConsistency { lambda: Fixed, ci: Fixed, cr: Fixed, experts: usize }
        => "λmax = {lambda}，CI = {ci}，CR = {cr}（{experts} 位专家综合）", "λmax = {lambda}, CI = {ci}, CR = {cr} ({experts} expert(s) pooled)";
    /// A check for one park level.
    B010 CheckAtLevel { check: String, level: String }
        => "{check}（{level}）", "{check} ({level})";
    /// Diagnostics title.
    B011 DiagnosticsTitle { projects: usize }
        => "指标诊断（{projects} 个参评项目）：偏度 |s| > 2 且峰度 > 3.5 为长尾；有效权重 = 与综合得分相关系数平方的占比，与名义权重相差三倍以上且至少 5 个百分点的标记关注", "Indicator diagnostics ({projects} scored projects): |skewness| > 2 and kurtosis > 3.5 is a long tail; effective weight = share of the squared correlation with the total, flagged beyond a factor of three and five percentage points from the nominal";
    /// The bottom tier's projects as a list name.
    B012 TierProjects { tier: String }
        => "{tier} 档项目", "Tier {tier} projects";
    /// Laggards listed.
    B013 LaggardsListed { tier: String, shown: usize, all: usize }
        => "末档（{tier}）项目共 {all} 个，本表列出得分最低的 {shown} 个；每个项目的档次见项目评分表和 projects.parquet", "the worst {shown} of {all} tier {tier} projects are listed; every project's tier is in the Projects sheet and projects.parquet";
    /// The Issues sheet lists some of them.
    B015 IssuesListed { shown: usize, total: usize }
        => "共 {total} 条问题，本表按级别列出前 {shown} 条；全部问题见 issues.parquet", "{total} issues in all; this sheet lists the first {shown} by severity; issues.parquet holds every one";
    /// A shortfall.
    B014 Shortfall { indicator: String, points: String }
        => "{indicator}（失 {points} 分）", "{indicator} (−{points})";

    // ---------------------------------------------------------------- templates (init)
    /// A template's instructions title.
    F001 TemplateHowTo { title: L }
        => "{title}填写说明", "How to fill in the {title}";
    /// The period a template is for.
    F002 TemplatePeriod { period: Period, end: chrono::NaiveDate }
        => "评价期：{period}（期末 {end}）。", "Period: {period} (ending {end}).";
    /// Where to write.
    F003 TemplateWhere { sheet: String, last: u32 }
        => "在“{sheet}”工作表填写：第 1 行是表头，请勿改动；从第 2 行起每行一条记录。第 2–{last} 行带下拉列表和数据验证，选中单元格时提示单位。", "Fill in the sheet \"{sheet}\": row 1 is the header, leave it as it is; one record per row from row 2. Rows 2–{last} carry drop-down lists and checks, and a selected cell tells its unit.";
    /// Where the drop-down values come from.
    F004 TemplateLists { sheet: String }
        => "下拉列表的取值在隐藏的“{sheet}”工作表中，由参数配置决定。", "The drop-down values are on the hidden sheet \"{sheet}\", as the config sets them.";
    /// What to run next.
    F005 TemplateNext { config: String }
        => "填好后运行：chainscore --config {config} validate", "When done, run: chainscore --config {config} validate";
    /// A drop-down list's header on the lists sheet.
    F006 TemplateChoices { header: String }
        => "可选值：{header}", "Choices: {header}";
    /// A cell's prompt: required or not, and what to write.
    F007 TemplatePrompt { need: L, what: String }
        => "{need}。{what}。", "{need}. {what}.";
    /// A whole number's prompt.
    F008 TemplateWholeIn { unit: String }
        => "填不小于 0 的整数，单位：{unit}", "A whole number, 0 or more, in {unit}";
    /// A number's prompt.
    F009 TemplateNumberIn { unit: String }
        => "填不小于 0 的数，单位：{unit}", "A number, 0 or more, in {unit}";
    /// A whole number that does not pass.
    F010 TemplateNotWhole { unit: String }
        => "应为不小于 0 的整数（单位：{unit}）。", "Should be a whole number, 0 or more ({unit}).";
    /// A number that does not pass.
    F011 TemplateNotNumber { unit: String }
        => "应为不小于 0 的数（单位：{unit}）。", "Should be a number, 0 or more ({unit}).";
    /// A date outside the range.
    F012 TemplateDateRange { first: u16, last: u16 }
        => "{first}-01-01 至 {last}-12-31 之间的日期", "a date from {first}-01-01 to {last}-12-31";
    /// A year outside the range.
    F013 TemplateYearRange { first: u16, last: u16 }
        => "{first} 至 {last} 之间的年份", "a year from {first} to {last}";
    /// A value that should be something.
    F014 TemplateShouldBe { what: String }
        => "应为{what}。", "Should be {what}.";

    // ---------------------------------------------------------------- places
    /// A config key with its line.
    P001 ConfigPlaceLine { file: String, line: usize, key: String }
        => "{file} 第 {line} 行，键 {key}", "{file} line {line}, key `{key}`";
    /// A config key without a line.
    P002 ConfigPlaceKey { file: String, key: String }
        => "{file}，键 {key}", "{file}, key `{key}`";
    /// A config file's line.
    P003 ConfigPlaceFileLine { file: String, line: usize }
        => "{file} 第 {line} 行", "{file} line {line}";
    /// A sheet.
    P004 PlaceSheet { sheet: String }
        => "工作表“{sheet}”", "sheet \"{sheet}\"";
    /// A row.
    P005 PlaceRow { row: u32 }
        => "第 {row} 行", "row {row}";
    /// A column by letter and header.
    P006 PlaceColumn { letter: String, header: String }
        => "{letter} 列（{header}）", "column {letter} {header}";
    /// A column by name alone.
    P007 PlaceColumnName { name: String }
        => "“{name}”列", "column {name}";
    /// A file that could not be read or written, and why.
    P008 IoFailed { path: String, action: L, reason: L }
        => "{path}：{action}（{reason}）", "{path}: {action} ({reason})";
    /// A header that nearly matches a column's alias.
    P009 NearHeader { header: String, alias: String }
        => "表头“{header}”是否应为“{alias}”？", "\"{header}\": did you mean \"{alias}\"?";
    /// Where a file's rows went.
    P011 Accounting { read: u32, used_word: L, used: u32, out: u32, skipped: u32 }
        => "读入 {read} = {used_word} {used} + 范围外 {out} + 跳过 {skipped}", "read {read} = {used_word} {used} + out of scope {out} + skipped {skipped}";
    /// Where a file's rows went, with exempt projects.
    P012 AccountingExempt { read: u32, used_word: L, used: u32, exempt: u32, out: u32, skipped: u32 }
        => "读入 {read} = {used_word} {used} + 豁免 {exempt} + 范围外 {out} + 跳过 {skipped}", "read {read} = {used_word} {used} + exempt {exempt} + out of scope {out} + skipped {skipped}";
    /// Infos counted, not listed.
    P013 InfosHidden { count: usize, kinds: String }
        => "另有 {count} 条提示未列出（{kinds}），加 --all 显示", "{count} info(s) not listed ({kinds}); --all lists them";
    /// validate's verdict.
    P014 Verdict { errors: usize, warnings: usize, infos: usize, projects: u32, files: usize }
        => "{errors} 个错误，{warnings} 个警告，{infos} 条提示；{files} 个文件中 {projects} 个项目在评价范围内。", "{errors} error(s), {warnings} warning(s), {infos} info(s); {projects} project(s) in scope from {files} file(s).";
    /// A run of rows.
    P010 RowRange { first: u32, last: u32 }
        => "{first}–{last}", "{first}–{last}";
}
