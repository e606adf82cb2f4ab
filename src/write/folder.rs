//! The output folder of an unattended run: one subfolder per period, written
//! whole or not at all, by one run at a time.
//!
//! Why all this for a few files: the quarterly run is a cron job nobody watches.
//! If it is killed half-way (a reboot, the OOM killer, a SIGKILL from a
//! supervisor), the commission must still find last quarter's complete outputs,
//! not a new workbook beside an old `run.json`; and two runs started by an
//! impatient operator must not interleave their files. So:
//!
//! - [`OutputLock`]: an exclusive `flock` on `<out>/.chainscore.lock`, which
//!   names its holder (pid and start time). A second run gets exit 75 with that
//!   sentence. The kernel drops the lock of a dead process, so a lock file whose
//!   process is gone is simply taken over, with a warning naming it.
//! - [`Staging`]: every output is written into `<out>/.staging-<period>-<pid>`,
//!   each file synced, then the folder takes the place of `<out>/<period>` in one
//!   `renameat2(RENAME_EXCHANGE)` (where the file system cannot, two renames),
//!   and the previous outputs are removed only after that. Killed at any moment,
//!   a run leaves either the old folder or the new one; a staging folder left by
//!   a killed run is removed by the next run (which holds the lock, so no other
//!   run can be using it). SIGTERM and Ctrl-C remove it at once.

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::Holder;
use crate::error::{Error, Result};
use crate::i18n::L;
use crate::i18n::Msg;
use crate::period::Period;

/// The lock file's name in the output folder.
pub(crate) const LOCK_FILE: &str = ".chainscore.lock";
const STAGING_PREFIX: &str = ".staging-";
const RETIRED_PREFIX: &str = ".retired-";

/// An exclusive lock on an output folder, held until dropped.
#[derive(Debug)]
pub(crate) struct OutputLock {
    file: File,
    out: PathBuf,
}

/// The holder's description in a lock file: "pid 123, started 2026-…", and
/// the signal that ended it, when one did.
fn holder(text: &str) -> Option<(i32, String, Option<String>)> {
    let field = |name: &str| text.lines().find_map(|l| l.strip_prefix(name)).map(str::trim);
    let pid = field("pid=")?.parse().ok()?;
    Some((pid, field("started=").unwrap_or("?").to_string(), field("interrupted=").map(str::to_string)))
}

/// Output folders whose lock this process holds, with the run's start: a
/// signal records in each that the run was interrupted.
static LIVE_OUTPUTS: Mutex<Vec<(PathBuf, String)>> = Mutex::new(Vec::new());

/// The name of a signal a run ends on.
fn signal_name(signal: i32) -> String {
    match signal {
        signal_hook::consts::SIGTERM => "SIGTERM".into(),
        signal_hook::consts::SIGINT => "SIGINT".into(),
        signal_hook::consts::SIGHUP => "SIGHUP".into(),
        other => format!("signal {other}"),
    }
}

/// Records in each output folder of this process that its run was ended by
/// `signal`: the lock file names the signal (the next run says the run was
/// interrupted, not that it vanished), and `last-run.json` says so for a
/// monitor that reads it (it showed the run before as ok).
fn record_interruption(signal: i32) {
    let Ok(outputs) = LIVE_OUTPUTS.lock() else { return };
    for (out, started) in outputs.iter() {
        let name = signal_name(signal);
        let lock = format!("pid={}\nstarted={started}\ninterrupted={name}\n", std::process::id());
        let _ = std::fs::write(out.join(LOCK_FILE), lock);
        let last = serde_json::json!({
            "status": "interrupted",
            "signal": name,
            "exit_code": 128 + signal,
            "pid": std::process::id(),
            "started_at": started,
        });
        if let Ok(text) = serde_json::to_string_pretty(&last) {
            let _ = std::fs::write(out.join("last-run.json"), text + "\n");
        }
    }
}

