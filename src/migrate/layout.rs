//! Discovers a database's migrations and validates the layout, reporting every problem at once.
//!
//! `migrations/<project>/<database>/phase<N>[-slug]/V<ver>__<desc>.sql` (+ `U<ver>__<desc>.sql`).
//! Rules: phases ascend (gaps allowed, no number twice); versions are unique, and every version of
//! a phase is above every version of the phases before it; each V has its U unless it is marked
//! `-- dbctl:irreversible`; each U has its V with the same description.

use super::file::{self, Directives, Kind, Migration, Script};
use super::script_cache::{Cached, ScriptCache, Stamp};
use crate::error::Error;
use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

/// One layout problem, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub location: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Turns problems into one input error (exit 2) listing them all.
pub fn problems_error(dir_label: &str, problems: &[Problem]) -> Error {
    let mut msg = format!("{} problem(s) in migrations {dir_label}:", problems.len());
    for p in problems {
        msg.push_str(&format!("\n  {p}"));
    }
    Error::input(msg).with_hint("fix the files named above; the naming rules are in README.md (Migrations)")
}

/// Parses a phase directory name: `phase3` or `phase3-analytics`.
pub fn parse_phase_dir(name: &str) -> Option<i32> {
    let rest = name.strip_prefix("phase")?;
    let (num, slug) = match rest.split_once('-') {
        Some((n, s)) => (n, Some(s)),
        None => (rest, None),
    };
    if num.is_empty() || !num.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if let Some(s) = slug {
        if s.is_empty() || !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return None;
        }
    }
    num.parse().ok()
}

/// How a path is shown: relative to `root` when it is inside it.
pub fn display_path(path: &Path, root: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}

