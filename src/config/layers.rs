//! Where keys are: reading a config and the files it `extends`, merging them
//! key by key, and finding the file and line that set any key, so that an error in
//! an inherited key points into the file that wrote it.

use std::path::{Path, PathBuf};

use super::methods::METHOD_PARAMETER_KEYS;
use super::raw::RawConfig;
use crate::error::{ConfigPlace, Error, Result};
use crate::files::sha256_of_bytes;
use crate::i18n::{L, Msg};
use crate::text::nearest;

/// The config files a config was built from, most specific first, kept so that any
/// key can be traced to the file and line that set it.
#[derive(Debug, Clone)]
pub struct ConfigSource {
    pub(super) layers: Vec<(PathBuf, String)>,
}

impl ConfigSource {
    /// Whether this is the built-in config alone (no `--config`).
    pub(crate) fn is_built_in(&self) -> bool {
        self.layers.len() == 1
            && self.layers[0].0 == Path::new(BUILT_IN_PATH)
            && self.layers[0].1 == super::DEFAULT_CONFIG_TEXT
    }

    /// The file the user named.
    pub(crate) fn path(&self) -> &Path {
        &self.layers[0].0
    }

    /// Every file of the config with the SHA-256 of the text that was parsed:
    /// provenance of exactly what ran, without reading the files again.
    pub(crate) fn digests(&self) -> impl Iterator<Item = (&Path, String)> {
        self.layers.iter().map(|(p, text)| (p.as_path(), sha256_of_bytes(text.as_bytes())))
    }

    /// The place of a dotted key (`indicators.x.weight`, `checks[0].expr`): the first
    /// layer that sets it, with its line; else the user's file without a line.
    pub(crate) fn place(&self, key: &str) -> ConfigPlace {
        let path = parse_key_path(key);
        for (file, text) in &self.layers {
            if let Some(line) = line_of_key(text, &path) {
                return ConfigPlace { file: file.clone(), key: key.to_string(), line: Some(line) };
            }
        }
        ConfigPlace { file: self.path().to_path_buf(), key: key.to_string(), line: None }
    }