impl OutputLock {
    /// Takes the lock of `out` (created if missing). Returns the lock and, when a
    /// dead run's lock file was taken over, a warning naming it.
    pub(crate) fn acquire(out: &Path, started_at: &str) -> Result<(OutputLock, Option<Msg>)> {
        std::fs::create_dir_all(out).map_err(|e| Error::io(out, L::IoCannotCreateFolder, e))?;
        let path = out.join(LOCK_FILE);
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::io(&path, L::IoCannotOpenLock, e))?;
        let mut previous = String::new();
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let _ = file.read_to_string(&mut previous);
                let holder = match holder(&previous) {
                    Some((pid, started, _)) => Holder { pid: pid.max(0) as u32, started: Some(started) },
                    None => Holder { pid: 0, started: None },
                };
                return Err(Error::Locked { path: out.to_path_buf(), holder });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(&path, L::IoCannotLock, e)),
        }
        let _ = file.read_to_string(&mut previous);
        let warning =
            holder(&previous).filter(|(pid, _, _)| *pid != std::process::id() as i32).map(|(pid, started, signal)| {
                match signal {
                    Some(signal) => Msg::PreviousInterrupted { pid: pid.max(0) as u32, started, signal },
                    None => Msg::StaleLock { pid: pid.max(0) as u32, started },
                }
            });
        let mine = format!("pid={}\nstarted={started_at}\n", std::process::id());
        file.set_len(0)
            .and_then(|()| file.rewind())
            .and_then(|()| file.write_all(mine.as_bytes()))
            .and_then(|()| file.sync_all())
            .map_err(|e| Error::io(&path, L::IoCannotWriteLock, e))?;
        if let Ok(mut live) = LIVE_OUTPUTS.lock() {
            live.push((out.to_path_buf(), started_at.to_string()));
        }
        Ok((OutputLock { file, out: out.to_path_buf() }, warning))
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // An empty lock file names no holder; the kernel releases the lock itself.
        let _ = self.file.set_len(0);
        if let Ok(mut live) = LIVE_OUTPUTS.lock() {
            live.retain(|(out, _)| out != &self.out);
        }
    }
}

/// Staging folders of this process, removed on SIGTERM or Ctrl-C.
static LIVE_STAGING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Installs, once, a thread that on SIGTERM, SIGINT or SIGHUP removes this
/// process's staging folders and exits 128 + the signal.
pub(crate) fn clean_up_on_signals() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP]) else { return };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let _no_more = super::output::CREATING.write().unwrap_or_else(std::sync::PoisonError::into_inner);
                if let Ok(live) = LIVE_STAGING.lock() {
                    for dir in live.iter() {
                        remove_while_written(dir);
                    }
                }
                record_interruption(signal);
                std::process::exit(128 + signal);
            }
        });
    });
}

/// Removes a folder other threads may still be writing into (the workbook and
/// the sidecars are written side by side; no new file is created in it, see
/// [`super::output::CREATING`], but one already open may still be written):
/// a removal that fails is tried again until the folder is gone, for a second
/// at most.
fn remove_while_written(dir: &Path) {
    for _ in 0..100 {
        match std::fs::remove_dir_all(dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                std::thread::sleep(std::time::Duration::from_millis(10))
            }
            _ => return,
        }
    }
}

