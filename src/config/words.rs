//! The config's settings in words: what the Config sheet, `compare` and
//! `explain` show for a method, a direction, a missing-value policy, a tier
//! set. The words themselves are the catalogue's; this module only picks them.

use super::model::{Adjustment, Benchmark, Method, Tiers};
use super::raw::{
    AdjustmentLevel, Aggregation, Direction, MissingPolicy, NormaliseScope, ProjectScope, QualityWeighting, TierMethod,
};
use crate::i18n::{Cx, Kind, L, Name, Say};
use crate::period::CapitalWindow;
use crate::text::format_value as fmt;

/// Arithmetic or geometric.
pub(crate) fn aggregation(a: Aggregation) -> L {
    match a {
        Aggregation::Arithmetic => L::AggArithmetic,
        Aggregation::Geometric => L::AggGeometric,
    }
}

/// Higher or lower is better.
pub(crate) fn direction(d: Direction) -> L {
    match d {
        Direction::Higher => L::DirHigher,
        Direction::Lower => L::DirLower,
    }
}

/// What a missing value does.
pub(crate) fn missing(m: MissingPolicy) -> L {
    match m {
        MissingPolicy::Zero => L::MissZero,
        MissingPolicy::Median => L::MissMedian,
        MissingPolicy::Exclude => L::MissExclude,
        MissingPolicy::Reject => L::MissReject,
        MissingPolicy::Default => L::MissDefault,
    }
}

/// The population a method compares with.
pub(crate) fn scope(s: NormaliseScope) -> L {
    match s {
        NormaliseScope::City => L::ScopeCity,
        NormaliseScope::Chain => L::ScopeChain,
    }
}

/// How a district's quality averages its projects.
pub(crate) fn weighting(w: QualityWeighting) -> L {
    match w {
        QualityWeighting::Investment => L::WeightingInvestment,
        QualityWeighting::Equal => L::WeightingEqual,
    }
}

/// Which projects are in scope.
pub(crate) fn project_scope(s: ProjectScope) -> L {
    match s {
        ProjectScope::ToDate => L::ScopeToDate,
        ProjectScope::Year => L::ScopeYear,
    }
}

/// The months capital is summed over.
pub(crate) fn window(w: CapitalWindow) -> L {
    match w {
        CapitalWindow::Ytd => L::WindowYtd,
        CapitalWindow::Period => L::WindowPeriod,
        CapitalWindow::Cumulative => L::WindowCumulative,
    }
}

/// A tier set: `A ≥ 85、B ≥ 70 …` or `A 前 20%、B 前 60% …`.
pub(crate) fn tiers(t: &Tiers, cx: Cx<'_>) -> String {
    let levels: Vec<String> = t
        .levels
        .iter()
        .map(|level| match t.method {
            TierMethod::Threshold => format!("{} ≥ {}", level.name, fmt(level.bound)),
            TierMethod::Share => cx.say(&Say::TierShare { tier: level.name.clone(), share: fmt(level.bound * 100.0) }),
        })
        .collect();
    let method = cx.l(match t.method {
        TierMethod::Threshold => L::TiersByThreshold,
        TierMethod::Share => L::TiersByShare,
    });
    format!("{method}{}{}", cx.pick("：", ": "), levels.join(cx.comma()))
}

/// An adjustment: `每个符合条件的项目 +2 分，最多 6 分（条件：…）`.
pub(crate) fn adjustment(a: &Adjustment, cx: Cx<'_>) -> String {
    let points = format!("{:+}", a.points);
    let level = match a.level {
        AdjustmentLevel::Project => L::AdjustProject,
        AdjustmentLevel::District => L::AdjustDistrict,
    };
    match a.cap {
        Some(cap) => cx.say(&Say::AdjustmentCapped { level, points, cap: fmt(cap), when: a.when_text.clone() }),
        None => cx.say(&Say::AdjustmentPlain { level, points, when: a.when_text.clone() }),
    }
}