    /// A config error at a key.
    pub(crate) fn error(&self, key: &str, message: Msg) -> Error {
        Error::config(self.place(key), message)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum KeySegment {
    Key(String),
    Index(usize),
}

pub(super) fn parse_key_path(key: &str) -> Vec<KeySegment> {
    let mut out = Vec::new();
    for part in key.split('.') {
        let mut rest = part;
        if let Some(open) = rest.find('[') {
            let name = &rest[..open];
            if !name.is_empty() {
                out.push(KeySegment::Key(name.to_string()));
            }
            rest = &rest[open..];
            while let Some(close) = rest.find(']') {
                if let Ok(index) = rest[1..close].parse() {
                    out.push(KeySegment::Index(index));
                }
                rest = &rest[close + 1..];
                if !rest.starts_with('[') {
                    break;
                }
            }
        } else if !part.is_empty() {
            out.push(KeySegment::Key(part.to_string()));
        }
    }
    out
}

pub(super) fn line_of_offset(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].bytes().filter(|&b| b == b'\n').count() + 1
}

/// The line of the deepest segment of `path` that exists in `text` — but only when
/// the whole path exists (a missing key is reported at its table by the caller).
pub(super) fn line_of_key(text: &str, path: &[KeySegment]) -> Option<usize> {
    use toml::de::{DeTable, DeValue};
    let root = DeTable::parse(text).ok()?;
    let mut table: Option<&DeTable> = Some(root.get_ref());
    let mut array: Option<&toml::de::DeArray> = None;
    let mut span = None;
    for segment in path {
        let value = match segment {
            KeySegment::Key(k) => {
                let t = table?;
                let (key, value) = t.iter().find(|(key, _)| key.get_ref().as_ref() == k.as_str())?;
                span = Some(key.span());
                value
            }
            KeySegment::Index(i) => {
                let value = array?.get(*i)?;
                span = Some(value.span());
                value
            }
        };
        table = None;
        array = None;
        match value.get_ref() {
            DeValue::Table(t) => table = Some(t),
            DeValue::Array(a) => array = Some(a),
            _ => {}
        }
    }
    span.map(|s| line_of_offset(text, s.start))
}

/// Reads a config file and every file it extends, merged, with its source kept.
/// The `extends` value that names the config built into the binary.
pub(crate) const BUILT_IN: &str = "builtin";

/// Where the built-in config's relative paths (`../fixtures/sample`, `../out`)
/// resolve from, and how it is named in messages and provenance: the file in
/// the repository it was compiled from.
pub(crate) const BUILT_IN_PATH: &str = "config/default.toml";

/// Where config files come from: the disk, or memory (the fuzzers, tests).
pub trait ConfigFiles {
    /// The bytes of a config file, no more than `limit + 1` of them, or why the
    /// path is not a config file.
    fn fetch(&self, path: &Path, limit: u64) -> std::result::Result<Vec<u8>, ConfigFileProblem>;
}

/// Why a path named as a config is not one.
#[derive(Debug)]
pub enum ConfigFileProblem {
    /// Nothing is there.
    Missing,
    /// A folder.
    Folder,
    /// A pipe, a socket or a device: reading it could block or never end.
    NotRegular,
    /// A regular file over the limit, with its size.
    TooBig(u64),
    /// The file system said no.
    Io(std::io::Error),
}

/// Config files on disk: only regular files are opened.
pub struct OnDisk;

impl ConfigFiles for OnDisk {
    fn fetch(&self, path: &Path, limit: u64) -> std::result::Result<Vec<u8>, ConfigFileProblem> {
        use std::io::Read;
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(ConfigFileProblem::Missing),
            Err(e) => return Err(ConfigFileProblem::Io(e)),
        };
        if metadata.is_dir() {
            return Err(ConfigFileProblem::Folder);
        }
        if !metadata.is_file() {
            return Err(ConfigFileProblem::NotRegular);
        }
        if metadata.len() > limit {
            return Err(ConfigFileProblem::TooBig(metadata.len()));
        }
        let mut bytes = Vec::new();
        // The size was checked, but a file can grow: read no more than the limit.
        std::fs::File::open(path)
            .and_then(|handle| handle.take(limit + 1).read_to_end(&mut bytes))
            .map_err(ConfigFileProblem::Io)?;
        Ok(bytes)
    }
}

/// Config files held in memory, by path.
#[derive(Debug, Default, Clone)]
pub struct InMemory(pub std::collections::HashMap<PathBuf, Vec<u8>>);

impl ConfigFiles for InMemory {
    fn fetch(&self, path: &Path, limit: u64) -> std::result::Result<Vec<u8>, ConfigFileProblem> {
        let bytes = self.0.get(path).ok_or(ConfigFileProblem::Missing)?;
        if bytes.len() as u64 > limit {
            return Err(ConfigFileProblem::TooBig(bytes.len() as u64));
        }
        Ok(bytes.clone())
    }
}

