//! Every word a person reads, in their language: one catalogue, Chinese first.
//!
//! The people chainscore serves read Chinese: a bureau's evaluator defending a
//! weight, a district clerk fixing row 17 of her register, leaders turning the
//! pages of the evaluation workbook. An English message with a config key in it
//! (`investor_tier \`外资企业\` is not a known value (global500, …)`) tells the
//! clerk nothing she can act on; the words of her drop-down (世界500强 …) do. So
//! every text meant for a person — errors, the Issues sheet, validate's table,
//! progress lines, workbook titles, headers, notes and chart labels, the
//! evaluator tools' answers, `--help` — is declared here, once, in Chinese and in
//! English, and rendered in the language of the run (`[output] language`,
//! overridden by `--lang`).
//!
//! **Why a typed catalogue and not Fluent.** Fluent (`fluent-bundle`) earns its
//! keep with translators, plural categories and many locales. Here there are two
//! languages written by the engineers who write the code, Chinese has no plural
//! forms, and a run may render a hundred thousand issues. A message kind is a Rust
//! enum variant whose fields are its placeholders, so a call site that forgets an
//! argument or misspells one does not compile, an issue is held as a small value
//! (its kind and its arguments) and rendered only when a sheet or a terminal shows
//! it, and no message id is a string looked up at run time. What Fluent would
//! check when loading its files is checked by this module's tests instead: every
//! kind has both languages, and the two templates (and the advice) use exactly
//! the variant's placeholders.
//!
//! Three kinds of entry, one macro each:
//!
//! - [`Msg`] (`messages.rs`): what went wrong or deserves a look — issues,
//!   errors, warnings. Each has a stable code (`V104`, shown in the Issues
//!   sheet's 代码 column and in JSON), its sentence, and its own advice: what to
//!   do about it.
//! - [`Say`] (`texts.rs`): sentences with placeholders that are not problems:
//!   progress lines, the tools' answers, workbook notes.
//! - [`L`] (`labels.rs`): fixed words — sheet names, headers, titles, the words
//!   of the vocabularies, methods and directions.
//!
//! Names from the config (districts, chains, parks, indicators, dimensions) are
//! not in the catalogue: the config carries them in both languages, and a
//! placeholder of type [`Name`] is looked up through [`Names`] when the text is
//! rendered. Keys stay keys only where machines read: sidecars, JSON field names,
//! configs.

mod labels;
mod messages;
mod texts;
mod words;

use std::fmt::Write as _;

pub use labels::L;
pub use messages::Msg;
pub use texts::Say;
pub use words::{column_name, vocabulary_word};

/// The language a run speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Deserialize, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Chinese (the default: the language of the people who read the outputs).
    #[default]
    Zh,
    /// English.
    En,
}

impl Language {
    /// One of two texts.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Language::Zh => zh,
            Language::En => en,
        }
    }

    /// The language's name as configs and `--lang` spell it.
    pub fn code(self) -> &'static str {
        self.pick("zh", "en")
    }
}

/// What a config names, for [`Names`] to look up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A district key (`wuhua`).
    District,
    /// A chain key.
    Chain,
    /// A park key.
    Park,
    /// An indicator key.
    Indicator,
    /// A dimension key.
    Dimension,
    /// A check key.
    Check,
    /// An adjustment key.
    Adjustment,
    /// A canonical input column (`total_investment`).
    Column,
    /// A word of the link vocabulary (`build`).
    Link,
    /// A word of the investor-tier vocabulary (`global500`).
    InvestorTier,
    /// A word of the status vocabulary (`signed`).
    Status,
    /// A chain class (`key`, `traditional`, …).
    ChainClass,
    /// A value an indicator's map scores: a word of any vocabulary, or
    /// `true`/`false`.
    AnyWord,
}

/// Display names of what a config names. The config implements it; a text
/// rendered where no config is loaded uses [`NoNames`] and shows the built-in
/// words, or the key. `Sync`, so a workbook's sheets written on two threads
/// share one.
pub trait Names: Sync {
    /// The display name of `key` in `language`, when known.
    fn name(&self, kind: Kind, key: &str, language: Language) -> Option<&str>;
}

