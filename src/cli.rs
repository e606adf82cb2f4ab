//! The command line: global options, one subcommand per module of `cmd`, and
//! the words around them in the user's language.
//!
//! clap builds the parser from the argument structs; this module then gives
//! every command and option its help text from the catalogue ([`HELP`], one line
//! an option), so `chainscore --help` reads Chinese by default, English with
//! `--lang en` (or `language = "en"` in the config named by `--config`). The
//! language is settled before parsing, from the raw arguments, because help and
//! parse errors are printed by the parser itself. clap's own words (its error
//! sentences, `Usage:`, `[default: …]`) are replaced too: errors through
//! [`usage_error`], headings and defaults through the help template.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::cmd::{self, Context};
use crate::i18n::{Cx, L, Language, Msg};
use crate::log::{LogFormat, Logger};

/// The arguments, as clap derives them; the words come from [`HELP`].
#[derive(Debug, Parser)]
#[command(name = "chainscore", version, arg_required_else_help = true, disable_help_subcommand = true)]
pub(crate) struct Cli {
    /// Config file.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Language.
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<Language>,
    /// No progress lines.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Lines as long as they need.
    #[arg(long, global = true)]
    pub wide: bool,
    /// Log format.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text, value_name = "FORMAT")]
    pub log_format: LogFormat,
    /// Colour.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// When stdout is a terminal and NO_COLOR is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether to colour stdout.
    pub(crate) fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Score the period.
    Score(cmd::score::ScoreArgs),
    /// Read and check.
    Validate(cmd::validate::ValidateArgs),
    /// One project's total.
    Explain(cmd::explain::ExplainArgs),
    /// What would lift a tier.
    WhatIf(cmd::what_if::WhatIfArgs),
    /// Two scorings side by side.
    Compare(cmd::compare::CompareArgs),
    /// Robustness to the weights.
    Sensitivity(cmd::sensitivity::SensitivityArgs),
    /// Weight sets.
    Weights(cmd::weights::WeightsArgs),
    /// Every period side by side.
    History(cmd::history::HistoryArgs),
    /// Start an evaluation folder.
    Init(cmd::init::InitArgs),
}

/// Each command's description and each option's help, from the catalogue:
/// `(command, argument id, text)`; an empty argument is the command itself,
/// `*` an option shared by every command that has it (the inputs, the format).
const HELP: &[(&str, &str, L)] = &[
    ("", "", L::HelpAbout),
    ("*", "config", L::HelpConfig),
    ("*", "lang", L::HelpLang),
    ("*", "quiet", L::HelpQuiet),
    ("*", "wide", L::HelpWide),
    ("*", "log_format", L::HelpLogFormat),
    ("*", "color", L::HelpColor),
    ("*", "help", L::HelpHelp),
    ("*", "version", L::HelpVersion),
    ("*", "period", L::HelpPeriod),
    ("*", "projects", L::HelpProjects),
    ("*", "capital", L::HelpCapital),
    ("*", "targets", L::HelpTargets),
    ("*", "operations", L::HelpOperations),
    ("*", "format", L::HelpFormat),
    ("*", "out", L::HelpOut),
    ("score", "", L::HelpScore),
    ("score", "emit", L::HelpEmit),
    ("score", "strict", L::HelpStrict),
    ("score", "baseline", L::HelpBaseline),
    ("score", "timings", L::HelpTimings),
    ("validate", "", L::HelpValidate),
    ("validate", "all", L::HelpAll),
    ("explain", "", L::HelpExplain),
    ("explain", "project_id", L::HelpProjectId),
    ("what-if", "", L::HelpWhatIf),
    ("what-if", "id", L::HelpWhatIfId),
    ("compare", "", L::HelpCompare),
    ("compare", "against", L::HelpAgainst),
    ("compare", "baseline", L::HelpCompareBaseline),
    ("compare", "top", L::HelpTop),
    ("sensitivity", "", L::HelpSensitivity),
    ("sensitivity", "draws", L::HelpDraws),
    ("sensitivity", "spread", L::HelpSpread),
    ("sensitivity", "seed", L::HelpSeed),
    ("sensitivity", "sampling", L::HelpSampling),
    ("sensitivity", "concentration", L::HelpConcentration),
    ("sensitivity", "vary_aggregation", L::HelpVaryAggregation),
    ("sensitivity", "alternative", L::HelpAlternative),
    ("sensitivity", "sobol_samples", L::HelpSobolSamples),
    ("weights", "", L::HelpWeights),
    ("history", "", L::HelpHistory),
    ("history", "out", L::HelpHistoryOut),
    ("weights", "combine", L::HelpCombine),
    ("weights", "alpha", L::HelpAlpha),
    ("weights", "toml", L::HelpToml),
    ("init", "", L::HelpInit),
    ("init", "dir", L::HelpDir),
    ("init", "period", L::HelpInitPeriod),
    ("init", "force", L::HelpForce),
];