/// A run's outputs being written, to be put in place together.
#[derive(Debug)]
pub(crate) struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Starts staging the outputs of `<out>/<name>`. Call with the lock held: any
    /// staging folder already there is a killed run's, and is removed. A
    /// `<out>/<name>` that is not an earlier run's output folder (no run.json of
    /// chainscore's: a folder of the user's, a file) is refused, never replaced.
    pub(crate) fn begin(out: &Path, name: &str) -> Result<Staging> {
        remove_leftovers(out)?;
        let target = out.join(name);
        if let Ok(metadata) = std::fs::symlink_metadata(&target)
            && !(metadata.is_dir() && is_output_folder(&target))
        {
            return Err(Error::OutputFolder {
                message: Box::new(Msg::NotAnOutputFolder { folder: target.display().to_string() }),
            });
        }
        let dir = out.join(format!("{STAGING_PREFIX}{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, L::IoCannotCreateStaging, e))?;
        if let Ok(mut live) = LIVE_STAGING.lock() {
            live.push(dir.clone());
        }
        Ok(Staging { dir, target, committed: false })
    }

    /// Where to write the outputs now.
    pub(crate) fn path(&self) -> &Path {
        &self.dir
    }

    /// Syncs every staged file and puts the folder in place of the target.
    pub(crate) fn commit(mut self) -> Result<PathBuf> {
        sync_folder(&self.dir)?;
        {
            // The signal thread removes registered staging folders: it must not
            // run during the swap, after which this path holds the old outputs.
            let mut live = LIVE_STAGING.lock().unwrap_or_else(|e| e.into_inner());
            swap_into_place(&self.dir, &self.target)?;
            self.committed = true;
            live.retain(|d| d != &self.dir);
        }
        // After the swap `dir` holds the previous outputs (or nothing).
        let _ = std::fs::remove_dir_all(&self.dir);
        if let Some(parent) = self.target.parent() {
            let _ = File::open(parent).and_then(|d| d.sync_all());
        }
        Ok(self.target.clone())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
        if let Ok(mut live) = LIVE_STAGING.lock() {
            live.retain(|d| d != &self.dir);
        }
    }
}

/// Whether a folder is an earlier run's outputs: its run.json says chainscore.
fn is_output_folder(dir: &Path) -> bool {
    std::fs::read(dir.join("run.json"))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .is_some_and(|run| run["engine"] == "chainscore")
}

/// Tidies what killed runs left in `out`: staging folders and temporary files
/// are removed; a retired folder (the old outputs moved aside by a run killed
/// between its two renames) goes back in place if its period has no folder,
/// and is removed otherwise.
fn remove_leftovers(out: &Path) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(out) else { return Ok(()) };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let remove = |path: &Path| -> Result<()> {
            let is_dir = std::fs::symlink_metadata(path).map(|m| m.is_dir()).unwrap_or(false);
            let result = if is_dir { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) };
            result.map_err(|e| Error::io(path, L::IoCannotRemoveLeftover, e))
        };
        if let Some(rest) = name.strip_prefix(RETIRED_PREFIX) {
            // `.retired-<period>-<pid>`
            let period = rest.rsplit_once('-').map_or(rest, |(p, _)| p);
            let home = out.join(period);
            if !period.is_empty() && std::fs::symlink_metadata(&home).is_err() {
                std::fs::rename(&path, &home).map_err(|e| Error::io(&home, L::IoCannotRestore, e))?;
            } else {
                remove(&path)?;
            }
        } else if name.starts_with(STAGING_PREFIX) || (name.starts_with(".chainscore-") && name.ends_with(".part")) {
            remove(&path)?;
        }
    }
    Ok(())
}

fn sync_folder(dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, L::IoCannotReadStaging, e))?;
    for entry in entries.flatten() {
        let path = entry.path();
        File::open(&path).and_then(|f| f.sync_all()).map_err(|e| Error::io(&path, L::IoCannotSync, e))?;
    }
    File::open(dir).and_then(|d| d.sync_all()).map_err(|e| Error::io(dir, L::IoCannotSync, e))
}