/// No config: only the catalogue's own words.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoNames;

impl Names for NoNames {
    fn name(&self, _kind: Kind, _key: &str, _language: Language) -> Option<&str> {
        None
    }
}

/// What rendering needs: the language and where names come from.
#[derive(Clone, Copy)]
pub struct Cx<'a> {
    /// The language.
    pub lang: Language,
    /// Display names.
    pub names: &'a dyn Names,
}

impl std::fmt::Debug for Cx<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Cx({:?})", self.lang)
    }
}

impl<'a> Cx<'a> {
    /// A context without config names.
    pub fn plain(lang: Language) -> Cx<'static> {
        Cx { lang, names: &NoNames }
    }

    /// A context with config names.
    pub fn new(lang: Language, names: &'a dyn Names) -> Cx<'a> {
        Cx { lang, names }
    }

    /// One of two texts.
    pub fn pick(&self, zh: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(zh, en)
    }

    /// A label.
    pub fn l(&self, label: L) -> &'static str {
        label.get(self.lang)
    }

    /// A sentence.
    pub fn say(&self, text: &Say) -> String {
        text.render(*self)
    }

    /// A message.
    pub fn msg(&self, message: &Msg) -> String {
        message.render(*self)
    }

    /// The display name of a config key, or the key.
    pub fn name(&self, kind: Kind, key: &str) -> String {
        let mut out = String::new();
        Name::new(kind, key).put(*self, &mut out);
        out
    }

    /// A config's unit as this language writes it (see [`words::unit`]).
    pub fn unit<'u>(&self, unit: &'u str) -> &'u str {
        words::unit(unit, self.lang)
    }

    /// The separator of a list: `、` in Chinese, `, ` in English.
    pub fn comma(&self) -> &'static str {
        self.lang.pick("、", ", ")
    }
}

/// A placeholder's value: anything that can write itself in a language.
pub trait Arg {
    /// Appends the value as `cx` shows it.
    fn put(&self, cx: Cx<'_>, out: &mut String);
}

impl Arg for String {
    fn put(&self, _: Cx<'_>, out: &mut String) {
        out.push_str(self);
    }
}

impl Arg for &str {
    fn put(&self, _: Cx<'_>, out: &mut String) {
        out.push_str(self);
    }
}

macro_rules! integer_args {
    ($($t:ty),*) => {$(
        impl Arg for $t {
            fn put(&self, _: Cx<'_>, out: &mut String) {
                let _ = write!(out, "{self}");
            }
        }
    )*};
}
integer_args!(u8, u16, u32, u64, usize, i32, i64);

/// A number as messages show it: up to six decimals, no trailing zeros.
impl Arg for f64 {
    fn put(&self, _: Cx<'_>, out: &mut String) {
        out.push_str(&crate::text::format_value(*self));
    }
}

/// A list, joined with `、` or `, `.
impl<T: Arg> Arg for Vec<T> {
    fn put(&self, cx: Cx<'_>, out: &mut String) {
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push_str(cx.comma());
            }
            item.put(cx, out);
        }
    }
}

/// Nothing when absent.
impl<T: Arg> Arg for Option<T> {
    fn put(&self, cx: Cx<'_>, out: &mut String) {
        if let Some(value) = self {
            value.put(cx, out);
        }
    }
}

impl Arg for L {
    fn put(&self, cx: Cx<'_>, out: &mut String) {
        out.push_str(self.get(cx.lang));
    }
}

impl Arg for Say {
    fn put(&self, cx: Cx<'_>, out: &mut String) {
        out.push_str(&self.render(cx));
    }
}

impl Arg for Msg {
    fn put(&self, cx: Cx<'_>, out: &mut String) {
        out.push_str(&self.render(cx));
    }
}

/// A name from the config (or a built-in word), shown by its display name; the
/// key itself only when nothing knows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Name {
    /// What it names.
    pub kind: Kind,
    /// The key.
    pub key: String,
}