/// Placeholders of values in the usage lines, by argument id.
const VALUE_NAMES: &[(&str, L)] = &[
    ("config", L::ValueFile),
    ("lang", L::ValueLang),
    ("log_format", L::ValueFormat),
    ("format", L::ValueFormat),
    ("color", L::ValueWhen),
    ("period", L::ValuePeriod),
    ("projects", L::ValueFiles),
    ("capital", L::ValueFiles),
    ("targets", L::ValueFiles),
    ("operations", L::ValueFiles),
    ("out", L::ValueFolder),
    ("baseline", L::ValueFolder),
    ("dir", L::ValueFolder),
    ("emit", L::ValueFormat),
    ("project_id", L::ValueProjectId),
    ("id", L::ValueProjectOrDistrict),
    ("against", L::ValueFile),
    ("alternative", L::ValueAlternative),
    ("combine", L::ValueMethod),
    ("sampling", L::ValueMethod),
    ("top", L::ValueCount),
    ("draws", L::ValueDraws),
    ("sobol_samples", L::ValueCount),
    ("spread", L::ValueSpread),
    ("seed", L::ValueSeed),
    ("concentration", L::ValueNumber),
    ("alpha", L::ValueNumber),
];

/// The example under a command's usage line.
const EXAMPLES: &[(&str, L)] = &[
    ("", L::ExampleTop),
    ("score", L::ExampleScore),
    ("validate", L::ExampleValidate),
    ("explain", L::ExampleExplain),
    ("what-if", L::ExampleWhatIf),
    ("compare", L::ExampleCompare),
    ("sensitivity", L::ExampleSensitivity),
    ("weights", L::ExampleWeights),
    ("init", L::ExampleInit),
];

fn help_of(command: &str, id: &str) -> Option<L> {
    HELP.iter()
        .find(|(c, a, _)| *c == command && *a == id)
        .or_else(|| HELP.iter().find(|(c, a, _)| *c == "*" && *a == id))
        .map(|(_, _, l)| *l)
}

/// The words of one command (or the top level, `name` empty) in `lang`.
fn localize(mut command: clap::Command, name: &str, lang: Language, global: &[String]) -> clap::Command {
    let l = |label: L| label.get(lang);
    if let Some(about) = help_of(name, "") {
        // clap wraps help at spaces, and Chinese has none: the text comes
        // wrapped, to fit clap's 100 columns beside the command list's names.
        let about = crate::cmd::wrap(l(about), 84).join("\n");
        command = command.about(about).long_about(None::<&str>);
    }
    let example = EXAMPLES.iter().find(|(c, _)| *c == name).map(|(_, e)| l(*e)).unwrap_or("");
    let template = format!(
        "{{about}}\n\n{}{{usage}}\n\n{}{{all-args}}{{after-help}}",
        l(L::HelpUsage),
        if example.is_empty() { String::new() } else { format!("{}\n{example}\n\n", l(L::HelpExamples)) }
    );
    command = command
        .help_template(template)
        .subcommand_help_heading(l(L::HelpCommands))
        .subcommand_value_name(l(L::ValueCommand))
        .disable_help_flag(true)
        .arg(clap::Arg::new("help").short('h').long("help").action(clap::ArgAction::Help));
    if name.is_empty() {
        command = command
            .disable_version_flag(true)
            .arg(clap::Arg::new("version").short('V').long("version").action(clap::ArgAction::Version))
            .override_usage(format!("chainscore {} <{}>", l(L::UsageGlobalOptions), l(L::ValueCommand)));
    } else {
        let positional: String = command
            .get_positionals()
            .map(|a| {
                let value = VALUE_NAMES.iter().find(|(v, _)| *v == a.get_id().as_str()).map(|(_, n)| l(*n));
                format!(" <{}>", value.unwrap_or(a.get_id().as_str()))
            })
            .collect();
        command = command.override_usage(format!(
            "chainscore {} {name}{positional} {}",
            l(L::UsageGlobalOptions),
            l(L::UsageOptions)
        ));
    }
    let ids: Vec<String> = command.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        let is_global = global.contains(&id) && !name.is_empty();
        command = command.mut_arg(id.as_str(), |arg| {
            let takes_value = arg.get_action().takes_values();
            let mut arg = if takes_value { arg.hide_possible_values(true).hide_default_value(true) } else { arg };
            if let Some(help) = help_of(name, &id) {
                arg = arg.help(l(help)).long_help(None::<&str>);
            }
            if let Some((_, value)) = VALUE_NAMES.iter().find(|(v, _)| *v == id) {
                arg = arg.value_name(l(*value));
            }
            let heading = if arg.is_positional() {
                L::HelpArguments
            } else if id == "help" || id == "version" || !(is_global || name.is_empty()) {
                L::HelpOptions
            } else {
                L::HelpGlobalOptions
            };
            arg.help_heading(l(heading))
        });
    }
    let subcommands: Vec<String> = command.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for sub in subcommands {
        command = command.mut_subcommand(sub.as_str(), |s| localize(s, &sub, lang, global));
    }
    command
}

