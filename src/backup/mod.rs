//! Backups: `<backup_dir>/<project>/<ID>/` with `manifest.json`, IDs that are UTC timestamps
//! (`YYYYMMDDTHHMMSSZ`), and checksums taken by streaming every file through sha256 in chunks
//! (bounded memory, whatever the dump's size).
//!
//! A backup is written into `.<ID>.partial/` and renamed into place only when its manifest is
//! complete, so `list`, `verify` and `latest` never see half a backup. Directories are 0700 and
//! files 0600: a dump holds all of a platform's data.

pub mod guard;
pub mod manifest;
pub mod mongo;
pub mod postgres;
pub mod redis;
pub mod restore;

use crate::error::{io_error, Error, Result};
use manifest::{FileEntry, Manifest};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// `YYYYMMDDTHHMMSSZ` for a time in seconds since the epoch (UTC).
pub fn id_for(secs: u64) -> String {
    let (y, mo, d, h, mi, s) = civil(secs);
    format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
}

/// RFC 3339 for the same instant.
pub fn rfc3339(secs: u64) -> String {
    let (y, mo, d, h, mi, s) = civil(secs);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

pub fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// Days-from-civil inverse (Howard Hinnant's algorithm): seconds → UTC calendar fields.
fn civil(secs: u64) -> (i64, u32, u32, u32, u32, u32) {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d, (rem / 3600) as u32, ((rem % 3600) / 60) as u32, (rem % 60) as u32)
}

/// Is `s` a backup ID?
pub fn is_id(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 16
        && b[8] == b'T'
        && b[15] == b'Z'
        && b[..8].iter().all(u8::is_ascii_digit)
        && b[9..15].iter().all(u8::is_ascii_digit)
}

/// The backups of a project (IDs, oldest first).
pub fn list_ids(project_dir: &Path) -> Result<Vec<String>> {
    let rd = match std::fs::read_dir(project_dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error("cannot list backups in", project_dir, e)),
    };
    let mut ids: Vec<String> = rd
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().map(String::from))
        .filter(|n| is_id(n))
        .collect();
    ids.sort();
    Ok(ids)
}

/// Resolves `latest` or an ID to a backup directory.
pub fn resolve(project_dir: &Path, project: &str, id: &str) -> Result<(String, PathBuf)> {
    let ids = list_ids(project_dir)?;
    let id = if id == "latest" {
        ids.last().cloned().ok_or_else(|| {
            Error::input(format!("project {project} has no backups in {}", project_dir.display()))
                .with_hint(format!("take one with: dbctl backup create -p {project}"))
        })?
    } else {
        if !is_id(id) {
            return Err(Error::input(format!("{id:?} is not a backup ID (YYYYMMDDTHHMMSSZ, or latest)")));
        }
        if !ids.iter().any(|i| i == id) {
            return Err(Error::input(format!("no backup {id} for project {project} in {}", project_dir.display()))
                .with_hint(format!("see the list: dbctl backup list -p {project}")));
        }
        id.to_string()
    };
    let dir = project_dir.join(&id);
    Ok((id, dir))
}

/// Creates a directory (and parents) readable by the owner only.
pub fn private_dir(p: &Path) -> Result<()> {
    std::fs::create_dir_all(p).map_err(|e| io_error("cannot create", p, e))?;
    set_mode(p, 0o700)
}

pub fn set_mode(p: &Path, mode: u32) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).map_err(|e| io_error("cannot chmod", p, e))
}

/// Creates a new file readable by the owner only (0600 from the start, never wider).
pub fn create_private(path: &Path) -> Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| io_error("cannot create", path, e))
}

/// A file name for an arbitrary name (a collection's): `[A-Za-z0-9._-]` kept, other bytes `%XX`,
/// and never `.`/`..`-only.
pub fn file_stem(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || (b == b'.' && !out.is_empty()) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Every regular file under `dir` (relative `/`-separated paths, sorted); directories get 0700
/// and files 0600 on the way.
pub fn files_under(dir: &Path, restrict: bool) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        if restrict {
            set_mode(&d, 0o700)?;
        }
        for e in std::fs::read_dir(&d).map_err(|e| io_error("cannot read directory", &d, e))? {
            let e = e.map_err(|e| io_error("cannot read directory", &d, e))?;
            let p = e.path();
            let ft = e.file_type().map_err(|e| io_error("cannot stat", &p, e))?;
            if ft.is_dir() {
                stack.push(p);
            } else if ft.is_file() {
                if restrict {
                    set_mode(&p, 0o600)?;
                }
                let rel = p.strip_prefix(dir).unwrap_or(&p);
                out.push(rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// sha256 and size of a file, read in 1 MiB chunks.
pub fn hash_file(path: &Path) -> std::io::Result<(u64, String)> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        size += n as u64;
    }
    Ok((size, hex(&h.finalize())))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One file's hashing result, filled by whichever worker took it.
type Slot = std::sync::Mutex<Option<std::io::Result<(u64, String)>>>;

/// Hashes files on `threads` threads (bounded memory: one buffer per thread).
pub async fn hash_files(dir: &Path, rel: Vec<String>, threads: usize) -> Result<Vec<FileEntry>> {
    let dir = dir.to_path_buf();
    let threads = threads.clamp(1, 8);
    tokio::task::spawn_blocking(move || {
        let next = std::sync::atomic::AtomicUsize::new(0);
        let results: Vec<Slot> = rel.iter().map(|_| std::sync::Mutex::new(None)).collect();
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(|| loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if i >= rel.len() {
                        break;
                    }
                    let r = hash_file(&dir.join(&rel[i]));
                    if let Ok(mut slot) = results[i].lock() {
                        *slot = Some(r);
                    }
                });
            }
        });
        let mut out = Vec::with_capacity(rel.len());
        for (path, slot) in rel.into_iter().zip(results) {
            let r = slot.into_inner().ok().flatten();
            match r {
                Some(Ok((size, sha256))) => out.push(FileEntry { path, size, sha256 }),
                Some(Err(e)) => return Err(io_error("cannot read", &dir.join(&path), e)),
                None => return Err(Error::runtime(format!("hashing {path} did not finish"))),
            }
        }
        Ok(out)
    })
    .await
    .map_err(|e| Error::runtime(format!("checksum worker failed: {e}")))?
}

