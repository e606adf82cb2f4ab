//! The overviews the policy asks for beside the ranking: the chain panorama
//! (产业链全景图/现状图: per chain and link, what has been recruited and where the
//! gaps are), the parks (园区承载: output and tax per mu, and how much of each park
//! is in its leading chains), and the red and black lists (红黑榜).
//!
//! All three read the ranked project and district frames; none changes a score.

use polars::prelude::*;

use crate::columns::{dimension_column, score_column};
use crate::config::Config;
use crate::error::Result;
use crate::frames::{number_values as numbers, text_values as text};

/// The chain links of the policy (建链, 补链, 延链, 强链), in its order.
pub const LINKS: [&str; 4] = ["build", "supplement", "extend", "strengthen"];

/// The "top 500 in three categories" investor tiers the policy targets.
pub const TOP_500: [&str; 3] = ["global500", "china500", "private500"];

/// One chain and link.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ChainLink {
    /// Chain key.
    pub chain: String,
    /// Link key (`build`…), or "" for projects without one.
    pub link: String,
    /// Scored projects.
    pub projects: usize,
    /// Their total investment (万元).
    pub investment: f64,
    /// Their capital in place (万元).
    pub capital: f64,
    /// Their mean total.
    pub mean_score: Option<f64>,
    /// Projects by investor tier among the top-500 categories.
    pub top_500: [usize; 3],
}

/// One park.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ParkLine {
    /// Park key (or its name as written, when the config does not know it).
    pub park: String,
    /// Scored projects.
    pub projects: usize,
    /// Land (亩).
    pub land: f64,
    /// Investment (万元).
    pub investment: f64,
    /// Output per mu (万元/亩) over the projects with land and output.
    pub output_per_mu: Option<f64>,
    /// Tax per mu.
    pub tax_per_mu: Option<f64>,
    /// Share of its projects in its leading chains (None when the config names none).
    pub leading_share: Option<f64>,
}

/// A district on a list.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Listed {
    /// Overall or a dimension key.
    pub list: String,
    /// District key.
    pub district: String,
    /// Its score on that list.
    pub score: f64,
    /// Red (best) or black (worst).
    pub red: bool,
}

/// A tier-D project and the indicators that put it there.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Laggard {
    /// Project id.
    pub project_id: String,
    /// Name.
    pub project_name: String,
    /// District key.
    pub district: String,
    /// Total.
    pub total: f64,
    /// The indicators with the largest shortfall, with the points each costs
    /// the total: weight × (100 − score), the weight being its share of the
    /// total.
    pub shortfalls: Vec<(String, f64)>,
}

/// The named columns of the scored (not exempt) projects. Only those columns
/// are filtered, and only when some project is exempt: a million projects'
/// whole frame was copied for each overview.
fn scored(projects: &DataFrame, columns: &[&str]) -> Result<DataFrame> {
    let frame = projects.select(columns.iter().copied().chain(["_exempt"]))?;
    if !frame.column("_exempt")?.bool()?.any() {
        return Ok(frame);
    }
    Ok(frame.lazy().filter(col("_exempt").not()).collect()?)
}

/// A text column, as text whatever its type.
fn strs(frame: &DataFrame, name: &str) -> Result<StringChunked> {
    Ok(frame.column(name)?.cast(&DataType::String)?.str()?.clone())
}