impl Name {
    /// A name of a kind.
    pub fn new(kind: Kind, key: impl Into<String>) -> Name {
        Name { kind, key: key.into() }
    }

    /// A canonical input column.
    pub fn column(key: impl Into<String>) -> Name {
        Name::new(Kind::Column, key)
    }
}

impl Arg for Name {
    /// The catalogue's own word for a built-in column or vocabulary value,
    /// else the config's name, else the key.
    fn put(&self, cx: Cx<'_>, out: &mut String) {
        let builtin = match self.kind {
            Kind::Column => column_name(&self.key, cx.lang),
            Kind::Link | Kind::InvestorTier | Kind::Status | Kind::ChainClass => {
                vocabulary_word(self.kind, &self.key, cx.lang)
            }
            Kind::AnyWord => match self.key.as_str() {
                "true" => Some(L::Yes.get(cx.lang)),
                "false" => Some(L::No.get(cx.lang)),
                key => [Kind::Link, Kind::InvestorTier, Kind::Status, Kind::ChainClass]
                    .into_iter()
                    .find_map(|kind| vocabulary_word(kind, key, cx.lang)),
            },
            _ => None,
        };
        match builtin.or_else(|| cx.names.name(self.kind, &self.key, cx.lang)) {
            Some(name) => out.push_str(name),
            None => out.push_str(&self.key),
        }
    }
}

/// A text given in both languages (a name resolved where it was found).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Both {
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Both {
    /// Two texts.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Both {
        Both { zh: zh.into(), en: en.into() }
    }

    /// The same text in both languages (a name that has no translation).
    pub fn same(text: impl Into<String>) -> Both {
        let text = text.into();
        Both { zh: text.clone(), en: text }
    }

    /// Renders a sentence in both languages.
    pub fn of_say(text: &Say, names: &dyn Names) -> Both {
        Both { zh: text.render(Cx::new(Language::Zh, names)), en: text.render(Cx::new(Language::En, names)) }
    }

    /// Renders a message in both languages.
    pub fn of_msg(message: &Msg, names: &dyn Names) -> Both {
        Both { zh: message.render(Cx::new(Language::Zh, names)), en: message.render(Cx::new(Language::En, names)) }
    }

    /// The text in a language.
    pub fn get(&self, lang: Language) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

impl Arg for Both {
    fn put(&self, cx: Cx<'_>, out: &mut String) {
        out.push_str(self.get(cx.lang));
    }
}

/// "Did you mean …?" after a sentence, or nothing when there is no near name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Hint(pub Option<String>);

impl Hint {
    /// The hint of a nearest name, if any.
    pub fn of(nearest: Option<&str>) -> Hint {
        Hint(nearest.map(str::to_string))
    }
}

impl Arg for Hint {
    fn put(&self, cx: Cx<'_>, out: &mut String) {
        if let Some(name) = &self.0 {
            let _ = match cx.lang {
                Language::Zh => write!(out, "；是否应为 `{name}`？"),
                Language::En => write!(out, "; did you mean `{name}`?"),
            };
        }
    }
}

/// Text quoted from a file or a config, cut to [`Clip::MAX`] characters: a
/// 200,000-character expression or a pasted page in a cell stays one line.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Clip(pub String);

impl Clip {
    /// The most characters shown.
    pub const MAX: usize = 80;
}

impl Arg for Clip {
    fn put(&self, _: Cx<'_>, out: &mut String) {
        if self.0.chars().count() <= Clip::MAX {
            out.push_str(&self.0);
        } else {
            out.extend(self.0.chars().take(Clip::MAX - 1));
            out.push('…');
        }
    }
}

/// A share shown as a percentage with one decimal (`84.2%`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pct(pub f64);

impl Arg for Pct {
    fn put(&self, _: Cx<'_>, out: &mut String) {
        let _ = write!(out, "{:.1}%", self.0 * 100.0);
    }
}

/// A number with a fixed count of decimals (`72.91`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fixed(pub f64, pub usize);

impl Arg for Fixed {
    fn put(&self, _: Cx<'_>, out: &mut String) {
        let _ = write!(out, "{:.*}", self.1, self.0);
    }
}