/// The parser, in `lang`.
pub(crate) fn command(lang: Language) -> clap::Command {
    let base = Cli::command();
    let global: Vec<String> =
        base.get_arguments().filter(|a| a.is_global_set()).map(|a| a.get_id().to_string()).collect();
    localize(base, "", lang, &global).version(env!("CARGO_PKG_VERSION"))
}

/// The language of this run, before anything is parsed: `--lang`, else the
/// `[output] language` of the config named by `--config`, else Chinese. A
/// config that cannot be read says nothing here; its error comes later, in
/// the same language.
fn language_of(args: &[OsString]) -> Language {
    let value = |flag: &str| -> Option<String> {
        let mut it = args.iter().skip(1).map(|a| a.to_string_lossy().into_owned());
        while let Some(arg) = it.next() {
            if arg == "--" {
                break;
            }
            if arg == flag {
                return it.next();
            }
            if let Some(v) = arg.strip_prefix(&format!("{flag}=")) {
                return Some(v.to_string());
            }
        }
        None
    };
    let parse = |text: &str| match text.trim().to_ascii_lowercase().as_str() {
        "zh" => Some(Language::Zh),
        "en" => Some(Language::En),
        _ => None,
    };
    if let Some(lang) = value("--lang").as_deref().and_then(parse) {
        return lang;
    }
    if let Some(file) = value("--config")
        && let Ok(meta) = std::fs::metadata(&file)
        && meta.is_file()
        && meta.len() <= 1 << 20
        && let Ok(text) = std::fs::read_to_string(&file)
        && let Ok(table) = text.parse::<toml::Table>()
        && let Some(lang) = table.get("output").and_then(|o| o.get("language")).and_then(|l| l.as_str()).and_then(parse)
    {
        return lang;
    }
    Language::default()
}

/// clap's refusal of the command line, in the catalogue's words: what was
/// wrong and what to write instead.
fn usage_error(error: &clap::Error, lang: Language) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let get = |kind: ContextKind| -> String {
        match error.get(kind) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(v)) => v.join(lang.pick("、", ", ")),
            Some(ContextValue::StyledStr(s)) => s.to_string(),
            Some(ContextValue::StyledStrs(v)) => {
                v.iter().map(ToString::to_string).collect::<Vec<_>>().join(lang.pick("、", ", "))
            }
            Some(ContextValue::Number(n)) => n.to_string(),
            _ => String::new(),
        }
    };
    let message = match error.kind() {
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let valid = get(ContextKind::ValidValue);
            if valid.is_empty() {
                Msg::BadValueArg { arg: get(ContextKind::InvalidArg), value: get(ContextKind::InvalidValue) }
            } else {
                Msg::BadChoiceArg { arg: get(ContextKind::InvalidArg), value: get(ContextKind::InvalidValue), valid }
            }
        }
        ErrorKind::UnknownArgument => {
            let suggested = get(ContextKind::SuggestedArg);
            if suggested.is_empty() {
                Msg::UnknownArg { arg: get(ContextKind::InvalidArg) }
            } else {
                Msg::UnknownArgNear { arg: get(ContextKind::InvalidArg), suggested }
            }
        }
        ErrorKind::InvalidSubcommand => Msg::UnknownCommand { command: get(ContextKind::InvalidSubcommand) },
        ErrorKind::MissingRequiredArgument => Msg::MissingArg { arg: get(ContextKind::InvalidArg) },
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => Msg::NoCommand {},
        ErrorKind::ArgumentConflict => {
            Msg::ConflictingArgs { arg: get(ContextKind::InvalidArg), other: get(ContextKind::PriorArg) }
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            Msg::ValueCount { arg: get(ContextKind::InvalidArg) }
        }
        ErrorKind::NoEquals => Msg::MissingArg { arg: get(ContextKind::InvalidArg) },
        _ => Msg::BadArgument {},
    };
    let cx = Cx::plain(lang);
    let text = crate::i18n::with_advice(&message.render(cx), &message.advice(cx), lang);
    format!("chainscore: {}{}{text}", cx.l(L::SevError), cx.pick("：", ": "))
}