/// Per chain (config order) and link (policy order): every pair appears, an
/// empty one being a gap to recruit for.
pub fn chain_links(projects: &DataFrame, config: &Config) -> Result<Vec<ChainLink>> {
    let frame = scored(projects, &["chain", "link", "investor_tier", "total_investment", "capital_in_place", "total"])?;
    let (chains, links, tiers) = (strs(&frame, "chain")?, strs(&frame, "link")?, strs(&frame, "investor_tier")?);
    let (chains, links, tiers): (Vec<_>, Vec<_>, Vec<_>) =
        (chains.iter().collect(), links.iter().collect(), tiers.iter().collect());
    let (investment, capital, total) =
        (numbers(&frame, "total_investment")?, numbers(&frame, "capital_in_place")?, numbers(&frame, "total")?);
    // One pass puts each row under its chain and link, in row order, so every
    // sum below adds the same numbers in the same order as a scan per pair.
    let mut rows_of: PlHashMap<(&str, &str), Vec<usize>> = PlHashMap::new();
    for r in 0..frame.height() {
        if let Some(chain) = chains[r] {
            rows_of.entry((chain, links[r].unwrap_or(""))).or_default().push(r);
        }
    }
    let mut lines: Vec<ChainLink> = Vec::new();
    for (chain, _) in &config.chains {
        for link in LINKS.iter().map(|l| l.to_string()).chain([String::new()]) {
            let rows: Vec<usize> = rows_of.get(&(chain.key.as_str(), link.as_str())).cloned().unwrap_or_default();
            // Projects without a link are listed only when there are some.
            if link.is_empty() && rows.is_empty() {
                continue;
            }
            let scores: Vec<f64> = rows.iter().filter_map(|&r| total[r]).collect();
            let mut top_500 = [0usize; 3];
            for &r in &rows {
                if let Some(k) = TOP_500.iter().position(|t| tiers[r] == Some(*t)) {
                    top_500[k] += 1;
                }
            }
            lines.push(ChainLink {
                chain: chain.key.clone(),
                link,
                projects: rows.len(),
                investment: rows.iter().filter_map(|&r| investment[r]).sum(),
                capital: rows.iter().filter_map(|&r| capital[r]).sum(),
                mean_score: (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64),
                top_500,
            });
        }
    }
    Ok(lines)
}

/// Per park with a scored project, config parks first (in config order), then
/// parks the config does not know, by name.
pub fn parks(projects: &DataFrame, config: &Config) -> Result<Vec<ParkLine>> {
    let frame = scored(
        projects,
        &["park_key", "park", "chain", "land_area", "total_investment", "annual_output", "annual_tax"],
    )?;
    let (keys, names, chains) = (strs(&frame, "park_key")?, strs(&frame, "park")?, strs(&frame, "chain")?);
    let (keys, names, chains): (Vec<_>, Vec<_>, Vec<_>) =
        (keys.iter().collect(), names.iter().collect(), chains.iter().collect());
    let (land, investment, output, tax) = (
        numbers(&frame, "land_area")?,
        numbers(&frame, "total_investment")?,
        numbers(&frame, "annual_output")?,
        numbers(&frame, "annual_tax")?,
    );
    // Each row under its park (the key, or the name as written), in row order.
    let mut group_of: PlHashMap<(bool, &str), usize> = PlHashMap::new();
    let mut rows_of: Vec<Vec<usize>> = Vec::new();
    for r in 0..frame.height() {
        let park = match (keys[r], names[r]) {
            (Some(key), _) => (true, key),
            (None, Some(name)) if !name.is_empty() => (false, name),
            _ => continue,
        };
        let group = *group_of.entry(park).or_insert_with(|| {
            rows_of.push(Vec::new());
            rows_of.len() - 1
        });
        rows_of[group].push(r);
    }
    // Config parks first, in config order, then the others by name.
    let order = |(known, park): (bool, &str)| {
        let position = known.then(|| config.parks.iter().position(|p| p.named.key == park)).flatten();
        (position.unwrap_or(usize::MAX), park.to_string())
    };
    let mut groups: Vec<((usize, String), Vec<usize>)> =
        group_of.into_iter().map(|(park, group)| (order(park), std::mem::take(&mut rows_of[group]))).collect();
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(groups
        .into_iter()
        .map(|((_, park), rows)| {
            let per_mu = |values: &[Option<f64>]| {
                let (mut sum, mut area) = (0.0, 0.0);
                for &r in &rows {
                    if let (Some(v), Some(a)) = (values[r], land[r])
                        && a > 0.0
                    {
                        sum += v;
                        area += a;
                    }
                }
                (area > 0.0).then(|| sum / area)
            };
            let leading = config.parks.iter().find(|p| p.named.key == park).map(|p| &p.leading_chains);
            ParkLine {
                projects: rows.len(),
                land: rows.iter().filter_map(|&r| land[r]).sum(),
                investment: rows.iter().filter_map(|&r| investment[r]).sum(),
                output_per_mu: per_mu(&output),
                tax_per_mu: per_mu(&tax),
                leading_share: leading.filter(|l| !l.is_empty()).map(|leading| {
                    rows.iter().filter(|&&r| chains[r].is_some_and(|c| leading.iter().any(|l| l == c))).count() as f64
                        / rows.len() as f64
                }),
                park,
            }
        })
        .collect())
}