/// An amount of money in 万元 with thousands separators and two decimals
/// (`1,400,089.57`), as the workbook shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Money(pub f64);

impl Arg for Money {
    fn put(&self, _: Cx<'_>, out: &mut String) {
        out.push_str(&grouped(self.0, 2));
    }
}

/// `value` with `decimals` decimals and a comma every three digits.
pub fn grouped(value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text.as_str(), None),
    };
    let mut out = String::with_capacity(text.len() + whole.len() / 3 + 1);
    if value.is_sign_negative() && text.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        out.push('-');
    }
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(fraction) = fraction {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

/// A period in words: 2022年, 2022年第四季度, 2022年9月 (2022, Q4 2022,
/// September 2022).
impl Arg for crate::period::Period {
    fn put(&self, cx: Cx<'_>, out: &mut String) {
        use crate::period::Period;
        const QUARTERS: [&str; 4] = ["一", "二", "三", "四"];
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let _ = match (*self, cx.lang) {
            (Period::Year(y), Language::Zh) => write!(out, "{y}年"),
            (Period::Year(y), Language::En) => write!(out, "{y}"),
            (Period::Quarter(y, q), Language::Zh) => write!(out, "{y}年第{}季度", QUARTERS[(q as usize - 1).min(3)]),
            (Period::Quarter(y, q), Language::En) => write!(out, "Q{q} {y}"),
            (Period::Month(y, m), Language::Zh) => write!(out, "{y}年{m}月"),
            (Period::Month(y, m), Language::En) => write!(out, "{} {y}", MONTHS[(m as usize - 1).min(11)]),
        };
    }
}

/// A date in words: 2022年3月15日 (2022-03-15).
impl Arg for chrono::NaiveDate {
    fn put(&self, cx: Cx<'_>, out: &mut String) {
        use chrono::Datelike;
        let _ = match cx.lang {
            Language::Zh => write!(out, "{}年{}月{}日", self.year(), self.month(), self.day()),
            Language::En => write!(out, "{}", self.format("%Y-%m-%d")),
        };
    }
}

/// A sentence followed by its advice: a full stop between them unless the
/// sentence already ends in one (a question mark, say).
pub fn with_advice(text: &str, advice: &str, lang: Language) -> String {
    if advice.is_empty() {
        return text.to_string();
    }
    let ended = text.ends_with(['。', '？', '！', '?', '!', '.']);
    match (lang, ended) {
        (Language::Zh, true) => format!("{text}{advice}"),
        (Language::Zh, false) => format!("{text}。{advice}"),
        (Language::En, true) => format!("{text} {advice}"),
        (Language::En, false) => format!("{text}. {advice}"),
    }
}

/// Fills `template`'s `{name}` placeholders from `args`; `{{` and `}}` are
/// braces. A placeholder without an argument is left as written (the tests make
/// sure there is none).
pub(crate) fn fill(template: &str, args: &[(&str, &dyn Arg)], cx: Cx<'_>, out: &mut String) {
    let mut rest = template;
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if let Some(after) = tail.strip_prefix('}') {
            out.push('}');
            rest = after;
            continue;
        }
        match tail.find('}') {
            Some(close) => {
                let name = &tail[1..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, arg)) => arg.put(cx, out),
                    None => out.push_str(&tail[..=close]),
                }
                rest = &tail[close + 1..];
            }
            None => {
                out.push_str(tail);
                rest = "";
            }
        }
    }
    out.push_str(rest);
}

/// The placeholders of a template, in order of first use.
#[cfg(test)]
pub(crate) fn placeholders(template: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        let tail = &rest[at..];
        if let Some(after) = tail.strip_prefix("{{") {
            rest = after;
            continue;
        }
        match tail.find('}') {
            Some(close) => {
                let name = &tail[1..close];
                if !found.contains(&name) {
                    found.push(name);
                }
                rest = &tail[close + 1..];
            }
            None => break,
        }
    }
    found
}