/// Reads a config file and the files it `extends`; `None` reads the built-in
/// config alone.
pub(crate) fn read_layers(path: Option<&Path>, files: &dyn ConfigFiles) -> Result<(toml::Table, ConfigSource)> {
    let mut layers = Vec::new();
    let mut tables = Vec::new();
    // A layer is a file, or the built-in config (`None`).
    let mut next = Some(path.map(Path::to_path_buf));
    while let Some(layer) = next.take() {
        let built_in = layer.is_none();
        let file = layer.unwrap_or_else(|| PathBuf::from(BUILT_IN_PATH));
        if layers.len() >= 8 || (!built_in && layers.iter().any(|(p, _): &(PathBuf, String)| p == &file)) {
            // Said at the `extends` of the config given, where the chain starts
            // (the file the circle came back to may be any of them).
            let (given, text) = &layers[0];
            return Err(Error::config(
                ConfigPlace {
                    file: given.clone(),
                    key: "extends".into(),
                    line: line_of_key(text, &parse_key_path("extends")),
                },
                Msg::ExtendsCircle {},
            ));
        }
        let text = if built_in {
            super::DEFAULT_CONFIG_TEXT.to_string()
        } else {
            read_config_text(&file, layers.last(), files)?
        };
        let mut table: toml::Table = toml::from_str(&text).map_err(|e| Error::ConfigSyntax {
            file: file.clone(),
            line: e.span().map(|s| line_of_offset(&text, s.start)),
            message: Box::new(Msg::NotToml { reason: e.message().trim().to_string() }),
        })?;
        if let Some(extends) = table.remove("extends") {
            let Some(name) = extends.as_str().filter(|name| !name.trim().is_empty()) else {
                return Err(Error::config(
                    ConfigPlace {
                        file: file.clone(),
                        key: "extends".into(),
                        line: line_of_key(&text, &parse_key_path("extends")),
                    },
                    Msg::ExtendsNotName {},
                ));
            };
            next = Some(if name.trim() == BUILT_IN {
                None
            } else {
                Some(file.parent().unwrap_or(Path::new(".")).join(name))
            });
        }
        let folder = file.parent().unwrap_or(Path::new(""));
        let output_base = match (built_in, layers.first()) {
            (false, _) => folder,
            (true, Some((top, _))) => top.parent().unwrap_or(Path::new("")),
            (true, None) => Path::new(""),
        };
        resolve_layer_paths(&mut table, folder, output_base);
        tables.push(table);
        layers.push((file, text));
    }
    // Merge from the most general layer up.
    let mut merged = tables.pop().expect("at least one layer");
    while let Some(upper) = tables.pop() {
        forget_replaced_methods(&mut merged, &upper);
        merge_tables(&mut merged, upper);
    }
    Ok((merged, ConfigSource { layers }))
}

/// The largest config file read: configs are a few hundred lines; anything far
/// bigger is a wrong path (a data file, a device).
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// Reads one config file as text. A config is untrusted input too: only a regular
/// file (never a folder, a pipe that would block, or a device that never ends),
/// at most [`MAX_CONFIG_BYTES`], in UTF-8. A problem with a file named by
/// `extends` is reported at the `extends` key of the config that names it.
fn read_config_text(file: &Path, referrer: Option<&(PathBuf, String)>, files: &dyn ConfigFiles) -> Result<String> {
    let refuse = |problem: L| match referrer {
        Some((parent, text)) => Error::config(
            ConfigPlace {
                file: parent.clone(),
                key: "extends".into(),
                line: line_of_key(text, &parse_key_path("extends")),
            },
            Msg::ExtendsFile { file: file.display().to_string(), problem },
        ),
        None => {
            Error::ConfigSyntax { file: file.to_path_buf(), line: None, message: Box::new(Msg::ConfigFile { problem }) }
        }
    };
    let bytes = match files.fetch(file, MAX_CONFIG_BYTES) {
        Ok(bytes) => bytes,
        Err(ConfigFileProblem::Missing) => {
            return Err(refuse(L::CfgNotFound));
        }
        Err(ConfigFileProblem::Folder) => return Err(refuse(L::CfgIsFolder)),
        Err(ConfigFileProblem::NotRegular) => return Err(refuse(L::CfgNotRegular)),
        Err(ConfigFileProblem::TooBig(_)) => return Err(refuse(L::CfgTooBig)),
        Err(ConfigFileProblem::Io(e)) => return Err(Error::io(file, L::IoCannotReadConfig, e)),
    };
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(refuse(L::CfgTooBig));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(refuse(L::CfgUtf16));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").map(<[u8]>::to_vec).unwrap_or(bytes);
    String::from_utf8(bytes).map_err(|_| refuse(L::CfgNotUtf8))
}

