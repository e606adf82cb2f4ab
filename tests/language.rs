//! Every workbook a person reads speaks the run's language (spec 4.1): the
//! sample's evaluation, compare and sensitivity workbooks and the three
//! templates, in Chinese and in English, every cell, sheet name and chart
//! text read back from the files.
//!
//! In Chinese, a Latin word is allowed only where it is not a word of
//! English or a config key: file paths and digests, project IDs, issue codes
//! and column letters, tier letters, the names of published methods
//! (Spearman, Kendall, Sobol, Saltelli, Jansen) and of chainscore and its
//! files, and one-letter symbols (N, r, s, U, P(A)). In English, Chinese is
//! allowed only in names and aliases as the registers write them: project
//! names, the registers' sheet names, and text quoted from a register.

use std::collections::BTreeSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use calamine::{Reader, Xlsx, open_workbook};

use crate::support::{Test, Workdir, read_parquet};

/// Latin words a Chinese workbook may hold: names of methods and of files
/// and commands, symbols.
const LATIN_ALLOWED: &[&str] = &[
    "chainscore",
    "SHA",
    "Spearman",
    "Kendall",
    "Sobol",
    "Saltelli",
    "Jansen",
    "parquet",
    "csv",
    "xlsx",
    "toml",
    "json",
    "config",
    "validate",
    "CR",
    "CI",
    "max",
];

/// The sample scored, compared against other weights, put through a short
/// sensitivity run and `init`, in `lang`; returns every workbook written.
fn workbooks(work: &Workdir, lang: &str) -> Vec<PathBuf> {
    let out = work.join(lang);
    let other = work.config("other.toml", "[dimensions.tech]\nweight = 40\n");
    Test::new().args(["-q", "--lang", lang, "score", "--out"]).arg(&out).run();
    Test::new().args(["-q", "--lang", lang, "compare", "--against"]).arg(&other).arg("--out").arg(&out).run();
    Test::new()
        .args(["-q", "--lang", lang, "sensitivity", "--draws", "40", "--sobol-samples", "16", "--out"])
        .arg(&out)
        .run();
    let templates = work.join(&format!("{lang}-templates"));
    Test::new().args(["-q", "--lang", lang, "init"]).arg(&templates).run();
    let mut found = Vec::new();
    let mut folders = vec![out, templates];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "xlsx") {
                found.push(path);
            }
        }
    }
    found.sort();
    assert_eq!(found.len(), 7, "evaluation, compare, sensitivity and four templates: {found:?}");
    found
}

/// Every text of a workbook with where it is: sheet names, cells, chart
/// titles, axis names and series names.
fn texts(path: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    for name in book.sheet_names() {
        out.push((format!("sheet name {name}"), name.clone()));
        let range = book.worksheet_range(&name).unwrap();
        for (r, c, value) in range.used_cells() {
            if let calamine::Data::String(text) = value {
                out.push((format!("{name}!R{}C{}", r + 1, c + 1), text.clone()));
            }
        }
    }
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let charts: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.to_string()))
        .filter(|n| n.starts_with("xl/charts/chart"))
        .collect();
    for chart in charts {
        let mut xml = String::new();
        zip.by_name(&chart).unwrap().read_to_string(&mut xml).unwrap();
        for tag in ["<a:t>", "<c:v>"] {
            for piece in xml.split(tag).skip(1) {
                let text = unescape(&piece[..piece.find('<').unwrap_or(piece.len())]);
                if text.parse::<f64>().is_err() {
                    out.push((chart.clone(), text));
                }
            }
        }
    }
    out
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// The Latin words of a Chinese text that are neither allowed nor part of a
/// path, a digest, an ID or a code.
fn stray_latin(text: &str) -> Vec<String> {
    let mut stray = Vec::new();
    // A path, a file name, a digest or an ID is one token between spaces and
    // Chinese punctuation.
    for token in text.split(|c: char| c.is_whitespace() || is_cjk(c) || "：，。；、（）“”".contains(c)) {
        let token = token.trim_matches(|c: char| "()[]<>=|,.:;'\"+−-".contains(c));
        if token.is_empty() || !token.chars().any(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        let is_path = is_file_name(token);
        let is_digest = token.len() == 64 && token.chars().all(|c| c.is_ascii_hexdigit());
        // GX-2022-036, V110, 2022Q4, 0871-6xxxxxxx (a phone number as written).
        let is_code = token.chars().any(|c| c.is_ascii_digit());
        if is_path || is_digest || is_code {
            continue;
        }
        for word in token.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty()) {
            if word.len() > 1 && !LATIN_ALLOWED.contains(&word) {
                stray.push(word.to_string());
            }
        }
    }
    stray
}

/// A path or a file name (projects.parquet, chainscore.toml).
fn is_file_name(token: &str) -> bool {
    token.contains('/')
        || token.contains('\\')
        || [".xlsx", ".xls", ".ods", ".csv", ".parquet", ".json", ".toml"].iter().any(|e| token.contains(e))
}

/// The text without its paths and file names, where a key would be a word.
fn without_file_names(text: &str) -> String {
    text.split(' ').filter(|t| !is_file_name(t)).collect::<Vec<_>>().join(" ")
}