/// Loads every migration under `dir`, sorted by version, or every problem found.
pub fn discover(dir: &Path, root: &Path) -> Result<Vec<Migration>, Vec<Problem>> {
    let label = display_path(dir, root);
    let mut problems = Vec::new();
    let entries = match read_dir_sorted(dir) {
        Ok(e) => e,
        Err(e) => {
            return Err(vec![Problem {
                location: label,
                message: format!(
                    "cannot read the migrations directory: {e} (create it, or fix `migrations:` in dbctl.yaml)"
                ),
            }])
        }
    };

    struct Found {
        phase: i32,
        phase_dir: String,
        kind: Kind,
        version: i64,
        description: String,
        script: Script,
        directives: Directives,
    }
    let mut found: Vec<Found> = Vec::new();
    let mut phases: BTreeMap<i32, String> = BTreeMap::new();
    // Every file of every phase directory in order: a name problem, or a script to read.
    let mut slots: Vec<Slot> = Vec::new();
    let mut dirs: Vec<OpenDir> = Vec::new();

    for (entry_name, entry_is_dir) in entries {
        let entry = dir.join(&entry_name);
        let name = entry_name.to_string_lossy().to_string();
        let shown = display_path(&entry, root);
        if !entry_is_dir {
            if name.ends_with(".sql") {
                problems.push(Problem {
                    location: shown,
                    message: "migration files belong in a phase directory (phase<N> or phase<N>-<slug>)".into(),
                });
            }
            continue;
        }
        let Some(phase) = parse_phase_dir(&name) else {
            problems.push(Problem {
                location: shown,
                message: "directory name must be phase<N> or phase<N>-<slug> (for example phase1-core)".into(),
            });
            continue;
        };
        if let Some(other) = phases.get(&phase) {
            problems.push(Problem { location: shown, message: format!("phase {phase} is also directory {other}") });
            continue;
        }
        phases.insert(phase, name.clone());
        let files = match read_dir_sorted(&entry) {
            Ok(f) => f,
            Err(e) => {
                problems.push(Problem { location: shown, message: format!("cannot read: {e}") });
                continue;
            }
        };
        let dir_index = dirs.len();
        dirs.push(OpenDir::new(&entry));
        for (f_name, f_is_dir) in files {
            let fname = f_name.to_string_lossy();
            // Displayed as the phase directory's label plus the name: no path parsing per file.
            let fshown = format!("{shown}/{fname}");
            if f_is_dir {
                slots.push(Slot::Problem(Problem {
                    location: fshown,
                    message: "phase directories may not nest".into(),
                }));
                continue;
            }
            if !fname.ends_with(".sql") {
                continue; // READMEs and notes may sit beside the scripts
            }
            match file::parse_name(&fname) {
                Ok(parsed) => slots.push(Slot::File(Pending {
                    key: format!("{name}/{fname}"),
                    dir: dir_index,
                    phase,
                    phase_dir: name.clone(),
                    name: f_name,
                    shown: fshown,
                    parsed,
                })),
                Err(why) => slots.push(Slot::Problem(Problem {
                    location: fshown,
                    message: format!("bad migration file name: {why}"),
                })),
            }
        }
    }

    // Reading is most of the work (thousands of small files in `status`): spread it over the
    // cores, then take the results in file order so problems are reported in that order.
    let pending: Vec<&Pending> =
        slots.iter().filter_map(|s| if let Slot::File(p) = s { Some(p) } else { None }).collect();
    let mut cache = ScriptCache::open(root, dir);
    let mut loaded = read_all(&dirs, &pending, &cache).into_iter();
    for slot in slots {
        let p = match slot {
            Slot::Problem(problem) => {
                problems.push(problem);
                continue;
            }
            Slot::File(p) => p,
        };
        let Some(result) = loaded.next() else { break };
        let l = match result {
            Ok(l) => l,
            Err(message) => {
                problems.push(Problem { location: p.shown, message });
                continue;
            }
        };
        if l.hit {
            cache.hit(&p.key);
        } else if let Some(stamp) = l.fresh {
            cache.insert(
                p.key.clone(),
                Cached { stamp, checksum: l.checksum.clone(), directives: l.directives, sql: l.sql.clone() },
            );
        }
        for (line, d) in l.unknown {
            problems.push(Problem {
                location: format!("{}:{line}", p.shown),
                message: format!("unknown directive `dbctl:{d}` (known: no-transaction, irreversible)"),
            });
        }
        // Rollbacks run like forwards; only the V header decides. Say so rather than ignore.
        if p.parsed.kind == Kind::Rollback && l.directives.irreversible {
            problems.push(Problem {
                location: p.shown.clone(),
                message: "`dbctl:irreversible` belongs in the V file's header, not the U file".into(),
            });
        }
        found.push(Found {
            phase: p.phase,
            phase_dir: p.phase_dir,
            kind: p.parsed.kind,
            version: p.parsed.version,
            description: p.parsed.description,
            script: Script { path: dirs[p.dir].path.join(&p.name), display: p.shown, sql: l.sql, checksum: l.checksum },
            directives: l.directives,
        });
    }

    cache.save();

    // Pair V and U files by version.
    let mut forwards: BTreeMap<i64, Found> = BTreeMap::new();
    let mut rollbacks: BTreeMap<i64, Found> = BTreeMap::new();
    for f in found {
        let map = if f.kind == Kind::Forward { &mut forwards } else { &mut rollbacks };
        if let Some(prev) = map.get(&f.version) {
            problems.push(Problem {
                location: f.script.display.clone(),
                message: format!("duplicate version {}: also {}", f.version, prev.script.display),
            });
            continue;
        }
        map.insert(f.version, f);
    }

    let mut migrations = Vec::new();
    for (version, v) in forwards {
        let u = rollbacks.remove(&version);
        if let Some(u) = &u {
            if u.description != v.description || u.phase != v.phase {
                problems.push(Problem {
                    location: u.script.display.clone(),
                    message: format!(
                        "rollback does not match its forward script {} (same phase directory and description expected)",
                        v.script.display
                    ),
                });
            }
            if v.directives.irreversible {
                problems.push(Problem {
                    location: u.script.display.clone(),
                    message: format!(
                        "{} is marked `dbctl:irreversible` but has this rollback: remove one of the two",
                        v.script.display
                    ),
                });
            }
        } else if !v.directives.irreversible {
            problems.push(Problem {
                location: v.script.display.clone(),
                message: format!(
                    "has no rollback: add U{version}__{}.sql beside it, or mark it `-- dbctl:irreversible` in its header",
                    v.description
                ),
            });
        }
        migrations.push(Migration {
            version,
            description: v.description,
            phase: v.phase,
            phase_dir: v.phase_dir,
            directives: v.directives,
            forward: v.script,
            rollback: u.map(|u| u.script),
        });
    }
    for (_, u) in rollbacks {
        problems.push(Problem {
            location: u.script.display.clone(),
            message: format!("rollback without a forward script V{}__{}.sql", u.version, u.description),
        });
    }

    // Versions must increase with phase order.
    let mut max_so_far: Option<(i64, String)> = None;
    let mut by_phase: BTreeMap<i32, Vec<&Migration>> = BTreeMap::new();
    for m in &migrations {
        by_phase.entry(m.phase).or_default().push(m);
    }
    for (_, ms) in by_phase {
        let min = ms.iter().map(|m| m.version).min();
        if let (Some(min), Some((max, at))) = (min, &max_so_far) {
            if min <= *max {
                let culprit =
                    ms.iter().find(|m| m.version == min).map(|m| m.forward.display.clone()).unwrap_or_default();
                problems.push(Problem {
                    location: culprit,
                    message: format!("version {min} is not above version {max} of an earlier phase ({at}); versions must increase with phase order"),
                });
            }
        }
        if let Some(m) = ms.iter().max_by_key(|m| m.version) {
            if max_so_far.as_ref().is_none_or(|(v, _)| m.version > *v) {
                max_so_far = Some((m.version, m.forward.display.clone()));
            }
        }
    }

    if problems.is_empty() {
        migrations.sort_by_key(|m| m.version);
        Ok(migrations)
    } else {
        Err(problems)
    }
}