/// Makes the paths a config file writes (`[inputs]` lists, `[output] dir`) relative
/// to that file's folder, so a path inherited through `extends` still points where
/// its author meant. The output folder of the built-in config is `output_base`:
/// the folder of the config that extends it (a starter config from `init` run
/// by cron from `/` writes beside itself), or the current folder when it runs
/// alone.
pub(super) fn resolve_layer_paths(table: &mut toml::Table, dir: &Path, output_base: &Path) {
    let against = |base: &Path, text: &str| -> String {
        let path = Path::new(text);
        if path.is_absolute() || base.as_os_str().is_empty() {
            text.to_string()
        } else {
            base.join(path).to_string_lossy().into_owned()
        }
    };
    let resolve = |text: &str| against(dir, text);
    if let Some(toml::Value::Table(inputs)) = table.get_mut("inputs") {
        for key in ["projects", "capital", "targets", "operations"] {
            if let Some(toml::Value::Array(items)) = inputs.get_mut(key) {
                for item in items.iter_mut() {
                    if let toml::Value::String(text) = item {
                        *text = resolve(text);
                    }
                }
            }
        }
    }
    if let Some(toml::Value::Table(output)) = table.get_mut("output") {
        if let Some(toml::Value::String(dir_text)) = output.get_mut("dir") {
            *dir_text = against(output_base, dir_text);
        }
        // A baseline folder, not the words "" or "previous".
        if let Some(toml::Value::String(baseline)) = output.get_mut("baseline")
            && !baseline.is_empty()
            && baseline != "previous"
        {
            *baseline = resolve(baseline);
        }
    }
}

/// When an extending config gives an indicator another method, the base's
/// parameters of the old method (`lo`, `hi`, `bands`, …) no longer apply: drop them
/// before merging, so `method = "minmax"` over a goalpost indicator just works.
pub(super) fn forget_replaced_methods(base: &mut toml::Table, upper: &toml::Table) {
    let (Some(toml::Value::Table(base_indicators)), Some(toml::Value::Table(upper_indicators))) =
        (base.get_mut("indicators"), upper.get("indicators"))
    else {
        return;
    };
    for (key, upper_indicator) in upper_indicators {
        let Some(upper_method) = upper_indicator.get("method") else { continue };
        if let Some(toml::Value::Table(base_indicator)) = base_indicators.get_mut(key)
            && base_indicator.get("method") != Some(upper_method)
        {
            for method_key in METHOD_PARAMETER_KEYS {
                base_indicator.remove(method_key);
            }
        }
    }
}