impl Method {
    /// The method's name and its parameters in words, as the Config sheet,
    /// `compare` and `explain` show them.
    pub(crate) fn describe(&self, cx: Cx<'_>) -> (String, String) {
        let name = cx.l(super::MethodName::from_method(self).label()).to_string();
        let list = |items: Vec<String>| items.join(cx.comma());
        let parameters = match self {
            Method::Goalpost { lo, hi, log, by_chain } => {
                let mut text = cx.say(&Say::Goalposts { lo: fmt(*lo), hi: fmt(*hi) });
                if *log {
                    text.push_str(cx.l(L::LogScale));
                }
                for (chain, l, h) in by_chain {
                    text.push_str(cx.pick("；", "; "));
                    text.push_str(&cx.say(&Say::ChainGoalposts {
                        chain: Name::new(Kind::Chain, chain.clone()),
                        lo: fmt(*l),
                        hi: fmt(*h),
                    }));
                }
                text
            }
            Method::MinMax { winsor } => winsor
                .map(|(a, b)| cx.say(&Say::Winsor { low: fmt(a * 100.0), high: fmt(b * 100.0) }))
                .unwrap_or_default(),
            Method::ZScore | Method::Percentile => String::new(),
            Method::Bands { bands, below } => cx.say(&Say::Bands {
                bands: list(bands.iter().map(|(t, s)| format!("{}→{}", fmt(*t), fmt(*s))).collect()),
                below: fmt(*below),
            }),
            Method::Category { map, default } => cx.say(&Say::CategoryScores {
                scores: list(map.iter().map(|(k, v)| format!("{} {}", cx.name(Kind::AnyWord, k), fmt(*v))).collect()),
                default: fmt(*default),
            }),
            Method::Boolean => cx.say(&Say::YesNoScores {}),
            Method::Ratio { benchmark, cap } => {
                let benchmark = match benchmark {
                    Benchmark::Fixed(b) => fmt(*b),
                    Benchmark::MeanTimes(k) => cx.say(&Say::TimesMean { k: fmt(*k) }),
                };
                cx.say(&Say::Ratio { benchmark, cap: fmt(*cap) })
            }
            Method::Efficacy { floor } => cx.say(&Say::Efficacy { floor: fmt(*floor) }),
        };
        (name, parameters)
    }
}

/// An expression of the config as a person reads it: each column named by
/// its display name (固定资产投资 / 用地面积 >= 300 且 达产年产值 / 用地面积 >= 600),
/// a vocabulary key in quotes by its word ('世界500强'), AND, OR and NOT in
/// words. Numbers and operators are left as written; a column the catalogue
/// does not know (a register's extra column) keeps its name.
pub(crate) fn expression(text: &str, cx: Cx<'_>) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            // A quoted literal: up to the closing quote.
            let start = i + 1;
            let mut end = start;
            while end < chars.len() && chars[end] != '\'' {
                end += 1;
            }
            let literal: String = chars[start..end].iter().collect();
            out.push('\'');
            out.push_str(&cx.name(Kind::AnyWord, &literal));
            if end < chars.len() {
                out.push('\'');
            }
            i = end + 1;
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let keyword = match word.to_ascii_uppercase().as_str() {
                "AND" => Some(L::ExprAnd),
                "OR" => Some(L::ExprOr),
                "NOT" => Some(L::ExprNot),
                "NULL" => Some(L::ExprNull),
                _ => None,
            };
            match keyword {
                Some(label) => out.push_str(cx.l(label)),
                None => match word.strip_prefix("check_") {
                    Some(check) => out.push_str(&cx.name(Kind::Check, check)),
                    None => out.push_str(&cx.name(Kind::Column, &word)),
                },
            }
        } else {
            // Comparisons as a reader writes them: ≥ ≤ ≠.
            let next = chars.get(i + 1).copied();
            match (c, next) {
                ('>', Some('=')) => out.push('≥'),
                ('<', Some('=')) => out.push('≤'),
                ('!', Some('=')) | ('<', Some('>')) => out.push('≠'),
                _ => {
                    out.push(c);
                    i += 1;
                    continue;
                }
            }
            i += 2;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::i18n::Language;

    #[test]
    fn an_expression_reads_in_words() {
        let mut config = Config::builtin_default();
        let cx = config.cx();
        assert_eq!(
            expression("fixed_asset_investment / land_area >= 300 AND investor_tier <> 'global500'", cx),
            "固定资产投资 / 用地面积 ≥ 300 且 投资方类别 ≠ '世界500强'"
        );
        assert_eq!(expression("patents <= 2 OR rd_expense != 0", cx), "发明专利 ≤ 2 或 研发投入 ≠ 0");
        config.language = Language::En;
        let cx = config.cx();
        assert_eq!(
            expression("annual_output / land_area >= 600 AND check_land_admission", cx),
            "annual output / land area ≥ 600 and Land admission standard"
        );
    }
}
