//! `chainscore init DIR`: a folder to start an evaluation in — a starter config
//! that extends the config in force and shows, commented out, every key it could
//! change, and blank input templates whose headers the reader matches by
//! construction and whose drop-downs offer only the districts, chains and words
//! the config knows. A misspelt district stopped in Excel costs nothing; one found
//! by `validate` costs a round trip to a district office.
//!
//! It overwrites nothing unless asked: the folder may already hold a register
//! someone has filled in, and a template written over it would lose their work.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::cmd::Context;
use crate::error::{EXIT_OK, Error, Result};
use crate::i18n::{Cx, L, Msg, Say};
use crate::period::Period;
use crate::write::output::write_bytes;
use crate::write::templates::{CONFIG_FILE, TEMPLATES, starter_config, write_templates};

/// Arguments of `init`.
#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The folder to write into; created if missing.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Period the config and the templates are for: 2022, 2022Q3 or 2022-09
    /// (default: [run] period of the config in force).
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Replace the files if they already exist.
    #[arg(long)]
    pub force: bool,
}

/// Refuses when any file `init` would write is already there (a dangling link
/// counts: writing through it would create a file elsewhere).
fn refuse_existing(paths: &[PathBuf]) -> Result<()> {
    let existing: Vec<String> =
        paths.iter().filter(|p| p.symlink_metadata().is_ok()).map(|p| p.display().to_string()).collect();
    if existing.is_empty() { Ok(()) } else { Err(Error::Usage(Box::new(Msg::InitExists { files: existing }))) }
}

/// A path as one shell word, quoted when it holds anything but plain characters.
fn shell_word(path: &Path) -> String {
    let text = path.display().to_string();
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+:,@%".contains(c)) {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// What was written and what to do next.
fn render(config_path: &Path, templates: &[PathBuf], period: Period, cx: Cx<'_>) -> String {
    let mut rows = vec![vec![config_path.display().to_string(), cx.say(&Say::StarterConfig { period })]];
    for (path, (kind, _)) in templates.iter().zip(TEMPLATES) {
        rows.push(vec![path.display().to_string(), cx.say(&Say::TemplateOf { kind: kind.noun() })]);
    }
    let mut out = cx.say(&Say::InitWrote { files: rows.len() });
    out.push('\n');
    for line in crate::cmd::table(&["", ""], &rows).lines().skip(1) {
        out.push_str(&format!("  {line}\n"));
    }
    out.push('\n');
    out.push_str(cx.l(L::InitNext));
    out.push('\n');
    out.push_str(&format!("  chainscore --config {} validate\n", shell_word(config_path)));
    out.push_str(&format!("  chainscore --config {} score\n", shell_word(config_path)));
    out
}

/// Runs `init`; returns the exit code.
pub(crate) fn run(context: &Context, args: &InitArgs) -> Result<i32> {
    let config = context.load_config()?;
    let period = match &args.period {
        Some(text) => crate::cmd::parse_period(text)?,
        None => config.period,
    };
    let config_path = args.dir.join(CONFIG_FILE);
    let mut targets = vec![config_path.clone()];
    targets.extend(TEMPLATES.iter().map(|(_, file)| args.dir.join(file)));
    if !args.force {
        refuse_existing(&targets)?;
    }
    // Templates first: when one cannot be written there is no config pointing at it.
    let templates = write_templates(&args.dir, &config, period)?;
    write_bytes(&config_path, starter_config(context.config_path.as_deref(), period, &config).as_bytes())?;
    crate::cmd::emit(&render(&config_path, &templates, period, config.cx()))?;
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_quoted_for_the_shell_only_when_needed() {
        assert_eq!(shell_word(Path::new("eval/chainscore.toml")), "eval/chainscore.toml");
        assert_eq!(shell_word(Path::new("my eval/chainscore.toml")), "'my eval/chainscore.toml'");
        assert_eq!(shell_word(Path::new("it's/c.toml")), r"'it'\''s/c.toml'");
    }

    #[test]
    fn an_existing_file_is_named_in_the_refusal() {
        let dir = tempfile::tempdir().unwrap();
        let taken = dir.path().join("projects.xlsx");
        std::fs::write(&taken, b"filled in").unwrap();
        let free = dir.path().join("capital.xlsx");
        let message = refuse_existing(&[taken.clone(), free.clone()]).unwrap_err().to_string();
        assert!(message.starts_with(&format!("{} already exist", taken.display())), "{message}");
        assert!(!message.contains("capital.xlsx"), "{message}");
        assert!(refuse_existing(&[free]).is_ok());
    }

    #[test]
    fn the_report_ends_with_the_next_command() {
        let templates: Vec<PathBuf> = TEMPLATES.iter().map(|(_, f)| Path::new("eval").join(f)).collect();
        let cx = Cx::plain(crate::i18n::Language::En);
        let text = render(Path::new("eval/chainscore.toml"), &templates, Period::Quarter(2022, 4), cx);
        assert!(text.starts_with("Wrote 5 file(s):\n  eval/chainscore.toml"), "{text}");
        assert!(text.contains("eval/projects.xlsx") && text.contains("project register template"), "{text}");
        assert!(text.ends_with("  chainscore --config eval/chainscore.toml score\n"), "{text}");
        let zh = render(
            Path::new("eval/chainscore.toml"),
            &templates,
            Period::Quarter(2022, 4),
            Cx::plain(crate::i18n::Language::Zh),
        );
        assert!(zh.starts_with("已写入 5 个文件") && zh.contains("项目登记表填报模板"), "{zh}");
    }
}
