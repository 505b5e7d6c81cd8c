//! A cache of the migration scripts already read, keyed by each file's identity on disk (inode,
//! size, mtime and ctime), so `status`, `up` and `down` over a long history cost a `stat` per
//! script instead of an open, two reads and a close.
//!
//! Like git's index it trusts an entry only while the file's stamp is unchanged: any write to a
//! file moves its ctime, which no tool can set back. A file written less than two seconds before
//! the cache is saved is left out of it, so a second edit within the same clock tick (and of the
//! same size) can never hide behind a stale entry. Only scripts that read without a problem are
//! cached; a bad one is read, and reported, every time. `DBCTL_NO_CACHE=1` turns it off.

use super::file::Directives;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The file's first bytes; the digit is bumped whenever what is cached (normalisation,
/// checksum, directives, layout) changes meaning.
const MAGIC: &[u8; 8] = b"DBCTLSC1";
/// Files changed this recently are not cached (see the module comment).
const SETTLE: Duration = Duration::from_secs(2);

/// What identifies one version of a file on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub ino: u64,
    pub size: u64,
    pub mtime_ns: i128,
    pub ctime_ns: i128,
}

impl Stamp {
    /// True when the file last changed at least [`SETTLE`] before `now`.
    fn settled(&self, now: SystemTime) -> bool {
        let Ok(now) = now.duration_since(UNIX_EPOCH) else { return false };
        let limit = now.as_nanos() as i128 - SETTLE.as_nanos() as i128;
        self.mtime_ns < limit && self.ctime_ns < limit
    }
}

/// A script as read: normalised text, checksum (hex) and header directives.
#[derive(Debug, Clone)]
pub struct Cached {
    pub stamp: Stamp,
    pub checksum: String,
    pub directives: Directives,
    pub sql: String,
}

/// An entry of the loaded file: its text stays in the file's bytes until it is used.
struct Slot {
    stamp: Stamp,
    checksum: [u8; 32],
    directives: Directives,
    sql: std::ops::Range<usize>,
}

/// The cache of one migrations directory.
pub struct ScriptCache {
    path: Option<PathBuf>,
    bytes: Vec<u8>,
    old: HashMap<String, Slot>,
    /// Keys of `old` this run found still valid.
    hits: HashSet<String>,
    /// Scripts this run read from disk.
    new: HashMap<String, Cached>,
}

impl ScriptCache {
    /// The cache of `dir`, kept under `root/.dbctl/cache`; empty when there is none yet, it is
    /// unreadable or of another format, or caching is off.
    pub fn open(root: &Path, dir: &Path) -> ScriptCache {
        let off = crate::settings::caching_off();
        let mut cache = ScriptCache {
            path: None,
            bytes: Vec::new(),
            old: HashMap::new(),
            hits: HashSet::new(),
            new: HashMap::new(),
        };
        if off {
            return cache;
        }
        let key = Sha256::digest(dir.to_string_lossy().as_bytes());
        let name = format!("scripts-{}.bin", key.iter().take(8).map(|b| format!("{b:02x}")).collect::<String>());
        let path = root.join(".dbctl").join("cache").join(name);
        if let Ok(bytes) = std::fs::read(&path) {
            cache.old = decode(&bytes).unwrap_or_default();
            cache.bytes = bytes;
        }
        cache.path = Some(path);
        cache
    }

    /// False when caching is off: then there is no point in taking stamps.
    pub fn enabled(&self) -> bool {
        self.path.is_some()
    }

    /// The cached script at `key` if the file still has `stamp`.
    pub fn get(&self, key: &str, stamp: Stamp) -> Option<Cached> {
        let slot = self.old.get(key).filter(|s| s.stamp == stamp)?;
        let sql = std::str::from_utf8(self.bytes.get(slot.sql.clone())?).ok()?;
        Some(Cached { stamp, checksum: hex(&slot.checksum), directives: slot.directives, sql: sql.to_string() })
    }