/// Puts `staged` at `target`, leaving the previous `target` (if any) at `staged`.
fn swap_into_place(staged: &Path, target: &Path) -> Result<()> {
    if !target.exists() {
        return std::fs::rename(staged, target).map_err(|e| Error::io(target, L::IoCannotMoveIntoPlace, e));
    }
    match exchange(staged, target) {
        Ok(()) => return Ok(()),
        // Only where the file system cannot exchange: any other failure is real.
        Err(e)
            if !matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP))
                && e.kind() != std::io::ErrorKind::Unsupported =>
        {
            return Err(Error::io(target, L::IoCannotMoveIntoPlace, e));
        }
        Err(_) => {}
    }
    // No atomic exchange here: move the old folder aside, then the new one in. A
    // run killed between the two leaves the old outputs in a retired folder,
    // which the next run puts back (see `remove_leftovers`).
    let retired = target.with_file_name(format!(
        "{RETIRED_PREFIX}{}-{}",
        target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        std::process::id()
    ));
    std::fs::rename(target, &retired).map_err(|e| Error::io(target, L::IoCannotMoveAside, e))?;
    if let Err(e) = std::fs::rename(staged, target) {
        // Put the old outputs back rather than leave the period without any.
        let _ = std::fs::rename(&retired, target);
        return Err(Error::io(target, L::IoCannotMoveIntoPlace, e));
    }
    std::fs::rename(&retired, staged).map_err(|e| Error::io(staged, L::IoCannotRetire, e))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; the call reads them only.
    let result =
        unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if result == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// The latest earlier period's output folder in `out`, of the same kind as