/// A script whose name parsed, waiting to be read.
struct Pending {
    /// The path below the migrations directory: the script cache's key.
    key: String,
    dir: usize,
    phase: i32,
    phase_dir: String,
    name: OsString,
    shown: String,
    parsed: file::FileName,
}

enum Slot {
    Problem(Problem),
    File(Pending),
}

/// A script read, normalised and checksummed.
struct Loaded {
    sql: String,
    checksum: String,
    directives: Directives,
    unknown: Vec<(usize, String)>,
    /// Taken from the script cache.
    hit: bool,
    /// Read from disk, and worth caching under this stamp.
    fresh: Option<Stamp>,
}

/// Below this many files one thread is quicker than starting others.
const PARALLEL_READ_MIN: usize = 256;

/// Reads `pending` (in order), on up to 4 threads when there are many.
fn read_all(dirs: &[OpenDir], pending: &[&Pending], cache: &ScriptCache) -> Vec<Result<Loaded, String>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
    if threads < 2 || pending.len() < PARALLEL_READ_MIN {
        return read_chunk(dirs, pending, cache);
    }
    let size = pending.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let mut chunks = pending.chunks(size);
        let first = chunks.next().unwrap_or_default();
        let others: Vec<_> = chunks.map(|c| (c, scope.spawn(move || read_chunk(dirs, c, cache)))).collect();
        let mut out = read_chunk(dirs, first, cache);
        for (chunk, handle) in others {
            // A thread that panicked is re-read here rather than lost.
            out.extend(handle.join().unwrap_or_else(|_| read_chunk(dirs, chunk, cache)));
        }
        out
    })
}

fn read_chunk(dirs: &[OpenDir], pending: &[&Pending], cache: &ScriptCache) -> Vec<Result<Loaded, String>> {
    // One read buffer per thread: each script is then copied once, at its size.
    let mut buf = Vec::with_capacity(64 * 1024);
    pending
        .iter()
        .map(|p| {
            let dir = &dirs[p.dir];
            // The stamp is taken before reading: a write in between then shows as a new stamp.
            let stamp = if cache.enabled() { dir.stamp(&p.name) } else { None };
            if let Some(c) = stamp.and_then(|s| cache.get(&p.key, s)) {
                let (sql, checksum, directives) = (c.sql, c.checksum, c.directives);
                return Ok(Loaded { sql, checksum, directives, unknown: Vec::new(), hit: true, fresh: None });
            }
            dir.read(&p.name, &mut buf).map_err(|e| format!("cannot read: {e}"))?;
            let text = std::str::from_utf8(&buf).map_err(|_| "is not valid UTF-8".to_string())?;
            let sql = file::normalize_text(text);
            let (directives, unknown) = file::parse_directives(&sql);
            let checksum = file::checksum(&sql);
            let fresh = if unknown.is_empty() { stamp } else { None };
            Ok(Loaded { sql, checksum, directives, unknown, hit: false, fresh })
        })
        .collect()
}

/// Directory entries sorted by name, with whether each is a directory. The type comes from the
/// directory listing itself (no `stat` per entry): `status` reads thousands of files, and this
/// is on its hot path.
fn read_dir_sorted(dir: &Path) -> std::io::Result<Vec<(OsString, bool)>> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let ft = e.file_type()?;
        // A symlink is followed only when it is one (rare), to learn what it points at.
        let is_dir = if ft.is_symlink() { e.path().is_dir() } else { ft.is_dir() };
        v.push((e.file_name(), is_dir));
    }
    v.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(v)
}

/// A phase directory whose files are opened relative to it (`openat`), so the kernel walks one
/// path component per file rather than the whole absolute path again.
struct OpenDir {
    path: PathBuf,
    #[cfg(unix)]
    fd: Option<rustix::fd::OwnedFd>,
}

impl OpenDir {
    fn new(path: &Path) -> Self {
        #[cfg(unix)]
        {
            use rustix::fs::{Mode, OFlags};
            // If the directory cannot be opened this way, reading by full path still works.
            let fd = rustix::fs::open(path, OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC, Mode::empty()).ok();
            OpenDir { path: path.to_path_buf(), fd }
        }
        #[cfg(not(unix))]
        OpenDir { path: path.to_path_buf() }
    }