    /// Notes that the entry at `key` was used (it stays in the cache).
    pub fn hit(&mut self, key: &str) {
        self.hits.insert(key.to_string());
    }

    /// Records a script this run read from disk (if it has settled).
    pub fn insert(&mut self, key: String, entry: Cached) {
        if entry.stamp.settled(SystemTime::now()) {
            self.new.insert(key, entry);
        }
    }

    /// Writes the cache if this run read scripts worth keeping or some entries went stale.
    /// Failing to write it only makes the next run slower.
    pub fn save(mut self) {
        let Some(path) = self.path.take() else { return };
        if self.new.is_empty() && self.hits.len() == self.old.len() {
            return;
        }
        // (key, stamp, checksum, directives, text) of each entry to write
        type Row<'a> = (&'a str, Stamp, [u8; 32], Directives, &'a [u8]);
        let mut entries: Vec<Row> = Vec::new();
        for (k, slot) in &self.old {
            if self.hits.contains(k) && !self.new.contains_key(k) {
                if let Some(sql) = self.bytes.get(slot.sql.clone()) {
                    entries.push((k, slot.stamp, slot.checksum, slot.directives, sql));
                }
            }
        }
        for (k, c) in &self.new {
            if let Some(sum) = unhex(&c.checksum) {
                entries.push((k, c.stamp, sum, c.directives, c.sql.as_bytes()));
            }
        }
        entries.sort_by(|a, b| a.0.cmp(b.0));
        let mut out = Vec::with_capacity(self.bytes.len().max(4096));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        for (key, stamp, sum, d, sql) in entries {
            out.extend_from_slice(&(key.len() as u32).to_le_bytes());
            out.extend_from_slice(key.as_bytes());
            out.extend_from_slice(&stamp.ino.to_le_bytes());
            out.extend_from_slice(&stamp.size.to_le_bytes());
            out.extend_from_slice(&stamp.mtime_ns.to_le_bytes());
            out.extend_from_slice(&stamp.ctime_ns.to_le_bytes());
            out.extend_from_slice(&sum);
            out.push(u8::from(d.no_transaction) | (u8::from(d.irreversible) << 1));
            out.extend_from_slice(&(sql.len() as u32).to_le_bytes());
            out.extend_from_slice(sql);
        }
        if let Some(dir) = path.parent() {
            if std::fs::create_dir_all(dir).is_err() {
                return;
            }
        }
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        if std::fs::write(&tmp, out).is_ok() && std::fs::rename(&tmp, &path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

/// Reads the layout [`ScriptCache::save`] writes: a small fixed binary layout, because the
/// point of the cache is to cost less than reading the scripts (a JSON file of their texts took
/// as long to parse as the reads it saved). None on any inconsistency: the cache is then ignored.
fn decode(b: &[u8]) -> Option<HashMap<String, Slot>> {
    struct Cursor<'a> {
        b: &'a [u8],
        at: usize,
    }
    impl<'a> Cursor<'a> {
        fn take(&mut self, n: usize) -> Option<&'a [u8]> {
            let s = self.b.get(self.at..self.at.checked_add(n)?)?;
            self.at += n;
            Some(s)
        }
        fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
            self.take(N)?.try_into().ok()
        }
        fn u32(&mut self) -> Option<usize> {
            Some(u32::from_le_bytes(self.array()?) as usize)
        }
    }
    let mut c = Cursor { b, at: 0 };
    if c.take(MAGIC.len())? != MAGIC {
        return None;
    }
    let n = c.u32()?;
    let mut map = HashMap::with_capacity(n.min(1 << 20));
    for _ in 0..n {
        let len = c.u32()?;
        let key = std::str::from_utf8(c.take(len)?).ok()?.to_string();
        let stamp = Stamp {
            ino: u64::from_le_bytes(c.array()?),
            size: u64::from_le_bytes(c.array()?),
            mtime_ns: i128::from_le_bytes(c.array()?),
            ctime_ns: i128::from_le_bytes(c.array()?),
        };
        let checksum = c.array::<32>()?;
        let flags = c.array::<1>()?[0];
        let directives = Directives { no_transaction: flags & 1 != 0, irreversible: flags & 2 != 0 };
        let len = c.u32()?;
        let start = c.at;
        c.take(len)?;
        map.insert(key, Slot { stamp, checksum, directives, sql: start..start + len });
    }
    (c.at == b.len()).then_some(map)
}