/// `period` (2022Q4 → 2022Q3; 2023Q1 → 2022Q4; 2022-01 → 2021-12): a folder
/// named as the period is written whose sidecars are there.
pub(crate) fn previous_period_folder(out: &Path, period: Period) -> Option<PathBuf> {
    let kind = |p: &Period| std::mem::discriminant(p);
    std::fs::read_dir(out)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|path| path.join("projects.parquet").is_file() && path.join("districts.parquet").is_file())
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?;
            let p = name.parse::<Period>().ok()?;
            // Only the canonical spelling (2022Q3, not 2022q3): the folder this
            // engine wrote.
            (p.to_string() == name).then_some((p, path))
        })
        .filter(|(p, _)| kind(p) == kind(&period) && p.end_month() < period.end_month())
        .max_by_key(|(p, _)| p.end_month())
        .map(|(_, path)| path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_staged_folder_replaces_the_old_one_whole() {
        let out = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(out.path().join("2022Q4")).unwrap();
        std::fs::write(out.path().join("2022Q4/run.json"), r#"{"engine": "chainscore", "old": true}"#).unwrap();
        std::fs::write(out.path().join("2022Q4/stale.txt"), "old").unwrap();
        let staging = Staging::begin(out.path(), "2022Q4").unwrap();
        std::fs::write(staging.path().join("run.json"), "new").unwrap();
        // Until the commit, the old outputs are untouched.
        assert!(std::fs::read_to_string(out.path().join("2022Q4/run.json")).unwrap().contains("old"));
        staging.commit().unwrap();
        assert_eq!(std::fs::read_to_string(out.path().join("2022Q4/run.json")).unwrap(), "new");
        assert!(!out.path().join("2022Q4/stale.txt").exists(), "the folder is replaced, not merged");
        let names: Vec<String> =
            std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
        assert_eq!(names, ["2022Q4"], "nothing else is left behind");
    }

    #[test]
    fn a_staging_folder_is_removed_when_the_run_fails_and_by_the_next_run() {
        let out = tempfile::tempdir().unwrap();
        {
            let staging = Staging::begin(out.path(), "2022Q4").unwrap();
            std::fs::write(staging.path().join("half.xlsx"), "half").unwrap();
        }
        assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
        // A killed run's folder (no Drop ran) goes when the next run begins.
        std::fs::create_dir_all(out.path().join(".staging-2022Q4-99999")).unwrap();
        let staging = Staging::begin(out.path(), "2022Q4").unwrap();
        assert!(!out.path().join(".staging-2022Q4-99999").exists());
        drop(staging);
    }

    #[test]
    fn the_previous_period_is_the_latest_earlier_one_of_the_same_kind() {
        let out = tempfile::tempdir().unwrap();
        for name in ["2022Q2", "2022Q3", "2022Q4", "2022-12", "notes", "2022q1"] {
            std::fs::create_dir_all(out.path().join(name)).unwrap();
            std::fs::write(out.path().join(name).join("projects.parquet"), "").unwrap();
            std::fs::write(out.path().join(name).join("districts.parquet"), "").unwrap();
        }
        // A period folder without sidecars (a failed copy) is no baseline.
        std::fs::create_dir_all(out.path().join("2023Q2")).unwrap();
        let previous = |p: &str| previous_period_folder(out.path(), p.parse().unwrap());
        assert_eq!(previous("2022Q4"), Some(out.path().join("2022Q3")));
        assert_eq!(previous("2023Q1"), Some(out.path().join("2022Q4")), "across the year");
        assert_eq!(previous("2022Q2"), None);
        assert_eq!(previous("2023-01"), Some(out.path().join("2022-12")));
        assert_eq!(previous("2023Q3"), Some(out.path().join("2022Q4")), "2023Q2 has no sidecars");
        assert_eq!(previous("2022Q2"), None, "2022q1 is not a folder this engine wrote");
    }

    #[test]
    fn a_folder_or_file_that_is_not_an_output_is_never_replaced() {
        let out = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(out.path().join("2022Q4")).unwrap();
        std::fs::write(out.path().join("2022Q4/projects.xlsx"), "the user's register").unwrap();
        let err = Staging::begin(out.path(), "2022Q4").unwrap_err();
        assert_eq!(err.code(), 74);
        assert!(err.to_string().contains("not a period folder an earlier run wrote"), "{err}");
        assert!(out.path().join("2022Q4/projects.xlsx").exists());
        std::fs::write(out.path().join("2023Q1"), "a file").unwrap();
        assert!(Staging::begin(out.path(), "2023Q1").is_err());
        assert_eq!(std::fs::read_to_string(out.path().join("2023Q1")).unwrap(), "a file");
    }

    #[test]
    fn old_outputs_moved_aside_by_a_killed_run_are_put_back() {
        let out = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(out.path().join(".retired-2022Q4-4242")).unwrap();
        std::fs::write(out.path().join(".retired-2022Q4-4242/run.json"), r#"{"engine": "chainscore"}"#).unwrap();
        std::fs::write(out.path().join(".chainscore-x1.part"), "half").unwrap();
        std::fs::write(out.path().join(".staging-2022Q3-4242"), "a file, not a folder").unwrap();
        let staging = Staging::begin(out.path(), "2022Q3").unwrap();
        assert!(out.path().join("2022Q4/run.json").exists(), "restored");
        assert!(!out.path().join(".chainscore-x1.part").exists());
        drop(staging);
        let names: Vec<String> =
            std::fs::read_dir(out.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
        assert_eq!(names, ["2022Q4"]);
    }

    #[test]
    fn a_lock_is_exclusive_and_names_its_holder() {
        let out = tempfile::tempdir().unwrap();
        let (lock, warning) = OutputLock::acquire(out.path(), "2026-11-27T02:00:00Z").unwrap();
        assert!(warning.is_none());
        let err = OutputLock::acquire(out.path(), "2026-11-27T02:00:01Z").unwrap_err();
        assert_eq!(err.code(), 75);
        let message = err.to_string();
        assert!(err.render(crate::i18n::Cx::plain(crate::i18n::Language::Zh)).contains("另一个 chainscore 进程"));
        assert!(message.contains(&format!("pid {}", std::process::id())), "{message}");
        assert!(message.contains("2026-11-27T02:00:00Z"), "{message}");
        drop(lock);
        // A lock file left by a process that is gone is taken over, with a warning.
        std::fs::write(out.path().join(LOCK_FILE), "pid=999999\nstarted=2026-01-01T00:00:00Z\n").unwrap();
        let (_lock, warning) = OutputLock::acquire(out.path(), "now").unwrap();
        let warning = warning.expect("a warning about the stale lock");
        assert_eq!(warning, Msg::StaleLock { pid: 999_999, started: "2026-01-01T00:00:00Z".into() });
    }
}