    /// Reads a whole file into `buf` (cleared first) without the extra `stat` that
    /// `std::fs::read` makes for its size hint.
    fn read(&self, name: &OsStr, buf: &mut Vec<u8>) -> std::io::Result<()> {
        use std::io::Read;
        buf.clear();
        // Through `take`, read_to_end skips File's size probe (a statx and an lseek per file).
        self.open(name)?.take(u64::MAX).read_to_end(buf)?;
        Ok(())
    }

    /// The file's identity for the script cache (None where it cannot be had).
    fn stamp(&self, name: &OsStr) -> Option<Stamp> {
        #[cfg(unix)]
        if let Some(fd) = &self.fd {
            let st = rustix::fs::statat(fd, name, rustix::fs::AtFlags::empty()).ok()?;
            let ns = |s: i64, n: i64| s as i128 * 1_000_000_000 + n as i128;
            return Some(Stamp {
                ino: st.st_ino as u64,
                size: st.st_size as u64,
                #[allow(clippy::unnecessary_cast)] // the field types differ between targets
                mtime_ns: ns(st.st_mtime as i64, st.st_mtime_nsec as i64),
                #[allow(clippy::unnecessary_cast)]
                ctime_ns: ns(st.st_ctime as i64, st.st_ctime_nsec as i64),
            });
        }
        let _ = name;
        None
    }

    fn open(&self, name: &OsStr) -> std::io::Result<std::fs::File> {
        #[cfg(unix)]
        if let Some(fd) = &self.fd {
            use rustix::fs::{Mode, OFlags};
            let f = rustix::fs::openat(fd, name, OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty())?;
            return Ok(std::fs::File::from(f));
        }
        std::fs::File::open(self.path.join(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for (p, body) in files {
            let path = d.path().join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, body).unwrap();
        }
        d
    }

    #[test]
    fn phase_dir_names() {
        assert_eq!(parse_phase_dir("phase1"), Some(1));
        assert_eq!(parse_phase_dir("phase12-core-tables"), Some(12));
        assert_eq!(parse_phase_dir("phase-1"), None);
        assert_eq!(parse_phase_dir("phasex"), None);
        assert_eq!(parse_phase_dir("phase2-"), None);
    }

    #[test]
    fn discovers_a_good_tree_in_version_order() {
        let d = tree(&[
            ("phase2-extra/V201__b.sql", "select 2;"),
            ("phase2-extra/U201__b.sql", "select 2;"),
            ("phase1-core/V101__a.sql", "-- dbctl:no-transaction\nselect 1;"),
            ("phase1-core/U101__a.sql", "select 1;"),
            ("phase1-core/V102__c.sql", "-- dbctl:irreversible\nselect 1;"),
            ("phase1-core/README.md", "notes"),
        ]);
        let ms = discover(d.path(), d.path()).unwrap();
        assert_eq!(ms.iter().map(|m| m.version).collect::<Vec<_>>(), [101, 102, 201]);
        assert!(ms[0].directives.no_transaction);
        assert!(ms[1].rollback.is_none() && ms[1].directives.irreversible);
        assert_eq!(ms[2].phase, 2);
    }

    #[test]
    fn reports_every_problem_at_once() {
        let d = tree(&[
            ("phase1/V1__a.sql", "select 1;"),
            ("phase1/V5__no_rollback.sql", "select 1;"),
            ("phase1/U9__orphan.sql", "select 1;"),
            ("phase1/V1x__bad.sql", "select 1;"),
            ("phase2/V3__low.sql", "select 1;"),
            ("phase2/U3__low.sql", "select 1;"),
            ("phase2/V1__dup.sql", "select 1;"),
            ("phase2/U1__dup.sql", "select 1;"),
            ("phase1/U1__a.sql", "select 1;"),
            ("misc/x.sql", ""),
            ("phase3/V10__typo.sql", "-- dbctl:no-transation\nselect 1;"),
            ("phase3/U10__typo.sql", "select 1;"),
        ]);
        let problems = discover(d.path(), d.path()).unwrap_err();
        let all = problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n");
        for needle in [
            "V5__no_rollback.sql: has no rollback",
            "U9__orphan.sql: rollback without a forward",
            "V1x__bad.sql: bad migration file name",
            "duplicate version 1",
            "version 3 is not above version 5",
            "misc: directory name must be",
            "V10__typo.sql:1: unknown directive",
        ] {
            assert!(all.contains(needle), "missing {needle:?} in:\n{all}");
        }
    }
}