/// One catalogue entry, as the tests inspect it.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// The stable code (messages) or the variant's name (texts).
    pub code: &'static str,
    /// The variant's name.
    pub name: &'static str,
    /// Its placeholders, as the variant declares them.
    pub fields: &'static [&'static str],
    /// The Chinese template.
    pub zh: &'static str,
    /// The English template.
    pub en: &'static str,
    /// What to do, in Chinese ("" for texts).
    pub advice_zh: &'static str,
    /// What to do, in English.
    pub advice_en: &'static str,
}

/// A value to render a template's placeholder with in the tests.
#[cfg(test)]
pub(crate) trait Sample {
    fn sample() -> Self;
}

#[cfg(test)]
mod sample_impls {
    use super::*;
    impl Sample for String {
        fn sample() -> Self {
            "x".into()
        }
    }
    impl Sample for &'static str {
        fn sample() -> Self {
            "x"
        }
    }
    macro_rules! numbers { ($($t:ty),*) => {$( impl Sample for $t { fn sample() -> Self { 3 as $t } } )*}; }
    numbers!(u8, u16, u32, u64, usize, i32, i64, f64);
    impl<T: Sample> Sample for Vec<T> {
        fn sample() -> Self {
            vec![T::sample(), T::sample()]
        }
    }
    impl<T: Sample> Sample for Option<T> {
        fn sample() -> Self {
            Some(T::sample())
        }
    }
    impl Sample for Name {
        fn sample() -> Self {
            Name::new(Kind::Column, "total_investment")
        }
    }
    impl Sample for Both {
        fn sample() -> Self {
            Both::new("五华区", "Wuhua District")
        }
    }
    impl Sample for Hint {
        fn sample() -> Self {
            Hint(Some("weight".into()))
        }
    }
    impl Sample for Clip {
        fn sample() -> Self {
            Clip("x".into())
        }
    }
    impl Sample for Pct {
        fn sample() -> Self {
            Pct(0.5)
        }
    }
    impl Sample for Fixed {
        fn sample() -> Self {
            Fixed(1.5, 2)
        }
    }
    impl Sample for Money {
        fn sample() -> Self {
            Money(1234.5)
        }
    }
    impl Sample for L {
        fn sample() -> Self {
            L::Yes
        }
    }
    impl Sample for crate::period::Period {
        fn sample() -> Self {
            crate::period::Period::Quarter(2022, 4)
        }
    }
    impl Sample for chrono::NaiveDate {
        fn sample() -> Self {
            chrono::NaiveDate::from_ymd_opt(2022, 3, 15).expect("a date")
        }
    }
    impl Sample for Say {
        fn sample() -> Self {
            Say::samples().remove(0)
        }
    }
    impl Sample for Box<Msg> {
        fn sample() -> Self {
            Box::new(Msg::RowBlank {})
        }
    }
    impl Sample for Box<Say> {
        fn sample() -> Self {
            Box::new(Say::samples().remove(0))
        }
    }
}

impl<T: Arg + ?Sized> Arg for Box<T> {
    fn put(&self, cx: Cx<'_>, out: &mut String) {
        (**self).put(cx, out);
    }
}

