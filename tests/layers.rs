//! The module layers are one-way: a module may use only modules of the layers
//! before its own. This reads every `crate::` path in `src/` (in `use` lines,
//! grouped `use crate::{a, b::c}` and inline paths alike) and fails with the file,
//! the line and the two layers when a module reaches up.
//!
//! Why a test and not a convention: the cycles this replaced (cli ↔ cmd,
//! normalise ↔ indicators, a stage calling the writer) each came in as one
//! convenient import. A table here is cheap to keep and says the architecture in
//! twenty lines.

use std::path::{Path, PathBuf};

/// The layers, lowest first. Modules of one line are one layer only when they are
/// the same module (a module's own submodules may use each other); between
/// different modules on one line the earlier one is lower.
const LAYERS: &[&[&str]] = &[
    // Leaves: no pipeline knowledge.
    &["text"],
    &["period"],
    &["columns"],
    &["i18n"],
    &["error"],
    &["frames"],
    &["files"],
    &["issues"],
    &["log"],
    // The checked configuration.
    &["config"],
    // The stages, in pipeline order.
    &["read"],
    &["validate"],
    &["derive"],
    &["normalise"],
    &["aggregate"],
    &["rank"],
    &["district"],
    &["tracking"],
    &["chain"],
    &["diagnostics"],
    &["panorama"],
    &["pipeline"],
    &["write"],
    // What is computed from a scored run.
    &["analysis"],
    // The commands and the command line.
    &["cmd"],
    &["cli"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// Rust source without comments, string and char literals (kept as blanks so line
/// numbers hold).
fn code_only(source: &str) -> String {
    let bytes: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < bytes.len() && bytes[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i < bytes.len() && !(bytes[i] == '*' && bytes.get(i + 1) == Some(&'/')) {
                if bytes[i] == '\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += 2;
        } else if c == 'r' && (next == Some('"') || (next == Some('#') && bytes.get(i + 2) == Some(&'"'))) {
            // Raw string r"…" or r#"…"#.
            let hashes = bytes[i + 1..].iter().take_while(|&&b| b == '#').count();
            i += 2 + hashes;
            while i < bytes.len() {
                if bytes[i] == '"' && bytes[i + 1..].iter().take(hashes).filter(|&&b| b == '#').count() == hashes {
                    i += 1 + hashes;
                    break;
                }
                if bytes[i] == '\n' {
                    out.push('\n');
                }
                i += 1;
            }
        } else if c == '"' {
            i += 1;
            while i < bytes.len() && bytes[i] != '"' {
                if bytes[i] == '\\' {
                    i += 1;
                }
                if bytes.get(i) == Some(&'\n') {
                    out.push('\n');
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && next.is_some() && bytes.get(i + 2) == Some(&'\'') {
            i += 3;
        } else if c == '\'' && next == Some('\\') {
            i += 2;
            while i < bytes.len() && bytes[i] != '\'' {
                i += 1;
            }
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The first path segment after each `crate::` (every member of a group), with the
/// line it is on.
fn crate_references(code: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut rest = code;
    let mut offset = 0;
    while let Some(at) = rest.find("crate::") {
        let start = offset + at + "crate::".len();
        let line = code[..start].matches('\n').count() + 1;
        let tail = &code[start..];
        if let Some(group) = tail.strip_prefix('{') {
            // Members at depth 1 of the brace group.
            let mut depth = 1;
            let mut member = String::new();
            let mut members = Vec::new();
            let mut at_start = true;
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    ',' if depth == 1 => {
                        members.push(std::mem::take(&mut member));
                        at_start = true;
                        continue;
                    }
                    _ => {}
                }
                if depth == 1 && at_start {
                    if c.is_alphanumeric() || c == '_' {
                        member.push(c);
                    } else if !member.is_empty() {
                        at_start = false;
                    }
                }
            }
            members.push(member);
            found.extend(members.into_iter().filter(|m| !m.is_empty()).map(|m| (line, m)));
        } else {
            let name: String = tail.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            found.push((line, name));
        }
        offset = start;
        rest = &code[start..];
    }
    found
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (`src/read/grid.rs` → `read`).
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap();
    let first = relative.components().next().unwrap().as_os_str().to_string_lossy().to_string();
    first.trim_end_matches(".rs").to_string()
}

#[test]
fn every_module_uses_only_the_layers_before_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    let mut violations = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        if module == "lib" || module == "main" {
            continue;
        }
        let own = layer_of(&module).unwrap_or_else(|| panic!("{}: module `{module}` is in no layer", file.display()));
        let code = code_only(&std::fs::read_to_string(file).unwrap());
        for (line, target) in crate_references(&code) {
            if target == module || target == "Error" || target == "Result" {
                continue;
            }
            let Some(theirs) = layer_of(&target) else {
                violations.push(format!("{}:{line}: `crate::{target}` is in no layer", file.display()));
                continue;
            };
            if theirs >= own {
                violations.push(format!(
                    "{}:{line}: `{module}` (layer {own}) uses `{target}` (layer {theirs}), which is not below it",
                    file.display()
                ));
            }
        }
    }
    assert!(violations.is_empty(), "modules reaching up or sideways:\n{}", violations.join("\n"));
}

#[test]
fn commands_do_not_import_each_other() {
    let cmd = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cmd");
    let mut files = Vec::new();
    sources(&cmd, &mut files);
    let mut violations = Vec::new();
    for file in &files {
        let name = file.file_stem().unwrap().to_string_lossy().to_string();
        if name == "mod" {
            continue;
        }
        let code = code_only(&std::fs::read_to_string(file).unwrap());
        for (number, line) in code.lines().enumerate() {
            for sibling in files.iter().map(|f| f.file_stem().unwrap().to_string_lossy().to_string()) {
                if sibling == name || sibling == "mod" {
                    continue;
                }
                if line.contains(&format!("cmd::{sibling}")) || line.contains(&format!("super::{sibling}")) {
                    violations.push(format!("{}:{}: uses the sibling command `{sibling}`", file.display(), number + 1));
                }
            }
        }
    }
    assert!(violations.is_empty(), "commands importing commands:\n{}", violations.join("\n"));
}

#[test]
fn the_reference_finder_sees_groups_and_inline_paths() {
    let code = code_only(
        "use crate::{config::Config, text::{fold, nearest}};\n// crate::cli in a comment\nlet x = crate::write::f(\"crate::cmd\");\n",
    );
    let found: Vec<String> = crate_references(&code).into_iter().map(|(_, m)| m).collect();
    assert_eq!(found, ["config", "text", "write"]);
}