/// Parses the arguments, runs a subcommand and prints its error, if any;
/// returns the exit code.
pub fn main<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let lang = language_of(&args);
    let matches = match command(lang).try_get_matches_from(&args) {
        Ok(matches) => matches,
        Err(error) => {
            use clap::error::ErrorKind;
            let code = error.exit_code();
            match error.kind() {
                // Help and version are answers, printed as clap renders them
                // (a reader that has gone, `| head`, is no failure).
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                    let _ = error.print();
                }
                ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    let _ = command(lang).print_help();
                }
                _ => eprintln!("{}", usage_error(&error, lang)),
            }
            return code;
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => {
            eprintln!("{}", usage_error(&error, lang));
            return crate::error::EXIT_USAGE;
        }
    };
    let context = Context {
        config_path: cli.config.clone(),
        logger: Logger::new(cli.log_format, cli.quiet),
        color: cli.color.enabled(),
        lang: cli.lang,
        width: if cli.wide { usize::MAX } else { 120 },
        loaded: Default::default(),
    };
    let result = match &cli.command {
        Command::Score(args) => cmd::score::run(&context, args),
        Command::Explain(args) => cmd::explain::run(&context, args),
        Command::Validate(args) => cmd::validate::run(&context, args),
        Command::Init(args) => cmd::init::run(&context, args),
        Command::Sensitivity(args) => cmd::sensitivity::run(&context, args),
        Command::Compare(args) => cmd::compare::run(&context, args),
        Command::WhatIf(args) => cmd::what_if::run(&context, args),
        Command::Weights(args) => cmd::weights::run(&context, args),
        Command::History(args) => cmd::history::run(&context, args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            // In the config's language and names when it was read, else in the
            // language settled above.
            let text = match context.loaded.get() {
                Some(config) => error.render(config.cx()),
                None => error.render(Cx::plain(lang)),
            };
            let cx = match context.loaded.get() {
                Some(config) => config.cx(),
                None => Cx::plain(lang),
            };
            if let Some(detail) = error.detail() {
                tracing::debug!("{}: {detail}", error.message_code());
            }
            if context.logger.is_json() {
                // One object like every other line, with the message's code and
                // the exit code for a log shipper to filter on.
                tracing::error!(code = error.message_code(), exit = error.code(), "{}", crate::text::printable(&text));
            } else {
                // A message may quote a cell; its control characters are shown, not obeyed.
                eprintln!("chainscore: {}{}{}", cx.l(L::SevError), cx.pick("：", ": "), crate::text::printable(&text));
            }
            error.code()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and option a person can ask help for has words in the
    /// catalogue, so no doc comment of the argument structs reaches `--help`.
    #[test]
    fn every_command_and_option_has_catalogue_help() {
        let top = Cli::command();
        let check = |command: &clap::Command, name: &str| {
            if !name.is_empty() {
                assert!(help_of(name, "").is_some(), "command {name} has no help");
            }
            for arg in command.get_arguments() {
                let id = arg.get_id().as_str();
                assert!(help_of(name, id).is_some(), "{name} --{id} has no help in the catalogue");
            }
        };
        check(&top, "");
        for sub in top.get_subcommands() {
            check(sub, sub.get_name());
        }
    }

    #[test]
    fn help_speaks_the_language_asked() {
        let zh = command(Language::Zh).render_help().to_string();
        assert!(zh.contains("用法") && zh.contains("chainscore init"), "{zh}");
        assert!(!zh.contains("Usage:") && !zh.contains("Options:"), "{zh}");
        let en = command(Language::En).render_help().to_string();
        assert!(en.contains("Usage") && en.contains("chainscore init"), "{en}");
        let score =
            command(Language::Zh).try_get_matches_from(["chainscore", "score", "--help"]).unwrap_err().to_string();
        let own = score.find("--strict").expect("--strict listed");
        let global = score.find("\n全局选项").expect("global options listed");
        assert!(own < global, "a command's own options come before the global ones:\n{score}");
    }

    #[test]
    fn the_language_is_settled_before_parsing() {
        let args = |list: &[&str]| list.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(language_of(&args(&["chainscore", "--lang", "en", "score"])), Language::En);
        assert_eq!(language_of(&args(&["chainscore", "score", "--lang=zh"])), Language::Zh);
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("c.toml");
        std::fs::write(&config, "extends = \"builtin\"\n[output]\nlanguage = \"en\"\n").unwrap();
        let path = config.to_string_lossy().into_owned();
        assert_eq!(language_of(&args(&["chainscore", "--config", &path, "validate"])), Language::En);
    }

    #[test]
    fn an_unknown_language_is_a_usage_error_naming_zh_and_en() {
        let error = command(Language::Zh).try_get_matches_from(["chainscore", "--lang", "fr", "score"]).unwrap_err();
        assert_eq!(error.exit_code(), 2);
        let text = usage_error(&error, Language::Zh);
        assert!(text.contains("zh") && text.contains("en") && text.contains("fr"), "{text}");
        assert!(!text.contains("invalid value"), "{text}");
    }
}