/// The red and black lists: per list (overall, then each dimension) the best
/// and the worst `count` districts; and the tier-D projects with their two
/// largest shortfalls: the worst `limit` of them, in rank order, with how many
/// there are in all.
pub fn red_and_black(
    projects: &DataFrame,
    districts: &DataFrame,
    config: &Config,
    count: usize,
    limit: usize,
) -> Result<(Vec<Listed>, Vec<Laggard>, usize)> {
    let keys = text(districts, "district")?;
    let mut lists = Vec::new();
    let columns: Vec<(String, String)> = std::iter::once(("overall".to_string(), "total".to_string()))
        .chain(config.dimensions.iter().map(|d| (d.key.clone(), dimension_column(&d.key))))
        .collect();
    for (list, column) in columns {
        let values = numbers(districts, &column)?;
        let mut order: Vec<(String, f64)> =
            keys.iter().zip(&values).filter_map(|(k, v)| Some((k.clone()?, (*v)?))).collect();
        order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let n = count.min(order.len() / 2);
        for (district, score) in order.iter().take(n) {
            lists.push(Listed { list: list.clone(), district: district.clone(), score: *score, red: true });
        }
        for (district, score) in order.iter().rev().take(n) {
            lists.push(Listed { list: list.clone(), district: district.clone(), score: *score, red: false });
        }
    }
    let bottom = config.tiers.levels.last().map(|l| l.name.clone()).unwrap_or_default();
    // The bottom tier's rows, found by their tier; only the worst `limit` of
    // them, and only the columns listed, are taken out of the frame.
    let exempt = projects.column("_exempt")?.bool()?;
    let in_bottom: Vec<IdxSize> = projects
        .column("tier")?
        .str()?
        .iter()
        .zip(exempt.iter())
        .enumerate()
        .filter(|(_, (tier, exempt))| *tier == Some(bottom.as_str()) && *exempt != Some(true))
        .map(|(row, _)| row as IdxSize)
        .collect();
    let all = in_bottom.len();
    let mut listed: Vec<&str> = vec!["project_id", "project_name", "district", "total"];
    let score_columns: Vec<String> = config.indicators.iter().map(|i| score_column(&i.key)).collect();
    listed.extend(score_columns.iter().map(String::as_str));
    let worst = IdxCa::from_vec("rows".into(), in_bottom[all.saturating_sub(limit)..].to_vec());
    let frame = projects.select(listed)?.take(&worst)?;
    let (ids, names, district, total) = (
        text(&frame, "project_id")?,
        text(&frame, "project_name")?,
        text(&frame, "district")?,
        numbers(&frame, "total")?,
    );
    let scores: Vec<Vec<Option<f64>>> =
        config.indicators.iter().map(|i| numbers(&frame, &score_column(&i.key))).collect::<PolarsResult<_>>()?;
    let laggards = (0..frame.height())
        .map(|r| {
            let mut shortfalls: Vec<(String, f64, f64)> = config
                .indicators
                .iter()
                .enumerate()
                .map(|(i, indicator)| {
                    let weight = config.dimensions[indicator.dimension].relative_weight * indicator.relative_weight;
                    let score = scores[i][r].unwrap_or(0.0);
                    (indicator.key.clone(), score, weight * (100.0 - score))
                })
                .collect();
            shortfalls.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
            Laggard {
                project_id: ids[r].clone().unwrap_or_default(),
                project_name: names[r].clone().unwrap_or_default(),
                district: district[r].clone().unwrap_or_default(),
                total: total[r].unwrap_or(0.0),
                shortfalls: shortfalls.into_iter().take(2).map(|(k, _, lost)| (k, lost)).collect(),
            }
        })
        .collect();
    Ok((lists, laggards, all))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frames::ProjectFrame;

    #[test]
    fn the_red_black_list_keeps_the_worst_bottom_tier_projects_and_counts_them_all() {
        let config = Config::builtin_default();
        let bottom = config.tiers.levels.last().unwrap().name.clone();
        let top = config.tiers.levels[0].name.clone();
        // Ranked best first, as the pipeline leaves them: P1 is not in the
        // bottom tier, P5 is exempt, P2–P4 and P6 are.
        let ids = ["P1", "P2", "P3", "P4", "P5", "P6"];
        let mut frame = ProjectFrame::new();
        for id in ids {
            frame = frame.project(id, "wuhua", "biomedicine", 100.0);
        }
        let tiers: Vec<Option<&str>> =
            [&top, &bottom, &bottom, &bottom, &bottom, &bottom].iter().map(|t| Some(t.as_str())).collect();
        let mut frame = frame
            .exempt(&[false, false, false, false, true, false])
            .words("tier", &tiers)
            .words("project_name", &[Some("a"), Some("b"), Some("c"), Some("d"), Some("e"), Some("f")])
            .numbers("total", &[Some(90.0), Some(40.0), Some(30.0), Some(20.0), None, Some(10.0)]);
        for indicator in &config.indicators {
            frame = frame.numbers(&score_column(&indicator.key), &[Some(50.0); 6]);
        }
        let projects = frame.build();
        let mut district_columns = vec![Column::new("district".into(), ["wuhua"]), Column::new("total".into(), [60.0])];
        for d in &config.dimensions {
            district_columns.push(Column::new(dimension_column(&d.key).into(), [60.0]));
        }
        let districts = DataFrame::new(1, district_columns).unwrap();
        let (_, laggards, all) = red_and_black(&projects, &districts, &config, 3, 2).unwrap();
        assert_eq!(all, 4, "P2, P3, P4 and P6; not the exempt P5");
        let listed: Vec<&str> = laggards.iter().map(|l| l.project_id.as_str()).collect();
        assert_eq!(listed, ["P4", "P6"], "the worst two, in rank order");
        // Every score 50: an indicator costs its share of the total × 50
        // points. 亩均固定资产投资 is 0.30 × 0.50 of the total (7.5 points),
        // then 亩均产值 and 亩均税收 at 0.30 × 0.40 (6 points), tied, by key.
        let lost: Vec<(&str, f64)> = laggards[0].shortfalls.iter().map(|(k, p)| (k.as_str(), *p)).collect();
        assert_eq!((lost[0].0, lost[1].0), ("fai_per_mu", "output_per_mu"), "{lost:?}");
        assert!((lost[0].1 - 7.5).abs() < 1e-12 && (lost[1].1 - 6.0).abs() < 1e-12, "{lost:?}");
        let (_, laggards, _) = red_and_black(&projects, &districts, &config, 3, 10).unwrap();
        assert_eq!(laggards.len(), 4);
    }

    #[test]
    fn every_chain_link_is_listed_and_an_empty_one_is_a_gap() {
        let config = Config::builtin_default();
        let projects = ProjectFrame::new()
            .project("P1", "wuhua", "biomedicine", 100.0)
            .project("P2", "wuhua", "biomedicine", 300.0)
            .capital(&[10.0, 20.0])
            .numbers("total", &[Some(80.0), Some(60.0)])
            .words("link", &[Some("build"), Some("build")])
            .words("investor_tier", &[Some("global500"), Some("other")])
            .build();
        let lines = chain_links(&projects, &config).unwrap();
        let bio: Vec<&ChainLink> = lines.iter().filter(|l| l.chain == "biomedicine").collect();
        assert_eq!(bio.len(), 4, "four links, no line for projects without one");
        assert_eq!((bio[0].link.as_str(), bio[0].projects, bio[0].investment), ("build", 2, 400.0));
        assert_eq!(bio[0].mean_score, Some(70.0));
        assert_eq!(bio[0].top_500, [1, 0, 0]);
        assert!(bio[1..].iter().all(|l| l.projects == 0), "the other links are gaps");
        assert_eq!(lines.len(), 4 * config.chains.len());
    }
}