/// One problem `verify` found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub file: String,
    /// `missing`, `truncated`, `size`, `altered`, `unexpected`.
    pub kind: &'static str,
    pub detail: String,
}

/// Recomputes every checksum of the backup in `dir` against its manifest.
pub async fn verify(dir: &Path, m: &Manifest, threads: usize) -> Result<Vec<Problem>> {
    let mut problems = Vec::new();
    let mut present = Vec::new();
    for f in &m.files {
        let p = dir.join(&f.path);
        match std::fs::metadata(&p) {
            Ok(md) if md.is_file() => present.push(f.clone()),
            _ => problems.push(Problem { file: f.path.clone(), kind: "missing", detail: "file is gone".into() }),
        }
    }
    let hashed = hash_files(dir, present.iter().map(|f| f.path.clone()).collect(), threads).await?;
    for (want, got) in present.iter().zip(hashed) {
        if got.size < want.size {
            problems.push(Problem {
                file: want.path.clone(),
                kind: "truncated",
                detail: format!("{} bytes, manifest says {}", got.size, want.size),
            });
        } else if got.size != want.size {
            problems.push(Problem {
                file: want.path.clone(),
                kind: "size",
                detail: format!("{} bytes, manifest says {}", got.size, want.size),
            });
        } else if got.sha256 != want.sha256 {
            problems.push(Problem {
                file: want.path.clone(),
                kind: "altered",
                detail: format!(
                    "sha256 {}, manifest says {}",
                    &got.sha256[..12],
                    &want.sha256[..12.min(want.sha256.len())]
                ),
            });
        }
    }
    for f in files_under(dir, false)? {
        if f != manifest::FILE && !m.files.iter().any(|e| e.path == f) {
            problems.push(Problem { file: f, kind: "unexpected", detail: "not in the manifest".into() });
        }
    }
    problems.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(problems)
}

/// IDs to delete so that the newest `keep` remain.
pub fn prune_plan(ids: &[String], keep: usize) -> Vec<String> {
    let mut sorted = ids.to_vec();
    sorted.sort();
    let n = sorted.len().saturating_sub(keep);
    sorted.into_iter().take(n).collect()
}

/// Human-readable size.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_utc_timestamps() {
        assert_eq!(id_for(0), "19700101T000000Z");
        assert_eq!(id_for(951_782_400), "20000229T000000Z"); // leap day
        assert_eq!(id_for(1_704_164_645), "20240102T030405Z");
        assert_eq!(rfc3339(1_704_164_645), "2024-01-02T03:04:05Z");
        assert!(is_id("20240102T030405Z"));
        assert!(!is_id("20240102T030405"));
        assert!(!is_id("2024010xT030405Z"));
    }

    #[test]
    fn file_stems_are_safe() {
        assert_eq!(file_stem("orders"), "orders");
        assert_eq!(file_stem("a.b-c_d"), "a.b-c_d");
        assert_eq!(file_stem("../x y/"), "%2E.%2Fx%20y%2F");
        assert!(manifest::safe_relative(&format!("mongo/{}.jsonl", file_stem(".."))));
    }

    #[test]
    fn prune_keeps_the_newest() {
        let ids: Vec<String> = ["20240103T000000Z", "20240101T000000Z", "20240102T000000Z"].map(String::from).into();
        assert_eq!(prune_plan(&ids, 1), ["20240101T000000Z", "20240102T000000Z"]);
        assert!(prune_plan(&ids, 5).is_empty());
    }

    #[test]
    fn hashes_in_chunks() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, vec![b'a'; (1 << 20) + 7]).unwrap();
        let (size, sha) = hash_file(&p).unwrap();
        assert_eq!(size, (1 << 20) + 7);
        let expect = hex(&Sha256::digest(vec![b'a'; (1 << 20) + 7]));
        assert_eq!(sha, expect);
        std::fs::write(dir.path().join("g"), b"abc").unwrap();
        let out = block(hash_files(dir.path(), vec!["f".into(), "g".into()], 2)).unwrap();
        assert_eq!(out[1].sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(human_bytes(1536), "1.5 KiB");
    }

    fn block<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f)
    }
}