pub(super) fn merge_tables(base: &mut toml::Table, upper: toml::Table) {
    for (key, value) in upper {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(u)) => merge_tables(b, u),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// Deserialises the merged table, turning serde's errors into sentences with the key,
/// its line and the nearest valid key or value.
pub(super) fn deserialize_raw(table: toml::Table, source: &ConfigSource) -> Result<RawConfig> {
    let value = toml::Value::Table(table);
    serde_path_to_error::deserialize::<_, RawConfig>(value).map_err(|error| {
        let mut key = error
            .path()
            .iter()
            .filter_map(|segment| match segment {
                serde_path_to_error::Segment::Map { key } | serde_path_to_error::Segment::Enum { variant: key } => {
                    Some(key.clone())
                }
                serde_path_to_error::Segment::Seq { index } => Some(format!("[{index}]")),
                serde_path_to_error::Segment::Unknown => None,
            })
            .fold(String::new(), |mut acc, part| {
                if part.starts_with('[') || acc.is_empty() {
                    acc.push_str(&part);
                } else {
                    acc.push('.');
                    acc.push_str(&part);
                }
                acc
            });
        let message = error.inner().message().trim().to_string();
        let text = describe_serde_error(&message, &mut key);
        source.error(if key.is_empty() { "(top level)" } else { &key }, text)
    })
}

/// Rewrites serde's "unknown field `x`, expected one of `a`, `b`" (and the same for
/// variants, missing fields and wrong types) into a message with the nearest
/// valid name, fixing `key` to point at the offending key. Serde's own words
/// (`expected f64`, a Rust type's name) never reach the user.
pub(super) fn describe_serde_error(message: &str, key: &mut String) -> Msg {
    let quoted: Vec<String> = message.split('`').skip(1).step_by(2).map(str::to_string).collect();
    let push = |key: &mut String, name: &str| {
        if !key.ends_with(name) {
            if !key.is_empty() {
                key.push('.');
            }
            key.push_str(name);
        }
    };
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let name = quoted.first().cloned().unwrap_or_else(|| rest.to_string());
        push(key, &name);
        let expected: Vec<String> = quoted.iter().skip(1).cloned().collect();
        return match nearest(&name, expected.iter().map(String::as_str)) {
            Some(best) => Msg::UnknownKeyNear { name: name.clone(), best: best.to_string() },
            None if expected.is_empty() => Msg::UnknownKeyNone { name },
            None => Msg::UnknownKey { name, valid: expected },
        };
    }
    if message.starts_with("unknown variant ") {
        let name = quoted.first().cloned().unwrap_or_default();
        let expected: Vec<String> = quoted.iter().skip(1).cloned().collect();
        return match nearest(&name, expected.iter().map(String::as_str)) {
            Some(best) => Msg::BadValueNear { name: name.clone(), best: best.to_string(), valid: expected },
            None => Msg::BadValue { name, valid: expected },
        };
    }
    if message.starts_with("missing field ") {
        let name = quoted.first().cloned().unwrap_or_default();
        let table = key.clone();
        push(key, &name);
        return if table.is_empty() { Msg::KeyMissing { name } } else { Msg::KeyMissingIn { name, table } };
    }
    if let Some(rest) = message.strip_prefix("invalid type: ").or_else(|| message.strip_prefix("invalid value: ")) {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let found = found.to_string();
        let number = ["f64", "f32", "a number", "i64", "i32", "an integer"].iter().any(|t| expected.contains(t));
        let whole = ["u64", "u32", "usize", "u16", "u8"].iter().any(|t| expected.contains(t));
        return if (number || whole) && found.starts_with("string ") {
            Msg::NumberQuoted { found: found["string ".len()..].to_string() }
        } else if whole {
            Msg::WholeNumberNeeded { found }
        } else if number {
            Msg::NumberNeeded { found }
        } else if expected.contains("a string") || expected.contains("a borrowed string") {
            Msg::TextNeeded { found }
        } else if expected.contains("a boolean") {
            Msg::FlagNeeded { found }
        } else if expected.contains("a sequence") {
            Msg::ListNeeded { found }
        } else if expected.contains("struct") || expected.contains("a map") {
            Msg::TableNeeded { found }
        } else {
            Msg::Shape { text: message.to_string() }
        };
    }
    if let Some(found) = message.strip_prefix("invalid length ") {
        return Msg::WrongLength { found: found.to_string() };
    }
    if message.contains("untagged enum RawBenchmark") {
        return Msg::BenchmarkShape {};
    }
    if message.contains("untagged enum RawJudgmentValue") || message.contains("untagged enum RawJudgment") {
        return Msg::JudgmentShape {};
    }
    Msg::Shape { text: message.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_path_finds_its_line() {
        let text = "[a]\nb = 1\n\n[[c]]\nd = 2\n[[c]]\nd = 3\n";
        assert_eq!(line_of_key(text, &parse_key_path("a.b")), Some(2));
        assert_eq!(line_of_key(text, &parse_key_path("c[1].d")), Some(7));
        assert_eq!(line_of_key(text, &parse_key_path("a.x")), None);
    }
}