/// Chinese in an English text outside what the registers wrote: quoted text
/// and `names` (project names, the registers' sheet names) are removed first.
fn stray_chinese(text: &str, names: &BTreeSet<String>) -> bool {
    // A column as a register heads it: its letter and the header as written.
    if let Some((letters, _)) = text.split_once(' ')
        && !letters.is_empty()
        && letters.len() <= 3
        && letters.chars().all(|c| c.is_ascii_uppercase())
    {
        return false;
    }
    let mut text = text.to_string();
    for name in names {
        text = text.replace(name.as_str(), "");
    }
    let mut left = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' | '“' | '”' => quoted = !quoted,
            c if !quoted => left.push(c),
            _ => {}
        }
    }
    // Chinese characters and Chinese punctuation (（）、：，。).
    left.chars().any(|c| is_cjk(c) || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}'))
}

#[test]
fn chinese_workbooks_hold_no_config_key_and_no_english() {
    let work = Workdir::new();
    let keys: BTreeSet<String> = {
        let config: toml::Table =
            toml::from_str(&std::fs::read_to_string(crate::support::root().join("config/default.toml")).unwrap())
                .unwrap();
        let mut keys = BTreeSet::new();
        for table in ["indicators", "dimensions", "districts", "chains", "parks", "checks"] {
            if let Some(entries) = config.get(table).and_then(|t| t.as_table()) {
                keys.extend(entries.keys().cloned());
            }
        }
        keys
    };
    assert!(keys.contains("fai_per_mu") && keys.contains("wuhua"), "{keys:?}");
    let mut stray = Vec::new();
    for book in workbooks(&work, "zh") {
        for (place, text) in texts(&book) {
            let words = stray_latin(&text);
            let words_of = without_file_names(&text);
            let named_keys: Vec<&String> = keys
                .iter()
                .filter(|k| words_of.split(|c: char| !c.is_ascii_alphanumeric() && c != '_').any(|w| w == k.as_str()))
                .collect();
            if !words.is_empty() || !named_keys.is_empty() {
                stray.push(format!(
                    "{}: {place}: {text:?} {words:?} {named_keys:?}",
                    book.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    assert!(stray.is_empty(), "{} texts with English or keys:\n{}", stray.len(), stray.join("\n"));
}

#[test]
fn english_workbooks_hold_chinese_only_in_names() {
    let work = Workdir::new();
    let books = workbooks(&work, "en");
    let out = work.join("en");
    let period = crate::support::period_dir(&out);
    let projects = read_parquet(&period.join("projects.parquet"));
    let mut names: BTreeSet<String> =
        projects.column("project_name").unwrap().str().unwrap().iter().flatten().map(String::from).collect();
    let run: serde_json::Value = serde_json::from_slice(&std::fs::read(period.join("run.json")).unwrap()).unwrap();
    for input in run["inputs"].as_array().unwrap() {
        if let Some(sheet) = input["sheet"].as_str() {
            names.insert(sheet.to_string());
        }
    }
    let mut stray = Vec::new();
    for book in &books {
        for (place, text) in texts(book) {
            if stray_chinese(&text, &names) {
                stray.push(format!("{}: {place}: {text:?}", book.file_name().unwrap().to_string_lossy()));
            }
        }
    }
    assert!(stray.is_empty(), "{} texts with Chinese:\n{}", stray.len(), stray.join("\n"));
}

#[test]
fn the_scanners_catch_what_they_look_for() {
    assert_eq!(stray_latin("亩均固定资产投资（fai_per_mu）"), ["fai", "per", "mu"]);
    assert_eq!(stray_latin("tier D (gated)"), ["tier", "gated"]);
    assert!(stray_latin("fixtures/sample/projects/01-wuhua.xlsx：读入 33").is_empty());
    assert!(stray_latin("GX-2022-036 项目，代码 V110，Spearman ρ = 0.95").is_empty());
    let names = BTreeSet::from(["项目清单".to_string()]);
    assert!(stray_chinese("the row is blank 空行", &names));
    assert!(!stray_chinese("totals row \"合  计\"", &names));
    assert!(!stray_chinese("项目清单", &names));
    assert!(!stray_chinese("GX-1 项目清单 (Wuhua District)", &names));
    assert!(stray_chinese("GX-1 项目清单（Wuhua District）", &names), "Chinese brackets in English");
    assert!(!stray_chinese("I 投资方类别", &names), "a register's header as written");
}

/// Terminal output fits 120 columns (a Chinese character takes two) in both
/// languages, unless `--wide` asks otherwise.
#[test]
fn terminal_output_fits_120_columns() {
    let work = Workdir::new();
    let other = work.config("other.toml", "[dimensions.tech]\nweight = 40\n");
    let out = work.join("out");
    let out = out.to_str().unwrap();
    let other = other.to_str().unwrap();
    let commands: Vec<Vec<&str>> = vec![
        vec!["validate", "--all"],
        vec!["explain", "GX-2022-036"],
        vec!["what-if", "WH-2021-027"],
        vec!["what-if", "guandu"],
        vec!["compare", "--against", other, "--out", out],
        vec!["sensitivity", "--draws", "20", "--sobol-samples", "8", "--out", out],
        vec!["weights"],
        vec!["--help"],
        vec!["score", "--help"],
    ];
    for lang in ["zh", "en"] {
        for command in &commands {
            let outcome = Test::new().args(["-q", "--lang", lang]).args(command).run();
            for line in outcome.stdout.lines() {
                let width = unicode_width::UnicodeWidthStr::width(line);
                assert!(width <= 120, "{lang} {command:?}: {width} columns:\n{line}");
            }
        }
    }
}