/// Declares a catalogue of parameterised texts: an enum whose variants carry
/// their placeholders, with each variant's templates (and, for messages, code
/// and advice).
macro_rules! catalogue {
    (
        $(#[$meta:meta])*
        pub enum $enum:ident;
        $(
            $(#[doc = $doc:literal])*
            $code:ident $variant:ident { $($field:ident : $ty:ty),* $(,)? }
                => $zh:literal, $en:literal
                $(| $dzh:literal, $den:literal)? ;
        )*
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub enum $enum {
            $(
                $(#[doc = $doc])*
                #[allow(missing_docs)]
                $variant { $($field: $ty),* },
            )*
        }

        impl $enum {
            /// Every entry, in declaration order.
            pub const ENTRIES: &'static [$crate::i18n::Entry] = &[
                $($crate::i18n::catalogue!(@entry $code $variant [$($field),*] $zh, $en $(, $dzh, $den)?),)*
            ];

            /// The entry of this value's kind.
            pub fn entry(&self) -> &'static $crate::i18n::Entry {
                match self {
                    $($enum::$variant { .. } => &$crate::i18n::catalogue!(@entry $code $variant [$($field),*] $zh, $en $(, $dzh, $den)?),)*
                }
            }

            /// The stable code of this kind.
            pub fn code(&self) -> &'static str {
                self.entry().code
            }

            /// Calls `f` with the placeholders' names and values.
            fn with_args<R>(&self, f: impl FnOnce(&[(&str, &dyn $crate::i18n::Arg)]) -> R) -> R {
                match self {
                    $(
                        #[allow(unused_variables)]
                        $enum::$variant { $($field),* } => f(&[$((stringify!($field), $field as &dyn $crate::i18n::Arg)),*]),
                    )*
                }
            }

            /// The text in `cx`'s language.
            pub fn render(&self, cx: $crate::i18n::Cx<'_>) -> String {
                let entry = self.entry();
                let template = cx.lang.pick(entry.zh, entry.en);
                let mut out = String::with_capacity(template.len() + 16);
                self.with_args(|args| $crate::i18n::fill(template, args, cx, &mut out));
                out
            }

            /// What to do about it in `cx`'s language ("" when there is no advice).
            pub fn advice(&self, cx: $crate::i18n::Cx<'_>) -> String {
                let entry = self.entry();
                let template = cx.lang.pick(entry.advice_zh, entry.advice_en);
                let mut out = String::new();
                self.with_args(|args| $crate::i18n::fill(template, args, cx, &mut out));
                out
            }

            /// One value of every kind, its placeholders filled with samples.
            #[cfg(test)]
            pub(crate) fn samples() -> Vec<$enum> {
                #[allow(unused_imports)]
                use $crate::i18n::Sample;
                vec![$($enum::$variant { $($field: <$ty as Sample>::sample()),* }),*]
            }
        }

        impl std::fmt::Display for $enum {
            /// English without config names: for logs and `RUST_LOG=debug`.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.render($crate::i18n::Cx::plain($crate::i18n::Language::En)))
            }
        }
    };
    (@entry $code:ident $variant:ident [$($field:ident),*] $zh:literal, $en:literal $(, $dzh:literal, $den:literal)?) => {
        $crate::i18n::Entry {
            code: stringify!($code),
            name: stringify!($variant),
            fields: &[$(stringify!($field)),*],
            zh: $zh,
            en: $en,
            advice_zh: $crate::i18n::catalogue!(@or $($dzh)?),
            advice_en: $crate::i18n::catalogue!(@or $($den)?),
        }
    };
    (@or $text:literal) => { $text };
    (@or) => { "" };
}
pub(crate) use catalogue;

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks one catalogue: both languages present, the same placeholders in
    /// both (and in the advice), each declared field used.
    fn check_entries(entries: &[Entry], need_advice: bool) {
        let mut codes = std::collections::HashSet::new();
        for entry in entries {
            assert!(codes.insert(entry.code), "{}: code {} used twice", entry.name, entry.code);
            assert!(!entry.zh.trim().is_empty(), "{} has no Chinese", entry.name);
            assert!(!entry.en.trim().is_empty(), "{} has no English", entry.name);
            let mut zh = placeholders(entry.zh);
            let mut en = placeholders(entry.en);
            zh.sort_unstable();
            en.sort_unstable();
            assert_eq!(zh, en, "{}: the Chinese and English templates use different placeholders", entry.name);
            // Every field is used, in the sentence or in its advice.
            let mut used: Vec<&str> = zh.iter().copied().chain(placeholders(entry.advice_zh)).collect();
            used.sort_unstable();
            used.dedup();
            let mut fields = entry.fields.to_vec();
            fields.sort_unstable();
            assert_eq!(used, fields, "{}: the placeholders used are not the variant's fields", entry.name);
            if need_advice {
                assert!(!entry.advice_zh.trim().is_empty(), "{} ({}) has no advice in Chinese", entry.name, entry.code);
                assert!(!entry.advice_en.trim().is_empty(), "{} ({}) has no advice in English", entry.name, entry.code);
            }
            for advice in [entry.advice_zh, entry.advice_en] {
                for p in placeholders(advice) {
                    assert!(entry.fields.contains(&p), "{}: advice names `{p}`, which is not a field", entry.name);
                }
            }
            let mut azh = placeholders(entry.advice_zh);
            let mut aen = placeholders(entry.advice_en);
            azh.sort_unstable();
            aen.sort_unstable();
            assert_eq!(azh, aen, "{}: the two advices use different placeholders", entry.name);
            assert!(!has_cjk(entry.en), "{}: the English template holds Chinese: {}", entry.name, entry.en);
            assert!(!has_cjk(entry.advice_en), "{}: the English advice holds Chinese", entry.name);
        }
    }

    /// Whether `text` still holds a `{name}` placeholder.
    fn has_placeholder(text: &str) -> bool {
        placeholders(text).iter().any(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    }

    pub(crate) fn has_cjk(text: &str) -> bool {
        text.chars().any(|c| {
            ('\u{4E00}'..='\u{9FFF}').contains(&c)
                || ('\u{3000}'..='\u{303F}').contains(&c)
                || ('\u{FF00}'..='\u{FFEF}').contains(&c)
        })
    }

    #[test]
    fn every_message_kind_has_both_languages_with_the_same_placeholders() {
        check_entries(Msg::ENTRIES, true);
        for code in Msg::ENTRIES.iter().map(|e| e.code) {
            assert!(
                code.len() == 4 && code.as_bytes()[0].is_ascii_uppercase(),
                "code {code} is not a letter and three digits"
            );
        }
    }

    #[test]
    fn every_sentence_has_both_languages_with_the_same_placeholders() {
        check_entries(Say::ENTRIES, false);
    }

    #[test]
    fn every_message_and_sentence_renders_in_both_languages() {
        for language in [Language::Zh, Language::En] {
            let cx = Cx::plain(language);
            for message in Msg::samples() {
                let text = message.render(cx);
                assert!(!has_placeholder(&text), "{}: a placeholder was left: {text}", message.entry().name);
                assert!(!has_placeholder(&message.advice(cx)));
            }
            for text in Say::samples() {
                let out = text.render(cx);
                assert!(!has_placeholder(&out), "{}: a placeholder was left: {out}", text.entry().name);
            }
        }
    }

    #[test]
    fn every_label_has_both_languages() {
        for label in L::ALL {
            let (zh, en) = (label.get(Language::Zh), label.get(Language::En));
            assert!(!zh.is_empty() && !en.is_empty(), "{label:?} lacks a language");
            assert!(!has_cjk(en), "{label:?}: the English label holds Chinese: {en}");
        }
    }

    #[test]
    fn templates_fill_their_placeholders() {
        let mut out = String::new();
        let name = String::from("五华区");
        fill("{a}“{name}”{{x}}", &[("name", &name as &dyn Arg)], Cx::plain(Language::Zh), &mut out);
        assert_eq!(out, "{a}“五华区”{x}");
        assert_eq!(placeholders("{a} {b} {a} {{c}}"), vec!["a", "b"]);
    }

    #[test]
    fn periods_read_in_words() {
        use crate::period::Period;
        let show = |p: Period, lang| {
            let mut out = String::new();
            p.put(Cx::plain(lang), &mut out);
            out
        };
        assert_eq!(show(Period::Year(2022), Language::Zh), "2022年");
        assert_eq!(show(Period::Quarter(2022, 3), Language::Zh), "2022年第三季度");
        assert_eq!(show(Period::Month(2022, 9), Language::Zh), "2022年9月");
        assert_eq!(show(Period::Quarter(2022, 4), Language::En), "Q4 2022");
        assert_eq!(show(Period::Month(2022, 9), Language::En), "September 2022");
    }

    #[test]
    fn money_has_separators() {
        assert_eq!(grouped(1400089.567, 2), "1,400,089.57");
        assert_eq!(grouped(-1234.0, 0), "-1,234");
        assert_eq!(grouped(-0.001, 2), "0.00");
        assert_eq!(grouped(999.0, 1), "999.0");
    }
}