fn hex(b: &[u8; 32]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(64);
    for x in b {
        s.push(HEX[(x >> 4) as usize] as char);
        s.push(HEX[(x & 15) as usize] as char);
    }
    s
}

fn unhex(s: &str) -> Option<[u8; 32]> {
    let b = s.as_bytes();
    if b.len() != 64 {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        *o = (digit(b[2 * i])? << 4) | digit(b[2 * i + 1])?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(age: Duration) -> Stamp {
        let t = (SystemTime::now() - age).duration_since(UNIX_EPOCH).unwrap().as_nanos() as i128;
        Stamp { ino: 7, size: 10, mtime_ns: t, ctime_ns: t }
    }

    fn entry(s: Stamp) -> Cached {
        Cached {
            stamp: s,
            checksum: "ab".repeat(32),
            directives: Directives { no_transaction: true, irreversible: false },
            sql: "select 'é';\n".into(),
        }
    }

    #[test]
    fn an_entry_is_used_only_while_the_stamp_is_unchanged() {
        let root = tempfile::tempdir().unwrap();
        let old = stamp(Duration::from_secs(60));
        let mut c = ScriptCache::open(root.path(), Path::new("/m"));
        assert!(c.get("phase1/V1__a.sql", old).is_none());
        c.insert("phase1/V1__a.sql".into(), entry(old));
        c.insert("phase1/V2__b.sql".into(), entry(old));
        c.save();
        let mut c = ScriptCache::open(root.path(), Path::new("/m"));
        let got = c.get("phase1/V1__a.sql", old).unwrap();
        assert_eq!((got.sql.as_str(), got.checksum.as_str()), ("select 'é';\n", "ab".repeat(32).as_str()));
        assert!(got.directives.no_transaction && !got.directives.irreversible);
        assert!(c.get("phase1/V1__a.sql", Stamp { ctime_ns: old.ctime_ns + 1, ..old }).is_none());
        assert!(c.get("phase1/V1__a.sql", Stamp { size: 11, ..old }).is_none());
        assert!(ScriptCache::open(root.path(), Path::new("/other")).get("phase1/V1__a.sql", old).is_none());
        // An entry not used by a run (its file is gone) is dropped when the cache is saved.
        c.hit("phase1/V1__a.sql");
        c.save();
        let c = ScriptCache::open(root.path(), Path::new("/m"));
        assert!(c.get("phase1/V1__a.sql", old).is_some());
        assert!(c.get("phase1/V2__b.sql", old).is_none());
    }

    #[test]
    fn a_damaged_file_is_ignored() {
        let root = tempfile::tempdir().unwrap();
        let old = stamp(Duration::from_secs(60));
        let mut c = ScriptCache::open(root.path(), Path::new("/m"));
        c.insert("k".into(), entry(old));
        c.save();
        let file = std::fs::read_dir(root.path().join(".dbctl/cache")).unwrap().next().unwrap().unwrap().path();
        let bytes = std::fs::read(&file).unwrap();
        for cut in [0, 8, 12, bytes.len() - 1] {
            assert!(decode(&bytes[..cut]).is_none(), "truncated at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_none());
        assert!(decode(&bytes).is_some());
    }

    #[test]
    fn files_changed_just_now_are_not_cached() {
        let root = tempfile::tempdir().unwrap();
        let fresh = stamp(Duration::from_millis(100));
        let mut c = ScriptCache::open(root.path(), Path::new("/m"));
        c.insert("phase1/V1__a.sql".into(), entry(fresh));
        c.save();
        assert!(ScriptCache::open(root.path(), Path::new("/m")).get("phase1/V1__a.sql", fresh).is_none());
    }
}
