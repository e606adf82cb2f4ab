//! The words of the spec's fixed vocabularies: canonical input columns and the
//! categorical values every register uses, as a clerk's template and drop-downs
//! show them. A config that adds a column or a vocabulary word names it itself
//! (its first Chinese word); these are the built-in ones.

use super::{Kind, Language};

/// Canonical input columns: (name, Chinese, English). The Chinese is the
/// template's header without its unit.
const COLUMNS: &[(&str, &str, &str)] = &[
    ("project_id", "项目编号", "project ID"),
    ("project_name", "项目名称", "project name"),
    ("district", "所属县区", "district"),
    ("park", "所在园区", "park"),
    ("chain", "所属产业链", "industry chain"),
    ("link", "链条环节", "chain link"),
    ("investor", "投资方", "investor"),
    ("investor_tier", "投资方类别", "investor tier"),
    ("origin", "资金来源地", "origin"),
    ("status", "项目状态", "status"),
    ("signed_on", "签约时间", "signing date"),
    ("started_on", "开工时间", "start date"),
    ("operating_on", "投产时间", "operating date"),
    ("full_production_on", "达产时间", "full-production date"),
    ("total_investment", "计划总投资", "total investment"),
    ("fixed_asset_investment", "固定资产投资", "fixed-asset investment"),
    ("land_area", "用地面积", "land area"),
    ("annual_output", "达产年产值", "annual output"),
    ("annual_tax", "达产年税收", "annual tax"),
    ("rd_expense", "研发投入", "R&D expense"),
    ("high_tech", "是否高新技术企业", "high-tech enterprise"),
    ("patents", "发明专利", "invention patents"),
    ("jobs", "新增就业", "new jobs"),
    ("period", "月份", "period"),
    ("domestic", "内资到位", "domestic capital in place"),
    ("foreign_usd", "外资到位", "foreign capital in place"),
    ("year", "年度", "year"),
    ("domestic_target", "内资到位目标", "domestic target"),
    ("foreign_target_usd", "外资到位目标", "foreign target"),
    ("actual_output", "实际产值", "actual output"),
    ("actual_tax", "实际税收", "actual tax"),
    ("actual_jobs", "实际就业", "actual jobs"),
    ("capital_in_place", "到位资金", "capital in place"),
    ("capital_cumulative", "累计到位资金", "cumulative capital in place"),
    ("chain_class", "产业链类别", "chain class"),
    ("park_fit", "园区主导产业契合", "fit with the park's leading chains"),
];

/// The display name of a canonical input column, when it is one.
pub fn column_name(name: &str, language: Language) -> Option<&'static str> {
    COLUMNS.iter().find(|(n, _, _)| *n == name).map(|(_, zh, en)| language.pick(zh, en))
}

/// Vocabulary words: (kind, key, Chinese, English).
const WORDS: &[(Kind, &str, &str, &str)] = &[
    (Kind::Link, "build", "建链", "build"),
    (Kind::Link, "supplement", "补链", "supplement"),
    (Kind::Link, "extend", "延链", "extend"),
    (Kind::Link, "strengthen", "强链", "strengthen"),
    (Kind::InvestorTier, "global500", "世界500强", "Fortune Global 500"),
    (Kind::InvestorTier, "china500", "中国500强", "China Top 500"),
    (Kind::InvestorTier, "private500", "民营500强", "Private 500"),
    (Kind::InvestorTier, "leader", "行业龙头", "industry leader"),
    (Kind::InvestorTier, "listed", "上市公司", "listed company"),
    (Kind::InvestorTier, "other", "其他", "other"),
    (Kind::Status, "signed", "签约", "signed"),
    (Kind::Status, "started", "开工", "started"),
    (Kind::Status, "operating", "投产", "operating"),
    (Kind::Status, "full_production", "达产", "in full production"),
    (Kind::Status, "stalled", "停滞", "stalled"),
    (Kind::Status, "withdrawn", "终止", "withdrawn"),
    (Kind::ChainClass, "key", "重点产业链", "key chain"),
    (Kind::ChainClass, "traditional", "传统产业", "traditional industry"),
    (Kind::ChainClass, "agriculture", "现代农业", "modern agriculture"),
    (Kind::ChainClass, "other", "其他", "other"),
];

/// The display word of a vocabulary key, when it is a built-in one.
pub fn vocabulary_word(kind: Kind, key: &str, language: Language) -> Option<&'static str> {
    WORDS.iter().find(|(k, w, _, _)| *k == kind && *w == key).map(|(_, _, zh, en)| language.pick(zh, en))
}

/// Units a config writes in Chinese, as an English reader reads them. A count
/// (件, 个, 项, 家) reads as the bare number in English.
const UNITS: &[(&str, &str)] = &[
    ("万元", "10k CNY"),
    ("万美元", "10k USD"),
    ("元", "CNY"),
    ("亿元", "100m CNY"),
    ("亩", "mu"),
    ("万元/亩", "10k CNY/mu"),
    ("元/亩", "CNY/mu"),
    ("公顷", "ha"),
    ("平方米", "m²"),
    ("人", "people"),
    ("年", "years"),
    ("月", "months"),
    ("件", ""),
    ("个", ""),
    ("项", ""),
    ("家", ""),
    ("%", "%"),
];

/// A config's unit in a language: itself in Chinese; in English the table's
/// word, or the unit as written when it is not a built-in one.
pub fn unit(unit: &str, language: Language) -> &str {
    match language {
        Language::Zh => unit,
        Language::En => UNITS.iter().find(|(zh, _)| *zh == unit.trim()).map(|(_, en)| *en).unwrap_or(unit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_words_have_both_languages() {
        for (name, zh, en) in COLUMNS {
            assert!(!zh.is_empty() && !en.is_empty(), "{name}");
            assert!(!super::super::tests::has_cjk(en), "{name}");
        }
        assert_eq!(vocabulary_word(Kind::InvestorTier, "global500", Language::Zh), Some("世界500强"));
        assert_eq!(column_name("total_investment", Language::Zh), Some("计划总投资"));
        assert_eq!(column_name("nope", Language::Zh), None);
        for (zh, en) in UNITS {
            assert!(!super::super::tests::has_cjk(en), "{zh}");
        }
        assert_eq!(unit("万元/亩", Language::En), "10k CNY/mu");
        assert_eq!(unit("件", Language::En), "");
        assert_eq!(unit("件", Language::Zh), "件");
        assert_eq!(unit("kWh", Language::En), "kWh");
    }
}
